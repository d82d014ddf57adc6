import { describe, expect, it } from 'vitest';
import { isSageStreamError, type SageStreamError } from '../errors.js';
import { createTokenParser, type TokenParserOptions } from './create-token-parser.js';
import type { TokenPart } from './token-part.js';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

function parse(output: string | Uint8Array[], options: Omit<TokenParserOptions, 'onPart'> = {}) {
  const parts: TokenPart[] = [];
  const parser = createTokenParser({ ...options, onPart: (part) => parts.push(part) });
  let error: SageStreamError | undefined;
  try {
    for (const chunk of typeof output === 'string' ? [encode(output)] : output) parser.feed(chunk);
    parser.end();
  } catch (caught) {
    if (!isSageStreamError(caught)) throw caught;
    error = caught;
  }
  return { parts, error, parser };
}

const texts = (parts: TokenPart[]): string => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

describe('token parser', () => {
  const tgiWithEos =
    'data:{"index":1,"token":{"id":1,"text":"Hi","logprob":-0.1,"special":false},"generated_text":null,"details":null}\n\n' +
    'data:{"index":2,"token":{"id":2,"text":"</s>","logprob":-0.1,"special":true},"generated_text":"Hi","details":null}\n\n';

  it('never yields special tokens as text by default, and counts them', () => {
    const { parts, parser } = parse(tgiWithEos, { contentType: 'text/event-stream' });
    expect(texts(parts)).toBe('Hi');
    expect(parser.stats.specialTokensSkipped).toBe(1);
  });

  it('yields special tokens flagged special when asked to', () => {
    const { parts } = parse(tgiWithEos, { contentType: 'text/event-stream', includeSpecialTokens: true });
    expect(parts[1]).toEqual({ type: 'text-delta', text: '</s>', tokenId: 2, logprob: -0.1, special: true });
  });

  it('drops known special texts in LMI legacy output (which has no flag) but keeps them inside words', () => {
    const { parts } = parse('{"outputs": ["<|eot_id|>"]}\n{"outputs": [" a </s> tag"]}\n', { contentType: 'application/jsonlines' });
    expect(texts(parts)).toBe(' a </s> tag');
  });

  it('reports invalid JSON with the byte offset of the line and what was expected', () => {
    const { parts, error } = parse('{"outputs": ["ok"]}\n{"outputs": [" broken"\n', { contentType: 'application/jsonlines' });
    expect(texts(parts)).toBe('ok');
    expect(error?.code).toBe('invalid-json');
    expect(error?.byteOffset).toBe(20);
    expect(error?.message).toMatch(/at byte 20: expected one JSON object per line, got "\{\\"outputs\\": \[\\" broken\\""/);
  });

  it('rejects a record of another format when the format is given', () => {
    const { error } = parse('{"outputs": ["x"]}\n', { format: 'tgi', contentType: 'application/jsonlines' });
    expect(error?.code).toBe('unexpected-payload');
    expect(error?.message).toContain('expected a TGI generate_stream event');
  });

  it('rejects an unknown record shape in auto mode, naming the shapes it knows', () => {
    const { error } = parse('{"hello": "world"}\n');
    expect(error?.code).toBe('unexpected-payload');
    expect(error?.message).toContain('{"outputs": ["…"]}');
  });

  it('reads SSE even when the container labels it application/json', () => {
    const { parts, parser } = parse(tgiWithEos, { contentType: 'application/json' });
    expect(parser.framing).toBe('sse');
    expect(texts(parts)).toBe('Hi');
  });

  it('passes text/plain output through as raw text, UTF-8 split or not', () => {
    const bytes = encode('Grüße 🎉');
    const { parts, parser } = parse([bytes.subarray(0, 4), bytes.subarray(4, 9), bytes.subarray(9)], { contentType: 'text/plain' });
    expect(parser.format).toBe('raw');
    expect(texts(parts)).toBe('Grüße 🎉');
    expect(parts.at(-1)).toEqual({ type: 'message-end' });
  });

  it('ends with exactly one message-end even for an empty stream', () => {
    expect(parse('').parts).toEqual([{ type: 'message-end' }]);
  });

  it('ignores what follows [DONE] or an error', () => {
    const { parts } = parse('data:{"error":"boom","error_type":"overloaded"}\n\ndata:{"token":{"id":1,"text":"late","logprob":0,"special":false}}\n\n');
    expect(parts).toEqual([{ type: 'stream-error', source: 'container', code: 'overloaded', message: 'boom' }]);
  });

  it('recognises vLLM OpenAI error objects', () => {
    const { parts } = parse('{"object":"error","message":"max_tokens is too large","type":"BadRequestError","code":400}\n');
    expect(parts).toEqual([{ type: 'stream-error', source: 'container', code: 'BadRequestError', status: 400, message: 'max_tokens is too large' }]);
  });

  it('bounds line length (default 1 MiB, configurable)', () => {
    const { error } = parse(`{"outputs": ["${'x'.repeat(2000)}"]}\n`, { maxLineBytes: 1024 });
    expect(error?.code).toBe('line-too-long');
  });
  describe('a whole reply on the streaming operation (the request lacked "stream": true)', () => {
    it('reads TGI\'s [{"generated_text"}] and LMI\'s {"generated_text"} as one delta, not an error', () => {
      for (const body of ['[{"generated_text":"Hello there"}]', '[{"generated_text":"Hello there"},{"generated_text":"other input"}]', '{"generated_text": "Hello there"}\n']) {
        const { parts, error, parser } = parse(body, { contentType: 'application/json' });
        expect(error, body).toBeUndefined();
        expect(parts, body).toEqual([
          { type: 'text-delta', text: 'Hello there' },
          { type: 'message-end', generatedText: 'Hello there' },
        ]);
        expect(parser.format, body).toBe(body.startsWith('[') ? 'tgi' : 'lmi');
      }
      const withDetails = parse('{"generated_text":"Hi","details":{"finish_reason":"length","generated_tokens":1}}', { contentType: 'application/json' });
      expect(withDetails.parts.at(-1)).toMatchObject({ type: 'message-end', finishReason: 'length', usage: { completionTokens: 1 } });
      // A whole reply that failed is a container error, as it is in a stream.
      const failed = parse('{"generated_text":"","details":{"finish_reason":"error"}}', { contentType: 'application/json' });
      expect(failed.parts).toEqual([{ type: 'stream-error', source: 'container', code: 'generation', message: 'The model server reported finish_reason "error" (see the endpoint logs in CloudWatch).' }]);
    });

    it('reads a whole chat.completion: its message text, reasoning and tool calls are not lost', () => {
      const completion = {
        id: 'x',
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Checking.',
              reasoning_content: 'The user wants the weather.',
              tool_calls: [
                { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
                { id: 'c2', type: 'function', function: { name: 'time', arguments: '{}' } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
      };
      const { parts, error } = parse(JSON.stringify(completion), { contentType: 'application/json' });
      expect(error).toBeUndefined();
      expect(parts.filter((part) => part.type !== 'tool-call-delta')).toEqual([
        { type: 'reasoning-delta', text: 'The user wants the weather.' },
        { type: 'text-delta', text: 'Checking.' },
        { type: 'tool-call', index: 0, id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', index: 1, id: 'c2', name: 'time', arguments: '{}' },
        {
          type: 'message-end',
          usage: { promptTokens: 3, completionTokens: 5, totalTokens: 8 },
          rawFinishReason: 'tool_calls',
          finishReason: 'tool-calls',
          toolCalls: [
            { index: 0, id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
            { index: 1, id: 'c2', name: 'time', arguments: '{}' },
          ],
        },
      ]);
    });

    it('still refuses an array that is not a whole reply', () => {
      expect(parse('[{"text":"x"}]', { contentType: 'application/json' }).error?.code).toBe('unexpected-payload');
      expect(parse('[]', { contentType: 'application/json' }).error?.code).toBe('unexpected-payload');
    });
  });
});

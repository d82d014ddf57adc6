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
});

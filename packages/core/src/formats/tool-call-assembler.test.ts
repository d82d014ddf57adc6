import { describe, expect, it } from 'vitest';
import { isSageStreamError } from '../errors.js';
import { createTokenParser } from './create-token-parser.js';
import type { TokenPart } from './token-part.js';
import { createToolCallAssembler } from './tool-call-assembler.js';

const fragment = (index: number, argumentsDelta: string, extra: { id?: string; name?: string } = {}) => ({ type: 'tool-call-delta' as const, index, argumentsDelta, ...extra });

describe('tool-call assembler', () => {
  it('concatenates interleaved fragments per index and completes them in index order', () => {
    const assembler = createToolCallAssembler();
    assembler.push(fragment(1, '{"b":', { id: 'call_b', name: 'second' }));
    assembler.push(fragment(0, '{"a":', { id: 'call_a', name: 'first' }));
    assembler.push(fragment(1, '2}', { id: '' }));
    assembler.push(fragment(0, '1}'));
    expect(assembler.complete()).toEqual([
      { index: 0, id: 'call_a', name: 'first', arguments: '{"a":1}' },
      { index: 1, id: 'call_b', name: 'second', arguments: '{"b":2}' },
    ]);
    expect(assembler.complete()).toEqual([]);
    expect(assembler.completed).toHaveLength(2);
  });

  it('fails with tool-call-too-large past the argument and call limits', () => {
    const small = createToolCallAssembler({ maxArgumentsChars: 4 });
    small.push(fragment(0, '{"a"'));
    expect(() => small.push(fragment(0, ':1}'))).toThrow(expect.objectContaining({ code: 'tool-call-too-large' }));
    const few = createToolCallAssembler({ maxCalls: 1 });
    few.push(fragment(0, '{}'));
    expect(() => few.push(fragment(1, '{}'))).toThrow(/more than 1 tool calls/);
  });

  it('the token parser applies maxToolCallChars to a streamed call', () => {
    const parts: TokenPart[] = [];
    const parser = createTokenParser({ maxToolCallChars: 8, onPart: (part) => parts.push(part) });
    const chunk = (args: string): string =>
      `data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(args)}}}]},"finish_reason":null}]}\n\n`;
    parser.feed(new TextEncoder().encode(chunk('{"city":')));
    let error: unknown;
    try {
      parser.feed(new TextEncoder().encode(chunk('"Paris"}')));
    } catch (caught) {
      error = caught;
    }
    expect(isSageStreamError(error) && error.code).toBe('tool-call-too-large');
  });

  it('completes calls still open at the end of a stream that had no finish_reason', () => {
    const parts: TokenPart[] = [];
    const parser = createTokenParser({ onPart: (part) => parts.push(part) });
    parser.feed(new TextEncoder().encode('{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]}\n'));
    parser.end();
    expect(parts.slice(1)).toEqual([
      { type: 'tool-call', index: 0, id: 'c1', name: 'f', arguments: '{}' },
      { type: 'message-end', toolCalls: [{ index: 0, id: 'c1', name: 'f', arguments: '{}' }] },
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineDecoder, createSseDecoder, type SseEvent } from '../../src/index.js';
import { FUZZ_TIMEOUT, checkProperty, chunk, chunkSizes, drive, expectActionable, mutations, mutate } from './fuzz-harness.js';

const encoder = new TextEncoder();
/** Text of one line: any characters but line terminators (lone surrogates excluded: not encodable). */
const lineText = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).map((text) => text.replace(/[\r\n]/g, ' '));

type Line = { text: string; offset: number };

const decodeLines = (chunks: Uint8Array[], maxLineBytes?: number) =>
  drive<Line>(chunks, (emit) => createLineDecoder({ ...(maxLineBytes ? { maxLineBytes } : {}), onLine: (text, offset) => emit({ text, offset }) }));

describe('fuzz: JSON Lines framing', () => {
  it('random lines (\\n or \\r\\n, blank ones, a final line without terminator) come out exactly, with offsets', () => {
    const lines = fc.array(fc.record({ text: lineText(80), crlf: fc.boolean() }), { maxLength: 20 });
    checkProperty('lines valid', 150, [lines, fc.boolean(), chunkSizes], (input, unterminated, sizes) => {
      let output = '';
      const expected: Line[] = [];
      input.forEach((line, i) => {
        const offset = encoder.encode(output).length;
        if (line.text !== '') expected.push({ text: line.text, offset });
        output += line.text + (unterminated && i === input.length - 1 ? '' : line.crlf ? '\r\n' : '\n');
      });
      const outcome = decodeLines(chunk(encoder.encode(output), sizes));
      expect(outcome.error).toBeUndefined();
      expect(outcome.items).toEqual(expected);
    });
  }, FUZZ_TIMEOUT);

  it('random and corrupted bytes (invalid UTF-8, long lines) give lines or one typed error, the same however split', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.tuple(fc.array(lineText(60), { maxLength: 10 }), mutations).map(([lines, changes]) => mutate(encoder.encode(lines.join('\n')), changes)));
    checkProperty('lines corrupted', 300, [bytes, fc.integer({ min: 1, max: 200 }), chunkSizes], (input, maxLineBytes, sizes) => {
      const whole = decodeLines([input], maxLineBytes);
      expectActionable(whole.thrown);
      if (whole.error) expect(['invalid-utf8', 'line-too-long']).toContain(whole.error.code);
      const split = decodeLines(chunk(input, sizes), maxLineBytes);
      expect({ items: split.items, error: split.error }).toEqual({ items: whole.items, error: whole.error });
    });
  }, FUZZ_TIMEOUT);

  it('memory stays bounded: a line over maxLineBytes fails before the decoder has taken more than the limit', () => {
    checkProperty('lines bounded', 150, [fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 3000 }), chunkSizes], (maxLineBytes, extra, sizes) => {
      const input = new Uint8Array(maxLineBytes + extra + 2).fill(0x61);
      const decoder = createLineDecoder({ maxLineBytes, onLine: () => undefined });
      let fed = 0;
      let caught: unknown;
      for (const piece of chunk(input, sizes)) {
        try {
          decoder.feed(piece);
        } catch (error) {
          caught = error;
          break;
        }
        fed += piece.length;
      }
      expect(caught).toMatchObject({ code: 'line-too-long', byteOffset: 0 });
      expect(fed).toBeLessThanOrEqual(maxLineBytes + 1);
    });
  }, FUZZ_TIMEOUT);
});

// ---------------------------------------------------------------------------------------------

interface EventSpec {
  event?: string;
  id?: string;
  comment?: string;
  data: { value: string; space: boolean }[];
}

const fieldValue = lineText(40);
const sseEvent: fc.Arbitrary<EventSpec> = fc.record(
  {
    event: fieldValue,
    id: fieldValue.map((value) => value.replace(/\0/g, '')),
    comment: fieldValue,
    data: fc.array(fc.record({ value: fieldValue, space: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['data'] },
);

/** Serializes events with one line ending (mixing a lone CR with a following blank LF line would be ambiguous). */
function serialize(events: EventSpec[], eol: string, closeLast: boolean): { text: string; expected: Omit<SseEvent, 'byteOffset'>[] } {
  let text = '';
  let lastId: string | undefined;
  const expected: Omit<SseEvent, 'byteOffset'>[] = [];
  events.forEach((spec, i) => {
    if (spec.comment !== undefined) text += `:${spec.comment}${eol}`;
    if (spec.event !== undefined) text += `event:${spec.event}${eol}`;
    const values = spec.data.map(({ value, space }) => {
      text += `data:${space ? ' ' : ''}${value}${eol}`;
      return !space && value.startsWith(' ') ? value.slice(1) : value;
    });
    if (spec.id !== undefined) {
      text += `id: ${spec.id}${eol}`;
      lastId = spec.id;
    }
    if (closeLast || i < events.length - 1) text += eol;
    const name = spec.event?.startsWith(' ') ? spec.event.slice(1) : spec.event; // "event:" + value: one leading space is the separator's
    const event: Omit<SseEvent, 'byteOffset'> = { data: values.join('\n'), event: name || 'message' };
    if (lastId !== undefined) event.id = lastId;
    expected.push(event);
  });
  return { text, expected };
}

const decodeSse = (chunks: Uint8Array[], maxEventBytes?: number) =>
  drive<SseEvent>(chunks, (emit) => createSseDecoder({ ...(maxEventBytes ? { maxEventBytes } : {}), onEvent: emit }));

describe('fuzz: SSE framing', () => {
  it('random events (data, event, id, comments; \\n, \\r\\n or \\r) come out exactly, however split', () => {
    checkProperty('sse valid', 150, [fc.array(sseEvent, { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), chunkSizes], (events, eol, closeLast, sizes) => {
      const { text, expected } = serialize(events, eol, closeLast);
      const outcome = decodeSse(chunk(encoder.encode(text), sizes));
      expect(outcome.error).toBeUndefined();
      expect(outcome.items.map(({ byteOffset: _, ...event }) => event)).toEqual(expected);
      // Offsets are where each event's first field starts: increasing, inside the text.
      const offsets = outcome.items.map((event) => event.byteOffset);
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    });
  }, FUZZ_TIMEOUT);

  it('random and corrupted bytes give events or one typed error, the same however split', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.tuple(fc.array(sseEvent, { maxLength: 5 }), fc.constantFrom('\n', '\r\n', '\r'), mutations).map(([events, eol, changes]) => mutate(encoder.encode(serialize(events, eol, true).text), changes)),
    );
    checkProperty('sse corrupted', 300, [bytes, fc.integer({ min: 1, max: 300 }), chunkSizes], (input, maxEventBytes, sizes) => {
      const whole = decodeSse([input], maxEventBytes);
      expectActionable(whole.thrown);
      if (whole.error) expect(['invalid-utf8', 'event-too-large']).toContain(whole.error.code);
      const split = decodeSse(chunk(input, sizes), maxEventBytes);
      expect({ items: split.items, error: split.error }).toEqual({ items: whole.items, error: whole.error });
    });
  }, FUZZ_TIMEOUT);

  it('memory stays bounded: an event over maxEventBytes fails by the line that crosses the limit', () => {
    checkProperty('sse bounded', 150, [fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 3000 }), fc.boolean(), chunkSizes], (maxEventBytes, extra, manyLines, sizes) => {
      // One endless line, or an endless event of short data lines that never dispatches.
      const input = manyLines ? encoder.encode('data:x\n'.repeat(Math.ceil((maxEventBytes + extra) / 7) + 1)) : new Uint8Array(maxEventBytes + extra + 2).fill(0x61);
      const decoder = createSseDecoder({ maxEventBytes, onEvent: () => undefined });
      let fed = 0;
      let caught: unknown;
      for (const piece of chunk(input, sizes)) {
        try {
          decoder.feed(piece);
        } catch (error) {
          caught = error;
          break;
        }
        fed += piece.length;
      }
      expect(caught).toMatchObject({ code: 'event-too-large', byteOffset: 0 });
      // It fails at the line that crosses the limit: by then it has taken at most one more 7-byte line.
      expect(fed).toBeLessThanOrEqual(maxEventBytes + (manyLines ? 7 : 1));
    });
  }, FUZZ_TIMEOUT);
});

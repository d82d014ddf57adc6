import { describe, expect, it } from 'vitest';
import { isSageStreamError } from '../errors.js';
import { allSplits, randomSplits, splitAt } from '../../test/helpers/splits.js';
import { createSseDecoder, type SseEvent } from './sse-decoder.js';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

function events(chunks: Uint8Array[], maxEventBytes?: number): { events: SseEvent[]; comments: string[] } {
  const out: SseEvent[] = [];
  const comments: string[] = [];
  const decoder = createSseDecoder({
    onEvent: (event) => out.push(event),
    onComment: (comment) => comments.push(comment),
    ...(maxEventBytes ? { maxEventBytes } : {}),
  });
  for (const chunk of chunks) decoder.feed(chunk);
  decoder.end();
  return { events: out, comments };
}

describe('SSE decoder (text/event-stream)', () => {
  it('handles data: with and without a space, comments, multi-line data, CRLF, CR and [DONE] under every split', () => {
    const input = encode(
      'data:{"a":1}\n\n' + // TGI: no space
        ': keep-alive\n\n' + // comment only: no event
        'data: {"b":"é"}\r\n\r\n' + // LMI: space, CRLF
        'event: custom\nid: 7\ndata: line1\ndata:line2\n\n' + // multi-line data
        'data: 🎉\r\rdata: [DONE]\n\n', // bare CR line ends
    );
    const expected = [
      { data: '{"a":1}', event: 'message', byteOffset: 0 },
      { data: '{"b":"é"}', event: 'message', byteOffset: 28 },
      { data: 'line1\nline2', event: 'custom', id: '7', byteOffset: 48 },
      { data: '🎉', event: 'message', id: '7', byteOffset: 92 },
      { data: '[DONE]', event: 'message', id: '7', byteOffset: 104 },
    ];
    for (const { name, chunks } of allSplits(input)) {
      const result = events(chunks);
      expect(result.events, name).toEqual(expected);
      expect(result.comments, name).toEqual(['keep-alive']);
    }
  });

  it('dispatches a final event whose blank line never came', () => {
    expect(events([encode('data:{"a":1}\n\ndata:{"b":2}')]).events.map((event) => event.data)).toEqual(['{"a":1}', '{"b":2}']);
    expect(events([encode('data:{"a":1}\n')]).events.map((event) => event.data)).toEqual(['{"a":1}']);
  });

  it('ignores events without data and unknown fields', () => {
    expect(events([encode('event: ping\n\nretry: 10\nfoo: bar\n\n')]).events).toEqual([]);
  });

  it('bounds the size of one event', () => {
    let error: unknown;
    try {
      events([encode(`data: ${'x'.repeat(40)}\ndata: ${'y'.repeat(40)}\n\n`)], 64);
    } catch (caught) {
      error = caught;
    }
    expect(isSageStreamError(error) && error.code).toBe('event-too-large');
  });

  it('bounds an endless line without a terminator', () => {
    const decoder = createSseDecoder({ maxEventBytes: 100, onEvent: () => undefined });
    expect(() => {
      for (let i = 0; i < 20; i++) decoder.feed(encode('data: xxxxxxxxxx'));
    }).toThrow(/larger than 100 bytes/);
  });

  it('gives the same events for chunks of every size, with lines pending across small and large chunks', () => {
    const values = Array.from({ length: 80 }, (_, i) => `{"i":${i},"t":"${'é日🎉x'.repeat(i % 5)}${'y'.repeat((i * 53) % 120)}"}`);
    const endings = ['\n\n', '\r\n\r\n', '\r\r', '\n\r\n'];
    const text = values.map((value, i) => `${i % 3 === 0 ? ': ping\n' : ''}data:${i % 2 ? ' ' : ''}${value}${endings[i % endings.length]}`).join('');
    const input = encode(text);
    const variants: [string, Uint8Array[]][] = [['whole', [input]]];
    for (const maxChunk of [2, 64, 700, 1500, 5000]) {
      for (let seed = 1; seed <= 5; seed++) variants.push([`random ≤${maxChunk} #${seed}`, randomSplits(input, seed, maxChunk)]);
    }
    for (let offset = 1; offset < 300; offset += 5) variants.push([`split@${offset}`, splitAt(input, offset)]);
    const expected = events([input]).events;
    expect(expected.map((event) => event.data)).toEqual(values);
    for (const [name, chunks] of variants) {
      const result = events(chunks);
      expect(result.events, name).toEqual(expected);
      expect(result.comments.length, name).toBe(27);
    }
  });

  it('reports invalid UTF-8 inside a batch of lines after dispatching the events before it', () => {
    const seen: string[] = [];
    const decoder = createSseDecoder({ onEvent: (event) => seen.push(event.data) });
    let error: unknown;
    try {
      decoder.feed(Uint8Array.of(...encode('data: 1\n\ndata: "'), 0xc3, 0x28, ...encode('"\n\ndata: 3\n\n')));
    } catch (caught) {
      error = caught;
    }
    expect(seen).toEqual(['1']);
    expect(isSageStreamError(error) && error.code).toBe('invalid-utf8');
    expect((error as { byteOffset: number }).byteOffset).toBe(16);
  });
});

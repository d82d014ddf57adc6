import { describe, expect, it } from 'vitest';
import { isSageStreamError } from '../errors.js';
import { allSplits, randomSplits, splitAt } from '../../test/helpers/splits.js';
import { createLineDecoder } from './line-decoder.js';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

function lines(chunks: Uint8Array[], maxLineBytes?: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const decoder = createLineDecoder({ onLine: (text, offset) => out.push({ text, offset }), ...(maxLineBytes ? { maxLineBytes } : {}) });
  for (const chunk of chunks) decoder.feed(chunk);
  decoder.end();
  return out;
}

describe('line decoder (application/jsonlines)', () => {
  it('splits on \\n, strips \\r, skips blank lines, flushes a final line without \\n — under every split', () => {
    const input = encode('{"a":"é"}\r\n\n\n{"b":"日本語🎉"}\n\r\n{"c":3}');
    const expected = [
      { text: '{"a":"é"}', offset: 0 },
      { text: '{"b":"日本語🎉"}', offset: 14 },
      { text: '{"c":3}', offset: 38 },
    ];
    for (const { name, chunks } of allSplits(input)) expect(lines(chunks), name).toEqual(expected);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(lines([encode('\uFEFF{"a":1}\n')]).map((line) => line.text)).toEqual(['{"a":1}']);
  });

  it('fails with line-too-long as soon as a line outgrows the limit, even before its newline', () => {
    const decoder = createLineDecoder({ maxLineBytes: 10, onLine: () => undefined });
    decoder.feed(encode('12345'));
    let error: unknown;
    try {
      decoder.feed(encode('678901234'));
    } catch (caught) {
      error = caught;
    }
    expect(isSageStreamError(error) && error.code).toBe('line-too-long');
    expect(String((error as Error).message)).toContain('longer than 10 bytes');
  });

  it('fails with line-too-long for the unfinished line a chunk leaves after a newline', () => {
    const decoder = createLineDecoder({ maxLineBytes: 10, onLine: () => undefined });
    decoder.feed(encode('{"a":'));
    let error: unknown;
    try {
      decoder.feed(encode(`1}\n${'x'.repeat(20)}`));
    } catch (caught) {
      error = caught;
    }
    expect(isSageStreamError(error) && error.code).toBe('line-too-long');
    expect((error as { byteOffset: number }).byteOffset).toBe(8);
  });

  it('accepts a line of exactly the limit (plus \\r)', () => {
    expect(lines([encode('1234567890\r\n')], 10)).toEqual([{ text: '1234567890', offset: 0 }]);
  });

  it('rejects invalid UTF-8 with the offset of the bad byte', () => {
    let error: unknown;
    try {
      lines([encode('{"ok":1}\n{"x":"'), Uint8Array.of(0xc3, 0x28), encode('"}\n')]);
    } catch (caught) {
      error = caught;
    }
    expect(isSageStreamError(error) && error.code).toBe('invalid-utf8');
    expect((error as { byteOffset: number }).byteOffset).toBe(15);
  });

  it('gives the same lines for chunks of every size, with lines pending across small and large chunks', () => {
    const texts = Array.from({ length: 120 }, (_, i) => `{"i":${i},"t":"${'é日🎉x'.repeat(i % 7)}${'y'.repeat((i * 37) % 90)}"}`);
    const input = encode(`${texts.map((text, i) => (i % 5 === 0 ? `${text}\r\n` : `${text}\n`)).join('')}\n${'\uFEFF'}{"bom":"mid-stream U+FEFF is data"}`);
    const expected = [...texts, '\uFEFF{"bom":"mid-stream U+FEFF is data"}'];
    const variants: [string, Uint8Array[]][] = [['whole', [input]]];
    for (const maxChunk of [3, 64, 700, 1500, 5000]) {
      for (let seed = 1; seed <= 5; seed++) variants.push([`random ≤${maxChunk} #${seed}`, randomSplits(input, seed, maxChunk)]);
    }
    for (let offset = 1; offset < 400; offset += 7) variants.push([`split@${offset}`, splitAt(input, offset)]);
    for (const [name, chunks] of variants) expect(lines(chunks).map((line) => line.text), name).toEqual(expected);
  });

  it('reports invalid UTF-8 inside a batch of lines after emitting the lines before it', () => {
    const seen: string[] = [];
    const decoder = createLineDecoder({ onLine: (line) => seen.push(line) });
    let error: unknown;
    try {
      decoder.feed(Uint8Array.of(...encode('{"a":1}\n{"b":"'), 0xff, ...encode('"}\n{"c":3}\n')));
    } catch (caught) {
      error = caught;
    }
    expect(seen).toEqual(['{"a":1}']);
    expect(isSageStreamError(error) && error.code).toBe('invalid-utf8');
    expect((error as { byteOffset: number }).byteOffset).toBe(14);
  });

  it('keeps a real U+FFFD and still rejects bytes a lenient decoder would turn into one', () => {
    const input = encode('{"a":"\uFFFD"}\n{"b":"\uFEFF"}\n');
    for (const { name, chunks } of allSplits(input)) {
      expect(lines(chunks).map((line) => line.text), name).toEqual(['{"a":"\uFFFD"}', '{"b":"\uFEFF"}']);
    }
    // A UTF-16 surrogate encoded as UTF-8, an overlong "/" and a truncated sequence: invalid, never U+FFFD text.
    for (const bad of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const bytes = new Uint8Array([...encode('{"a":1}\n{"b":"'), ...bad, ...encode('"}\n')]);
      let error: unknown;
      try {
        lines([bytes]);
      } catch (caught) {
        error = caught;
      }
      expect(isSageStreamError(error) && error.code, bad.join(' ')).toBe('invalid-utf8');
      expect((error as { byteOffset: number }).byteOffset).toBe(14);
    }
  });
});

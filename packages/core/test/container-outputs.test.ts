import { describe, expect, it } from 'vitest';
import { createResponseDecoder, createTokenParser, encodePayloadPart, type TokenPart } from '../src/index.js';
import { CONTAINER_OUTPUTS } from './fixtures/container-outputs.js';
import { OPENAI_STREAM_OUTPUTS } from './fixtures/openai-stream-outputs.js';
import { concat } from './helpers/bytes.js';
import { allSplits, randomSplits } from './helpers/splits.js';

const encoder = new TextEncoder();

function parseChunks(chunks: Uint8Array[], options: { contentType?: string; format?: 'auto' | TokenPart['type'] | string }) {
  const parts: TokenPart[] = [];
  const parser = createTokenParser({
    contentType: options.contentType,
    format: (options.format ?? 'auto') as never,
    onPart: (part) => parts.push(part),
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { parts, format: parser.format };
}

describe.each([...CONTAINER_OUTPUTS, ...OPENAI_STREAM_OUTPUTS])('container output: $name', (fixture) => {
  const bytes = encoder.encode(fixture.output);

  it('decodes whole, byte by byte, split at every offset and with seeded random splits to the same parts', () => {
    let variants = 0;
    for (const { name, chunks } of allSplits(bytes)) {
      const { parts, format } = parseChunks(chunks, { contentType: fixture.contentType });
      expect(parts, name).toEqual(fixture.expected);
      expect(format, name).toBe(fixture.format);
      variants++;
    }
    expect(variants).toBe(bytes.length + 21);
  });

  it('decodes the same with the format given explicitly and with no content type at all', () => {
    expect(parseChunks([bytes], { contentType: fixture.contentType, format: fixture.format }).parts).toEqual(fixture.expected);
    expect(parseChunks(randomSplits(bytes, 7), {}).parts).toEqual(fixture.expected);
  });

  it('decodes through event-stream frames, whatever the PayloadPart and HTTP chunk boundaries', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const body = concat(randomSplits(bytes, seed * 101, 40).map((part) => encodePayloadPart(part)));
      const parts: TokenPart[] = [];
      const decoder = createResponseDecoder({ contentType: fixture.contentType, onPart: (part) => parts.push(part) });
      for (const chunk of randomSplits(body, seed, 300)) decoder.feed(chunk);
      decoder.end();
      expect(parts, `seed ${seed}`).toEqual(fixture.expected);
    }
  });
});

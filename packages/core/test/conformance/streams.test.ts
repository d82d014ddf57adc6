import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { beforeAll, describe, expect, it } from 'vitest';
import { createResponseDecoder, createTokenParser, isSageStreamError, type MessageEndPart, type TokenPart } from '../../src/index.js';
import { concat } from '../helpers/bytes.js';
import { createRandom, randomInt } from '../helpers/random.js';
import { allSplits, byteByByte, randomSplits } from '../helpers/splits.js';
import { CORPUS_AVAILABLE, CORPUS_MISSING, CORPUS_REQUIRED, STREAMS, requireCorpus, streamBytes, type StreamCase } from './corpus.js';

/*
 * Real streamed container output (TGI generate_stream captures, TGI's Messages API snapshots, LMI's
 * rolling-batch formatter tests) from ../shared/conformance/streams (sources: its SOURCES.md). Each
 * is parsed as container output at every split, then wrapped in PayloadPart frames by an
 * independent encoder (@smithy/eventstream-codec, the JS SDK's codec) — one record per part, the
 * whole output as one part, and parts cut at seeded random offsets (inside multi-byte characters
 * too) — and the HTTP body decoded in random chunks and byte by byte.
 */

if (!CORPUS_AVAILABLE && !CORPUS_REQUIRED) console.warn(`\n⚠ ${CORPUS_MISSING}\n`);

const smithy = new EventStreamCodec(toUtf8, fromUtf8);
const WRAP_SEEDS = 12;

/** A PayloadPart frame as SageMaker sends it, built by the JS SDK's encoder (not ours). */
function payloadPart(bytes: Uint8Array): Uint8Array {
  return smithy.encode({
    headers: {
      ':event-type': { type: 'string', value: 'PayloadPart' },
      ':content-type': { type: 'string', value: 'application/octet-stream' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: bytes,
  });
}

/** The output cut after each record: after every line (JSON Lines) or blank line (SSE). */
function records(bytes: Uint8Array, contentType: string): Uint8Array[] {
  const text = new TextDecoder().decode(bytes);
  const pieces = text.split(contentType === 'text/event-stream' ? /(?<=\n\n)/ : /(?<=\n)/);
  return pieces.map((piece) => new TextEncoder().encode(piece));
}

/** Cuts at seeded random byte offsets (1–64 bytes), ignoring character boundaries. */
function randomCuts(bytes: Uint8Array, seed: number): Uint8Array[] {
  const random = createRandom(seed);
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = randomInt(random, 1, 64);
    parts.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return parts;
}

function summary(parts: TokenPart[]) {
  const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
  const terminal = parts.filter((part) => part.type === 'message-end' || part.type === 'stream-error');
  return { text, terminal, end: parts.at(-1) };
}

function expectMatches(stream: StreamCase, parts: TokenPart[], label: string): void {
  const { text, terminal, end } = summary(parts);
  expect(text, label).toBe(stream.expectedText);
  expect(terminal.length, label).toBe(1);
  expect(end?.type, label).toBe('message-end');
  const messageEnd = end as MessageEndPart;
  if (stream.expectedGeneratedText !== undefined) expect(messageEnd.generatedText, label).toBe(stream.expectedGeneratedText);
  if (stream.expectedFinishReason !== undefined) expect(messageEnd.finishReason, label).toBe(stream.expectedFinishReason);
  if (stream.expectedUsage !== undefined) expect(messageEnd.usage, label).toEqual(stream.expectedUsage);
}

function parseOutput(chunks: Uint8Array[], contentType: string | undefined): TokenPart[] {
  const parts: TokenPart[] = [];
  const parser = createTokenParser({ ...(contentType ? { contentType } : {}), onPart: (part) => parts.push(part) });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return parts;
}

function decodeBody(chunks: Uint8Array[], contentType: string): TokenPart[] {
  const parts: TokenPart[] = [];
  const decoder = createResponseDecoder({ contentType, onPart: (part) => parts.push(part) });
  try {
    for (const chunk of chunks) decoder.feed(chunk);
    decoder.end();
  } catch (error) {
    throw isSageStreamError(error) ? new Error(`unexpected ${error.code}: ${error.message}`) : error;
  }
  return parts;
}

describe.runIf(CORPUS_AVAILABLE || CORPUS_REQUIRED)('conformance: real TGI and LMI streams', () => {
  beforeAll(requireCorpus);

  it('reads every stream of the corpus (TGI generate_stream, TGI Messages API, LMI JSON Lines and SSE)', () => {
    expect(STREAMS.length).toBeGreaterThanOrEqual(7);
    expect(new Set(STREAMS.map((stream) => stream.contentType))).toEqual(new Set(['text/event-stream', 'application/jsonlines']));
  });

  describe.each(STREAMS.map((stream) => ({ id: stream.id, stream })))('$id', ({ stream }) => {
    const bytes = streamBytes(stream);

    it('parses as container output to the expected text, finish and usage at every split and byte by byte', () => {
      let variants = 0;
      for (const { name, chunks } of allSplits(bytes)) {
        expectMatches(stream, parseOutput(chunks, stream.contentType), name);
        variants++;
      }
      expectMatches(stream, parseOutput(randomSplits(bytes, 3), undefined), 'no content type (framing sniffed)');
      expect(variants).toBe(bytes.length + 21);
    });

    it('decodes wrapped in PayloadPart frames: one record per part, one part, parts cut at random offsets', () => {
      const wrappings: { name: string; parts: Uint8Array[] }[] = [
        { name: 'one record per part', parts: records(bytes, stream.contentType) },
        { name: 'one part', parts: [bytes] },
      ];
      for (let seed = 1; seed <= WRAP_SEEDS; seed++) wrappings.push({ name: `random cuts #${seed}`, parts: randomCuts(bytes, seed) });
      for (const { name, parts } of wrappings) {
        expect(concat(parts), name).toEqual(bytes);
        const body = concat(parts.map(payloadPart));
        expectMatches(stream, decodeBody([body], stream.contentType), `${name}, body whole`);
        expectMatches(stream, decodeBody(randomSplits(body, parts.length, 300), stream.contentType), `${name}, body in random chunks`);
      }
      const body = concat(records(bytes, stream.contentType).map(payloadPart));
      expectMatches(stream, decodeBody(byteByByte(body), stream.contentType), 'one record per part, body byte by byte');
    });
  });
});

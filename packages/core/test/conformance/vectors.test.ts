import { EventStreamCodec, type MessageHeaders as SmithyHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEventStreamDecoder,
  isSageStreamError,
  toSageMakerStreamEvent,
  type EventStreamMessage,
  type MessageHeaders,
  type SageStreamErrorCode,
} from '../../src/index.js';
import { toHex } from '../helpers/bytes.js';
import { allSplits } from '../helpers/splits.js';
import { CORPUS_AVAILABLE, CORPUS_MISSING, CORPUS_REQUIRED, VECTORS, requireCorpus, vectorBytes, type ExpectedHeader, type VectorCase } from './corpus.js';

/*
 * The event-stream test vectors the AWS SDKs share (aws-sdk-go = smithy-typescript's test_vectors,
 * botocore's test_eventstream.py, aws-c-event-stream's streaming decoder tests, smithy-rs's
 * test_data), read from ../shared/conformance (sources and commits: its SOURCES.md). Every vector is
 * decoded whole, split at every offset, byte by byte and in 20 seeded random chunkings; positive
 * ones must give exactly the manifest's headers and payload (and agree with @smithy/eventstream-codec,
 * the JS SDK's decoder), negative ones one typed SageStreamError with the same code and offset
 * however the bytes arrive.
 */

if (!CORPUS_AVAILABLE && !CORPUS_REQUIRED) console.warn(`\n⚠ ${CORPUS_MISSING}\n`);

const smithy = new EventStreamCodec(toUtf8, fromUtf8);

const WIRE_TYPE = { byte: 2, short: 3, integer: 4, long: 5, binary: 6, string: 7, timestamp: 8, uuid: 9 } as const;

/** Headers in the manifest's canonical form (SOURCES.md): wire type and value text, sorted by name. */
function canonical(headers: MessageHeaders | SmithyHeaders): ExpectedHeader[] {
  return Object.entries(headers as unknown as MessageHeaders) // smithy's values have the same shapes (its Int64 prints like a bigint)
    .map(([name, header]): ExpectedHeader => {
      switch (header.type) {
        case 'boolean':
          return { name, type: header.value ? 0 : 1, value: null };
        case 'binary':
          return { name, type: 6, value: toHex(header.value) };
        case 'timestamp':
          return { name, type: 8, value: String(header.value.getTime()) };
        case 'uuid':
          return { name, type: 9, value: header.value.replace(/-/g, '') };
        default:
          return { name, type: WIRE_TYPE[header.type], value: String(header.value) };
      }
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const sortedExpected = (headers: ExpectedHeader[]) => [...headers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * The other SDKs' error names → the SageStreamError codes that mean the same. Where the manifest
 * names no error (smithy-rs's files are "rejected"), the code follows from the check order of the
 * spec, which we share with the JS and Go SDKs: prelude CRC, lengths, message CRC, then headers —
 * so smithy-rs's originals (stale message CRC) fail on the CRC, their recrc copies in the header parser.
 */
const CODES_FOR_ERROR: Record<string, SageStreamErrorCode[]> = {
  'Prelude checksum mismatch': ['prelude-crc-mismatch'],
  'Message checksum mismatch': ['message-crc-mismatch'],
  ChecksumMismatch: ['prelude-crc-mismatch', 'message-crc-mismatch'],
  InvalidHeadersLength: ['frame-too-short'], // headers length larger than the frame
  InvalidPayloadLength: ['frame-too-large'], // 24 MiB + 1 payload: over maxPayloadBytes
  AWS_ERROR_EVENT_STREAM_MESSAGE_INVALID_HEADERS_LEN: ['frame-too-short'],
  AWS_ERROR_EVENT_STREAM_BUFFER_LENGTH_MISMATCH: ['frame-too-short'], // total length 12 < 16
};
const CODES_FOR_SMITHY_RS: Record<string, SageStreamErrorCode> = {
  invalid_header_name_length: 'invalid-header',
  invalid_header_name_length_too_long: 'invalid-header',
  invalid_header_string_length_cut_off: 'invalid-header',
  invalid_header_string_value_length: 'invalid-header',
  invalid_header_value_type: 'invalid-header',
  invalid_headers_length: 'frame-too-short',
  invalid_message_checksum: 'message-crc-mismatch',
  invalid_prelude_checksum: 'prelude-crc-mismatch',
};

function expectedCodes(vector: VectorCase): SageStreamErrorCode[] {
  if (vector.expectedError) return CODES_FOR_ERROR[vector.expectedError] ?? [];
  const name = vector.id.split('/')[1]!;
  if (vector.id.startsWith('smithy-rs/') && name.startsWith('invalid_header') && name !== 'invalid_headers_length') return ['message-crc-mismatch'];
  return [CODES_FOR_SMITHY_RS[name]!];
}

function decode(chunks: Uint8Array[]) {
  const messages: EventStreamMessage[] = [];
  const decoder = createEventStreamDecoder({ onMessage: (message) => messages.push({ ...message, payload: message.payload.slice() }) });
  try {
    for (const chunk of chunks) decoder.feed(chunk);
    decoder.end();
    return { messages };
  } catch (error) {
    if (!isSageStreamError(error)) throw error; // a plain TypeError/RangeError fails the test
    return { messages, error };
  }
}

const positives = VECTORS.filter((vector) => vector.kind === 'positive');
const negatives = VECTORS.filter((vector) => vector.kind === 'negative' && vector.file);
const recipes = VECTORS.filter((vector) => vector.kind === 'negative' && vector.recipe);

describe.runIf(CORPUS_AVAILABLE || CORPUS_REQUIRED)('conformance: AWS SDK event-stream test vectors', () => {
  beforeAll(requireCorpus);

  it('reads the whole corpus: every SDK suite, positive and negative cases', () => {
    expect(new Set(VECTORS.map((vector) => vector.id.split('/')[0]))).toEqual(new Set(['aws-sdk-go', 'botocore', 'aws-c-event-stream', 'smithy-rs', 'smithy-rs-recrc']));
    expect(positives.length).toBeGreaterThanOrEqual(20);
    expect(negatives.length).toBeGreaterThanOrEqual(20);
    expect(recipes.length).toBeGreaterThanOrEqual(1);
    for (const vector of negatives) expect(expectedCodes(vector), vector.id).not.toEqual([undefined]);
  });

  describe.each(positives.map((vector) => ({ id: vector.id, vector })))('$id', ({ vector }) => {
    const bytes = vectorBytes(vector);

    it('decodes to the manifest\'s headers and payload, whole, at every split, byte by byte', () => {
      const expected = vector.messages!.map((message) => ({ headers: sortedExpected(message.headers), payloadHex: message.payloadHex }));
      let variants = 0;
      for (const { name, chunks } of allSplits(bytes)) {
        const { messages, error } = decode(chunks);
        expect(error, name).toBeUndefined();
        expect(messages.map((message) => ({ headers: canonical(message.headers), payloadHex: toHex(message.payload) })), name).toEqual(expected);
        expect(messages.map((message) => message.byteOffset), name).toEqual(offsetsOf(messages));
        variants++;
      }
      expect(variants).toBe(bytes.length + 21);
    });

    it('agrees with @smithy/eventstream-codec (the JS SDK decoder)', () => {
      const ours = decode([bytes]).messages;
      let offset = 0;
      for (const message of ours) {
        const theirs = smithy.decode(bytes.subarray(offset, offset + message.byteLength));
        expect(canonical(message.headers)).toEqual(canonical(theirs.headers));
        expect(toHex(message.payload)).toBe(toHex(theirs.body));
        offset += message.byteLength;
      }
      expect(offset).toBe(bytes.length);
    });
  });

  describe.each(negatives.map((vector) => ({ id: vector.id, vector })))('$id', ({ vector }) => {
    const bytes = vectorBytes(vector);

    it(`is rejected with one typed error${vector.expectedError ? ` (theirs: ${vector.expectedError})` : ''}, the same however it is split`, () => {
      const codes = expectedCodes(vector);
      const first = decode([bytes]);
      expect(first.messages).toEqual([]);
      expect(codes).toContain(first.error?.code);
      expect(first.error?.message).toMatch(/at byte \d+/);
      for (const { name, chunks } of allSplits(bytes)) {
        const { messages, error } = decode(chunks);
        expect(messages, name).toEqual([]);
        expect({ code: error?.code, byteOffset: error?.byteOffset }, name).toEqual({ code: first.error!.code, byteOffset: first.error!.byteOffset });
      }
    });
  });

  describe.each(recipes.map((vector) => ({ id: vector.id, vector })))('$id (built from its recipe)', ({ vector }) => {
    it(`is rejected from its prelude alone, before the payload arrives (theirs: ${vector.expectedError})`, () => {
      const bytes = vectorBytes(vector);
      const codes = expectedCodes(vector);
      const whole = decode([bytes]);
      expect(codes).toContain(whole.error?.code);
      const chunked = decode(Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, i) => bytes.subarray(i << 20, (i + 1) << 20)));
      expect(chunked.error?.code).toBe(whole.error?.code);
      // The first 12 bytes are enough: the limit is applied before a 24 MiB buffer is allocated.
      const decoder = createEventStreamDecoder({ onMessage: () => undefined });
      expect(() => decoder.feed(bytes.subarray(0, 12))).toThrow(expect.objectContaining({ code: whole.error?.code }));
    });
  });

  it('botocore DUPLICATE_HEADER (advisory): kept as one header, as the JS/Go/Rust SDKs do — botocore alone rejects it', () => {
    const vector = VECTORS.find((candidate) => candidate.id === 'botocore/duplicate_header')!;
    expect(vector.kind).toBe('advisory-negative');
    const bytes = vectorBytes(vector);
    for (const { name, chunks } of allSplits(bytes)) {
      const { messages, error } = decode(chunks);
      expect(error, name).toBeUndefined();
      expect(canonical(messages[0]!.headers), name).toEqual(canonical(smithy.decode(bytes).headers));
    }
    expect(Object.keys(decode([bytes]).messages[0]!.headers)).toEqual(['test']);
  });

  it('botocore\'s error event classifies as an error frame with its code and message', () => {
    const vector = VECTORS.find((candidate) => candidate.id === 'botocore/error_event_message')!;
    const [message] = decode([vectorBytes(vector)]).messages;
    expect(toSageMakerStreamEvent(message!)).toEqual({ type: 'error-frame', errorCode: 'code', message: 'message', byteOffset: 0 });
  });
});

/** Each message starts where the previous one ended. */
function offsetsOf(messages: EventStreamMessage[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const message of messages) {
    offsets.push(offset);
    offset += message.byteLength;
  }
  return offsets;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEventStreamDecoder,
  createSageMakerEventDecoder,
  crc32,
  encodeErrorFrame,
  encodeEventFrame,
  encodeEventStreamMessage,
  encodeExceptionFrame,
  encodeInternalStreamFailure,
  encodeModelStreamError,
  encodePayloadPart,
  stringHeader,
  type EventStreamMessage,
  type HeaderValue,
  type MessageHeaders,
  type SageMakerStreamEvent,
} from '../../src/index.js';
import { concat, toHex } from '../helpers/bytes.js';
import { rawFrame } from '../helpers/raw-frame.js';
import { FUZZ_TIMEOUT, checkProperty, chunk, chunkSizes, drive, expectActionable, mutations, mutate, type Outcome } from './fuzz-harness.js';

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

const headerName = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', ':message-type', ':event-type', '0', '1e3') },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((name) => utf8Length(name) <= 255) },
);

const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => {
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
});

const headerValue: fc.Arbitrary<HeaderValue> = fc.oneof(
  fc.boolean().map((value) => ({ type: 'boolean' as const, value })),
  fc.integer({ min: -128, max: 127 }).map((value) => ({ type: 'byte' as const, value })),
  fc.integer({ min: -32768, max: 32767 }).map((value) => ({ type: 'short' as const, value })),
  fc.integer().map((value) => ({ type: 'integer' as const, value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: 'long' as const, value })),
  fc.uint8Array({ maxLength: 300 }).map((value) => ({ type: 'binary' as const, value })),
  fc.string({ unit: 'grapheme', maxLength: 200 }).map((value) => ({ type: 'string' as const, value })),
  fc.date({ noInvalidDate: true }).map((value) => ({ type: 'timestamp' as const, value })),
  uuid.map((value) => ({ type: 'uuid' as const, value })),
);

const headers: fc.Arbitrary<MessageHeaders> = fc
  .uniqueArray(fc.tuple(headerName, headerValue), { selector: ([name]) => name, maxLength: 8 })
  .map((entries) => {
    const out = Object.create(null) as MessageHeaders;
    for (const [name, value] of entries) out[name] = value;
    return out;
  });

const message = fc.record({ headers, payload: fc.uint8Array({ maxLength: 600 }) });
const messages = fc.array(message, { maxLength: 6 });

/** Headers as comparable, sorted [name, type, printable value] triples. */
function canonical(value: Readonly<MessageHeaders>): [string, string, string][] {
  return Object.entries(value)
    .map(([name, header]): [string, string, string] => [name, header.type, header.value instanceof Uint8Array ? toHex(header.value) : header.value instanceof Date ? String(header.value.getTime()) : String(header.value)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const decodeMessages = (chunks: Uint8Array[], limits: { maxPayloadBytes?: number; maxHeaderBytes?: number } = {}) =>
  drive<EventStreamMessage>(chunks, (emit) => createEventStreamDecoder({ ...limits, onMessage: (m) => emit({ ...m, payload: m.payload.slice() }) }));

const comparable = (outcome: Outcome<EventStreamMessage>) => ({
  messages: outcome.items.map((m) => ({ headers: canonical(m.headers), payload: toHex(m.payload), byteOffset: m.byteOffset, byteLength: m.byteLength })),
  error: outcome.error,
});

describe('fuzz: event-stream decoder', () => {
  it('valid messages of every header type decode exactly, however the body is split', () => {
    checkProperty('event-stream valid', 150, [messages, chunkSizes], (input, sizes) => {
      const frames = input.map(encodeEventStreamMessage);
      const outcome = decodeMessages(chunk(concat(frames), sizes));
      expect(outcome.error).toBeUndefined();
      let offset = 0;
      expect(comparable(outcome).messages).toEqual(
        input.map((m, i) => {
          const expected = { headers: canonical(m.headers), payload: toHex(m.payload), byteOffset: offset, byteLength: frames[i]!.length };
          offset += frames[i]!.length;
          return expected;
        }),
      );
    });
  }, FUZZ_TIMEOUT);

  it('corrupted bodies (bit flips, truncation, lengths, inserted/deleted bytes) give one typed error or frames, the same however split', () => {
    checkProperty('event-stream corrupted', 300, [messages, mutations, chunkSizes], (input, changes, sizes) => {
      const body = mutate(concat(input.map(encodeEventStreamMessage)), changes);
      const whole = decodeMessages([body], { maxPayloadBytes: 4096, maxHeaderBytes: 4096 });
      expectActionable(whole.thrown);
      expect(comparable(decodeMessages(chunk(body, sizes), { maxPayloadBytes: 4096, maxHeaderBytes: 4096 }))).toEqual(comparable(whole));
    });
  }, FUZZ_TIMEOUT);

  it('header blocks of random or corrupted bytes behind valid CRCs reach the header parser and fail typed', () => {
    const block = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(message, mutations).map(([m, changes]) => {
        const frame = encodeEventStreamMessage({ headers: m.headers, payload: new Uint8Array(0) });
        return mutate(frame.subarray(12, frame.length - 4), changes);
      }),
    );
    checkProperty('event-stream header parser', 400, [block, fc.uint8Array({ maxLength: 64 }), chunkSizes], (headerBlock, payload, sizes) => {
      const frame = rawFrame(headerBlock, payload);
      const whole = decodeMessages([frame]);
      expectActionable(whole.thrown);
      if (whole.error) expect(['invalid-header']).toContain(whole.error.code);
      expect(comparable(decodeMessages(chunk(frame, sizes)))).toEqual(comparable(whole));
    });
  }, FUZZ_TIMEOUT);

  it('declared lengths are judged from the 12-byte prelude alone: over a limit fails at once, nothing is buffered', () => {
    const prelude = fc.record({ total: fc.nat({ max: 0xffffffff }), headerLength: fc.oneof(fc.nat({ max: 2048 }), fc.nat({ max: 0xffffffff })), maxPayloadBytes: fc.nat({ max: 8192 }), maxHeaderBytes: fc.nat({ max: 2048 }) });
    checkProperty('event-stream prelude limits', 300, [prelude], ({ total, headerLength, maxPayloadBytes, maxHeaderBytes }) => {
      const bytes = new Uint8Array(12);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, total, false);
      view.setUint32(4, headerLength, false);
      view.setUint32(8, crc32(bytes.subarray(0, 8)), false);
      const expected =
        total < 16 || headerLength > total - 16
          ? 'frame-too-short'
          : headerLength > maxHeaderBytes
            ? 'headers-too-large'
            : total - headerLength - 16 > maxPayloadBytes
              ? 'frame-too-large'
              : 'truncated-frame'; // accepted: waits for the rest, and end() says it never came
      const outcome = decodeMessages([bytes], { maxPayloadBytes, maxHeaderBytes });
      expect(outcome.error).toEqual({ code: expected, byteOffset: 0 });
    });
  }, FUZZ_TIMEOUT);
});

// ---------------------------------------------------------------------------------------------
// SageMaker event layer

type EventSpec =
  | { kind: 'payload'; bytes: Uint8Array }
  | { kind: 'model-stream-error'; errorCode: string; message: string }
  | { kind: 'internal-stream-failure'; message: string }
  | { kind: 'error-frame'; errorCode: string; message: string }
  | { kind: 'unknown-event'; eventType: string; payload: Uint8Array }
  | { kind: 'unknown-exception'; exceptionType: string; message: string }
  | { kind: 'exception-raw'; exceptionType: string; payload: Uint8Array };

const text = fc.string({ unit: 'grapheme', maxLength: 60 });
const eventSpec: fc.Arbitrary<EventSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('payload' as const), bytes: fc.uint8Array({ maxLength: 400 }) }) },
  fc.record({ kind: fc.constant('model-stream-error' as const), errorCode: text, message: text }),
  fc.record({ kind: fc.constant('internal-stream-failure' as const), message: text }),
  fc.record({ kind: fc.constant('error-frame' as const), errorCode: text, message: text }),
  fc.record({ kind: fc.constant('unknown-event' as const), eventType: text.filter((t) => t !== 'PayloadPart' && utf8Length(t) < 1000), payload: fc.uint8Array({ maxLength: 100 }) }),
  fc.record({ kind: fc.constant('unknown-exception' as const), exceptionType: text.filter((t) => t !== 'ModelStreamError' && t !== 'InternalStreamFailure'), message: text }),
  fc.record({
    kind: fc.constant('exception-raw' as const),
    exceptionType: fc.constantFrom('ModelStreamError', 'InternalStreamFailure', 'Other'),
    payload: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value) ?? 'null'))),
  }),
);

function encodeSpec(spec: EventSpec): Uint8Array {
  switch (spec.kind) {
    case 'payload':
      return encodePayloadPart(spec.bytes);
    case 'model-stream-error':
      return encodeModelStreamError(spec);
    case 'internal-stream-failure':
      return encodeInternalStreamFailure(spec);
    case 'error-frame':
      return encodeErrorFrame(spec);
    case 'unknown-event':
      return encodeEventFrame(spec);
    case 'unknown-exception':
      return encodeExceptionFrame({ exceptionType: spec.exceptionType, body: { Message: spec.message } });
    case 'exception-raw':
      return encodeEventStreamMessage({
        headers: { ':exception-type': stringHeader(spec.exceptionType), ':content-type': stringHeader('application/json'), ':message-type': stringHeader('exception') },
        payload: spec.payload,
      });
  }
}

/** The event a spec must decode to; for raw exception bodies only the kind is fixed. */
function expectedEvent(spec: EventSpec, byteOffset: number): unknown {
  switch (spec.kind) {
    case 'payload':
      return { type: 'payload-part', bytes: toHex(spec.bytes), byteOffset };
    case 'model-stream-error':
      return { type: 'model-stream-error', errorCode: spec.errorCode, message: spec.message, byteOffset };
    case 'internal-stream-failure':
      return { type: 'internal-stream-failure', message: spec.message, byteOffset };
    case 'error-frame':
      return { type: 'error-frame', errorCode: spec.errorCode, message: spec.message, byteOffset };
    case 'unknown-event':
      return { type: 'unknown-event', eventType: spec.eventType, byteOffset };
    case 'unknown-exception':
      return { type: 'unknown-exception', exceptionType: spec.exceptionType, message: spec.message, byteOffset };
    case 'exception-raw':
      return expect.objectContaining({
        type: spec.exceptionType === 'ModelStreamError' ? 'model-stream-error' : spec.exceptionType === 'InternalStreamFailure' ? 'internal-stream-failure' : 'unknown-exception',
        message: expect.any(String),
        byteOffset,
      });
  }
}

const decodeEvents = (chunks: Uint8Array[]) =>
  drive<SageMakerStreamEvent>(chunks, (emit) => createSageMakerEventDecoder({ onEvent: (event) => emit(event.type === 'payload-part' ? { ...event, bytes: event.bytes.slice() } : event) }));

const printable = (outcome: Outcome<SageMakerStreamEvent>) => ({
  events: outcome.items.map((event) => (event.type === 'payload-part' ? { ...event, bytes: toHex(event.bytes) } : event)),
  error: outcome.error,
});

describe('fuzz: SageMaker event layer', () => {
  it('random sequences of PayloadParts, exceptions, error frames and unknown events decode exactly, however split', () => {
    checkProperty('sagemaker events valid', 150, [fc.array(eventSpec, { maxLength: 8 }), chunkSizes], (specs, sizes) => {
      const frames = specs.map(encodeSpec);
      const outcome = decodeEvents(chunk(concat(frames), sizes));
      expect(outcome.error).toBeUndefined();
      let offset = 0;
      expect(printable(outcome).events).toEqual(
        specs.map((spec, i) => {
          const expected = expectedEvent(spec, offset);
          offset += frames[i]!.length;
          return expected;
        }),
      );
    });
  }, FUZZ_TIMEOUT);

  it('corrupted event bodies give one typed error or events, the same however split', () => {
    checkProperty('sagemaker events corrupted', 200, [fc.array(eventSpec, { minLength: 1, maxLength: 5 }), mutations, chunkSizes], (specs, changes, sizes) => {
      const body = mutate(concat(specs.map(encodeSpec)), changes);
      const whole = decodeEvents([body]);
      expectActionable(whole.thrown);
      expect(printable(decodeEvents(chunk(body, sizes)))).toEqual(printable(whole));
    });
  }, FUZZ_TIMEOUT);

  it('frames with any headers (valid CRCs) classify or fail as unrecognized-message-type, never crash', () => {
    checkProperty('sagemaker events any headers', 200, [fc.array(message, { minLength: 1, maxLength: 4 })], (input) => {
      const outcome = decodeEvents([concat(input.map(encodeEventStreamMessage))]);
      expectActionable(outcome.thrown);
      if (outcome.error) expect(outcome.error.code).toBe('unrecognized-message-type');
    });
  }, FUZZ_TIMEOUT);
});

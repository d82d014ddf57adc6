import { describe, expect, it } from 'vitest';
import { isSageStreamError, type SageStreamError } from '../errors.js';
import { concat } from '../../test/helpers/bytes.js';
import { crc32 } from './crc32.js';
import { stringHeader } from './headers.js';
import { createEventStreamDecoder } from './message-decoder.js';
import { encodeEventStreamMessage } from './message-encoder.js';
import { createSageMakerEventDecoder } from './sagemaker-event-decoder.js';
import { encodeErrorFrame, encodeEventFrame, encodeExceptionFrame, encodeModelStreamError, encodePayloadPart } from './sagemaker-event-encoder.js';
import type { SageMakerStreamEvent } from './sagemaker-stream-event.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function decode(chunks: Uint8Array[], limits: { maxPayloadBytes?: number; maxHeaderBytes?: number } = {}) {
  const events: SageMakerStreamEvent[] = [];
  const decoder = createSageMakerEventDecoder({ ...limits, onEvent: (event) => events.push(event) });
  let error: SageStreamError | undefined;
  try {
    for (const chunk of chunks) decoder.feed(chunk);
    decoder.end();
  } catch (caught) {
    if (!isSageStreamError(caught)) throw caught;
    error = caught;
  }
  return { events, error, stats: decoder.stats };
}

describe('event-stream decoder: negative cases', () => {
  const frame = encodePayloadPart(text('{"outputs": ["hi"]}\n'));

  it('checks every byte of every frame once the header block repeats (the precomputed CRC path)', () => {
    // Frames of 0–300 payload bytes after a run of identical header blocks: the CRC of the
    // repeated block is then a table step, the payload hashed in JS or natively by size.
    const frames = Array.from({ length: 40 }, (_, i) => encodePayloadPart(Uint8Array.from({ length: (i * 37) % 301 }, (_, k) => (k * 13 + i) & 0xff)));
    const body = concat(frames);
    const clean = decode([body]);
    expect(clean.error).toBeUndefined();
    expect(clean.events).toHaveLength(40);
    let offset = 0;
    for (const [index, each] of frames.entries()) {
      // Flip a byte of the headers, and the last byte before the message CRC, of frame `index`.
      for (const at of [offset + 12 + 40, offset + each.length - 5]) {
        const corrupt = body.slice();
        corrupt[at] = corrupt[at]! ^ 0x01;
        const { events, error } = decode([corrupt]);
        expect(error?.code, `frame ${index} byte ${at - offset}`).toBe('message-crc-mismatch');
        expect(error?.byteOffset).toBe(offset);
        expect(events).toHaveLength(index);
      }
      offset += each.length;
    }
  });

  it('rejects a bad prelude CRC with its offset, before allocating the frame', () => {
    const body = concat([encodePayloadPart(text('ok')), frame]).slice();
    body[115] = body[115]! ^ 0xff; // a byte of the second frame's prelude CRC
    const { events, error } = decode([body]);
    expect(events).toHaveLength(1);
    expect(error?.code).toBe('prelude-crc-mismatch');
    expect(error?.byteOffset).toBe(107);
    expect(error?.message).toMatch(/Prelude CRC mismatch .* at byte 107/);
  });

  it('rejects a bad message CRC (one flipped payload bit)', () => {
    const corrupt = frame.slice();
    corrupt[frame.length - 6] = corrupt[frame.length - 6]! ^ 0x01;
    const { events, error } = decode([corrupt]);
    expect(events).toEqual([]);
    expect(error?.code).toBe('message-crc-mismatch');
    expect(error?.expected).toMatch(/^0x[0-9a-f]{8}$/);
  });

  it('reports a truncated final frame at end of stream, wherever it was cut', () => {
    for (const cut of [1, 3, 4, 11, 12, 50, frame.length - 1]) {
      const { events, error } = decode([concat([frame, frame.subarray(0, cut)])]);
      expect(events, `cut ${cut}`).toHaveLength(1);
      expect(error?.code, `cut ${cut}`).toBe('truncated-frame');
      expect(error?.byteOffset).toBe(frame.length);
      expect(error?.message).toContain('Truncated event message received');
    }
  });

  it('enforces the payload limit from the prelude, without waiting for the payload', () => {
    const big = encodePayloadPart(new Uint8Array(5000));
    const { error } = decode([big.subarray(0, 12)], { maxPayloadBytes: 4096 });
    expect(error?.code).toBe('frame-too-large');
    expect(error?.message).toContain('limit is 4096');
  });

  it('enforces the header limit', () => {
    const { error } = decode([frame], { maxHeaderBytes: 64 });
    expect(error?.code).toBe('headers-too-large');
  });

  it('rejects a total length below 16 bytes and a header length beyond the frame', () => {
    const tiny = new Uint8Array(12);
    new DataView(tiny.buffer).setUint32(0, 8);
    expect(decode([tiny]).error?.code).toBe('frame-too-short');
    // Not an event-stream at all (e.g. a JSON error body) fails fast with a readable message.
    const json = text('{"message":"Missing Authentication Token"}');
    const error = decode([json]).error;
    expect(error?.code).toBe('prelude-crc-mismatch');
    expect(error?.message).toContain('not application/vnd.amazon.eventstream');
  });

  it('decodes an exception frame that comes first, and stops nothing after it', () => {
    const { events, error } = decode([concat([encodeModelStreamError({ errorCode: 'StreamBroken', message: 'reset' }), frame])]);
    expect(error).toBeUndefined();
    expect(events[0]).toEqual({ type: 'model-stream-error', errorCode: 'StreamBroken', message: 'reset', byteOffset: 0 });
  });

  it('skips unknown event types but counts them', () => {
    const { events, stats } = decode([concat([encodeEventFrame({ eventType: 'Heartbeat', payload: new Uint8Array(0) }), frame])]);
    expect(events.map((event) => event.type)).toEqual(['unknown-event', 'payload-part']);
    expect(stats.unknownEvents).toBe(1);
    expect(stats.payloadParts).toBe(1);
  });

  it('surfaces :message-type error frames and unknown exception types', () => {
    const { events } = decode([
      concat([
        encodeErrorFrame({ errorCode: 'ThrottlingException', message: 'Rate exceeded' }),
        encodeExceptionFrame({ exceptionType: 'ValidationException', body: { Message: 'bad' } }),
      ]),
    ]);
    expect(events).toEqual([
      { type: 'error-frame', errorCode: 'ThrottlingException', message: 'Rate exceeded', byteOffset: 0 },
      expect.objectContaining({ type: 'unknown-exception', exceptionType: 'ValidationException', message: 'bad' }),
    ]);
  });

  it('rejects a frame without :message-type', () => {
    const noType = encodeEventStreamMessage({ headers: { ':event-type': stringHeader('PayloadPart') }, payload: text('x') });
    expect(decode([noType]).error?.code).toBe('unrecognized-message-type');
  });

  it('rejects a header block that lies about its contents', () => {
    const bytes = encodeEventStreamMessage({ headers: { a: stringHeader('b') }, payload: new Uint8Array(0) });
    bytes[12 + 2] = 10; // the type byte of header "a": 10 is not a header type
    const fixed = reCrc(bytes);
    const error = decode([fixed]).error;
    expect(error?.code).toBe('invalid-header');
    expect(error?.message).toContain('unknown header value type 10');
  });

  it('an empty body decodes to nothing, without error', () => {
    const { events, error } = decode([new Uint8Array(0)]);
    expect(events).toEqual([]);
    expect(error).toBeUndefined();
  });

  it('counts bytes read across chunks', () => {
    const decoder = createEventStreamDecoder({ onMessage: () => undefined });
    for (const chunk of [frame.subarray(0, 5), frame.subarray(5)]) decoder.feed(chunk);
    expect(decoder.bytesRead).toBe(frame.length);
    expect(decoder.messagesDecoded).toBe(1);
  });
});

/** Recomputes both CRCs of a frame after a test edits its bytes. */
function reCrc(frame: Uint8Array): Uint8Array {
  const copy = new Uint8Array(frame);
  const view = new DataView(copy.buffer);
  view.setUint32(8, crc32(copy.subarray(0, 8)));
  view.setUint32(copy.length - 4, crc32(copy.subarray(0, copy.length - 4)));
  return copy;
}

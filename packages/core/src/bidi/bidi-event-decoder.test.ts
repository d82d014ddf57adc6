import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { SageStreamError } from '../errors.js';
import { encodeInternalStreamFailure, encodeModelStreamError, encodeEventFrame } from '../event-stream/sagemaker-event-encoder.js';
import { createBidiEventDecoder, type BidiStreamEvent } from './bidi-event-decoder.js';
import { encodeBidiPayloadPart } from './payload-part.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function decode(chunks: Uint8Array[], limits: { maxPayloadBytes?: number } = {}): BidiStreamEvent[] {
  const events: BidiStreamEvent[] = [];
  const decoder = createBidiEventDecoder({ ...limits, onEvent: (event) => events.push(event) });
  for (const chunk of chunks) decoder.feed(chunk);
  decoder.end();
  return events;
}

describe('createBidiEventDecoder', () => {
  it('reads PayloadParts written by the Smithy codec (DataType, CompletionState, P)', () => {
    const frame = codec.encode({
      headers: {
        ':event-type': { type: 'string', value: 'PayloadPart' },
        ':content-type': { type: 'string', value: 'application/octet-stream' },
        ':message-type': { type: 'string', value: 'event' },
        DataType: { type: 'string', value: 'BINARY' },
        CompletionState: { type: 'string', value: 'PARTIAL' },
        P: { type: 'string', value: 'abcd' },
      },
      body: Uint8Array.of(0, 1, 2, 255),
    });
    const [event] = decode([frame]);
    expect(event).toEqual({ type: 'payload-part', bytes: Uint8Array.of(0, 1, 2, 255), dataType: 'BINARY', completionState: 'PARTIAL', padding: 'abcd', byteOffset: 0 });
  });

  it('reads in-stream exceptions and skips nothing silently', () => {
    const frames = [
      encodeBidiPayloadPart({ bytes: fromUtf8('ok'), dataType: 'UTF8', completionState: 'COMPLETE' }),
      encodeEventFrame({ eventType: 'FutureEvent', payload: new Uint8Array(0) }),
      encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: 'late' }),
      encodeInternalStreamFailure({ message: 'boom' }),
    ];
    const events = decode(frames);
    expect(events.map((event) => event.type)).toEqual(['payload-part', 'unknown-event', 'model-stream-error', 'internal-stream-failure']);
    expect(events[2]).toMatchObject({ errorCode: 'ModelInvocationTimeExceeded', message: 'late' });
  });

  it('gives identical events whole and byte by byte', () => {
    const frame = encodeBidiPayloadPart({ bytes: fromUtf8('split me'), dataType: 'UTF8', completionState: 'COMPLETE' });
    expect(decode([...frame].map((byte) => Uint8Array.of(byte)))).toEqual(decode([frame]));
  });

  it('applies the payload limit with a typed error', () => {
    const frame = encodeBidiPayloadPart({ bytes: new Uint8Array(100) });
    expect(() => decode([frame], { maxPayloadBytes: 10 })).toThrow(SageStreamError);
  });

  it('rejects a CompletionState outside PARTIAL | COMPLETE', () => {
    const frame = encodeBidiPayloadPart({ bytes: new Uint8Array(1), completionState: 'DONE' as 'COMPLETE' });
    expect(() => decode([frame])).toThrow(/CompletionState/);
  });
});

import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../test/helpers/bytes.js';
import { allSplits } from '../../test/helpers/splits.js';
import { createSageMakerEventDecoder } from './sagemaker-event-decoder.js';
import { encodeInternalStreamFailure, encodeModelStreamError, encodePayloadPart } from './sagemaker-event-encoder.js';
import type { SageMakerStreamEvent } from './sagemaker-stream-event.js';

// Golden vectors from wire spec §5 (generated there with @smithy/eventstream-codec and cross-checked
// with Python zlib.crc32 and botocore's EventStreamBuffer).
const PAYLOAD_PART_HI =
  '0000006b00000059997770650b3a6576656e742d7479706507000b5061796c6f6164506172740d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167652d747970650700056576656e746869f0e10a16';
const MODEL_STREAM_ERROR =
  '000000fe0000005e1ef54da60f3a657863657074696f6e2d747970650700104d6f64656c53747265616d4572726f720d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74797065070009657863657074696f6e7b224572726f72436f6465223a224d6f64656c496e766f636174696f6e54696d654578636565646564222c224d657373616765223a22596f7572206d6f64656c207072696d61727920646964206e6f7420636f6d706c6574652073656e64696e672074686520696e666572656e636520726573706f6e736520696e2074686520616c6c6f747465642074696d652e227dc3bab888';
const INTERNAL_STREAM_FAILURE =
  '000000980000006350ef835a0f3a657863657074696f6e2d74797065070015496e7465726e616c53747265616d4661696c7572650d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74797065070009657863657074696f6e7b224d657373616765223a22496e7465726e616c2073747265616d206661696c757265227d4b0a7b38';
const TGI_FIRST_EVENT_PAYLOAD =
  'data:{"index":1,"token":{"id":22557,"text":"Hello","logprob":-0.25,"special":false},"generated_text":null,"details":null}\n\n';
const TIMEOUT_MESSAGE = 'Your model primary did not complete sending the inference response in the allotted time.';

function decodeAll(chunks: Uint8Array[]): SageMakerStreamEvent[] {
  const events: SageMakerStreamEvent[] = [];
  const decoder = createSageMakerEventDecoder({ onEvent: (event) => events.push({ ...event, ...('bytes' in event ? { bytes: event.bytes.slice() } : {}) }) });
  for (const chunk of chunks) decoder.feed(chunk);
  decoder.end();
  return events;
}

describe('golden frames (wire spec §5)', () => {
  it('decodes the 107-byte PayloadPart "hi"', () => {
    const frame = fromHex(PAYLOAD_PART_HI);
    expect(frame.length).toBe(107);
    expect(decodeAll([frame])).toEqual([{ type: 'payload-part', bytes: new TextEncoder().encode('hi'), byteOffset: 0 }]);
  });

  it('encodes the PayloadPart "hi" to exactly the golden bytes', () => {
    expect(toHex(encodePayloadPart(new TextEncoder().encode('hi')))).toBe(PAYLOAD_PART_HI);
  });

  it('decodes and encodes the 254-byte ModelStreamError exactly', () => {
    const frame = fromHex(MODEL_STREAM_ERROR);
    expect(frame.length).toBe(254);
    expect(decodeAll([frame])).toEqual([
      { type: 'model-stream-error', errorCode: 'ModelInvocationTimeExceeded', message: TIMEOUT_MESSAGE, byteOffset: 0 },
    ]);
    expect(toHex(encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: TIMEOUT_MESSAGE }))).toBe(MODEL_STREAM_ERROR);
  });

  it('decodes and encodes the 152-byte InternalStreamFailure exactly', () => {
    const frame = fromHex(INTERNAL_STREAM_FAILURE);
    expect(frame.length).toBe(152);
    expect(decodeAll([frame])).toEqual([{ type: 'internal-stream-failure', message: 'Internal stream failure', byteOffset: 0 }]);
    expect(toHex(encodeInternalStreamFailure({ message: 'Internal stream failure' }))).toBe(INTERNAL_STREAM_FAILURE);
  });

  it('frames the first TGI event as the 228-byte PayloadPart of §10.2 (prelude aac15726, CRC c489a27e)', () => {
    const frame = encodePayloadPart(new TextEncoder().encode(TGI_FIRST_EVENT_PAYLOAD));
    expect(frame.length).toBe(228);
    expect(toHex(frame.subarray(0, 12))).toBe('000000e400000059aac15726');
    expect(toHex(frame.subarray(frame.length - 4))).toBe('c489a27e');
  });

  it('decodes the three golden frames in one body however the body is split (including inside the length)', () => {
    const body = concat([fromHex(PAYLOAD_PART_HI), fromHex(PAYLOAD_PART_HI), fromHex(MODEL_STREAM_ERROR)]);
    const expected = decodeAll([body]);
    expect(expected.map((event) => event.type)).toEqual(['payload-part', 'payload-part', 'model-stream-error']);
    expect(expected.map((event) => event.byteOffset)).toEqual([0, 107, 214]);
    for (const { name, chunks } of allSplits(body, 30)) {
      expect(decodeAll(chunks), name).toEqual(expected);
    }
  });
});

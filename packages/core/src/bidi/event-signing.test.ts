import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SageStreamError } from '../errors.js';
import { createEventStreamDecoder, type EventStreamMessage } from '../event-stream/message-decoder.js';
import { encodeEventStreamMessage } from '../event-stream/message-encoder.js';
import { toHex } from './bidi-crypto.js';
import { createBidiInputDecoder } from './bidi-input-decoder.js';
import { createEventSignatureChain } from './event-signing.js';
import { encodeBidiPayloadPart } from './payload-part.js';
import { encodeSignedBidiEvent } from './sign-bidi-event.js';
import { parseSignedEvent } from './signed-event.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SEED = 'a'.repeat(64);
const REGION = 'us-west-2';

/** `@smithy/signature-v4`'s hash constructor shape over node:crypto (an independent implementation). */
class NodeSha256 {
  private hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

const smithySigner = new SignatureV4({ credentials: { accessKeyId: 'AKID', secretAccessKey: SECRET }, region: REGION, service: 'sagemaker', sha256: NodeSha256 as never });
const codec = new EventStreamCodec(toUtf8, fromUtf8);

function decodeAll(bytes: Uint8Array): EventStreamMessage[] {
  const out: EventStreamMessage[] = [];
  const decoder = createEventStreamDecoder({ onMessage: (message) => out.push({ ...message, payload: message.payload.slice() }) });
  decoder.feed(bytes);
  decoder.end();
  return out;
}

async function signedEvents(texts: string[], withEnd = true): Promise<Uint8Array[]> {
  const chain = createEventSignatureChain({ secretAccessKey: SECRET, region: REGION, seedSignature: SEED });
  const frames: Uint8Array[] = [];
  for (const [index, text] of texts.entries()) {
    const date = new Date(Date.UTC(2026, 10, 28, 12, 0, index, 123));
    frames.push(await encodeSignedBidiEvent({ chain, date, part: { bytes: fromUtf8(text), dataType: 'UTF8', completionState: 'COMPLETE' } }));
  }
  if (withEnd) frames.push(await encodeSignedBidiEvent({ chain, date: new Date(Date.UTC(2026, 10, 28, 12, 1, 0)) }));
  return frames;
}

describe('event signing', () => {
  it('chains the same signatures as @smithy/signature-v4 signMessage (the EventSigningStream signer)', async () => {
    const frames = await signedEvents(['hello', 'world', '日本語']);
    let prior = SEED;
    for (const frame of frames) {
      const signed = parseSignedEvent(decodeAll(frame)[0]!);
      const expected = await smithySigner.signMessage({ message: { headers: { ':date': { type: 'timestamp', value: signed.date } }, body: signed.payload }, priorSignature: prior }, { signingDate: signed.date });
      expect(toHex(signed.signature)).toBe(expected.signature);
      prior = expected.signature;
    }
  });

  it('writes an envelope the Smithy codec reads: :date timestamp, :chunk-signature bytes, inner PayloadPart', async () => {
    const [frame] = await signedEvents(['hi'], false);
    const outer = codec.decode(frame!);
    expect(outer.headers[':date']).toEqual({ type: 'timestamp', value: new Date(Date.UTC(2026, 10, 28, 12, 0, 0, 123)) });
    expect(outer.headers[':chunk-signature']?.type).toBe('binary');
    expect((outer.headers[':chunk-signature']!.value as Uint8Array).length).toBe(32);
    const inner = codec.decode(outer.body);
    expect(Object.keys(inner.headers)).toEqual([':event-type', ':message-type', ':content-type', 'DataType', 'CompletionState']);
    expect(inner.headers.DataType).toEqual({ type: 'string', value: 'UTF8' });
    expect(toUtf8(inner.body)).toBe('hi');
  });

  async function feedAll(frames: Uint8Array[]): Promise<string[]> {
    const chain = createEventSignatureChain({ secretAccessKey: SECRET, region: REGION, seedSignature: SEED });
    const texts: string[] = [];
    const decoder = createBidiInputDecoder({ chain, now: () => Date.UTC(2026, 10, 28, 12, 0, 30), onPart: (part) => void texts.push(toUtf8(part.bytes)) });
    for (const frame of frames) await decoder.feed(frame);
    await decoder.end();
    expect(decoder.ended).toBe(true);
    return texts;
  }

  it('accepts a valid chain, split at every byte', async () => {
    const frames = await signedEvents(['a', 'b', 'c']);
    expect(await feedAll(frames)).toEqual(['a', 'b', 'c']);
    const all = new Uint8Array(frames.reduce((sum, frame) => sum + frame.length, 0));
    let offset = 0;
    for (const frame of frames) {
      all.set(frame, offset);
      offset += frame.length;
    }
    expect(await feedAll([...all].map((byte) => Uint8Array.of(byte)))).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['forged', async (frames: Uint8Array[]) => {
      const outer = parseSignedEvent(decodeAll(frames[1]!)[0]!);
      const forged = encodeEventStreamMessage({ headers: { ':date': { type: 'timestamp', value: outer.date }, ':chunk-signature': { type: 'binary', value: outer.signature } }, payload: encodeBidiPayloadPart({ bytes: fromUtf8('B'), dataType: 'UTF8', completionState: 'COMPLETE' }) });
      return [frames[0]!, forged, ...frames.slice(2)];
    }],
    ['reordered', async (frames: Uint8Array[]) => [frames[1]!, frames[0]!, ...frames.slice(2)]],
    ['replayed', async (frames: Uint8Array[]) => [frames[0]!, frames[0]!, ...frames.slice(1)]],
    ['wrong key', async () => {
      const chain = createEventSignatureChain({ secretAccessKey: 'other', region: REGION, seedSignature: SEED });
      return [await encodeSignedBidiEvent({ chain, date: new Date(Date.UTC(2026, 10, 28, 12, 0, 0)), part: { bytes: fromUtf8('x') } })];
    }],
  ])('rejects a %s event with signature-mismatch', async (_name, tamper) => {
    const frames = await tamper(await signedEvents(['a', 'b', 'c']));
    const error = await feedAll(frames).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SageStreamError);
    expect((error as SageStreamError).code).toBe('signature-mismatch');
  });

  it('rejects an event dated outside the clock-skew window', async () => {
    const chain = createEventSignatureChain({ secretAccessKey: SECRET, region: REGION, seedSignature: SEED });
    const frame = await encodeSignedBidiEvent({ chain, date: new Date(Date.UTC(2026, 10, 28, 11, 0, 0)), part: { bytes: fromUtf8('old') } });
    const error = await feedAll([frame]).catch((caught: unknown) => caught);
    expect((error as SageStreamError).code).toBe('signature-mismatch');
  });

  it('rejects an unsigned event (no :chunk-signature) with invalid-header', async () => {
    const unsigned = encodeEventStreamMessage({ headers: { ':date': { type: 'timestamp', value: new Date(Date.UTC(2026, 10, 28, 12, 0, 0)) } }, payload: encodeBidiPayloadPart({ bytes: fromUtf8('x') }) });
    const error = await feedAll([unsigned]).catch((caught: unknown) => caught);
    expect((error as SageStreamError).code).toBe('invalid-header');
  });

  it('rejects a DataType outside UTF8 | BINARY', async () => {
    const chain = createEventSignatureChain({ secretAccessKey: SECRET, region: REGION, seedSignature: SEED });
    const frame = await encodeSignedBidiEvent({ chain, date: new Date(Date.UTC(2026, 10, 28, 12, 0, 0)), part: { bytes: fromUtf8('x'), dataType: 'TEXT' as 'UTF8' } });
    const error = await feedAll([frame]).catch((caught: unknown) => caught);
    expect((error as SageStreamError).code).toBe('invalid-header');
  });

  it('rejects a seed that is not a request signature', () => {
    expect(() => createEventSignatureChain({ secretAccessKey: SECRET, region: REGION, seedSignature: 'xyz' })).toThrow(SageStreamError);
  });
});

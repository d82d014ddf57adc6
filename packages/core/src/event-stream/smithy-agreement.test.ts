import { EventStreamCodec, Int64, type Message, type MessageHeaders as SmithyHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { createRandom, randomInt } from '../../test/helpers/random.js';
import { concat } from '../../test/helpers/bytes.js';
import { randomSplits } from '../../test/helpers/splits.js';
import type { HeaderValue, MessageHeaders } from './headers.js';
import { createEventStreamDecoder, type EventStreamMessage } from './message-decoder.js';
import { encodeEventStreamMessage } from './message-encoder.js';

const smithy = new EventStreamCodec(toUtf8, fromUtf8);
const FRAMES = 1000;

/** A random header value of every wire type, with random names (UTF-8 too). */
function randomHeaders(random: () => number): MessageHeaders {
  const headers: MessageHeaders = {};
  const count = randomInt(random, 0, 8);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz-:_é日🎉';
  for (let i = 0; i < count; i++) {
    let name = '';
    const nameLength = randomInt(random, 1, 20);
    for (let k = 0; k < nameLength; k++) name += [...alphabet][randomInt(random, 0, [...alphabet].length - 1)];
    headers[`${name}${i}`] = randomValue(random);
  }
  return headers;
}

function randomBytes(random: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = randomInt(random, 0, 255);
  return out;
}

function randomValue(random: () => number): HeaderValue {
  switch (randomInt(random, 0, 8)) {
    case 0:
      return { type: 'boolean', value: random() < 0.5 };
    case 1:
      return { type: 'byte', value: randomInt(random, -128, 127) };
    case 2:
      return { type: 'short', value: randomInt(random, -32768, 32767) };
    case 3:
      return { type: 'integer', value: randomInt(random, -2147483648, 2147483647) };
    case 4:
      return { type: 'long', value: BigInt.asIntN(64, (BigInt(randomInt(random, 0, 2 ** 32 - 1)) << 32n) | BigInt(randomInt(random, 0, 2 ** 32 - 1))) };
    case 5:
      return { type: 'binary', value: randomBytes(random, randomInt(random, 0, 300)) };
    case 6:
      return { type: 'string', value: 'héllo wörld 日本 🎉 '.repeat(randomInt(random, 0, 20)) };
    case 7:
      return { type: 'timestamp', value: new Date(randomInt(random, 0, 4_102_444_800_000)) };
    default: {
      const hex = Array.from(randomBytes(random, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
      return { type: 'uuid', value: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
    }
  }
}

function toSmithyHeaders(headers: MessageHeaders): SmithyHeaders {
  const out: SmithyHeaders = {};
  for (const [name, header] of Object.entries(headers)) {
    if (header.type === 'long') {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigInt64(0, header.value, false);
      out[name] = { type: 'long', value: new Int64(bytes) };
    } else {
      out[name] = header as SmithyHeaders[string];
    }
  }
  return out;
}

/** Normalises smithy's decoded headers to ours (Int64 → bigint). */
function fromSmithyHeaders(headers: SmithyHeaders): MessageHeaders {
  const out: MessageHeaders = {};
  for (const [name, header] of Object.entries(headers)) {
    if (header.type === 'long') {
      out[name] = { type: 'long', value: new DataView(header.value.bytes.buffer, header.value.bytes.byteOffset, 8).getBigInt64(0, false) };
    } else {
      out[name] = header as HeaderValue;
    }
  }
  return out;
}

function generate(seed: number): { headers: MessageHeaders; payload: Uint8Array }[] {
  const random = createRandom(seed);
  return Array.from({ length: FRAMES }, (_, i) => ({
    headers: randomHeaders(random),
    // payload sizes 0–64 KiB, skewed to small as real token streams are
    payload: randomBytes(random, i % 10 === 0 ? randomInt(random, 0, 65536) : randomInt(random, 0, 512)),
  }));
}

describe(`agreement with @smithy/eventstream-codec on ${FRAMES} generated frames`, () => {
  const messages = generate(20261125);

  it('encodes every frame to the same bytes as smithy', () => {
    for (const [i, message] of messages.entries()) {
      const ours = encodeEventStreamMessage(message);
      const theirs = smithy.encode({ headers: toSmithyHeaders(message.headers), body: message.payload });
      expect(Buffer.from(ours).equals(Buffer.from(theirs)), `frame ${i}`).toBe(true);
    }
  });

  it('decodes every smithy-encoded frame to what smithy decodes', () => {
    const frames = messages.map((message) => smithy.encode({ headers: toSmithyHeaders(message.headers), body: message.payload }));
    const decoded: EventStreamMessage[] = [];
    const decoder = createEventStreamDecoder({ onMessage: (message) => decoded.push({ ...message, payload: message.payload.slice() }) });
    // One body, split at random HTTP chunk boundaries as a socket would deliver it.
    for (const chunk of randomSplits(concat(frames), 99, 70_000)) decoder.feed(chunk);
    decoder.end();
    expect(decoded).toHaveLength(FRAMES);
    for (const [i, frame] of frames.entries()) {
      const reference: Message = smithy.decode(frame);
      expect(decoded[i]!.headers, `frame ${i} headers`).toEqual(fromSmithyHeaders(reference.headers));
      expect(Buffer.from(decoded[i]!.payload).equals(Buffer.from(reference.body)), `frame ${i} payload`).toBe(true);
      expect(decoded[i]!.byteLength).toBe(frame.length);
    }
  });

  it('round-trips: decode(encode(message)) returns the message', () => {
    for (const message of messages.slice(0, 200)) {
      const decoded: EventStreamMessage[] = [];
      const decoder = createEventStreamDecoder({ onMessage: (m) => decoded.push(m) });
      decoder.feed(encodeEventStreamMessage(message));
      decoder.end();
      expect(decoded[0]!.headers).toEqual(message.headers);
      expect(Buffer.from(decoded[0]!.payload).equals(Buffer.from(message.payload))).toBe(true);
    }
  });
});

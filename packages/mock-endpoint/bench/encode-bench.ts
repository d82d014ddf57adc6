import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { encodePayloadPart } from '@sagestream/core';
import { containerFor } from '../src/containers/create-container.js';
import { defaultEndpoint } from '../src/config/default-config.js';

/** Frames per second of an encoder over the payloads, measured for about `ms`. */
function measure(encode: (payload: Uint8Array) => Uint8Array, payloads: readonly Uint8Array[], ms: number): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += encode(payloads[i % payloads.length]!).length; // warm-up
  let frames = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) sink += encode(payloads[frames++ % payloads.length]!).length;
    now = performance.now();
  }
  if (sink === 0) throw new Error('unreachable');
  return (frames / (now - start)) * 1000;
}

/** Real container writes: TGI generate_stream events of a long corpus answer. */
function samplePayloads(): Uint8Array[] {
  const endpoint = defaultEndpoint('bench', 'tgi');
  const answer = containerFor('tgi').handle({
    body: new TextEncoder().encode(JSON.stringify({ inputs: 'python code please', parameters: { max_new_tokens: 1000 }, stream: true })),
    contentType: 'application/json',
    endpoint,
    seed: 1,
    containerError: null,
    clock: () => 0,
  });
  if (answer.type !== 'accepted') throw new Error('unexpected rejection');
  return [...answer.flushes].map((flush) => flush.bytes);
}

/** Compares core's PayloadPart encoder (which the mock uses) with @smithy/eventstream-codec's on the same payloads. */
export function runEncodeBench(options: { ms: number }): { payloads: number; meanBytes: number; core: number; smithy: number } {
  const payloads = samplePayloads();
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const headers = {
    ':event-type': { type: 'string' as const, value: 'PayloadPart' },
    ':content-type': { type: 'string' as const, value: 'application/octet-stream' },
    ':message-type': { type: 'string' as const, value: 'event' },
  };
  const smithy = measure((payload) => codec.encode({ headers, body: payload }), payloads, options.ms);
  const core = measure((payload) => encodePayloadPart(payload), payloads, options.ms);
  const meanBytes = payloads.reduce((sum, payload) => sum + payload.length, 0) / payloads.length;
  return { payloads: payloads.length, meanBytes, core, smithy };
}

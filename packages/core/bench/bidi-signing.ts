/**
 * (d) Bidirectional streaming: signing input events (chained `:chunk-signature`) with
 * `@sagestream/core` (WebCrypto, and node:crypto as the mock uses) next to `@smithy/signature-v4`'s
 * `signMessage` (what the official client's EventSigningStream calls), on the same payloads.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { createEventSignatureChain, encodeBidiPayloadPart, type BidiCrypto } from '../src/index.js';
import { formatNumber, measure, printTable } from './harness.js';

const EVENTS = 2000;
const SECRET = 'bench-secret';
const SEED = 'a'.repeat(64);

class NodeHash {
  private hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

const nodeCrypto: BidiCrypto = {
  sha256: (data) => Promise.resolve(new Uint8Array(createHash('sha256').update(data).digest())),
  hmacSha256: (key, data) => Promise.resolve(new Uint8Array(createHmac('sha256', key).update(data).digest())),
};

/** Prints events/s of each signer for 64-byte (a chat turn) and 3200-byte (100 ms of audio) parts. */
export async function benchBidiSigning(): Promise<void> {
  const rows: string[][] = [];
  for (const size of [64, 3200]) {
    const payloads = Array.from({ length: EVENTS }, (_, i) => encodeBidiPayloadPart({ bytes: new Uint8Array(size).fill(i & 0xff), dataType: 'BINARY', completionState: 'PARTIAL' }));
    const date = new Date(Date.UTC(2026, 10, 28, 12));
    const smithy = new SignatureV4({ credentials: { accessKeyId: 'AKID', secretAccessKey: SECRET }, region: 'us-east-1', service: 'sagemaker', sha256: NodeHash as never });
    const runSmithy = async () => {
      let prior = SEED;
      for (const body of payloads) prior = (await smithy.signMessage({ message: { headers: { ':date': { type: 'timestamp', value: date } }, body }, priorSignature: prior }, { signingDate: date })).signature;
    };
    const runOurs = (crypto?: BidiCrypto) => async () => {
      const chain = createEventSignatureChain({ secretAccessKey: SECRET, region: 'us-east-1', seedSignature: SEED, ...(crypto ? { crypto } : {}) });
      for (const payload of payloads) await chain.next({ payload, date });
    };
    // WebCrypto last: its digests run on the libuv thread pool and can slow what follows.
    const base = await measure(runSmithy, { runs: 5, warmup: 3 });
    const node = await measure(runOurs(nodeCrypto), { runs: 5, warmup: 3 });
    const web = await measure(runOurs(), { runs: 5, warmup: 3 });
    const rate = (ms: number) => formatNumber(EVENTS / (ms / 1000));
    rows.push([`${size} B parts`, rate(base.medianMs), rate(web.medianMs), rate(node.medianMs), `${formatNumber(base.medianMs / node.medianMs, 1)}×`]);
  }
  printTable(`(d) bidi event signing, ${formatNumber(EVENTS)} chained events (events/s, median)`, ['payload', '@smithy signMessage', 'ours (WebCrypto)', 'ours (node:crypto)', 'node vs smithy'], rows);
}

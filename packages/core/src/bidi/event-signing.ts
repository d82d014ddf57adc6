import { SageStreamError } from '../errors.js';
import { encodeHeaders } from '../event-stream/headers.js';
import { BIDI_SIGNING_SERVICE, EVENT_SIGNING_ALGORITHM } from './bidi-constants.js';
import { toHex, webBidiCrypto, type BidiCrypto } from './bidi-crypto.js';

/** The secret half of a credential, which is all event signing needs. */
export interface EventSigningKey {
  secretAccessKey: string;
  region: string;
  /** Default `sagemaker`. */
  service?: string;
}

const textEncoder = new TextEncoder();

/** `20251121T101500Z` of a date (seconds precision, as SigV4 uses). */
export function formatLongDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The encoded `:date` header block of a signed event: `0x05 ":date" 0x08 <int64 ms>`. Its SHA-256 is
 * the fifth line of the string to sign, so it must be byte-identical to what goes on the wire.
 */
export function encodeDateHeader(date: Date): Uint8Array {
  return encodeHeaders({ ':date': { type: 'timestamp', value: date } });
}

/**
 * The string to sign of one event (SigV4 event signing, as `@smithy/signature-v4` `signEvent`):
 * `AWS4-HMAC-SHA256-PAYLOAD`, the long date, the scope, the prior signature (hex), the SHA-256 of
 * the encoded `:date` header, the SHA-256 of the payload (the inner message), joined by `\n`.
 */
export async function createEventStringToSign(options: { date: Date; region: string; service?: string; priorSignature: string; payload: Uint8Array; crypto?: BidiCrypto }): Promise<string> {
  const crypto = options.crypto ?? webBidiCrypto;
  const longDate = formatLongDate(options.date);
  const scope = `${longDate.slice(0, 8)}/${options.region}/${options.service ?? BIDI_SIGNING_SERVICE}/aws4_request`;
  const [headersHash, payloadHash] = await Promise.all([crypto.sha256(encodeDateHeader(options.date)), crypto.sha256(options.payload)]);
  return [EVENT_SIGNING_ALGORITHM, longDate, scope, options.priorSignature, toHex(headersHash), toHex(payloadHash)].join('\n');
}

/** Derives the SigV4 signing key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`. */
export async function deriveSigningKey(options: { secretAccessKey: string; shortDate: string; region: string; service: string; crypto?: BidiCrypto }): Promise<Uint8Array> {
  const crypto = options.crypto ?? webBidiCrypto;
  let key = await crypto.hmacSha256(textEncoder.encode(`AWS4${options.secretAccessKey}`), textEncoder.encode(options.shortDate));
  for (const part of [options.region, options.service, 'aws4_request']) key = await crypto.hmacSha256(key, textEncoder.encode(part));
  return key;
}

/** Options of {@link createEventSignatureChain}. */
export interface EventSignatureChainOptions extends EventSigningKey {
  /** The request's `Authorization` signature (hex): the first event chains from it. */
  seedSignature: string;
  crypto?: BidiCrypto;
}

/** Computes chained event signatures; each call advances the chain. */
export interface EventSignatureChain {
  /** Signs `payload` at `date`, returning the 32-byte signature and making it the new prior signature. */
  next(options: { payload: Uint8Array; date: Date }): Promise<Uint8Array>;
  /** Computes the signature `next` would return without advancing the chain. */
  peek(options: { payload: Uint8Array; date: Date }): Promise<Uint8Array>;
  /** Marks `signature` (from `peek`) as the prior signature. */
  advance(signature: Uint8Array): void;
  /** The current prior signature, hex. */
  readonly priorSignature: string;
  /** Events signed (or accepted) so far. */
  readonly count: number;
}

/**
 * A chain of event signatures (the scheme of aws-sdk-js-v3's `EventSigningStream`): event N is
 * signed over event N-1's signature, the first one over the request signature. Browser-safe.
 *
 * @example
 * const chain = createEventSignatureChain({ secretAccessKey, region: 'us-east-1', seedSignature });
 * const signature = await chain.next({ payload: innerMessage, date: new Date() });
 */
export function createEventSignatureChain(options: EventSignatureChainOptions): EventSignatureChain {
  if (!/^[0-9a-f]{64}$/.test(options.seedSignature)) {
    throw new SageStreamError('invalid-argument', 'The seed signature of an event chain must be the 64 hex digits of the request signature.', {
      expected: '64 lower-case hex digits',
      actual: options.seedSignature.slice(0, 80),
    });
  }
  const service = options.service ?? BIDI_SIGNING_SERVICE;
  const crypto = options.crypto ?? webBidiCrypto;
  let prior = options.seedSignature;
  let count = 0;
  const keys = new Map<string, Promise<Uint8Array>>();
  const keyFor = (shortDate: string): Promise<Uint8Array> => {
    let key = keys.get(shortDate);
    if (!key) {
      // One key per UTC day; a stream that crosses midnight needs two.
      if (keys.size > 2) keys.clear();
      key = deriveSigningKey({ secretAccessKey: options.secretAccessKey, shortDate, region: options.region, service, crypto });
      keys.set(shortDate, key);
    }
    return key;
  };
  async function peek({ payload, date }: { payload: Uint8Array; date: Date }): Promise<Uint8Array> {
    const stringToSign = await createEventStringToSign({ date, region: options.region, service, priorSignature: prior, payload, crypto });
    const key = await keyFor(formatLongDate(date).slice(0, 8));
    return crypto.hmacSha256(key, textEncoder.encode(stringToSign));
  }
  function advance(signature: Uint8Array): void {
    prior = toHex(signature);
    count++;
  }
  return {
    peek,
    advance,
    async next(input) {
      const signature = await peek(input);
      advance(signature);
      return signature;
    },
    get priorSignature() {
      return prior;
    },
    get count() {
      return count;
    },
  };
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { MockEndpointError } from '../errors.js';
import type { Operation } from '../service/validate-request.js';

/** How a recorded stream ended. */
export type CassetteEnd =
  | { type: 'completed'; atMs: number }
  | { type: 'model-stream-error'; atMs: number; errorCode: string; message: string }
  | { type: 'internal-stream-failure'; atMs: number; message: string }
  | { type: 'disconnected'; atMs: number; message: string };

/** One recorded exchange with a real SageMaker runtime. Credentials are never part of it. */
export interface Cassette {
  version: 1;
  recordedAt: string;
  operation: Operation;
  endpoint: string;
  request: {
    bodySha256: string;
    /** The body as UTF-8 text, or base64 when it is not valid UTF-8. */
    body: string;
    bodyEncoding: 'utf8' | 'base64';
    contentType?: string;
    accept?: string;
    customAttributes?: string;
  };
  response: {
    status: number;
    /** Response headers worth replaying (content types, variant, error type). */
    headers: Record<string, string>;
    /** Whole body (base64) of InvokeEndpoint answers and HTTP errors. */
    body?: string;
    /** InvokeEndpoint: when the body arrived, ms after the request. */
    atMs?: number;
  };
  /** Streams: every PayloadPart with its arrival time, ms after the request. */
  parts?: { atMs: number; bytes: string }[];
  end?: CassetteEnd;
}

/** SHA-256 hex of a request body: the cassette key. */
export function bodyDigest(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The request body as stored: UTF-8 text when it is valid UTF-8, else base64. */
export function encodeBody(body: Uint8Array): { body: string; bodyEncoding: 'utf8' | 'base64' } {
  try {
    return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), bodyEncoding: 'utf8' };
  } catch {
    return { body: Buffer.from(body).toString('base64'), bodyEncoding: 'base64' };
  }
}

/** SageMaker's EndpointName rule: the only names that become a folder of the cassette dir. */
const SAFE_ENDPOINT = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * The cassette file of a request: `<dir>/<endpoint>/<stream|invoke>-<sha256 prefix>.json`. The
 * endpoint name must match SageMaker's pattern and the digest be hex, and the result is checked to
 * stay inside `dir`: no request text ever becomes a path of its own.
 */
export function cassettePath(options: { dir: string; endpoint: string; operation: Operation; digest: string }): string {
  const { endpoint, digest } = options;
  if (!SAFE_ENDPOINT.test(endpoint)) throw new MockEndpointError('invalid-argument', `Not a cassette name: ${JSON.stringify(endpoint.slice(0, 100))} is not an endpoint name.`, { expected: '^[a-zA-Z0-9](-*[a-zA-Z0-9])*$, at most 63 characters' });
  if (!/^[0-9a-f]{16,64}$/.test(digest)) throw new MockEndpointError('invalid-argument', 'Not a cassette digest: expected SHA-256 hex.');
  const root = resolve(options.dir);
  const kind = options.operation === 'InvokeEndpoint' ? 'invoke' : 'stream';
  const file = resolve(root, endpoint, `${kind}-${digest.slice(0, 16)}.json`);
  if (relative(root, file).startsWith('..') || relative(root, file).includes(sep + '..')) {
    throw new MockEndpointError('invalid-argument', `The cassette path ${file} is outside ${root}.`);
  }
  return file;
}

/** Writes a cassette (atomically: temp file, then rename). Returns its path. */
export async function saveCassette(options: { dir: string; cassette: Cassette }): Promise<string> {
  const { dir, cassette } = options;
  const file = cassettePath({ dir, endpoint: cassette.endpoint, operation: cassette.operation, digest: cassette.request.bodySha256 });
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(cassette, null, 2)}\n`);
  await rename(temporary, file);
  return file;
}

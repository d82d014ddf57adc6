import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

function cassetteFile(options: { dir: string; endpoint: string; operation: Operation; digest: string }): string {
  const kind = options.operation === 'InvokeEndpoint' ? 'invoke' : 'stream';
  return join(options.dir, options.endpoint, `${kind}-${options.digest.slice(0, 16)}.json`);
}

/** Writes a cassette (atomically: temp file, then rename). Returns its path. */
export async function saveCassette(options: { dir: string; cassette: Cassette }): Promise<string> {
  const { dir, cassette } = options;
  const file = cassetteFile({ dir, endpoint: cassette.endpoint, operation: cassette.operation, digest: cassette.request.bodySha256 });
  await mkdir(join(dir, cassette.endpoint), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(cassette, null, 2)}\n`);
  await rename(temporary, file);
  return file;
}

async function readCassette(file: string): Promise<Cassette> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new MockEndpointError('invalid-cassette', `Cannot read the cassette ${file}: ${(cause as Error).message}`, { file, cause });
  }
  const cassette = parsed as Cassette;
  if (cassette?.version !== 1 || typeof cassette.endpoint !== 'string' || typeof cassette.response?.status !== 'number') {
    throw new MockEndpointError('invalid-cassette', `${file} is not a version 1 cassette.`, { file, expected: '{ "version": 1, "endpoint", "response": { "status" } }' });
  }
  return cassette;
}

/**
 * Finds the cassette for a request: the one recorded for the same endpoint, operation and body,
 * else the most recently recorded one of that endpoint and operation; undefined if there is none.
 */
export async function findCassette(options: { dir: string; endpoint: string; operation: Operation; digest: string }): Promise<{ cassette: Cassette; exact: boolean } | undefined> {
  const exactFile = cassetteFile(options);
  try {
    return { cassette: await readCassette(exactFile), exact: true };
  } catch (error) {
    if (!(error instanceof MockEndpointError) || !/ENOENT/.test(error.message)) throw error;
  }
  const prefix = options.operation === 'InvokeEndpoint' ? 'invoke-' : 'stream-';
  let names: string[];
  try {
    names = (await readdir(join(options.dir, options.endpoint))).filter((name) => name.startsWith(prefix) && name.endsWith('.json'));
  } catch {
    return undefined;
  }
  const cassettes = await Promise.all(names.map((name) => readCassette(join(options.dir, options.endpoint, name))));
  cassettes.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const latest = cassettes[cassettes.length - 1];
  return latest ? { cassette: latest, exact: false } : undefined;
}

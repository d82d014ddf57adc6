import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { decodeFrames } from './helpers/raw-http.js';

// HTTP/1.1 pipelining: Node parses the second request while the first response streams, and
// gives the second response its socket only when the first ended. Its frames are buffered until then.
let mock: MockServer;

beforeAll(async () => {
  mock = await startServer({ config: { endpoints: { 'mock-tgi': { latency: { timeToFirstToken: 5, interToken: 2 } } } } });
});
afterAll(() => mock.close());

const BODY = JSON.stringify({ inputs: 'pipelined', parameters: { max_new_tokens: 12 }, stream: true });

function streamRequest(options: { attributes?: string; close?: boolean }): string {
  return (
    `POST /endpoints/mock-tgi/invocations-response-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n` +
    (options.attributes ? `X-Amzn-SageMaker-Custom-Attributes: ${options.attributes}\r\n` : '') +
    (options.close ? 'Connection: close\r\n' : '') +
    `\r\n${BODY}`
  );
}

/** Sends `requests` pipelined on one connection; resolves with the bytes and how the connection ended. */
function pipeline(requests: string[]): Promise<{ bytes: Buffer; reset: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(mock.port, '127.0.0.1', () => socket.write(requests.join('')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve({ bytes: Buffer.concat(chunks), reset: false }));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ bytes: Buffer.concat(chunks), reset: error.code === 'ECONNRESET' }));
  });
}

/** Decodes the chunked bodies of the responses in `bytes` (an unfinished last one included). */
function responseFrames(bytes: Buffer): ReturnType<typeof decodeFrames>[] {
  const responses: ReturnType<typeof decodeFrames>[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    offset = bytes.indexOf('\r\n\r\n', offset) + 4;
    const body: Buffer[] = [];
    for (;;) {
      const lineEnd = bytes.indexOf('\r\n', offset);
      if (lineEnd === -1) break;
      const size = Number.parseInt(bytes.toString('latin1', offset, lineEnd), 16);
      offset = lineEnd + 2 + size + 2;
      if (size === 0) break;
      if (offset > bytes.length) break;
      body.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    }
    responses.push(decodeFrames(Buffer.concat(body)));
    if (offset >= bytes.length) break;
  }
  return responses;
}

describe('pipelined streaming requests', () => {
  it('answer the queued request with all its frames, in order, after the first', async () => {
    const { bytes, reset } = await pipeline([streamRequest({}), streamRequest({ close: true })]);
    expect(reset).toBe(false);
    const [first, second] = responseFrames(bytes);
    expect(first!.length).toBeGreaterThan(1);
    // Same body, same seed: the same frames.
    expect(second!.map((frame) => Buffer.from(frame.body).toString('hex'))).toEqual(first!.map((frame) => Buffer.from(frame.body).toString('hex')));
    const entries = mock.journal.entries().slice(-2);
    expect(entries.map((entry) => entry.outcome)).toEqual(['completed', 'completed']);
    expect(entries[1]!.partsSent).toBe(second!.length);
  });

  it('reset a queued stream (fault connection-reset) once its turn came, after the frames before the fault', async () => {
    const { bytes, reset } = await pipeline([streamRequest({}), streamRequest({ attributes: 'mock-fault=connection-reset;mock-fault-after=3' })]);
    expect(reset).toBe(true);
    const [first, second] = responseFrames(bytes);
    expect(first!.length).toBeGreaterThan(3);
    expect(second).toHaveLength(3);
    await expect(mock.journal.waitFor((entry) => entry.outcome === 'fault:connection-reset')).resolves.toMatchObject({ tokensSent: 3 });
  });
});

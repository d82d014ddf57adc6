import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, startServer, type MockServer } from '../src/index.js';
import { decodeFrames } from './helpers/raw-http.js';

const STREAMS = 200;
const TOKENS = 50;
let mock: MockServer;

beforeAll(async () => {
  mock = await startServer({
    config: {
      endpoints: {
        'mock-lmi': { latency: { timeToFirstToken: { distribution: 'uniform', minMs: 5, maxMs: 30 }, interToken: { distribution: 'normal', meanMs: 4, stddevMs: 1 } } },
        'mock-tgi': { latency: { timeToFirstToken: 10, interToken: 4 }, chunking: 'random' },
      },
    },
  });
});
afterAll(() => mock.close());

interface ClientResult {
  index: number;
  aborted: boolean;
  status: number;
  bytes: Buffer;
}

/** One streaming request; `abortAfterMs` destroys it mid-stream. */
function stream(options: { index: number; endpoint: string; abortAfterMs: number | null }): Promise<ClientResult> {
  const { index, endpoint, abortAfterMs } = options;
  const body = endpoint === 'mock-tgi' ? { inputs: `request ${index}`, parameters: { max_new_tokens: TOKENS }, stream: true } : { inputs: `request ${index}`, parameters: { max_new_tokens: TOKENS } };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const outgoing = request(new URL(`/endpoints/${endpoint}/invocations-response-stream`, mock.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, agent: false }, (response) => {
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ index, aborted: false, status: response.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
      response.on('error', () => undefined);
      if (abortAfterMs !== null) setTimeout(() => outgoing.destroy(), abortAfterMs);
    });
    outgoing.on('error', (error) => (abortAfterMs === null ? reject(error) : resolve({ index, aborted: true, status: 200, bytes: Buffer.concat(chunks) })));
    outgoing.on('close', () => {
      if (abortAfterMs !== null) resolve({ index, aborted: true, status: 200, bytes: Buffer.concat(chunks) });
    });
    outgoing.end(JSON.stringify(body));
  });
}

describe(`${STREAMS} simultaneous streams with random client aborts`, () => {
  it('serves every stream, records every disconnect, and leaves no timer or socket behind', async () => {
    const random = createRandom(2024);
    mock.journal.clear();
    const plans = Array.from({ length: STREAMS }, (_, index) => ({
      index,
      endpoint: index % 2 === 0 ? 'mock-lmi' : 'mock-tgi',
      abortAfterMs: random.next() < 0.4 ? 15 + random.int(120) : null,
    }));
    const results = await Promise.all(plans.map(stream));

    // Every request reaches the journal, including the aborted ones.
    await mock.journal.waitFor(() => mock.journal.entries().length >= STREAMS, { timeoutMs: 10_000 });
    const entries = mock.journal.entries();
    expect(entries).toHaveLength(STREAMS);
    expect(entries.filter((entry) => entry.outcome === 'error')).toEqual([]);

    const byBody = new Map(entries.map((entry) => [JSON.parse(entry.body).inputs as string, entry]));
    for (const result of results) {
      const entry = byBody.get(`request ${result.index}`)!;
      const frames = decodeFrames(result.bytes.subarray(0, lastCompleteFrame(result.bytes)));
      if (!result.aborted) {
        expect(result.status).toBe(200);
        expect(entry).toMatchObject({ outcome: 'completed', tokensSent: TOKENS, clientWentAway: false });
        expect(frames.length).toBe(entry.partsSent);
      } else if (entry.outcome === 'completed') {
        // The abort landed after the server had finished: nothing to record.
        expect(entry.clientWentAway).toBe(false);
        expect(frames.length).toBeLessThanOrEqual(entry.partsSent);
      } else {
        expect(entry).toMatchObject({ outcome: 'client-disconnected', clientWentAway: true });
        expect(entry.tokensSent).toBeLessThanOrEqual(TOKENS);
        expect(frames.length).toBeLessThanOrEqual(entry.partsSent);
      }
    }
    const disconnected = entries.filter((entry) => entry.clientWentAway);
    expect(disconnected.every((entry) => entry.outcome === 'client-disconnected')).toBe(true);
    expect(disconnected.length).toBeGreaterThan(40);
    expect(disconnected.length).toBeLessThanOrEqual(results.filter((result) => result.aborted).length);

    // Nothing in flight, no armed timer, no open socket.
    expect(mock.app.mock.activeCount).toBe(0);
    expect(mock.app.mock.pendingTimers).toBe(0);
    const connections = await new Promise<number>((resolve) => mock.server.getConnections((_, count) => resolve(count)));
    expect(connections).toBe(0);
  });
});

/** Length of the complete frames at the start of a possibly cut body. */
function lastCompleteFrame(bytes: Buffer): number {
  let offset = 0;
  while (offset + 4 <= bytes.length && offset + bytes.readUInt32BE(offset) <= bytes.length) offset += bytes.readUInt32BE(offset);
  return offset;
}

import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { openRawBidi, textPart } from './helpers/raw-bidi.js';

/** A user container: a WebSocket at /invocations-bidirectional-stream, started on port 0. */
async function startContainer(options: { autoPong?: boolean; path?: string; onConnection: (socket: WebSocket, url: string) => void }) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: options.path ?? '/invocations-bidirectional-stream', autoPong: options.autoPong ?? true });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket, request) => options.onConnection(socket, request.url ?? ''));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function mockBridging(upstream: string, bidi: Record<string, unknown> = {}): Promise<MockServer> {
  const mock = await startServer({ port: 0, config: { latencyScale: 0, bidi: { upstream, ...bidi } } });
  cleanups.push(() => mock.close());
  return mock;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('bridge mode (--bidi-upstream): the mock plays SageMaker in front of a container WebSocket', () => {
  it('maps UTF8 parts to text frames, BINARY to binary frames, PARTIAL to fragments, and each container frame to one COMPLETE part', async () => {
    const received: { data: string; binary: boolean }[] = [];
    const container = await startContainer({
      onConnection(socket) {
        socket.on('message', (data, isBinary) => {
          const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
          received.push({ data: isBinary ? bytes.toString('hex') : bytes.toString('utf8'), binary: isBinary });
          if (isBinary) socket.send(Buffer.from(bytes).reverse(), { binary: true });
          else socket.send(bytes.toString('utf8').toUpperCase());
        });
      },
    });
    cleanups.push(container.close);
    const mock = await mockBridging(container.url);
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-chat' });
    await call.send(textPart('hello'));
    await call.send({ bytes: Uint8Array.of(1, 2), dataType: 'BINARY', completionState: 'PARTIAL' });
    await call.send({ bytes: Uint8Array.of(3), dataType: 'BINARY', completionState: 'COMPLETE' });
    await expect.poll(() => received.length).toBe(2);
    await call.send();
    call.finish();
    const { events } = await call.result;
    call.close();
    expect(received).toEqual([{ data: 'hello', binary: false }, { data: '010203', binary: true }]);
    expect(events.map((event) => event.type === 'payload-part' && [event.dataType, event.completionState, event.dataType === 'UTF8' ? text(event.bytes) : [...event.bytes]])).toEqual([
      ['UTF8', 'COMPLETE', 'HELLO'],
      ['BINARY', 'COMPLETE', [3, 2, 1]],
    ]);
    const entry = await mock.journal.waitFor((candidate) => candidate.profile === 'bidi-bridge');
    expect(entry.outcome).toBe('completed');
    expect(entry.bidiParts!.map((part) => part.direction)).toEqual(['input', 'output', 'input', 'input', 'output']);
  });

  it('closes the container socket after 5 missed pongs and ends the stream with a ModelStreamError', async () => {
    let closedByMock = false;
    const container = await startContainer({ autoPong: false, onConnection: (socket) => socket.on('close', () => (closedByMock = true)) });
    cleanups.push(container.close);
    const mock = await mockBridging(container.url, { pingIntervalMs: 20, maxMissedPongs: 5 });
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-echo' });
    await call.headers;
    const { events } = await call.result;
    call.close();
    expect(events).toMatchObject([{ type: 'model-stream-error', errorCode: 'StreamBroken', message: expect.stringMatching(/5 WebSocket pings/) }]);
    await expect.poll(() => closedByMock).toBe(true);
  });

  it('keeps a container that answers pings', async () => {
    const container = await startContainer({ onConnection: (socket) => socket.on('message', (data) => socket.send(data)) });
    cleanups.push(container.close);
    const mock = await mockBridging(container.url, { pingIntervalMs: 10, maxMissedPongs: 2 });
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-echo' });
    await call.headers;
    await new Promise((resolve) => setTimeout(resolve, 150));
    await call.send(textPart('still there'));
    await call.send();
    call.finish();
    const { events } = await call.result;
    call.close();
    expect(events.map((event) => event.type === 'payload-part' && text(event.bytes))).toEqual(['still there']);
  });

  it('answers ModelError 424 when the container WebSocket cannot be reached', async () => {
    const container = await startContainer({ onConnection: () => undefined });
    const url = container.url;
    await container.close();
    const mock = await mockBridging(url);
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-echo' });
    const headers = await call.headers;
    const { body } = await call.result;
    call.close();
    expect(headers[':status']).toBe(424);
    expect(JSON.parse(body.toString('utf8'))).toMatchObject({ OriginalStatusCode: 0, OriginalMessage: expect.stringMatching(/Could not connect/) });
  });

  it('connects to the Model-Invocation-Path with the Model-Query-String, as the platform forwards them', async () => {
    let seen = '';
    const container = await startContainer({ path: '/custom/ws', onConnection: (socket, url) => { seen = url; socket.on('message', (data) => socket.send(data)); } });
    cleanups.push(container.close);
    const mock = await mockBridging(container.url);
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-echo', headers: { 'x-amzn-sagemaker-model-invocation-path': 'custom/ws', 'x-amzn-sagemaker-model-query-string': 'lang=en&rate=16000' } });
    await call.send(textPart('x'));
    await call.send();
    call.finish();
    const { events } = await call.result;
    call.close();
    expect(seen).toBe('/custom/ws?lang=en&rate=16000');
    expect(events).toHaveLength(1);
  });

  it('ends the response when the container closes the conversation', async () => {
    const container = await startContainer({ onConnection: (socket) => socket.on('message', () => { socket.send('bye'); socket.close(1000); }) });
    cleanups.push(container.close);
    const mock = await mockBridging(container.url);
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-echo' });
    await call.send(textPart('hi'));
    const { events } = await call.result;
    call.close();
    expect(events.map((event) => event.type === 'payload-part' && text(event.bytes))).toEqual(['bye']);
  });
});

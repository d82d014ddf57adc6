import { createServer } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createApp, createMockRouter, startServer } from '../src/index.js';
import { rawRequest } from './helpers/raw-http.js';
import { SDKS, streamWithSdk } from './helpers/sdk-clients.js';

describe('startServer / close', () => {
  it('close() ends in-flight streams with an InternalStreamFailure and frees the port', async () => {
    const mock = await startServer({ port: 0, config: { latencyScale: 1 } });
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    let started!: () => void;
    const firstPart = new Promise<void>((resolve) => (started = resolve));
    const stream = streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: 'mock-lmi', body: { inputs: 'a long answer', parameters: { max_new_tokens: 500 } }, onPart: () => started() });
    await firstPart;
    await mock.close();
    expect((await stream).error).toMatchObject({ name: 'InternalStreamFailure', message: 'The mock endpoint is shutting down.' });
    expect(mock.journal.entries()[0]).toMatchObject({ outcome: 'error', detail: 'server-shutdown' });
    expect(mock.app.mock.pendingTimers).toBe(0);
    // The port is free again.
    const again = createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(mock.port, '127.0.0.1', resolve));
    await new Promise((resolve) => again.close(resolve));
  });
});

describe('createMockRouter / createApp', () => {
  it('mounts next to other routes without swallowing them; the journal and endpoint list are served', async () => {
    const app = express();
    const router = createMockRouter({ latencyScale: 0 });
    app.use(router);
    app.get('/playground', (_request, response) => void response.type('text/html').send('<h1>playground</h1>'));
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect((await rawRequest({ url, path: '/playground', method: 'GET' })).body.toString()).toBe('<h1>playground</h1>');
      const ping = await rawRequest({ url, path: '/ping', method: 'GET' });
      expect(JSON.parse(ping.body.toString())).toEqual({ status: 'Healthy' });
      await rawRequest({ url, path: '/endpoints/mock-lmi/invocations', headers: { 'Content-Type': 'application/json' }, body: '{"inputs":"hi","parameters":{"max_new_tokens":2}}' });
      const journal = JSON.parse((await rawRequest({ url, path: '/_mock/requests', method: 'GET' })).body.toString()) as { operation: string; endpoint: string; tokensSent: number }[];
      expect(journal).toHaveLength(1);
      expect(journal[0]).toMatchObject({ operation: 'InvokeEndpoint', endpoint: 'mock-lmi', tokensSent: 2 });
      expect((await rawRequest({ url, path: '/_mock/requests', method: 'DELETE' })).status).toBe(204);
      expect(router.journal.entries()).toEqual([]);
      const endpoints = JSON.parse((await rawRequest({ url, path: '/_mock/endpoints', method: 'GET' })).body.toString()) as { name: string; profile: string }[];
      expect(endpoints.map((endpoint) => `${endpoint.name}:${endpoint.profile}`)).toEqual(['mock-lmi:lmi', 'mock-lmi-legacy:lmi-legacy', 'mock-tgi:tgi', 'mock-messages:tgi', 'mock-lmi-sse:lmi-sse', 'mock-lmi-chat:lmi', 'mock-lmi-async:lmi-async', 'mock-vllm:vllm', 'mock-vllm-reasoning-legacy:vllm-legacy', 'mock-sglang:sglang', 'mock-ic:lmi-async', 'mock-ab:lmi-async']);
      // No catch-all: an unknown path falls through to express's own 404.
      expect((await rawRequest({ url, path: '/elsewhere', method: 'GET' })).headers['x-amzn-errortype']).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('createApp builds the app without listening', () => {
    const app = createApp();
    expect(typeof app.listen).toBe('function');
    expect(app.mock.config.endpoints['mock-tgi']!.profile).toBe('tgi');
  });
});

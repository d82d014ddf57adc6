import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFetchTransport, streamChat } from '@sagestream/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundServer, type PlaygroundServer } from '../src/playground/create-playground-server.js';
import { readMockRequests } from './helpers/mock-requests.js';

let assetsDir: string;
let playground: PlaygroundServer;
beforeAll(async () => {
  assetsDir = mkdtempSync(path.join(tmpdir(), 'sagestream-assets-'));
  writeFileSync(path.join(assetsDir, 'playground.js'), 'console.log("ui");');
  writeFileSync(path.join(assetsDir, 'main.css'), 'body{}');
  playground = await startPlaygroundServer({ port: 0, assetsDir, mockConfig: { latencyScale: 0 } });
});
afterAll(async () => {
  await playground.close();
  rmSync(assetsDir, { recursive: true, force: true });
});

describe('playground server', () => {
  it('serves the chat page at / with a fresh nonce per request in the CSP header and the page', async () => {
    const first = await fetch(`${playground.url}/`);
    const second = await fetch(`${playground.url}/`);
    const html = await first.text();
    const policy = first.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(first.status).toBe(200);
    expect(policy).toMatch(/^default-src 'none'; .*script-src 'nonce-[^']+'; .*connect-src 'self'.*frame-ancestors 'none'$/);
    expect(html).toContain(`<script nonce="${nonce}" src="/assets/playground.js"></script>`);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the UI assets and the mock\'s SageMaker API on the same port', async () => {
    const script = await fetch(`${playground.url}/assets/playground.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe('console.log("ui");');
    expect(await (await fetch(`${playground.url}/ping`)).json()).toEqual({ status: 'Healthy' });
    let text = '';
    for await (const event of streamChat({ transport: createFetchTransport({ baseUrl: playground.url }), endpoint: { endpointName: 'mock-messages', format: 'messages' }, messages: [{ role: 'user', content: 'Tell me about streaming' }] })) {
      if (event.type === 'text-delta') text += event.text;
      if (event.type === 'error') throw new Error(event.error.message);
    }
    expect(text).toContain('SageMaker');
    expect((await readMockRequests(playground.url)).at(-1)).toMatchObject({ endpoint: 'mock-messages', outcome: 'completed' });
  });

  it('answers unknown paths with a JSON 404 that points to the chat', async () => {
    const response = await fetch(`${playground.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "No route for GET /nope. The chat is at /, the mock's API under /endpoints/." });
  });

  it('frees its port on close', async () => {
    const other = await startPlaygroundServer({ port: 0, assetsDir });
    await fetch(`${other.url}/ping`);
    await other.close();
    await expect(fetch(`${other.url}/ping`)).rejects.toThrow();
  });

  it('answers an undecodable path with JSON, without a stack trace or file paths', async () => {
    const response = await request({ url: playground.url, path: '/endpoints/%ZZ/invocations', method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).not.toMatch(/<html|<pre|\bat \w|node_modules|\/work\/|\/home\//i);
    expect(JSON.parse(response.body)).toEqual({ message: "Failed to decode param '%ZZ'" });
  });

  it('refuses a DNS-rebinding Host on the page, its assets and the mock API', async () => {
    for (const path of ['/', '/assets/playground.js', '/_mock/requests', '/ping']) {
      const response = await request({ url: playground.url, path, headers: { Host: `evil.example:${playground.port}` } });
      expect(response.status, path).toBe(403);
      expect(JSON.parse(response.body).message).toMatch(/is not a name of this server/);
    }
    expect((await request({ url: playground.url, path: '/', headers: { Host: `localhost:${playground.port}` } })).status).toBe(200);
  });

  it('refuses cross-origin browser writes but serves its own page\'s requests', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, stream: true });
    const before = (await readMockRequests(playground.url)).length;
    const foreign = await request({ url: playground.url, path: '/endpoints/mock-messages/invocations-response-stream', method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: `http://localhost:${playground.port}` }, body });
    expect(foreign.status).toBe(403);
    expect(await readMockRequests(playground.url)).toHaveLength(before);
    const own = await request({ url: playground.url, path: '/endpoints/mock-messages/invocations-response-stream', method: 'POST', headers: { 'Content-Type': 'application/json', Origin: playground.url, 'Sec-Fetch-Site': 'same-origin' }, body });
    expect(own.status).toBe(200);
  });

  it('has the mock\'s header and request timeouts', () => {
    expect(playground.server.headersTimeout).toBe(10_000);
    expect(playground.server.requestTimeout).toBe(60_000);
    expect(playground.server.keepAliveTimeout).toBe(5_000);
  });
});

/** A request with Node's client, which (unlike fetch) lets the test choose the Host header. */
function request(options: { url: string; path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(options.path, options.url), { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

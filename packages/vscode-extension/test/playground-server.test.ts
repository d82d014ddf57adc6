import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFetchTransport, streamChat } from '@sagestream/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundServer, type PlaygroundServer } from '../src/playground/create-playground-server.js';

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
    expect(playground.journal.entries().at(-1)).toMatchObject({ endpoint: 'mock-messages', outcome: 'completed' });
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
});

import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/playground/create-playground-server.js';
import { readMockRequests } from '../helpers/mock-requests.js';
import { CHROMIUM_ARGS } from '../helpers/chromium-options.mjs';
import { CHROMIUM_MISSING, CHROMIUM_PATH, E2E_REQUIRED, chromiumAvailable } from '../helpers/chromium.js';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');
/** A name the test's Chromium resolves to 127.0.0.1, as a DNS-rebinding attacker's domain would. */
const REBOUND = 'rebind.evil.test';
const SECRET_PROMPT = 'my confidential prompt 7f3a';
const LMI_BODY = JSON.stringify({ inputs: 'exfiltrate', parameters: { max_new_tokens: 2 } });
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDVICTIM', AWS_SECRET_ACCESS_KEY: 'victim-secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

const available = chromiumAvailable();
if (!available && !E2E_REQUIRED) console.warn(`\n⚠ ${CHROMIUM_MISSING}\n`);

/** What a page got from a request it tried: an opaque/no-cors answer, a readable one, or a network error. */
type Attempt = { kind: 'response'; status: number; type: string; text: string } | { kind: 'error'; message: string };

describe.runIf(available || E2E_REQUIRED)('a page on another origin cannot use the local servers (Chromium)', () => {
  let root: string;
  let cassettes: string;
  let upstream: MockServer;
  let recorder: MockServer;
  let mock: MockServer;
  let playground: PlaygroundServer;
  let attacker: Server;
  let attackerPort: number;
  let browser: Browser;
  let context: BrowserContext;
  const refused: string[] = [];
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    if (!available) throw new Error(`SAGESTREAM_REQUIRE_E2E=1 but ${CHROMIUM_MISSING.split(':')[0]}: install it with \`bash scripts/install-system-deps.sh\`.`);
    // The recorder would sign upstream calls with these (the default AWS chain): a real victim's keys.
    for (const [name, value] of Object.entries(CREDENTIALS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    root = await mkdtemp(path.join(tmpdir(), 'sagestream-cross-origin-'));
    cassettes = path.join(root, 'a', 'cassettes');
    await mkdir(cassettes, { recursive: true });
    const log = (line: string): void => {
      if (line.startsWith('refused ')) refused.push(line);
    };
    upstream = await startServer({ config: { latencyScale: 0 } });
    recorder = await startServer({ config: { latencyScale: 0, record: { dir: cassettes, region: 'us-east-1', endpointUrl: upstream.url } }, log });
    mock = await startServer({ config: { latencyScale: 0 }, log });
    playground = await startPlaygroundServer({ port: 0, assetsDir: path.join(PACKAGE_DIR, 'dist/playground/assets'), mockConfig: { latencyScale: 0.05, seed: 1 }, log });
    // Something worth stealing in the journals.
    await fetch(`${mock.url}/endpoints/mock-lmi/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: 'sid=victim' }, body: JSON.stringify({ inputs: SECRET_PROMPT, parameters: { max_new_tokens: 1 } }) });
    attacker = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>innocent page</title><p>nothing to see</p>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.address() as { port: number }).port;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`] });
    context = await browser.newContext();
    // Nothing leaves the machine: only loopback names and the rebound name.
    await context.route((url) => !['127.0.0.1', 'localhost', REBOUND].includes(url.hostname), (route) => route.abort());
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await playground?.close();
    await mock?.close();
    await recorder?.close();
    await upstream?.close();
    if (root) await rm(root, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function pageAt(url: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  /** Runs `fetch` inside the page, as the page's script would. */
  function attempt(page: Page, url: string, init: { method?: string; mode?: 'cors' | 'no-cors'; body?: string } = {}): Promise<Attempt> {
    return page.evaluate(
      async ({ url, init }) => {
        try {
          const response = await fetch(url, { ...init, credentials: 'omit' });
          return { kind: 'response' as const, status: response.status, type: response.type, text: await response.text() };
        } catch (error) {
          return { kind: 'error' as const, message: String(error) };
        }
      },
      { url, init },
    );
  }

  it('a no-cors POST from another origin never makes the recorder call the upstream', async () => {
    for (const origin of [`http://127.0.0.1:${attackerPort}`, `http://localhost:${attackerPort}`]) {
      const page = await pageAt(`${origin}/`);
      const result = await attempt(page, `${recorder.url}/endpoints/mock-lmi/invocations`, { method: 'POST', mode: 'no-cors', body: LMI_BODY });
      expect(result).toMatchObject({ kind: 'response', type: 'opaque' }); // the page cannot tell, the server must refuse
      await page.close();
    }
    await expect.poll(() => refused.filter((line) => line.includes('POST /endpoints/mock-lmi/invocations')).length).toBe(2);
    expect(upstream.journal.entries()).toEqual([]);
    expect(recorder.journal.entries()).toEqual([]);
    expect(await readdir(cassettes)).toEqual([]);
  });

  it('an encoded ../ endpoint name from a page creates no file anywhere', async () => {
    const page = await pageAt(`http://127.0.0.1:${attackerPort}/`);
    await attempt(page, `${recorder.url}/endpoints/..%2F..%2Fx%2Fdir/invocations`, { method: 'POST', mode: 'no-cors', body: LMI_BODY });
    await page.close();
    await expect.poll(() => refused.some((line) => line.includes('..%2F..%2Fx%2Fdir'))).toBe(true);
    expect(await readdir(root)).toEqual(['a']);
    expect(await readdir(cassettes)).toEqual([]);
    expect(upstream.journal.entries()).toEqual([]);
  });

  it('another origin can neither read nor clear the journal of the mock or the playground', async () => {
    const page = await pageAt(`http://localhost:${attackerPort}/`);
    for (const server of [mock.url, playground.url]) {
      const read = await attempt(page, `${server}/_mock/requests`);
      expect(read).toMatchObject({ kind: 'error' });
      const blind = await attempt(page, `${server}/_mock/requests`, { mode: 'no-cors' });
      expect(blind).toMatchObject({ kind: 'response', type: 'opaque', text: '' });
      await attempt(page, `${server}/_mock/requests`, { method: 'DELETE' });
      await attempt(page, `${server}/endpoints/mock-lmi/invocations`, { method: 'POST', mode: 'no-cors', body: LMI_BODY });
    }
    await page.close();
    expect(mock.journal.entries().map((entry) => entry.body)).toEqual([JSON.stringify({ inputs: SECRET_PROMPT, parameters: { max_new_tokens: 1 } })]);
    expect(await readMockRequests(playground.url)).toEqual([]);
  });

  it('the playground page under localhost cannot reach the same server as 127.0.0.1 (origin mismatch)', async () => {
    const page = await pageAt(`http://localhost:${playground.port}/`);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await attempt(page, `http://127.0.0.1:${playground.port}/_mock/requests`)).toMatchObject({ kind: 'error' });
    await attempt(page, `http://127.0.0.1:${playground.port}/endpoints/mock-lmi/invocations`, { method: 'POST', mode: 'no-cors', body: LMI_BODY });
    await page.close();
    await expect.poll(() => refused.some((line) => line.includes('POST /endpoints/mock-lmi/invocations') && line.endsWith('cross-origin'))).toBe(true);
    expect((await readMockRequests(playground.url)).filter((entry) => entry.endpoint === 'mock-lmi')).toEqual([]);
  });

  it('after DNS rebinding, a same-origin page on the attacker\'s name gets 403 instead of the journal or the upstream', async () => {
    // The page's origin is now rebind.evil.test:PORT, and the name resolves to the server: to the
    // browser these requests are same-origin. Only the Host check stands in the way.
    for (const server of [mock, recorder]) {
      const page = await pageAt(`http://${REBOUND}:${server.port}/ping`);
      const journal = await attempt(page, '/_mock/requests');
      expect(journal).toMatchObject({ kind: 'response', status: 403 });
      expect((journal as { text: string }).text).not.toContain(SECRET_PROMPT);
      expect((journal as { text: string }).text).toMatch(/is not a name of this server/);
      const write = await attempt(page, '/endpoints/mock-lmi/invocations', { method: 'POST', body: LMI_BODY });
      expect(write).toMatchObject({ kind: 'response', status: 403 });
      await page.close();
    }
    const page = await pageAt(`http://${REBOUND}:${playground.port}/`);
    expect(await page.locator('body').textContent()).toMatch(/is not a name of this server/);
    expect(await attempt(page, '/_mock/requests')).toMatchObject({ kind: 'response', status: 403 });
    await page.close();
    expect(upstream.journal.entries()).toEqual([]);
    expect(await readdir(cassettes)).toEqual([]);
  });

  it('the playground\'s own page still lists the endpoints and streams a reply', async () => {
    const page = await pageAt(`${playground.url}/`);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await expect.poll(() => page.locator('select[aria-label="Endpoint"] option').count()).toBeGreaterThan(3);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Tell me about streaming');
    await box.press('Enter');
    const reply = page.locator('article.message-assistant').last();
    await expect.poll(() => reply.getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    expect(((await reply.locator('.message-body').textContent()) ?? '').length).toBeGreaterThan(20);
    await page.close();
    expect(errors).toEqual([]);
    expect((await readMockRequests(playground.url)).at(-1)).toMatchObject({ outcome: 'completed', status: 200 });
  });
});

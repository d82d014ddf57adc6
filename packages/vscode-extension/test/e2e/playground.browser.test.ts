import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/playground/create-playground-server.js';
import { waitForMockRequest } from '../helpers/mock-requests.js';
import { CHROMIUM_MISSING, E2E_REQUIRED, chromiumAvailable, launchChromium } from '../helpers/chromium.js';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');
const RESULTS_DIR = path.join(PACKAGE_DIR, 'test-results');

/** A reply long enough (~700 tokens at 20 ms each) that Stop always lands mid-stream. */
const LONG_STORY = Array.from({ length: 30 }, (_, index) => `Chapter ${index + 1}: the stream carried another token across the wire, and the reader kept up with every one of them.`).join('\n\n');

const HOSTILE = `Careful: <img src=x onerror="window.pwned='img'"> <script>window.pwned='script'</script>

[innocent link](javascript:window.pwned='link') and ![pixel](https://tracker.invalid/p.png?leak=1)

\`\`\`html
<img src=x onerror="window.pwned='fence'">
\`\`\``;

const available = chromiumAvailable();
if (!available && !E2E_REQUIRED) console.warn(`\n⚠ ${CHROMIUM_MISSING}\n`);

describe.runIf(available || E2E_REQUIRED)('playground in a real browser (Chromium)', () => {
  let playground: PlaygroundServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`SAGESTREAM_REQUIRE_E2E=1 but ${CHROMIUM_MISSING.split(':')[0]}: install it with \`bash scripts/install-system-deps.sh\`.`);
    playground = await startPlaygroundServer({
      port: 0,
      assetsDir: path.join(PACKAGE_DIR, 'dist/playground/assets'),
      mockConfig: {
        // Small but non-zero: replies stream visibly (~6 ms a token) without slowing the suite.
        latencyScale: 0.2,
        seed: 1,
        endpoints: {
          'e2e-slow': { profile: 'tgi', latency: { timeToFirstToken: 100, interToken: 100 }, reply: { mode: 'scripted', rules: [{ match: 'long story', flags: 'i', reply: LONG_STORY }], fallback: 'corpus' } },
          'e2e-hostile': { profile: 'tgi', reply: { mode: 'scripted', rules: [{ match: '.', reply: HOSTILE }], fallback: 'corpus' } },
        },
      },
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: playground.url });
    // Nothing but loopback: a link a test clicks must not reach the network.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await playground?.close();
  });

  async function open(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      pageErrors.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${playground.url}/`);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await expect.poll(() => page.locator('select[aria-label="Endpoint"] option').count()).toBeGreaterThan(3);
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
  }

  it('streams a reply progressively, renders Markdown and highlighted code, and shows its stats', async () => {
    const page = await open();
    await send(page, 'Write a Python function that streams a reply with boto3.');
    const reply = page.locator('article.message-assistant').last();
    const body = reply.locator('.message-body');
    const samples: string[] = [];
    while ((await reply.getAttribute('data-status')) !== 'complete') {
      samples.push((await body.textContent()) ?? '');
      await page.waitForTimeout(40);
    }
    const lengths = samples.map((text) => text.length);
    // Several distinct, growing steps — not everything at once.
    expect(new Set(lengths.filter((length) => length > 0)).size).toBeGreaterThanOrEqual(5);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    // The open code fence was a code block while it streamed, never raw backticks.
    expect(samples.filter((text) => text.includes('```'))).toEqual([]);
    await expect.poll(() => reply.locator('.code-block pre > code.hljs.language-python .hljs-keyword').count()).toBeGreaterThan(2);
    expect(await reply.locator('.code-block .code-language').textContent()).toBe('python');
    expect(await reply.locator('.message-body li').count()).toBeGreaterThanOrEqual(3);
    expect(await reply.locator('.message-body li code').first().textContent()).toBe('errors="ignore"');
    expect(await reply.locator('.message-footer').textContent()).toMatch(/^first token \d+ ms · \d+ tokens · [\d.]+ tokens\/s · usage \d+ in \/ \d+ out · mock-messages \(AllTraffic\)$/);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'playground.png') });
    await page.close();
  });

  it('copies a code block to the clipboard', async () => {
    const page = await open(); // history restores the last conversation, code block included
    const block = page.locator('article.message-assistant .code-block').first();
    await block.waitFor();
    const code = await block.locator('pre > code').textContent();
    await block.getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    expect(code).toContain('def stream_reply(endpoint_name: str, prompt: str) -> str:');
    await page.close();
  });

  it('Stop halts the reply, keeps its partial text, and the mock sees the client disconnect', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('combobox', { name: 'Endpoint' }).selectOption('e2e-slow');
    await send(page, 'Tell me a long story');
    const reply = page.locator('article.message-assistant').last();
    await expect.poll(async () => ((await reply.locator('.message-body').textContent()) ?? '').length).toBeGreaterThan(40);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => reply.getAttribute('data-status')).toBe('stopped');
    const entry = await waitForMockRequest(playground.url, (candidate) => candidate.endpoint === 'e2e-slow' && candidate.clientWentAway, { timeoutMs: 5000 });
    expect(entry.outcome).toBe('client-disconnected');
    const partial = (await reply.locator('.message-body').textContent()) ?? '';
    expect(partial.length).toBeGreaterThan(40);
    expect(partial.length).toBeLessThan(LONG_STORY.length / 2);
    expect(entry.tokensSent).toBeLessThan(700);
    expect(await reply.locator('.message-footer').textContent()).toMatch(/^Stopped · /);
    await expect.poll(() => page.getByRole('button', { name: 'Send', exact: true }).isVisible()).toBe(true);
    // Esc stops too.
    await send(page, 'Another long story please');
    const second = page.locator('article.message-assistant').last();
    await expect.poll(async () => ((await second.locator('.message-body').textContent()) ?? '').length).toBeGreaterThan(20);
    await page.getByRole('textbox', { name: 'Message' }).press('Escape');
    await expect.poll(() => second.getAttribute('data-status')).toBe('stopped');
    await page.close();
  });

  it('follows the streaming reply, and stops following when the user scrolls up to read', async () => {
    const page = await open();
    await page.setViewportSize({ width: 700, height: 500 });
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('combobox', { name: 'Endpoint' }).selectOption('e2e-slow');
    await send(page, 'One more long story');
    const transcript = page.locator('.transcript');
    const position = () => transcript.evaluate((element) => ({ top: element.scrollTop, gap: element.scrollHeight - element.scrollTop - element.clientHeight }));
    await expect.poll(async () => (await position()).top, { timeout: 15_000 }).toBeGreaterThan(200);
    expect((await position()).gap).toBeLessThan(50);
    await page.mouse.move(350, 250);
    await page.mouse.wheel(0, -150);
    await expect.poll(async () => (await position()).gap).toBeGreaterThan(150);
    const readingAt = (await position()).top;
    await page.waitForTimeout(500);
    expect((await position()).top).toBe(readingAt); // the text stays where the user is reading
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('keeps conversations across a reload and switches between them', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Chat history' }).click();
    const titles = await page.locator('.history-title').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['One more long story', 'Tell me a long story', 'Write a Python function that streams a reply with boto3.']));
    await page.locator('.history-open', { hasText: 'Write a Python function' }).click();
    await expect.poll(() => page.locator('article.message-user .message-body').first().textContent()).toBe('Write a Python function that streams a reply with boto3.');
    expect(await page.locator('article.message-assistant .code-block').count()).toBe(1);
    await page.close();
  });

  it('renders hostile model output inert under the real CSP', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('combobox', { name: 'Endpoint' }).selectOption('e2e-hostile');
    await send(page, 'anything');
    const reply = page.locator('article.message-assistant').last();
    await expect.poll(() => reply.getAttribute('data-status')).toBe('complete');
    expect(await reply.locator('img, script').count()).toBe(0);
    expect(await reply.locator('a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))).toEqual(['https://tracker.invalid/p.png?leak=1']);
    // Links open through the host (a new tab here), never by navigating the chat.
    const opened = context.waitForEvent('request', (request) => request.url().startsWith('https://tracker.invalid/'));
    await reply.locator('a').click();
    expect((await opened).url()).toBe('https://tracker.invalid/p.png?leak=1');
    expect(page.url()).toBe(`${playground.url}/`);
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await reply.locator('code.language-html').textContent()).toContain(`<img src=x onerror="window.pwned='fence'">`);
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChatPage } from '../../src/shared/chat-page-html.js';
import { webviewContentSecurityPolicy } from '../../src/shared/content-security-policy.js';
import { PROTOCOL_VERSION, type HostMessage } from '../../src/shared/protocol.js';
import { CHROMIUM_MISSING, E2E_REQUIRED, chromiumAvailable, launchChromium } from '../helpers/chromium.js';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');
const available = chromiumAvailable();
if (!available && !E2E_REQUIRED) console.warn(`\n⚠ ${CHROMIUM_MISSING}\n`);

/**
 * The VS Code webview bundle (dist/webview/main.js) in real Chromium, under the exact policy the
 * extension sets, with `acquireVsCodeApi` stood in: the host side is played by the test.
 */
describe.runIf(available || E2E_REQUIRED)('VS Code webview bundle in Chromium, under the webview CSP', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!available) throw new Error(`SAGESTREAM_REQUIRE_E2E=1 but Chromium is missing: ${CHROMIUM_MISSING}`);
    const app = express();
    app.get('/', (_request, response) => {
      const nonce = randomBytes(16).toString('base64');
      response.type('html').send(
        renderChatPage({ title: 'webview', nonce, contentSecurityPolicy: webviewContentSecurityPolicy({ cspSource: origin, nonce }), scriptUrl: `${origin}/dist/webview/main.js`, styleUrls: [`${origin}/dist/webview/main.css`] }),
      );
    });
    app.use('/dist', express.static(path.join(PACKAGE_DIR, 'dist')));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(): Promise<{ page: Page; errors: string[]; posted: () => Promise<unknown[]>; host: (message: HostMessage) => Promise<void> }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.addInitScript(() => {
      const posted: unknown[] = [];
      Object.assign(window, {
        __posted: posted,
        acquireVsCodeApi: () => ({ postMessage: (message: unknown) => posted.push(message), getState: () => undefined, setState: () => undefined }),
      });
    });
    await page.goto(`${origin}/`);
    return {
      page,
      errors,
      posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
      host: (message) => page.evaluate((data) => window.postMessage(data, '*'), message),
    };
  }

  it('runs, says ready, renders what the host streams, and posts Stop — with no CSP violation', async () => {
    const { page, errors, posted, host } = await open();
    await expect.poll(posted).toEqual([{ type: 'ready', protocolVersion: PROTOCOL_VERSION }]);
    const reply = { id: 'a1', role: 'assistant' as const, text: '', createdAt: 2, status: 'streaming' as const };
    await host({
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      capabilities: { insertCode: true, actions: [] },
      endpoints: { options: [{ id: 'mock-messages', label: 'mock-messages', detail: 'local mock' }], activeId: 'mock-messages', mode: 'mock', problems: [] },
      conversations: [],
      conversation: { id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 1, messages: [{ id: 'u1', role: 'user', text: 'Hi', createdAt: 1, status: 'complete' }, reply] },
      streaming: { conversationId: 'c1', messageId: 'a1' },
    });
    await host({ type: 'reply-delta', conversationId: 'c1', messageId: 'a1', offset: 0, text: 'Hello <img src=x onerror="window.pwned=1">\n\n```ts\nconst a = 1;\n' });
    const code = page.locator('.message-assistant .code-block pre > code');
    await expect.poll(() => code.textContent()).toBe('const a = 1;\n');
    expect(await page.locator('.message-assistant img').count()).toBe(0);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    expect((await posted()).at(-1)).toEqual({ type: 'stop' });
    // Insert at Cursor is offered (the host has an editor)
    await page.getByRole('button', { name: 'Insert code at cursor' }).click();
    expect((await posted()).at(-1)).toEqual({ type: 'insert-code', code: 'const a = 1;\n' });
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows reasoning in a Thinking block that streams, then collapses when the answer starts; tool calls as cards; container usage in the footer', async () => {
    const { page, errors, posted, host } = await open();
    await expect.poll(posted).toEqual([{ type: 'ready', protocolVersion: PROTOCOL_VERSION }]);
    const at = { conversationId: 'c2', messageId: 'a2' };
    await host({
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      capabilities: { insertCode: true, actions: [] },
      endpoints: { options: [{ id: 'mock-vllm', label: 'mock-vllm', detail: 'local mock' }], activeId: 'mock-vllm', mode: 'mock', problems: [] },
      conversations: [],
      conversation: {
        id: 'c2',
        title: 'Weather',
        createdAt: 1,
        updatedAt: 1,
        messages: [
          { id: 'u2', role: 'user', text: 'Weather in Oslo?', createdAt: 1, status: 'complete' },
          { id: 'a2', role: 'assistant', text: '', createdAt: 2, status: 'streaming' },
        ],
      },
      streaming: at,
    });
    const thinking = page.locator('.message-assistant details.thinking');
    await host({ type: 'reasoning-delta', ...at, offset: 0, text: 'The user wants <b>weather</b>; ' });
    await expect.poll(() => thinking.isVisible()).toBe(true);
    await expect.poll(() => thinking.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
    await host({ type: 'reasoning-delta', ...at, offset: 31, text: 'call the tool.' });
    await expect.poll(() => thinking.locator('.thinking-text').textContent()).toBe('The user wants <b>weather</b>; call the tool.');
    expect(await page.locator('.message-assistant .thinking-summary').textContent()).toBe('Thinking…');
    // The answer starts: the block collapses, and stays above the answer.
    await host({ type: 'reply-delta', ...at, offset: 0, text: 'Let me **check**.' });
    await expect.poll(() => thinking.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
    await expect.poll(() => page.locator('.message-assistant .message-body strong').textContent()).toBe('check');
    expect(await page.locator('.message-assistant .thinking-summary').textContent()).toBe('Thinking');
    const order = await page.locator('.message-assistant').evaluate((node) => Array.from(node.children, (child) => child.className.split(' ')[0]));
    expect(order.indexOf('thinking')).toBeLessThan(order.indexOf('message-body'));
    // The user can open it again to read it.
    await page.locator('.message-assistant .thinking-summary').click();
    await expect.poll(() => thinking.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);

    await host({ type: 'tool-call', ...at, call: { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo","unit":"<i>c</i>"}' } });
    const card = page.locator('.message-assistant .tool-call-card');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator('.tool-call-name').textContent()).toBe('get_weather');
    expect(await card.locator('.tool-call-arguments').textContent()).toBe('{\n  "city": "Oslo",\n  "unit": "<i>c</i>"\n}');
    expect(await page.locator('.message-assistant i').count()).toBe(0);

    await host({
      type: 'reply-end',
      conversationId: 'c2',
      message: {
        id: 'a2',
        role: 'assistant',
        text: 'Let me **check**.',
        reasoning: 'The user wants <b>weather</b>; call the tool.',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo","unit":"<i>c</i>"}' }],
        createdAt: 2,
        status: 'complete',
        stats: { endpointLabel: 'mock-vllm', endpointName: 'mock-vllm', variant: 'AllTraffic', tokens: 20, finishReason: 'tool-calls', promptTokens: 31, completionTokens: 17 },
      },
    });
    await host({ type: 'streaming', streaming: null });
    await expect.poll(() => page.locator('.message-assistant .message-footer').textContent()).toContain('usage 31 in / 17 out');
    expect(await card.count()).toBe(1);
    expect(await page.locator('.message-assistant b').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

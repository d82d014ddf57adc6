import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createFetchTransport, streamChat } from '@sagestream/core';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');

/** Runs `npm start`'s script (node scripts/start.mjs) and resolves with the URL it prints. */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /^SageStream playground: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output)?.[1];
      if (url) resolve({ child, url, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`start exited with ${code} before printing a URL:\n${output}`)));
    setTimeout(() => reject(new Error(`no URL within 20 s:\n${output}`)), 20_000).unref();
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
}

describe('npm start (the playground)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints http://127.0.0.1:PORT/, serves the chat and the mock there, and exits cleanly on ${signal}`, async () => {
      const { child, url, output } = await start({ PORT: '0' });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app" class="chat-app"></div>');
      expect((await fetch(`${url}assets/playground.js`)).status).toBe(200);
      expect(await (await fetch(`${url}_mock/endpoints`)).json()).toContainEqual(expect.objectContaining({ name: 'mock-messages' }));
      child.kill(signal);
      expect(await exitCode(child)).toBe(0);
      expect(output()).toContain(`AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=${url.slice(0, -1)}`);
      await expect(fetch(url)).rejects.toThrow();
    });
  }

  it('streams chat replies from the bundled mock, and stops cleanly with a reply still streaming', async () => {
    const { child, url } = await start({ PORT: '0' });
    const transport = createFetchTransport({ baseUrl: url });
    let text = '';
    for await (const event of streamChat({ transport, endpoint: { endpointName: 'mock-messages', format: 'messages' }, messages: [{ role: 'user', content: 'Tell me about streaming' }] })) {
      if (event.type === 'text-delta') text += event.text;
      // realistic latency (~30 ms a token): stop the server half-way through the reply
      if (text.length > 40 && child.exitCode === null && !child.killed) child.kill('SIGTERM');
    }
    expect(text.length).toBeGreaterThan(40);
    expect(await exitCode(child)).toBe(0);
  });

  it('refuses a bad PORT with a message', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: PACKAGE_DIR, env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain('PORT must be a port number 0–65535 (0 = any free port); got "eighty".');
  });
});

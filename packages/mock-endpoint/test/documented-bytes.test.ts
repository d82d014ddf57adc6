import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { SDKS, partsText, streamWithSdk } from './helpers/sdk-clients.js';

/** docs/wire-format.md shows exact streams for a fixed `created` and seed: they must stay true. */
const DOC = readFileSync(fileURLToPath(new URL('../../../docs/wire-format.md', import.meta.url)), 'utf8');
const CREATED = 1_764_547_200;

/** The fenced block that follows the first line containing `marker`. */
function blockAfter(marker: string): string {
  const start = DOC.indexOf(marker);
  const open = DOC.indexOf('```\n', start);
  const close = DOC.indexOf('```\n', open + 4);
  if (start === -1 || open === -1 || close === -1) throw new Error(`no example after ${marker}`);
  return DOC.slice(open + 4, close);
}

let mock: MockServer;
beforeAll(async () => {
  const endpoints = Object.fromEntries(['mock-vllm', 'mock-lmi-async'].map((name) => [name, { model: { created: CREATED } }]));
  mock = await startServer({ config: { latencyScale: 0, endpoints } });
});
afterAll(() => mock.close());

describe('the exact streams documented in docs/wire-format.md', () => {
  it.each([
    {
      marker: 'For example `mock-vllm`',
      endpoint: 'mock-vllm',
      body: '{"messages":[{"role":"user","content":"Hi"}],"max_tokens":3,"stream":true,"stream_options":{"include_usage":true},"chat_template_kwargs":{"enable_thinking":false}}',
    },
    { marker: '`mock-lmi-async`, `{"inputs":"Hi"', endpoint: 'mock-lmi-async', body: '{"inputs":"Hi","parameters":{"max_new_tokens":3,"details":true},"stream":true}' },
  ])('$endpoint', async ({ marker, endpoint, body }) => {
    const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint, body, customAttributes: 'mock-seed=7' });
    expect(partsText(outcome.parts)).toBe(blockAfter(marker));
  });
});

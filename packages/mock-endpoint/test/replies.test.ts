import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { checkContainerOutput } from './helpers/container-formats.js';
import { fastConfig } from './helpers/profiles.js';
import { SDKS, concatParts, partsText, streamWithSdk } from './helpers/sdk-clients.js';

const { sdk } = SDKS[0];
let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({
    config: fastConfig({
      endpoints: {
        scripted: {
          profile: 'tgi',
          model: { created: 1 },
          reply: { mode: 'scripted', rules: [{ match: '^ping$', flags: 'i', reply: 'pong. Done! More text.' }], fallback: 'echo' },
        },
        echo: { profile: 'lmi', reply: { mode: 'echo' } },
      },
    }),
  });
});
afterAll(() => mock.close());

async function tgi(body: Record<string, unknown>, endpoint = 'mock-tgi', customAttributes?: string) {
  const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint, body: { stream: true, ...body }, ...(customAttributes ? { customAttributes } : {}) });
  expect(outcome.error).toBeUndefined();
  return { bytes: concatParts(outcome.parts), ...checkContainerOutput('tgi', partsText(outcome.parts)) };
}

describe('reply sources', () => {
  it('scripted: the first matching rule answers; otherwise the fallback (echo)', async () => {
    expect((await tgi({ inputs: 'PING' }, 'scripted')).text).toBe('pong. Done! More text.');
    expect((await tgi({ inputs: 'Repeat after me: 42 éàü 😀' }, 'scripted')).text).toBe('Repeat after me: 42 éàü 😀');
  });

  it('echo returns the prompt; corpus answers look like an assistant (markdown, several lines)', async () => {
    const echo = await streamWithSdk({ sdk, url: mock.url, endpoint: 'echo', body: { inputs: 'Echo this back', parameters: { max_new_tokens: 50 } } });
    expect(checkContainerOutput('lmi', partsText(echo.parts)).text).toBe('Echo this back');
    const corpus = await tgi({ inputs: 'Write me a python script', parameters: { max_new_tokens: 400 } });
    expect(corpus.text).toContain('```python');
    expect(corpus.text.split('\n').length).toBeGreaterThan(10);
  });
});

describe('limits and stop sequences, as each container applies them', () => {
  it('max_new_tokens → exactly that many tokens, finish_reason length', async () => {
    const result = await tgi({ inputs: 'hello', parameters: { max_new_tokens: 7, details: true } });
    expect(result.records).toHaveLength(7);
    expect(result.finishReason).toBe('length');
  });

  it('a reply that ends on its own ends with the EOS special token (TGI: eos_token; chat: stop)', async () => {
    const result = await tgi({ inputs: 'ping', parameters: { max_new_tokens: 100, details: true } }, 'scripted');
    expect(result.finishReason).toBe('eos_token');
    expect(JSON.parse(result.records.at(-1)!.slice(5)).token).toMatchObject({ id: 128009, text: '<|eot_id|>', special: true });
    const chat = await streamWithSdk({ sdk, url: mock.url, endpoint: 'scripted', body: { messages: [{ role: 'user', content: 'ping' }], max_tokens: 100, stream: true } });
    const checked = checkContainerOutput('tgi-chat', partsText(chat.parts));
    expect(checked.finishReason).toBe('stop');
    expect(checked.text).toBe('pong. Done! More text.');
  });

  it('TGI keeps the stop sequence in the last token and reports stop_sequence', async () => {
    const result = await tgi({ inputs: 'ping', parameters: { stop: ['!'], details: true } }, 'scripted');
    expect(result.text).toBe('pong. Done!');
    expect(result.finishReason).toBe('stop_sequence');
  });

  it('LMI cuts the output before the stop sequence', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'echo', body: { inputs: 'one, two; three', parameters: { stop: [';'], details: true } } });
    const checked = checkContainerOutput('lmi', partsText(outcome.parts));
    expect(checked.text).toBe('one, two');
    expect(checked.finishReason).toBe('stop_sequence');
  });

  it('return_full_text prefixes generated_text with the prompt', async () => {
    const result = await tgi({ inputs: 'ping', parameters: { return_full_text: true } }, 'scripted');
    expect(JSON.parse(result.records.at(-1)!.slice(5)).generated_text).toBe('pingpong. Done! More text.');
  });

  it('TGI rejects invalid parameters inside the stream, as generate_stream does (HTTP 200)', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-tgi', body: { inputs: 'x', parameters: { stop: ['a', 'b', 'c', 'd', 'e'] }, stream: true } });
    expect(outcome.error).toBeUndefined();
    expect(partsText(outcome.parts)).toBe('data:{"error":"Input validation error: `stop` supports up to 4 stop sequences. Given: 5","error_type":"validation"}\n\n');
  });
});

describe('determinism', () => {
  const body = { inputs: 'Explain streaming', parameters: { max_new_tokens: 40, details: true, temperature: 0.7 } };

  it('the same seed and request give identical bytes; another mock-seed gives other bytes', async () => {
    const first = await tgi(body);
    const second = await tgi(body);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const reseeded = await tgi(body, 'mock-tgi', 'mock-seed=12345');
    expect(Buffer.from(reseeded.bytes).equals(Buffer.from(first.bytes))).toBe(false);
    expect(await tgi(body, 'mock-tgi', 'mock-seed=12345')).toEqual(reseeded);
  });

  it('a seeded sampling request reports its seed in TGI details', async () => {
    const result = await tgi({ inputs: 'x', parameters: { seed: 42, temperature: 0.5, details: true, max_new_tokens: 2 } });
    expect(JSON.parse(result.records.at(-1)!.slice(5)).details.seed).toBe(42);
  });
});

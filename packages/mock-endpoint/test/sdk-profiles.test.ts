import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNKING_MODES, startServer, type MockServer } from '../src/index.js';
import { checkContainerOutput } from './helpers/container-formats.js';
import { PROFILE_CASES, fastConfig } from './helpers/profiles.js';
import { SDKS, concatParts, createClient, partsText, streamWithSdk } from './helpers/sdk-clients.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ config: fastConfig() });
});
afterAll(() => mock.close());

function splitsUtf8(parts: readonly Uint8Array[]): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return parts.some((part) => {
    try {
      decoder.decode(part);
      return false;
    } catch {
      return true;
    }
  });
}

describe.each(SDKS)('$name receives every profile', ({ sdk }) => {
  describe.each(PROFILE_CASES)('$endpoint ($format)', (profile) => {
    it('gets the same bytes in a valid stream of the format, whatever the chunking', async () => {
      const outcomes = [];
      for (const mode of CHUNKING_MODES) {
        const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: profile.endpoint, body: profile.body, customAttributes: `mock-chunking=${mode}` });
        expect(outcome.error, `${mode}: ${outcome.error?.message}`).toBeUndefined();
        expect(outcome.contentType).toBe(profile.contentType);
        expect(outcome.variant).toBe('AllTraffic');
        expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(outcome.parts.every((part) => part.length > 0)).toBe(true);
        outcomes.push({ mode, parts: outcome.parts });
      }
      const [token, coalesce, random] = outcomes as [(typeof outcomes)[0], (typeof outcomes)[0], (typeof outcomes)[0]];
      expect(Buffer.from(concatParts(coalesce.parts)).equals(Buffer.from(concatParts(token.parts)))).toBe(true);
      expect(Buffer.from(concatParts(random.parts)).equals(Buffer.from(concatParts(token.parts)))).toBe(true);

      const checked = checkContainerOutput(profile.format, partsText(token.parts));
      expect(checked.text).toContain('日本語');
      expect(checked.text.length).toBeGreaterThan(40);
      // token: one PayloadPart per container write, exactly one record each.
      expect(token.parts.length).toBe(checked.records.length);
      expect(token.parts.map((part) => Buffer.from(part).toString('utf8'))).toEqual(checked.records);
      // coalesce: 4 writes per part.
      expect(coalesce.parts.length).toBe(Math.ceil(checked.records.length / 4));
      // random: boundaries inside records and inside UTF-8 characters.
      const boundaries = new Set<number>();
      let offset = 0;
      for (const record of checked.records) boundaries.add((offset += Buffer.byteLength(record)));
      let cut = 0;
      const misaligned = random.parts.slice(0, -1).filter((part) => !boundaries.has((cut += part.length)));
      expect(misaligned.length).toBeGreaterThan(0);
      expect(splitsUtf8(random.parts)).toBe(true);
    });

    it('InvokeEndpoint returns the same container response in one body', async () => {
      const client = createClient({ sdk, url: mock.url });
      const output = await client.send(new sdk.InvokeEndpointCommand({ EndpointName: profile.endpoint, ContentType: 'application/json', Body: JSON.stringify(profile.body) }));
      client.destroy();
      const streamed = await streamWithSdk({ sdk, url: mock.url, endpoint: profile.endpoint, body: profile.body });
      expect(output.ContentType).toBe(profile.contentType);
      expect(output.InvokedProductionVariant).toBe('AllTraffic');
      expect(Buffer.from(output.Body!).equals(Buffer.from(concatParts(streamed.parts)))).toBe(true);
    });
  });
});

describe('non-streaming container answers', () => {
  const { sdk } = SDKS[0];
  it('TGI without "stream" answers one JSON array: a single PayloadPart, application/json', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-tgi', body: { inputs: 'hello', parameters: { max_new_tokens: 5, details: true } } });
    expect(outcome.contentType).toBe('application/json');
    expect(outcome.parts).toHaveLength(1);
    expect(partsText(outcome.parts)).toMatch(/^\[\{"generated_text":"[^"]*","details":\{"finish_reason":"length","generated_tokens":5,"seed":null,"prefill":\[\],"tokens":\[/);
  });

  it('TGI chat without "stream" answers a chat.completion object', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-messages', body: { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 } });
    expect(outcome.contentType).toBe('application/json');
    const body = JSON.parse(partsText(outcome.parts)) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['object', 'id', 'created', 'model', 'system_fingerprint', 'choices', 'usage']);
    expect(body).toMatchObject({ object: 'chat.completion', id: '', choices: [{ index: 0, message: { role: 'assistant' }, logprobs: null, finish_reason: 'length' }], usage: { completion_tokens: 4 } });
  });

  it('LMI chat without "stream" answers json_chat in one body', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-lmi-chat', body: { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 } });
    expect(outcome.contentType).toBe('application/json');
    expect(partsText(outcome.parts)).toMatch(/^\{"id": "chatcmpl-[^"]+", "object": "chat\.completion", "created": \d+, "choices": \[\{"index": 0, "message": \{"role": "assistant", "content": "[^"]*"\}, "logprobs": null, "finish_reason": "length"\}\], "usage": \{"prompt_tokens": \d+, "completion_tokens": 4, "total_tokens": \d+\}\}$/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNKING_MODES, startServer, type MockServer } from '../src/index.js';
import { CURRENT_CASES, currentConfig } from './helpers/current-cases.js';
import { checkCurrentOutput } from './helpers/current-formats.js';
import { SDKS, concatParts, createClient, partsText, streamWithSdk } from './helpers/sdk-clients.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ config: currentConfig() });
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

describe.each(SDKS)('$name receives the current containers byte for byte', ({ sdk }) => {
  describe.each(CURRENT_CASES)('$name ($endpoint)', (profile) => {
    it('every chunking mode delivers the same, exactly formatted container output', async () => {
      const outcomes = [];
      for (const mode of CHUNKING_MODES) {
        const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: profile.endpoint, body: profile.body, customAttributes: `mock-chunking=${mode}` });
        expect(outcome.error, `${mode}: ${outcome.error?.message}`).toBeUndefined();
        expect(outcome.contentType).toBe(profile.contentType);
        expect(outcome.variant).toBe('AllTraffic');
        expect(outcome.parts.every((part) => part.length > 0)).toBe(true);
        outcomes.push(outcome.parts);
      }
      const [token, coalesce, random] = outcomes as [Uint8Array[], Uint8Array[], Uint8Array[]];
      const bytes = Buffer.from(concatParts(token));
      expect(Buffer.from(concatParts(coalesce)).equals(bytes)).toBe(true);
      expect(Buffer.from(concatParts(random)).equals(bytes)).toBe(true);

      const checked = checkCurrentOutput(profile.format, partsText(token));
      // token chunking: one PayloadPart per container write, and here each write is one record.
      expect(token.map((part) => Buffer.from(part).toString('utf8'))).toEqual(checked.records);
      expect(coalesce.length).toBe(Math.ceil(checked.records.length / 4));
      if (profile.name.includes('tool')) {
        expect(checked.toolCalls).toHaveLength(1);
        expect(checked.toolCalls[0]!.name).toBe('get_weather');
        expect(checked.toolCalls[0]!.id).toMatch(/^chatcmpl-tool-[0-9a-f]{32}$/);
        // The arguments arrive in pieces and concatenate to the model's json.dumps text.
        expect(JSON.parse(checked.toolCalls[0]!.arguments)).toEqual({ location: 'Kyoto', unit: 'celsius' });
        expect(checked.toolCalls[0]!.arguments).toBe('{"location": "Kyoto", "unit": "celsius"}');
        expect(checked.finishReason).toBe('tool_calls');
        expect(checked.reasoning).toBe('');
      } else {
        expect(checked.content).toContain('日本語');
        expect(splitsUtf8(random)).toBe(true);
      }
      if (profile.endpoint !== 'mock-lmi-async' && profile.format !== 'sglang-chat' && profile.format.endsWith('chat') && !profile.name.includes('tool')) {
        expect(checked.reasoning).toMatch(/Say something in Japanese, please/);
      }
      if (profile.body.stream_options) {
        expect(checked.usage).not.toBeNull();
        expect(checked.usage!.completion_tokens).toBeGreaterThanOrEqual(checked.tokenRecords);
      }
    });
  });
});

describe('the same generation through InvokeEndpoint', () => {
  it.each(CURRENT_CASES.filter((profile) => !profile.name.includes('tool')))('$name: the non-streaming answer has the streamed text', async (profile) => {
    const { sdk } = SDKS[0];
    const client = createClient({ sdk, url: mock.url });
    const body = { ...profile.body, stream: false, stream_options: undefined };
    const output = await client.send(new sdk.InvokeEndpointCommand({ EndpointName: profile.endpoint, ContentType: 'application/json', Body: JSON.stringify(body) }));
    client.destroy();
    const streamed = checkCurrentOutput(profile.format, partsText((await streamWithSdk({ sdk, url: mock.url, endpoint: profile.endpoint, body: profile.body })).parts));
    expect(output.ContentType).toBe('application/json');
    const answer = JSON.parse(new TextDecoder().decode(output.Body)) as { generated_text?: string; choices?: { text?: string; message?: { content: string } }[] };
    const text = answer.generated_text ?? answer.choices![0]!.text ?? answer.choices![0]!.message!.content;
    expect(text).toBe(streamed.content);
  });
});

describe('the in-band failure (mock-fault=container-error) through the SDKs', () => {
  const failing = CURRENT_CASES.filter((profile) => !profile.name.includes('tool'));
  describe.each(SDKS)('$name', ({ sdk }) => {
    it.each(failing)('$name: HTTP 200, then the container’s own failure, in every chunking mode', async (profile) => {
      for (const mode of CHUNKING_MODES) {
        const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: profile.endpoint, body: profile.body, customAttributes: `mock-fault=container-error;mock-fault-after=4;mock-chunking=${mode}` });
        // Not an SDK error: the failure is ordinary PayloadPart bytes under HTTP 200.
        expect(outcome.error).toBeUndefined();
        const checked = checkCurrentOutput(profile.format, partsText(outcome.parts));
        const style = profile.endpoint === 'mock-lmi-async' ? 'finish-error' : 'error-event';
        expect(checked.failure, mode).toBe(style);
        if (style === 'finish-error') expect(checked.finishReason).toBe('error');
      }
    });
  });
});

describe('bodies the current containers refuse come back as ModelError, with their own answer', () => {
  const { sdk } = SDKS[1];
  const cases = [
    { endpoint: 'mock-vllm', body: '{"messages": [', status: 400, original: /^\{"error":\{"message":"JSON decode error: Expecting value: line 1 column 15 \(char 14\)","type":"BadRequestError","param":null,"code":400\}\}$/ },
    { endpoint: 'mock-vllm', body: '{"input": "x"}', status: 400, original: /Cannot find suitable handler for request\. Expected one of: \['ChatCompletionRequest', 'CompletionRequest'\]/ },
    { endpoint: 'mock-vllm', body: '{"prompt": "x", "model": "gpt-4"}', status: 404, original: /"The model `gpt-4` does not exist\.","type":"NotFoundError","param":"model","code":404/ },
    { endpoint: 'mock-sglang', body: '{"prompt": "x"}', status: 400, original: /Expected one of: \['ChatCompletionRequest'\]/ },
    { endpoint: 'mock-lmi-async', body: '{"inputs": ""}', status: 424, original: /^\{"error": "Input Parsing failed\. .*", "code": 424\}$/ },
  ];
  it.each(cases)('$endpoint, $body → OriginalStatusCode $status', async ({ endpoint, body, status, original }) => {
    const client = createClient({ sdk, url: mock.url });
    const error = (await client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: endpoint, ContentType: 'application/json', Body: body })).catch((caught: unknown) => caught)) as Record<string, unknown>;
    client.destroy();
    expect(error).toMatchObject({ name: 'ModelError', OriginalStatusCode: status });
    expect(String(error.OriginalMessage)).toMatch(original);
  });

  it('vLLM refuses a body without Content-Type: application/json (boto3 sends none unless told)', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-vllm', body: { prompt: 'x' }, contentType: 'text/plain' });
    expect(outcome.error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 400, OriginalMessage: expect.stringMatching(/Unsupported Media Type/) });
  });
});

describe('vLLM stream_options.continuous_usage_stats', () => {
  it('puts the running usage on every chunk, in declaration order', async () => {
    const body = { messages: [{ role: 'user', content: 'hello' }], max_tokens: 6, stream: true, stream_options: { include_usage: true, continuous_usage_stats: true }, chat_template_kwargs: { enable_thinking: false } };
    const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: 'mock-vllm', body });
    const chunks = partsText(outcome.parts)
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown> & { usage: { completion_tokens: number } });
    expect(Object.keys(chunks[0]!)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage', 'prompt_token_ids']);
    expect(Object.keys(chunks[1]!)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage']);
    expect(Object.keys(chunks[1]!.usage)).toEqual(['prompt_tokens', 'total_tokens', 'completion_tokens']);
    expect(chunks.map((chunk) => chunk.usage.completion_tokens)).toEqual([0, 1, 2, 3, 4, 5, 6, 6]);
    const completion = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: 'mock-vllm', body: { prompt: 'hello', max_tokens: 2, stream: true, stream_options: { continuous_usage_stats: true } } });
    expect(partsText(completion.parts)).toMatch(/"usage":\{"prompt_tokens":2,"total_tokens":3,"completion_tokens":1,"prompt_tokens_details":null\}\}\n\n/);
  });
});

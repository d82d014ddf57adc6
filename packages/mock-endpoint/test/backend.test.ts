import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCliOptions } from '../src/cli/cli-options.js';
import { normalizeConfig, startServer, type MockServer } from '../src/index.js';
import { checkContainerOutput } from './helpers/container-formats.js';
import { UPSTREAMS, UPSTREAM_TEXT, startOpenAiUpstream } from './helpers/openai-upstream.js';
import { PROFILE_CASES, fastConfig } from './helpers/profiles.js';
import { boto3Availability, runPythonCode } from './helpers/python.js';
import { SDKS, partsText, streamWithSdk } from './helpers/sdk-clients.js';

// A real model behind the mock (`--backend`): an OpenAI-compatible upstream replaying captured
// vLLM, llama.cpp and Ollama streams, answered in every container format, read by the official
// JS SDK and by boto3.
let upstream: Awaited<ReturnType<typeof startOpenAiUpstream>>;
const mocks: Record<string, MockServer> = {};

function backendConfig(model: string, url = `${upstream.url}/v1`) {
  const base = fastConfig();
  return { ...base, endpoints: Object.fromEntries(Object.entries(base.endpoints!).map(([name, endpoint]) => [name, { ...endpoint, backend: { url, model } }])) };
}

beforeAll(async () => {
  upstream = await startOpenAiUpstream();
  for (const name of [...UPSTREAMS, 'error-500']) mocks[name] = await startServer({ config: backendConfig(name) });
  mocks.down = await startServer({ config: backendConfig('vllm', 'http://127.0.0.1:9/v1') });
});
afterAll(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock.close()));
  await upstream?.close();
});

describe('--backend: a real model answers in the container format', () => {
  for (const name of UPSTREAMS) {
    it.each(PROFILE_CASES.map((profile) => [profile.endpoint, profile] as const))(`${name} → %s, read by the JS SDK`, async (_endpoint, profile) => {
      const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks[name]!.url, endpoint: profile.endpoint, body: profile.body });
      expect(outcome.error).toBeUndefined();
      expect(outcome.contentType).toBe(profile.contentType);
      expect(checkContainerOutput(profile.format, partsText(outcome.parts)).text).toBe(UPSTREAM_TEXT);
    });
  }

  it('turns inputs into a chat request, carries the parameters over and never forwards credentials', async () => {
    upstream.requests.length = 0;
    await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks.ollama!.url, endpoint: 'mock-tgi', body: { inputs: 'Hi there', parameters: { max_new_tokens: 77, stop: ['\n\n'], temperature: 0.2, top_p: 0.9, seed: 5 }, stream: true } });
    await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks.ollama!.url, endpoint: 'mock-messages', body: { messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: [{ type: 'text', text: 'Yo' }] }], max_tokens: 9, stop: 'END', stream: true } });
    expect(upstream.requests.map((request) => request.body)).toEqual([
      { model: 'ollama', messages: [{ role: 'user', content: 'Hi there' }], stream: true, max_tokens: 77, stop: ['\n\n'], temperature: 0.2, top_p: 0.9, seed: 5 },
      { model: 'ollama', messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Yo' }], stream: true, max_tokens: 9, stop: ['END'] },
    ]);
    for (const request of upstream.requests) {
      expect(request.url).toBe('/v1/chat/completions');
      expect(Object.keys(request.headers).filter((header) => /authorization|amz|token|cookie|custom-attributes/i.test(header))).toEqual([]);
    }
  });

  it("applies the mock's chunking and faults on top of the model's text", async () => {
    const random = await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks.vllm!.url, endpoint: 'mock-tgi', body: { inputs: 'x', stream: true }, customAttributes: 'mock-chunking=split-utf8' });
    expect(checkContainerOutput('tgi', partsText(random.parts)).text).toBe(UPSTREAM_TEXT);
    const broken = await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks.vllm!.url, endpoint: 'mock-lmi', body: { inputs: 'x' }, customAttributes: 'mock-fault=stream-broken;mock-fault-after=2' });
    expect(broken.error?.name).toBe('ModelStreamError');
    expect(broken.parts).toHaveLength(2);
  });

  it('an upstream that is down or fails is a 424 ModelError, as a failed container', async () => {
    const down = await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks.down!.url, endpoint: 'mock-tgi', body: { inputs: 'x', stream: true } });
    expect(down.error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 502 });
    expect(String(down.error?.OriginalMessage)).toMatch(/backend http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions unreachable/);
    const failed = await streamWithSdk({ sdk: SDKS[0].sdk, url: mocks['error-500']!.url, endpoint: 'mock-lmi', body: { inputs: 'x' } });
    expect(failed.error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 500, $metadata: { httpStatusCode: 424 } });
    expect(String(failed.error?.OriginalMessage)).toContain('CUDA out of memory');
  });

  it('accepts only loopback backends unless remote ones are allowed', () => {
    expect(() => normalizeConfig({ endpoints: { e: { profile: 'tgi', backend: 'http://10.0.0.5:8000/v1' } } })).toThrow(
      'Invalid mock config at endpoints.e.backend.url: expected a loopback URL (127.0.0.1, [::1], localhost) unless allowRemoteBackend is true (--allow-remote-backend), got "http://10.0.0.5:8000/v1".',
    );
    expect(normalizeConfig({ allowRemoteBackend: true, endpoints: { e: { profile: 'tgi', backend: 'http://10.0.0.5:8000/v1' } } }).endpoints.e!.backend?.url).toBe('http://10.0.0.5:8000/v1');
    expect(() => normalizeConfig({ endpoints: { e: { profile: 'tgi', backend: 'file:///etc/passwd' } } })).toThrow(/expected an http:\/\/ or https:\/\/ URL/);
    const cli = { port: 0, host: '127.0.0.1', accessKey: [] as string[] };
    expect(() => applyCliOptions({ config: normalizeConfig({}), cli: { ...cli, backend: 'http://ollama.example.com:11434' } })).toThrow(/add --allow-remote-backend/);
    const config = applyCliOptions({ config: normalizeConfig({}), cli: { ...cli, backend: 'http://localhost:11434/v1', backendModel: 'llama3.2' } });
    expect(Object.values(config.endpoints).map((endpoint) => endpoint.backend?.model)).toEqual(Object.keys(config.endpoints).map(() => 'llama3.2'));
  });
});

const boto3 = boto3Availability();
describe.skipIf(!boto3.available)('--backend read by boto3, every container profile', () => {
  it.each(PROFILE_CASES.map((profile) => [profile.endpoint, profile] as const))('%s', async (_endpoint, profile) => {
    const code = `
import boto3, json, sys
smr = boto3.client('sagemaker-runtime', region_name='us-east-1')
r = smr.invoke_endpoint_with_response_stream(EndpointName=sys.argv[1] if len(sys.argv) > 1 else ${JSON.stringify(profile.endpoint)}, ContentType='application/json', Body=${JSON.stringify(JSON.stringify(profile.body))})
data = b''.join(event['PayloadPart']['Bytes'] for event in r['Body'] if 'PayloadPart' in event)
print(json.dumps({"contentType": r['ContentType'], "payload": data.decode('utf-8')}))
`;
    const output = await runPythonCode({ code, env: { AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: mocks['llama-cpp']!.url, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
    const { contentType, payload } = JSON.parse(output) as { contentType: string; payload: string };
    expect(contentType).toBe(profile.contentType);
    expect(checkContainerOutput(profile.format, payload).text).toBe(UPSTREAM_TEXT);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCliOptions } from '../src/cli/cli-options.js';
import { normalizeConfig, startServer, type MockServer } from '../src/index.js';
import { checkContainerOutput } from './helpers/container-formats.js';
import { UPSTREAMS, UPSTREAM_TEXT, startOpenAiUpstream } from './helpers/openai-upstream.js';
import { PROFILE_CASES, fastConfig } from './helpers/profiles.js';
import { HELD_TEXT, LENGTH_TEXT, PIECES, SCRIPTS, startScriptedUpstream, type Script } from './helpers/scripted-upstream.js';
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
    // Inference components run containers of their own: --backend reaches them, and the loopback rule binds them.
    expect(config.endpoints['mock-ic']!.inferenceComponents.map((component) => component.container.backend?.url)).toEqual(['http://localhost:11434/v1', 'http://localhost:11434/v1']);
    const remoteComponent = { endpoints: { e: { profile: 'tgi' as const, inferenceComponents: [{ name: 'c', profile: 'vllm' as const, backend: 'http://10.0.0.5:8000/v1' }] } } };
    expect(() => normalizeConfig(remoteComponent)).toThrow('Invalid mock config at endpoints.e.inferenceComponents[0].backend.url: expected a loopback URL');
    expect(normalizeConfig({ ...remoteComponent, allowRemoteBackend: true }).endpoints.e!.inferenceComponents[0]!.container.backend?.url).toBe('http://10.0.0.5:8000/v1');
  });

  it('--backend answers for inference components too, each in its own container format (LMI async, vLLM)', async () => {
    const config = applyCliOptions({ config: normalizeConfig({ latencyScale: 0 }), cli: { port: 0, host: '127.0.0.1', accessKey: [], backend: `${upstream.url}/v1`, backendModel: 'vllm' } });
    const mock = await startServer({ config });
    try {
      for (const component of ['ic-llama', 'ic-qwen']) {
        const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: 'mock-ic', inferenceComponentName: component, body: { messages: [{ role: 'user', content: 'Hi' }], max_tokens: 50, stream: true } });
        expect(outcome.error, component).toBeUndefined();
        // LMI async writes chat chunks as JSON Lines, vLLM as SSE: the chunks' content is the model's text.
        const chunks = partsText(outcome.parts)
          .split('\n')
          .map((line) => line.replace(/^data: ?/, ''))
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { choices: { delta?: { content?: string } }[] });
        expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join(''), component).toBe(UPSTREAM_TEXT);
      }
    } finally {
      await mock.close();
    }
  });
});

/** The profiles built on an OpenAI plan (`planOpenAi`). */
const OPENAI_PROFILES = ['vllm', 'sglang', 'lmi-async'] as const;

/** The JSON chunks of an OpenAI-style stream: SSE `data:` events (vLLM, SGLang) or JSON Lines (LMI async). */
function openAiChunks(text: string) {
  return text
    .split('\n')
    .map((line) => line.replace(/^data: ?/, ''))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { choices: { delta?: { content?: string }; finish_reason: string | null }[]; usage?: { completion_tokens: number }; error?: { message: string } });
}

// The model's tokens reach the client as the model produces them: an upstream that sends deltas
// with pauses the test controls, read through the official JS SDK.
describe('--backend streams the model as it generates', () => {
  let scripted: Awaited<ReturnType<typeof startScriptedUpstream>>;
  const live = {} as Record<Script, MockServer>;
  beforeAll(async () => {
    scripted = await startScriptedUpstream();
    for (const script of SCRIPTS) live[script] = await startServer({ config: backendConfig(script, `${scripted.url}/v1`) });
  });
  afterAll(async () => {
    await Promise.all(Object.values(live).map((mock) => mock.close()));
    await scripted?.close();
  });
  /** The scripted upstream's record of the next request. */
  const nextRequest = () => {
    const index = scripted.requests.length;
    return () => scripted.requests[index]!;
  };

  /**
   * Streams from a mock whose model ('held' script) holds its last delta back until released: the
   * first PayloadPart releases it. `finishedAtFirstPart` is false when the mock streamed as the model
   * generated, true when it waited for the whole answer.
   */
  async function streamWhileModelHolds(options: { url: string; endpoint: string; body: unknown }) {
    const upstreamRequest = nextRequest();
    let finishedAtFirstPart: boolean | undefined;
    // Only breaks a deadlock if the mock waited for the whole answer: the caller's assertion then fails.
    const fallback = setTimeout(() => upstreamRequest().release(), 3000);
    const outcome = await streamWithSdk({
      sdk: SDKS[0].sdk,
      ...options,
      onPart: () => {
        if (finishedAtFirstPart !== undefined) return;
        finishedAtFirstPart = upstreamRequest().finished;
        upstreamRequest().release();
      },
    });
    clearTimeout(fallback);
    return { outcome, finishedAtFirstPart, finishedAtEnd: upstreamRequest().finished };
  }

  it.each(PROFILE_CASES.map((profile) => [profile.endpoint, profile] as const))('%s: the first PayloadPart arrives while the model still holds its last delta', async (_endpoint, profile) => {
    const { outcome, finishedAtFirstPart, finishedAtEnd } = await streamWhileModelHolds({ url: live.held.url, endpoint: profile.endpoint, body: profile.body });
    expect(finishedAtFirstPart).toBe(false);
    expect(outcome.error).toBeUndefined();
    const checked = checkContainerOutput(profile.format, partsText(outcome.parts));
    // The model's text, exactly, with the model's own end (EOS), not a length stop.
    expect(checked.text).toBe(HELD_TEXT);
    expect(checked.finishReason).not.toBe('length');
    expect(finishedAtEnd).toBe(true);
  });

  it.each(PROFILE_CASES.filter((profile) => profile.format !== 'lmi-legacy').map((profile) => [profile.endpoint, profile] as const))(
    '%s: an upstream finish_reason "length" is the container\'s length finish',
    async (_endpoint, profile) => {
      const parameters = profile.body.parameters as Record<string, unknown> | undefined;
      const body = parameters ? { ...profile.body, parameters: { ...parameters, details: true } } : profile.body;
      const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: live.length.url, endpoint: profile.endpoint, body });
      expect(outcome.error).toBeUndefined();
      const checked = checkContainerOutput(profile.format, partsText(outcome.parts));
      expect(checked.text).toBe(LENGTH_TEXT);
      expect(checked.finishReason).toBe('length');
    },
  );

  it('InvokeEndpoint collects the whole answer and keeps the length finish', async () => {
    const { sdk } = SDKS[0];
    const client = new sdk.SageMakerRuntimeClient({ endpoint: live.length.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      const answer = await client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-tgi', ContentType: 'application/json', Body: JSON.stringify({ inputs: 'x', parameters: { details: true } }) }));
      const [generated] = JSON.parse(new TextDecoder().decode(answer.Body)) as [{ generated_text: string; details: { finish_reason: string } }];
      expect(generated.generated_text).toBe(LENGTH_TEXT);
      expect(generated.details.finish_reason).toBe('length');
      await expect(client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-tgi', ContentType: 'application/json', Body: JSON.stringify({ inputs: 'x' }) }), {})).resolves.toBeDefined();
      const failed = live.broken;
      const failing = new sdk.SageMakerRuntimeClient({ endpoint: failed.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
      try {
        // Nothing was sent yet: a model failing midway is still the 424 of a failed container.
        await expect(failing.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-tgi', ContentType: 'application/json', Body: JSON.stringify({ inputs: 'x' }) }))).rejects.toMatchObject({
          name: 'ModelError',
          OriginalStatusCode: 502,
          $metadata: { httpStatusCode: 424 },
        });
      } finally {
        failing.destroy();
      }
    } finally {
      client.destroy();
    }
  });

  it('a model failing mid-stream ends the stream with the container\'s in-band error', async () => {
    for (const script of ['broken', 'error-event'] as const) {
      const tgi = await streamWithSdk({ sdk: SDKS[0].sdk, url: live[script].url, endpoint: 'mock-tgi', body: { inputs: 'x', stream: true } });
      expect(tgi.error).toBeUndefined();
      const events = partsText(tgi.parts).split('\n\n').filter(Boolean);
      expect(events.slice(0, -1).map((event) => (JSON.parse(event.slice(5)) as { token: { text: string } }).token.text).join('')).toBe('Half an');
      const error = JSON.parse(events.at(-1)!.slice(5)) as { error: string; error_type: string };
      expect(error.error_type).toBe('generation');
      expect(error.error).toMatch(script === 'broken' ? /^Request failed during generation: Server error: backend .* broke off/ : /CUDA error: device-side assert triggered/);

      const messages = await streamWithSdk({ sdk: SDKS[0].sdk, url: live[script].url, endpoint: 'mock-messages', body: { messages: [{ role: 'user', content: 'x' }], stream: true } });
      const chat = partsText(messages.parts).split('\n\n').filter(Boolean);
      expect(chat.at(-1)).toBe('data:[DONE]');
      expect(JSON.parse(chat.at(-2)!.slice(5))).toMatchObject({ error: { message: expect.stringMatching(/^Request failed during generation/) } });

      // A whole-body answer (no `stream: true`) on the streaming API: the container's error body.
      const whole = await streamWithSdk({ sdk: SDKS[0].sdk, url: live[script].url, endpoint: 'mock-tgi', body: { inputs: 'x' } });
      expect(JSON.parse(partsText(whole.parts))).toMatchObject({ error_type: 'generation', error: expect.stringMatching(/^Request failed during generation/) });

      const lmi = await streamWithSdk({ sdk: SDKS[0].sdk, url: live[script].url, endpoint: 'mock-lmi', body: { inputs: 'x' } });
      const lines = partsText(lmi.parts).split('\n').filter(Boolean);
      expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { token: { text: string } }).token.text).join('')).toBe('Half an');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ code: 424 });
    }
  });

  /** A mock whose vLLM, SGLang and LMI async endpoints ask the scripted upstream for `script`. */
  const openAiMock = (script: Script) => {
    const endpoints = Object.fromEntries(OPENAI_PROFILES.map((profile) => [`e-${profile}`, { profile, backend: { url: `${scripted.url}/v1`, model: script } }]));
    return startServer({ config: { latencyScale: 0, endpoints } });
  };

  it('the vLLM, SGLang and LMI async profiles keep the model\'s text and its length finish', async () => {
    const mock = await openAiMock('length');
    try {
      for (const profile of OPENAI_PROFILES) {
        const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: `e-${profile}`, body: { messages: [{ role: 'user', content: 'x' }], stream: true } });
        expect(outcome.error).toBeUndefined();
        const chunks = openAiChunks(partsText(outcome.parts));
        expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join(''), profile).toBe(LENGTH_TEXT);
        expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean), profile).toEqual(['length']);
      }
    } finally {
      await mock.close();
    }
  });

  it.each(OPENAI_PROFILES)('%s: the first PayloadPart arrives while the model still holds its last delta', async (profile) => {
    const mock = await openAiMock('held');
    try {
      const { outcome, finishedAtFirstPart, finishedAtEnd } = await streamWhileModelHolds({
        url: mock.url,
        endpoint: `e-${profile}`,
        body: { messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } },
      });
      expect(finishedAtFirstPart).toBe(false);
      expect(outcome.error).toBeUndefined();
      const text = partsText(outcome.parts);
      const chunks = openAiChunks(text);
      // The model's text, exactly, with the model's own end (EOS), the usage chunk and the end of the stream.
      expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')).toBe(HELD_TEXT);
      expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } });
      expect(text.endsWith(profile === 'lmi-async' ? '}\n\n' : 'data: [DONE]\n\n')).toBe(true);
      expect(finishedAtEnd).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it('vLLM, SGLang and LMI async: a model failing mid-stream ends with the container\'s in-band failure; a whole body is still a 424', async () => {
    for (const script of ['broken', 'error-event'] as const) {
      const mock = await openAiMock(script);
      try {
        const message = script === 'broken' ? /^backend .* broke off/ : /CUDA error: device-side assert triggered/;
        for (const profile of OPENAI_PROFILES) {
          const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: `e-${profile}`, body: { messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } } });
          expect(outcome.error, profile).toBeUndefined();
          const text = partsText(outcome.parts);
          const chunks = openAiChunks(text);
          expect(chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join(''), profile).toBe('Half an');
          if (profile === 'lmi-async') {
            // The engine's finish_reason "error", the usage of what was generated, [DONE] as a bare "\n".
            expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('error');
            expect(chunks.at(-1)).toMatchObject({ choices: [], usage: {} });
            expect(text.endsWith('}\n\n')).toBe(true);
          } else {
            expect(text.endsWith('data: [DONE]\n\n'), profile).toBe(true);
            expect(chunks.at(-1)?.error?.message, profile).toMatch(message);
          }

          // A whole-body answer (no `stream: true`) on the streaming API: the failed container's 424, as before.
          const whole = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: `e-${profile}`, body: { messages: [{ role: 'user', content: 'x' }] } });
          expect(whole.errorAt, profile).toBe('send');
          expect(whole.error, profile).toMatchObject({ name: 'ModelError', OriginalStatusCode: 502, $metadata: { httpStatusCode: 424 } });
        }
      } finally {
        await mock.close();
      }
    }
  });

  it('keeps the model\'s text exact: deltas cut inside words, whitespace-only deltas, CRLF events in pieces', async () => {
    for (const profile of PROFILE_CASES) {
      const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: live['crlf-pieces'].url, endpoint: profile.endpoint, body: profile.body, customAttributes: 'mock-chunking=random' });
      expect(outcome.error).toBeUndefined();
      expect(checkContainerOutput(profile.format, partsText(outcome.parts)).text, profile.endpoint).toBe(PIECES.join(''));
    }
  });

  it('the service\'s streaming timeout still applies while the model is silent, and cancels it', async () => {
    const upstreamRequest = nextRequest();
    const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: live.endless.url, endpoint: 'mock-tgi', body: { inputs: 'x', stream: true }, customAttributes: 'mock-stream-timeout-ms=300' });
    expect(outcome.error).toMatchObject({ name: 'ModelStreamError', ErrorCode: 'ModelInvocationTimeExceeded' });
    expect(partsText(outcome.parts)).toContain('"text":"Forever"');
    await upstreamRequest().closed;
    expect(upstreamRequest().cancelled).toBe(true);
  });

  it('a model failing before its first delta is a 424 ModelError', async () => {
    const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: live['empty-then-broken'].url, endpoint: 'mock-tgi', body: { inputs: 'x', stream: true } });
    expect(outcome.errorAt).toBe('send');
    expect(outcome.error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 502, $metadata: { httpStatusCode: 424 } });
  });

  it('a client that goes away cancels the request to the model', async () => {
    const upstreamRequest = nextRequest();
    const controller = new AbortController();
    const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: live.endless.url, endpoint: 'mock-tgi', body: { inputs: 'x', stream: true }, abortSignal: controller.signal, onPart: () => controller.abort() });
    expect(outcome.parts.length).toBeGreaterThan(0);
    expect(outcome.error).toBeDefined();
    await upstreamRequest().closed;
    expect(upstreamRequest().cancelled).toBe(true);
  });

  it('faults strike after N of the model\'s tokens and cancel the request to the model', async () => {
    const upstreamRequest = nextRequest();
    const outcome = await streamWithSdk({ sdk: SDKS[0].sdk, url: live.endless.url, endpoint: 'mock-lmi', body: { inputs: 'x' }, customAttributes: 'mock-fault=stream-broken;mock-fault-after=1' });
    expect(outcome.error?.name).toBe('ModelStreamError');
    expect(outcome.parts.map((part) => (JSON.parse(new TextDecoder().decode(part)) as { token: { text: string } }).token.text)).toEqual(['Forever']);
    await upstreamRequest().closed;
    expect(upstreamRequest().cancelled).toBe(true);
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

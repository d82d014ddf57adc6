import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { currentConfig } from './helpers/current-cases.js';
import { SDKS, createClient, partsText, streamWithSdk, type Sdk } from './helpers/sdk-clients.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({
    config: currentConfig({
      endpoints: {
        'short-ttl': { profile: 'lmi-async', sessions: { ttlSeconds: 0.3 } },
        'two-sessions': { profile: 'vllm', sessions: { maxOpen: 2 } },
        'two-sessions-lmi': { profile: 'lmi-async', sessions: { maxOpen: 1 } },
      },
    }),
  });
});
afterAll(() => mock.close());

const { sdk } = SDKS[0];
const CHAT = { messages: [{ role: 'user', content: 'hello' }], max_tokens: 5, stream: true };
const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

async function invoke(options: { endpoint: string; body: unknown; sessionId?: string; component?: string; variant?: string; client?: InstanceType<Sdk['SageMakerRuntimeClient']> }) {
  const client = options.client ?? createClient({ sdk, url: mock.url });
  try {
    return await client.send(
      new sdk.InvokeEndpointCommand({
        EndpointName: options.endpoint,
        ContentType: 'application/json',
        Body: JSON.stringify(options.body),
        ...(options.sessionId ? { SessionId: options.sessionId } : {}),
        ...(options.component ? { InferenceComponentName: options.component } : {}),
        ...(options.variant ? { TargetVariant: options.variant } : {}),
      }),
    );
  } finally {
    if (!options.client) client.destroy();
  }
}

async function stream(options: { endpoint: string; body: unknown; sessionId?: string; component?: string; variant?: string }) {
  const client = createClient({ sdk, url: mock.url });
  try {
    const response = await client.send(
      new sdk.InvokeEndpointWithResponseStreamCommand({
        EndpointName: options.endpoint,
        ContentType: 'application/json',
        Body: JSON.stringify(options.body),
        ...(options.sessionId ? { SessionId: options.sessionId } : {}),
        ...(options.component ? { InferenceComponentName: options.component } : {}),
        ...(options.variant ? { TargetVariant: options.variant } : {}),
      }),
    );
    const parts: Uint8Array[] = [];
    for await (const event of response.Body ?? []) if (event.PayloadPart?.Bytes) parts.push(event.PayloadPart.Bytes);
    return { variant: response.InvokedProductionVariant, contentType: response.ContentType, text: partsText(parts), requestId: response.$metadata.requestId };
  } finally {
    client.destroy();
  }
}

const NEW_SESSION_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}); Expires=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/;

describe('stateful sessions, end to end through @aws-sdk/client-sagemaker-runtime', () => {
  it('LMI: NEW_SESSION opens, streaming calls carry the id to the same instance, CLOSE closes, the closed id is refused', async () => {
    const opened = await invoke({ endpoint: 'mock-lmi-async', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } });
    const [, id, expires] = NEW_SESSION_ID.exec(opened.NewSessionId ?? '') ?? [];
    expect(id, opened.NewSessionId).toBeDefined();
    // LMI's default TTL: 1,200 s.
    expect(Math.abs(Date.parse(expires!) - (Date.now() + 1_200_000))).toBeLessThan(5_000);
    expect(opened.ContentType).toBe('application/json');
    expect(decode(opened.Body)).toBe(`{"result": "Session ${id} created"}\n`);

    const first = await stream({ endpoint: 'mock-lmi-async', sessionId: id!, body: CHAT });
    const second = await stream({ endpoint: 'mock-lmi-async', sessionId: id!, body: { ...CHAT, messages: [{ role: 'user', content: 'and again' }] } });
    expect(first.text).toContain('"chat.completion.chunk"');
    const entries = mock.journal.entries().filter((entry) => entry.session?.id === id);
    expect(entries.map((entry) => [entry.operation, entry.session!.turn])).toEqual([
      ['InvokeEndpoint', 0],
      ['InvokeEndpointWithResponseStream', 1],
      ['InvokeEndpointWithResponseStream', 2],
    ]);
    expect(new Set(entries.map((entry) => entry.instance)).size).toBe(1);
    expect(entries.find((entry) => entry.id === second.requestId)).toBeDefined();

    const closed = await invoke({ endpoint: 'mock-lmi-async', sessionId: id!, body: { requestType: 'CLOSE' } });
    expect(closed.ClosedSessionId).toBe(id);
    expect(closed.NewSessionId).toBeUndefined();
    expect(decode(closed.Body)).toBe(`{"result": "Session ${id} closed"}\n`);
    await expect(stream({ endpoint: 'mock-lmi-async', sessionId: id!, body: CHAT })).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 }, message: expect.stringMatching(/is closed/) });
    await expect(invoke({ endpoint: 'mock-lmi-async', sessionId: id!, body: CHAT })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('vLLM (model-hosting-container-standards): plain-text answers, same client-side headers', async () => {
    const opened = await invoke({ endpoint: 'mock-vllm', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } });
    const id = NEW_SESSION_ID.exec(opened.NewSessionId ?? '')?.[1];
    expect(id).toBeDefined();
    expect(opened.ContentType).toBeUndefined();
    expect(decode(opened.Body)).toBe(`Session ${id} created`);
    const used = await stream({ endpoint: 'mock-vllm', sessionId: id!, body: CHAT });
    expect(used.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const closed = await invoke({ endpoint: 'mock-vllm', sessionId: id!, body: { requestType: 'CLOSE' } });
    expect(closed.ClosedSessionId).toBe(id);
    expect(decode(closed.Body)).toBe(`Session ${id} closed`);
  });

  it('an expired id (short TTL) and an unknown id get ValidationError, on both operations', async () => {
    const opened = await invoke({ endpoint: 'short-ttl', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } });
    const id = NEW_SESSION_ID.exec(opened.NewSessionId ?? '')![1]!;
    await stream({ endpoint: 'short-ttl', sessionId: id, body: CHAT });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(stream({ endpoint: 'short-ttl', sessionId: id, body: CHAT })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/has expired/) });
    await expect(invoke({ endpoint: 'mock-lmi-async', sessionId: 'f0000000-0000-4000-8000-000000000000', body: CHAT })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/was not found/) });
    // An endpoint whose container has no sessions never issued the id either.
    await expect(stream({ endpoint: 'mock-tgi', sessionId: 'abc', body: { inputs: 'x', stream: true } })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('NEW_SESSION on InvokeEndpointWithResponseStream is the service’s ValidationError (Coral constraint message)', async () => {
    await expect(stream({ endpoint: 'mock-lmi-async', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } })).rejects.toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value 'NEW_SESSION' at 'sessionId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$",
    });
  });

  it('open sessions are bounded per endpoint: the container refuses more, as ModelError 424', async () => {
    for (let i = 0; i < 2; i++) expect((await invoke({ endpoint: 'two-sessions', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } })).NewSessionId).toMatch(NEW_SESSION_ID);
    await expect(invoke({ endpoint: 'two-sessions', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } })).rejects.toMatchObject({
      name: 'ModelError',
      OriginalStatusCode: 424,
      OriginalMessage: expect.stringMatching(/^\{"detail":"Failed to create session: 2 sessions are open/),
    });
    await invoke({ endpoint: 'two-sessions-lmi', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } });
    await expect(invoke({ endpoint: 'two-sessions-lmi', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } })).rejects.toMatchObject({
      name: 'ModelError',
      OriginalMessage: expect.stringMatching(/^\{"code":424,"error":"Failed to create session: /),
    });
  });

  it('a session stays on its variant and inference component', async () => {
    const opened = await invoke({ endpoint: 'mock-ab', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' }, variant: 'variant-green' });
    expect(opened.InvokedProductionVariant).toBe('variant-green');
    const id = NEW_SESSION_ID.exec(opened.NewSessionId ?? '')![1]!;
    for (const content of ['one', 'two', 'three']) {
      expect((await stream({ endpoint: 'mock-ab', sessionId: id, body: { ...CHAT, messages: [{ role: 'user', content }] } })).variant).toBe('variant-green');
    }
    const component = await invoke({ endpoint: 'mock-ic', component: 'ic-qwen', sessionId: 'NEW_SESSION', body: { requestType: 'NEW_SESSION' } });
    const componentId = NEW_SESSION_ID.exec(component.NewSessionId ?? '')![1]!;
    expect((await stream({ endpoint: 'mock-ic', component: 'ic-qwen', sessionId: componentId, body: CHAT })).contentType).toBe('text/event-stream; charset=utf-8');
    await expect(stream({ endpoint: 'mock-ic', component: 'ic-llama', sessionId: componentId, body: CHAT })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/another inference component/) });
  });
});

describe.each(SDKS)('inference components and variants through $name', ({ sdk: client }) => {
  const send = (input: Record<string, unknown>) => streamWithSdk({ sdk: client, url: mock.url, endpoint: String(input.endpoint), body: input.body, ...(input.customAttributes ? { customAttributes: String(input.customAttributes) } : {}) });
  it('InferenceComponentName routes to each component’s own container; missing or unknown names are ValidationError', async () => {
    const sdkClient = createClient({ sdk: client, url: mock.url });
    const run = (component: string | undefined, endpoint = 'mock-ic') =>
      sdkClient.send(new client.InvokeEndpointWithResponseStreamCommand({ EndpointName: endpoint, ContentType: 'application/json', Body: JSON.stringify(CHAT), ...(component ? { InferenceComponentName: component } : {}) }));
    const llama = await run('ic-llama');
    const qwen = await run('ic-qwen');
    expect(llama.ContentType).toBe('application/jsonlines');
    expect(qwen.ContentType).toBe('text/event-stream; charset=utf-8');
    for await (const _ of llama.Body ?? []) void _;
    for await (const _ of qwen.Body ?? []) void _;
    expect(mock.journal.entries().slice(-2).map((entry) => [entry.inferenceComponent, entry.profile])).toEqual([
      ['ic-llama', 'lmi-async'],
      ['ic-qwen', 'vllm'],
    ]);
    await expect(run(undefined)).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
      ErrorCode: 'INFERENCE_COMPONENT_NAME_MISSING',
      message: 'Inference Component Name header is required for endpoints to which you plan to deploy inference components. Please include Inference Component Name header or consider using SageMaker models.',
    });
    await expect(run('ic-nope')).rejects.toMatchObject({ name: 'ValidationError', message: 'Inference Component ic-nope of endpoint mock-ic of account 123456789012 not found.' });
    await expect(run('ic-qwen', 'mock-vllm')).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/does not host inference components/) });
    sdkClient.destroy();
  });

  it('TargetVariant picks the variant; x-Amzn-Invoked-Production-Variant says which answered; unknown → ValidationError', async () => {
    const sdkClient = createClient({ sdk: client, url: mock.url });
    const run = (variant: string | undefined, seed: number) =>
      sdkClient.send(new client.InvokeEndpointCommand({ EndpointName: 'mock-ab', ContentType: 'application/json', Body: JSON.stringify({ prompt: 'hi', max_tokens: 2 }), CustomAttributes: `mock-seed=${seed}`, ...(variant ? { TargetVariant: variant } : {}) }));
    expect((await run('variant-green', 1)).InvokedProductionVariant).toBe('variant-green');
    expect((await run('variant-blue', 1)).InvokedProductionVariant).toBe('variant-blue');
    await expect(run('variant-red', 1)).rejects.toMatchObject({ name: 'ValidationError', message: 'Variant variant-red of endpoint mock-ab of account 123456789012 not found.' });
    // Without TargetVariant: a weighted (80/20) pick, seeded — the same seed answers the same.
    const picks: string[] = [];
    for (let seed = 0; seed < 60; seed++) picks.push((await run(undefined, seed)).InvokedProductionVariant!);
    const blue = picks.filter((variant) => variant === 'variant-blue').length;
    expect(blue).toBeGreaterThan(36);
    expect(blue).toBeLessThan(60);
    expect((await run(undefined, 7)).InvokedProductionVariant).toBe(picks[7]);
    sdkClient.destroy();
    const outcome = await send({ endpoint: 'mock-lmi-async', body: CHAT });
    expect(outcome.variant).toBe('AllTraffic');
  });
});

describe('GET /_mock/endpoints', () => {
  it('lists variants, inference components and session settings (what a control plane would describe)', async () => {
    const endpoints = (await (await fetch(`${mock.url}/_mock/endpoints`)).json()) as { name: string; variants: unknown[]; inferenceComponents: { name: string; profile: string; copyCount: number }[]; sessions: string | null }[];
    const byName = Object.fromEntries(endpoints.map((endpoint) => [endpoint.name, endpoint]));
    expect(byName['mock-ab']!.variants).toEqual([
      { name: 'variant-blue', weight: 0.8, instanceType: 'ml.g5.2xlarge', instanceCount: 2 },
      { name: 'variant-green', weight: 0.2, instanceType: 'ml.g6.2xlarge', instanceCount: 1 },
    ]);
    expect(byName['mock-ic']!.inferenceComponents.map((component) => [component.name, component.profile, component.copyCount])).toEqual([
      ['ic-llama', 'lmi-async', 2],
      ['ic-qwen', 'vllm', 1],
    ]);
    expect(byName['short-ttl']!.sessions).toBe('lmi convention, TTL 0.3 s, at most 1000 open');
    expect(byName['mock-sglang']!.sessions).toBeNull();
  });
});

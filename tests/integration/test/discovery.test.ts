import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clearDiscoveryCache, createDiscoveryClient, DISCOVERY_IAM_ACTIONS } from '@sagestream/core/client';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../packages/core/src/cli/main.js';

// Discovery end to end: the official @aws-sdk/client-sagemaker (inside the discovery client)
// against the mock's control plane, `sagestream endpoints`, and `invoke` without --format on every
// default mock endpoint — plus control planes that are unreachable, slow or deny access.
const BIN = fileURLToPath(new URL('../../../packages/core/bin/sagestream.js', import.meta.url));
const DEFAULT_FORMATS: Record<string, string> = {
  'mock-lmi': 'lmi',
  'mock-lmi-legacy': 'lmi-legacy',
  'mock-tgi': 'tgi',
  'mock-messages': 'messages',
  'mock-lmi-sse': 'lmi',
  'mock-lmi-chat': 'messages',
  // 2026 containers: LMI async, the vLLM DLC (current and pre-Nov 2025) and SGLang take a Messages API body.
  'mock-lmi-async': 'messages',
  'mock-vllm': 'messages',
  'mock-vllm-reasoning-legacy': 'messages',
  'mock-sglang': 'messages',
  'mock-ab': 'messages',
};
/** The default endpoint that hosts inference components (no format of its own: each component has one). */
const COMPONENT_FORMATS: Record<string, string> = { 'ic-llama': 'messages', 'ic-qwen': 'messages' };
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

let mock: MockServer;
let denying: { server: Server; url: string; requests: string[] };
let silent: { server: Server; url: string };

/** A control plane that answers every call with AccessDeniedException, as IAM does. */
function startDenyingControlPlane(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(String(request.headers['x-amz-target']));
    request.resume();
    request.on('end', () => {
      const action = String(request.headers['x-amz-target']).replace('SageMaker.', 'sagemaker:');
      const body = JSON.stringify({ __type: 'AccessDeniedException', Message: `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ${action} because no identity-based policy allows the ${action} action` });
      response.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'c0ffee00-0000-4000-8000-000000000000', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })));
}

/** A control plane that accepts connections and never answers. */
function startSilentControlPlane(): Promise<{ server: Server; url: string }> {
  const server = createServer(() => undefined);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** A closed port: nothing listens there. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Runs `sagestream` in-process with a clean AWS environment; returns the exit code and both streams. */
async function sagestream(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (data: string) => (out += data));
  stderr.setEncoding('utf8').on('data', (data: string) => (err += data));
  // The CLI reads process.env, as it does for a user: give it a clean AWS environment for this run.
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: 'true', ...env });
  try {
    const code = await main(args, { stdin: Readable.from(stdin === '' ? [] : [stdin]), stdout, stderr, isTty: false });
    return { code, stdout: out, stderr: err };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

beforeAll(async () => {
  [mock, denying, silent] = await Promise.all([startServer({ port: 0, config: { latencyScale: 0, seed: 7 } }), startDenyingControlPlane(), startSilentControlPlane()]);
});
afterAll(async () => {
  silent.server.closeAllConnections();
  await Promise.all([mock.close(), new Promise((resolve) => denying.server.close(resolve)), new Promise((resolve) => silent.server.close(resolve))]);
});
beforeEach(() => clearDiscoveryCache());

describe('discovery client against the mock control plane', () => {
  it('detects the format of every default endpoint from its image and environment', async () => {
    const discovery = createDiscoveryClient({ runtimeEndpointUrl: mock.url, env: {}, credentials: CREDENTIALS });
    try {
      for (const [endpointName, format] of Object.entries(DEFAULT_FORMATS)) {
        const result = await discovery.discoverFormat({ endpointName });
        expect(result.ok, endpointName).toBe(true);
        expect(result.inference.format, endpointName).toBe(format);
        expect(result.inference.confidence).toBe('image');
      }
      const listed = await discovery.listEndpoints();
      expect(listed.map((endpoint) => endpoint.name).sort()).toEqual([...Object.keys(DEFAULT_FORMATS), 'mock-ic'].sort());
      const components = listed.find((endpoint) => endpoint.name === 'mock-ic')!.inferenceComponents;
      expect(Object.fromEntries(components.map((component) => [component.name, component.inference?.format]))).toEqual(COMPONENT_FORMATS);
      expect(components.find((component) => component.name === 'ic-qwen')?.inference?.modelId).toBe('Qwen/Qwen3-8B');
      expect(listed.find((endpoint) => endpoint.name === 'mock-lmi-legacy')).toMatchObject({
        status: 'InService',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g5.2xlarge', instanceCount: 1, container: { image: expect.stringContaining('djl-inference:0.23.0-deepspeed') } }],
      });
    } finally {
      discovery.destroy();
    }
  });

  it('tells a Creating or Failed endpoint apart, with the failure reason', async () => {
    const special = await startServer({
      port: 0,
      config: { latencyScale: 0, defaultEndpoints: false, endpoints: { 'new-llm': { profile: 'tgi', controlPlane: { status: 'Creating' } }, 'bad-llm': { profile: 'lmi', controlPlane: { status: 'Failed', failureReason: 'Image not found.' } } } },
    });
    const discovery = createDiscoveryClient({ runtimeEndpointUrl: special.url, env: {}, credentials: CREDENTIALS });
    try {
      expect(await discovery.discoverFormat({ endpointName: 'new-llm' })).toMatchObject({ ok: false, code: 'not-in-service', notice: expect.stringContaining('endpoint new-llm is Creating') });
      expect(await discovery.discoverFormat({ endpointName: 'bad-llm' })).toMatchObject({ ok: false, code: 'not-in-service', notice: expect.stringContaining('Failed (Image not found.)') });
      expect(await discovery.listEndpoints()).toEqual([]);
      expect((await discovery.listEndpoints({ statusEquals: 'Failed' })).map((endpoint) => endpoint.name)).toEqual(['bad-llm']);
    } finally {
      discovery.destroy();
      await special.close();
    }
  });

  it('finds the container of each inference component, and asks for one when the endpoint hosts several', async () => {
    const shared = await startServer({
      port: 0,
      config: {
        latencyScale: 0,
        defaultEndpoints: false,
        endpoints: {
          'shared-gpu': {
            profile: 'tgi',
            inferenceComponents: [
              { name: 'falcon-ic', profile: 'lmi-legacy', model: { id: 'tiiuae/falcon-7b-instruct' } },
              { name: 'qwen-ic', profile: 'vllm', model: { id: 'Qwen/Qwen3-8B' } },
            ],
          },
        },
      },
    });
    const discovery = createDiscoveryClient({ runtimeEndpointUrl: shared.url, env: {}, credentials: CREDENTIALS });
    try {
      expect(await discovery.discoverFormat({ endpointName: 'shared-gpu', inferenceComponentName: 'qwen-ic' })).toMatchObject({ ok: true, inference: { format: 'messages', family: 'vllm', modelId: 'Qwen/Qwen3-8B' }, component: { name: 'qwen-ic' } });
      expect(await discovery.discoverFormat({ endpointName: 'shared-gpu', inferenceComponentName: 'falcon-ic' })).toMatchObject({ ok: true, inference: { format: 'lmi-legacy' } });
      expect(await discovery.discoverFormat({ endpointName: 'shared-gpu' })).toMatchObject({ ok: false, notice: 'endpoint shared-gpu hosts inference components (qwen-ic, falcon-ic); choose one with --inference-component' });
      const table = await sagestream(['endpoints', '--endpoint-url', shared.url]);
      expect(table.stdout).toMatch(/^shared-gpu\s+InService\s+ml\.g5\.2xlarge × 1\s+2 inference component\(s\)\s+-\s+2026-01-15 09:30$/m);
      expect(table.stdout).toMatch(/^ {2}└ qwen-ic\s+InService\s+1 copy\s+Qwen\/Qwen3-8B · vLLM 0\.14\.0\s+messages\s+2026-01-15 09:3\d$/m);
    } finally {
      discovery.destroy();
      await shared.close();
    }
  });

  it('caches answers per profile and region: a second look-up within the TTL makes no call', async () => {
    const discovery = createDiscoveryClient({ endpointUrl: denying.url, region: 'us-east-1', env: {}, credentials: CREDENTIALS });
    try {
      const before = denying.requests.length;
      const first = await discovery.discoverFormat({ endpointName: 'mock-lmi' });
      const second = await discovery.discoverFormat({ endpointName: 'mock-lmi' });
      expect(first).toMatchObject({ ok: false, code: 'access-denied' });
      expect(second).toMatchObject({ ok: false, code: 'access-denied' });
      expect(denying.requests.length - before).toBe(1);
      for (const action of DISCOVERY_IAM_ACTIONS) expect(first.ok ? '' : first.notice).toContain(action);
    } finally {
      discovery.destroy();
    }
  });
});

describe('sagestream endpoints', () => {
  it('lists the mock endpoints as a table: status, instance type × count, model and container, format, created', async () => {
    const result = await sagestream(['endpoints', '--endpoint-url', mock.url]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+INSTANCES\s+MODEL · CONTAINER\s+FORMAT\s+CREATED \(UTC\)$/);
    // A row per endpoint, and one per inference component under its endpoint.
    expect(lines).toHaveLength(1 + Object.keys(DEFAULT_FORMATS).length + 1 + Object.keys(COMPONENT_FORMATS).length);
    expect(lines.find((line) => line.startsWith('mock-ab '))).toMatch(/\sml\.g5\.2xlarge × 2, ml\.g6\.2xlarge × 1\s.+\smessages\s/);
    expect(lines.find((line) => line.startsWith('mock-ic '))).toMatch(/\sml\.g5\.12xlarge × 2\s+2 inference component\(s\)\s+-\s/);
    expect(lines.find((line) => line.startsWith('  └ ic-qwen '))).toMatch(/\s1 copy\s+Qwen\/Qwen3-8B · vLLM [\d.]+\s+messages\s/);
    expect(lines.find((line) => line.startsWith('  └ ic-llama '))).toMatch(/\s2 copies\s+meta-llama\/Llama-3\.1-8B-Instruct · .+ async mode\s+messages\s/);
    for (const [name, format] of Object.entries(DEFAULT_FORMATS).filter(([name]) => name !== 'mock-ab')) {
      const row = lines.find((line) => line.startsWith(`${name} `))!;
      expect(row).toMatch(new RegExp(`^${name}\\s+InService\\s+ml\\.g5\\.2xlarge × 1\\s+.+\\s+${format}\\s+2026-01-15 \\d\\d:30$`));
    }
    expect(lines.find((line) => line.startsWith('mock-lmi-legacy '))).toContain('DeepSpeed on LMI 0.23.0');
  });

  it('--json gives variants, containers and the inference with its reason', async () => {
    const result = await sagestream(['endpoints', '--endpoint-url', mock.url, '--json', '--name-contains', 'tgi']);
    expect(result.code).toBe(0);
    const endpoints = JSON.parse(result.stdout) as { name: string; inference: { format: string; reason: string }; variants: { container: { environment: Record<string, string> } }[] }[];
    expect(endpoints.map((endpoint) => endpoint.name)).toEqual(['mock-tgi']);
    expect(endpoints[0]!.inference).toMatchObject({ format: 'tgi', family: 'tgi', reason: expect.stringContaining('without MESSAGES_API_ENABLED') });
    expect(endpoints[0]!.variants[0]!.container.environment).toMatchObject({ HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct' });
  });

  it('a denied control plane exits 1 naming the IAM actions', async () => {
    const result = await sagestream(['endpoints', '--region', 'us-east-1'], { AWS_ENDPOINT_URL_SAGEMAKER: denying.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('denied access (AccessDeniedException');
    expect(result.stderr).toContain('sagemaker:ListEndpoints, sagemaker:DescribeEndpoint');
  });
});

describe('sagestream invoke without --format', () => {
  it.each(Object.entries(DEFAULT_FORMATS))('%s: detects %s, says why once, and streams the reply', async (endpointName, format) => {
    const result = await sagestream(['invoke', '-e', endpointName, '--endpoint-url', mock.url, '--max-tokens', '8', 'Hi']);
    expect(result.code, result.stderr).toBe(0);
    // Reasoning models (the vLLM endpoints) think first: 8 tokens of thinking go to stderr.
    const thinking = /^\[thinking\] (.+)$/m.exec(result.stderr)?.[1] ?? '';
    expect((result.stdout.trim() + thinking).length).toBeGreaterThan(3);
    const notices = result.stderr.split('\n').filter((line) => line.startsWith('sagestream:'));
    expect(notices).toEqual([expect.stringMatching(new RegExp(`^sagestream: ${endpointName}: format ${format} \\(.+\\) — .+→ .+`))]);
    // The body the detected format built went through: the container accepted it at the first try.
    const journal = (await (await fetch(`${mock.url}/_mock/requests`)).json()) as { endpoint: string; status: number; body: string }[];
    const last = journal.filter((entry) => entry.endpoint === endpointName).at(-1)!;
    expect(last.status).toBe(200);
    expect(Object.keys(JSON.parse(last.body) as object)[0]).toBe(format === 'messages' ? 'messages' : 'inputs');
  });

  it('the announcement endpoint gets an {"inputs"} body, so no 424 any more (the issue\'s reproduction)', async () => {
    const result = await sagestream(['invoke', '-e', 'mock-lmi-legacy', '--endpoint-url', mock.url, 'Hi']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('djl-inference 0.23.0 image without OPTION_ROLLING_BATCH → LMI legacy JSON Lines');
    expect(result.stderr).not.toMatch(/424|refused/);
  });

  it('runs the same through the real bin (spawned, as a user types it)', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
    const child = spawn(process.execPath, [BIN, 'invoke', '-e', 'mock-lmi-legacy', '--endpoint-url', mock.url, '--max-tokens', '6', 'Hi'], { env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^sagestream: mock-lmi-legacy: format lmi-legacy /m);
  });
});

describe('when the control plane cannot be read, the runtime still works', () => {
  const cases = [
    { name: 'denies access', env: () => ({ AWS_ENDPOINT_URL_SAGEMAKER: denying.url }), args: [] as string[], notice: /denied access \(AccessDeniedException.*sagemaker:DescribeEndpoint, sagemaker:DescribeEndpointConfig, sagemaker:DescribeModel/ },
    { name: 'is unreachable', env: async () => ({ AWS_ENDPOINT_URL_SAGEMAKER: await closedPortUrl() }), args: [], notice: /is unreachable \(ECONNREFUSED\); probing the container instead/ },
    { name: 'is slow (timeout)', env: () => ({ AWS_ENDPOINT_URL_SAGEMAKER: silent.url }), args: ['--discovery-timeout', '300'], notice: /did not answer within 300 ms; probing the container instead/ },
  ];
  for (const testCase of cases) {
    it(`${testCase.name}: one notice, the Messages API is refused by LMI 0.23 (424), one retry with {"inputs"} succeeds`, async () => {
      const env = await testCase.env();
      const result = await sagestream(['invoke', '-e', 'mock-lmi-legacy', '--endpoint-url', mock.url, '--max-tokens', '8', ...testCase.args, 'Hi'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(3);
      const lines = result.stderr.split('\n').filter((line) => line.startsWith('sagestream:'));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^sagestream: format detection for mock-lmi-legacy: /);
      expect(lines[0]).toMatch(testCase.notice);
      expect(lines[1]).toBe('sagestream: the container refused the messages body (424): retrying once with an {"inputs"} body');
    });
  }

  it('an endpoint that accepts the Messages API needs no retry', async () => {
    const result = await sagestream(['invoke', '-e', 'mock-messages', '--endpoint-url', mock.url, '--max-tokens', '8', 'Hi'], { AWS_ENDPOINT_URL_SAGEMAKER: denying.url });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('sagestream:'))).toHaveLength(1);
  });

  it('chat: the notice and the fallback happen once per session, later turns use the working format', async () => {
    const result = await sagestream(['chat', '-e', 'mock-lmi-legacy', '--endpoint-url', mock.url, '--max-tokens', '6', '--no-metrics'], { AWS_ENDPOINT_URL_SAGEMAKER: denying.url }, 'Hello\nAnd again\n/exit\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/format detection/g)).toHaveLength(1);
    expect(result.stderr.match(/refused the messages body/g)).toHaveLength(1);
    const journal = (await (await fetch(`${mock.url}/_mock/requests`)).json()) as { endpoint: string; status: number }[];
    expect(journal.filter((entry) => entry.endpoint === 'mock-lmi-legacy').slice(-3).map((entry) => entry.status)).toEqual([424, 200, 200]);
  });
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Cassette, type MockServer } from '../src/index.js';
import { fastConfig } from './helpers/profiles.js';
import { SDKS, createClient, streamWithSdk } from './helpers/sdk-clients.js';

const { sdk } = SDKS[0];
const ENV = { AWS_ACCESS_KEY_ID: 'AKIDRECORDER', AWS_SECRET_ACCESS_KEY: 'recorder-secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const saved: Record<string, string | undefined> = {};
let dir: string;
let upstream: MockServer;
let recorder: MockServer;

beforeAll(async () => {
  // Record mode takes credentials from the default AWS chain: here, the environment.
  for (const [name, value] of Object.entries(ENV)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  dir = await mkdtemp(join(tmpdir(), 'sagestream-cassettes-'));
  upstream = await startServer({ config: fastConfig({ latencyScale: 0.02, endpoints: { 'mock-tgi': { chunking: 'random' } } }) });
  recorder = await startServer({ config: { record: { dir, region: 'us-east-1', endpointUrl: upstream.url } } });
});
afterAll(async () => {
  await recorder?.close();
  await upstream?.close();
  await rm(dir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const TGI = { inputs: 'Tell me about SageMaker streaming', parameters: { max_new_tokens: 30 }, stream: true };
const LMI = { inputs: 'Tell me about SageMaker streaming', parameters: { max_new_tokens: 30 } };

async function cassettes(endpoint: string): Promise<Cassette[]> {
  const files = await readdir(join(dir, endpoint));
  return Promise.all(files.map(async (file) => JSON.parse(await readFile(join(dir, endpoint, file), 'utf8')) as Cassette));
}

describe('record and replay', () => {
  let recorded: Awaited<ReturnType<typeof streamWithSdk>>;

  it('--record proxies to the upstream runtime and saves a cassette with every part and its time', async () => {
    recorded = await streamWithSdk({ sdk, url: recorder.url, endpoint: 'mock-tgi', body: TGI });
    expect(recorded.error).toBeUndefined();
    expect(recorded.contentType).toBe('text/event-stream');
    const direct = await streamWithSdk({ sdk, url: upstream.url, endpoint: 'mock-tgi', body: TGI });
    // Random chunking upstream: the recorder relays the very same part boundaries.
    expect(recorded.parts.map((part) => Buffer.from(part).toString('base64'))).toEqual(direct.parts.map((part) => Buffer.from(part).toString('base64')));

    await recorder.journal.waitFor((entry) => entry.endpoint === 'mock-tgi');
    const [cassette] = await cassettes('mock-tgi');
    expect(cassette).toMatchObject({ version: 1, operation: 'InvokeEndpointWithResponseStream', endpoint: 'mock-tgi', request: { bodyEncoding: 'utf8', body: JSON.stringify(TGI), contentType: 'application/json' } });
    expect(cassette!.response.headers).toMatchObject({ 'X-Amzn-SageMaker-Content-Type': 'text/event-stream', 'x-Amzn-Invoked-Production-Variant': 'AllTraffic' });
    expect(cassette!.parts).toHaveLength(recorded.parts.length);
    expect(cassette!.end?.type).toBe('completed');
    const times = cassette!.parts!.map((part) => part.atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const raw = JSON.stringify(cassette);
    expect(raw).not.toMatch(/AKIDRECORDER|recorder-secret|AKIDEXAMPLE|authorization|Signature=/i);
    expect(upstream.journal.entries().at(-2)!.headers['user-agent']).toMatch(/aws-sdk-js/);
  });

  it('records in-stream exceptions and HTTP errors too', async () => {
    const broken = await streamWithSdk({ sdk, url: recorder.url, endpoint: 'mock-lmi', body: LMI, customAttributes: 'mock-fault=stream-broken;mock-fault-after=2' });
    expect(broken.parts).toHaveLength(2);
    expect(broken.error).toMatchObject({ name: 'ModelStreamError', ErrorCode: 'StreamBroken' });
    const failed = await streamWithSdk({ sdk, url: recorder.url, endpoint: 'mock-lmi-sse', body: LMI, customAttributes: 'mock-fault=model-error' });
    expect(failed.error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 500 });
    await recorder.journal.waitFor((entry) => entry.endpoint === 'mock-lmi-sse');
    await recorder.journal.waitFor((entry) => entry.endpoint === 'mock-lmi');
    expect((await cassettes('mock-lmi'))[0]!.end).toMatchObject({ type: 'model-stream-error', errorCode: 'StreamBroken' });
    expect((await cassettes('mock-lmi-sse'))[0]!.response).toMatchObject({ status: 424, headers: { 'x-amzn-ErrorType': 'ModelError' } });
  });

  it('--replay serves the cassettes with the original part boundaries, exceptions and errors', async () => {
    const replay = await startServer({ config: { replay: { dir }, latencyScale: 0 } });
    try {
      const replayed = await streamWithSdk({ sdk, url: replay.url, endpoint: 'mock-tgi', body: TGI });
      expect(replayed.error).toBeUndefined();
      expect(replayed.contentType).toBe('text/event-stream');
      expect(replayed.parts.map((part) => Buffer.from(part).toString('base64'))).toEqual(recorded.parts.map((part) => Buffer.from(part).toString('base64')));

      const broken = await streamWithSdk({ sdk, url: replay.url, endpoint: 'mock-lmi', body: LMI, customAttributes: 'mock-fault=stream-broken;mock-fault-after=2' });
      expect(broken.parts).toHaveLength(2);
      expect(broken.error).toMatchObject({ name: 'ModelStreamError', ErrorCode: 'StreamBroken' });

      const client = createClient({ sdk, url: replay.url });
      await expect(client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-lmi-sse', ContentType: 'application/json', Body: JSON.stringify(LMI) }))).rejects.toMatchObject({ name: 'ModelError', OriginalStatusCode: 500 });
      await expect(client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'never-recorded', Body: '{}' }))).rejects.toMatchObject({ name: 'ValidationError' });
      client.destroy();
      expect(replay.journal.entries().map((entry) => entry.outcome)).toEqual(['completed', 'error', 'completed', 'error']);
    } finally {
      await replay.close();
    }
  });

  it('InvokeEndpoint is recorded and replayed as one body', async () => {
    const client = createClient({ sdk, url: recorder.url });
    const live = await client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-lmi-legacy', ContentType: 'application/json', Body: JSON.stringify(LMI) }));
    client.destroy();
    // The journal entry is written once the cassette is on disk.
    await expect(recorder.journal.waitFor((entry) => entry.endpoint === 'mock-lmi-legacy')).resolves.toMatchObject({ detail: expect.stringMatching(/^recorded .*invoke-[0-9a-f]{16}\.json$/) });
    const replay = await startServer({ config: { replay: { dir }, latencyScale: 0 } });
    const replayClient = createClient({ sdk, url: replay.url });
    const replayed = await replayClient.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-lmi-legacy', ContentType: 'application/json', Body: JSON.stringify(LMI) }));
    replayClient.destroy();
    await replay.close();
    expect(replayed.ContentType).toBe('application/jsonlines');
    expect(Buffer.from(replayed.Body!).equals(Buffer.from(live.Body!))).toBe(true);
  });
});

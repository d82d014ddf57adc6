import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { fastConfig } from './helpers/profiles.js';
import { SDKS, createClient, partsText, streamWithSdk } from './helpers/sdk-clients.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ config: fastConfig() });
});
afterAll(() => mock.close());

const LMI_BODY = { inputs: 'Tell me about streaming', parameters: { max_new_tokens: 20 } };
const TGI_BODY = { inputs: 'Tell me about streaming', parameters: { max_new_tokens: 20 }, stream: true };
const TIMEOUT_MESSAGE = 'Your model primary did not complete sending the inference response in the allotted time.';

describe.each(SDKS)('$name: faults in the stream', ({ sdk, waitsForFirstFrame }) => {
  it.each([
    { fault: 'model-stream-error', name: 'ModelStreamError', errorCode: 'ModelInvocationTimeExceeded', message: TIMEOUT_MESSAGE },
    { fault: 'stream-broken', name: 'ModelStreamError', errorCode: 'StreamBroken', message: /connection between the client and the model was reset or closed/ },
    { fault: 'internal-stream-failure', name: 'InternalStreamFailure', errorCode: undefined, message: /stream processing failed/ },
  ])('$fault after 3 tokens: the iterator throws $name after 3 parts', async ({ fault, name, errorCode, message }) => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-lmi', body: LMI_BODY, customAttributes: `mock-fault=${fault};mock-fault-after=3` });
    expect(outcome.parts).toHaveLength(3);
    expect(outcome.errorAt).toBe('iterator');
    expect(outcome.error?.name).toBe(name);
    expect(outcome.error?.message).toMatch(message);
    expect(outcome.error?.ErrorCode).toBe(errorCode);
    expect(outcome.error?.$fault).toBe(name === 'InternalStreamFailure' ? 'server' : 'client');
    const entry = mock.journal.entries().find((candidate) => candidate.id === outcome.requestId);
    expect(entry).toMatchObject({ outcome: `fault:${fault}`, partsSent: 3, tokensSent: 3, clientWentAway: false });
  });

  it(`an exception as the first frame ${waitsForFirstFrame ? 'rejects send()' : 'throws from the iterator'}`, async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-tgi', body: TGI_BODY, customAttributes: 'mock-fault=model-stream-error;mock-fault-after=0' });
    expect(outcome.errorAt).toBe(waitsForFirstFrame ? 'send' : 'iterator');
    expect(outcome.error).toMatchObject({ name: 'ModelStreamError', ErrorCode: 'ModelInvocationTimeExceeded', message: TIMEOUT_MESSAGE });
  });

  it('stall: no bytes after 2 tokens until the stream timeout, then ModelInvocationTimeExceeded', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-lmi', body: LMI_BODY, customAttributes: 'mock-fault=stall;mock-fault-after=2;mock-stream-timeout-ms=300' });
    expect(outcome.parts).toHaveLength(2);
    expect(outcome.error).toMatchObject({ name: 'ModelStreamError', ErrorCode: 'ModelInvocationTimeExceeded' });
  });

  it('connection-reset: the body ends with a network error after 2 parts, not a modeled error', async () => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint: 'mock-lmi', body: LMI_BODY, customAttributes: 'mock-fault=connection-reset;mock-fault-after=2' });
    expect(outcome.parts.length).toBeLessThanOrEqual(2);
    expect(outcome.error).toBeDefined();
    expect(outcome.error?.name).not.toMatch(/ModelStreamError|InternalStreamFailure/);
    await expect(mock.journal.waitFor((entry) => entry.outcome === 'fault:connection-reset')).resolves.toMatchObject({ tokensSent: 2 });
  });

  it.each([
    { endpoint: 'mock-tgi', body: TGI_BODY, tail: /data:\{"error":"Request failed during generation: [^"]+","error_type":"generation"\}\n\n$/ },
    { endpoint: 'mock-messages', body: { messages: [{ role: 'user', content: 'hi' }], max_tokens: 20, stream: true }, tail: /data:\{"error":\{"message":"[^"]+","http_status_code":422\}\}\n\ndata:\[DONE\]\n\n$/ },
    { endpoint: 'mock-lmi', body: LMI_BODY, tail: /\}\n\{"code":424,"error":"[^"]+"\}$/ },
  ])('container-error on $endpoint arrives in-band, under HTTP 200, after 2 tokens', async ({ endpoint, body, tail }) => {
    const outcome = await streamWithSdk({ sdk, url: mock.url, endpoint, body, customAttributes: 'mock-fault=container-error;mock-fault-after=2' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.parts).toHaveLength(3);
    expect(partsText(outcome.parts)).toMatch(tail);
  });
});

describe.each(SDKS)('$name: errors before the stream', ({ sdk }) => {
  async function expectError(options: { fault: string; endpoint?: string; operation?: 'stream' | 'invoke' }) {
    const client = createClient({ sdk, url: mock.url });
    const input = { EndpointName: options.endpoint ?? 'mock-lmi', ContentType: 'application/json', Body: JSON.stringify(LMI_BODY), CustomAttributes: `mock-fault=${options.fault}` };
    try {
      if (options.operation === 'invoke') await client.send(new sdk.InvokeEndpointCommand(input));
      else await client.send(new sdk.InvokeEndpointWithResponseStreamCommand(input));
    } catch (error) {
      return error as Error & Record<string, unknown> & { $metadata: { httpStatusCode: number; requestId: string }; $fault: string };
    } finally {
      client.destroy();
    }
    throw new Error('expected an error');
  }

  it.each([
    { fault: 'model-error', name: 'ModelError', status: 424, fault_: 'client' },
    { fault: 'validation-error', name: 'ValidationError', status: 400, fault_: 'client' },
    { fault: 'service-unavailable', name: 'ServiceUnavailable', status: 503, fault_: 'server' },
    { fault: 'internal-failure', name: 'InternalFailure', status: 500, fault_: 'server' },
    { fault: 'throttling', name: 'ThrottlingException', status: 429, fault_: 'client' },
    { fault: 'model-not-ready', name: 'ModelNotReadyException', status: 429, fault_: 'client' },
  ])('$fault → $name ($status)', async ({ fault, name, status, fault_ }) => {
    for (const operation of ['stream', 'invoke'] as const) {
      const error = await expectError({ fault, operation });
      expect(error.name).toBe(name);
      expect(error.$metadata.httpStatusCode).toBe(status);
      expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.$fault).toBe(fault_);
      expect(error.message.length).toBeGreaterThan(5);
    }
  });

  it('ModelError carries OriginalStatusCode, OriginalMessage and LogStreamArn', async () => {
    const error = await expectError({ fault: 'model-error' });
    expect(error.OriginalStatusCode).toBe(500);
    expect(error.OriginalMessage).toBe('{"error":"Internal model failure (mock fault: model-error)"}');
    expect(error.LogStreamArn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/mock-lmi');
    expect(error.message).toMatch(/^Received server error \(500\) from primary with message "\{"error":"Internal model failure.*See https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logEventViewer:group=\/aws\/sagemaker\/Endpoints\/mock-lmi in account 123456789012 for more information\.$/);
  });

  it('LMI failing before its first token (container-error after 0) is a ModelError 424 with the coded error', async () => {
    const error = await expectError({ fault: 'container-error' });
    expect(error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 424 });
    expect(error.OriginalMessage).toMatch(/^\{"code":424,"error":"[^"]+"\}$/);
  });

  it('InvokeEndpoint maps stream faults: stall → ModelError 424 timeout, internal-stream-failure → InternalFailure', async () => {
    const client = createClient({ sdk, url: mock.url });
    const input = { EndpointName: 'mock-lmi', ContentType: 'application/json', Body: JSON.stringify(LMI_BODY) };
    await expect(client.send(new sdk.InvokeEndpointCommand({ ...input, CustomAttributes: 'mock-fault=stall;mock-stream-timeout-ms=200' }))).rejects.toMatchObject({
      name: 'ModelError',
      OriginalStatusCode: 0,
      message: expect.stringMatching(/Your invocation timed out while waiting for a response from container primary/),
    });
    await expect(client.send(new sdk.InvokeEndpointCommand({ ...input, CustomAttributes: 'mock-fault=internal-stream-failure' }))).rejects.toMatchObject({ name: 'InternalFailure' });
    client.destroy();
  });
});

describe('retries', () => {
  it('the SDK retries 503 ServiceUnavailable: the journal sees every attempt', async () => {
    const { sdk } = SDKS[0];
    mock.journal.clear();
    const client = createClient({ sdk, url: mock.url, maxAttempts: 3 });
    await expect(
      client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-lmi', ContentType: 'application/json', Body: '{"inputs":"x"}', CustomAttributes: 'mock-fault=service-unavailable' })),
    ).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { attempts: 3 } });
    client.destroy();
    expect(mock.journal.entries().filter((entry) => entry.outcome === 'fault:service-unavailable')).toHaveLength(3);
  });
});

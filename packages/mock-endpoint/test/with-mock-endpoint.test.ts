import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withMockEndpoint } from '../src/testing/index.js';

// The test-runner fixture of `@sagestream/mock-endpoint/testing`, driven by vitest's hooks.
const before = { endpoint: process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME };
let port = 0;

describe('withMockEndpoint', () => {
  const mock = withMockEndpoint({ beforeAll, afterAll, beforeEach, config: { latencyScale: 0, endpoints: { echo: { profile: 'lmi', reply: { mode: 'echo' } } } } });

  it('starts the mock on a free loopback port and points the AWS variables at it', async () => {
    port = mock.port;
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect(process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME).toBe(mock.url);
    const client = new SageMakerRuntimeClient({}); // found through the environment
    const response = await client.send(new InvokeEndpointCommand({ EndpointName: 'echo', ContentType: 'application/json', Body: JSON.stringify({ inputs: 'hi there' }) }));
    expect(new TextDecoder().decode(response.Body)).toContain('hi there');
    expect(mock.journal.entries()).toHaveLength(1);
  });

  it('clears the journal between tests and gives an SDK client config', async () => {
    expect(mock.journal.entries()).toHaveLength(0);
    const client = new SageMakerRuntimeClient(mock.clientConfig());
    await client.send(new InvokeEndpointCommand({ EndpointName: 'echo', ContentType: 'application/json', Body: JSON.stringify({ inputs: 'again' }) }));
    expect(mock.journal.entries().map((entry) => entry.replyText)).toEqual(['again']);
  });
});

describe('after the file (describe block) ends', () => {
  it('closed the mock and restored the environment', async () => {
    expect(process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME).toBe(before.endpoint);
    await expect(fetch(`http://127.0.0.1:${port}/ping`)).rejects.toThrow();
  });

  it('refuses to run without hooks, and says how to pass them', () => {
    const globals = globalThis as Record<string, unknown>;
    expect(globals.beforeAll).toBeUndefined();
    expect(() => withMockEndpoint()).toThrow(/needs the test runner's beforeAll: pass it, e\.g\. withMockEndpoint\(\{ before, after, beforeEach \}\)/);
  });
});

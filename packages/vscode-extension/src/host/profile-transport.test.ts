import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatHarness } from '../../test/helpers/chat-harness.js';
import { mockProfiles } from '../chat/mock-profiles.js';
import { createTransportCache } from './profile-transport.js';

let mock: MockServer;
const savedEnvironment = { ...process.env };
beforeAll(async () => {
  mock = await startServer({ port: 0, config: { latencyScale: 0.02, seed: 3 } });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  process.env = { ...savedEnvironment };
});

/** Sets this test's AWS environment (the transports read `process.env`, as the extension host does); no other AWS_ variable. */
function withEnvironment(variables: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, variables);
}

describe('extension-host transports (official AWS SDK)', () => {
  it('streams from the mock with no AWS credentials, even when the environment names an SSO profile', async () => {
    // An AWS_PROFILE that does not exist would make the default chain fail; the mock must not care.
    withEnvironment({ AWS_PROFILE: 'sso-profile-that-does-not-exist', AWS_CONFIG_FILE: '/nonexistent' });
    const cache = createTransportCache();
    const profile = mockProfiles({ mockUrl: mock.url })[0]!;
    const { controller, next } = createChatHarness({ url: mock.url, transport: cache.transportFor(profile) });
    await controller.send('Tell me about streaming');
    const end = await next('reply-end');
    expect(end.message.status).toBe('complete');
    expect(end.message.text.length).toBeGreaterThan(100);
    const entry = mock.journal.entries().at(-1)!;
    // SigV4-signed by the SDK with the loopback dummy key, never with a real credential.
    expect(entry.headers.authorization).toBe('[redacted]');
    expect(entry.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('Stop closes the SDK stream: the mock journal records the client going away', async () => {
    withEnvironment({});
    const cache = createTransportCache();
    const profile = { ...mockProfiles({ mockUrl: mock.url })[0]!, customAttributes: 'mock-latency-scale=1' };
    const { controller, next } = createChatHarness({ url: mock.url, transport: cache.transportFor(profile) });
    await controller.send('Write a Python function with boto3 (sdk stop)');
    await next('reply-delta', (message) => message.offset > 20);
    controller.stop();
    const end = await next('reply-end');
    expect(end.message.status).toBe('stopped');
    const entry = await mock.journal.waitFor((candidate) => candidate.clientWentAway && candidate.body.includes('(sdk stop)'), { timeoutMs: 5000 });
    expect(entry.outcome).toBe('client-disconnected');
  });

  it('reuses one SDK client per region/profile/URL and builds new ones after clear()', () => {
    const cache = createTransportCache();
    const [a, b] = mockProfiles({ mockUrl: mock.url });
    const first = cache.transportFor(a!);
    expect(cache.transportFor(b!)).toBe(first);
    expect(cache.transportFor({ ...a!, source: 'aws', region: 'eu-west-1', endpointUrl: undefined })).not.toBe(first);
    cache.clear();
    expect(cache.transportFor(a!)).not.toBe(first);
  });
});

import { createFetchTransport } from '@sagestream/core';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReply } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  // Scripted replies; the LMI legacy container ignores `stop`, so only the client can cut the reply.
  mock = await startServer({
    port: 0,
    config: {
      latencyScale: 0,
      endpoints: {
        'mock-lmi-legacy': { reply: { mode: 'scripted', rules: [{ match: 'fox', reply: 'The quick brown fox.\nUser: now I answer myself' }] } },
      },
    },
  });
});
afterAll(async () => {
  await mock.close();
});

describe('client-side stop sequences end to end', () => {
  it('cuts the reply at the template stop string, whatever the PayloadPart boundaries, and reports stop-sequence', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { text, last } = await collectReply({
        transport: createFetchTransport({ baseUrl: mock.url }),
        endpoint: { endpointName: 'mock-lmi-legacy', format: 'lmi-legacy', template: 'falcon', parameters: { maxTokens: 100 }, customAttributes: `mock-chunking=random;mock-seed=${seed}` },
        messages: [{ role: 'user', content: 'Tell me about the fox' }],
      });
      expect(text).toBe('The quick brown fox.');
      expect(last).toMatchObject({ type: 'message-end', finishReason: 'stop-sequence' });
    }
  });
});

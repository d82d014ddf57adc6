import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReply, MOCK_ENDPOINTS, startMock, transports } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
});

const question = [{ role: 'user' as const, content: 'How do I stream responses from SageMaker?' }];

describe('streaming client and chat engine against every mock container profile', () => {
  for (const endpoint of MOCK_ENDPOINTS) {
    describe(endpoint.endpointName, () => {
      it('streams the same reply through the AWS SDK and fetch, in every chunking mode', async () => {
        const texts = new Set<string>();
        for (const { name, transport } of transports(mock)) {
          for (const chunking of ['token', 'coalesce', 'random']) {
            const { text, events, last } = await collectReply({
              transport,
              endpoint: { ...endpoint, customAttributes: `mock-chunking=${chunking};mock-seed=7` },
              messages: question,
            });
            const label = `${name}/${chunking}`;
            expect(last.type, label).toBe('message-end');
            expect(text.length, label).toBeGreaterThan(20);
            expect(text, label).not.toMatch(/<\|eot_id\|>|<\|endoftext\|>|<\/s>/);
            const start = events.find((event) => event.type === 'response-start');
            expect(start?.type === 'response-start' && start.metadata.invokedVariant, label).toBe('AllTraffic');
            expect(start?.type === 'response-start' && start.metadata.requestId, label).toMatch(/^[0-9a-f-]{36}$/);
            if (last.type === 'message-end') {
              expect(last.metrics.tokens, label).toBeGreaterThan(5);
              expect(last.metrics.timeToFirstTokenMs, label).toBeGreaterThanOrEqual(0);
              expect(last.metrics.payloadParts, label).toBeGreaterThan(0);
              // LMI legacy output carries no finish reason at all; the others always do.
              if (endpoint.format === 'lmi-legacy') expect(last.finishReason, label).toBeUndefined();
              else expect(last.finishReason, label).toMatch(/^(stop|length)$/);
            }
            texts.add(text);
          }
        }
        // Same seed: identical text whatever the transport or the PayloadPart boundaries.
        expect(texts.size).toBe(1);
      });
    });
  }

  it('reports the finish reason "length" when max tokens cut the reply', async () => {
    const { transport } = transports(mock)[0]!;
    const { last } = await collectReply({ transport, endpoint: { endpointName: 'mock-tgi', format: 'tgi', parameters: { maxTokens: 3 } }, messages: question });
    expect(last.type === 'message-end' && last.finishReason).toBe('length');
    expect(last.type === 'message-end' && last.metrics.tokens).toBe(3);
  });
});

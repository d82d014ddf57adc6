import { createFetchTransport, invokeStream, isSageStreamError, streamChat } from '@sagestream/core';
import { createSageMakerTransport } from '@sagestream/core/client';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  // Real pacing (~30 ms a token), so that an abort lands mid-stream.
  mock = await startMock(1);
});
afterAll(async () => {
  await mock.close();
});

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

const body = JSON.stringify({ inputs: 'Write a long story.', parameters: { max_new_tokens: 400 }, stream: true });

describe('abort closes the HTTP stream', () => {
  for (const via of ['aws-sdk', 'fetch'] as const) {
    it(`${via}: aborting mid-stream makes the mock see the client go away, and leaves no timers`, async () => {
      const transport =
        via === 'aws-sdk'
          ? createSageMakerTransport({ endpointUrl: mock.url, region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } })
          : createFetchTransport({ baseUrl: mock.url });
      const timersBefore = activeTimers();
      const controller = new AbortController();
      const inferenceId = `abort-${via}-${Date.now()}`;
      const stream = await invokeStream({ transport, signal: controller.signal, request: { endpointName: 'mock-tgi', body, inferenceId } });
      let tokens = 0;
      let caught: unknown;
      try {
        for await (const part of stream) {
          if (part.type === 'text-delta' && ++tokens === 5) controller.abort();
        }
      } catch (error) {
        caught = error;
      }
      expect(isSageStreamError(caught) && caught.code).toBe('aborted');
      expect(tokens).toBe(5);
      const entry = await mock.journal.waitFor((candidate) => candidate.endpoint === 'mock-tgi' && candidate.clientWentAway === true && candidate.headers['x-amzn-sagemaker-inference-id'] === inferenceId, { timeoutMs: 5000 });
      expect(entry.outcome).toBe('client-disconnected');
      expect(entry.tokensSent).toBeLessThan(400);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    });
  }

  it('streamChat: the caller\'s signal stops the reply with an "aborted" error after the partial text', async () => {
    const controller = new AbortController();
    let text = '';
    let last: unknown;
    for await (const event of streamChat({
      transport: createFetchTransport({ baseUrl: mock.url }),
      endpoint: { endpointName: 'mock-messages', format: 'messages', parameters: { maxTokens: 400 } },
      messages: [{ role: 'user', content: 'Write a long story.' }],
      signal: controller.signal,
    })) {
      if (event.type === 'text-delta') {
        text += event.text;
        if (text.length > 20) controller.abort();
      }
      last = event;
    }
    expect(text.length).toBeGreaterThan(20);
    expect(last).toMatchObject({ type: 'error', error: { code: 'aborted' } });
    await mock.journal.waitFor((entry) => entry.endpoint === 'mock-messages' && entry.clientWentAway === true, { timeoutMs: 5000 });
  });
});

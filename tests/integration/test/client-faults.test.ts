import type { ChatEvent } from '@sagestream/core';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReply, startMock, transports } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
});

const messages = [{ role: 'user' as const, content: 'Tell me about event streams.' }];
const errorOf = (event: ChatEvent) => (event.type === 'error' ? event.error : undefined);

describe('typed errors from every fault, through the AWS SDK and fetch', () => {
  for (const via of ['aws-sdk', 'fetch']) {
    const transport = () => transports(mock).find((entry) => entry.name === via)!.transport;
    const reply = (endpointName: string, attributes: string, format: 'tgi' | 'messages' | 'lmi' = 'tgi') =>
      collectReply({ transport: transport(), endpoint: { endpointName, format, parameters: { maxTokens: 40 }, customAttributes: attributes }, messages });

    describe(via, () => {
      it('ModelStreamError ModelInvocationTimeExceeded mid-stream: the text so far, then the error with its fix', async () => {
        const { text, last } = await reply('mock-tgi', 'mock-fault=model-stream-error;mock-fault-after=5');
        expect(text.length).toBeGreaterThan(0);
        expect(errorOf(last)).toMatchObject({ code: 'model-stream-error', serviceCode: 'ModelInvocationTimeExceeded' });
        expect(errorOf(last)?.fix).toContain('fewer tokens');
        expect(last.type === 'error' && last.metrics?.tokens).toBe(5);
      });

      it('ModelStreamError StreamBroken', async () => {
        const { last } = await reply('mock-messages', 'mock-fault=stream-broken;mock-fault-after=2', 'messages');
        expect(errorOf(last)).toMatchObject({ code: 'model-stream-error', serviceCode: 'StreamBroken' });
      });

      it('InternalStreamFailure as the very first frame (the path where the SDK rejects send())', async () => {
        const { text, last } = await reply('mock-tgi', 'mock-fault=internal-stream-failure;mock-fault-after=0');
        expect(text).toBe('');
        expect(errorOf(last)).toMatchObject({ code: 'internal-stream-failure' });
      });

      it("the container's own in-band error (TGI and LMI shapes)", async () => {
        const tgi = await reply('mock-tgi', 'mock-fault=container-error;mock-fault-after=3');
        expect(errorOf(tgi.last)).toMatchObject({ code: 'container-error' });
        const lmi = await reply('mock-lmi', 'mock-fault=container-error;mock-fault-after=3', 'lmi');
        expect(errorOf(lmi.last)).toMatchObject({ code: 'container-error', statusCode: 424 });
      });

      it('a TCP reset mid-stream is a network error after the partial text', async () => {
        const { text, last } = await reply('mock-tgi', 'mock-fault=connection-reset;mock-fault-after=4');
        expect(text.length).toBeGreaterThan(0);
        expect(errorOf(last)?.code).toMatch(/^(network-error|truncated-frame)$/);
      });

      it('a stalled model ends with ModelInvocationTimeExceeded', async () => {
        const { last } = await reply('mock-tgi', 'mock-fault=stall;mock-fault-after=2;mock-stream-timeout-ms=300');
        expect(errorOf(last)).toMatchObject({ code: 'model-stream-error', serviceCode: 'ModelInvocationTimeExceeded' });
      });

      it('ModelError 424 carries the original status and message, and a fix', async () => {
        const { last } = await reply('mock-tgi', 'mock-fault=model-error');
        const error = errorOf(last)!;
        expect(error).toMatchObject({ code: 'model-error', statusCode: 424, serviceCode: 'ModelError' });
        expect(error.details?.OriginalStatusCode).toBeTypeOf('number');
        expect(error.details?.OriginalMessage).toBeTypeOf('string');
        expect(error.details?.LogStreamArn).toMatch(/^arn:aws:logs:/);
        expect(error.fix).toContain('console.aws.amazon.com/cloudwatch');
        expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
      });

      it.each([
        ['validation-error', 'validation-error', 400],
        ['service-unavailable', 'service-unavailable', 503],
        ['throttling', 'throttling', 429],
        ['model-not-ready', 'model-not-ready', 429],
      ])('pre-stream fault %s → %s (%i)', async (fault, code, status) => {
        const { last } = await reply('mock-tgi', `mock-fault=${fault}`);
        expect(errorOf(last)).toMatchObject({ code, statusCode: status });
        expect(errorOf(last)?.fix).toBeTruthy();
      });

      it('an unknown endpoint is a ValidationError that says how to check the name', async () => {
        const { last } = await collectReply({ transport: transport(), endpoint: { endpointName: 'no-such-endpoint' }, messages });
        expect(errorOf(last)).toMatchObject({ code: 'validation-error', statusCode: 400 });
        expect(errorOf(last)?.message).toBe('Endpoint no-such-endpoint of account 123456789012 not found.');
        expect(errorOf(last)?.fix).toContain('list-endpoints');
      });
    });
  }

  it('a refused connection says to start the mock', async () => {
    const { createFetchTransport } = await import('@sagestream/core');
    const { last } = await collectReply({ transport: createFetchTransport({ baseUrl: 'http://127.0.0.1:9' }), endpoint: { endpointName: 'mock-tgi' }, messages });
    expect(errorOf(last)).toMatchObject({ code: 'network-error' });
    expect(errorOf(last)?.fix).toContain('npm start');
  });
});

import { isSageStreamError, type BidiStreamEvent } from '@sagestream/core';
import { openBidirectionalStream, type BidirectionalStream } from '@sagestream/core/client';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CREDENTIALS = { accessKeyId: 'AKIDBIDI', secretAccessKey: 'bidi-secret' };
let mock: MockServer;
let signedMock: MockServer;

beforeAll(async () => {
  mock = await startServer({ port: 0, config: { latencyScale: 0, seed: 42 } });
  signedMock = await startServer({ port: 0, config: { latencyScale: 0, seed: 42, auth: { mode: 'sigv4', credentials: [CREDENTIALS] } } });
});
afterAll(async () => {
  await mock.close();
  await signedMock.close();
});

function open(endpointName: string, extra: Partial<Parameters<typeof openBidirectionalStream>[0]> = {}): Promise<BidirectionalStream> {
  return openBidirectionalStream({ endpointName, endpointUrl: mock.url, region: 'us-east-1', env: {}, credentials: CREDENTIALS, ...extra });
}

async function collect(stream: BidirectionalStream): Promise<{ parts: Extract<BidiStreamEvent, { type: 'payload-part' }>[]; error?: unknown }> {
  const parts: Extract<BidiStreamEvent, { type: 'payload-part' }>[] = [];
  try {
    for await (const event of stream) if (event.type === 'payload-part') parts.push(event);
    return { parts };
  } catch (error) {
    return { parts, error };
  }
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('openBidirectionalStream against the mock (h2c, same port as HTTP/1.1)', () => {
  it('echoes UTF8 and BINARY parts with their DataType and CompletionState', async () => {
    const stream = await open('mock-bidi-echo');
    expect(stream.metadata).toMatchObject({ statusCode: 200, invokedVariant: 'AllTraffic' });
    await stream.send('hello');
    await stream.send(Uint8Array.of(0, 1, 2, 255), { complete: false });
    await stream.end();
    const { parts, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(parts.map((part) => [part.dataType, part.completionState])).toEqual([['UTF8', 'COMPLETE'], ['BINARY', 'PARTIAL']]);
    expect(text(parts[0]!.bytes)).toBe('hello');
    expect([...parts[1]!.bytes]).toEqual([0, 1, 2, 255]);
    expect(stream.metrics.turns[0]!.timeToFirstReplyMs).toBeGreaterThanOrEqual(0);
    const entry = await mock.journal.waitFor((candidate) => candidate.operation === 'InvokeEndpointWithBidirectionalStream' && candidate.endpoint === 'mock-bidi-echo');
    expect(entry.outcome).toBe('completed');
    expect(entry.bidiParts!.map((part) => `${part.direction}:${part.dataType}:${part.bytes}`)).toEqual(['input:UTF8:5', 'output:UTF8:5', 'input:BINARY:4', 'output:BINARY:4']);
  });

  it('chat: each COMPLETE UTF8 part is a turn answered with LMI chat chunks, one COMPLETE part per turn', async () => {
    const stream = await open('mock-bidi-chat');
    await stream.send('Tell me about streams');
    const replies: string[] = [];
    let current = '';
    let turns = 0;
    for await (const event of stream) {
      if (event.type !== 'payload-part') continue;
      current += text(event.bytes);
      if (event.completionState === 'COMPLETE') {
        replies.push(current);
        current = '';
        turns++;
        if (turns === 1) await stream.send('And bidirectional ones?');
        else await stream.end();
      }
    }
    expect(replies).toHaveLength(2);
    for (const reply of replies) {
      const lines = reply.trimEnd().split('\n').map((line) => JSON.parse(line) as { object: string; choices: { finish_reason: string | null }[] });
      expect(lines.every((line) => line.object === 'chat.completion.chunk')).toBe(true);
      expect(lines.at(-1)!.choices[0]!.finish_reason).not.toBeNull();
    }
    expect(stream.metrics.turns).toHaveLength(2);
    expect(stream.metrics.turns.every((turn) => turn.timeToFirstReplyMs !== undefined)).toBe(true);
  });

  it('transcribe: BINARY audio gives PARTIAL transcript parts as it arrives, then a COMPLETE one', async () => {
    const stream = await open('mock-bidi-transcribe');
    for (let i = 0; i < 4; i++) await stream.send(new Uint8Array(3200), { complete: false });
    await stream.end();
    const { parts } = await collect(stream);
    const decoded = parts.map((part) => ({ state: part.completionState, value: JSON.parse(text(part.bytes)) as { type: string; text: string; audioBytes?: number } }));
    expect(decoded.filter((part) => part.state === 'PARTIAL').length).toBe(4);
    expect(decoded.at(-1)).toMatchObject({ state: 'COMPLETE', value: { type: 'final', audioBytes: 12800 } });
    expect(decoded.at(-1)!.value.text.split(' ')).toHaveLength(4);
  });

  it.each([
    ['model-stream-error', 'model-stream-error'],
    ['stream-broken', 'model-stream-error'],
    ['internal-stream-failure', 'internal-stream-failure'],
    ['connection-reset', 'network-error'],
  ])('in-stream fault %s after 2 parts → %s from the iteration', async (fault, code) => {
    const stream = await open('mock-bidi-echo', { modelQueryString: `mock-fault=${fault}&mock-fault-after=2` });
    for (const word of ['a', 'b', 'c']) await stream.send(word).catch(() => undefined);
    await stream.end().catch(() => undefined);
    const { parts, error } = await collect(stream);
    expect(parts.map((part) => text(part.bytes))).toEqual(['a', 'b']);
    expect(isSageStreamError(error) && error.code).toBe(code);
  });

  it('stall: the container goes quiet and the stream timeout ends it with ModelInvocationTimeExceeded', async () => {
    const stream = await open('mock-bidi-echo', { modelQueryString: 'mock-fault=stall&mock-fault-after=1&mock-stream-timeout-ms=200' });
    await stream.send('first');
    await stream.send('second');
    const { parts, error } = await collect(stream);
    expect(parts).toHaveLength(1);
    expect(isSageStreamError(error) && error.details).toMatchObject({ ErrorCode: 'ModelInvocationTimeExceeded' });
  });

  it.each([
    ['validation-error', 'validation-error', 400, 'InputValidationError'],
    ['model-error', 'model-error', 424, 'ModelError'],
    ['internal-failure', 'internal-failure', 500, 'InternalServerError'],
    ['service-unavailable', 'service-unavailable', 503, 'ServiceUnavailableError'],
    ['model-not-ready', 'service-unavailable', 503, 'ServiceUnavailableError'],
    ['throttling', 'throttling', 429, 'ThrottlingException'],
  ])('pre-stream fault %s rejects the open with %s (%d %s)', async (fault, code, status, name) => {
    const error = await open('mock-bidi-echo', { modelQueryString: `mock-fault=${fault}` }).catch((caught: unknown) => caught);
    expect(isSageStreamError(error)).toBe(true);
    expect(error).toMatchObject({ code, statusCode: status, serviceCode: name });
  });

  it('rejects an unknown endpoint and an HTTP/1.1-only endpoint with InputValidationError', async () => {
    await expect(open('no-such-endpoint')).rejects.toMatchObject({ code: 'validation-error', statusCode: 400 });
    await expect(open('mock-lmi')).rejects.toMatchObject({ code: 'validation-error', message: expect.stringMatching(/bidirectional/) });
  });

  it('with --auth sigv4: signed streams work, a wrong secret is refused before the stream', async () => {
    const stream = await open('mock-bidi-echo', { endpointUrl: signedMock.url });
    await stream.send('signed');
    await stream.end();
    const { parts, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(text(parts[0]!.bytes)).toBe('signed');
    await expect(open('mock-bidi-echo', { endpointUrl: signedMock.url, credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' } })).rejects.toMatchObject({ code: 'access-denied', statusCode: 403 });
  });

  it('two concurrent streams with interleaved sends keep their replies apart', async () => {
    const [first, second] = await Promise.all([open('mock-bidi-echo'), open('mock-bidi-echo')]);
    for (let i = 0; i < 5; i++) {
      await first.send(`first-${i}`);
      await second.send(`second-${i}`);
    }
    await Promise.all([first.end(), second.end()]);
    const [a, b] = await Promise.all([collect(first), collect(second)]);
    expect(a.parts.map((part) => text(part.bytes))).toEqual([0, 1, 2, 3, 4].map((i) => `first-${i}`));
    expect(b.parts.map((part) => text(part.bytes))).toEqual([0, 1, 2, 3, 4].map((i) => `second-${i}`));
  });

  it('abort mid-way: the iteration throws aborted, the mock sees the stream close, nothing leaks', async () => {
    const controller = new AbortController();
    const stream = await open('mock-bidi-chat', { signal: controller.signal, modelQueryString: 'mock-latency-scale=1' });
    await stream.send('A long answer please');
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'aborted' });
    const entry = await mock.journal.waitFor((candidate) => candidate.endpoint === 'mock-bidi-chat' && candidate.clientWentAway);
    expect(entry.outcome).toBe('client-disconnected');
    await expect.poll(() => mock.bidi.activeCount).toBe(0);
    await expect.poll(() => mock.app.mock.pendingTimers).toBe(0);
    await expect.poll(() => mock.bidi.sessionCount).toBe(0);
  });
});

describe('interplay: HTTP/1.1 (official SDK) and HTTP/2 bidi on one mock at once', () => {
  it('streams InvokeEndpointWithResponseStream and two bidi conversations concurrently', async () => {
    const { SageMakerRuntimeClient, InvokeEndpointWithResponseStreamCommand } = await import('@aws-sdk/client-sagemaker-runtime');
    const client = new SageMakerRuntimeClient({ endpoint: mock.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    const http1 = (async () => {
      const output = await client.send(new InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-messages', ContentType: 'application/json', Body: new TextEncoder().encode('{"messages":[{"role":"user","content":"hi"}],"max_tokens":8,"stream":true}') }));
      let text = '';
      for await (const event of output.Body!) text += new TextDecoder().decode(event.PayloadPart?.Bytes ?? new Uint8Array());
      return text;
    })();
    const bidi = ['one', 'two'].map(async (word) => {
      const stream = await open('mock-bidi-echo');
      await stream.send(word);
      await stream.end();
      return (await collect(stream)).parts.map((part) => text(part.bytes));
    });
    const [sse, ...echoes] = await Promise.all([http1, ...bidi]);
    expect(sse).toMatch(/data:\[DONE\]/);
    expect(echoes).toEqual([['one'], ['two']]);
    client.destroy();
  });
});

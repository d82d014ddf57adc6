import { InvokeEndpointWithResponseStreamCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { encodeEventStreamMessage, encodeBidiPayloadPart, parseSignedEvent, createEventStreamDecoder, type EventStreamMessage } from '@sagestream/core';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { openRawBidi, textPart } from './helpers/raw-bidi.js';

const CREDENTIALS = { accessKeyId: 'AKIDRAW', secretAccessKey: 'raw-secret' };
let open: MockServer;
let signed: MockServer;

beforeAll(async () => {
  open = await startServer({ port: 0, config: { latencyScale: 0, bidi: { maxPartBytes: 1024 } } });
  signed = await startServer({ port: 0, config: { latencyScale: 0, auth: { mode: 'sigv4', credentials: [CREDENTIALS] } } });
});
afterAll(async () => {
  await open.close();
  await signed.close();
});

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function decodeOne(frame: Uint8Array): EventStreamMessage {
  let message: EventStreamMessage | undefined;
  const decoder = createEventStreamDecoder({ onMessage: (decoded) => (message = { ...decoded, payload: decoded.payload.slice() }) });
  decoder.feed(frame);
  return message!;
}

describe('HTTP/2 bidirectional API: raw node:http2 requests', () => {
  it('answers 200 with the variant and event-stream content type, then unsigned PayloadParts', async () => {
    const call = await openRawBidi({ url: open.url, endpointName: 'mock-bidi-echo' });
    const headers = await call.headers;
    expect(headers[':status']).toBe(200);
    expect(headers['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(headers['x-amzn-invoked-production-variant']).toBe('AllTraffic');
    expect(headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    await call.send(textPart('ping'));
    await call.send();
    call.finish();
    const { events, body } = await call.result;
    expect(events).toMatchObject([{ type: 'payload-part', dataType: 'UTF8', completionState: 'COMPLETE', byteOffset: 0 }]);
    // The AWS SDK's own codec reads the same frame: header names, types and order.
    const decoded = new EventStreamCodec(toUtf8, fromUtf8).decode(body);
    expect(Object.entries(decoded.headers).map(([name, header]) => `${name}:${header.type}:${String(header.value)}`)).toEqual([
      ':event-type:string:PayloadPart',
      ':content-type:string:application/octet-stream',
      ':message-type:string:event',
      'DataType:string:UTF8',
      'CompletionState:string:COMPLETE',
    ]);
    expect(events[0]!.type === 'payload-part' && text(events[0]!.bytes)).toBe('ping');
    call.close();
  });

  it('with --auth sigv4 accepts a correctly chained stream', async () => {
    const call = await openRawBidi({ url: signed.url, endpointName: 'mock-bidi-echo', credentials: CREDENTIALS });
    for (const word of ['one', 'two', 'three']) await call.send(textPart(word));
    await call.send();
    call.finish();
    const { events } = await call.result;
    expect(events.map((event) => event.type === 'payload-part' && text(event.bytes))).toEqual(['one', 'two', 'three']);
    call.close();
  });

  async function tampered(tamper: (frames: Uint8Array[]) => Uint8Array[]) {
    const call = await openRawBidi({ url: signed.url, endpointName: 'mock-bidi-echo', credentials: CREDENTIALS });
    await call.headers;
    const frames: Uint8Array[] = [];
    // Sign three events without sending them, then send a tampered sequence.
    const { encodeSignedBidiEvent } = await import('@sagestream/core');
    for (const word of ['one', 'two', 'three']) frames.push(await encodeSignedBidiEvent({ chain: call.chain!, part: textPart(word) }));
    for (const frame of tamper(frames)) await call.write(frame);
    call.finish();
    const result = await call.result;
    call.close();
    return result;
  }

  it.each([
    ['forged', (frames: Uint8Array[]) => {
      const outer = parseSignedEvent(decodeOne(frames[1]!));
      const forged = encodeEventStreamMessage({ headers: { ':date': { type: 'timestamp', value: outer.date }, ':chunk-signature': { type: 'binary', value: outer.signature } }, payload: encodeBidiPayloadPart(textPart('TWO')) });
      return [frames[0]!, forged, frames[2]!];
    }],
    ['reordered', (frames: Uint8Array[]) => [frames[0]!, frames[2]!, frames[1]!]],
    ['replayed', (frames: Uint8Array[]) => [frames[0]!, frames[0]!, frames[1]!]],
  ])('rejects a %s event: the parts before it are answered, then an InputValidationError exception ends the stream', async (_name, tamper) => {
    const { events } = await tampered(tamper);
    expect(events.map((event) => event.type)).toEqual(['payload-part', 'unknown-exception']);
    expect(events[1]).toMatchObject({ exceptionType: 'InputValidationError' });
    const entry = signed.journal.entries().at(-1)!;
    expect(entry.detail).toMatch(/^signature-mismatch/);
    expect(entry.bidiParts!.filter((part) => part.direction === 'input')).toHaveLength(1);
  });

  it('rejects an unsigned event when signatures are required', async () => {
    const call = await openRawBidi({ url: signed.url, endpointName: 'mock-bidi-echo', credentials: CREDENTIALS });
    await call.write(encodeEventStreamMessage({ headers: { ':date': { type: 'timestamp', value: new Date() } }, payload: encodeBidiPayloadPart(textPart('x')) }));
    call.finish();
    const { events } = await call.result;
    expect(events).toMatchObject([{ type: 'unknown-exception', exceptionType: 'InputValidationError', message: expect.stringMatching(/chunk-signature/) }]);
    call.close();
  });

  it.each([
    ['a missing signature', { url: 'signed', headers: {}, strip: true }, 403, 'MissingAuthenticationTokenException'],
    ['a foreign :authority (DNS rebinding)', { url: 'open', authority: 'evil.example:80' }, 403, 'AccessDeniedException'],
    ['a cross-origin browser request', { url: 'open', headers: { origin: 'https://evil.example' } }, 403, 'AccessDeniedException'],
    ['a GET', { url: 'open', method: 'GET' }, 404, 'UnknownOperationException'],
    ['another path', { url: 'open', path: '/endpoints/mock-bidi-echo/invocations' }, 404, 'UnknownOperationException'],
    ['a JSON content type', { url: 'open', headers: { 'content-type': 'application/json' } }, 400, 'InputValidationError'],
    ['an unknown endpoint', { url: 'open', endpoint: 'nope' }, 400, 'InputValidationError'],
    ['a wrong target variant', { url: 'open', headers: { 'x-amzn-sagemaker-target-variant': 'Other' } }, 400, 'InputValidationError'],
    ['a bad model query string', { url: 'open', headers: { 'x-amzn-sagemaker-model-query-string': 'a b' } }, 400, 'InputValidationError'],
    ['a bad mock attribute', { url: 'open', headers: { 'x-amzn-sagemaker-model-query-string': 'mock-fault=explode' } }, 400, 'InputValidationError'],
    ['a stream timeout above the endpoint\'s', { url: 'open', headers: { 'x-amzn-sagemaker-model-query-string': 'mock-stream-timeout-ms=999999999999' } }, 400, 'InputValidationError'],
    ['a latency scale above 10', { url: 'open', headers: { 'x-amzn-sagemaker-model-query-string': 'mock-latency-scale=1000' } }, 400, 'InputValidationError'],
    ['a bad invocation path', { url: 'open', headers: { 'x-amzn-sagemaker-model-invocation-path': 'a//b' } }, 400, 'InputValidationError'],
  ] as const)('answers %s with %s %s before the stream', async (_name, setup, status, errorType) => {
    const server = setup.url === 'signed' ? signed : open;
    const options = setup as { authority?: string; method?: string; path?: string; headers?: Record<string, string>; endpoint?: string; strip?: boolean };
    const call = await openRawBidi({
      url: server.url,
      endpointName: options.endpoint ?? 'mock-bidi-echo',
      ...(options.authority ? { authority: options.authority } : {}),
      ...(options.method ? { method: options.method } : {}),
      ...(options.path ? { path: options.path } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.strip ? { credentials: { accessKeyId: 'unknown', secretAccessKey: 'x' } } : {}),
    });
    const headers = await call.headers;
    const { body } = await call.result;
    call.close();
    if (options.strip) {
      expect(headers[':status']).toBe(403);
      return;
    }
    expect(headers[':status']).toBe(status);
    expect(String(headers['x-amzn-errortype'])).toMatch(new RegExp(`^${errorType}`));
    expect(JSON.parse(body.toString('utf8'))).toBeTypeOf('object');
  });

  it('bounds the part size (bidi.maxPartBytes) with a typed in-stream error', async () => {
    const call = await openRawBidi({ url: open.url, endpointName: 'mock-bidi-echo' });
    await call.send({ bytes: new Uint8Array(2000), dataType: 'BINARY' });
    call.finish();
    const { events } = await call.result;
    expect(events).toMatchObject([{ type: 'unknown-exception', exceptionType: 'InputValidationError', message: expect.stringMatching(/limit is 1024/) }]);
    call.close();
  });

  it('serves HTTP/1.1 (the official SDK) and HTTP/2 bidi streams on the same port at once', async () => {
    const client = new SageMakerRuntimeClient({ endpoint: open.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    const bidiCalls = await Promise.all([0, 1, 2].map(() => openRawBidi({ url: open.url, endpointName: 'mock-bidi-echo' })));
    const sdkCall = (async () => {
      const output = await client.send(new InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-lmi', Body: new TextEncoder().encode('{"inputs":"hi","parameters":{"max_new_tokens":5}}'), ContentType: 'application/json' }));
      let bytes = 0;
      for await (const event of output.Body!) bytes += event.PayloadPart?.Bytes?.length ?? 0;
      return bytes;
    })();
    await Promise.all(bidiCalls.map(async (call, index) => {
      await call.send(textPart(`call-${index}`));
      await call.send();
      call.finish();
    }));
    const results = await Promise.all(bidiCalls.map((call) => call.result));
    expect(await sdkCall).toBeGreaterThan(0);
    expect(results.map(({ events }) => events[0]?.type === 'payload-part' && text(events[0].bytes))).toEqual(['call-0', 'call-1', 'call-2']);
    bidiCalls.forEach((call) => call.close());
    client.destroy();
    const ping = await fetch(`${open.url}/ping`);
    expect(await ping.json()).toEqual({ status: 'Healthy' });
  });

  it('close() ends an open bidi stream with an InternalStreamFailure and frees the port', async () => {
    const mock = await startServer({ port: 0, config: { latencyScale: 0 } });
    const call = await openRawBidi({ url: mock.url, endpointName: 'mock-bidi-echo' });
    await call.send(textPart('before'));
    await call.headers;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await mock.close();
    const { events } = await call.result;
    expect(events.map((event) => event.type)).toEqual(['payload-part', 'internal-stream-failure']);
    expect(mock.bidi.sessionCount).toBe(0);
    call.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSageMakerTransport } from '../src/client/index.js';
import { closeSession, createFetchTransport, isSageStreamError, isSessionExpired, newSession, parseSessionHeader, streamChat, type ChatEvent, type StreamTransport } from '../src/index.js';
import { startSessionService, type SessionService } from './helpers/session-service.js';

/**
 * Stateful sessions over both transports against a service stand-in. To run the same checks
 * against the mock endpoint, start it and give its base URL here instead of the stand-in.
 */
const TRANSPORTS: { name: string; create(baseUrl: string): StreamTransport }[] = [
  { name: 'fetch transport', create: (baseUrl) => createFetchTransport({ baseUrl }) },
  { name: 'AWS SDK transport', create: (baseUrl) => createSageMakerTransport({ endpointUrl: baseUrl, region: 'us-east-1', maxAttempts: 1 }) },
];

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe.each(TRANSPORTS)('stateful sessions over the $name', ({ create }) => {
  let service: SessionService;
  let transport: StreamTransport;
  beforeAll(async () => {
    service = await startSessionService();
    transport = create(service.baseUrl);
  });
  afterAll(() => service.close());

  it('opens a session, streams in it, and closes it, with the documented requests', async () => {
    service.calls.length = 0;
    const target = { endpointName: 'llm', inferenceComponentName: 'ic-llama', targetVariant: 'blue' };
    const session = await newSession({ transport, ...target });
    expect(session.id).toMatch(/^sess-\d+-a1b2$/);
    const expires = Date.parse(session.expiresAt!);
    expect(session.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(expires - Date.now()).toBeGreaterThan(19 * 60 * 1000);
    expect(isSessionExpired(session)).toBe(false);

    const events = await collect(streamChat({ transport, endpoint: { ...target, format: 'messages' }, messages: [{ role: 'user', content: 'Hi' }], sessionId: session.id }));
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(text).toBe(`In session ${session.id}.`);
    const end = events.at(-1);
    expect(end?.type === 'message-end' && end.metrics.usage).toEqual({ promptTokens: 5, completionTokens: 4, totalTokens: 9 });

    expect(await closeSession({ transport, ...target, sessionId: session.id })).toEqual({ closedSessionId: session.id });
    expect(service.open.has(session.id)).toBe(false);

    const [open, stream, close] = service.calls;
    expect(open).toMatchObject({ operation: 'InvokeEndpoint', endpointName: 'llm', body: '{"requestType":"NEW_SESSION"}' });
    expect(open!.headers['x-amzn-sagemaker-session-id']).toBe('NEW_SESSION');
    expect(stream!.operation).toBe('InvokeEndpointWithResponseStream');
    expect(stream!.headers['x-amzn-sagemaker-session-id']).toBe(session.id);
    expect(JSON.parse(stream!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(close).toMatchObject({ operation: 'InvokeEndpoint', body: '{"requestType":"CLOSE"}' });
    expect(close!.headers['x-amzn-sagemaker-session-id']).toBe(session.id);
    for (const call of service.calls) {
      expect(call.headers['x-amzn-sagemaker-inference-component']).toBe('ic-llama');
      expect(call.headers['x-amzn-sagemaker-target-variant']).toBe('blue');
    }
  });

  it('a reply in a closed session ends with the service ValidationError', async () => {
    const session = await newSession({ transport, endpointName: 'llm' });
    await closeSession({ transport, endpointName: 'llm', sessionId: session.id });
    const events = await collect(streamChat({ transport, endpoint: { endpointName: 'llm' }, messages: [{ role: 'user', content: 'Hi' }], sessionId: session.id }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'validation-error' } });
  });

  it('closing an id that is not open fails with validation-error', async () => {
    const error = await closeSession({ transport, endpointName: 'llm', sessionId: 'never-opened' }).catch((caught: unknown) => caught);
    expect(isSageStreamError(error) && error.code).toBe('validation-error');
  });
});

describe('streamChat with a session id', () => {
  it('refuses NEW_SESSION and malformed ids before sending anything', async () => {
    let sent = 0;
    const transport: StreamTransport = { description: 'counting', invoke: () => (sent++, Promise.reject(new Error('unused'))) };
    for (const sessionId of ['NEW_SESSION', 'a b', '']) {
      const events = await collect(streamChat({ transport, endpoint: { endpointName: 'llm' }, messages: [{ role: 'user', content: 'Hi' }], sessionId }));
      expect(events, sessionId).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'invalid-argument', fix: expect.stringContaining('newSession()') }) }]);
    }
    expect(sent).toBe(0);
  });
});

describe('sessions against a container without session support', () => {
  let service: SessionService;
  beforeAll(async () => {
    service = await startSessionService({ withoutSessions: true });
  });
  afterAll(() => service.close());

  it('newSession fails with session-error and a fix', async () => {
    const error = await newSession({ transport: createFetchTransport({ baseUrl: service.baseUrl }), endpointName: 'llm' }).catch((caught: unknown) => caught);
    expect(isSageStreamError(error) && error.code).toBe('session-error');
    expect(isSageStreamError(error) && error.fix).toMatch(/SAGEMAKER_ENABLE_STATEFUL_SESSIONS/);
  });

  it('a transport without InvokeEndpoint cannot open sessions', async () => {
    const transport: StreamTransport = { description: 'stream-only', invoke: () => Promise.reject(new Error('unused')) };
    await expect(newSession({ transport, endpointName: 'llm' })).rejects.toMatchObject({ code: 'session-error' });
  });
});

describe('isSessionExpired', () => {
  it('counts a session as expired from 10 s before its Expires; without a readable expiry, never', () => {
    const at = Date.parse('2030-01-01T00:00:00Z');
    expect(isSessionExpired({ expiresAt: '2030-01-01T00:00:00Z' }, at - 10_001)).toBe(false);
    expect(isSessionExpired({ expiresAt: '2030-01-01T00:00:00Z' }, at - 10_000)).toBe(true);
    expect(isSessionExpired({}, at)).toBe(false);
    expect(isSessionExpired({ expiresAt: 'soon' }, at)).toBe(false);
  });
});

describe('InvokeEndpoint over fetch', () => {
  it('reads at most maxResponseBytes of the reply and fails with response-too-large past it', async () => {
    const { fetchInvokeEndpoint } = await import('../src/transport/fetch-invoke-endpoint.js');
    const reply = (size: number) => async () => new Response(new Uint8Array(size), { status: 200, headers: { 'x-amzn-sagemaker-new-session-id': 'abc; Expires=2030-01-01T00:00:00Z' } });
    const request = { endpointName: 'llm', body: '{}', sessionId: 'NEW_SESSION' };
    const ok = await fetchInvokeEndpoint({ baseUrl: 'http://127.0.0.1:9', fetch: reply(10), request, maxResponseBytes: 10 });
    expect(ok).toMatchObject({ statusCode: 200, newSessionId: 'abc; Expires=2030-01-01T00:00:00Z' });
    expect(ok.body).toHaveLength(10);
    await expect(fetchInvokeEndpoint({ baseUrl: 'http://127.0.0.1:9', fetch: reply(11), request, maxResponseBytes: 10 })).rejects.toMatchObject({ code: 'response-too-large' });
  });

  it('sends Accept as the plain header on InvokeEndpoint', async () => {
    const { fetchInvokeEndpoint } = await import('../src/transport/fetch-invoke-endpoint.js');
    let headers: Record<string, string> = {};
    const fetchStub = async (_url: string | URL | Request, init?: RequestInit) => {
      headers = init?.headers as Record<string, string>;
      return new Response('{}');
    };
    await fetchInvokeEndpoint({ baseUrl: 'http://127.0.0.1:9', fetch: fetchStub as typeof fetch, request: { endpointName: 'llm', body: '{}', accept: 'application/json' } });
    expect(headers.accept).toBe('application/json');
    expect(headers).not.toHaveProperty('x-amzn-sagemaker-accept');
  });
});

describe('parseSessionHeader', () => {
  it('reads the id and Expires of New-Session-Id, attribute case-insensitive', () => {
    expect(parseSessionHeader('abc-123; Expires=2026-11-28T18:00:00Z')).toEqual({ id: 'abc-123', expiresAt: '2026-11-28T18:00:00Z' });
    expect(parseSessionHeader(' abc ;expires=2026-01-01T00:00:00Z; Path=/')).toEqual({ id: 'abc', expiresAt: '2026-01-01T00:00:00Z' });
    expect(parseSessionHeader('abc')).toEqual({ id: 'abc' });
  });

  it('rejects a missing or malformed id with session-error', () => {
    for (const value of ['', '; Expires=x', 'NEW_SESSION', '-abc', 'a'.repeat(257), 'a b']) {
      expect(() => parseSessionHeader(value), value).toThrow(expect.objectContaining({ code: 'session-error' }));
    }
  });
});

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { fastConfig } from './helpers/profiles.js';
import { rawRequest } from './helpers/raw-http.js';
import { SDKS, createClient } from './helpers/sdk-clients.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ config: fastConfig({ server: { headersTimeoutMs: 400, requestTimeoutMs: 2000, keepAliveTimeoutMs: 5000 } }) });
});
afterAll(() => mock.close());

const STREAM = (endpoint: string) => `/endpoints/${endpoint}/invocations-response-stream`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };

async function stillServes(): Promise<void> {
  const response = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), headers: JSON_HEADERS, body: '{"inputs":"still there?","parameters":{"max_new_tokens":3}}' });
  expect(response.status).toBe(200);
}

function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

describe('malformed bodies come back as the container would answer them, through SageMaker', () => {
  it.each([
    { endpoint: 'mock-tgi', body: '{"inputs": "x",', status: 400, original: /^Failed to parse the request body as JSON: EOF while parsing a value at line 1 column \d+$/ },
    { endpoint: 'mock-tgi', body: '{"prompt_text": "x"}', status: 422, original: /^Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum SagemakerRequest/ },
    { endpoint: 'mock-tgi', body: '{"inputs": "x", "parameters": {"max_new_tokens": -5}}', status: 422, original: /untagged enum SagemakerRequest/ },
    { endpoint: 'mock-lmi', body: 'not json', status: 424, original: /^\{"error": "Input Parsing failed\. Ensure that the request payload is valid\. Expecting value: line 1 column 1 \(char 0\)", "code": 424\}$/ },
    { endpoint: 'mock-lmi', body: '[1, 2]', status: 424, original: /'list' object has no attribute 'pop'/ },
    { endpoint: 'mock-lmi-legacy', body: '{"messages": [{"role": "user", "content": "hi"}]}', status: 424, original: /chat completions support is not currently available/ },
  ])('$endpoint, $body → ModelError with OriginalStatusCode $status', async ({ endpoint, body, status, original }) => {
    const response = await rawRequest({ url: mock.url, path: STREAM(endpoint), headers: JSON_HEADERS, body });
    expect(response.status).toBe(424);
    expect(response.headers['x-amzn-errortype']).toMatch(/^ModelError:/);
    const error = json(response.body);
    expect(error.OriginalStatusCode).toBe(status);
    expect(error.OriginalMessage).toMatch(original);
    expect(error.ErrorCode).toBe('CLIENT_ERROR_FROM_MODEL');
  });

  it('the JS SDK default Content-Type (application/octet-stream) is rejected by TGI (415) and LMI, as the real containers do', async () => {
    const { sdk } = SDKS[0];
    const client = createClient({ sdk, url: mock.url });
    await expect(client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-tgi', Body: '{"inputs":"x","stream":true}' }))).rejects.toMatchObject({ name: 'ModelError', OriginalStatusCode: 415 });
    await expect(client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-lmi', Body: '{"inputs":"x"}' }))).rejects.toMatchObject({ name: 'ModelError', OriginalStatusCode: 424 });
    client.destroy();
  });
});

describe('requests the service itself rejects', () => {
  it('unknown endpoint → ValidationError with the real message', async () => {
    const { sdk } = SDKS[1];
    const client = createClient({ sdk, url: mock.url });
    await expect(client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'no-such-endpoint', Body: '{}' }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Endpoint no-such-endpoint of account 123456789012 not found.',
      $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
  });

  it('header values beyond the API constraints and NEW_SESSION → ValidationError 400', async () => {
    const tooLong = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': 'a'.repeat(1025) }, body: '{}' });
    expect(tooLong.status).toBe(400);
    expect(json(tooLong.body).Message).toBe("1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member must have length less than or equal to 1024");
    const session = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Session-Id': 'NEW_SESSION' }, body: '{}' });
    expect(session.status).toBe(400);
    expect(json(session.body).Message).toMatch(/Value 'NEW_SESSION' at 'sessionId' failed to satisfy constraint/);
  });

  it('a body over 6 MiB → ValidationError, and the server keeps serving', async () => {
    const response = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), headers: JSON_HEADERS, body: new Uint8Array(6 * 1024 * 1024 + 1) });
    expect(response.status).toBe(400);
    expect(json(response.body).Message).toBe("1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to 6291456");
    await stillServes();
  });

  it('an invalid mock attribute is a clear ValidationError', async () => {
    const response = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': 'mock-chunking=sideways' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(json(response.body).Message).toBe('Invalid custom attribute mock-chunking="sideways": expected one of token, coalesce, random, split-utf8.');
  });

  it('wrong methods and unknown paths → 404 UnknownOperationException JSON', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), method });
      expect(response.status).toBe(404);
      expect(response.headers['x-amzn-errortype']).toMatch(/^UnknownOperationException:/);
      expect(json(response.body).message).toMatch(new RegExp(`^${method} /endpoints/mock-lmi/invocations-response-stream is not an operation`));
    }
    const unknown = await rawRequest({ url: mock.url, path: '/nothing/here', method: 'GET' });
    expect(unknown.status).toBe(404);
    expect(json(unknown.body)).toEqual({ message: 'No route for GET /nothing/here.' });
  });
});

describe('hostile clients', () => {
  it('huge headers → 431 JSON, and the server keeps serving', async () => {
    const response = await rawRequest({ url: mock.url, path: STREAM('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Big': 'x'.repeat(20_000) }, body: '{}' });
    expect(response.status).toBe(431);
    expect(json(response.body)).toEqual({ message: 'The request headers exceed the server limit.' });
    await stillServes();
  });

  it('garbage instead of HTTP → 400 JSON', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(mock.port, '127.0.0.1', () => socket.write('HELLO THERE\r\n\r\n'));
      let text = '';
      socket.on('data', (data) => (text += data.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    await stillServes();
  });

  it('a slow-loris client is cut off after the headers timeout while others are served', async () => {
    const closed = new Promise<string>((resolve) => {
      const socket = connect(mock.port, '127.0.0.1', () => socket.write(`POST ${STREAM('mock-lmi')} HTTP/1.1\r\nHost: 127.0.0.1\r\n`));
      const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 100);
      let text = '';
      socket.on('data', (data) => (text += data.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(drip);
        resolve(text);
      });
    });
    await stillServes();
    expect(await closed).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    await stillServes();
  });

  it('a client that hangs up while sending the body is journaled as gone', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(mock.port, '127.0.0.1', () => {
        socket.write(`POST ${STREAM('mock-lmi')} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"inputs":`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await expect(mock.journal.waitFor((entry) => entry.outcome === 'client-disconnected' && entry.partsSent === 0 && entry.status === 0)).resolves.toMatchObject({ clientWentAway: true });
    await stillServes();
  });
});

import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { PROFILE_CASES, fastConfig } from './helpers/profiles.js';
import { decodeFrames, rawRequest } from './helpers/raw-http.js';
import { socketRequest } from './helpers/raw-socket.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({
    config: fastConfig({
      endpoints: { 'slow-start': { profile: 'tgi', latency: { timeToFirstToken: 60_000, interToken: 10 } } },
    }),
  });
});
afterAll(() => mock.close());

const STREAM_PATH = (endpoint: string) => `/endpoints/${endpoint}/invocations-response-stream`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const LMI_BODY = JSON.stringify({ inputs: 'Say hello', parameters: { max_new_tokens: 12, details: true } });

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import json'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the HTTP response of InvokeEndpointWithResponseStream (wire spec §3)', () => {
  it('sends the output headers with the service casing, chunked, and no session headers', async () => {
    const response = await socketRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), headers: JSON_HEADERS, body: LMI_BODY });
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    const names = response.headerLines.map((line) => line.slice(0, line.indexOf(':')));
    expect(names).toEqual(expect.arrayContaining(['x-amzn-RequestId', 'x-Amzn-Invoked-Production-Variant', 'X-Amzn-SageMaker-Content-Type', 'Content-Type', 'Date', 'Transfer-Encoding']));
    expect(response.headerLines).toContain('Content-Type: application/vnd.amazon.eventstream');
    expect(response.headerLines).toContain('X-Amzn-SageMaker-Content-Type: application/jsonlines');
    expect(response.headerLines).toContain('x-Amzn-Invoked-Production-Variant: AllTraffic');
    expect(response.headerLines).toContain('Transfer-Encoding: chunked');
    expect(names.map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['x-amzn-sagemaker-new-session-id', 'x-amzn-sagemaker-custom-attributes', 'content-length']));
    expect(response.terminated).toBe(true);
  });

  it('writes one PayloadPart frame per HTTP chunk in token mode, ending with the terminal chunk', async () => {
    const response = await socketRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), headers: JSON_HEADERS, body: LMI_BODY });
    expect(response.chunks).toHaveLength(12);
    for (const chunk of response.chunks) {
      expect(chunk.readUInt32BE(0)).toBe(chunk.length);
      expect(decodeFrames(chunk)).toHaveLength(1);
    }
  });

  it('flushes the headers before the first token (old SDKs and boto3 return on headers)', async () => {
    const url = new URL(STREAM_PATH('slow-start'), mock.url);
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const outgoing = request(url, { method: 'POST', headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': 'mock-latency-scale=1' }, agent: false }, (response) => {
        resolve({ status: response.statusCode, contentType: response.headers['x-amzn-sagemaker-content-type'], bodyBytesSoFar: response.readableLength });
        response.destroy();
      });
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify({ inputs: 'hi', stream: true }));
    });
    // The first token is a minute away: the headers can only have come first.
    expect(headers).toEqual({ status: 200, contentType: 'text/event-stream', bodyBytesSoFar: 0 });
    await expect(mock.journal.waitFor((entry) => entry.endpoint === 'slow-start')).resolves.toMatchObject({ outcome: 'client-disconnected', clientWentAway: true, partsSent: 0 });
  });

  it('connection-reset aborts the socket without the terminal chunk', async () => {
    const response = await socketRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': 'mock-fault=connection-reset;mock-fault-after=2' }, body: LMI_BODY });
    expect(response.terminated).toBe(false);
    expect(response.closedBy).toBe('ECONNRESET');
  });
});

describe('event-stream frames (wire spec §5), checked with @smithy/eventstream-codec', () => {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);

  it('PayloadPart: :event-type, :content-type, :message-type, raw bytes — identical to the SDK codec encoding', async () => {
    const response = await rawRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), headers: JSON_HEADERS, body: LMI_BODY });
    const frames = decodeFrames(response.body);
    expect(frames).toHaveLength(12);
    for (const frame of frames) {
      expect(frame.headerNames).toEqual([':event-type', ':content-type', ':message-type']);
      expect(frame.headers).toEqual({ ':event-type': 'PayloadPart', ':content-type': 'application/octet-stream', ':message-type': 'event' });
      expect(frame.length).toBe(frame.body.length + 105);
    }
    let offset = 0;
    for (const frame of frames) {
      const expected = codec.encode({
        headers: {
          ':event-type': { type: 'string', value: 'PayloadPart' },
          ':content-type': { type: 'string', value: 'application/octet-stream' },
          ':message-type': { type: 'string', value: 'event' },
        },
        body: frame.body,
      });
      expect(Buffer.from(expected).equals(response.body.subarray(offset, offset + frame.length))).toBe(true);
      offset += frame.length;
    }
  });

  it.each([
    { fault: 'model-stream-error', type: 'ModelStreamError', body: /^\{"ErrorCode":"ModelInvocationTimeExceeded","Message":"Your model primary did not complete sending the inference response in the allotted time\."\}$/ },
    { fault: 'stream-broken', type: 'ModelStreamError', body: /^\{"ErrorCode":"StreamBroken","Message":"[^"]+"\}$/ },
    { fault: 'internal-stream-failure', type: 'InternalStreamFailure', body: /^\{"Message":"[^"]+"\}$/ },
  ])('$fault ends with one $type exception frame (capitalised JSON keys) and a clean end', async ({ fault, type, body }) => {
    const response = await socketRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': `mock-fault=${fault};mock-fault-after=1` }, body: LMI_BODY });
    expect(response.terminated).toBe(true);
    const frames = decodeFrames(Buffer.concat(response.chunks));
    expect(frames).toHaveLength(2);
    const last = frames[1]!;
    expect(last.headerNames).toEqual([':exception-type', ':content-type', ':message-type']);
    expect(last.headers).toEqual({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' });
    expect(Buffer.from(last.body).toString('utf8')).toMatch(body);
  });
});

describe('other responses', () => {
  it('InvokeEndpoint answers with the container Content-Type and a Content-Length, no event stream', async () => {
    const response = await rawRequest({ url: mock.url, path: '/endpoints/mock-tgi/invocations', headers: JSON_HEADERS, body: JSON.stringify({ inputs: 'hello', parameters: { max_new_tokens: 3 } }) });
    expect(response.status).toBe(200);
    expect(response.rawHeaderNames).toEqual(expect.arrayContaining(['x-amzn-RequestId', 'x-Amzn-Invoked-Production-Variant', 'Content-Type', 'Content-Length']));
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-amzn-sagemaker-content-type']).toBeUndefined();
    expect(response.body.toString()).toMatch(/^\[\{"generated_text":"[^"]*"\}\]$/);
  });

  it('errors carry x-amzn-ErrorType with the Coral namespace, JSON, Content-Length and a request id', async () => {
    const response = await rawRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': 'mock-fault=model-error' }, body: LMI_BODY });
    expect(response.status).toBe(424);
    expect(response.headers['x-amzn-errortype']).toBe('ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/');
    expect(response.headers['content-type']).toBe('application/json');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(JSON.parse(response.body.toString()) as object)).toEqual(['ErrorCode', 'LogStreamArn', 'Message', 'OriginalMessage', 'OriginalStatusCode']);
  });

  it('accepts requests without Content-Type (boto3 sends none): LMI parses JSON, TGI answers as TGI does (415 → ModelError)', async () => {
    const lmi = await rawRequest({ url: mock.url, path: STREAM_PATH('mock-lmi'), body: LMI_BODY });
    expect(lmi.status).toBe(200);
    expect(decodeFrames(lmi.body)).toHaveLength(12);
    const tgi = await rawRequest({ url: mock.url, path: STREAM_PATH('mock-tgi'), body: JSON.stringify({ inputs: 'hi', stream: true }) });
    expect(tgi.status).toBe(424);
    expect(JSON.parse(tgi.body.toString())).toMatchObject({ OriginalStatusCode: 415, OriginalMessage: 'Expected request with `Content-Type: application/json`' });
  });

  it('accepts chunked request bodies', async () => {
    const url = new URL(STREAM_PATH('mock-lmi'), mock.url);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(url, { method: 'POST', headers: { ...JSON_HEADERS, 'Transfer-Encoding': 'chunked' }, agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      outgoing.on('error', reject);
      outgoing.write(LMI_BODY.slice(0, 10));
      outgoing.end(LMI_BODY.slice(10));
    });
    expect(status).toBe(200);
  });
});

describe.skipIf(!hasPython())('LMI lines are byte-identical to Python json.dumps(ensure_ascii=False)', () => {
  it.each(PROFILE_CASES.filter((profile) => profile.format.startsWith('lmi')))('$endpoint', async (profile) => {
    const response = await rawRequest({ url: mock.url, path: STREAM_PATH(profile.endpoint), headers: JSON_HEADERS, body: JSON.stringify(profile.body) });
    const records = decodeFrames(response.body).map((frame) => Buffer.from(frame.body).toString('utf8'));
    const lines = records.map((record) => record.replace(/^data: /, '').replace(/\n+$/, ''));
    const script = 'import json,sys\nfor line in json.load(sys.stdin): print(json.dumps(json.loads(line), ensure_ascii=False))';
    const python = execFileSync('python3', ['-c', script], { input: JSON.stringify(lines), encoding: 'utf8' });
    expect(python.split('\n').slice(0, -1)).toEqual(lines);
  });
});

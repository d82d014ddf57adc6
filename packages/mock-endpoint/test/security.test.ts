import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256 } from '../src/auth/sha256.js';
import { bindHostNames, normalizeConfig, startServer, type Cassette, type MockServer } from '../src/index.js';
import { fastConfig } from './helpers/profiles.js';
import { rawRequest, type RawResponse } from './helpers/raw-http.js';
import { SDKS, createClient } from './helpers/sdk-clients.js';

const { sdk } = SDKS[0];
const INVOKE = (name: string) => `/endpoints/${name}/invocations`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const LMI_BODY = JSON.stringify({ inputs: 'hello', parameters: { max_new_tokens: 3 } });

function json(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
}

describe('Host and Origin checks (DNS rebinding, cross-origin writes)', () => {
  let mock: MockServer;
  let allowing: MockServer;
  beforeAll(async () => {
    mock = await startServer({ config: fastConfig() });
    allowing = await startServer({ config: fastConfig({ server: { allowedHosts: ['devbox.test', '.corp.example'] } }) });
  });
  afterAll(async () => {
    await mock.close();
    await allowing.close();
  });

  it('refuses a rebinding Host on every route: the journal, /ping and the invocations', async () => {
    await rawRequest({ url: mock.url, path: INVOKE('mock-lmi'), headers: JSON_HEADERS, body: JSON.stringify({ inputs: 'my secret prompt', parameters: { max_new_tokens: 1 } }) });
    for (const [method, path] of [['GET', '/_mock/requests'], ['GET', '/_mock/endpoints'], ['GET', '/ping'], ['DELETE', '/_mock/requests'], ['POST', INVOKE('mock-lmi')]] as const) {
      const response = await rawRequest({ url: mock.url, path, method, headers: { ...JSON_HEADERS, Host: `evil.example:${mock.port}` }, body: method === 'POST' ? LMI_BODY : undefined });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.headers['x-amzn-errortype']).toMatch(/^AccessDeniedException:/);
      expect(response.body.toString()).not.toContain('secret prompt');
      expect(json(response).message).toMatch(/Host "evil\.example:\d+" is not a name of this server.*--allow-host/);
    }
    // The refused requests never reached the journal, and DELETE did not clear it.
    expect(mock.journal.entries().map((entry) => entry.body)).toEqual([JSON.stringify({ inputs: 'my secret prompt', parameters: { max_new_tokens: 1 } })]);
  });

  it('accepts loopback names and the configured --allow-host names, nothing else', async () => {
    for (const host of [`127.0.0.1:${mock.port}`, `localhost:${mock.port}`, `127.9.9.9:${mock.port}`, `[::1]:${mock.port}`]) {
      expect((await rawRequest({ url: mock.url, path: '/ping', method: 'GET', headers: { Host: host } })).status, host).toBe(200);
    }
    expect((await rawRequest({ url: allowing.url, path: '/ping', method: 'GET', headers: { Host: 'devbox.test:1' } })).status).toBe(200);
    expect((await rawRequest({ url: allowing.url, path: '/ping', method: 'GET', headers: { Host: 'build.corp.example' } })).status).toBe(200);
    expect((await rawRequest({ url: allowing.url, path: '/ping', method: 'GET', headers: { Host: 'devbox.test.evil.example' } })).status).toBe(403);
    expect((await rawRequest({ url: mock.url, path: '/ping', method: 'GET', headers: { Host: 'devbox.test' } })).status).toBe(403);
  });

  it('the bind address is accepted as Host; a wildcard bind adds the interface addresses', () => {
    expect(bindHostNames('192.168.7.9')).toEqual(['192.168.7.9']);
    expect(bindHostNames('0.0.0.0')).toContain('127.0.0.1');
  });

  it('refuses browser requests from any other origin, before the body is read or the journal written', async () => {
    const before = mock.journal.entries().length;
    for (const origin of [`http://127.0.0.1:${mock.port + 1}`, `http://localhost:${mock.port}`, 'null', 'https://evil.example']) {
      const response = await rawRequest({ url: mock.url, path: INVOKE('mock-lmi'), headers: { 'Content-Type': 'text/plain', Origin: origin }, body: LMI_BODY });
      expect(response.status, origin).toBe(403);
      expect(json(response).message).toMatch(/^Request refused: browser requests from origin/);
    }
    // A GET from a cross-site page carries no Origin but Sec-Fetch-Site.
    expect((await rawRequest({ url: mock.url, path: '/_mock/requests', method: 'GET', headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect(mock.journal.entries()).toHaveLength(before);
  });

  it('accepts the server\'s own origin (a page it served) and clients that send no Origin', async () => {
    const same = await rawRequest({ url: mock.url, path: INVOKE('mock-lmi'), headers: { ...JSON_HEADERS, Origin: mock.url, 'Sec-Fetch-Site': 'same-origin' }, body: LMI_BODY });
    expect(same.status).toBe(200);
    const client = createClient({ sdk, url: mock.url });
    const output = await client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-lmi', ContentType: 'application/json', Body: LMI_BODY }));
    client.destroy();
    expect(output.ContentType).toBe('application/jsonlines');
  });
});

describe('credentials never reach the journal or the log', () => {
  it('redacts cookies, proxy credentials, API keys, tokens and bearer values', async () => {
    const lines: string[] = [];
    const mock = await startServer({ config: fastConfig(), log: (line) => lines.push(line) });
    try {
      await rawRequest({
        url: mock.url,
        path: INVOKE('mock-lmi'),
        headers: { ...JSON_HEADERS, Cookie: 'sid=cookie-secret', 'Proxy-Authorization': 'Basic cHJveHktc2VjcmV0', 'X-Api-Key': 'apikey-secret', 'X-Auth-Token': 'token-secret', 'X-Whatever': 'Bearer bearer-secret', Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDSECRET/x' },
        body: LMI_BODY,
      });
      const [entry] = mock.journal.entries();
      expect(entry!.headers).toMatchObject({ cookie: '[redacted]', 'proxy-authorization': '[redacted]', 'x-api-key': '[redacted]', 'x-auth-token': '[redacted]', 'x-whatever': '[redacted]', authorization: '[redacted]', 'content-type': 'application/json' });
      const served = (await rawRequest({ url: mock.url, path: '/_mock/requests', method: 'GET' })).body.toString();
      expect(served + lines.join('\n')).not.toMatch(/cookie-secret|cHJveHktc2VjcmV0|apikey-secret|token-secret|bearer-secret|AKIDSECRET/);
    } finally {
      await mock.close();
    }
  });
});

describe('record mode goes through the same checks before anything reaches the upstream', () => {
  const KEY = { accessKeyId: 'AKIDRECORDGUARD', secretAccessKey: 'record-guard-secret' };
  const ENV = { AWS_ACCESS_KEY_ID: 'AKIDUPSTREAM', AWS_SECRET_ACCESS_KEY: 'upstream-secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const saved: Record<string, string | undefined> = {};
  let root: string;
  let dir: string;
  let upstream: MockServer;
  let recorder: MockServer;
  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    root = await mkdtemp(join(tmpdir(), 'sagestream-record-guard-'));
    dir = join(root, 'a', 'cassettes');
    await mkdir(dir, { recursive: true });
    upstream = await startServer({ config: fastConfig() });
    recorder = await startServer({ config: { latencyScale: 0, auth: { mode: 'sigv4', credentials: [KEY] }, record: { dir, region: 'us-east-1', endpointUrl: upstream.url } } });
  });
  afterAll(async () => {
    await recorder?.close();
    await upstream?.close();
    await rm(root, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('an unsigned request (a page\'s no-cors POST) gets MissingAuthenticationToken and the upstream sees nothing', async () => {
    const response = await rawRequest({ url: recorder.url, path: INVOKE('mock-lmi'), headers: { 'Content-Type': 'text/plain' }, body: LMI_BODY });
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toMatch(/^MissingAuthenticationTokenException:/);
    expect(upstream.journal.entries()).toEqual([]);
  });

  it('an encoded ../ endpoint name is a ValidationError and no file is created outside the cassette folder', async () => {
    const client = createClient({ sdk, url: recorder.url, credentials: KEY });
    await expect(client.send(new sdk.InvokeEndpointCommand({ EndpointName: '../../x/dir', ContentType: 'application/json', Body: LMI_BODY }))).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/at 'endpointName' failed to satisfy constraint/) });
    client.destroy();
    const raw = await rawRequest({ url: recorder.url, path: '/endpoints/..%2F..%2Fx%2Fdir/invocations', headers: JSON_HEADERS, body: LMI_BODY });
    expect(raw.status).toBe(403); // unsigned: refused before the name even matters
    expect(await readdir(root)).toEqual(['a']);
    expect(await readdir(dir)).toEqual([]);
    expect(upstream.journal.entries()).toEqual([]);
  });

  it('a body over 6 MiB is refused at the limit and never forwarded', async () => {
    const client = createClient({ sdk, url: recorder.url, credentials: KEY });
    await expect(client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-lmi', ContentType: 'application/json', Body: new Uint8Array(6 * 1024 * 1024 + 1) }))).rejects.toMatchObject({ name: 'ValidationError' });
    client.destroy();
    expect(upstream.journal.entries()).toEqual([]);
  });

  it('a signed, valid request is proxied and recorded inside the folder (the control case)', async () => {
    const client = createClient({ sdk, url: recorder.url, credentials: KEY });
    const output = await client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-lmi', ContentType: 'application/json', Body: LMI_BODY }));
    client.destroy();
    expect(output.ContentType).toBe('application/jsonlines');
    expect(upstream.journal.entries()).toHaveLength(1);
    await recorder.journal.waitFor((entry) => entry.endpoint === 'mock-lmi' && entry.status === 200);
    expect(await readdir(dir)).toEqual(['mock-lmi']);
    expect(await readdir(root)).toEqual(['a']);
  });
});

function cassette(overrides: Partial<Cassette> & { endpoint: string }): Cassette {
  return {
    version: 1,
    recordedAt: '2026-01-01T00:00:00.000Z',
    operation: 'InvokeEndpointWithResponseStream',
    request: { bodySha256: '0'.repeat(64), body: '{}', bodyEncoding: 'utf8' },
    response: { status: 200, headers: { 'X-Amzn-SageMaker-Content-Type': 'application/jsonlines' } },
    parts: [{ atMs: 0, bytes: Buffer.from('{"token":{"text":"hi"}}\n').toString('base64') }],
    end: { type: 'completed', atMs: 1 },
    ...overrides,
  };
}

describe('replay: cassettes are validated on load, capped, and a bad one fails only its request', () => {
  let root: string;
  let dir: string;
  let replay: MockServer;
  const lines: string[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sagestream-replay-guard-'));
    dir = join(root, 'cassettes');
    const files: Record<string, unknown> = {
      good: cassette({ endpoint: 'good' }),
      'bad-error-body': cassette({ endpoint: 'bad-error-body', response: { status: 424, headers: { 'x-amzn-ErrorType': 'ModelError' }, body: Buffer.from('<html>not json').toString('base64') } }),
      'bad-part': { ...cassette({ endpoint: 'bad-part' }), parts: [{ atMs: 0, bytes: 42 }] },
      'bad-header': cassette({ endpoint: 'bad-header', response: { status: 200, headers: { 'X-Evil': 'a\r\nSet-Cookie: x=1' } } }),
      'not-json': '{"version": 1, "parts": [',
      huge: cassette({ endpoint: 'huge', parts: [{ atMs: 0, bytes: Buffer.alloc(6000).toString('base64') }] }),
    };
    for (const [endpoint, content] of Object.entries(files)) {
      await mkdir(join(dir, endpoint), { recursive: true });
      await writeFile(join(dir, endpoint, 'stream-0000000000000000.json'), typeof content === 'string' ? content : JSON.stringify(content));
    }
    // A file next to the cassette folder that a ../ name would reach.
    await mkdir(join(root, 'outside'), { recursive: true });
    await writeFile(join(root, 'outside', 'stream-0000000000000000.json'), JSON.stringify(cassette({ endpoint: 'outside' })));
    replay = await startServer({ config: { latencyScale: 0, replay: { dir, maxCassetteBytes: 4096 } }, log: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await replay?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function stream(endpoint: string): Promise<RawResponse> {
    return rawRequest({ url: replay.url, path: `/endpoints/${endpoint}/invocations-response-stream`, headers: JSON_HEADERS, body: '{"x":1}' });
  }

  it.each([
    ['bad-error-body', /bad-error-body\/stream-0000000000000000\.json at response\.body: expected the base64 of a JSON object/],
    ['bad-part', /at parts\[0\]\.bytes: expected a base64 string/],
    ['bad-header', /at response\.headers\.X-Evil: expected a header value .* without CR, LF/],
    ['not-json', /is not JSON/],
    ['huge', /is \d+ bytes, over the 4096-byte limit \(replay\.maxCassetteBytes/],
  ])('%s → InternalFailure naming the problem; the server keeps serving', async (endpoint, message) => {
    const response = await stream(endpoint);
    expect(response.status).toBe(500);
    expect(response.headers['x-amzn-errortype']).toMatch(/^InternalFailure:/);
    expect(String(json(response).Message)).toMatch(message);
    expect(response.headers['set-cookie']).toBeUndefined();
    const good = await stream('good');
    expect(good.status).toBe(200);
    expect(good.headers['x-amzn-sagemaker-content-type']).toBe('application/jsonlines');
  });

  it('never reads outside the folder: an encoded ../ name is a ValidationError', async () => {
    const response = await stream('..%2Foutside');
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toMatch(/^ValidationError:/);
    expect(String(json(response).Message)).toMatch(/at 'endpointName' failed to satisfy constraint/);
  });
});

describe('request limits', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startServer({ config: fastConfig() });
  });
  afterAll(() => mock.close());

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])('the endpoint name %s is an unknown endpoint (ValidationError), not a 500', async (name) => {
    const response = await rawRequest({ url: mock.url, path: INVOKE(name), headers: JSON_HEADERS, body: LMI_BODY });
    expect(response.status).toBe(400);
    expect(json(response)).toEqual({ ErrorCode: 'VALIDATION_ERROR', Message: `Endpoint ${name} of account 123456789012 not found.` });
  });

  it('mock-stream-timeout-ms above 2^31−1 is a ValidationError naming the range (no 1 ms timer loop)', async () => {
    const response = await rawRequest({ url: mock.url, path: INVOKE('mock-lmi'), headers: { ...JSON_HEADERS, 'X-Amzn-SageMaker-Custom-Attributes': 'mock-stream-timeout-ms=4294967296' }, body: LMI_BODY });
    expect(response.status).toBe(400);
    expect(String(json(response).Message)).toMatch(/expected a number of milliseconds from 0 to 2147483647\.$/);
  });

  it('a huge stop list is refused as the container would (TGI max_stop_sequences, LMI capped)', async () => {
    const stop = Array.from({ length: 100_000 }, (_, index) => `s${index}`);
    const tgi = await rawRequest({ url: mock.url, path: INVOKE('mock-tgi'), headers: JSON_HEADERS, body: JSON.stringify({ inputs: 'hi', parameters: { stop } }) });
    expect(tgi.status).toBe(424);
    expect(String(json(tgi).OriginalMessage)).toMatch(/`stop` supports up to 4 stop sequences\. Given: 100000/);
    const lmi = await rawRequest({ url: mock.url, path: INVOKE('mock-lmi'), headers: JSON_HEADERS, body: JSON.stringify({ inputs: 'hi', parameters: { stop } }) });
    expect(lmi.status).toBe(424);
    expect(String(json(lmi).OriginalMessage)).toMatch(/stop supports up to 64 sequences \(model\.maxStopSequences\), got 100000/);
  });

  it('a Content-Length over 6 MiB is answered before the body is sent', async () => {
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${mock.url}${INVOKE('mock-lmi')}`, { method: 'POST', headers: { ...JSON_HEADERS, 'Content-Length': String(7 * 1024 * 1024) }, agent: false }, (incoming) => {
        let body = '';
        incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.write('{"inputs":'); // and nothing more
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/Member must have length less than or equal to 6291456/);
  });

  it('a chunked upload is answered at the limit and cut off, not drained to its end', async () => {
    const chunk = Buffer.alloc(1024 * 1024);
    const outcome = await new Promise<{ status: number; sentWhenAnswered: number; sentTotal: number }>((resolve) => {
      let sent = 0;
      let status = 0;
      let sentWhenAnswered = -1;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        resolve({ status, sentWhenAnswered, sentTotal: sent });
      };
      const request = httpRequest(`${mock.url}${INVOKE('mock-lmi')}`, { method: 'POST', headers: JSON_HEADERS, agent: false }, (incoming) => {
        status = incoming.statusCode ?? 0;
        sentWhenAnswered = sent;
        incoming.resume();
      });
      request.on('error', finish);
      request.on('close', finish);
      // Up to 1 GiB: a server that drains would take all of it.
      const pump = (): void => {
        while (!done && sent < 1024 * chunk.length) {
          sent += chunk.length;
          if (!request.write(chunk)) {
            request.once('drain', pump);
            return;
          }
        }
        request.end();
      };
      pump();
    });
    expect(outcome.status).toBe(400);
    expect(outcome.sentWhenAnswered).toBeGreaterThan(0);
    // The limit (6 MiB), the lingering close (8 MiB) and the socket buffers: far from 1 GiB.
    expect(outcome.sentTotal).toBeLessThan(128 * 1024 * 1024);
  });
});

describe('every number in the config is bounded, with the range in the error', () => {
  it.each([
    [{ endpoints: { e: { profile: 'tgi', timeouts: { streamMs: 3e9 } } } }, /at endpoints\.e\.timeouts\.streamMs: expected a number from 0 to 2147483647, got 3000000000/],
    [{ latencyScale: 1e6 }, /at latencyScale: expected a number from 0 to 1000/],
    [{ server: { headersTimeoutMs: 2 ** 31 } }, /at server\.headersTimeoutMs: expected a number from 0 to 2147483647/],
    [{ journal: { maxEntries: 1e9 } }, /at journal\.maxEntries: expected an integer from 0 to 1000000/],
    [{ endpoints: { e: { profile: 'lmi', latency: { interToken: 1e9 } } } }, /at endpoints\.e\.latency\.interToken: expected a number from 0 to 600000/],
    [{ endpoints: { e: { profile: 'lmi', model: { maxStopSequences: 1e6 } } } }, /maxStopSequences: expected an integer from 0 to 1024/],
    [{ server: { allowedHosts: ['http://x/'] } }, /at server\.allowedHosts\[0\]: expected a host name, an IP address or \.domain/],
    [{ replay: { dir: 'x', maxCassetteBytes: 2 ** 40 } }, /at replay\.maxCassetteBytes: expected an integer from 1024 to 1073741824/],
  ])('%j', (input, message) => {
    expect(() => normalizeConfig(input as never)).toThrow(message);
  });

  it('a config endpoint named constructor gets its own settings, not Object.prototype\'s', () => {
    expect(() => normalizeConfig({ endpoints: { constructor: {} } })).toThrow(/at endpoints\.constructor\.profile: expected one of/);
    const { endpoints } = normalizeConfig({ endpoints: JSON.parse('{"toString": {"profile": "tgi"}}') as Record<string, { profile: 'tgi' }> });
    expect(Object.getOwnPropertyDescriptor(endpoints, 'toString')?.value).toMatchObject({ name: 'toString', profile: 'tgi' });
  });
});

describe('SigV4 scope checks, with the service\'s error shapes', () => {
  const KEY = { accessKeyId: 'AKIDSCOPE', secretAccessKey: 'scope-secret' };
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startServer({ config: fastConfig({ auth: { mode: 'sigv4', credentials: [KEY] } }) });
  });
  afterAll(() => mock.close());

  /** Signs by hand, choosing which headers are signed, then sends with Node's client. */
  async function signedRequest(options: { region?: string; signHost?: boolean; extraSigned?: Record<string, string>; sendExtra?: boolean }): Promise<RawResponse> {
    const { port } = mock;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.signHost === false ? {} : { host: `127.0.0.1:${port}` }), ...options.extraSigned };
    const signer = new SignatureV4({ credentials: KEY, region: options.region ?? 'us-east-1', service: 'sagemaker', sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: INVOKE('mock-lmi'), headers, body: LMI_BODY });
    const sent = { ...(signed.headers as Record<string, string>) };
    delete sent.host;
    if (options.sendExtra === false) for (const name of Object.keys(options.extraSigned ?? {})) delete sent[name];
    return rawRequest({ url: mock.url, path: INVOKE('mock-lmi'), headers: sent, body: LMI_BODY });
  }

  it('signs correctly by hand (the control case)', async () => {
    expect((await signedRequest({})).status).toBe(200);
  });

  it('a credential scoped to another region → 403 InvalidSignatureException', async () => {
    const response = await signedRequest({ region: 'eu-west-1' });
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toMatch(/^InvalidSignatureException:/);
    expect(json(response)).toEqual({ message: "Credential should be scoped to a valid region, not 'eu-west-1'. " });
    const client = new sdk.SageMakerRuntimeClient({ endpoint: mock.url, region: 'eu-west-1', credentials: KEY, maxAttempts: 1 });
    await expect(client.send(new sdk.InvokeEndpointCommand({ EndpointName: 'mock-lmi', ContentType: 'application/json', Body: LMI_BODY }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    client.destroy();
  });

  it('SignedHeaders without host → 400 IncompleteSignatureException', async () => {
    const response = await signedRequest({ signHost: false });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toMatch(/^IncompleteSignatureException:/);
    expect(json(response)).toEqual({ message: "'Host' must be a 'SignedHeader' in the AWS Authorization." });
  });

  it('a header named in SignedHeaders but absent → 400 IncompleteSignatureException', async () => {
    const response = await signedRequest({ extraSigned: { 'x-amzn-sagemaker-target-variant': 'AllTraffic' }, sendExtra: false });
    expect(response.status).toBe(400);
    expect(json(response)).toEqual({ message: "'x-amzn-sagemaker-target-variant' is named as a SignedHeader, but it does not exist in the HTTP request." });
  });
});

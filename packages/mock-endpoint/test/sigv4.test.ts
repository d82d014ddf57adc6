import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { fastConfig } from './helpers/profiles.js';
import { PYTHON_REQUIRED, boto3Availability, requireBoto3, runPythonCode } from './helpers/python.js';
import { rawRequest } from './helpers/raw-http.js';
import { SDKS, createClient } from './helpers/sdk-clients.js';

const KEY = { accessKeyId: 'AKIDMOCKEXAMPLE', secretAccessKey: 'mock-secret-key' };
const SESSION = { accessKeyId: 'ASIAMOCKEXAMPLE', secretAccessKey: 'session-secret', sessionToken: 'session-token-value' };
const EXPIRED = { accessKeyId: 'ASIAEXPIREDEXAMPLE', secretAccessKey: 'expired-secret', sessionToken: 'old-token' };

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({
    config: fastConfig({ auth: { mode: 'sigv4', credentials: [KEY, SESSION, { ...EXPIRED, expiresAt: '2020-01-01T00:00:00Z' }] } }),
  });
});
afterAll(() => mock.close());

const BODY = JSON.stringify({ inputs: 'signed request', parameters: { max_new_tokens: 3 } });

describe.each(SDKS)('$name: SigV4 checked as SageMaker does', ({ sdk }) => {
  async function call(options: { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; systemClockOffset?: number }) {
    const client = createClient({ sdk, url: mock.url, ...options });
    try {
      const output = await client.send(new sdk.InvokeEndpointWithResponseStreamCommand({ EndpointName: 'mock-lmi', ContentType: 'application/json', Body: BODY }));
      let parts = 0;
      for await (const event of output.Body ?? []) if (event.PayloadPart) parts++;
      return { parts };
    } catch (error) {
      return { error: error as Error & { $metadata: { httpStatusCode: number } } };
    } finally {
      client.destroy();
    }
  }

  it('accepts a correctly signed request (static keys and session credentials)', async () => {
    expect(await call({ credentials: KEY })).toEqual({ parts: 3 });
    expect(await call({ credentials: SESSION })).toEqual({ parts: 3 });
  });

  it.each([
    { case: 'a wrong secret', credentials: { ...KEY, secretAccessKey: 'wrong' }, name: 'InvalidSignatureException', message: /^The request signature we calculated does not match the signature you provided\./ },
    { case: 'an unknown access key', credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }, name: 'UnrecognizedClientException', message: /^The security token included in the request is invalid\.$/ },
    { case: 'a wrong session token', credentials: { ...SESSION, sessionToken: 'forged' }, name: 'UnrecognizedClientException', message: /invalid/ },
    { case: 'an expired session token', credentials: EXPIRED, name: 'ExpiredTokenException', message: /^The security token included in the request is expired$/ },
  ])('rejects $case with 403 $name', async ({ credentials, name, message }) => {
    const { error } = await call({ credentials });
    expect(error?.name).toBe(name);
    expect(error?.message).toMatch(message);
    expect(error?.$metadata.httpStatusCode).toBe(403);
  });

  it('rejects a stale X-Amz-Date with "Signature expired"', async () => {
    const { error } = await call({ credentials: KEY, systemClockOffset: -10 * 60_000 });
    expect(error?.name).toBe('InvalidSignatureException');
    expect(error?.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });
});

describe('SigV4 without an SDK', () => {
  it('an unsigned request gets MissingAuthenticationTokenException; /ping and the journal stay open', async () => {
    const response = await rawRequest({ url: mock.url, path: '/endpoints/mock-lmi/invocations-response-stream', headers: { 'Content-Type': 'application/json' }, body: BODY });
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toMatch(/^MissingAuthenticationTokenException:/);
    expect((await rawRequest({ url: mock.url, path: '/ping', method: 'GET' })).status).toBe(200);
    expect((await rawRequest({ url: mock.url, path: '/_mock/requests', method: 'GET' })).status).toBe(200);
  });

  it('the journal never stores the Authorization header', () => {
    const entry = mock.journal.entries().find((candidate) => candidate.headers.authorization !== undefined)!;
    expect(entry.headers.authorization).toBe('[redacted]');
  });
});

const boto3 = boto3Availability();
describe.runIf(boto3.available || PYTHON_REQUIRED)(`botocore's signing style${boto3.available || PYTHON_REQUIRED ? '' : ` — SKIPPED: ${boto3.reason}`}`, () => {
  beforeAll(() => requireBoto3(boto3));
  const code = (secret: string) => `
import boto3, json
smr = boto3.client('sagemaker-runtime', region_name='us-east-1', aws_access_key_id='${KEY.accessKeyId}', aws_secret_access_key='${secret}')
try:
    r = smr.invoke_endpoint_with_response_stream(EndpointName='mock-lmi', Body=b'{"inputs": "x", "parameters": {"max_new_tokens": 2}}')
    print(json.dumps({"parts": sum(1 for e in r["Body"] if "PayloadPart" in e)}))
except Exception as e:
    print(json.dumps({"error": e.response["Error"]["Code"]}))
`;
  const env = () => ({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: mock.url, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });

  it('accepts boto3 signatures (no Content-Type, no x-amz-content-sha256) and rejects a wrong secret', async () => {
    expect(JSON.parse(await runPythonCode({ code: code(KEY.secretAccessKey), env: env() }))).toEqual({ parts: 2 });
    expect(JSON.parse(await runPythonCode({ code: code('wrong'), env: env() }))).toEqual({ error: 'InvalidSignatureException' });
  });
});

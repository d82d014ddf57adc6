import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { checkContainerOutput } from './helpers/container-formats.js';
import { fastConfig } from './helpers/profiles.js';
import { PYTHON_REQUIRED, boto3Availability, requireBoto3, runPython, runPythonCode } from './helpers/python.js';
import { SDKS, partsText, streamWithSdk } from './helpers/sdk-clients.js';

const boto3 = boto3Availability();
const SKIPPED = boto3.available || PYTHON_REQUIRED ? '' : ` — SKIPPED: ${boto3.reason}`;
if (!boto3.available && !PYTHON_REQUIRED) console.warn(`boto3 tests skipped: ${boto3.reason} (set SAGESTREAM_REQUIRE_E2E=1 to make this a failure)`);

const CLIENT = fileURLToPath(new URL('./__fixtures__/announcement_client.py', import.meta.url));
/** boto3 must find the mock by itself and sign with dummy keys; no real AWS config is read. */
const pythonEnv = (url: string) => ({
  AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: url,
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

describe.runIf(boto3.available || PYTHON_REQUIRED)(`boto3 and the announcement's own Python client${SKIPPED}`, () => {
  let mock: MockServer;
  beforeAll(async () => {
    requireBoto3(boto3);
    mock = await startServer({ config: fastConfig() });
  });
  afterAll(() => mock?.close());

  it.each(['token', 'random'])('LineIterator + json.loads streams mock-lmi-legacy (%s chunking)', async (chunking) => {
    // The same bytes as Python's json.dumps(body): the reply is seeded by the body.
    const body = '{"inputs": "what is life", "parameters": {"max_new_tokens": 400}}';
    const reference = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: 'mock-lmi-legacy', body });
    const expected = checkContainerOutput('lmi-legacy', partsText(reference.parts)).text;
    const output = await runPython({ script: CLIENT, args: ['mock-lmi-legacy', `mock-chunking=${chunking}`], env: pythonEnv(mock.url) });
    expect(JSON.parse(output)).toEqual({ text: expected, content_type: null });
    expect(expected.length).toBeGreaterThan(100);
    const entry = mock.journal.entries().at(-1)!;
    expect(entry.headers['content-type']).toBe('application/json');
    expect(entry.headers['user-agent']).toMatch(/Boto3|botocore/);
  });

  it('boto3 raises EventStreamError for a ModelStreamError (botocore drops ErrorCode)', async () => {
    const output = await runPython({ script: CLIENT, args: ['mock-lmi-legacy', 'mock-fault=model-stream-error;mock-fault-after=2'], env: pythonEnv(mock.url) });
    expect(JSON.parse(output)).toEqual({ error: 'EventStreamError', code: 'ModelStreamError', message: 'Your model primary did not complete sending the inference response in the allotted time.' });
  });

  it('boto3 sees pre-stream errors as ClientError with the modeled fields', async () => {
    const code = `
import boto3, json
smr = boto3.client('sagemaker-runtime', region_name='us-east-1')
try:
    smr.invoke_endpoint_with_response_stream(EndpointName='mock-lmi', Body=b'{"inputs": "x"}', CustomAttributes='mock-fault=model-error')
except smr.exceptions.ModelError as error:
    print(json.dumps({"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"], "original": error.response.get("OriginalStatusCode")}))
`;
    const output = await runPythonCode({ code, env: pythonEnv(mock.url) });
    expect(JSON.parse(output)).toEqual({ code: 'ModelError', status: 424, original: 500 });
    // boto3 sent no Content-Type at all, and the mock did not require one.
    expect(mock.journal.entries().at(-1)!.headers['content-type']).toBeUndefined();
  });
});

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNKING_MODES, startServer, type MockServer } from '../src/index.js';
import { CURRENT_CASES, currentConfig } from './helpers/current-cases.js';
import { checkCurrentOutput } from './helpers/current-formats.js';
import { PYTHON_REQUIRED, boto3Availability, requireBoto3, runPython, runPythonCode } from './helpers/python.js';
import { SDKS, concatParts, streamWithSdk } from './helpers/sdk-clients.js';

const boto3 = boto3Availability();
const SKIPPED = boto3.available || PYTHON_REQUIRED ? '' : ` — SKIPPED: ${boto3.reason}`;
if (!boto3.available && !PYTHON_REQUIRED) console.warn(`boto3 tests skipped: ${boto3.reason} (set SAGESTREAM_REQUIRE_E2E=1 to make this a failure)`);

const CLIENT = fileURLToPath(new URL('./__fixtures__/current_client.py', import.meta.url));
const pythonEnv = (url: string) => ({
  AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: url,
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

interface PythonResult {
  content_type?: string;
  variant?: string;
  parts?: number;
  bytes?: string;
  styles?: string[];
  stream_error?: string;
  error?: { code: string; message: string; status: number; error_code?: string };
}

describe.runIf(boto3.available || PYTHON_REQUIRED)(`boto3 and the current containers${SKIPPED}`, () => {
  let mock: MockServer;
  beforeAll(async () => {
    requireBoto3(boto3);
    mock = await startServer({ config: currentConfig({ endpoints: { 'short-ttl': { profile: 'vllm', sessions: { ttlSeconds: 0.3 } } } }) });
  });
  afterAll(() => mock?.close());

  async function runCases(cases: Record<string, unknown>[]): Promise<PythonResult[]> {
    return JSON.parse(await runPython({ script: CLIENT, env: pythonEnv(mock.url), input: JSON.stringify({ cases }) })) as PythonResult[];
  }

  it('every profile × chunking mode × the in-band failure: the same bytes as the JS SDK, each record as Python’s json writes it', async () => {
    const plan = CURRENT_CASES.flatMap((profile) =>
      [...CHUNKING_MODES.map((mode) => ({ profile, attributes: `mock-chunking=${mode}` })), ...CHUNKING_MODES.map((mode) => ({ profile, attributes: `mock-chunking=${mode};mock-fault=container-error;mock-fault-after=4` }))].filter(
        ({ profile, attributes }) => !(profile.name.includes('tool') && attributes.includes('fault')),
      ),
    );
    const results = await runCases(plan.map(({ profile, attributes }) => ({ endpoint: profile.endpoint, body: JSON.stringify(profile.body), CustomAttributes: attributes })));
    expect(results).toHaveLength(plan.length);
    for (const [index, { profile, attributes }] of plan.entries()) {
      const result = results[index]!;
      const what = `${profile.name} ${attributes}`;
      expect(result.error, what).toBeUndefined();
      expect(result.stream_error, what).toBeUndefined();
      expect(result.content_type, what).toBe(profile.contentType);
      expect(result.variant, what).toBe('AllTraffic');
      const bytes = Buffer.from(result.bytes!, 'base64');
      const reference = await streamWithSdk({ sdk: SDKS[0].sdk, url: mock.url, endpoint: profile.endpoint, body: JSON.stringify(profile.body), customAttributes: attributes });
      expect(bytes.equals(Buffer.from(concatParts(reference.parts))), what).toBe(true);
      const checked = checkCurrentOutput(profile.format, bytes.toString('utf8'));
      if (attributes.includes('fault')) expect(checked.failure, what).toBe(profile.endpoint === 'mock-lmi-async' ? 'finish-error' : 'error-event');
      // Python's json: pydantic/msgspec chunks are compact; LMI's TGI-style lines and error events are json.dumps.
      const expected = checked.records
        .map((record) => record.replace(/^data: /, '').replace(/\n+$/, ''))
        .filter((payload) => payload !== '' && payload !== '[DONE]')
        .map((payload) => (profile.format === 'lmi-async-tgi' || payload.startsWith('{"error"') ? 's' : 'c'));
      expect(result.styles, what).toEqual(expected);
    }
  });

  it('sessions: boto3 reads NewSessionId / ClosedSessionId and gets the real error types', async () => {
    const code = `
import boto3, json, time
smr = boto3.client('sagemaker-runtime', region_name='us-east-1')
out = {}
opened = smr.invoke_endpoint(EndpointName='mock-lmi-async', ContentType='application/json', SessionId='NEW_SESSION', Body=json.dumps({"requestType": "NEW_SESSION"}))
sid = opened['NewSessionId'].split(';')[0]
out['new'] = opened['NewSessionId']
out['body'] = opened['Body'].read().decode()
stream = smr.invoke_endpoint_with_response_stream(EndpointName='mock-lmi-async', ContentType='application/json', SessionId=sid, Body=json.dumps({"inputs": "hi", "parameters": {"max_new_tokens": 3}, "stream": True}))
out['streamed'] = b''.join(e['PayloadPart']['Bytes'] for e in stream['Body'] if 'PayloadPart' in e).decode()
closed = smr.invoke_endpoint(EndpointName='mock-lmi-async', ContentType='application/json', SessionId=sid, Body=json.dumps({"requestType": "CLOSE"}))
out['closed'] = closed['ClosedSessionId']
def error(call):
    try:
        call()
    except smr.exceptions.ValidationError as e:
        return ['ValidationError', e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
out['closed_use'] = error(lambda: smr.invoke_endpoint_with_response_stream(EndpointName='mock-lmi-async', ContentType='application/json', SessionId=sid, Body=b'{}'))
out['unknown'] = error(lambda: smr.invoke_endpoint(EndpointName='mock-lmi-async', ContentType='application/json', SessionId='abc-123', Body=b'{}'))
out['new_on_stream'] = error(lambda: smr.invoke_endpoint_with_response_stream(EndpointName='mock-lmi-async', ContentType='application/json', SessionId='NEW_SESSION', Body=b'{}'))
short = smr.invoke_endpoint(EndpointName='short-ttl', ContentType='application/json', SessionId='NEW_SESSION', Body=json.dumps({"requestType": "NEW_SESSION"}))
time.sleep(0.4)
out['expired'] = error(lambda: smr.invoke_endpoint(EndpointName='short-ttl', ContentType='application/json', SessionId=short['NewSessionId'].split(';')[0], Body=b'{}'))
print(json.dumps(out))
`;
    const out = JSON.parse(await runPythonCode({ code, env: pythonEnv(mock.url) })) as Record<string, unknown>;
    const id = String(out.new).split(';')[0]!;
    expect(out.new).toMatch(/^[0-9a-f-]{36}; Expires=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(out.body).toBe(`{"result": "Session ${id} created"}\n`);
    expect(checkCurrentOutput('lmi-async-tgi', String(out.streamed)).tokenRecords).toBe(3);
    expect(out.closed).toBe(id);
    expect(out.closed_use).toEqual(['ValidationError', expect.stringMatching(/is closed/), 400]);
    expect(out.unknown).toEqual(['ValidationError', expect.stringMatching(/was not found/), 400]);
    expect(out.new_on_stream).toEqual(['ValidationError', expect.stringMatching(/Value 'NEW_SESSION' at 'sessionId' failed to satisfy constraint/), 400]);
    expect(out.expired).toEqual(['ValidationError', expect.stringMatching(/has expired/), 400]);
  });

  it('inference components and variants: boto3 routes with InferenceComponentName / TargetVariant and sees the errors', async () => {
    const chat = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, stream: true });
    const results = await runCases([
      { endpoint: 'mock-ic', body: chat, InferenceComponentName: 'ic-llama' },
      { endpoint: 'mock-ic', body: chat, InferenceComponentName: 'ic-qwen' },
      { endpoint: 'mock-ic', body: chat },
      { endpoint: 'mock-ic', body: chat, InferenceComponentName: 'nope' },
      { endpoint: 'mock-ab', body: chat, TargetVariant: 'variant-green' },
      { endpoint: 'mock-ab', body: chat, TargetVariant: 'variant-red' },
    ]);
    expect(results[0]!.content_type).toBe('application/jsonlines');
    expect(results[1]!.content_type).toBe('text/event-stream; charset=utf-8');
    // botocore keeps only modeled members: the body's ErrorCode is not one of ValidationError's.
    expect(results[2]!.error).toEqual({ code: 'ValidationError', status: 400, message: expect.stringMatching(/^Inference Component Name header is required/), error_code: null });
    expect(results[3]!.error).toMatchObject({ code: 'ValidationError', status: 400, message: 'Inference Component nope of endpoint mock-ic of account 123456789012 not found.' });
    expect(results[4]!.variant).toBe('variant-green');
    expect(results[5]!.error).toMatchObject({ code: 'ValidationError', status: 400 });
  });
});

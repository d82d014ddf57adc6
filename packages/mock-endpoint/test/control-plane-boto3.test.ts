import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type MockServer } from '../src/index.js';
import { boto3Availability, runPythonCode } from './helpers/python.js';

// boto3's `sagemaker` client (botocore's JSON 1.1 parser and its own paginators) against the mock's
// control plane, with SigV4 checking on: the second official SDK must accept every answer too.
const boto3 = boto3Availability();
const SKIPPED = boto3.available ? '' : ` — SKIPPED: ${boto3.reason}`;
if (!boto3.available) console.warn(`boto3 control-plane tests skipped: ${boto3.reason}`);

const KEYS = { accessKeyId: 'AKIDCONTROLPLANE', secretAccessKey: 'control-plane-secret' };
const pythonEnv = (url: string, secret = KEYS.secretAccessKey) => ({
  AWS_ENDPOINT_URL_SAGEMAKER: url,
  AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

const WALK = `
import boto3, json
from botocore.exceptions import ClientError
sm = boto3.client("sagemaker")
names = []
for page in sm.get_paginator("list_endpoints").paginate(StatusEquals="InService", PaginationConfig={"PageSize": 4}):
    names += [e["EndpointName"] for e in page["Endpoints"]]
endpoint = sm.describe_endpoint(EndpointName="mock-lmi-legacy")
config = sm.describe_endpoint_config(EndpointConfigName=endpoint["EndpointConfigName"])
model = sm.describe_model(ModelName=config["ProductionVariants"][0]["ModelName"])
try:
    sm.describe_endpoint(EndpointName="missing")
    error = None
except ClientError as e:
    error = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps({
    "names": sorted(names),
    "status": endpoint["EndpointStatus"],
    "created": type(endpoint["CreationTime"]).__name__,
    "variant": [config["ProductionVariants"][0]["InstanceType"], endpoint["ProductionVariants"][0]["CurrentInstanceCount"]],
    "image": model["PrimaryContainer"]["Image"],
    "environment": model["PrimaryContainer"]["Environment"],
    "error": error,
}))
`;

describe.skipIf(!boto3.available)(`boto3 against the mock's control plane${SKIPPED}`, () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startServer({ port: 0, config: { latencyScale: 0, auth: { mode: 'sigv4', credentials: [KEYS] } } });
  });
  afterAll(() => mock?.close());

  it('paginates ListEndpoints and walks DescribeEndpoint → DescribeEndpointConfig → DescribeModel, signed', async () => {
    const output = JSON.parse(await runPythonCode({ code: WALK, env: pythonEnv(mock.url) })) as Record<string, unknown>;
    expect(output).toEqual({
      names: ['mock-ab', 'mock-ic', 'mock-lmi', 'mock-lmi-async', 'mock-lmi-chat', 'mock-lmi-legacy', 'mock-lmi-sse', 'mock-messages', 'mock-sglang', 'mock-tgi', 'mock-vllm', 'mock-vllm-reasoning-legacy'],
      status: 'InService',
      created: 'datetime',
      variant: ['ml.g5.2xlarge', 1],
      image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118',
      environment: {},
      error: ['ValidationException', 'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/missing".', 400],
    });
    const targets = mock.journal.entries().map((entry) => entry.headers['x-amz-target']);
    expect(targets).toEqual([]); // the control plane keeps the runtime journal for invocations only
  });

  it('describes each inference component with its own container: ListInferenceComponents → DescribeInferenceComponent → DescribeModel', async () => {
    const code = `
import boto3, json
sm = boto3.client("sagemaker")
out = {}
for summary in sm.list_inference_components(EndpointNameEquals="mock-ic")["InferenceComponents"]:
    component = sm.describe_inference_component(InferenceComponentName=summary["InferenceComponentName"])
    container = sm.describe_model(ModelName=component["Specification"]["ModelName"])["PrimaryContainer"]
    out[component["InferenceComponentName"]] = {
        "variant": component["VariantName"],
        "copies": component["RuntimeConfig"]["CurrentCopyCount"],
        "accelerators": component["Specification"]["ComputeResourceRequirements"]["NumberOfAcceleratorDevicesRequired"],
        "image": container["Image"].split("/")[-1].split(":")[0],
        "model": container["Environment"].get("HF_MODEL_ID") or container["Environment"].get("SM_VLLM_MODEL"),
    }
print(json.dumps(out))
`;
    expect(JSON.parse(await runPythonCode({ code, env: pythonEnv(mock.url) }))).toEqual({
      'ic-llama': { variant: 'AllTraffic', copies: 2, accelerators: 1, image: 'djl-inference', model: 'meta-llama/Llama-3.1-8B-Instruct' },
      'ic-qwen': { variant: 'AllTraffic', copies: 1, accelerators: 2, image: 'vllm', model: 'Qwen/Qwen3-8B' },
    });
  });

  it('a wrong signature is refused, as by the real service', async () => {
    const code = `
import boto3, json
from botocore.exceptions import ClientError
try:
    boto3.client("sagemaker").list_endpoints()
    print(json.dumps(None))
except ClientError as e:
    print(json.dumps([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]))
`;
    expect(JSON.parse(await runPythonCode({ code, env: pythonEnv(mock.url, 'wrong-secret') }))).toEqual(['InvalidSignatureException', 403]);
  });
});

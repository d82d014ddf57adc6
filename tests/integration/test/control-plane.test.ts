import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
  paginateListEndpoints,
} from '@aws-sdk/client-sagemaker';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The official @aws-sdk/client-sagemaker (AWS JSON 1.1) against the mock's control plane, which
// shares the runtime's port. Every answer must deserialize into the SDK's shapes.
let mock: MockServer;
let client: SageMakerClient;

const DEFAULT_NAMES = ['mock-lmi', 'mock-lmi-legacy', 'mock-tgi', 'mock-messages', 'mock-lmi-sse', 'mock-lmi-chat'];

beforeAll(async () => {
  mock = await startServer({
    port: 0,
    config: {
      latencyScale: 0,
      endpoints: {
        'creating-llm': { profile: 'tgi', controlPlane: { status: 'Creating' } },
        'broken-llm': { profile: 'lmi', controlPlane: { status: 'Failed', failureReason: 'CUDA out of memory while loading the model.' } },
        'updating-llm': { profile: 'tgi', controlPlane: { status: 'Updating', instanceType: 'ml.g6.12xlarge', instanceCount: 2 } },
        'custom-llm': { profile: 'tgi', controlPlane: { image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/my-llm:1.2', environment: { MODEL_ID: 'my-org/my-model', HF_MODEL_ID: null } } },
      },
    },
  });
  client = new SageMakerClient({ region: 'us-east-1', endpoint: mock.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await mock.close();
});

describe('ListEndpoints', () => {
  it('lists every mock endpoint with its status, ARN and dates, newest first', async () => {
    const output = await client.send(new ListEndpointsCommand({ MaxResults: 100 }));
    const names = output.Endpoints!.map((endpoint) => endpoint.EndpointName);
    expect(names).toEqual(expect.arrayContaining([...DEFAULT_NAMES, 'creating-llm', 'broken-llm']));
    expect(output.NextToken).toBeUndefined();
    const first = output.Endpoints!.find((endpoint) => endpoint.EndpointName === 'mock-lmi')!;
    expect(first.EndpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/mock-lmi');
    expect(first.EndpointStatus).toBe('InService');
    expect(first.CreationTime).toBeInstanceOf(Date);
    expect(first.LastModifiedTime!.getTime()).toBeGreaterThan(first.CreationTime!.getTime());
    const times = output.Endpoints!.map((endpoint) => endpoint.CreationTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by StatusEquals and NameContains', async () => {
    const inService = await client.send(new ListEndpointsCommand({ StatusEquals: 'InService', MaxResults: 100 }));
    expect(inService.Endpoints!.map((endpoint) => endpoint.EndpointName)).not.toContain('creating-llm');
    expect(inService.Endpoints!.every((endpoint) => endpoint.EndpointStatus === 'InService')).toBe(true);
    const failed = await client.send(new ListEndpointsCommand({ StatusEquals: 'Failed' }));
    expect(failed.Endpoints!.map((endpoint) => endpoint.EndpointName)).toEqual(['broken-llm']);
    const lmi = await client.send(new ListEndpointsCommand({ NameContains: 'LMI', SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(lmi.Endpoints!.map((endpoint) => endpoint.EndpointName)).toEqual(['mock-lmi', 'mock-lmi-async', 'mock-lmi-chat', 'mock-lmi-legacy', 'mock-lmi-sse']);
  });

  it('pages with MaxResults and NextToken, and the SDK paginator walks every page', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const output = await client.send(new ListEndpointsCommand({ MaxResults: 3, SortBy: 'Name', ...(token ? { NextToken: token } : {}) }));
      expect(output.Endpoints!.length).toBeLessThanOrEqual(3);
      seen.push(...output.Endpoints!.map((endpoint) => endpoint.EndpointName!));
      token = output.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(6); // 16 endpoints (the 12 defaults and 4 of this file), 3 per page
    expect(new Set(seen).size).toBe(16);
    const viaPaginator: string[] = [];
    for await (const page of paginateListEndpoints({ client, pageSize: 4 }, {})) viaPaginator.push(...page.Endpoints!.map((endpoint) => endpoint.EndpointName!));
    expect(viaPaginator.sort()).toEqual([...seen].sort());
  });

  it('rejects a token it did not issue and a page size out of range with ValidationException', async () => {
    await expect(client.send(new ListEndpointsCommand({ NextToken: 'bm90LWEtdG9rZW4=' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'Invalid pagination token.', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new ListEndpointsCommand({ MaxResults: 0 }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("Value '0' at 'maxResults'") });
    await expect(client.send(new ListEndpointsCommand({ MaxResults: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('DescribeEndpoint → DescribeEndpointConfig → DescribeModel', () => {
  it('walks from the announcement endpoint to its LMI 0.23 image, configured by serving.properties', async () => {
    const endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: 'mock-lmi-legacy' }));
    expect(endpoint).toMatchObject({ EndpointName: 'mock-lmi-legacy', EndpointConfigName: 'mock-lmi-legacy-config', EndpointStatus: 'InService' });
    expect(endpoint.ProductionVariants).toEqual([
      expect.objectContaining({ VariantName: 'AllTraffic', CurrentInstanceCount: 1, CurrentWeight: 1, DeployedImages: [expect.objectContaining({ SpecifiedImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118', ResolutionTime: expect.any(Date) })] }),
    ]);
    const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }));
    expect(config.ProductionVariants).toEqual([expect.objectContaining({ VariantName: 'AllTraffic', ModelName: 'mock-lmi-legacy-model', InstanceType: 'ml.g5.2xlarge', InitialInstanceCount: 1, InitialVariantWeight: 1 })]);
    const model = await client.send(new DescribeModelCommand({ ModelName: config.ProductionVariants![0]!.ModelName }));
    expect(model.PrimaryContainer).toMatchObject({ Image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118', Mode: 'SingleModel', Environment: {} });
    expect(model.PrimaryContainer!.ModelDataUrl).toMatch(/^s3:\/\/sagemaker-us-east-1-123456789012\/.*\.tar\.gz$/);
    expect(model.ModelArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:model/mock-lmi-legacy-model');
  });

  it('shows each profile as its real container: image family and the variables it reads', async () => {
    const modelOf = async (name: string) => client.send(new DescribeModelCommand({ ModelName: `${name}-model` }));
    const tgi = await modelOf('mock-tgi');
    expect(tgi.PrimaryContainer!.Image).toMatch(/\/huggingface-pytorch-tgi-inference:[\d.]+-tgi[\d.]+-gpu-/);
    expect(tgi.PrimaryContainer!.Environment).toMatchObject({ HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct', SM_NUM_GPUS: '1', MAX_TOTAL_TOKENS: '4096' });
    expect((await modelOf('mock-messages')).PrimaryContainer!.Environment).toMatchObject({ MESSAGES_API_ENABLED: 'true' });
    expect((await modelOf('mock-lmi')).PrimaryContainer).toMatchObject({ Image: expect.stringMatching(/\/djl-inference:0\.\d+\.\d+-lmi/), Environment: expect.objectContaining({ OPTION_ROLLING_BATCH: 'lmi-dist', OPTION_OUTPUT_FORMATTER: 'jsonlines' }) });
    expect((await modelOf('mock-lmi-sse')).PrimaryContainer!.Environment).toMatchObject({ OPTION_OUTPUT_FORMATTER: 'sse' });
    const chat = (await modelOf('mock-lmi-chat')).PrimaryContainer!.Environment!;
    expect(chat.OPTION_ROLLING_BATCH).toBe('vllm');
    expect(chat).not.toHaveProperty('OPTION_OUTPUT_FORMATTER');
    const custom = await modelOf('custom-llm');
    expect(custom.PrimaryContainer).toMatchObject({ Image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/my-llm:1.2' });
    expect(custom.PrimaryContainer!.Environment).toMatchObject({ MODEL_ID: 'my-org/my-model' });
    expect(custom.PrimaryContainer!.Environment).not.toHaveProperty('HF_MODEL_ID');
  });

  it('reports configured instance type and count, and Failed endpoints with their reason and no variants', async () => {
    const updating = await client.send(new DescribeEndpointCommand({ EndpointName: 'updating-llm' }));
    expect(updating.EndpointStatus).toBe('Updating');
    expect(updating.ProductionVariants![0]).toMatchObject({ CurrentInstanceCount: 2, DesiredInstanceCount: 2 });
    const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'updating-llm-config' }));
    expect(config.ProductionVariants![0]).toMatchObject({ InstanceType: 'ml.g6.12xlarge', InitialInstanceCount: 2 });
    const failed = await client.send(new DescribeEndpointCommand({ EndpointName: 'broken-llm' }));
    expect(failed).toMatchObject({ EndpointStatus: 'Failed', FailureReason: 'CUDA out of memory while loading the model.' });
    expect(failed.ProductionVariants).toBeUndefined();
  });

  it('answers unknown names with the service\'s ValidationException shapes', async () => {
    await expect(client.send(new DescribeEndpointCommand({ EndpointName: 'no-such-endpoint' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/no-such-endpoint".',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    await expect(client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'nope' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Could not find endpoint configuration') });
    await expect(client.send(new DescribeModelCommand({ ModelName: 'nope' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/nope"') });
    await expect(client.send(new DescribeEndpointCommand({ EndpointName: 'bad_name' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("at 'endpointName' failed to satisfy constraint") });
  });
});

describe('runtime answers for endpoints that are not in service', () => {
  it('a Creating or Failed endpoint is not routable (ValidationError), an Updating one still serves', async () => {
    const invoke = (name: string) =>
      fetch(`${mock.url}/endpoints/${name}/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: 'Hi', parameters: { max_new_tokens: 4 } }) });
    for (const name of ['creating-llm', 'broken-llm']) {
      const response = await invoke(name);
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toMatch(/^ValidationError/);
      expect(await response.json()).toMatchObject({ Message: `Endpoint ${name} of account 123456789012 not found.` });
    }
    expect((await invoke('updating-llm')).status).toBe(200);
  });
});

describe('inference components', () => {
  let withComponents: MockServer;
  let componentClient: SageMakerClient;
  beforeAll(async () => {
    withComponents = await startServer({
      port: 0,
      config: {
        latencyScale: 0,
        defaultEndpoints: false,
        endpoints: {
          'shared-gpu': {
            profile: 'tgi',
            inferenceComponents: [
              { name: 'llama-ic', profile: 'tgi', model: { id: 'meta-llama/Llama-3.1-8B-Instruct' }, copyCount: 2 },
              { name: 'qwen-ic', profile: 'vllm', model: { id: 'Qwen/Qwen3-8B' } },
              { name: 'mistral-ic', profile: 'sglang', model: { id: 'mistralai/Mistral-7B-Instruct-v0.3' } },
            ],
          },
        },
      },
    });
    componentClient = new SageMakerClient({ region: 'us-east-1', endpoint: withComponents.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    componentClient.destroy();
    await withComponents.close();
  });

  it('ListInferenceComponents filters by endpoint and pages', async () => {
    const first = await componentClient.send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'shared-gpu', MaxResults: 2, SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(first.InferenceComponents!.map((component) => component.InferenceComponentName)).toEqual(['llama-ic', 'mistral-ic']);
    expect(first.InferenceComponents![0]).toMatchObject({ EndpointName: 'shared-gpu', VariantName: 'AllTraffic', InferenceComponentStatus: 'InService', CreationTime: expect.any(Date) });
    const second = await componentClient.send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'shared-gpu', MaxResults: 2, SortBy: 'Name', SortOrder: 'Ascending', NextToken: first.NextToken! }));
    expect(second.InferenceComponents!.map((component) => component.InferenceComponentName)).toEqual(['qwen-ic']);
    expect(second.NextToken).toBeUndefined();
    const none = await componentClient.send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'other' }));
    expect(none.InferenceComponents).toEqual([]);
  });

  it('DescribeInferenceComponent → DescribeModel gives each component its own container', async () => {
    const component = await componentClient.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'qwen-ic' }));
    expect(component).toMatchObject({ EndpointName: 'shared-gpu', InferenceComponentStatus: 'InService', Specification: { ModelName: 'qwen-ic-model', ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: 1 } }, RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 } });
    const model = await componentClient.send(new DescribeModelCommand({ ModelName: component.Specification!.ModelName }));
    expect(model.PrimaryContainer).toMatchObject({ Image: expect.stringMatching(/\/vllm:[\d.]+-gpu-.*-sagemaker$/), Environment: expect.objectContaining({ SM_VLLM_MODEL: 'Qwen/Qwen3-8B' }) });
    const sglang = await componentClient.send(new DescribeModelCommand({ ModelName: 'mistral-ic-model' }));
    expect(sglang.PrimaryContainer!.Environment).toMatchObject({ SM_SGLANG_MODEL_PATH: 'mistralai/Mistral-7B-Instruct-v0.3' });
    // An endpoint config hosting components names no model per variant.
    const config = await componentClient.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'shared-gpu-config' }));
    expect(config.ProductionVariants![0]!.ModelName).toBeUndefined();
    expect(config.ExecutionRoleArn).toMatch(/^arn:aws:iam::/);
    await expect(componentClient.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'nope' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('protocol errors', () => {
  it('an unknown operation and a body that is not JSON get AWS JSON 1.1 errors', async () => {
    const post = (target: string, body: string) => fetch(`${mock.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target }, body });
    const unknown = await post('SageMaker.DeleteEndpoint', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const broken = await post('SageMaker.ListEndpoints', '{"MaxResults":');
    expect(await broken.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

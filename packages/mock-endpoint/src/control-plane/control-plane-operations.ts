import { createHash } from 'node:crypto';
import type { MockConfig } from '../config/mock-config.js';
import { ENDPOINT_STATUSES } from './control-plane-settings.js';
import { constraintViolation, validationException } from './control-plane-errors.js';
import { describeDeployments, type Deployment, type DeployedComponent } from './describe-deployment.js';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** ListEndpoints / ListInferenceComponents default page size (API reference). */
const DEFAULT_PAGE_SIZE = 10;
/** Largest page the APIs allow. */
const MAX_PAGE_SIZE = 100;
/** SageMaker's EndpointName / InferenceComponentName constraint. */
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const MAX_NAME_LENGTH = 63;
const INFERENCE_COMPONENT_STATUSES = ['InService', 'Creating', 'Updating', 'Failed', 'Deleting'];

/** `repository@sha256:…` as DescribeEndpoint reports the image it pulled; the digest is derived from the URI so it is stable. */
function resolvedImage(image: string): string {
  const colon = image.lastIndexOf(':');
  const repository = colon > image.lastIndexOf('/') ? image.slice(0, colon) : image;
  return `${repository}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/** Epoch seconds with milliseconds: how AWS JSON 1.1 writes timestamps. */
function epoch(date: Date): number {
  return date.getTime() / 1000;
}

function requireName(input: Input, key: string, member: string, maxLength = MAX_NAME_LENGTH): string {
  const value = input[key];
  if (value === undefined || value === null) throw constraintViolation('null', member, 'Member must not be null');
  if (typeof value !== 'string') throw validationException(`Start of structure or map found where not expected: ${key} must be a string.`);
  if (value.length > maxLength) throw constraintViolation(value, member, `Member must have length less than or equal to ${maxLength}`);
  if (!NAME_PATTERN.test(value)) throw constraintViolation(value, member, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$');
  return value;
}

function optionalString(input: Input, key: string, member: string, allowed?: readonly string[]): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationException(`${key} must be a string.`);
  if (allowed && !allowed.includes(value)) throw constraintViolation(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return value;
}

function optionalTime(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validationException(`${key} must be a timestamp (epoch seconds).`);
  return value;
}

/** Opaque page tokens: the offset and the query they belong to, so a token cannot jump queries. */
function encodeToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: query })).toString('base64');
}

function decodeToken(token: unknown, query: string): number {
  if (token === undefined || token === null) return 0;
  if (typeof token !== 'string' || token.length > 8192) throw constraintViolation(token, 'nextToken', 'Member must have length less than or equal to 8192');
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === query) return parsed.o;
  } catch {
    // falls through to the service's answer for a token it did not issue
  }
  throw validationException('Invalid pagination token.');
}

interface PageOptions<T> {
  items: T[];
  input: Input;
  /** The filters and sort of this query, for the token. */
  query: string;
}

function page<T>(options: PageOptions<T>): { items: T[]; nextToken?: string } {
  const { input } = options;
  const maxResults = input.MaxResults ?? DEFAULT_PAGE_SIZE;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults)) throw validationException('MaxResults must be an integer.');
  if (maxResults < 1) throw constraintViolation(maxResults, 'maxResults', 'Member must have value greater than or equal to 1');
  if (maxResults > MAX_PAGE_SIZE) throw constraintViolation(maxResults, 'maxResults', `Member must have value less than or equal to ${MAX_PAGE_SIZE}`);
  const offset = decodeToken(input.NextToken, options.query);
  const items = options.items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < options.items.length ? { items, nextToken: encodeToken(next, options.query) } : { items };
}

interface Listed {
  name: string;
  status: string;
  creationTime: Date;
  lastModifiedTime: Date;
}

/** Filters by name/status/time and sorts as the List* operations do (default CreationTime, Descending). */
function filterAndSort<T extends Listed>(items: T[], input: Input, statuses: readonly string[]): { items: T[]; query: string } {
  const nameContains = optionalString(input, 'NameContains', 'nameContains');
  const statusEquals = optionalString(input, 'StatusEquals', 'statusEquals', statuses);
  const sortBy = optionalString(input, 'SortBy', 'sortBy', ['Name', 'CreationTime', 'Status']) ?? 'CreationTime';
  const sortOrder = optionalString(input, 'SortOrder', 'sortOrder', ['Ascending', 'Descending']) ?? 'Descending';
  const before = optionalTime(input, 'CreationTimeBefore');
  const after = optionalTime(input, 'CreationTimeAfter');
  const modifiedBefore = optionalTime(input, 'LastModifiedTimeBefore');
  const modifiedAfter = optionalTime(input, 'LastModifiedTimeAfter');
  const needle = nameContains?.toLowerCase();
  const kept = items.filter(
    (item) =>
      (needle === undefined || item.name.toLowerCase().includes(needle)) &&
      (statusEquals === undefined || item.status === statusEquals) &&
      (before === undefined || epoch(item.creationTime) < before) &&
      (after === undefined || epoch(item.creationTime) > after) &&
      (modifiedBefore === undefined || epoch(item.lastModifiedTime) < modifiedBefore) &&
      (modifiedAfter === undefined || epoch(item.lastModifiedTime) > modifiedAfter),
  );
  const key = (item: T): string | number => (sortBy === 'Name' ? item.name : sortBy === 'Status' ? item.status : item.creationTime.getTime());
  kept.sort((a, b) => {
    const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.name.localeCompare(b.name);
    return sortOrder === 'Ascending' ? order : -order;
  });
  return { items: kept, query: JSON.stringify([nameContains, statusEquals, sortBy, sortOrder, before, after, modifiedBefore, modifiedAfter, input.EndpointNameEquals, input.VariantNameEquals]) };
}

function findDeployment(config: MockConfig, name: string): Deployment | undefined {
  return describeDeployments(config).find((deployment) => deployment.endpointName === name);
}

function arn(config: MockConfig, type: string, name: string): string {
  return `arn:aws:sagemaker:${config.region}:${config.accountId}:${type}/${name.toLowerCase()}`;
}

function listEndpoints(config: MockConfig, input: Input): Output {
  const deployments = describeDeployments(config).map((deployment) => ({ ...deployment, name: deployment.endpointName, status: deployment.status }));
  const { items, query } = filterAndSort(deployments, input, ENDPOINT_STATUSES);
  const result = page({ items, input, query });
  return {
    Endpoints: result.items.map((deployment) => ({
      EndpointName: deployment.endpointName,
      EndpointArn: deployment.endpointArn,
      CreationTime: epoch(deployment.creationTime),
      LastModifiedTime: epoch(deployment.lastModifiedTime),
      EndpointStatus: deployment.status,
    })),
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
  };
}

function describeEndpoint(config: MockConfig, input: Input): Output {
  const name = requireName(input, 'EndpointName', 'endpointName');
  const deployment = findDeployment(config, name);
  if (!deployment) throw validationException(`Could not find endpoint "${arn(config, 'endpoint', name)}".`);
  const serving = deployment.status !== 'Creating' && deployment.status !== 'Failed';
  return {
    EndpointName: deployment.endpointName,
    EndpointArn: deployment.endpointArn,
    EndpointConfigName: deployment.endpointConfigName,
    // A failed or still-creating endpoint has no deployed variants yet.
    ...(serving
      ? {
          ProductionVariants: deployment.variants.map((variant) => ({
            VariantName: variant.name,
            ...(variant.modelName
              ? {
                  DeployedImages: [
                    {
                      SpecifiedImage: deployment.models.find((model) => model.name === variant.modelName)?.image,
                      ResolvedImage: resolvedImage(deployment.models.find((model) => model.name === variant.modelName)?.image ?? ''),
                      ResolutionTime: epoch(deployment.creationTime),
                    },
                  ],
                }
              : {}),
            CurrentWeight: variant.weight,
            DesiredWeight: variant.weight,
            CurrentInstanceCount: variant.instanceCount,
            DesiredInstanceCount: variant.instanceCount,
          })),
        }
      : {}),
    EndpointStatus: deployment.status,
    ...(deployment.failureReason ? { FailureReason: deployment.failureReason } : {}),
    CreationTime: epoch(deployment.creationTime),
    LastModifiedTime: epoch(deployment.lastModifiedTime),
  };
}

function describeEndpointConfig(config: MockConfig, input: Input): Output {
  const name = requireName(input, 'EndpointConfigName', 'endpointConfigName');
  const deployment = describeDeployments(config).find((candidate) => candidate.endpointConfigName === name);
  if (!deployment) throw validationException(`Could not find endpoint configuration "${arn(config, 'endpoint-config', name)}".`);
  return {
    EndpointConfigName: deployment.endpointConfigName,
    EndpointConfigArn: deployment.endpointConfigArn,
    ProductionVariants: deployment.variants.map((variant) => ({
      VariantName: variant.name,
      ...(variant.modelName ? { ModelName: variant.modelName, InitialInstanceCount: variant.instanceCount, InitialVariantWeight: variant.weight } : {}),
      InstanceType: variant.instanceType,
      ...(variant.modelName ? {} : { InitialInstanceCount: variant.instanceCount, ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 1, MaxInstanceCount: Math.max(1, variant.instanceCount) } }),
      ContainerStartupHealthCheckTimeoutInSeconds: 900,
      RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
    })),
    ...(deployment.executionRoleArn ? { ExecutionRoleArn: deployment.executionRoleArn } : {}),
    CreationTime: epoch(new Date(deployment.creationTime.getTime() - 30_000)),
    EnableNetworkIsolation: false,
  };
}

function describeModel(config: MockConfig, input: Input): Output {
  const name = requireName(input, 'ModelName', 'modelName');
  const model = describeDeployments(config)
    .flatMap((deployment) => deployment.models)
    .find((candidate) => candidate.name === name);
  if (!model) throw validationException(`Could not find model "${arn(config, 'model', name)}".`);
  return {
    ModelName: model.name,
    PrimaryContainer: {
      Image: model.image,
      Mode: 'SingleModel',
      ...(model.modelDataUrl
        ? { ModelDataUrl: model.modelDataUrl, ModelDataSource: { S3DataSource: { S3Uri: model.modelDataUrl, S3DataType: 'S3Object', CompressionType: 'Gzip' } } }
        : {}),
      Environment: model.environment,
    },
    ExecutionRoleArn: `arn:aws:iam::${config.accountId}:role/SageMakerExecutionRole`,
    CreationTime: epoch(model.creationTime),
    ModelArn: model.arn,
    EnableNetworkIsolation: false,
  };
}

function allComponents(config: MockConfig): { deployment: Deployment; component: DeployedComponent }[] {
  return describeDeployments(config).flatMap((deployment) => deployment.inferenceComponents.map((component) => ({ deployment, component })));
}

function listInferenceComponents(config: MockConfig, input: Input): Output {
  const endpointName = optionalString(input, 'EndpointNameEquals', 'endpointNameEquals');
  const variantName = optionalString(input, 'VariantNameEquals', 'variantNameEquals');
  const listed = allComponents(config)
    .filter(({ deployment, component }) => (endpointName === undefined || deployment.endpointName === endpointName) && (variantName === undefined || component.variantName === variantName))
    .map((entry) => ({ ...entry, name: entry.component.name, status: entry.component.status, creationTime: entry.component.creationTime, lastModifiedTime: entry.component.creationTime }));
  const { items, query } = filterAndSort(listed, input, INFERENCE_COMPONENT_STATUSES);
  const result = page({ items, input, query });
  return {
    InferenceComponents: result.items.map(({ deployment, component }) => ({
      CreationTime: epoch(component.creationTime),
      InferenceComponentArn: component.arn,
      InferenceComponentName: component.name,
      EndpointArn: deployment.endpointArn,
      EndpointName: deployment.endpointName,
      VariantName: component.variantName,
      InferenceComponentStatus: component.status,
      LastModifiedTime: epoch(component.creationTime),
    })),
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
  };
}

function describeInferenceComponent(config: MockConfig, input: Input): Output {
  const name = requireName(input, 'InferenceComponentName', 'inferenceComponentName');
  const found = allComponents(config).find(({ component }) => component.name === name);
  if (!found) throw validationException(`Could not find inference component "${arn(config, 'inference-component', name)}".`);
  const { deployment, component } = found;
  return {
    InferenceComponentName: component.name,
    InferenceComponentArn: component.arn,
    EndpointName: deployment.endpointName,
    EndpointArn: deployment.endpointArn,
    VariantName: component.variantName,
    Specification: {
      ModelName: component.modelName,
      StartupParameters: { ModelDataDownloadTimeoutInSeconds: 1200, ContainerStartupHealthCheckTimeoutInSeconds: 900 },
      ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: component.acceleratorCount, MinMemoryRequiredInMb: component.memoryMb },
    },
    RuntimeConfig: { DesiredCopyCount: component.copies, CurrentCopyCount: component.status === 'InService' ? component.copies : 0 },
    CreationTime: epoch(component.creationTime),
    LastModifiedTime: epoch(component.creationTime),
    InferenceComponentStatus: component.status,
  };
}

/** The control-plane operations the mock answers, by `X-Amz-Target` operation name. */
export const CONTROL_PLANE_OPERATIONS: Readonly<Record<string, (config: MockConfig, input: Input) => Output>> = {
  ListEndpoints: listEndpoints,
  DescribeEndpoint: describeEndpoint,
  DescribeEndpointConfig: describeEndpointConfig,
  DescribeModel: describeModel,
  ListInferenceComponents: listInferenceComponents,
  DescribeInferenceComponent: describeInferenceComponent,
};

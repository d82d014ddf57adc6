import type { EndpointConfig, MockConfig } from '../config/mock-config.js';
import { containerForProfile } from './container-images.js';
import type { ControlPlaneSettings, EndpointStatus } from './control-plane-settings.js';

/** One production variant as the control plane reports it. */
export interface DeployedVariant {
  name: string;
  weight: number;
  instanceType: string;
  instanceCount: number;
  /** The model of a classic variant; absent on endpoints that host inference components. */
  modelName?: string;
}

/** One SageMaker Model (DescribeModel). */
export interface DeployedModel {
  name: string;
  arn: string;
  image: string;
  environment: Record<string, string>;
  modelDataUrl?: string;
  creationTime: Date;
}

/** One inference component (DescribeInferenceComponent). */
export interface DeployedComponent {
  name: string;
  arn: string;
  variantName: string;
  modelName: string;
  copies: number;
  acceleratorCount: number;
  memoryMb: number;
  status: 'InService' | 'Creating' | 'Updating' | 'Failed' | 'Deleting';
  creationTime: Date;
}

/** Everything the control plane knows about one mock endpoint. */
export interface Deployment {
  endpointName: string;
  endpointArn: string;
  endpointConfigName: string;
  endpointConfigArn: string;
  status: EndpointStatus;
  failureReason?: string;
  creationTime: Date;
  lastModifiedTime: Date;
  variants: DeployedVariant[];
  models: DeployedModel[];
  inferenceComponents: DeployedComponent[];
  /** Set on endpoint configs that host inference components (they name no model per variant). */
  executionRoleArn?: string;
}

/** Reproducible default creation time of the first endpoint; the next ones are an hour apart. */
const BASE_CREATION_TIME = Date.parse('2026-01-15T09:30:00Z');

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function countOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** An ARN of this mock account; SageMaker lower-cases resource names in ARNs. */
function arnOf(config: Pick<MockConfig, 'region' | 'accountId'>, type: string, name: string): string {
  return `arn:aws:sagemaker:${config.region}:${config.accountId}:${type}/${name.toLowerCase()}`;
}

/** The model of an endpoint or inference component: a model id string or `{ id, maxInputTokens, … }`. */
function modelFacts(model: unknown, fallback: EndpointConfig['model']): { id: string; maxInputTokens: number; maxTotalTokens: number } {
  if (typeof model === 'string' && model !== '') return { id: model, maxInputTokens: fallback.maxInputTokens, maxTotalTokens: fallback.maxTotalTokens };
  const loose = isObject(model) ? model : {};
  return {
    id: stringOr(loose.id, fallback.id),
    maxInputTokens: countOr(loose.maxInputTokens, fallback.maxInputTokens),
    maxTotalTokens: countOr(loose.maxTotalTokens, fallback.maxTotalTokens),
  };
}

function applyEnvironment(base: Record<string, string>, overrides: Record<string, string | null> | undefined): Record<string, string> {
  const environment = { ...base };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === null) delete environment[name];
    else environment[name] = value;
  }
  return environment;
}

/**
 * The one adapter from a mock endpoint to its control-plane view. It reads the optional,
 * loosely typed `variants: [{ name, weight, instanceType, instanceCount }]` and
 * `inferenceComponents: [{ name, profile, model, variant, copies }]` fields when the endpoint has
 * them, and otherwise derives one `AllTraffic` variant serving one model, whose image and
 * environment come from the profile table ({@link containerForProfile}) and `controlPlane` overrides.
 */
export function describeDeployment(endpoint: EndpointConfig, config: Pick<MockConfig, 'region' | 'accountId'>, index = 0): Deployment {
  const loose = endpoint as unknown as Loose;
  const settings: ControlPlaneSettings = endpoint.controlPlane ?? { status: 'InService' };
  const creationTime = new Date(settings.creationTime ? Date.parse(settings.creationTime) : BASE_CREATION_TIME + index * 3_600_000);
  const lastModifiedTime = new Date(creationTime.getTime() + 7 * 60_000); // about how long a deployment takes
  const context = (model: ReturnType<typeof modelFacts>) => ({ region: config.region, accountId: config.accountId, modelId: model.id, maxInputTokens: model.maxInputTokens, maxTotalTokens: model.maxTotalTokens });
  const ownModel = modelFacts(endpoint.model, endpoint.model);
  const ownContainer = containerForProfile(endpoint.profile, context(ownModel));

  const rawComponents = Array.isArray(loose.inferenceComponents) ? loose.inferenceComponents.filter(isObject) : [];
  const rawVariants = Array.isArray(loose.variants) ? loose.variants.filter(isObject) : [];
  const defaultVariantName = typeof endpoint.variant === 'string' && endpoint.variant !== '' ? endpoint.variant : 'AllTraffic';
  const variantNames = rawVariants.length > 0 ? rawVariants.map((variant, position) => stringOr(variant.name, position === 0 ? defaultVariantName : `Variant${position + 1}`)) : [defaultVariantName];
  const hostsComponents = rawComponents.length > 0;

  const models: DeployedModel[] = [];
  const addModel = (name: string, container: ReturnType<typeof containerForProfile>, overrides: ControlPlaneSettings | undefined): string => {
    models.push({
      name,
      arn: arnOf(config, 'model', name),
      image: overrides?.image ?? container.image,
      environment: applyEnvironment(container.environment, overrides?.environment),
      ...(container.modelDataUrl ? { modelDataUrl: container.modelDataUrl } : {}),
      creationTime: new Date(creationTime.getTime() - 60_000),
    });
    return name;
  };

  const variants: DeployedVariant[] = variantNames.map((name, position) => {
    const raw = rawVariants[position] ?? {};
    const variant: DeployedVariant = {
      name,
      weight: typeof raw.weight === 'number' && raw.weight >= 0 ? raw.weight : 1,
      // `controlPlane.instanceType/instanceCount` say what the control plane reports: they win over
      // the variant's own (which a normalized config always has, from the defaults).
      instanceType: settings.instanceType ?? stringOr(raw.instanceType, ownContainer.instanceType),
      instanceCount: settings.instanceCount ?? countOr(raw.instanceCount, 1),
    };
    if (!hostsComponents) variant.modelName = addModel(variantNames.length === 1 ? `${endpoint.name}-model` : `${endpoint.name}-${name.toLowerCase()}-model`, ownContainer, settings);
    return variant;
  });

  const inferenceComponents: DeployedComponent[] = rawComponents.map((raw, position) => {
    const name = stringOr(raw.name, `${endpoint.name}-ic-${position + 1}`);
    // A normalized component (InferenceComponentConfig) runs its own `container`; the short
    // fields (profile, model, variant, copies, acceleratorCount) are read for looser inputs.
    const container = isObject(raw.container) ? raw.container : {};
    const model = modelFacts(container.model ?? raw.model, endpoint.model);
    const profile = stringOr(container.profile ?? raw.profile, endpoint.profile);
    const overrides = container.controlPlane ?? raw.controlPlane;
    const modelName = addModel(`${name}-model`, containerForProfile(profile, context(model)), isObject(overrides) ? (overrides as unknown as ControlPlaneSettings) : undefined);
    return {
      name,
      arn: arnOf(config, 'inference-component', name),
      variantName: stringOr(raw.variantName ?? raw.variant, variantNames[0]!),
      modelName,
      copies: countOr(raw.copyCount ?? raw.copies, 1),
      acceleratorCount: countOr(raw.acceleratorDevices ?? raw.acceleratorCount, 1),
      memoryMb: countOr(raw.memoryMb, 16_384),
      status: settings.status === 'InService' ? 'InService' : settings.status === 'Failed' ? 'Failed' : settings.status === 'Creating' ? 'Creating' : 'InService',
      creationTime: new Date(creationTime.getTime() + (position + 1) * 60_000),
    };
  });

  return {
    endpointName: endpoint.name,
    endpointArn: arnOf(config, 'endpoint', endpoint.name),
    endpointConfigName: `${endpoint.name}-config`,
    endpointConfigArn: arnOf(config, 'endpoint-config', `${endpoint.name}-config`),
    status: settings.status,
    ...(settings.failureReason && settings.status === 'Failed' ? { failureReason: settings.failureReason } : {}),
    creationTime,
    lastModifiedTime,
    variants,
    models,
    inferenceComponents,
    ...(hostsComponents ? { executionRoleArn: `arn:aws:iam::${config.accountId}:role/SageMakerExecutionRole` } : {}),
  };
}

/** The deployments of every configured endpoint, in configuration order. */
export function describeDeployments(config: MockConfig): Deployment[] {
  return Object.values(config.endpoints).map((endpoint, index) => describeDeployment(endpoint, config, index));
}

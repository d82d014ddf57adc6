import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
  type ContainerDefinition,
} from '@aws-sdk/client-sagemaker';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { SageStreamError, isSageStreamError, type SageStreamErrorCode } from '../errors.js';
import { inferFormat, probeFormat, type ContainerDescription, type FormatInference } from '../discovery/infer-format.js';
import { createDiscoveryCache, type DiscoveryCache } from './discovery-cache.js';
import { isLoopbackUrl, resolveCredentials } from './sagemaker-transport.js';

/** The IAM actions discovery needs (named in the notice when they are denied). */
export const DISCOVERY_IAM_ACTIONS = [
  'sagemaker:ListEndpoints',
  'sagemaker:DescribeEndpoint',
  'sagemaker:DescribeEndpointConfig',
  'sagemaker:DescribeModel',
  'sagemaker:ListInferenceComponents',
  'sagemaker:DescribeInferenceComponent',
] as const;

/** Default budget for one discovery (all its control-plane calls together). */
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 4000;
/** Default lifetime of cached control-plane answers. */
export const DEFAULT_DISCOVERY_TTL_MS = 60_000;
/** Most endpoints `listEndpoints` reads (pages of 100), so a huge account cannot stall a command. */
export const MAX_LISTED_ENDPOINTS = 500;
/** Parallel Describe* chains while listing. */
const DESCRIBE_CONCURRENCY = 4;

/** Options of {@link createDiscoveryClient}: the same region/profile/credential rules as the runtime transport. */
export interface DiscoveryClientOptions {
  region?: string;
  profile?: string;
  /** Control-plane URL override; default AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL, else the runtime URL when it is loopback (the mock serves both). */
  endpointUrl?: string;
  /** The runtime endpoint URL in use (`--endpoint-url`), to find the mock's control plane on the same port. */
  runtimeEndpointUrl?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Where AWS_* settings are read (default `process.env`); the extension passes only the key variables when it targets the mock. */
  env?: Record<string, string | undefined>;
  /** Budget of one discovery, in ms (default 4000). */
  timeoutMs?: number;
  /** Cache lifetime, in ms (default 60000; 0 disables caching). */
  cacheTtlMs?: number;
}

/** One production variant and what serves it. */
export interface DiscoveredVariant {
  name: string;
  instanceType?: string;
  instanceCount?: number;
  weight?: number;
  modelName?: string;
  container?: ContainerDescription;
  inference?: FormatInference;
}

/** One inference component and what serves it. */
export interface DiscoveredComponent {
  name: string;
  variantName?: string;
  status?: string;
  copies?: number;
  modelName?: string;
  container?: ContainerDescription;
  inference?: FormatInference;
  creationTime?: Date;
}

/** An endpoint as discovery sees it. */
export interface DiscoveredEndpoint {
  name: string;
  status: string;
  failureReason?: string;
  creationTime?: Date;
  variants: DiscoveredVariant[];
  inferenceComponents: DiscoveredComponent[];
  /** The format of the endpoint's first variant (endpoints hosting inference components have it per component). */
  inference?: FormatInference;
}

/** Why discovery could not read the control plane. */
export type DiscoveryFailureCode = 'access-denied' | 'timeout' | 'unreachable' | 'not-found' | 'not-in-service' | 'credentials' | 'error';

/** The outcome of {@link DiscoveryClient.discoverFormat}: always a format to use, plus a notice when it is a probe. */
export type DiscoveryResult =
  | { ok: true; inference: FormatInference; endpoint: DiscoveredEndpoint; component?: DiscoveredComponent }
  | { ok: false; code: DiscoveryFailureCode; inference: FormatInference; notice: string; endpoint?: DiscoveredEndpoint };

/** Reads endpoints, their containers and formats from the SageMaker control plane. */
export interface DiscoveryClient {
  /** Where it reads from, e.g. `http://127.0.0.1:8080` or `aws us-east-1 (profile dev)`. */
  readonly description: string;
  /** Endpoints (default: InService) with variants, components and formats. Throws a SageStreamError ({@link discoveryFailureOf} tells the kind). */
  listEndpoints(options?: { statusEquals?: string; nameContains?: string }): Promise<DiscoveredEndpoint[]>;
  /** One endpoint, fully described. Throws like `listEndpoints`. */
  describeEndpoint(endpointName: string): Promise<DiscoveredEndpoint>;
  /** The format for `--format auto`; never throws: a failure gives the probing format and a notice. */
  discoverFormat(options: { endpointName: string; inferenceComponentName?: string }): Promise<DiscoveryResult>;
  /** Releases the HTTP client. */
  destroy(): void;
}

/** SageStreamError codes for each discovery failure (the package has one error class). */
const ERROR_CODES: Record<DiscoveryFailureCode, SageStreamErrorCode> = {
  'access-denied': 'access-denied',
  timeout: 'network-error',
  unreachable: 'network-error',
  'not-found': 'validation-error',
  'not-in-service': 'validation-error',
  credentials: 'credentials-missing',
  error: 'service-error',
};

/** A control-plane failure as a {@link SageStreamError}; `details.discoveryFailure` says which kind. */
function discoveryError(kind: DiscoveryFailureCode, message: string, cause: unknown): SageStreamError {
  return new SageStreamError(ERROR_CODES[kind], message, {
    details: { discoveryFailure: kind },
    ...(kind === 'access-denied' ? { fix: `Grant ${DISCOVERY_IAM_ACTIONS.join(', ')}, or pass --format.` } : {}),
    cause,
  });
}

/** The kind of a discovery failure thrown by {@link DiscoveryClient.listEndpoints} / `describeEndpoint`. */
export function discoveryFailureOf(error: unknown): DiscoveryFailureCode {
  const kind = isSageStreamError(error) ? error.details?.discoveryFailure : undefined;
  return typeof kind === 'string' && kind in ERROR_CODES ? (kind as DiscoveryFailureCode) : 'error';
}

const caches = new Map<string, DiscoveryCache>();

/** Drops every cached control-plane answer (e.g. after the user changed profile or deployed). */
export function clearDiscoveryCache(): void {
  for (const cache of caches.values()) cache.clear();
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function classify(error: unknown, deadline: AbortSignal, where: string, timeoutMs: number): SageStreamError {
  if (isSageStreamError(error) && error.details?.discoveryFailure !== undefined) return error;
  const record = (error ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = record.name ?? 'Error';
  const message = record.message ?? String(error);
  if (deadline.aborted) return discoveryError('timeout', `the control plane at ${where} did not answer within ${timeoutMs} ms`, error);
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || record.$metadata?.httpStatusCode === 403 || name === 'UnrecognizedClientException') {
    return discoveryError('access-denied', `the control plane denied access (${name}: ${message})`, error);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return discoveryError('credentials', `no usable AWS credentials for the control plane (${message})`, error);
  if (name === 'TimeoutError' || (record.code !== undefined && NETWORK_CODES.has(record.code))) {
    return discoveryError('unreachable', `the control plane at ${where} is unreachable (${record.code ?? name})`, error);
  }
  // The only ValidationException a Describe* of a well-formed name gets is "Could not find …".
  if (name === 'ValidationException') return discoveryError('not-found', message, error);
  return discoveryError('error', `the control plane answered ${name}: ${message}`, error);
}

function containerOf(definition: ContainerDefinition | undefined): ContainerDescription | undefined {
  if (!definition?.Image) return undefined;
  return { image: definition.Image, environment: definition.Environment ?? {}, ...(definition.ModelDataUrl ? { modelDataUrl: definition.ModelDataUrl } : {}) };
}

/**
 * A discovery client over the official `@aws-sdk/client-sagemaker`: DescribeEndpoint →
 * DescribeEndpointConfig → DescribeModel (and the inference-component calls) tell which container
 * serves an endpoint, and {@link inferFormat} turns that into a request format. Answers are cached
 * per profile + region + URL for a short TTL; every discovery has a time budget.
 *
 * @example
 * const discovery = createDiscoveryClient({ region: 'us-east-1', profile: 'dev' });
 * const { inference } = await discovery.discoverFormat({ endpointName: 'my-llm' });
 */
export function createDiscoveryClient(options: DiscoveryClientOptions = {}): DiscoveryClient {
  const env = options.env ?? process.env;
  const runtimeUrl = options.runtimeEndpointUrl ?? env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME;
  const endpointUrl = options.endpointUrl ?? env.AWS_ENDPOINT_URL_SAGEMAKER ?? env.AWS_ENDPOINT_URL ?? (isLoopbackUrl(runtimeUrl) ? runtimeUrl : undefined);
  const profile = options.profile ?? env.AWS_PROFILE;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (isLoopbackUrl(endpointUrl) ? 'us-east-1' : undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const client = new SageMakerClient({
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    credentials: options.credentials ?? resolveCredentials(profile, endpointUrl, env),
    // One retry, for a reset keep-alive socket or a throttled call; the time budget bounds both
    // attempts (discovery is an optimisation, the runtime call is what matters).
    maxAttempts: 2,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  const where = endpointUrl ?? `aws ${region ?? '(region from config)'}`;
  const description = `${where}${profile ? ` (profile ${profile})` : ''}`;
  const cacheKey = `${profile ?? ''}|${region ?? ''}|${endpointUrl ?? ''}`;
  const ttl = options.cacheTtlMs ?? DEFAULT_DISCOVERY_TTL_MS;
  let cache = caches.get(cacheKey);
  if (!cache && ttl > 0) {
    cache = createDiscoveryCache({ ttlMs: ttl });
    caches.set(cacheKey, cache);
  }
  const cached = <T>(key: string, load: () => Promise<T>): Promise<T> => (cache ? cache.get(key, load) : load());

  /** Runs one discovery under its own deadline; every SDK call in it shares the signal. */
  const withDeadline = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('discovery timeout')), timeoutMs);
    try {
      return await run(controller.signal);
    } catch (error) {
      throw classify(error, controller.signal, where, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  };

  const describeModel = (modelName: string, signal: AbortSignal) =>
    cached(`model:${modelName}`, async () => {
      const model = await client.send(new DescribeModelCommand({ ModelName: modelName }), { abortSignal: signal });
      return containerOf(model.PrimaryContainer ?? model.Containers?.[0]);
    });

  const describeComponent = (name: string, signal: AbortSignal): Promise<DiscoveredComponent> =>
    cached(`component:${name}`, async () => {
      const component = await client.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }), { abortSignal: signal });
      const specification = component.Specification;
      const direct = specification?.Container?.DeployedImage?.SpecifiedImage;
      const container: ContainerDescription | undefined = direct
        ? { image: direct, environment: specification?.Container?.Environment ?? {} }
        : specification?.ModelName
          ? await describeModel(specification.ModelName, signal)
          : undefined;
      return {
        name,
        ...(component.VariantName ? { variantName: component.VariantName } : {}),
        ...(component.InferenceComponentStatus ? { status: component.InferenceComponentStatus } : {}),
        ...(component.RuntimeConfig?.CurrentCopyCount !== undefined ? { copies: component.RuntimeConfig.CurrentCopyCount } : {}),
        ...(specification?.ModelName ? { modelName: specification.ModelName } : {}),
        ...(component.CreationTime ? { creationTime: component.CreationTime } : {}),
        ...(container ? { container, inference: inferFormat(container) } : {}),
      };
    });

  const describe = (endpointName: string, signal: AbortSignal): Promise<DiscoveredEndpoint> =>
    cached(`endpoint:${endpointName}`, async () => {
      const endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }), { abortSignal: signal });
      const config = endpoint.EndpointConfigName ? await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }), { abortSignal: signal }) : undefined;
      const variants: DiscoveredVariant[] = await Promise.all(
        (config?.ProductionVariants ?? []).map(async (variant) => {
          const summary = endpoint.ProductionVariants?.find((candidate) => candidate.VariantName === variant.VariantName);
          const container = variant.ModelName ? await describeModel(variant.ModelName, signal) : undefined;
          const instanceCount = summary?.CurrentInstanceCount ?? variant.InitialInstanceCount;
          const weight = summary?.CurrentWeight ?? variant.InitialVariantWeight;
          return {
            name: variant.VariantName ?? 'AllTraffic',
            ...(variant.InstanceType ? { instanceType: variant.InstanceType } : {}),
            ...(instanceCount !== undefined ? { instanceCount } : {}),
            ...(weight !== undefined ? { weight } : {}),
            ...(variant.ModelName ? { modelName: variant.ModelName } : {}),
            ...(container ? { container, inference: inferFormat(container) } : {}),
          };
        }),
      );
      // Variants without a model host inference components.
      const hostsComponents = variants.length > 0 && variants.every((variant) => !variant.modelName);
      const inferenceComponents: DiscoveredComponent[] = [];
      if (hostsComponents) {
        let token: string | undefined;
        do {
          const page = await client.send(new ListInferenceComponentsCommand({ EndpointNameEquals: endpointName, MaxResults: 100, ...(token ? { NextToken: token } : {}) }), { abortSignal: signal });
          for (const summary of page.InferenceComponents ?? []) if (summary.InferenceComponentName) inferenceComponents.push(await describeComponent(summary.InferenceComponentName, signal));
          token = page.NextToken;
        } while (token && inferenceComponents.length < MAX_LISTED_ENDPOINTS);
      }
      const inference = variants.find((variant) => variant.inference)?.inference;
      return {
        name: endpoint.EndpointName ?? endpointName,
        status: endpoint.EndpointStatus ?? 'Unknown',
        ...(endpoint.FailureReason ? { failureReason: endpoint.FailureReason } : {}),
        ...(endpoint.CreationTime ? { creationTime: endpoint.CreationTime } : {}),
        variants,
        inferenceComponents,
        ...(inference ? { inference } : {}),
      };
    });

  return {
    description,
    listEndpoints(listOptions = {}) {
      return withDeadline(async (signal) => {
        const names: string[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListEndpointsCommand({
              MaxResults: 100,
              StatusEquals: (listOptions.statusEquals ?? 'InService') as never,
              ...(listOptions.nameContains ? { NameContains: listOptions.nameContains } : {}),
              ...(token ? { NextToken: token } : {}),
            }),
            { abortSignal: signal },
          );
          for (const endpoint of page.Endpoints ?? []) if (endpoint.EndpointName) names.push(endpoint.EndpointName);
          token = page.NextToken;
        } while (token && names.length < MAX_LISTED_ENDPOINTS);
        const described: DiscoveredEndpoint[] = new Array(names.length);
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < names.length) {
            const index = next++;
            described[index] = await describe(names[index]!, signal);
          }
        };
        await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, names.length) }, worker));
        return described;
      });
    },
    describeEndpoint(endpointName) {
      return withDeadline((signal) => describe(endpointName, signal));
    },
    async discoverFormat({ endpointName, inferenceComponentName }) {
      try {
        return await withDeadline(async (signal) => {
          const endpoint = await describe(endpointName, signal);
          if (endpoint.status === 'Creating' || endpoint.status === 'Failed' || endpoint.status === 'OutOfService' || endpoint.status === 'Deleting') {
            const why = `endpoint ${endpointName} is ${endpoint.status}${endpoint.failureReason ? ` (${endpoint.failureReason})` : ''}`;
            return { ok: false as const, code: 'not-in-service' as const, inference: probeFormat(why), notice: `${why}; it cannot be invoked until it is InService.`, endpoint };
          }
          if (inferenceComponentName || endpoint.inferenceComponents.length > 0) {
            const component = inferenceComponentName
              ? (endpoint.inferenceComponents.find((candidate) => candidate.name === inferenceComponentName) ?? (await describeComponent(inferenceComponentName, signal)))
              : undefined;
            if (component?.inference) return { ok: true as const, inference: component.inference, endpoint, component };
            const names = endpoint.inferenceComponents.map((candidate) => candidate.name).join(', ');
            const why = inferenceComponentName ? `inference component ${inferenceComponentName} has no container the control plane shows` : `endpoint ${endpointName} hosts inference components (${names}); choose one with --inference-component`;
            return { ok: false as const, code: 'error' as const, inference: probeFormat(why), notice: why, endpoint };
          }
          if (endpoint.inference) return { ok: true as const, inference: endpoint.inference, endpoint };
          const why = `endpoint ${endpointName} shows no container image`;
          return { ok: false as const, code: 'error' as const, inference: probeFormat(why), notice: why, endpoint };
        });
      } catch (error) {
        const kind = discoveryFailureOf(error);
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, code: kind, inference: probeFormat(message), notice: noticeFor({ kind, message, endpointName }) };
      }
    },
    destroy() {
      client.destroy();
    },
  };
}

/** The one message a user gets when discovery fails, with what to do about it. */
export function noticeFor(options: { kind: DiscoveryFailureCode; message: string; endpointName: string }): string {
  const { kind, message, endpointName } = options;
  switch (kind) {
    case 'access-denied':
      return `${message}. Format detection needs the IAM actions ${DISCOVERY_IAM_ACTIONS.join(', ')}; without them SageStream probes the container instead (or pass --format).`;
    case 'not-found':
      return `endpoint ${endpointName} is not on this control plane (${message}); check the name and region.`;
    default:
      return `${message}; probing the container instead (pass --format to skip discovery).`;
  }
}

import { MockEndpointError } from '../errors.js';

/** `EndpointStatus` values of the SageMaker control plane (DescribeEndpoint). */
export type EndpointStatus = 'OutOfService' | 'Creating' | 'Updating' | 'SystemUpdating' | 'RollingBack' | 'InService' | 'Deleting' | 'Failed' | 'UpdateRollbackFailed';

/** All endpoint statuses, for validation and `StatusEquals`. */
export const ENDPOINT_STATUSES: readonly EndpointStatus[] = ['OutOfService', 'Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'InService', 'Deleting', 'Failed', 'UpdateRollbackFailed'];

/**
 * Statuses in which the runtime still serves the endpoint: during an update the old fleet keeps
 * taking traffic until the new one is in service (INF from the UpdateEndpoint documentation).
 */
export const SERVING_STATUSES: ReadonlySet<EndpointStatus> = new Set(['InService', 'Updating', 'SystemUpdating', 'RollingBack', 'UpdateRollbackFailed']);

/** How one mock endpoint appears on the control plane; everything is optional and derived when absent. */
export interface ControlPlaneSettings {
  /** `EndpointStatus` (default `InService`). */
  status: EndpointStatus;
  /** `FailureReason`, shown for `Failed` endpoints. */
  failureReason?: string;
  /** Replaces the container image URI of the endpoint's profile. */
  image?: string;
  /** Merged over the profile's container environment (a value of `null` removes a variable). */
  environment?: Record<string, string | null>;
  /** Instance type of the (derived) `AllTraffic` variant. */
  instanceType?: string;
  /** Instance count of the (derived) `AllTraffic` variant. */
  instanceCount?: number;
  /** `CreationTime` as an ISO date (default: a fixed date, so answers are reproducible). */
  creationTime?: string;
}

/** Largest instance count accepted in a config (the service quota is far lower). */
const MAX_INSTANCE_COUNT = 1000;
/** Longest FailureReason the API returns (its documented max length). */
const MAX_FAILURE_REASON = 1024;

type Loose = Record<string, unknown>;

function fail(path: string, expected: string, actual: unknown): never {
  const shown = JSON.stringify(actual) ?? String(actual);
  throw new MockEndpointError('invalid-config', `Invalid mock config at ${path}: expected ${expected}, got ${shown}.`, { path, expected, actual: shown });
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, path: string, maxLength = 2048): string {
  if (typeof value !== 'string' || value === '' || value.length > maxLength) fail(path, `a non-empty string of at most ${maxLength} characters`, value);
  return value;
}

/** Validates the `controlPlane` block of an endpoint; errors name the offending path. */
export function normalizeControlPlane(value: unknown, path: string): ControlPlaneSettings {
  if (!isObject(value)) fail(path, 'an object { status, failureReason, image, environment, instanceType, instanceCount, creationTime }', value);
  const allowed = ['status', 'failureReason', 'image', 'environment', 'instanceType', 'instanceCount', 'creationTime'];
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(`${path}.${key}`, `one of the keys ${allowed.join(', ')}`, key);
  const status = value.status ?? 'InService';
  if (!ENDPOINT_STATUSES.includes(status as EndpointStatus)) fail(`${path}.status`, `one of ${ENDPOINT_STATUSES.join(', ')}`, status);
  const settings: ControlPlaneSettings = { status: status as EndpointStatus };
  if (value.failureReason !== undefined) settings.failureReason = text(value.failureReason, `${path}.failureReason`, MAX_FAILURE_REASON);
  if (value.image !== undefined) settings.image = text(value.image, `${path}.image`, 255);
  if (value.instanceType !== undefined) {
    const instanceType = text(value.instanceType, `${path}.instanceType`, 64);
    if (!/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceType)) fail(`${path}.instanceType`, 'an ML instance type such as ml.g5.2xlarge', instanceType);
    settings.instanceType = instanceType;
  }
  if (value.instanceCount !== undefined) {
    const count = value.instanceCount;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_INSTANCE_COUNT) fail(`${path}.instanceCount`, `an integer from 0 to ${MAX_INSTANCE_COUNT}`, count);
    settings.instanceCount = count;
  }
  if (value.creationTime !== undefined) {
    const time = text(value.creationTime, `${path}.creationTime`, 64);
    if (Number.isNaN(Date.parse(time))) fail(`${path}.creationTime`, 'an ISO date such as 2026-01-15T09:30:00Z', time);
    settings.creationTime = time;
  }
  if (value.environment !== undefined) {
    if (!isObject(value.environment)) fail(`${path}.environment`, 'an object of NAME: "value" (or null to remove)', value.environment);
    const environment: Record<string, string | null> = {};
    for (const [name, entry] of Object.entries(value.environment)) {
      // DescribeModel's Environment map: keys [a-zA-Z_][a-zA-Z0-9_]{0,1023}, values up to 1024 chars.
      if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,1023}$/.test(name)) fail(`${path}.environment.${name}`, 'a variable name matching [a-zA-Z_][a-zA-Z0-9_]*', name);
      if (entry !== null && (typeof entry !== 'string' || entry.length > 1024)) fail(`${path}.environment.${name}`, 'a string of at most 1024 characters, or null', entry);
      environment[name] = entry as string | null;
    }
    settings.environment = environment;
  }
  if (settings.status === 'Failed' && settings.failureReason === undefined) {
    settings.failureReason = 'The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.';
  }
  return settings;
}

import { defaultVariant } from './default-config.js';
import type { EndpointConfig, EndpointInput, InferenceComponentConfig, SessionConfig, VariantConfig } from './mock-config.js';

type Loose = Record<string, unknown>;

/** The validators of normalize-config, shared so that messages look the same everywhere. */
export interface Validators {
  fail(path: string, expected: string, actual: unknown): never;
  isObject(value: unknown): value is Loose;
  checkKeys(value: Loose, allowed: readonly string[], path: string): void;
  number(value: unknown, path: string, options?: { min?: number; max?: number; integer?: boolean }): number;
  string(value: unknown, path: string): string;
  boolean(value: unknown, path: string): boolean;
}

/** `TargetVariant` / `VariantName` pattern of the SageMaker model (max 63). */
const VARIANT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
/** `InferenceComponentName` pattern of the SageMaker model (max 63). */
const COMPONENT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** Upper bounds that keep a config from asking the mock for absurd amounts of state. */
export const MAX_INSTANCE_COUNT = 100;
/** Variant weights are relative; this only keeps them finite and sane. */
export const MAX_VARIANT_WEIGHT = 1_000_000;
export const MAX_OPEN_SESSIONS = 100_000;
export const MAX_SESSION_TTL_SECONDS = 7 * 24 * 3600;

/** Parses `variants: [{ name, weight, instanceType, instanceCount }]` (the first one also sets `variant`). */
export function normalizeVariants(options: { input: unknown; base: VariantConfig[]; path: string; v: Validators }): VariantConfig[] {
  const { input, base, path } = options;
  const v: Validators = options.v;
  if (!Array.isArray(input) || input.length === 0) v.fail(path, 'a non-empty list of { name, weight, instanceType, instanceCount }', input);
  const variants = input.map((item: unknown, index) => {
    const itemPath = `${path}[${index}]`;
    if (!v.isObject(item)) v.fail(itemPath, '{ name, weight?, instanceType?, instanceCount? }', item);
    v.checkKeys(item, ['name', 'weight', 'instanceType', 'instanceCount'], itemPath);
    const name = v.string(item.name, `${itemPath}.name`);
    if (name.length > 63 || !VARIANT_NAME.test(name)) v.fail(`${itemPath}.name`, 'a variant name of at most 63 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*', name);
    const start = base.find((variant) => variant.name === name) ?? defaultVariant(name);
    return {
      name,
      weight: item.weight === undefined ? start.weight : v.number(item.weight, `${itemPath}.weight`, { min: 0, max: MAX_VARIANT_WEIGHT }),
      instanceType: item.instanceType === undefined ? start.instanceType : v.string(item.instanceType, `${itemPath}.instanceType`),
      instanceCount: item.instanceCount === undefined ? start.instanceCount : v.number(item.instanceCount, `${itemPath}.instanceCount`, { min: 1, max: MAX_INSTANCE_COUNT, integer: true }),
    };
  });
  const names = new Set<string>();
  for (const [index, variant] of variants.entries()) {
    if (names.has(variant.name)) v.fail(`${path}[${index}].name`, 'a name not used by another variant', variant.name);
    names.add(variant.name);
  }
  if (!variants.some((variant) => variant.weight > 0)) v.fail(path, 'at least one variant with a weight > 0', variants.map((variant) => variant.weight));
  return variants;
}

/** Parses `sessions: true | false | { enabled, convention, ttlSeconds, maxOpen }`. */
export function normalizeSessions(options: { input: unknown; base: SessionConfig; path: string; v: Validators }): SessionConfig {
  const { input, base, path } = options;
  const v: Validators = options.v;
  if (typeof input === 'boolean') return { ...base, enabled: input };
  if (!v.isObject(input)) v.fail(path, 'true, false or { enabled, convention, ttlSeconds, maxOpen }', input);
  v.checkKeys(input, ['enabled', 'convention', 'ttlSeconds', 'maxOpen'], path);
  const convention = input.convention ?? base.convention;
  if (convention !== 'lmi' && convention !== 'mhcs') v.fail(`${path}.convention`, 'one of lmi, mhcs', convention);
  return {
    enabled: input.enabled === undefined ? base.enabled : v.boolean(input.enabled, `${path}.enabled`),
    convention,
    ttlSeconds: input.ttlSeconds === undefined ? base.ttlSeconds : v.number(input.ttlSeconds, `${path}.ttlSeconds`, { min: 0.001, max: MAX_SESSION_TTL_SECONDS }),
    maxOpen: input.maxOpen === undefined ? base.maxOpen : v.number(input.maxOpen, `${path}.maxOpen`, { min: 1, max: MAX_OPEN_SESSIONS, integer: true }),
  };
}

/** Keys an inference component accepts: its placement plus its container's settings. */
const COMPONENT_KEYS = ['name', 'variantName', 'copyCount', 'acceleratorDevices', 'profile', 'description', 'containerName', 'model', 'reply', 'latency', 'chunking', 'fault', 'timeouts', 'strictContentType', 'seed', 'sessions', 'controlPlane', 'backend'];

/**
 * Parses `inferenceComponents: [{ name, profile, model?, latency?, variantName?, copyCount?, … }]`:
 * each component's container is normalized like an endpoint of its own profile.
 */
export function normalizeInferenceComponents(options: {
  input: unknown;
  endpoint: EndpointConfig;
  path: string;
  v: Validators;
  normalizeContainer: (input: EndpointInput, base: EndpointConfig | undefined, path: string) => EndpointConfig;
}): InferenceComponentConfig[] {
  const { input, endpoint, path } = options;
  const v: Validators = options.v;
  if (!Array.isArray(input)) v.fail(path, 'a list of { name, profile, … }', input);
  const names = new Set<string>();
  return input.map((entry: unknown, index) => {
    const itemPath = `${path}[${index}]`;
    if (!v.isObject(entry)) v.fail(itemPath, '{ name, profile, model?, latency?, variantName?, copyCount? }', entry);
    let item: Loose = entry;
    // A normalized component ({ …, container: EndpointConfig }) comes back unchanged (idempotence).
    if (v.isObject(item.container)) {
      const { name: _n, variant: _v, variants: _vs, inferenceComponents: _ics, ...settings } = item.container;
      const { container: _c, ...placement } = item;
      item = { ...settings, ...placement };
    }
    v.checkKeys(item, COMPONENT_KEYS, itemPath);
    const name = v.string(item.name, `${itemPath}.name`);
    if (name.length > 63 || !COMPONENT_NAME.test(name)) v.fail(`${itemPath}.name`, 'an inference component name of at most 63 characters matching ^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$', name);
    if (names.has(name)) v.fail(`${itemPath}.name`, 'a name not used by another inference component', name);
    names.add(name);
    const base = endpoint.inferenceComponents.find((component) => component.name === name);
    const variantName = item.variantName === undefined ? (base?.variantName ?? endpoint.variants[0]!.name) : v.string(item.variantName, `${itemPath}.variantName`);
    if (!endpoint.variants.some((variant) => variant.name === variantName)) v.fail(`${itemPath}.variantName`, `one of the endpoint's variants (${endpoint.variants.map((variant) => variant.name).join(', ')})`, variantName);
    const { name: _name, variantName: _variant, copyCount, acceleratorDevices, ...container } = item;
    return {
      name,
      variantName,
      copyCount: copyCount === undefined ? (base?.copyCount ?? 1) : v.number(copyCount, `${itemPath}.copyCount`, { min: 1, max: MAX_INSTANCE_COUNT, integer: true }),
      acceleratorDevices: acceleratorDevices === undefined ? (base?.acceleratorDevices ?? 1) : v.number(acceleratorDevices, `${itemPath}.acceleratorDevices`, { min: 0, max: 64, integer: true }),
      container: options.normalizeContainer(container as EndpointInput, base?.container, itemPath),
    };
  });
}

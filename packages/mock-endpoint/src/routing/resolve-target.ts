import type { IncomingHttpHeaders } from 'node:http';
import type { EndpointConfig, InferenceComponentConfig, VariantConfig } from '../config/mock-config.js';
import type { ServiceError } from '../service/service-errors.js';
import { createRandom, deriveSeed } from '../util/random.js';
import { componentNameMissingError, componentNotFoundError, componentNotSupportedError, variantNotFoundError } from './routing-errors.js';

/** Where SageMaker sends one request: a variant, an instance (or component copy), a container. */
export interface Target {
  /** The container that answers, with `variant` set to the variant that answers. */
  endpoint: EndpointConfig;
  variant: VariantConfig;
  /** 0-based instance of the variant (copy of the component, for inference components). */
  instance: number;
  inferenceComponent: InferenceComponentConfig | null;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Weighted pick over the variants with a weight > 0 (uniform draw from the request seed). */
function pickVariant(variants: readonly VariantConfig[], seed: number): VariantConfig {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  let draw = createRandom(deriveSeed(seed, 'variant')).next() * total;
  for (const variant of variants) {
    if (variant.weight <= 0) continue;
    draw -= variant.weight;
    if (draw < 0) return variant;
  }
  return variants.filter((variant) => variant.weight > 0).at(-1)!;
}

/**
 * Routes a request as the runtime does: `X-Amzn-SageMaker-Inference-Component` picks the
 * component (required, and only allowed, on endpoints that host components);
 * `X-Amzn-SageMaker-Target-Variant` picks the variant, else a weighted pick seeded by the request;
 * a stateful session pins variant, instance and component. Unknown names get ValidationError.
 */
export function resolveTarget(options: {
  endpoint: EndpointConfig;
  headers: IncomingHttpHeaders;
  seed: number;
  accountId: string;
  pinned?: { variant: string; instance: number; inferenceComponent: string | null } | undefined;
}): { target: Target } | { error: ServiceError } {
  const { endpoint, headers, seed, accountId, pinned } = options;
  const componentName = header(headers, 'x-amzn-sagemaker-inference-component');
  const variantName = header(headers, 'x-amzn-sagemaker-target-variant');
  let component: InferenceComponentConfig | null = null;
  if (endpoint.inferenceComponents.length > 0) {
    if (componentName === undefined) return { error: componentNameMissingError() };
    component = endpoint.inferenceComponents.find((candidate) => candidate.name === componentName) ?? null;
    if (!component) return { error: componentNotFoundError({ component: componentName, endpoint: endpoint.name, accountId }) };
  } else if (componentName !== undefined) {
    return { error: componentNotSupportedError(endpoint.name) };
  }
  const hosts = component ? endpoint.variants.filter((variant) => variant.name === component.variantName) : endpoint.variants;
  let variant: VariantConfig | undefined;
  if (pinned) variant = endpoint.variants.find((candidate) => candidate.name === pinned.variant);
  if (!variant && variantName !== undefined) {
    variant = hosts.find((candidate) => candidate.name === variantName);
    if (!variant) return { error: variantNotFoundError({ variant: variantName, endpoint: endpoint.name, accountId, ...(component ? { component: component.name } : {}) }) };
  }
  variant ??= pickVariant(hosts.some((candidate) => candidate.weight > 0) ? hosts : hosts.map((candidate) => ({ ...candidate, weight: 1 })), seed);
  const slots = component ? component.copyCount : variant.instanceCount;
  const instance = pinned ? Math.min(pinned.instance, slots - 1) : createRandom(deriveSeed(seed, 'instance')).int(slots);
  const base = component ? component.container : endpoint;
  return {
    target: {
      endpoint: { ...base, name: endpoint.name, variant: variant.name, variants: endpoint.variants, inferenceComponents: endpoint.inferenceComponents },
      variant,
      instance,
      inferenceComponent: component,
    },
  };
}

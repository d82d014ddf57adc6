import type { MockConfig } from '../config/mock-config.js';

/** A public summary of one endpoint (`GET /_mock/endpoints`, the CLI banner). */
export interface EndpointSummary {
  name: string;
  profile: string;
  description: string;
  model: string;
  variant: string;
  chunking: string;
  latency: string;
  fault: string | null;
  /** Production variants (weights, instances). */
  variants: { name: string; weight: number; instanceType: string; instanceCount: number }[];
  /** Inference components: each one's container and placement. */
  inferenceComponents: { name: string; profile: string; model: string; description: string; variantName: string; copyCount: number; acceleratorDevices: number }[];
  /** Stateful sessions, e.g. `lmi convention, TTL 1200 s, at most 1000 open`; null when off. */
  sessions: string | null;
}

function delayText(spec: MockConfig['endpoints'][string]['latency']['interToken']): string {
  switch (spec.distribution) {
    case 'fixed':
      return `${spec.ms} ms`;
    case 'uniform':
      return `${spec.minMs}–${spec.maxMs} ms`;
    case 'normal':
      return `${spec.meanMs}±${spec.stddevMs} ms`;
    case 'lognormal':
      return `~${spec.medianMs} ms (lognormal σ=${spec.sigma})`;
  }
}

/** Summarises the configured endpoints. */
export function describeEndpoints(config: MockConfig): EndpointSummary[] {
  return Object.values(config.endpoints).map((endpoint) => ({
    name: endpoint.name,
    profile: endpoint.profile,
    description: endpoint.description,
    // With --backend, the model is the one the local server runs.
    model: endpoint.backend ? `${endpoint.backend.model} via ${endpoint.backend.url}` : endpoint.model.id,
    variant: endpoint.variant,
    chunking: endpoint.chunking.mode,
    latency: `first token ${delayText(endpoint.latency.timeToFirstToken)}, then ${delayText(endpoint.latency.interToken)}/token${config.latencyScale === 1 ? '' : ` (× ${config.latencyScale})`}`,
    fault: endpoint.fault ? `${endpoint.fault.name} after ${endpoint.fault.afterTokens} tokens${endpoint.fault.probability < 1 ? ` (p=${endpoint.fault.probability})` : ''}` : null,
    variants: endpoint.variants.map((variant) => ({ ...variant })),
    inferenceComponents: endpoint.inferenceComponents.map((component) => ({
      name: component.name,
      profile: component.container.profile,
      model: component.container.model.id,
      description: component.container.description,
      variantName: component.variantName,
      copyCount: component.copyCount,
      acceleratorDevices: component.acceleratorDevices,
    })),
    sessions: endpoint.sessions.enabled ? `${endpoint.sessions.convention} convention, TTL ${endpoint.sessions.ttlSeconds} s, at most ${endpoint.sessions.maxOpen} open` : null,
  }));
}

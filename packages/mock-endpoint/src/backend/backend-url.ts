import type { EndpointConfig, MockConfig } from '../config/mock-config.js';

/** An http(s) URL, or null when the text is not one (other schemes included). */
export function parseBackendUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** True for URLs on this machine: 127.0.0.0/8, [::1], localhost (and *.localhost). */
export function isLoopbackUrl(text: string): boolean {
  const url = parseBackendUrl(text);
  if (!url) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The chat completions URL of a base URL: `…/v1` → `…/v1/chat/completions`; a bare host gets `/v1/chat/completions`. */
export function chatCompletionsUrl(base: string): string {
  const url = parseBackendUrl(base)!;
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('/chat/completions')) return url.href;
  url.pathname = path.endsWith('/v1') ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  return url.href;
}

/**
 * Every container of the config that can have a backend, with its config path: each endpoint's own
 * and each of its inference components' (a component runs its own container).
 */
export function* backendContainers(config: Pick<MockConfig, 'endpoints'>): Generator<{ path: string; container: EndpointConfig }> {
  for (const [name, endpoint] of Object.entries(config.endpoints)) {
    yield { path: `endpoints.${name}`, container: endpoint };
    for (const [index, component] of endpoint.inferenceComponents.entries()) {
      yield { path: `endpoints.${name}.inferenceComponents[${index}]`, container: component.container };
    }
  }
}

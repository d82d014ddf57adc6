import type { ChatEndpoint } from '../chat/stream-chat.js';
import { createDiscoveryClient, type DiscoveryClient } from '../client/discovery-client.js';
import type { FormatFallback } from '../discovery/stream-chat-with-fallback.js';
import { write, type CliIo } from './cli-io.js';
import { endpointFor, type EndpointCliOptions } from './endpoint-options.js';

/** The endpoint to invoke, with the format to send and the fallback to retry once. */
export interface ResolvedEndpoint {
  endpoint: ChatEndpoint;
  fallback?: FormatFallback;
}

/** The discovery client for the parsed options: the runtime's region, profile and endpoint URL. */
export function discoveryFor(options: Pick<EndpointCliOptions, 'region' | 'profile' | 'endpointUrl'> & { discoveryTimeout?: number }): DiscoveryClient {
  return createDiscoveryClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { runtimeEndpointUrl: options.endpointUrl } : {}),
    ...(options.discoveryTimeout ? { timeoutMs: options.discoveryTimeout } : {}),
  });
}

/**
 * `--format auto` (the default): asks the control plane which container serves the endpoint and
 * prints the detected format and why to stderr, once. When discovery fails (denied, unreachable,
 * slow) it says so once and probes: the Messages API first, an `{"inputs"}` body on rejection.
 * An explicit `--format` skips discovery.
 */
export async function resolveEndpointFormat(options: EndpointCliOptions & { discoveryTimeout?: number }, io: CliIo): Promise<ResolvedEndpoint> {
  const endpoint = endpointFor(options);
  if (options.format !== 'auto') return { endpoint };
  const discovery = discoveryFor(options);
  try {
    const result = await discovery.discoverFormat({ endpointName: options.endpoint, ...(options.inferenceComponent ? { inferenceComponentName: options.inferenceComponent } : {}) });
    const { inference } = result;
    const target = options.inferenceComponent ? `${options.endpoint}/${options.inferenceComponent}` : options.endpoint;
    if (result.ok) await write(io.stderr, `sagestream: ${target}: format ${inference.format} (${inference.familyLabel}) — ${inference.reason}\n`);
    else await write(io.stderr, `sagestream: format detection for ${target}: ${result.notice}\n`);
    const template = options.template ?? inference.template;
    const fallback = inference.fallback ? { format: inference.fallback.format, reason: inference.fallback.reason, ...(template ? { template } : {}) } : undefined;
    return { endpoint: { ...endpoint, format: inference.format, ...(template ? { template } : {}) }, ...(fallback ? { fallback } : {}) };
  } finally {
    discovery.destroy();
  }
}

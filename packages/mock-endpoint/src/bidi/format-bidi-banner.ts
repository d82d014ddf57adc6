import type { BidiConfig } from './bidi-config.js';

/** The banner lines of the HTTP/2 bidirectional endpoints. */
export function formatBidiBanner(options: { url: string; bidi: BidiConfig }): string[] {
  const endpoints = Object.values(options.bidi.endpoints);
  if (endpoints.length === 0) return [];
  const width = Math.max(...endpoints.map((endpoint) => endpoint.name.length), 4);
  const lines = [`Bidirectional streaming (HTTP/2 h2c on the same port; AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME_HTTP2=${options.url}):`];
  for (const endpoint of endpoints) {
    const kind = endpoint.upstream ? `bridge → ${endpoint.upstream}` : endpoint.mode;
    lines.push(`  ${endpoint.name.padEnd(width)}  ${kind.padEnd(10)}  ${endpoint.upstream ? 'your container WebSocket (/invocations-bidirectional-stream)' : endpoint.description}`);
  }
  lines.push('  Faults per stream: X-Amzn-SageMaker-Model-Query-String "mock-fault=NAME&mock-fault-after=N"');
  return lines;
}

import type { MockConfig } from '../config/mock-config.js';
import { formatBidiBanner } from '../bidi/format-bidi-banner.js';
import { describeEndpoints } from '../server/describe-endpoints.js';

/** The start-up text: the URL first (scripts read it), then how to use it and the endpoints. */
export function formatBanner(options: { url: string; config: MockConfig }): string {
  const { url, config } = options;
  const lines = [`sagestream-mock listening on ${url}`, '', `  export AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=${url}   # every official AWS SDK then calls the mock`, `  export AWS_ENDPOINT_URL_SAGEMAKER=${url}           # and its control plane (sagestream endpoints, aws sagemaker list-endpoints)`, ''];
  const mode = config.record ? `recording to ${config.record.dir} (upstream ${config.record.endpointUrl ?? config.record.region})` : config.replay ? `replaying ${config.replay.dir}` : null;
  lines.push(`Seed ${config.seed}, latency × ${config.latencyScale}, auth ${config.auth.mode}, region ${config.region}${mode ? `, ${mode}` : ''}`);
  if (!config.record && !config.replay) {
    lines.push('Endpoints:');
    const summaries = describeEndpoints(config);
    const width = Math.max(...summaries.map((summary) => summary.name.length), 4);
    for (const summary of summaries) {
      lines.push(`  ${summary.name.padEnd(width)}  ${summary.profile.padEnd(11)}  ${summary.description}`);
      const indent = `  ${''.padEnd(width)}  ${''.padEnd(11)}  `;
      // An endpoint with inference components has no container of its own: its components answer.
      if (summary.inferenceComponents.length === 0) lines.push(`${indent}${summary.model}; ${summary.latency}; chunking ${summary.chunking}${summary.fault ? `; fault ${summary.fault}` : ''}`);
      if (summary.variants.length > 1) lines.push(`${indent}variants (TargetVariant): ${summary.variants.map((variant) => `${variant.name} ×${variant.weight} on ${variant.instanceCount} ${variant.instanceType}`).join(', ')}`);
      for (const component of summary.inferenceComponents) lines.push(`${indent}inference component ${component.name}: ${component.profile}, ${component.model}, ${component.copyCount} cop${component.copyCount === 1 ? 'y' : 'ies'}`);
      if (summary.sessions && summary.inferenceComponents.length === 0) lines.push(`${indent}sessions: ${summary.sessions}`);
    }
    lines.push(...formatBidiBanner({ url, bidi: config.bidi }));
  }
  lines.push('', `Journal: GET ${url}/_mock/requests · Faults per request: CustomAttributes "mock-fault=NAME;mock-fault-after=N" · Ctrl+C stops`, '');
  return lines.join('\n');
}

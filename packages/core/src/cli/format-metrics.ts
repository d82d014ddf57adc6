import type { InvocationMetrics } from '../transport/invoke-stream.js';
import type { InvokeStreamMetadata } from '../transport/transport.js';

/** One line of metrics for stderr: `ttft 312 ms · 48 tokens · 33.1 tok/s · 1.74 s · AllTraffic · req 9f…`. */
export function formatMetrics(metrics: InvocationMetrics | undefined, metadata?: InvokeStreamMetadata, finishReason?: string): string {
  const pieces: string[] = [];
  if (metrics?.timeToFirstTokenMs !== undefined) pieces.push(`ttft ${Math.round(metrics.timeToFirstTokenMs)} ms`);
  else if (metrics?.timeToFirstByteMs !== undefined) pieces.push(`ttfb ${Math.round(metrics.timeToFirstByteMs)} ms`);
  if (metrics) pieces.push(`${metrics.tokens} tokens`);
  const usage = metrics?.usage;
  if (usage?.promptTokens !== undefined || usage?.completionTokens !== undefined) {
    pieces.push(`usage ${usage.promptTokens ?? '?'} in / ${usage.completionTokens ?? '?'} out`);
  }
  if (metrics?.tokensPerSecond !== undefined) pieces.push(`${metrics.tokensPerSecond.toFixed(1)} tok/s`);
  if (metrics?.durationMs !== undefined) pieces.push(`${(metrics.durationMs / 1000).toFixed(2)} s`);
  if (finishReason) pieces.push(`finish ${finishReason}`);
  if (metadata?.invokedVariant) pieces.push(`variant ${metadata.invokedVariant}`);
  if (metadata?.requestId) pieces.push(`request ${metadata.requestId}`);
  return `[${pieces.join(' · ')}]\n`;
}

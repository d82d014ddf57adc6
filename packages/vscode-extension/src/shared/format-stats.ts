import type { ReplyStats } from './protocol.js';

/** `850 ms`, `1.2 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One footer line: time to first token, tokens, tokens/s, the container's usage, endpoint and variant. */
export function formatStats(stats: ReplyStats): string {
  const parts: string[] = [];
  if (stats.timeToFirstTokenMs !== undefined) parts.push(`first token ${formatMs(stats.timeToFirstTokenMs)}`);
  if (stats.tokens !== undefined) parts.push(`${stats.tokens} ${stats.tokens === 1 ? 'token' : 'tokens'}`);
  if (stats.tokensPerSecond !== undefined) parts.push(`${stats.tokensPerSecond.toFixed(1)} tokens/s`);
  // The container's own count, when it sent one (the usage chunk): prompt in, completion out.
  if (stats.promptTokens !== undefined || stats.completionTokens !== undefined) {
    parts.push(`usage ${stats.promptTokens ?? '?'} in / ${stats.completionTokens ?? '?'} out`);
  }
  parts.push(stats.variant ? `${stats.endpointLabel} (${stats.variant})` : stats.endpointLabel);
  return parts.join(' · ');
}

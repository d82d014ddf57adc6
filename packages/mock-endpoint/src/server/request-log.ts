import type { JournalEntry } from './journal.js';

/** One log line per request, e.g. `POST mock-tgi stream 200 completed 48 tokens/48 parts 1.62 s`. */
export function formatRequestLog(entry: JournalEntry): string {
  const operation = entry.operation === 'InvokeEndpointWithResponseStream' ? 'stream' : entry.operation === 'InvokeEndpoint' ? 'invoke' : entry.operation;
  const seconds = (entry.durationMs / 1000).toFixed(2);
  const counts = entry.partsSent > 0 || entry.tokensSent > 0 ? ` ${entry.tokensSent} tokens/${entry.partsSent} parts` : '';
  const detail = entry.detail ? ` — ${entry.detail}` : '';
  return `${entry.time} ${entry.endpoint || '-'} ${operation} ${entry.status} ${entry.outcome}${counts} ${seconds} s${detail}`;
}

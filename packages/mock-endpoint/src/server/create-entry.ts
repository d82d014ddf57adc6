import { journalHeaders, type JournalEntry } from './journal.js';

/** A fresh journal entry for an invocation that just arrived (counters at 0, outcome `error`). */
export function createEntry(options: { requestId: string; operation: string; endpointName: string; headers: Record<string, string | string[] | undefined> }): JournalEntry {
  return {
    id: options.requestId,
    time: new Date().toISOString(),
    operation: options.operation,
    endpoint: options.endpointName,
    headers: journalHeaders(options.headers),
    body: '',
    bodyTruncated: false,
    status: 0,
    outcome: 'error',
    bytesSent: 0,
    payloadBytes: 0,
    partsSent: 0,
    tokensSent: 0,
    clientWentAway: false,
    durationMs: 0,
  };
}

import type { JournalEntry } from './journal.js';
import type { MockState } from './mock-state.js';
import { formatRequestLog } from './request-log.js';

/** Records a finished request in the journal and the log. */
export function recordEntry(state: MockState, invocation: { entry: JournalEntry; startedAt: number }): void {
  const { entry } = invocation;
  entry.durationMs = Math.round((performance.now() - invocation.startedAt) * 10) / 10;
  state.journal.record(entry);
  state.log?.(formatRequestLog(entry));
}

import { PerformanceObserver } from 'node:perf_hooks';

/** Garbage-collection pauses of this process since the last reset. */
export interface GcPauses {
  reset(): void;
  /** Longest pause and their sum, in ms. */
  report(): { maxMs: number; totalMs: number };
}

/**
 * Watches this process's GC pauses (`gc` performance entries). A pause stops the event loop: in
 * the pacing figures, a young-generation collection of a few ms shows up as late tokens on every
 * stream that had one due, in the server, or as late arrival stamps, in the client.
 */
export function watchGcPauses(): GcPauses {
  let maxMs = 0;
  let totalMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      maxMs = Math.max(maxMs, entry.duration);
      totalMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    reset() {
      maxMs = 0;
      totalMs = 0;
    },
    report: () => ({ maxMs, totalMs }),
  };
}

import { PerformanceObserver, constants } from 'node:perf_hooks';

/** Garbage-collection pauses of this process since the last reset, in ms. */
export interface GcReport {
  /** Longest pause of any kind, and the sum of all. */
  maxMs: number;
  totalMs: number;
  /** Longest young-generation collection (scavenge), and how many of them took over 3 ms. */
  youngMaxMs: number;
  youngOver3Ms: number;
}

/** Garbage-collection pauses of this process since the last reset. */
export interface GcPauses {
  reset(): void;
  report(): GcReport;
}

/**
 * Watches this process's GC pauses (`gc` performance entries). A pause stops the event loop: in
 * the pacing figures, a young-generation collection of a few ms shows up as late tokens on every
 * stream that had one due, in the server, or as late arrival stamps, in the client. A scavenge
 * lasts as long as it takes to copy what survived since the previous one, so it is the new
 * streams' state (which survives) that makes the long ones, during the ramp.
 */
export function watchGcPauses(): GcPauses {
  let report: GcReport = { maxMs: 0, totalMs: 0, youngMaxMs: 0, youngOver3Ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      report.maxMs = Math.max(report.maxMs, entry.duration);
      report.totalMs += entry.duration;
      if (((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        report.youngMaxMs = Math.max(report.youngMaxMs, entry.duration);
        if (entry.duration > 3) report.youngOver3Ms++;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    reset() {
      report = { maxMs: 0, totalMs: 0, youngMaxMs: 0, youngOver3Ms: 0 };
    },
    report: () => ({ ...report }),
  };
}

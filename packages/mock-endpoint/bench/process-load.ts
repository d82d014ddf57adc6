import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How long (ms) this process's main thread has been ready to run but waited for a CPU, from
 * Linux's schedstat (run-queue time); undefined where it is not available. On a machine whose
 * cores the server, the load client and their GC threads share, this is the part of the late
 * tokens that no server code causes: the thread was not running at all.
 */
export function runQueueWaitMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[1]) / 1e6;
  } catch {
    return undefined;
  }
}

/** This process's CPU and event-loop delay since the last reset, as the bench's servers report them. */
export interface ProcessLoad {
  reset(): void;
  report(): { cpuPercent: number; systemPercent: number; loopDelayP99Ms: number; runQueueWaitMs?: number };
}

/** Starts watching this process's load (the bench servers reset it after their warm-up). */
export function watchProcessLoad(): ProcessLoad {
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let cpuStart = process.cpuUsage();
  let started = performance.now();
  let waitStart = runQueueWaitMs();
  return {
    reset() {
      waitStart = runQueueWaitMs();
      loopDelay.reset();
      cpuStart = process.cpuUsage();
      started = performance.now();
    },
    report() {
      const cpu = process.cpuUsage(cpuStart);
      const elapsed = performance.now() - started;
      const waited = runQueueWaitMs();
      return {
        cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
        systemPercent: (cpu.system / 1000 / elapsed) * 100,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        ...(waited !== undefined && waitStart !== undefined ? { runQueueWaitMs: waited - waitStart } : {}),
      };
    },
  };
}

import { monitorEventLoopDelay } from 'node:perf_hooks';

/** This process's CPU and event-loop delay since the last reset, as the bench's servers report them. */
export interface ProcessLoad {
  reset(): void;
  report(): { cpuPercent: number; systemPercent: number; loopDelayP99Ms: number };
}

/** Starts watching this process's load (the bench servers reset it after their warm-up). */
export function watchProcessLoad(): ProcessLoad {
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let cpuStart = process.cpuUsage();
  let started = performance.now();
  return {
    reset() {
      loopDelay.reset();
      cpuStart = process.cpuUsage();
      started = performance.now();
    },
    report() {
      const cpu = process.cpuUsage(cpuStart);
      const elapsed = performance.now() - started;
      return { cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100, systemPercent: (cpu.system / 1000 / elapsed) * 100, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 };
    },
  };
}

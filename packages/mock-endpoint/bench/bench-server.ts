// The mock under load, in its own process so that the load generator does not share its core.
// With BENCH_WORKERS=N > 1 it runs as `sagestream-mock --workers N` does: a node:cluster primary
// whose N workers serve one port; the primary relays the bench's messages and sums the reports.
import cluster from 'node:cluster';
import { startServer } from '../src/index.js';
import { watchGcPauses } from './gc-pauses.js';
import { watchProcessLoad } from './process-load.js';
import { watchWriteGaps } from './write-gaps.js';
import type { MockConfigInput } from '../src/index.js';

interface Report {
  cpuPercent: number;
  /** The part of cpuPercent spent in the kernel (socket writes are most of it). */
  systemPercent: number;
  loopDelayP99Ms: number;
  /** Time the main thread(s) waited for a CPU (Linux only). */
  runQueueWaitMs?: number;
  gcMaxMs: number;
  gcTotalMs: number;
  gcYoungMaxMs?: number;
  gcYoungOver3Ms?: number;
  /** Gap errors of the frames as the server wrote them (pacing runs only; the worst worker's). */
  writeGapP99Ms?: number;
  writeGapSteadyP99Ms?: number;
}

const workers = Number(process.env.BENCH_WORKERS ?? '1');

if (workers > 1 && cluster.isPrimary) {
  const forked = Array.from({ length: workers }, () => cluster.fork());
  let listening = 0;
  const reports: Report[] = [];
  for (const worker of forked) {
    worker.on('message', (message: { url?: string; report?: Report }) => {
      if (message.url && ++listening === workers) process.send?.({ url: message.url });
      if (message.report) {
        reports.push(message.report);
        if (reports.length === workers) {
          // CPU adds up over the workers; the loop delay that matters is the worst worker's.
          const report: Report = {
            cpuPercent: reports.reduce((sum, each) => sum + each.cpuPercent, 0),
            systemPercent: reports.reduce((sum, each) => sum + each.systemPercent, 0),
            loopDelayP99Ms: Math.max(...reports.map((each) => each.loopDelayP99Ms)),
            ...(reports.every((each) => each.runQueueWaitMs !== undefined) ? { runQueueWaitMs: reports.reduce((sum, each) => sum + each.runQueueWaitMs!, 0) } : {}),
            gcMaxMs: Math.max(...reports.map((each) => each.gcMaxMs)),
            gcTotalMs: reports.reduce((sum, each) => sum + each.gcTotalMs, 0),
            gcYoungMaxMs: Math.max(...reports.map((each) => each.gcYoungMaxMs ?? 0)),
            gcYoungOver3Ms: reports.reduce((sum, each) => sum + (each.gcYoungOver3Ms ?? 0), 0),
            writeGapP99Ms: Math.max(...reports.map((each) => each.writeGapP99Ms ?? Number.NaN)),
            writeGapSteadyP99Ms: Math.max(...reports.map((each) => each.writeGapSteadyP99Ms ?? Number.NaN)),
          };
          process.send?.({ report }, () => process.exit(0));
        }
      }
    });
  }
  process.on('message', (message) => {
    for (const worker of forked) worker.send(message as string);
  });
} else {
  const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as MockConfigInput;
  const server = await startServer({ port: 0, config });
  const load = watchProcessLoad();
  const gc = watchGcPauses();
  // Pacing runs only (BENCH_WRITE_GAPS_MS: their interval): the gaps of the frames as written.
  const writeGaps = process.env.BENCH_WRITE_GAPS_MS ? watchWriteGaps(Number(process.env.BENCH_WRITE_GAPS_MS)) : undefined;
  process.send?.({ url: server.url });
  process.on('message', (message) => {
    if (message === 'reset') {
      // After the warm-up: measure the load only.
      load.reset();
      gc.reset();
      writeGaps?.reset();
      return;
    }
    if (message !== 'stop') return;
    const gaps = writeGaps?.report();
    const report: Report = {
      ...load.report(),
      gcMaxMs: gc.report().maxMs,
      gcTotalMs: gc.report().totalMs,
      gcYoungMaxMs: gc.report().youngMaxMs,
      gcYoungOver3Ms: gc.report().youngOver3Ms,
      ...(gaps ? { writeGapP99Ms: gaps.p99Ms, writeGapSteadyP99Ms: gaps.steadyP99Ms } : {}),
    };
    void server.close().then(() => process.send?.({ report }, () => process.exit(0)));
  });
}

// The mock under load, in its own process so that the load generator does not share its core.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../src/index.js';
import type { MockConfigInput } from '../src/index.js';

const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as MockConfigInput;
const server = await startServer({ port: 0, config });
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
let cpuStart = process.cpuUsage();
let started = performance.now();
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message === 'reset') {
    // After the warm-up: measure the load only.
    loopDelay.reset();
    cpuStart = process.cpuUsage();
    started = performance.now();
    return;
  }
  if (message !== 'stop') return;
  const cpu = process.cpuUsage(cpuStart);
  const report = {
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
  void server.close().then(() => process.send?.({ report }, () => process.exit(0)));
});

// npm run bench — figures next to their baselines, from the same run. Not a test: nothing is asserted.
import { fork, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { MockConfigInput } from '../src/index.js';
import { BUILT_IN_CORPUS } from '../src/index.js';
import { cpus } from 'node:os';
import { runEncodeBench } from './encode-bench.js';
import { measurePacing, measureThroughput } from './load-client.js';
import { measureSocketFloor } from './socket-floor-client.js';
import type { GcReport } from './gc-pauses.js';

const quick = process.argv.includes('--quick');
/** `npm run bench -- --only=pacing` runs one section: encode, throughput or pacing. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
/** `--name=1,2,3` as numbers, or undefined when absent. */
const listArgument = (name: string): number[] | undefined =>
  process.argv
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',')
    .map(Number)
    .filter((count) => Number.isInteger(count) && count >= 1);
const runs = (section: string): boolean => only === undefined || only === section;
/**
 * `--cpu-prof=DIR` writes a V8 CPU profile of each bench server process (and of each cluster worker)
 * into DIR, to see where the server's time goes under load.
 */
const cpuProfDir = process.argv.find((arg) => arg.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
/**
 * `--server-flags="--max-semi-space-size=2"`: Node/V8 flags for the bench server processes only
 * (not the load client). Several sets separated by `|` are measured side by side in the pacing
 * section, interleaved; an empty set is Node's defaults: `--server-flags="|--max-semi-space-size=2"`.
 */
const serverFlagSets = (process.argv.find((arg) => arg.startsWith('--server-flags='))?.slice('--server-flags='.length) ?? '').split('|').map((set) => set.split(/\s+/).filter(Boolean));
/** "65 % CPU (sys 30)": a process's CPU in % of one core, and its kernel part. */
const formatCpu = (report: { cpuPercent: number; systemPercent?: number }) => `${format(report.cpuPercent)} % CPU (sys ${report.systemPercent === undefined ? '?' : format(report.systemPercent)})`;
/** ", GC max 6.1 ms (total 80)": the longest garbage-collection pause and their sum over the measurement. */
const formatGc = (report: { gcMaxMs?: number; gcTotalMs?: number; gcYoungMaxMs?: number; gcYoungOver3Ms?: number }) =>
  report.gcMaxMs === undefined
    ? ''
    : `, GC max ${format(report.gcMaxMs, 1)} ms (total ${format(report.gcTotalMs ?? 0)}${report.gcYoungMaxMs === undefined ? '' : `; young max ${format(report.gcYoungMaxMs, 1)} ms, ${report.gcYoungOver3Ms ?? 0} over 3 ms`})`;
/** {@link formatGc} for the load client's own pauses. */
const formatClientGc = (gc: GcReport) => formatGc({ gcMaxMs: gc.maxMs, gcTotalMs: gc.totalMs, gcYoungMaxMs: gc.youngMaxMs, gcYoungOver3Ms: gc.youngOver3Ms });
/** ", waited for a CPU 120 ms": the main thread's run-queue time over the measurement (Linux). */
const formatWait = (report: { runQueueWaitMs?: number }) => (report.runQueueWaitMs === undefined ? '' : `, waited for a CPU ${format(report.runQueueWaitMs)} ms`);
/** "; as written by the server: p99 3.1 ms (all running 1.2)": the same gaps stamped at the server's socket writes. */
const formatServerGaps = (report: { writeGapP99Ms?: number; writeGapSteadyP99Ms?: number }) =>
  report.writeGapP99Ms === undefined || Number.isNaN(report.writeGapP99Ms) ? '' : `; as written by the server: p99 ${format(report.writeGapP99Ms, 2)} ms (all running ${format(report.writeGapSteadyP99Ms ?? Number.NaN, 2)})`;
/** `--timeline`: where in each pacing run the late gaps are (the ramp of new streams, the steady state, the end). */
const timeline = process.argv.includes('--timeline');
const format = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A long scripted reply, so that streams are long and the reply choice costs nothing. */
const LONG_REPLY = BUILT_IN_CORPUS.map((entry) => entry.text).join('\n\n');

const bundled = new Map<string, string>();

/**
 * The server under load runs as production code: bundled with esbuild like a build would emit it
 * (tsx's on-the-fly transform adds helpers on hot paths), in its own process.
 */
async function bundleBenchServer(name = 'bench-server'): Promise<string> {
  const done = bundled.get(name);
  if (done) return done;
  const outfile = fileURLToPath(new URL(`../.cache/${name}.mjs`, import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    // CommonJS packages stay outside the ESM bundle (esbuild cannot turn their require() calls into imports).
    external: ['express', 'yaml', 'commander', 'ws', '@smithy/*', '@aws-sdk/*'],
    logLevel: 'warning',
  });
  bundled.set(name, outfile);
  return outfile;
}

/** CPU time (ms) the whole machine spent busy so far, all cores and all processes. */
function machineBusyMs(): number {
  return cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

/**
 * Pacing under load, with what the rest of the machine did meanwhile: the busy CPU that was neither
 * the server's nor the client's, in % of one core (another benchmark on a shared machine shows here).
 */
async function measurePacingWithLoad(server: { url: string; reset: () => void; stop: () => Promise<ServerReport> }, streams: number, body: string) {
  server.reset();
  const busyStart = machineBusyMs();
  const started = performance.now();
  const pacing = await measurePacing({ url: server.url, streams, tokens: 100, intervalMs: 20, staggerMs: 1000, endpoint: 'bench', body });
  const elapsed = performance.now() - started;
  const busyPercent = ((machineBusyMs() - busyStart) / elapsed) * 100;
  const report = await server.stop();
  return { pacing, report, othersPercent: Math.max(0, busyPercent - report.cpuPercent - pacing.client.cpuPercent) };
}

/** One pacing run's figures, for the medians: gap p50/p99 and p99 with all streams running, at the client and at the server. */
interface PacingFigure {
  p50: number;
  p99: number;
  steady: number;
  serverP99: number;
  serverSteady: number;
  cpu: number;
  delay: number;
}

interface ServerReport {
  cpuPercent: number;
  /** Absent from bundles saved before they were reported. */
  gcMaxMs?: number;
  gcTotalMs?: number;
  gcYoungMaxMs?: number;
  gcYoungOver3Ms?: number;
  /** Absent from bundles saved before it was reported. */
  systemPercent?: number;
  loopDelayP99Ms: number;
  /** Absent off Linux and from bundles saved before it was reported. */
  runQueueWaitMs?: number;
  /** Gap errors as the server wrote the frames; absent from bundles saved before they were reported. */
  writeGapP99Ms?: number;
  writeGapSteadyP99Ms?: number;
}

/**
 * `writeGapsMs`: the server stamps its frame writes and reports their gap errors against this
 * interval (pacing runs only: the stamping costs a little on every write).
 */
interface BenchServerOptions {
  workers?: number;
  bundle?: string | undefined;
  flags?: string[];
  writeGapsMs?: number;
}

async function startBenchServer(config: MockConfigInput, options: BenchServerOptions = {}): Promise<{ url: string; reset: () => void; stop: () => Promise<ServerReport> }> {
  const server = await forkBenchServer(config, options);
  // Warm up (JIT, lazily loaded modules), then reset the server's counters.
  for (let i = 0; i < 20; i++) {
    await measureThroughput({ url: server.url, concurrency: 4, ms: 1, endpoint: 'bench', body: JSON.stringify({ inputs: `warm-up ${i}`, parameters: { max_new_tokens: 50 }, stream: true }), attributes: 'mock-latency-scale=0' });
  }
  server.reset();
  return server;
}

async function forkBenchServer(config: MockConfigInput, options: BenchServerOptions = {}): Promise<{ url: string; reset: () => void; stop: () => Promise<ServerReport> }> {
  const { workers = 1, bundle, flags = serverFlagSets[0]!, writeGapsMs } = options;
  // The server is a plain bundle: it runs with no loader (not tsx's), as a build would.
  const nodeArgs = [...flags, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])];
  const child: ChildProcess = fork(bundle ?? (await bundleBenchServer()), {
    execArgv: nodeArgs,
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config), BENCH_WORKERS: String(workers), ...(writeGapsMs ? { BENCH_WRITE_GAPS_MS: String(writeGapsMs) } : {}) },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const stop = () =>
    new Promise<ServerReport>((resolve) => {
      child.on('message', (message) => {
        if ((message as { report?: ServerReport }).report) resolve((message as { report: ServerReport }).report);
      });
      child.send('stop');
    });
  return { url, reset: () => child.send('reset'), stop };
}

function benchEndpoint(latency: { timeToFirstToken: number; interToken: number }) {
  return { profile: 'tgi' as const, reply: { mode: 'scripted' as const, rules: [{ match: '^', reply: LONG_REPLY }] }, latency, model: { created: 1 } };
}

console.log(`sagestream mock-endpoint benchmark — node ${process.version}, ${(await import('node:os')).cpus().length} cores${quick ? ' (quick)' : ''}\n`);

// 1. Encoding PayloadPart frames.
if (runs('encode')) {
  const encode = runEncodeBench({ ms: quick ? 300 : 1500 });
  console.log('1. PayloadPart frames encoded per second (same payloads: TGI generate_stream events, mean %s bytes)', format(encode.meanBytes));
  console.log(`   @sagestream/core encodePayloadPart    ${format(encode.core).padStart(12)} frames/s   ${format(encode.core / encode.smithy, 1)}× the baseline (target ≥ 5×)`);
  console.log(`   @smithy/eventstream-codec encode      ${format(encode.smithy).padStart(12)} frames/s   (baseline)\n`);
}

// 2. Aggregate tokens/s at latency scale 0.
if (runs('throughput')) {
  const throughputServer = await startBenchServer({ latencyScale: 0, defaultEndpoints: false, endpoints: { bench: benchEndpoint({ timeToFirstToken: 0, interToken: 0 }) } });
  const body = JSON.stringify({ inputs: 'benchmark', parameters: { max_new_tokens: 1000 }, stream: true });
  console.log('2. Tokens per second delivered to N concurrent streams over loopback (latency scale 0, TGI, 1 token per PayloadPart)');
  for (const concurrency of quick ? [1, 100] : [1, 10, 100, 500]) {
    const result = await measureThroughput({ url: throughputServer.url, concurrency, ms: quick ? 1000 : 3000, endpoint: 'bench', body });
    console.log(`   N = ${String(concurrency).padStart(4)}   ${format(result.framesPerSecond).padStart(10)} tokens/s   (${result.streams} streams of 1,000 tokens; target ≥ 100,000)`);
  }
  const throughputReport = await throughputServer.stop();
  console.log(`   server: ${format(throughputReport.cpuPercent)} % of a core`);
}

if (runs('throughput')) {
  // 2b. The current containers' formats, next to TGI measured on the same server in the same run.
  const formatsServer = await startBenchServer({
    latencyScale: 0,
    defaultEndpoints: false,
    endpoints: {
      bench: benchEndpoint({ timeToFirstToken: 0, interToken: 0 }),
      'bench-vllm': { ...benchEndpoint({ timeToFirstToken: 0, interToken: 0 }), profile: 'vllm' as const },
      'bench-lmi-async': { ...benchEndpoint({ timeToFirstToken: 0, interToken: 0 }), profile: 'lmi-async' as const },
    },
  });
  const generateBody = JSON.stringify({ inputs: 'benchmark', parameters: { max_new_tokens: 1000 }, stream: true });
  const chatBody = JSON.stringify({ messages: [{ role: 'user', content: 'benchmark' }], max_tokens: 1000, stream: true });
  console.log('\n2b. Tokens per second, N = 100 streams, by container format (latency scale 0, same server, same run)');
  for (const [label, endpoint, requestBody] of [
    ['TGI generate_stream (baseline)', 'bench', generateBody],
    ['vLLM chat SSE (reasoning)', 'bench-vllm', chatBody],
    ['LMI async chat JSON Lines', 'bench-lmi-async', chatBody],
  ] as const) {
    const result = await measureThroughput({ url: formatsServer.url, concurrency: 100, ms: quick ? 1000 : 3000, endpoint, body: requestBody });
    console.log(`   ${label.padEnd(32)} ${format(result.framesPerSecond).padStart(10)} PayloadParts/s   (${result.streams} streams)`);
  }
  await formatsServer.stop();
}

// 3. Pacing accuracy at up to 1,000 streams of 50 tokens/s, per number of mock worker processes
//    (`--workers`), next to the machine's small-write floor.
if (runs('pacing')) {
  const workerCounts = (process.argv.find((arg) => arg.startsWith('--workers='))?.slice('--workers='.length) ?? '1,2')
    .split(',')
    .map(Number)
    .filter((count) => Number.isInteger(count) && count >= 1 && count <= 64);
  /** `--streams=1000` measures only those N; `--repeat=3` measures each figure 3 times and adds the median. */
  const streamCounts = listArgument('streams') ?? (quick ? [200] : [250, 500, 1000]);
  const repeat = listArgument('repeat')?.[0] ?? 1;
  /**
   * `--server-bundle=.cache/base-server.mjs` measures a saved bench-server bundle (say, the previous
   * commit's) in the same run, interleaved with the current one: on a shared machine, only figures
   * from the same run compare.
   */
  const bundles = [undefined, ...(process.argv.find((arg) => arg.startsWith('--server-bundle='))?.slice('--server-bundle='.length).split(',') ?? [])];
  /** Each bundle with each flag set, measured interleaved; the label names what differs. */
  const variants = bundles.flatMap((bundle) =>
    serverFlagSets.map((flags) => ({ bundle, flags, label: [bundle, serverFlagSets.length > 1 ? flags.join(' ') || 'default flags' : ''].filter(Boolean).join(' ') })),
  );
  console.log('\n3. Pacing: N streams × 50 tokens/s (20 ms configured, 100 tokens each, started over 1 s), measured at the client, per --workers W');
  const pacingBody = (tokens: number) => JSON.stringify({ inputs: 'pacing', parameters: { max_new_tokens: tokens }, stream: true });
  for (const workers of workerCounts) {
    for (const streams of streamCounts) {
      const figures = new Map<string, PacingFigure[]>(variants.map((variant) => [variant.label, []]));
      for (let run = 0; run < repeat; run++) {
        for (const { bundle, flags, label } of variants) {
          const server = await startBenchServer({ latencyScale: 1, defaultEndpoints: false, endpoints: { bench: benchEndpoint({ timeToFirstToken: 20, interToken: 20 }) } }, { workers, bundle, flags, writeGapsMs: 20 });
          // Warm the load generator's own code path too, then measure.
          await measurePacing({ url: server.url, streams: 100, tokens: 20, intervalMs: 20, staggerMs: 200, endpoint: 'bench', body: pacingBody(20) });
          const { pacing, report, othersPercent } = await measurePacingWithLoad(server, streams, pacingBody(100));
          figures.get(label)!.push({ p50: pacing.gap.p50, p99: pacing.gap.p99, steady: pacing.steady.p99, serverP99: report.writeGapP99Ms ?? Number.NaN, serverSteady: report.writeGapSteadyP99Ms ?? Number.NaN, cpu: report.cpuPercent, delay: report.loopDelayP99Ms });
          console.log(
            `   W = ${workers}  N = ${String(streams).padStart(4)} (${format(streams * 50).padStart(6)} tokens/s)  actual − configured gap: p50 ${format(pacing.gap.p50, 2).padStart(5)} ms  p99 ${format(pacing.gap.p99, 2).padStart(6)} ms  (all ${streams} running: p99 ${format(pacing.steady.p99, 2)} ms over ${format(pacing.steady.seconds, 1)} s)${formatServerGaps(report)}` +
              `   |drift from schedule| p99 ${format(pacing.schedule.p99, 1).padStart(5)} ms   server ${formatCpu(report)}, loop delay p99 ${format(report.loopDelayP99Ms, 1)} ms${formatGc(report)}${formatWait(report)}` +
              `   client ${formatCpu(pacing.client)}, loop delay p99 ${format(pacing.client.loopDelayP99Ms, 1)} ms${formatClientGc(pacing.client.gc)}${formatWait(pacing.client)}   others ${format(othersPercent)} %${label ? `   [${label}]` : ''}`,
          );
          if (timeline) {
            console.log(`      gaps > 5 ms late, % per 250 ms: ${pacing.lateShareByQuarter.map((share) => format(share, 1)).join(' ')}`);
            console.log(`      gaps > 5 ms late, % by place in the stream (1st, 2nd, 3rd–10th, later): ${pacing.lateShareByIndex.map((share) => format(share, 1)).join(' ')}`);
          }
        }
      }
      if (repeat > 1) {
        for (const [label, runs] of figures) {
          const median = (pick: (figure: PacingFigure) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
          console.log(
            `   median of ${repeat}: W = ${workers}  N = ${String(streams).padStart(4)}  gap p50 ${format(median((f) => f.p50), 2)} ms  p99 ${format(median((f) => f.p99), 2)} ms  (all running: p99 ${format(median((f) => f.steady), 2)} ms)${formatServerGaps({ writeGapP99Ms: median((f) => f.serverP99), writeGapSteadyP99Ms: median((f) => f.serverSteady) })}   server ${format(median((f) => f.cpu))} % CPU, loop delay p99 ${format(median((f) => f.delay), 1)} ms${label ? `   [${label}]` : ''}`,
          );
        }
      }
    }
  }
  console.log('   (target: p99 ≤ 5 ms at N = 1000; "all running" counts only the gaps between the moment the last stream got its first token and the moment the first stream got its last one: no connection is being opened or closed)');
  // The floor: same client, scheduler and frames, a bare TCP server instead of the mock.
  for (const streams of streamCounts.slice(-1)) {
    for (let run = 0; run < repeat; run++) {
      const floorServer = await forkBenchServer({}, { bundle: await bundleBenchServer('pacing-floor'), writeGapsMs: 20 });
      await measurePacing({ url: floorServer.url, streams: 100, tokens: 20, intervalMs: 20, staggerMs: 200, endpoint: 'bench', body: pacingBody(20) });
      const { pacing, report, othersPercent } = await measurePacingWithLoad(floorServer, streams, pacingBody(100));
      console.log(
        `   floor: bare TCP pacer (no HTTP server, no mock), N = ${streams}: gap p50 ${format(pacing.gap.p50, 2)} ms  p99 ${format(pacing.gap.p99, 2)} ms  (all running: p99 ${format(pacing.steady.p99, 2)} ms)${formatServerGaps(report)}   server ${formatCpu(report)}, loop delay p99 ${format(report.loopDelayP99Ms, 1)} ms${formatWait(report)}` +
          `   client ${formatCpu(pacing.client)}, loop delay p99 ${format(pacing.client.loopDelayP99Ms, 1)} ms${formatClientGc(pacing.client.gc)}${formatWait(pacing.client)}   others ${format(othersPercent)} %`,
      );
    }
  }
  const floor = await measureSocketFloor(200);
  console.log(`   baseline: bare loopback TCP takes ${format(floor)} writes/s of 240 bytes here (no HTTP, no mock, one writer process); N streams need N × 50.`);
}

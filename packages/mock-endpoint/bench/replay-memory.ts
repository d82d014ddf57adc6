// Peak memory of four concurrent replays of one large cassette, next to a baseline measured in the
// same run: each request parsing its own copy and queueing every part up front (what replay did
// before the cassette store). Not a test: nothing is asserted. Each scenario runs in its own process.
//   npx tsx --conditions=source bench/replay-memory.ts [--mb 100]
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONCURRENCY = 4;
const DIGEST = '0'.repeat(64);

/** Writes a stream cassette of about `mb` MB (parts of 3 KiB). */
async function writeCassette(dir: string, mb: number): Promise<string> {
  const part = Buffer.alloc(3072, 'a').toString('base64');
  const count = Math.ceil((mb * 1024 * 1024) / (part.length + 24));
  const parts = Array.from({ length: count }, () => ({ atMs: 0, bytes: part }));
  const cassette = {
    version: 1,
    recordedAt: new Date().toISOString(),
    operation: 'InvokeEndpointWithResponseStream',
    endpoint: 'big',
    request: { bodySha256: DIGEST, body: '{}', bodyEncoding: 'utf8' },
    response: { status: 200, headers: { 'X-Amzn-SageMaker-Content-Type': 'application/jsonlines' } },
    parts,
    end: { type: 'completed', atMs: 0 },
  };
  await mkdir(join(dir, 'big'), { recursive: true });
  const file = join(dir, 'big', 'stream-0000000000000000.json');
  await writeFile(file, JSON.stringify(cassette));
  return file;
}

/** Samples RSS until stopped; returns the peak. */
function sampleRss(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

function drain(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/endpoints/big/invocations-response-stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, agent: false }, (incoming) => {
      let bytes = 0;
      incoming.on('data', (chunk: Buffer) => (bytes += chunk.length));
      incoming.on('end', () => resolve(bytes));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end('{"x":1}');
  });
}

/** The current replayer, through the whole server. */
async function currentScenario(dir: string): Promise<void> {
  const { startServer } = await import('../src/index.js');
  const server = await startServer({ config: { latencyScale: 0, replay: { dir, maxCassetteBytes: 1024 * 1024 * 1024 } } });
  const before = process.memoryUsage().rss;
  const peak = sampleRss();
  const started = performance.now();
  const sizes = await Promise.all(Array.from({ length: CONCURRENCY }, () => drain(server.url)));
  const ms = performance.now() - started;
  const top = peak();
  await server.close();
  process.stdout.write(JSON.stringify({ peakMb: (top - before) / 2 ** 20, ms, sentMb: sizes.reduce((a, b) => a + b, 0) / 2 ** 20 }));
}

/** The baseline: each request reads and parses its own copy and decodes every part up front. */
async function baselineScenario(file: string): Promise<void> {
  const before = process.memoryUsage().rss;
  const peak = sampleRss();
  const started = performance.now();
  const copies = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const cassette = JSON.parse(await readFile(file, 'utf8')) as { parts: { bytes: string }[] };
      // One closure per part, queued at once, as the scheduler held them.
      return cassette.parts.map((part) => () => Buffer.from(part.bytes, 'base64'));
    }),
  );
  let sent = 0;
  for (const tasks of copies) for (const task of tasks) sent += task().length;
  const ms = performance.now() - started;
  const top = peak();
  process.stdout.write(JSON.stringify({ peakMb: (top - before) / 2 ** 20, ms, sentMb: sent / 2 ** 20 }));
}

function runChild(args: string[]): Promise<{ peakMb: number; ms: number; sentMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as { peakMb: number; ms: number; sentMb: number }) : reject(new Error(`scenario exited with ${code}`))));
  });
}

const [mode, target] = process.argv.slice(2);
if (mode === '--current') await currentScenario(target!);
else if (mode === '--baseline') await baselineScenario(target!);
else {
  const mbIndex = process.argv.indexOf('--mb');
  const mb = mbIndex === -1 ? 100 : Number(process.argv[mbIndex + 1]);
  const dir = await mkdtemp(join(tmpdir(), 'sagestream-replay-bench-'));
  try {
    const file = await writeCassette(dir, mb);
    const baseline = await runChild(['--baseline', file]);
    const current = await runChild(['--current', dir]);
    const line = (name: string, result: { peakMb: number; ms: number; sentMb: number }) => `  ${name.padEnd(44)} peak +${result.peakMb.toFixed(0).padStart(5)} MB RSS   ${result.ms.toFixed(0).padStart(6)} ms`;
    console.log(`Replay memory: ${CONCURRENCY} concurrent replays of a ${mb} MB cassette`);
    console.log(line('baseline (own parse per request, parts queued)', baseline));
    console.log(line('cassette store (shared parse, streamed parts)', current));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench` (integration): the client's added latency on loopback.
 *  (a) per token: time from the mock writing a PayloadPart to the client yielding its token (p50/p99);
 *  (b) time to first token: SDK transport and fetch transport vs a raw `fetch` decoded by core (baseline).
 * The mock runs in this process, so both sides read the same clock.
 */
import { Socket } from 'node:net';
import { cpus } from 'node:os';
import { createFetchTransport, decodeResponseStream, invokeStream, type StreamTransport } from '@sagestream/core';
import { createSageMakerTransport } from '@sagestream/core/client';
import { startServer } from '@sagestream/mock-endpoint';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Every socket write by the mock that carries a PayloadPart frame, timestamped (one request runs at
// a time). The mock writes frames straight to the socket, one write per token.
let writes: number[] = [];
const PAYLOAD_PART = Buffer.from('PayloadPart');
const originalWrite = Socket.prototype.write;
Socket.prototype.write = function write(this: Socket & { server?: unknown }, ...args: unknown[]) {
  const data = args[0];
  if (this.server && data instanceof Uint8Array && Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(PAYLOAD_PART)) {
    writes.push(performance.now());
  }
  return (originalWrite as (...rest: unknown[]) => boolean).apply(this, args);
} as typeof Socket.prototype.write;

const LONG_REPLY = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}: streaming responses arrive token by token, so the client can render them as they come.`).join(' ');
const TOKENS = 200;
const REQUESTS = 60;
const body = JSON.stringify({ inputs: 'Tell me about streaming.', parameters: { max_new_tokens: TOKENS }, stream: true });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Client = (url: string) => Promise<{ firstTokenMs: number; yields: number[] }>;

function viaTransport(transport: StreamTransport): Client {
  return async () => {
    const started = performance.now();
    const stream = await invokeStream({ transport, request: { endpointName: 'bench-tgi', body } });
    const yields: number[] = [];
    for await (const part of stream) if (part.type === 'text-delta') yields.push(performance.now());
    return { firstTokenMs: yields[0]! - started, yields };
  };
}

const rawFetch: Client = async (url) => {
  const started = performance.now();
  const response = await fetch(`${url}/endpoints/bench-tgi/invocations-response-stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const yields: number[] = [];
  for await (const part of decodeResponseStream(response.body!, { contentType: response.headers.get('x-amzn-sagemaker-content-type') ?? undefined })) {
    if (part.type === 'text-delta') yields.push(performance.now());
  }
  return { firstTokenMs: yields[0]! - started, yields };
};

async function measure(client: Client, url: string) {
  const perToken: number[] = [];
  const firstToken: number[] = [];
  for (let i = 0; i < 5; i++) await client(url); // warm-up: JIT, sockets
  for (let i = 0; i < REQUESTS; i++) {
    writes = [];
    const { firstTokenMs, yields } = await client(url);
    if (yields.length !== TOKENS || writes.length < TOKENS) throw new Error(`expected ${TOKENS} tokens, got ${yields.length} (${writes.length} writes)`);
    // The last TOKENS writes are the token frames, in order (one PayloadPart per token).
    const tokenWrites = writes.slice(writes.length - TOKENS);
    for (let k = 0; k < TOKENS; k++) perToken.push(yields[k]! - tokenWrites[k]!);
    firstToken.push(firstTokenMs);
  }
  return { perToken, firstToken };
}

function row(name: string, result: { perToken: number[]; firstToken: number[] }, baseline?: { firstToken: number[] }): string[] {
  const ttft = percentile(result.firstToken, 50);
  return [
    name,
    percentile(result.perToken, 50).toFixed(3),
    percentile(result.perToken, 99).toFixed(3),
    ttft.toFixed(2),
    percentile(result.firstToken, 99).toFixed(2),
    baseline ? `${(ttft - percentile(baseline.firstToken, 50) >= 0 ? '+' : '')}${(ttft - percentile(baseline.firstToken, 50)).toFixed(2)}` : '(baseline)',
  ];
}

function print(title: string, rows: string[][]): void {
  const header = ['client', 'token p50 ms', 'token p99 ms', 'TTFT p50 ms', 'TTFT p99 ms', 'TTFT vs baseline'];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) console.log(line(cells));
}

async function main(): Promise<void> {
  console.log(`client latency on loopback — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${REQUESTS} requests × ${TOKENS} tokens each`);
  for (const [label, interTokenMs] of [['latency scale 0 (tokens written back to back)', 0], ['paced at 200 tokens/s (5 ms between tokens)', 5]] as const) {
    const mock = await startServer({
      port: 0,
      config: {
        latencyScale: interTokenMs === 0 ? 0 : 1,
        endpoints: {
          'bench-tgi': { profile: 'tgi', reply: { mode: 'scripted', rules: [{ match: '.', reply: LONG_REPLY }] }, latency: { timeToFirstToken: { distribution: 'fixed', ms: 0 }, interToken: { distribution: 'fixed', ms: interTokenMs } } },
        },
      },
    });
    const sdk = createSageMakerTransport({ endpointUrl: mock.url, region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
    const baseline = await measure(rawFetch, mock.url);
    const overFetch = await measure(viaTransport(createFetchTransport({ baseUrl: mock.url })), mock.url);
    const overSdk = await measure(viaTransport(sdk), mock.url);
    print(label, [
      row('raw fetch + decodeResponseStream', baseline),
      row('invokeStream, fetch transport', overFetch, baseline),
      row('invokeStream, AWS SDK transport', overSdk, baseline),
    ]);
    await mock.close();
  }
}

await main();

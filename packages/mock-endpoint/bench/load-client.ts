import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** Counts PayloadPart frames in a body as it arrives (frame length prefixes only, no CRC work). */
function createFrameCounter(onFrame: () => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    let buffer: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    while (buffer.length >= 4) {
      const length = buffer.readUInt32BE(0);
      if (buffer.length < length) break;
      onFrame();
      buffer = buffer.subarray(length);
    }
    pending = buffer;
  };
}

/** One streaming request; calls `onFrame` at each frame arrival. */
export function streamOnce(options: { url: string; agent: Agent; endpoint: string; body: string; attributes?: string; onFrame: () => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.attributes) headers['X-Amzn-SageMaker-Custom-Attributes'] = options.attributes;
    const outgoing = request(new URL(`/endpoints/${options.endpoint}/invocations-response-stream`, options.url), { method: 'POST', headers, agent: options.agent }, (response) => {
      const count = createFrameCounter(options.onFrame);
      response.on('data', count);
      response.on('end', resolve);
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Closed loop: `concurrency` clients stream back to back for `ms`; returns frames/s. */
export async function measureThroughput(options: { url: string; concurrency: number; ms: number; endpoint: string; body: string; attributes?: string }): Promise<{ framesPerSecond: number; streams: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  let frames = 0;
  let streams = 0;
  const start = performance.now();
  const deadline = start + options.ms;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        await streamOnce({ url: options.url, agent, endpoint: options.endpoint, body: options.body, ...(options.attributes ? { attributes: options.attributes } : {}), onFrame: () => frames++ });
        streams++;
      }
    }),
  );
  const elapsed = performance.now() - start;
  agent.destroy();
  return { framesPerSecond: (frames / elapsed) * 1000, streams };
}

/** Percentile of a sorted list. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `streams` concurrent streams paced at `intervalMs` per token, started over `staggerMs`:
 * the error of each inter-arrival gap (actual − configured) and of each arrival against the
 * stream's own schedule (first token + k × interval), in ms.
 */
export async function measurePacing(options: { url: string; streams: number; tokens: number; intervalMs: number; staggerMs: number; endpoint: string; body: string }) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const gapErrors: number[] = [];
  const scheduleErrors: number[] = [];
  await Promise.all(
    Array.from({ length: options.streams }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index / options.streams) * options.staggerMs));
      const arrivals: number[] = [];
      await streamRaw({ url: options.url, endpoint: options.endpoint, body: options.body, onFrame: () => arrivals.push(performance.now()) });
      for (let k = 1; k < arrivals.length; k++) {
        gapErrors.push(arrivals[k]! - arrivals[k - 1]! - options.intervalMs);
        scheduleErrors.push(arrivals[k]! - arrivals[0]! - k * options.intervalMs);
      }
    }),
  );
  agent.destroy();
  gapErrors.sort((a, b) => a - b);
  const absolute = scheduleErrors.map(Math.abs).sort((a, b) => a - b);
  return {
    samples: gapErrors.length,
    gap: { p1: percentile(gapErrors, 1), p50: percentile(gapErrors, 50), p99: percentile(gapErrors, 99) },
    schedule: { p50: percentile(absolute, 50), p99: percentile(absolute, 99) },
  };
}

/**
 * A streaming request over a bare TCP socket (HTTP/1.1 by hand, Connection: close): much less
 * client CPU per token than node:http, so that the client adds as little jitter as possible.
 * Calls `onFrame` for each complete PayloadPart frame.
 */
export function streamRaw(options: { url: string; endpoint: string; body: string; onFrame: () => void }): Promise<void> {
  const { hostname, port } = new URL(options.url);
  const body = Buffer.from(options.body);
  const head = Buffer.from(
    `POST /endpoints/${options.endpoint}/invocations-response-stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
  );
  return new Promise((resolve, reject) => {
    let headerDone = false;
    let pending: Buffer = Buffer.alloc(0);
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.concat([head, body])));
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      let buffer: Buffer = pending.length > 0 ? Buffer.concat([pending, data]) : data;
      if (!headerDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) {
          pending = buffer;
          return;
        }
        headerDone = true;
        buffer = buffer.subarray(end + 4);
      }
      // Chunked body: one frame per chunk, "size\r\n<frame>\r\n".
      for (;;) {
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd === -1) break;
        const size = Number.parseInt(buffer.toString('latin1', 0, lineEnd), 16);
        if (size === 0 || buffer.length < lineEnd + 2 + size + 2) break;
        options.onFrame();
        buffer = buffer.subarray(lineEnd + 2 + size + 2);
      }
      pending = buffer;
    });
    socket.on('end', () => resolve());
    socket.on('error', reject);
  });
}

import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { watchGcPauses } from './gc-pauses.js';
import { summarizeGaps } from './gap-stats.js';
import { runQueueWaitMs } from './process-load.js';

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

/**
 * `streams` concurrent streams paced at `intervalMs` per token, started over `staggerMs`, each
 * frame stamped as it arrives: the pacing statistics of those stamps ({@link summarizeGaps}) and
 * the client's own load while it measured.
 */
export async function measurePacing(options: { url: string; streams: number; tokens: number; intervalMs: number; staggerMs: number; endpoint: string; body: string }) {
  // Everything a stream stamps into is allocated before the run: during it, the client only
  // connects, reads and stamps, so that its own garbage collections delay as few stamps as possible.
  const capacity = options.tokens + 8;
  const stamps = Array.from({ length: options.streams }, () => new Float64Array(capacity));
  const counts = new Int32Array(options.streams);
  const request = rawStreamRequest(options);
  const onFrames = stamps.map((times, index) => () => {
    const count = counts[index]!;
    if (count < capacity) times[count] = performance.now();
    counts[index] = count + 1;
  });
  // Start from a clean heap when the bench runs with --expose-gc (`npm run bench` does).
  (globalThis as { gc?: () => void }).gc?.();
  // (and let that collection's performance entry go by before the watch starts)
  await new Promise((resolve) => setTimeout(resolve, 5));
  // The client's own load, reported next to the server's: arrivals are stamped on this loop.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const gc = watchGcPauses();
  const cpuStart = process.cpuUsage();
  const waitStart = runQueueWaitMs();
  const started = performance.now();
  await Promise.all(
    onFrames.map(async (onFrame, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index / options.streams) * options.staggerMs));
      await streamRequest({ ...request, onFrame });
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  const elapsed = performance.now() - started;
  const waitEnd = runQueueWaitMs();
  const client = {
    cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
    systemPercent: (cpu.system / 1000 / elapsed) * 100,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    gc: gc.report(),
    ...(waitStart !== undefined && waitEnd !== undefined ? { runQueueWaitMs: waitEnd - waitStart } : {}),
  };
  loopDelay.disable();
  if (counts.some((count) => count > capacity)) throw new Error(`a stream sent more than ${capacity} frames; the bench asked for ${options.tokens} tokens`);
  return { ...summarizeGaps(stamps.map((times, index) => times.subarray(0, counts[index])), { intervalMs: options.intervalMs, startedAt: started }), client };
}

/** Where {@link createChunkedFrameParser} is in the response. */
const enum Parse {
  Head,
  Size,
  SizeEnd,
  Data,
  DataEnd,
  Done,
}

const CR = 0x0d;
const LF = 0x0a;

/** The value of one hex digit, or -1. */
function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * An incremental parser of an HTTP/1.1 response with a chunked body that calls `onFrame` when a
 * whole chunk (one PayloadPart frame: "size\r\n<frame>\r\n") has arrived. It keeps only a few
 * numbers between reads and skips chunk data by arithmetic: no copies, no allocations, no strings,
 * so that stamping an arrival costs the load generator as little as possible.
 */
export function createChunkedFrameParser(onFrame: () => void): (bytes: Uint8Array, length: number) => void {
  let state = Parse.Head;
  /** Head: how much of "\r\n\r\n" was just seen; Size: the size so far; Data: bytes left. */
  let count = 0;
  return (bytes, length) => {
    let i = 0;
    while (i < length) {
      switch (state) {
        case Parse.Head: {
          const byte = bytes[i++]!;
          count = byte === (count % 2 === 0 ? CR : LF) ? count + 1 : byte === CR ? 1 : 0;
          if (count === 4) {
            state = Parse.Size;
            count = 0;
          }
          break;
        }
        case Parse.Size: {
          const byte = bytes[i++]!;
          const digit = hexDigit(byte);
          if (digit >= 0) count = count * 16 + digit;
          else if (byte === CR) state = Parse.SizeEnd;
          break;
        }
        case Parse.SizeEnd:
          i++;
          state = count === 0 ? Parse.Done : Parse.Data;
          break;
        case Parse.Data: {
          const take = Math.min(count, length - i);
          i += take;
          count -= take;
          if (count === 0) state = Parse.DataEnd;
          break;
        }
        case Parse.DataEnd:
          // The chunk's CRLF: the frame is complete at its LF.
          if (bytes[i++] === LF) {
            onFrame();
            state = Parse.Size;
          }
          break;
        case Parse.Done:
          return;
      }
    }
  };
}

/** One read buffer for every socket of the load generator: each read is parsed before the next. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** Where and what {@link streamRequest} sends: the whole request, ready-made (the same for every stream of a run). */
export interface RawStreamRequest {
  host: string;
  port: number;
  bytes: Buffer;
}

/** The bytes of a streaming request to `endpoint` on the mock at `url` (HTTP/1.1, Connection: close). */
export function rawStreamRequest(options: { url: string; endpoint: string; body: string }): RawStreamRequest {
  const { hostname, port } = new URL(options.url);
  const body = Buffer.from(options.body);
  const head = Buffer.from(
    `POST /endpoints/${options.endpoint}/invocations-response-stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
  );
  return { host: hostname, port: Number(port), bytes: Buffer.concat([head, body]) };
}

/**
 * A streaming request over a bare TCP socket (HTTP/1.1 by hand, Connection: close): much less
 * client CPU per token than node:http, so that the client adds as little jitter as possible.
 * Reads land in one shared buffer (`onread`) and are parsed in place, with no stream machinery
 * or allocation per read. Calls `onFrame` for each complete PayloadPart frame.
 */
export function streamRequest(options: RawStreamRequest & { onFrame: () => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const parse = createChunkedFrameParser(options.onFrame);
    const socket = connect({ port: options.port, host: options.host, noDelay: true, onread: { buffer: READ_BUFFER, callback: (length, buffer) => (parse(buffer, length), true) } }, () =>
      socket.write(options.bytes),
    );
    socket.on('end', () => resolve());
    socket.on('error', reject);
  });
}

import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { watchGcPauses } from './gc-pauses.js';

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
  // The client's own load, reported next to the server's: arrivals are stamped on this loop.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const gc = watchGcPauses();
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  /** Gaps more than 5 ms late, per quarter second since the start: where in the run the tail comes from. */
  const lateByQuarter: number[] = [];
  const gapsByQuarter: number[] = [];
  /** Every stream's arrival times: the steady window is when all streams are between their first and last token. */
  const streams: number[][] = [];
  await Promise.all(
    Array.from({ length: options.streams }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index / options.streams) * options.staggerMs));
      const arrivals: number[] = [];
      streams.push(arrivals);
      await streamRaw({ url: options.url, endpoint: options.endpoint, body: options.body, onFrame: () => arrivals.push(performance.now()) });
      for (let k = 1; k < arrivals.length; k++) {
        const error = arrivals[k]! - arrivals[k - 1]! - options.intervalMs;
        const quarter = Math.floor((arrivals[k]! - started) / 250);
        gapsByQuarter[quarter] = (gapsByQuarter[quarter] ?? 0) + 1;
        if (error > 5) lateByQuarter[quarter] = (lateByQuarter[quarter] ?? 0) + 1;
        gapErrors.push(error);
        scheduleErrors.push(arrivals[k]! - arrivals[0]! - k * options.intervalMs);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  const elapsed = performance.now() - started;
  const client = { cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100, systemPercent: (cpu.system / 1000 / elapsed) * 100, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, gc: gc.report() };
  loopDelay.disable();
  agent.destroy();
  gapErrors.sort((a, b) => a - b);
  const absolute = scheduleErrors.map(Math.abs).sort((a, b) => a - b);
  // Steady state: from the moment the last stream got its first token to the moment the first
  // stream got its last one, every stream is running (no connection is being set up or closed).
  const steadyFrom = Math.max(...streams.map((arrivals) => arrivals[0] ?? Infinity));
  const steadyTo = Math.min(...streams.map((arrivals) => arrivals.at(-1) ?? -Infinity));
  const steadyGaps: number[] = [];
  for (const arrivals of streams) {
    for (let k = 1; k < arrivals.length; k++) {
      if (arrivals[k - 1]! >= steadyFrom && arrivals[k]! <= steadyTo) steadyGaps.push(arrivals[k]! - arrivals[k - 1]! - options.intervalMs);
    }
  }
  steadyGaps.sort((a, b) => a - b);
  return {
    samples: gapErrors.length,
    gap: { p1: percentile(gapErrors, 1), p50: percentile(gapErrors, 50), p99: percentile(gapErrors, 99) },
    /** The gaps while all streams run (after the ramp, before the first stream ends); empty when the streams never overlap. */
    steady: { samples: steadyGaps.length, seconds: Math.max(0, steadyTo - steadyFrom) / 1000, p99: steadyGaps.length > 0 ? percentile(steadyGaps, 99) : Number.NaN },
    schedule: { p50: percentile(absolute, 50), p99: percentile(absolute, 99) },
    client,
    /** % of the gaps of each quarter second that were more than 5 ms late. */
    lateShareByQuarter: Array.from(gapsByQuarter, (gaps, quarter) => (gaps ? ((lateByQuarter[quarter] ?? 0) / gaps) * 100 : 0)),
  };
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

/**
 * A streaming request over a bare TCP socket (HTTP/1.1 by hand, Connection: close): much less
 * client CPU per token than node:http, so that the client adds as little jitter as possible.
 * Reads land in one shared buffer (`onread`) and are parsed in place, with no stream machinery
 * or allocation per read. Calls `onFrame` for each complete PayloadPart frame.
 */
export function streamRaw(options: { url: string; endpoint: string; body: string; onFrame: () => void }): Promise<void> {
  const { hostname, port } = new URL(options.url);
  const body = Buffer.from(options.body);
  const head = Buffer.from(
    `POST /endpoints/${options.endpoint}/invocations-response-stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
  );
  return new Promise((resolve, reject) => {
    const parse = createChunkedFrameParser(options.onFrame);
    const socket = connect({ port: Number(port), host: hostname, noDelay: true, onread: { buffer: READ_BUFFER, callback: (length, buffer) => (parse(buffer, length), true) } }, () =>
      socket.write(Buffer.concat([head, body])),
    );
    socket.on('end', () => resolve());
    socket.on('error', reject);
  });
}

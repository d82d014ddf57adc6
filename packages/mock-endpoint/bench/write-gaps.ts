import { Socket } from 'node:net';
import { summarizeGaps } from './gap-stats.js';

/** Token-write gaps seen by the server itself; see {@link watchWriteGaps}. */
export interface WriteGaps {
  reset(): void;
  /** p99 of (gap between consecutive frame writes on one socket − interval), ms; the whole run and while every stream is running. */
  report(): { p99Ms: number; steadyP99Ms: number };
}

/**
 * Stamps every frame the server writes to a socket (the mock writes each PayloadPart chunk as one
 * `socket.write` of a buffer; the header block is a string and the terminal `0\r\n\r\n` is 5 bytes,
 * both skipped), to compute the same gap errors as the load client, at the server. The difference
 * between the two is what the client's own delays (and the kernel's delivery) add: on a machine
 * whose two cores the mock and the load client share, that part is not the mock's pacing.
 * Bench-only: it wraps `Socket.prototype.write` in the bench server process.
 */
export function watchWriteGaps(intervalMs: number): WriteGaps {
  let sockets = new Map<Socket, number[]>();
  const write = Socket.prototype.write;
  Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
    if (Buffer.isBuffer(chunk) && chunk.length > 5) {
      let times = sockets.get(this);
      if (!times) sockets.set(this, (times = []));
      times.push(performance.now());
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof write;
  return {
    reset() {
      sockets = new Map();
    },
    report() {
      const summary = summarizeGaps([...sockets.values()], { intervalMs, startedAt: 0 });
      return { p99Ms: summary.gap.p99, steadyP99Ms: summary.steady.p99 };
    },
  };
}

import type { ServerResponse } from 'node:http';
import { encodeInternalStreamFailure, encodeModelStreamError } from '@sagestream/core';
import { PAYLOAD_PART_OVERHEAD, encodePayloadPartChunk } from './encode-payload-part.js';
import { createChunkSink, frameChunk } from './chunk-sink.js';
import type { ContainerFlush } from '../containers/container-types.js';
import type { JournalOutcome } from '../server/journal.js';
import type { Chunker } from './create-chunker.js';
import type { ScheduledTask, Scheduler } from './create-scheduler.js';

/** Faults that strike inside a stream that already started. */
export type StreamFaultName = 'model-stream-error' | 'stream-broken' | 'internal-stream-failure' | 'connection-reset' | 'stall';

/** Counters a stream updates as it writes (shared with the journal entry). */
export interface StreamStats {
  bytesSent: number;
  partsSent: number;
  payloadBytes: number;
  tokensSent: number;
}

/** How a stream ended. */
export interface StreamResult {
  outcome: JournalOutcome;
  clientWentAway: boolean;
  detail?: string;
}

/** Options of {@link runStream}. */
export interface RunStreamOptions {
  response: ServerResponse;
  flushes: Iterable<ContainerFlush>;
  chunker: Chunker;
  /** The next delay in ms, already scaled: `first` is the time to first token. */
  nextDelay: (first: boolean) => number;
  scheduler: Scheduler;
  fault: { name: StreamFaultName; afterTokens: number } | null;
  /** Absolute `performance.now()` times of the service timeouts. */
  deadlines: { firstToken: number; end: number };
  /** Used in the real timeout message ("Your model primary did not …"). */
  containerName: string;
  stats: StreamStats;
}

/** A running stream. */
export interface RunningStream {
  readonly result: Promise<StreamResult>;
  /** Ends the stream now with an InternalStreamFailure (server shutdown). */
  shutdown(): void;
}

/** Container writes emitted synchronously before yielding to other streams (latency scale 0). */
const MAX_WRITES_PER_TURN = 64;
/** Writes due within this many ms are sent now instead of arming a timer. */
const DUE_TOLERANCE_MS = 0.5;

/** The message SageMaker sends when the model misses the streaming timeout (real capture). */
export function timeoutMessage(containerName: string): string {
  return `Your model ${containerName} did not complete sending the inference response in the allotted time.`;
}
const STREAM_BROKEN_MESSAGE = 'The Transmission Control Protocol (TCP) connection between the client and the model was reset or closed.';
const INTERNAL_FAILURE_MESSAGE = 'The stream processing failed because of an unknown error, exception or failure. Try your request again.';

/** Delay before a connection reset: a reset in the tick the request ended is sent as a FIN by Node. */
const RESET_DELAY_MS = 5;

/**
 * Aborts the connection with a TCP RST and no terminal chunk: the client sees ECONNRESET
 * mid-body. Written frames are flushed first.
 */
export function resetConnection(response: ServerResponse): void {
  const socket = response.socket;
  // A response queued behind another on a pipelined connection: reset once it is its turn, after
  // Node flushed its buffered frames.
  if (!socket) return void response.once('socket', () => resetConnection(response));
  socket.pause();
  setTimeout(() => {
    if (!socket.destroyed) socket.resetAndDestroy();
  }, RESET_DELAY_MS).unref();
}

/**
 * Plays container writes into an event-stream response: paces them against absolute target times
 * (time to first token, then inter-token delays; a live model's writes no earlier than they
 * arrive), cuts them into PayloadParts, injects faults and
 * service timeouts, honours backpressure, and stops every timer when the client goes away.
 * The response headers must already be sent.
 */
export function runStream(options: RunStreamOptions): RunningStream {
  const { response, chunker, nextDelay, scheduler, deadlines, stats } = options;
  let fault = options.fault;
  const iterator = options.flushes[Symbol.iterator]();
  let pending: ContainerFlush | undefined;
  let pendingAt = 0;
  let nextAt = performance.now();
  let delaysTaken = 0;
  let tokenSent = false;
  let finished = false;
  // Frames go out as ready-made HTTP chunks: one socket write per token (see createChunkSink).
  const sink = createChunkSink(response);
  let task: ScheduledTask | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let waitingForDrain = false;
  let resolveResult!: (result: StreamResult) => void;
  const result = new Promise<StreamResult>((resolve) => (resolveResult = resolve));

  function finish(outcome: StreamResult): void {
    if (finished) return;
    finished = true;
    task?.cancel();
    task = undefined;
    if (immediate) clearImmediate(immediate);
    immediate = undefined;
    response.off('close', onClose);
    sink.offDrain(onDrain);
    resolveResult(outcome);
  }

  function onClose(): void {
    finish({ outcome: 'client-disconnected', clientWentAway: true });
  }

  function onDrain(): void {
    waitingForDrain = false;
    step();
  }

  function writeFrame(frame: Uint8Array): void {
    stats.bytesSent += frame.length;
    sink.write(frameChunk(frame));
  }

  function writeParts(parts: Uint8Array[]): boolean {
    let ok = true;
    for (const part of parts) {
      stats.partsSent++;
      stats.payloadBytes += part.length;
      stats.bytesSent += part.length + PAYLOAD_PART_OVERHEAD;
      ok = sink.write(encodePayloadPartChunk(part)) && ok;
    }
    return ok;
  }

  function endWith(frame: Uint8Array | null, outcome: StreamResult): void {
    writeParts(chunker.flush());
    if (frame) writeFrame(frame);
    finish(outcome);
    response.end();
  }

  function timeout(outcome: JournalOutcome): void {
    task = undefined;
    endWith(encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: timeoutMessage(options.containerName) }), {
      outcome,
      clientWentAway: false,
      detail: 'ModelInvocationTimeExceeded',
    });
  }

  function strike(name: StreamFaultName): void {
    fault = null;
    const outcome: StreamResult = { outcome: `fault:${name}`, clientWentAway: false };
    switch (name) {
      case 'model-stream-error':
        return endWith(encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: timeoutMessage(options.containerName) }), outcome);
      case 'stream-broken':
        return endWith(encodeModelStreamError({ errorCode: 'StreamBroken', message: STREAM_BROKEN_MESSAGE }), outcome);
      case 'internal-stream-failure':
        return endWith(encodeInternalStreamFailure({ message: INTERNAL_FAILURE_MESSAGE }), outcome);
      case 'connection-reset':
        finish(outcome);
        resetConnection(response);
        return;
      case 'stall': {
        // The container stops writing; the service gives up at its timeout.
        const at = tokenSent ? deadlines.end : deadlines.firstToken;
        task = scheduler.schedule({ at, callback: () => timeout('fault:stall') });
        return;
      }
    }
  }

  /**
   * A live model has nothing more yet: resume when it has, with the mock's delays counted from
   * that moment; the service timeouts still apply while waiting.
   */
  function waitFor(ready: Promise<void>): void {
    // A fault due after the tokens already sent strikes now rather than after the model's next token.
    if (fault && stats.tokensSent >= fault.afterTokens) return strike(fault.name);
    const deadline = tokenSent ? deadlines.end : deadlines.firstToken;
    task = scheduler.schedule({ at: deadline, callback: () => timeout('error') });
    void ready.then(() => {
      if (finished) return;
      task?.cancel();
      task = undefined;
      nextAt = Math.max(nextAt, performance.now());
      step();
    });
  }

  function step(): void {
    task = undefined;
    immediate = undefined;
    if (finished || waitingForDrain) return;
    // Most steps write one frame: cork only from the second one (bursts at latency scale 0),
    // so that a single write stays a plain write instead of a one-element writev.
    let corked = false;
    try {
      for (let writes = 0; !finished; writes++) {
        if (writes === MAX_WRITES_PER_TURN) {
          immediate = setImmediate(step);
          return;
        }
        if (!pending) {
          const next = iterator.next();
          if (next.done) {
            if (fault) return strike(fault.name);
            return endWith(null, { outcome: 'completed', clientWentAway: false });
          }
          if (next.value.ready) return waitFor(next.value.ready);
          pending = next.value;
          for (let i = 0; i < pending.waits; i++) nextAt += nextDelay(delaysTaken++ === 0);
          pendingAt = nextAt;
        }
        if (fault && pending.tokens > 0 && stats.tokensSent >= fault.afterTokens) return strike(fault.name);
        const deadline = tokenSent ? deadlines.end : deadlines.firstToken;
        if (pendingAt > deadline) {
          task = scheduler.schedule({ at: deadline, callback: () => timeout('error') });
          return;
        }
        if (pendingAt > performance.now() + DUE_TOLERANCE_MS) {
          task = scheduler.schedule({ at: pendingAt, callback: step });
          return;
        }
        if (writes === 1) {
          sink.cork();
          corked = true;
        }
        const flush = pending;
        pending = undefined;
        stats.tokensSent += flush.tokens;
        if (flush.tokens > 0) tokenSent = true;
        if (!writeParts(chunker.push(flush.bytes))) {
          waitingForDrain = true;
          sink.onceDrain(onDrain);
          return;
        }
      }
    } finally {
      if (corked) sink.uncork();
    }
  }

  response.on('close', onClose);
  step();
  return {
    result,
    shutdown() {
      if (finished) return;
      endWith(encodeInternalStreamFailure({ message: 'The mock endpoint is shutting down.' }), { outcome: 'error', clientWentAway: false, detail: 'server-shutdown' });
    },
  };
}

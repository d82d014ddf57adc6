import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockConfig } from '../config/mock-config.js';
import type { Operation } from '../service/validate-request.js';
import type { Scheduler } from '../streaming/create-scheduler.js';

/** The journal counters a backend fills in as its answer goes out (a subset of a journal entry). */
export interface ExchangeStats {
  status: number;
  outcome: 'completed' | 'client-disconnected' | 'error' | `fault:${string}`;
  bytesSent: number;
  payloadBytes: number;
  partsSent: number;
  clientWentAway: boolean;
  detail?: string;
}

/** What a backend shares with the mock: its config, timer scheduler and in-flight set. */
export interface BackendContext {
  config: MockConfig;
  scheduler: Scheduler;
  /** Stopped by `close()`. */
  active: Set<{ shutdown(): void }>;
  log?: (line: string) => void;
}

/**
 * An invocation that passed the mock's checks (Host/Origin, body limit, SigV4, the model's
 * input constraints): what a recorder or replayer gets.
 */
export interface AdmittedInvocation {
  request: IncomingMessage;
  response: ServerResponse;
  operation: Operation;
  /** Validated against SageMaker's EndpointName pattern. */
  endpointName: string;
  body: Uint8Array;
  requestId: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  stats: ExchangeStats;
}

/** Serves admitted invocations instead of the emulated containers (record and replay mode). */
export interface InvocationBackend {
  /** Answers; resolves when the exchange is over (the caller then journals it). */
  handle(invocation: AdmittedInvocation): Promise<void>;
}

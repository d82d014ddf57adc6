import type { MockConfig } from '../config/mock-config.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { Scheduler } from '../streaming/create-scheduler.js';
import type { Journal } from './journal.js';

/** Shared state of one mock app: configuration, journal, timers, streams in flight. */
export interface MockState {
  config: MockConfig;
  journal: Journal;
  scheduler: Scheduler;
  /** Stateful sessions of every endpoint. */
  sessions: SessionStore;
  /** Stops in-flight streams; used by `close()`. */
  active: Set<{ shutdown(): void }>;
  /** One line per request, when set (the CLI prints them). */
  log?: (line: string) => void;
}

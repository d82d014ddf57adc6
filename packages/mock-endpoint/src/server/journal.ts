import { redactHeaders } from '../security/redact-headers.js';

/** How a request ended. */
export type JournalOutcome = 'completed' | 'client-disconnected' | `fault:${string}` | 'error';

/** One served request, as `GET /_mock/requests` lists it. */
export interface JournalEntry {
  /** The `x-amzn-RequestId` the mock sent. */
  id: string;
  /** ISO time the request arrived. */
  time: string;
  operation: string;
  endpoint: string;
  /** Request headers; credentials redacted. */
  headers: Record<string, string>;
  /** The request body as text, truncated to `journal.maxBodyBytes`. */
  body: string;
  bodyTruncated: boolean;
  status: number;
  outcome: JournalOutcome;
  /** Response body bytes written (frames for streams). */
  bytesSent: number;
  /** Container bytes inside those frames (the concatenated PayloadPart payloads). */
  payloadBytes: number;
  /** PayloadPart frames written. */
  partsSent: number;
  /** Tokens written (a container write counts its tokens). */
  tokensSent: number;
  /** True when the client closed the connection before the response was complete. */
  clientWentAway: boolean;
  durationMs: number;
  /** Profile, chunking, fault and finish reason, when they apply. */
  profile?: string;
  chunking?: string;
  fault?: string;
  finishReason?: string;
  /**
   * The generated text without special tokens: what a client should show when the stream ends
   * normally (`sagestream-mock check` compares client output with it).
   */
  replyText?: string;
  /** A short note for errors, e.g. the validation message. */
  detail?: string;
  /** The production variant, instance (`<variant>/<n>`) and inference component that answered. */
  variant?: string;
  instance?: string;
  inferenceComponent?: string;
  /** The stateful session and its turn (0 = the request that opened it). */
  session?: { id: string; turn: number; action?: 'opened' | 'closed' };
  /** Bidirectional streams: every input and output part, up to `bidi.maxJournalParts`. */
  bidiParts?: BidiJournalPart[];
  /** Bidirectional streams: parts not kept because of that limit. */
  bidiPartsDropped?: number;
}

/** One part of a bidirectional stream, as the journal keeps it. */
export interface BidiJournalPart {
  direction: 'input' | 'output';
  dataType?: string;
  completionState?: string;
  bytes: number;
  /** UTF8 parts: the text (truncated to `journal.maxBodyBytes`); BINARY parts: the first bytes in hex. */
  preview: string;
}

/** Options of {@link Journal.waitFor}. */
export interface WaitForOptions {
  /** Reject after this long (default 5000 ms). */
  timeoutMs?: number;
}

/** The request journal: recent requests, newest last. */
export interface Journal {
  entries(): JournalEntry[];
  clear(): void;
  record(entry: JournalEntry): void;
  /** Resolves with the first entry (already recorded or future) matching `predicate`. */
  waitFor(predicate: (entry: JournalEntry) => boolean, options?: WaitForOptions): Promise<JournalEntry>;
}

/** Copies request headers for the journal, redacting every credential-bearing one (see `redactHeaders`). */
export function journalHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return redactHeaders(headers);
}

/**
 * A bounded, in-memory journal; tests use `waitFor` to prove, for example, that a client abort
 * reached the server.
 *
 * @example
 * const entry = await server.journal.waitFor((e) => e.clientWentAway, { timeoutMs: 2000 });
 */
export function createJournal(options: { maxEntries: number }): Journal {
  let entries: JournalEntry[] = [];
  const waiters = new Set<{ predicate: (entry: JournalEntry) => boolean; resolve: (entry: JournalEntry) => void }>();
  return {
    entries: () => [...entries],
    clear() {
      entries = [];
    },
    record(entry) {
      entries.push(entry);
      if (entries.length > options.maxEntries) entries = entries.slice(entries.length - options.maxEntries);
      for (const waiter of waiters) {
        if (waiter.predicate(entry)) {
          waiters.delete(waiter);
          waiter.resolve(entry);
        }
      }
    },
    waitFor(predicate, waitOptions = {}) {
      const existing = entries.find(predicate);
      if (existing) return Promise.resolve(existing);
      const timeoutMs = waitOptions.timeoutMs ?? 5000;
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve(entry: JournalEntry) {
            clearTimeout(timer);
            resolve(entry);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No journal entry matched within ${timeoutMs} ms (${entries.length} entries recorded).`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

/**
 * Upper bounds of every number a config file, a flag or a request can set. Each keeps the mock
 * inside what Node and a laptop can do (a `setTimeout` above 2^31−1 ms fires after 1 ms, a
 * million-entry stop list blocks the event loop) and is named in the error that enforces it.
 */

/** Node's largest timer delay (2^31−1 ms, ~24.8 days); anything above fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;
/** One delay of a latency distribution (ms, before `latencyScale`). */
export const MAX_DELAY_MS = 600_000;
/** `latencyScale` and `mock-latency-scale`. */
export const MAX_LATENCY_SCALE = 1000;
/** Token counts: model limits, `fault.afterTokens`, `mock-fault-after`. */
export const MAX_TOKENS = 10_000_000;
/** Seeds are 32-bit. */
export const MAX_SEED = 0xffff_ffff;
/** Vocabulary sizes and token ids. */
export const MAX_VOCABULARY = 10_000_000;
/** `model.maxStopSequences` (TGI's `--max-stop-sequences` defaults to 4). */
export const MAX_STOP_SEQUENCES = 1024;
/** `chunking.coalesceFlushes`. */
export const MAX_COALESCE_FLUSHES = 100_000;
/** `journal.maxEntries`. */
export const MAX_JOURNAL_ENTRIES = 1_000_000;
/** `auth.maxClockSkewMs` (one day; SageMaker allows 5 minutes). */
export const MAX_CLOCK_SKEW_MS = 86_400_000;
/** `model.created`: a Unix time up to the year 9999. */
export const MAX_UNIX_TIME = 253_402_300_799;
/** `replay.maxCassetteBytes` can be raised up to this (1 GiB). */
export const MAX_CASSETTE_BYTES_LIMIT = 1024 * 1024 * 1024;
/** The default cassette size cap (64 MiB): larger files are refused with a clear error. */
export const DEFAULT_MAX_CASSETTE_BYTES = 64 * 1024 * 1024;
/** `backend.maxResponseBytes`: default and upper bound of an upstream answer. */
export const DEFAULT_BACKEND_RESPONSE_BYTES = 4 * 1024 * 1024;
export const MAX_BACKEND_RESPONSE_BYTES = 256 * 1024 * 1024;

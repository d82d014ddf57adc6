import fc from 'fast-check';
import { expect } from 'vitest';
import { isSageStreamError, type SageStreamError } from '../../src/index.js';

/*
 * Property-based fuzzing of every layer of core (fast-check). `npm test` runs a short, seeded,
 * deterministic budget; `npm run fuzz` a long one with a fresh seed:
 *
 *   FUZZ_RUNS=N      runs per property (npm test: each property's small default; npm run fuzz: 20000)
 *   FUZZ_SEED=S      seed (npm test: 20261128; npm run fuzz: random, printed)
 *   FUZZ_PATH=P      with FUZZ_SEED, replays exactly the failing case a report printed
 *
 * The property everywhere: exact output, or one typed SageStreamError — never another exception,
 * never a run that takes seconds (a hang), never a buffer beyond the configured limits.
 */

const LONG = process.env.npm_lifecycle_event === 'fuzz';
const envRuns = Number.parseInt(process.env.FUZZ_RUNS ?? '', 10);
const envSeed = Number.parseInt(process.env.FUZZ_SEED ?? '', 10);
export const FUZZ_SEED = Number.isFinite(envSeed) ? envSeed : LONG ? Math.floor(Math.random() * 2 ** 31) : 20261128;
const FUZZ_PATH = process.env.FUZZ_PATH;
/** A run slower than this is reported as a hang (inputs are a few KB: real runs take milliseconds). */
const HANG_MS = 5000;
/** Test timeout for fuzz tests: generous for `npm run fuzz`, vitest's default otherwise. */
export const FUZZ_TIMEOUT = LONG || Number.isFinite(envRuns) ? 3_600_000 : 30_000;

if (LONG) console.log(`fuzz: seed ${FUZZ_SEED}, ${Number.isFinite(envRuns) ? envRuns : 20000} runs per property (replay a failure with FUZZ_SEED and FUZZ_PATH from its report)`);

/** Runs of a property: `FUZZ_RUNS`, else 20000 under `npm run fuzz`, else the property's own small budget. */
export function fuzzRuns(quick: number): number {
  if (Number.isFinite(envRuns)) return envRuns;
  return LONG ? 20000 : quick;
}

/** Checks a property; on failure throws with the counterexample and the command that replays it. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(name: string, quick: number, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...args: Ts) => void): void {
  const property = fc.property(...arbitraries, (...args: Ts) => {
    const started = performance.now();
    predicate(...args);
    const elapsed = performance.now() - started;
    if (elapsed > HANG_MS) throw new Error(`one run took ${Math.round(elapsed)} ms (a hang or a superlinear path)`);
  });
  report(name, fc.check(property, parameters(quick)));
}

/** {@link checkProperty} for async predicates. */
export async function checkAsyncProperty<Ts extends [unknown, ...unknown[]]>(name: string, quick: number, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...args: Ts) => Promise<void>): Promise<void> {
  const property = fc.asyncProperty(...arbitraries, async (...args: Ts) => predicate(...args));
  // A run that never settles fails as a timeout instead of hanging the suite.
  report(name, await fc.check(property, { ...parameters(quick), timeout: HANG_MS }));
}

function parameters(quick: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(quick), ...(FUZZ_PATH ? { path: FUZZ_PATH } : {}), endOnFailure: false };
}

function report(name: string, details: fc.RunDetails<unknown>): void {
  if (!details.failed) return;
  const test = expect.getState().currentTestName?.split(' > ').at(-1) ?? name;
  const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH="${details.counterexamplePath ?? ''}" npm run fuzz -w @sagestream/core -- -t ${JSON.stringify(test.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))}`;
  const cause = details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  throw new Error(`fuzz property "${name}" failed — replay: ${replay}\n${fc.defaultReportMessage(details) ?? ''}\nError: ${cause.message}`, { cause });
}

// ---------------------------------------------------------------------------------------------
// Splits and corruption

/** Chunk sizes (cycled until the input is used up); `[1]` is byte by byte. */
export const chunkSizes = fc.oneof(
  { weight: 1, arbitrary: fc.constant([Number.MAX_SAFE_INTEGER]) },
  { weight: 1, arbitrary: fc.constant([1]) },
  { weight: 6, arbitrary: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }) },
);

/** Cuts bytes into chunks of the given sizes, cycling through them (each chunk a copy). */
export function chunk(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = Math.min(sizes[i % sizes.length]!, bytes.length - offset);
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** One corruption; positions are taken modulo the input length. */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'u32'; at: number; value: number };

const edgeU32 = fc.oneof(fc.constantFrom(0, 1, 12, 15, 16, 17, 0x7fffffff, 0x80000000, 0xffffffff), fc.nat({ max: 0xffffffff }));
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(0x00, 0x0a, 0x0d, 0x22, 0x7b, 0x7d, 0x5b, 0xc3, 0xff), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: edgeU32 }),
);
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** Applies corruptions in order (a new array). */
export function mutate(input: Uint8Array, list: readonly Mutation[]): Uint8Array {
  let bytes = input.slice();
  for (const change of list) {
    if (bytes.length === 0) break;
    const at = change.at % bytes.length;
    switch (change.kind) {
      case 'flip':
        bytes[at] = bytes[at]! ^ (1 << change.bit);
        break;
      case 'set':
        bytes[at] = change.value;
        break;
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'insert': {
        const out = new Uint8Array(bytes.length + change.bytes.length);
        out.set(bytes.subarray(0, at), 0);
        out.set(change.bytes, at);
        out.set(bytes.subarray(at), at + change.bytes.length);
        bytes = out;
        break;
      }
      case 'delete': {
        const tail = bytes.subarray(at + change.count);
        const out = new Uint8Array(at + tail.length);
        out.set(bytes.subarray(0, at), 0);
        out.set(tail, at);
        bytes = out;
        break;
      }
      case 'u32':
        if (bytes.length >= 4) new DataView(bytes.buffer, bytes.byteOffset).setUint32(Math.min(at, bytes.length - 4), change.value, false);
        break;
    }
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/** What a push decoder produced: its outputs, and the typed error it ended with (if any). */
export interface Outcome<T> {
  items: T[];
  error?: { code: string; byteOffset: number | undefined };
  thrown?: SageStreamError;
}

/**
 * Feeds chunks to a push decoder and calls `end()`. A SageStreamError is the outcome's error;
 * anything else (TypeError, RangeError, …) propagates and fails the property.
 */
export function drive<T>(chunks: readonly Uint8Array[], create: (emit: (item: T) => void) => { feed(bytes: Uint8Array): void; end(): void }): Outcome<T> {
  const items: T[] = [];
  const decoder = create((item) => items.push(item));
  try {
    for (const piece of chunks) decoder.feed(piece);
    decoder.end();
    return { items };
  } catch (error) {
    if (!isSageStreamError(error)) throw error;
    return { items, error: { code: error.code, byteOffset: error.byteOffset }, thrown: error };
  }
}

/** A typed error must say where and what was expected (or be a limit/CRC error that says it in its message). */
export function expectActionable(error: SageStreamError | undefined): void {
  if (!error) return;
  if (typeof error.message !== 'string' || error.message.length === 0) throw new Error(`error ${error.code} has no message`);
  if (error.byteOffset !== undefined && (!Number.isInteger(error.byteOffset) || error.byteOffset < 0)) throw new Error(`error ${error.code} has byteOffset ${error.byteOffset}`);
}

import type { ChunkingMode, FaultName } from '../config/mock-config.js';

/** What a scenario provokes; `--only` / `--skip` accept these group names too. */
export type ScenarioGroup = 'profile' | 'chunking' | 'framing' | 'utf8' | 'content' | 'fault' | 'error' | 'stall';

/** One case of the `check` matrix: a mock set up to provoke one class of client bug. */
export interface CheckScenario {
  /** Unique id, e.g. `utf8-3byte-at-2` or `profile-mock-tgi`; `@ENDPOINT` is appended when several endpoints run it. */
  id: string;
  group: ScenarioGroup;
  description: string;
  /** The endpoint the command must call (`SAGESTREAM_ENDPOINT`). */
  endpoint: string;
  /**
   * `text`: the command must print exactly the reply the mock sent; `error`: the stream fails and
   * the command must exit non-zero or print the error.
   */
  expect: 'text' | 'error';
  /** The scripted reply the endpoint answers with, whatever the prompt. */
  reply: string;
  chunking: { mode: ChunkingMode; coalesceFlushes?: number; utf8SplitAt?: number };
  fault: { name: FaultName; afterTokens: number } | null;
  /** Endpoint seed (random chunking draws its cuts from it). */
  seed?: number;
  /** The EOS token text, to make special tokens visible. */
  eosToken?: string;
  /** Service stream timeout (ms) for stalls; the default keeps the mock's own. */
  streamTimeoutMs?: number;
}

/** The verdict of one scenario. */
export type CheckVerdict = 'pass' | 'wrong-text' | 'garbled' | 'hang' | 'crash' | 'error-swallowed';

/** All verdicts, in report order. */
export const CHECK_VERDICTS: readonly CheckVerdict[] = ['pass', 'wrong-text', 'garbled', 'hang', 'crash', 'error-swallowed'];

/** What running the command in one scenario gave. */
export interface ScenarioResult {
  scenario: CheckScenario;
  verdict: CheckVerdict;
  /** One line saying why, e.g. `exited 1` or `expected "é" at char 12, got "\uFFFD"`. */
  summary: string;
  /** A compact diff or the stderr tail; empty on pass. */
  details: string;
  /** What the mock sent (the expected output), when a request reached it. */
  expected: string | null;
  stdout: string;
  stderrTail: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Requests the command made to the mock. */
  requests: number;
}

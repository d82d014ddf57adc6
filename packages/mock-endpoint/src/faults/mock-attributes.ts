import { MAX_LATENCY_SCALE, MAX_SEED, MAX_TIMER_MS, MAX_TOKENS } from '../config/limits.js';
import { CHUNKING_MODES, FAULT_NAMES, type ChunkingMode, type FaultName } from '../config/mock-config.js';

/** Per-request overrides read from `X-Amzn-SageMaker-Custom-Attributes`. */
export interface MockAttributes {
  fault?: FaultName;
  faultAfter?: number;
  chunking?: ChunkingMode;
  seed?: number;
  latencyScale?: number;
  /** Overrides the stream timeout (ms), so that `stall` can be tested quickly. */
  streamTimeoutMs?: number;
}

/** The attribute keys the mock understands; other keys are left to the container. */
export const MOCK_ATTRIBUTE_KEYS = ['mock-fault', 'mock-fault-after', 'mock-chunking', 'mock-seed', 'mock-latency-scale', 'mock-stream-timeout-ms'] as const;

/** A parse result: the overrides, or a message saying which value is wrong. */
export type MockAttributesResult = { ok: true; attributes: MockAttributes } | { ok: false; message: string };

/** A whole number from 0 to `max`, written in digits; undefined otherwise. */
function count(value: string, max: number): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed <= max ? parsed : undefined;
}

/**
 * Reads `;`-separated `key=value` pairs, e.g. `mock-fault=stall; mock-fault-after=3`.
 *
 * @example
 * parseMockAttributes('trace=1;mock-chunking=random;mock-seed=7'); // { ok: true, attributes: { chunking: 'random', seed: 7 } }
 */
export function parseMockAttributes(header: string | undefined): MockAttributesResult {
  const attributes: MockAttributes = {};
  if (!header) return { ok: true, attributes };
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1) continue;
    const key = pair.slice(0, separator).trim().toLowerCase();
    const value = pair.slice(separator + 1).trim();
    const bad = (expected: string): MockAttributesResult => ({
      ok: false,
      message: `Invalid custom attribute ${key}=${JSON.stringify(value)}: expected ${expected}.`,
    });
    switch (key) {
      case 'mock-fault':
        if (!FAULT_NAMES.includes(value as FaultName)) return bad(`one of ${FAULT_NAMES.join(', ')}`);
        attributes.fault = value as FaultName;
        break;
      case 'mock-fault-after': {
        const tokens = count(value, MAX_TOKENS);
        if (tokens === undefined) return bad(`a token count from 0 to ${MAX_TOKENS}`);
        attributes.faultAfter = tokens;
        break;
      }
      case 'mock-chunking':
        if (!CHUNKING_MODES.includes(value as ChunkingMode)) return bad(`one of ${CHUNKING_MODES.join(', ')}`);
        attributes.chunking = value as ChunkingMode;
        break;
      case 'mock-seed': {
        const seed = count(value, MAX_SEED);
        if (seed === undefined) return bad(`an integer seed from 0 to ${MAX_SEED}`);
        attributes.seed = seed;
        break;
      }
      case 'mock-latency-scale': {
        const scale = Number(value);
        if (value === '' || !Number.isFinite(scale) || scale < 0 || scale > MAX_LATENCY_SCALE) return bad(`a number from 0 to ${MAX_LATENCY_SCALE}`);
        attributes.latencyScale = scale;
        break;
      }
      case 'mock-stream-timeout-ms': {
        // Node runs a timer above 2^31−1 ms after 1 ms, over and over.
        const timeout = count(value, MAX_TIMER_MS);
        if (timeout === undefined) return bad(`a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
        attributes.streamTimeoutMs = timeout;
        break;
      }
      default:
        break;
    }
  }
  return { ok: true, attributes };
}

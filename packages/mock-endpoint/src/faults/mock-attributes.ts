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

function count(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
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
      case 'mock-fault-after':
        if (count(value) === undefined) return bad('a token count (0, 1, 2, …)');
        attributes.faultAfter = count(value);
        break;
      case 'mock-chunking':
        if (!CHUNKING_MODES.includes(value as ChunkingMode)) return bad(`one of ${CHUNKING_MODES.join(', ')}`);
        attributes.chunking = value as ChunkingMode;
        break;
      case 'mock-seed':
        if (count(value) === undefined || count(value)! > 0xffffffff) return bad('an integer seed 0..4294967295');
        attributes.seed = count(value);
        break;
      case 'mock-latency-scale': {
        const scale = Number(value);
        if (value === '' || !Number.isFinite(scale) || scale < 0) return bad('a number >= 0');
        attributes.latencyScale = scale;
        break;
      }
      case 'mock-stream-timeout-ms':
        if (count(value) === undefined) return bad('a number of milliseconds');
        attributes.streamTimeoutMs = count(value);
        break;
      default:
        break;
    }
  }
  return { ok: true, attributes };
}

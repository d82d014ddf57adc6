import { describe, expect, it } from 'vitest';
import { parseMockAttributes } from './mock-attributes.js';

describe('parseMockAttributes', () => {
  it('reads the mock keys among other ;-separated attributes', () => {
    expect(parseMockAttributes('trace-id=abc; mock-fault=stall ;mock-fault-after=3;mock-chunking=random;mock-seed=7;mock-latency-scale=0.5;mock-stream-timeout-ms=250')).toEqual({
      ok: true,
      attributes: { fault: 'stall', faultAfter: 3, chunking: 'random', seed: 7, latencyScale: 0.5, streamTimeoutMs: 250 },
    });
    expect(parseMockAttributes(undefined)).toEqual({ ok: true, attributes: {} });
    expect(parseMockAttributes('accept_eula=true')).toEqual({ ok: true, attributes: {} });
  });

  it('names the bad value and what was expected', () => {
    const result = parseMockAttributes('mock-fault=explode');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^Invalid custom attribute mock-fault="explode": expected one of model-stream-error, /);
    expect(parseMockAttributes('mock-latency-scale=-1').ok).toBe(false);
    expect(parseMockAttributes('mock-fault-after=x').ok).toBe(false);
  });
});

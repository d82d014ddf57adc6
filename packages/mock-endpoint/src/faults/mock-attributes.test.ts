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

describe('parseMockAttributes bounds every number', () => {
  it.each([
    ['mock-stream-timeout-ms=2147483648', /mock-stream-timeout-ms="2147483648": expected a number of milliseconds from 0 to 2147483647\.$/],
    ['mock-stream-timeout-ms=99999999999999999999', /from 0 to 2147483647/],
    ['mock-fault-after=10000001', /mock-fault-after="10000001": expected a token count from 0 to 10000000\.$/],
    ['mock-seed=4294967296', /expected an integer seed from 0 to 4294967295\.$/],
    ['mock-latency-scale=1001', /expected a number from 0 to 1000\.$/],
    ['mock-latency-scale=Infinity', /expected a number from 0 to 1000\.$/],
  ])('%s is refused with the allowed range', (header, message) => {
    const result = parseMockAttributes(header);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it('accepts the bounds themselves', () => {
    expect(parseMockAttributes('mock-stream-timeout-ms=2147483647;mock-fault-after=10000000;mock-seed=4294967295;mock-latency-scale=1000')).toEqual({
      ok: true,
      attributes: { streamTimeoutMs: 2147483647, faultAfter: 10000000, seed: 4294967295, latencyScale: 1000 },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.js';
import { sampleDelay } from './sample-delay.js';

function stats(draw: () => number): { mean: number; median: number; min: number } {
  const values = Array.from({ length: 4000 }, draw).sort((a, b) => a - b);
  return { mean: values.reduce((sum, value) => sum + value, 0) / values.length, median: values[values.length / 2]!, min: values[0]! };
}

describe('sampleDelay', () => {
  const random = createRandom(3);
  it('fixed, uniform, normal and log-normal delays have the configured centre and are never negative', () => {
    expect(sampleDelay({ distribution: 'fixed', ms: 30 }, random)).toBe(30);
    const uniform = stats(() => sampleDelay({ distribution: 'uniform', minMs: 10, maxMs: 50 }, random));
    expect(uniform.mean).toBeCloseTo(30, 0);
    expect(uniform.min).toBeGreaterThanOrEqual(10);
    const normal = stats(() => sampleDelay({ distribution: 'normal', meanMs: 30, stddevMs: 20 }, random));
    expect(normal.median).toBeGreaterThan(28);
    expect(normal.median).toBeLessThan(32);
    expect(normal.min).toBe(0);
    const lognormal = stats(() => sampleDelay({ distribution: 'lognormal', medianMs: 300, sigma: 0.5 }, random));
    expect(lognormal.median).toBeGreaterThan(280);
    expect(lognormal.median).toBeLessThan(320);
    expect(lognormal.mean).toBeGreaterThan(lognormal.median);
  });
});

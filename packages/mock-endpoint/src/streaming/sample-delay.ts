import type { DelaySpec } from '../config/mock-config.js';
import type { Random } from '../util/random.js';

/** Draws one delay in ms from a distribution; never negative. */
export function sampleDelay(spec: DelaySpec, random: Random): number {
  switch (spec.distribution) {
    case 'fixed':
      return spec.ms;
    case 'uniform':
      return spec.minMs + random.next() * (spec.maxMs - spec.minMs);
    case 'normal':
      return Math.max(0, spec.meanMs + random.normal() * spec.stddevMs);
    case 'lognormal':
      return spec.medianMs * Math.exp(random.normal() * spec.sigma);
  }
}

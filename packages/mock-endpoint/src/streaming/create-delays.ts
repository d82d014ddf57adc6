import type { LatencyConfig } from '../config/mock-config.js';
import { createRandom } from '../util/random.js';
import { sampleDelay } from './sample-delay.js';

/**
 * A delay source for one response: the first call is the time to first token, later calls are
 * inter-token delays; all multiplied by `scale` (0 = no delays). Seeded separately from the
 * reply, so the latency never changes the bytes.
 */
export function createDelays(options: { latency: LatencyConfig; scale: number; seed: number }): (first: boolean) => number {
  const { latency, scale } = options;
  const random = createRandom(options.seed);
  return (first) => (scale === 0 ? 0 : sampleDelay(first ? latency.timeToFirstToken : latency.interToken, random) * scale);
}

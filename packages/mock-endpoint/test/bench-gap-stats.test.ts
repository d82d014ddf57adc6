// The pacing figures of `npm run bench` (the target is one of them) come from summarizeGaps.
import { describe, expect, it } from 'vitest';
import { percentile, summarizeGaps } from '../bench/gap-stats.js';

describe('bench: pacing statistics', () => {
  it('measures each gap against the interval, per stream, and finds the steady window', () => {
    // Three streams 20 ms apart; the first starts early and ends early, the last starts late.
    const streams = [
      [0, 20, 40, 67, 80],
      [10, 30, 50, 70, 90, 110],
      [30, 50, 70, 90, 110, 131],
    ];
    const summary = summarizeGaps(streams, { intervalMs: 20, startedAt: 0 });
    expect(summary.samples).toBe(4 + 5 + 5);
    // 12 gaps on time, one 7 ms late (40 → 67), one 7 ms early after it, one 1 ms late.
    expect(summary.gap).toEqual({ p1: -7, p50: 0, p99: 7 });
    // All three run from 30 (the last one's first frame) to 80 (the first one's last): the gaps
    // fully inside are stream 1's 40→67→80 and streams 2's and 3's 30→50→70.
    expect(summary.steady.seconds).toBeCloseTo(0.05);
    expect(summary.steady.samples).toBe(2 + 2 + 2);
    expect(summary.steady.p99).toBe(7);
    // Drift from each stream's own schedule: stream 1's frame 3 is 7 ms behind, frame 4 back on time.
    expect(summary.schedule.p99).toBe(7);
    // The 7-ms-late gap ends at 67 ms: the first quarter second holds every gap. It is its
    // stream's third: one of the 8 gaps in 3rd to 10th place.
    expect(summary.lateShareByQuarter).toEqual([(1 / 14) * 100]);
    expect(summary.lateShareByIndex).toEqual([0, 0, (1 / 8) * 100, 0]);
  });

  it('counts a gap as late only past lateMs, and reports no steady window when streams never overlap', () => {
    const summary = summarizeGaps([[0, 26], [100, 124]], { intervalMs: 20, startedAt: 0, lateMs: 5 });
    expect(summary.lateShareByIndex[0]).toBe(50);
    expect(summary.steady.samples).toBe(0);
    expect(summary.steady.p99).toBeNaN();
    expect(summarizeGaps([], { intervalMs: 20, startedAt: 0 }).gap.p99).toBeNaN();
  });

  it('takes percentiles of a sorted list by rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 99)).toBeNaN();
  });
});

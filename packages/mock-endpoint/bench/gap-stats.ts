/** What {@link summarizeGaps} reports, in ms. */
export interface GapSummary {
  /** How many gaps (consecutive frames of one stream) there were. */
  samples: number;
  /** Percentiles of (gap − interval) over the whole run. */
  gap: { p1: number; p50: number; p99: number };
  /**
   * The gaps while every stream runs: from the moment the last stream got its first frame to the
   * moment the first stream got its last one, no connection is being opened or closed. Empty
   * (p99 NaN) when the streams never all overlap.
   */
  steady: { samples: number; seconds: number; p99: number };
  /** |frame k − (frame 0 + k × interval)|: drift from each stream's own schedule. */
  schedule: { p50: number; p99: number };
  /** % of the gaps more than `lateMs` late, per quarter second since `startedAt`. */
  lateShareByQuarter: number[];
  /** % of the gaps more than `lateMs` late by their place in the stream: the 1st, the 2nd, 3rd–10th, later. */
  lateShareByIndex: number[];
}

/** The value at percentile `p` of a sorted list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ascending = (a: number, b: number): number => a - b;

/**
 * Pacing statistics of streams that should deliver one frame every `intervalMs`, from each
 * stream's frame times (`performance.now()` stamps, taken by the load client as frames arrive or
 * by the server as it writes them: the same figures either way).
 *
 * @example
 * summarizeGaps([[0, 20, 41], [5, 25, 45]], { intervalMs: 20, startedAt: 0 }).gap.p99; // 1
 */
export function summarizeGaps(streams: readonly ArrayLike<number>[], options: { intervalMs: number; startedAt: number; lateMs?: number }): GapSummary {
  const { intervalMs, startedAt } = options;
  const lateMs = options.lateMs ?? 5;
  const errors: number[] = [];
  const drift: number[] = [];
  const lateByQuarter: number[] = [];
  const gapsByQuarter: number[] = [];
  const gapsByIndex = [0, 0, 0, 0];
  const lateByIndex = [0, 0, 0, 0];
  const running = streams.filter((times) => times.length > 0);
  const steadyFrom = Math.max(...running.map((times) => times[0]!));
  const steadyTo = Math.min(...running.map((times) => times[times.length - 1]!));
  const steady: number[] = [];
  for (const times of running) {
    for (let k = 1; k < times.length; k++) {
      const error = times[k]! - times[k - 1]! - intervalMs;
      const late = error > lateMs ? 1 : 0;
      const quarter = Math.floor((times[k]! - startedAt) / 250);
      gapsByQuarter[quarter] = (gapsByQuarter[quarter] ?? 0) + 1;
      lateByQuarter[quarter] = (lateByQuarter[quarter] ?? 0) + late;
      const place = k === 1 ? 0 : k === 2 ? 1 : k <= 10 ? 2 : 3;
      gapsByIndex[place]!++;
      lateByIndex[place]! += late;
      errors.push(error);
      drift.push(Math.abs(times[k]! - times[0]! - k * intervalMs));
      if (times[k - 1]! >= steadyFrom && times[k]! <= steadyTo) steady.push(error);
    }
  }
  errors.sort(ascending);
  drift.sort(ascending);
  steady.sort(ascending);
  const share = (late: number | undefined, gaps: number | undefined): number => (gaps ? ((late ?? 0) / gaps) * 100 : 0);
  return {
    samples: errors.length,
    gap: { p1: percentile(errors, 1), p50: percentile(errors, 50), p99: percentile(errors, 99) },
    steady: { samples: steady.length, seconds: Math.max(0, steadyTo - steadyFrom) / 1000, p99: percentile(steady, 99) },
    schedule: { p50: percentile(drift, 50), p99: percentile(drift, 99) },
    lateShareByQuarter: Array.from(gapsByQuarter, (gaps, quarter) => share(lateByQuarter[quarter], gaps)),
    lateShareByIndex: gapsByIndex.map((gaps, place) => share(lateByIndex[place], gaps)),
  };
}

/** Minimal benchmark harness: warm up, then take the median of several timed runs. */
export interface Measurement {
  medianMs: number;
  runs: number[];
}

export async function measure(run: () => unknown | Promise<unknown>, options: { warmup?: number; runs?: number } = {}): Promise<Measurement> {
  const warmup = options.warmup ?? 2;
  const count = options.runs ?? 7;
  for (let i = 0; i < warmup; i++) await run();
  const runs: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run();
    runs.push(performance.now() - start);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, runs };
}

/**
 * Times several candidates on the same input in alternating rounds (A B C, A B C, …) and returns
 * each one's median. It counts the CPU time of this process (`process.cpuUsage`, GC threads
 * included), not wall time: on a shared machine, time spent waiting for a core is then not
 * charged to whichever candidate happened to run, and a slow spell hits every candidate alike.
 */
export async function measureInterleaved(candidates: readonly (() => unknown)[], options: { warmup?: number; rounds?: number } = {}): Promise<Measurement[]> {
  const warmup = options.warmup ?? 2;
  const rounds = options.rounds ?? 9;
  for (let i = 0; i < warmup; i++) for (const run of candidates) await run();
  const runs: number[][] = candidates.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < candidates.length; index++) {
      const start = process.cpuUsage();
      await candidates[index]!();
      const used = process.cpuUsage(start);
      runs[index]!.push((used.user + used.system) / 1000);
    }
  }
  return runs.map((list) => ({ medianMs: [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!, runs: list }));
}

/** Formats a number with thousands separators and fixed decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Prints an aligned table. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Splits bytes into fixed-size chunks (what a socket hands over). */
export function chunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) out.push(bytes.subarray(offset, offset + size));
  return out;
}

export async function* asAsync(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const item of chunks) yield item;
}

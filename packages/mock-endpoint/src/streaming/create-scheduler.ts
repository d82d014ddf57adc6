/** A task waiting in a {@link Scheduler}. */
export interface ScheduledTask {
  /** Removes the task; a cancelled task never runs. */
  cancel(): void;
}

/** Runs callbacks at absolute times, with one Node timer for all of them. */
export interface Scheduler {
  /** Runs `callback` at `at` (a `performance.now()` time), or soon after. */
  schedule(options: { at: number; callback: () => void }): ScheduledTask;
  /** Tasks waiting to run. */
  readonly size: number;
  /** True while the underlying Node timer is armed (false once nothing is waiting). */
  readonly armed: boolean;
}

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Told about a callback that threw; the other callbacks still run (default: a process warning). */
  onError?: (error: unknown) => void;
}

/** Node's largest timer delay: a longer one would fire after 1 ms, again and again. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

interface Entry {
  at: number;
  order: number;
  callback: (() => void) | null;
}

/**
 * A min-heap of deadlines driving a single `setTimeout`. Thousands of streams each wanting a
 * write every few ms cost one timer instead of thousands, and firing against absolute times
 * keeps per-stream pacing free of drift.
 *
 * @example
 * const scheduler = createScheduler();
 * const task = scheduler.schedule({ at: performance.now() + 30, callback: writeNextToken });
 * task.cancel(); // on client abort
 */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const onError = options.onError ?? ((error: unknown) => process.emitWarning(`A scheduled callback threw: ${(error as Error).stack ?? String(error)}`));
  const heap: Entry[] = [];
  let live = 0;
  let order = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;

  const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);
  // Sift with a moving hole instead of swaps: this runs for every token of every stream.
  function push(entry: Entry): void {
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (!before(entry, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
  }
  function pop(): Entry {
    const top = heap[0]!;
    const last = heap.pop()!;
    const length = heap.length;
    if (length > 0) {
      let index = 0;
      for (;;) {
        let child = 2 * index + 1;
        if (child >= length) break;
        if (child + 1 < length && before(heap[child + 1]!, heap[child]!)) child++;
        if (!before(heap[child]!, last)) break;
        heap[index] = heap[child]!;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
  function dropCancelled(): void {
    while (heap.length > 0 && heap[0]!.callback === null) pop();
  }
  function arm(): void {
    dropCancelled();
    if (heap.length === 0) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      return;
    }
    const next = heap[0]!.at;
    if (timer && timerAt <= next) return;
    if (timer) clearTimeout(timer);
    timerAt = next;
    // setTimeout truncates to whole ms and fires late rather than early: aim slightly early
    // and run everything due within half a millisecond.
    // A far deadline re-arms in steps: `fire` finds nothing due and arms again.
    timer = setTimeout(fire, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.floor(next - performance.now()))));
  }
  function fire(): void {
    timer = undefined;
    timerAt = Infinity;
    const horizon = performance.now() + 0.5;
    while (heap.length > 0 && heap[0]!.at <= horizon) {
      const entry = pop();
      const callback = entry.callback;
      if (callback === null) continue;
      entry.callback = null;
      live--;
      try {
        callback();
      } catch (error) {
        onError(error);
      }
    }
    arm();
  }
  return {
    schedule({ at, callback }) {
      const entry: Entry = { at, order: order++, callback };
      live++;
      push(entry);
      arm();
      return {
        cancel() {
          if (entry.callback === null) return;
          entry.callback = null;
          live--;
          if (live === 0) arm();
        },
      };
    },
    get size() {
      return live;
    },
    get armed() {
      return timer !== undefined;
    },
  };
}

/** The result of pushing text through a {@link StopSequenceFilter}. */
export interface StopFilterResult {
  /** Text that can be shown now: it is not, and can no longer become, part of a stop sequence. */
  text: string;
  /** True once a stop sequence was found; the text before it is in `text`, nothing after it. */
  stopped: boolean;
  /** The stop sequence that matched. */
  sequence?: string;
}

/** Client-side stop sequences that are safe under any split of the stream. */
export interface StopSequenceFilter {
  push(text: string): StopFilterResult;
  /**
   * End of stream: returns the withheld text — the start of a stop sequence that never completed.
   * (The caller decides whether to show it: a container that stopped on the sequence itself may
   * have streamed its first characters before cutting it off.)
   */
  flush(): string;
}

/**
 * Creates a filter that cuts the reply at the first stop sequence. It withholds only the shortest
 * tail that could still grow into a stop sequence, so a stop string split across any number of
 * tokens never leaks, and nothing else is delayed.
 *
 * @example
 * const filter = createStopSequenceFilter(['\nUser:']);
 * filter.push('Hi!\nUs'); // { text: 'Hi!', stopped: false }
 * filter.push('er: next'); // { text: '', stopped: true, sequence: '\nUser:' }
 */
export function createStopSequenceFilter(sequences: readonly string[]): StopSequenceFilter {
  const stops = sequences.filter((sequence) => sequence.length > 0);
  let pending = '';
  let stopped = false;

  /** Length of the longest suffix of `text` that is a proper prefix of some stop sequence. */
  function withheldLength(text: string): number {
    let longest = 0;
    for (const stop of stops) {
      const max = Math.min(stop.length - 1, text.length);
      for (let length = max; length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }

  return {
    push(text) {
      if (stopped) return { text: '', stopped: true };
      if (stops.length === 0) return { text, stopped: false };
      pending += text;
      let cut = -1;
      let sequence: string | undefined;
      for (const stop of stops) {
        const index = pending.indexOf(stop);
        if (index !== -1 && (cut === -1 || index < cut)) {
          cut = index;
          sequence = stop;
        }
      }
      if (cut !== -1) {
        stopped = true;
        const visible = pending.slice(0, cut);
        pending = '';
        return { text: visible, stopped: true, ...(sequence ? { sequence } : {}) };
      }
      const keep = withheldLength(pending);
      const visible = pending.slice(0, pending.length - keep);
      pending = pending.slice(pending.length - keep);
      return { text: visible, stopped: false };
    },
    flush() {
      const rest = stopped ? '' : pending;
      pending = '';
      return rest;
    },
  };
}

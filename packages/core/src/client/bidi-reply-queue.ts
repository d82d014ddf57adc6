/** A single-consumer async queue: producers push values or one terminal error; the consumer iterates. */
export interface ReplyQueue<T> extends AsyncIterable<T> {
  push(value: T): void;
  /** Ends iteration after the queued values; with an error, iteration throws it after them. */
  close(error?: unknown): void;
  readonly closed: boolean;
}

/** Creates a {@link ReplyQueue}; values wait in memory until read (bounded by the caller's flow control). */
export function createReplyQueue<T>(onReturn?: () => void): ReplyQueue<T> {
  const values: T[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let waiter: (() => void) | undefined;
  const wake = (): void => {
    const resolve = waiter;
    waiter = undefined;
    resolve?.();
  };
  return {
    push(value) {
      if (done) return;
      values.push(value);
      wake();
    },
    close(error) {
      if (done) return;
      done = true;
      if (error !== undefined) failure = { error };
      wake();
    },
    get closed() {
      return done;
    },
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          if (values.length > 0) {
            yield values.shift()!;
            continue;
          }
          if (done) {
            if (failure) throw failure.error;
            return;
          }
          await new Promise<void>((resolve) => (waiter = resolve));
        }
      } finally {
        onReturn?.();
      }
    },
  };
}

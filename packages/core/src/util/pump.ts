/** A push decoder: items in, items out through the callback given at creation. */
export interface PushDecoder<In = Uint8Array> {
  feed(item: In): void;
  end(): void;
  /** When true, no further input can matter: the pump stops reading and closes the source. */
  readonly closed?: boolean;
}

/**
 * Drives a push decoder from an async source and yields what it pushes. Items decoded before
 * a fatal error are yielded before the error is thrown; stopping early closes the source.
 */
export async function* pump<T, In = Uint8Array>(source: AsyncIterable<In>, create: (push: (item: T) => void) => PushDecoder<In>): AsyncGenerator<T, void, undefined> {
  let queue: T[] = [];
  const decoder = create((item) => queue.push(item));
  const take = (): T[] => {
    const ready = queue;
    queue = [];
    return ready;
  };
  let failure: { error: unknown } | undefined;
  for await (const item of source) {
    try {
      decoder.feed(item);
    } catch (error) {
      failure = { error };
    }
    yield* take();
    if (failure) throw failure.error;
    if (decoder.closed) break;
  }
  try {
    decoder.end();
  } catch (error) {
    failure = { error };
  }
  yield* take();
  if (failure) throw failure.error;
}

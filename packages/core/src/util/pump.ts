/** A push decoder: bytes in, items out through the callback given at creation. */
export interface PushDecoder {
  feed(bytes: Uint8Array): void;
  end(): void;
}

/**
 * Drives a push decoder from an async byte source and yields what it pushes. Items decoded before
 * a fatal error are yielded before the error is thrown; stopping early closes the source.
 */
export async function* pump<T>(source: AsyncIterable<Uint8Array>, create: (push: (item: T) => void) => PushDecoder): AsyncGenerator<T, void, undefined> {
  let queue: T[] = [];
  const decoder = create((item) => queue.push(item));
  const take = (): T[] => {
    const ready = queue;
    queue = [];
    return ready;
  };
  let failure: { error: unknown } | undefined;
  for await (const chunk of source) {
    try {
      decoder.feed(chunk);
    } catch (error) {
      failure = { error };
    }
    yield* take();
    if (failure) throw failure.error;
  }
  try {
    decoder.end();
  } catch (error) {
    failure = { error };
  }
  yield* take();
  if (failure) throw failure.error;
}

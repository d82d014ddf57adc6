/** Runs a callback at most once per animation frame, however often it is requested. */
export interface FrameScheduler {
  request(): void;
  cancel(): void;
}

/**
 * Batches work to animation frames: 200 tokens a second arrive as ~3 state changes per frame,
 * and the DOM is touched once. A hidden page gets no frames; its updates wait in the state.
 */
export function createFrameScheduler(callback: () => void, options: { requestFrame?: (run: () => void) => number; cancelFrame?: (id: number) => void } = {}): FrameScheduler {
  const requestFrame = options.requestFrame ?? ((run) => requestAnimationFrame(run));
  const cancelFrame = options.cancelFrame ?? ((id) => cancelAnimationFrame(id));
  let pending: number | undefined;
  const run = (): void => {
    pending = undefined;
    callback();
  };
  return {
    request() {
      pending ??= requestFrame(run);
    },
    cancel() {
      if (pending !== undefined) cancelFrame(pending);
      pending = undefined;
    },
  };
}

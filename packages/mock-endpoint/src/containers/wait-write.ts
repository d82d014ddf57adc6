import type { Generation } from '../generation/generate.js';
import { tokenSteps } from '../generation/live-generation.js';
import type { ContainerFlush } from './container-types.js';

const EMPTY = new Uint8Array(0);

/** The placeholder write of a container waiting for a live model's next token. */
export function waitWrite(ready: Promise<void>): ContainerFlush {
  return { bytes: EMPTY, tokens: 0, waits: 0, ready };
}

/**
 * A whole-body answer rendered once the generation is complete (a live model's answer is
 * awaited first), so that the body holds the model's whole text; `renderError` writes the
 * container's error body instead when the model failed midway.
 */
export function* wholeWrite(generation: Generation, render: () => ContainerFlush, renderError: (message: string) => ContainerFlush): Generator<ContainerFlush> {
  for (const step of tokenSteps(generation)) {
    if (step.kind === 'wait') yield waitWrite(step.ready);
    else if (step.kind === 'failed') return yield renderError(step.message);
  }
  yield render();
}

/**
 * A whole-body answer rendered only when the runtime pulls it: with `awaitsWholeGeneration`, once
 * a live model's answer is complete.
 */
export function* lateWrite(render: () => ContainerFlush): Generator<ContainerFlush> {
  yield render();
}

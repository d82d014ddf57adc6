import type { GeneratedToken, Generation, GenerationFinishReason } from './generate.js';

/** The state of a generation whose tokens are still arriving (a real model behind `--backend`). */
export interface LiveState {
  /** True once the model finished or failed: `tokens`, `text` and `finishReason` are final. */
  readonly done: boolean;
  /** Why the model failed mid-generation, or null. */
  readonly error: string | null;
  /** Settles at the next change (a token, the end or a failure); at once when `done`. */
  changed(): Promise<void>;
}

/** A {@link Generation} filled in as the model produces it; `tokens`/`text` grow in place. */
export interface LiveGeneration extends Generation {
  live: LiveState;
}

/** Feeds a {@link LiveGeneration}. */
export interface LiveGenerationWriter {
  generation: LiveGeneration;
  /** Appends tokens (their text is appended to `text`). */
  push(tokens: readonly GeneratedToken[]): void;
  /** The model finished: `finishReason` is final. */
  end(finishReason: GenerationFinishReason): void;
  /** The model failed after the tokens already pushed. */
  fail(message: string): void;
}

/** True when the generation's tokens are still arriving (or arrived through a live feed). */
export function isLiveGeneration(generation: Generation): generation is LiveGeneration {
  return 'live' in generation;
}

/** A generation that starts empty and is filled through the returned writer. */
export function createLiveGeneration(): LiveGenerationWriter {
  let done = false;
  let error: string | null = null;
  let waiters: (() => void)[] = [];
  const notify = (): void => {
    const current = waiters;
    waiters = [];
    for (const resolve of current) resolve();
  };
  const live: LiveState = {
    get done() {
      return done;
    },
    get error() {
      return error;
    },
    changed() {
      return done ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
  // Until the model says otherwise, the generation counts as a length stop (nothing else known).
  const generation: LiveGeneration = { tokens: [], finishReason: 'length', text: '', live };
  return {
    generation,
    push(tokens) {
      if (done || tokens.length === 0) return;
      for (const token of tokens) {
        generation.tokens.push(token);
        if (!token.special) generation.text += token.text;
      }
      notify();
    },
    end(finishReason) {
      if (done) return;
      generation.finishReason = finishReason;
      done = true;
      notify();
    },
    fail(message) {
      if (done) return;
      error = message;
      done = true;
      notify();
    },
  };
}

/** One step of a container's token loop. */
export type TokenStep =
  | { kind: 'token'; index: number; token: GeneratedToken; last: boolean }
  /** Nothing to write yet: resume once `ready` settles. */
  | { kind: 'wait'; ready: Promise<void> }
  /** The model failed after `index` tokens. */
  | { kind: 'failed'; index: number; message: string };

/**
 * The tokens of a generation as a container writes them, knowing which one is the last (it
 * carries the finish reason). A complete generation yields its tokens; a live one yields each
 * token once the model sent the next event (so that the last one is known), `wait` steps while
 * nothing is ready, and `failed` after the tokens received when the model failed.
 */
export function* tokenSteps(generation: Generation): Generator<TokenStep> {
  const live = isLiveGeneration(generation) ? generation.live : null;
  const { tokens } = generation;
  for (let index = 0; ; index++) {
    while (live && !live.done && index >= tokens.length - 1) yield { kind: 'wait', ready: live.changed() };
    const error = live?.error ?? null;
    if (index >= tokens.length) {
      if (error !== null) yield { kind: 'failed', index, message: error };
      return;
    }
    yield { kind: 'token', index, token: tokens[index]!, last: index === tokens.length - 1 && error === null };
  }
}

/** Settles once a live generation is complete (at once for any other). */
export async function whenComplete(generation: Generation): Promise<void> {
  if (!isLiveGeneration(generation)) return;
  while (!generation.live.done) await generation.live.changed();
}

import { planSteps, type OpenAiPlan, type PlanStep } from './openai-plan.js';
import { vllmChatChunk, vllmCompletionChunk, vllmRoleChunk, vllmStreamError, vllmUsageChunk, type VllmContext } from './vllm-format.js';

/** One write of vLLM's stream generator, before the SSE or JSON Lines framing. */
export type VllmRecord =
  | { kind: 'chunk' | 'error'; json: string; tokens: number; waits: number }
  | { kind: 'done'; tokens: 0; waits: 0 }
  /** A live model has sent nothing new yet: nothing to write until `ready` settles. */
  | { kind: 'wait'; ready: Promise<void> };

/**
 * How a generation failure shows: `event` — current vLLM raises GenerationError and writes an
 * `{"error": …}` event; `finish` — the engine's `finish_reason: "error"` on a last chunk, as LMI's
 * async containers pass it on (HTTP 200 either way).
 */
export type VllmFailureStyle = 'event' | 'finish';

/** Options of {@link vllmChatRecords} and {@link vllmCompletionRecords}. */
export interface VllmRecordsOptions {
  context: VllmContext;
  plan: OpenAiPlan;
  includeUsage: boolean;
  /** `stream_options.continuous_usage_stats`: running usage on every chunk. */
  continuousUsage: boolean;
  /** Fail at this step (0 = before the first token), in `failureStyle` with `failureMessage`. */
  failure: { afterTokens: number } | null;
  /** The text of the failure event. */
  failureMessage: string;
  /** How a failure shows: the fault's, or a live model's failing mid-generation (with its own message). */
  failureStyle: VllmFailureStyle;
}

/** What {@link visibleSteps} yields: a visible step with the tokens and time it carries, a wait, or the model's failure. */
type VisibleStep =
  | { kind: 'step'; step: PlanStep; index: number; last: boolean; tokens: number; waits: number }
  | { kind: 'wait'; ready: Promise<void> }
  | { kind: 'failed'; index: number; message: string; waits: number };

/** Where hidden steps (swallowed by the parsers) add their tokens and time to the next write. */
function* visibleSteps(plan: OpenAiPlan, firstWaits: number): Generator<VisibleStep> {
  let tokens = 0;
  let waits = firstWaits;
  for (const event of planSteps(plan)) {
    if (event.kind === 'wait') {
      yield event;
      continue;
    }
    const { index } = event;
    waits += index === 0 ? 0 : 1;
    if (event.kind === 'failed') {
      yield { kind: 'failed', index, message: event.message, waits };
      return;
    }
    tokens++;
    const { step, last } = event;
    if (step.delta.kind === 'hidden' && !last) continue;
    yield { kind: 'step', step, index, last, tokens, waits };
    tokens = 0;
    waits = 0;
  }
}

/** The failure to write at a step: the fault's (`failure`) or the live model's, else null. */
function failureAt(options: VllmRecordsOptions, event: Exclude<VisibleStep, { kind: 'wait' }>): { completed: number; message: string } | null {
  if (event.kind === 'failed') return { completed: event.index, message: event.message };
  const { failure } = options;
  if (failure && event.index >= failure.afterTokens) return { completed: Math.min(failure.afterTokens, options.plan.steps.length), message: options.failureMessage };
  return null;
}

/**
 * vLLM's chat stream: the role chunk, one chunk per visible token (reasoning, content, tool-call
 * name and argument pieces), the finish on the last token's chunk, the usage chunk when asked,
 * then `[DONE]`.
 */
export function* vllmChatRecords(options: VllmRecordsOptions): Generator<VllmRecord> {
  const { context, plan } = options;
  const usage = (completionTokens: number) => (options.continuousUsage ? { usage: { promptTokens: plan.promptTokens, completionTokens } } : {});
  yield { kind: 'chunk', json: vllmRoleChunk(context, usage(0).usage), tokens: 0, waits: 1 };
  yield* stepRecords(options, {
    object: 'chat.completion.chunk',
    firstWaits: 0,
    finishChunk: (reason) => vllmChatChunk({ context, delta: { kind: 'content', text: '' }, finish: { reason, stopReason: null } }),
    chunk: ({ step, index, last }) => vllmChatChunk({ context, delta: step.delta, finish: last ? { reason: plan.finishReason, stopReason: plan.stopReason } : null, ...usage(index + 1) }),
  });
}

/** vLLM's completion stream: one `text_completion` chunk per token, usage when asked, `[DONE]`. */
export function* vllmCompletionRecords(options: VllmRecordsOptions): Generator<VllmRecord> {
  const { context, plan } = options;
  const usage = (completionTokens: number) => (options.continuousUsage ? { usage: { promptTokens: plan.promptTokens, completionTokens } } : {});
  yield* stepRecords(options, {
    object: 'text_completion',
    firstWaits: 1,
    finishChunk: (reason) => vllmCompletionChunk({ context, text: '', finish: { reason, stopReason: null } }),
    chunk: ({ step, index, last }) =>
      vllmCompletionChunk({ context, text: step.delta.kind === 'content' ? step.delta.text : '', finish: last ? { reason: plan.finishReason, stopReason: plan.stopReason } : null, ...usage(index + 1) }),
  });
}

/**
 * The records of the plan's visible steps (waits passed on, the failure where it strikes), then
 * the tail: the walk both of vLLM's streams share. `chunk` is the JSON of one step's chunk.
 */
function* stepRecords(
  options: VllmRecordsOptions,
  stream: {
    object: 'chat.completion.chunk' | 'text_completion';
    firstWaits: number;
    finishChunk: (reason: string) => string;
    chunk: (event: Extract<VisibleStep, { kind: 'step' }>) => string;
  },
): Generator<VllmRecord> {
  for (const event of visibleSteps(options.plan, stream.firstWaits)) {
    if (event.kind === 'wait') {
      yield event;
      continue;
    }
    const failed = failureAt(options, event);
    if (failed) {
      yield* failureRecords(options, stream.object, event.waits, failed, stream.finishChunk);
      return;
    }
    if (event.kind !== 'step') return;
    yield { kind: 'chunk', json: stream.chunk(event), tokens: event.tokens, waits: event.waits };
  }
  yield* tail(options, stream.object, options.plan.completionTokens);
}

function* failureRecords(
  options: VllmRecordsOptions,
  object: 'chat.completion.chunk' | 'text_completion',
  waits: number,
  failed: { completed: number; message: string },
  finishChunk: (reason: string) => string,
): Generator<VllmRecord> {
  const { context } = options;
  if (options.failureStyle === 'event') {
    yield { kind: 'error', json: vllmStreamError({ message: failed.message, flavour: context.flavour }), tokens: 0, waits };
    yield { kind: 'done', tokens: 0, waits: 0 };
    return;
  }
  yield { kind: 'error', json: finishChunk('error'), tokens: 0, waits };
  yield* tail(options, object, failed.completed);
}

function* tail(options: VllmRecordsOptions, object: 'chat.completion.chunk' | 'text_completion', completionTokens: number): Generator<VllmRecord> {
  if (options.includeUsage) {
    yield { kind: 'chunk', json: vllmUsageChunk({ context: options.context, object, promptTokens: options.plan.promptTokens, completionTokens }), tokens: 0, waits: 0 };
  }
  yield { kind: 'done', tokens: 0, waits: 0 };
}

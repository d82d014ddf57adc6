import type { OpenAiPlan, PlanStep } from './openai-plan.js';
import { vllmChatChunk, vllmCompletionChunk, vllmRoleChunk, vllmStreamError, vllmUsageChunk, type VllmContext } from './vllm-format.js';

/** One write of vLLM's stream generator, before the SSE or JSON Lines framing. */
export type VllmRecord =
  | { kind: 'chunk' | 'error'; json: string; tokens: number; waits: number }
  | { kind: 'done'; tokens: 0; waits: 0 };

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
  /** Fail at this step (0 = before the first token), in the given style. */
  failure: { afterTokens: number; style: VllmFailureStyle } | null;
  /** The text of the failure event. */
  failureMessage: string;
}

/** Where hidden steps (swallowed by the parsers) add their tokens and time to the next write. */
function* visibleSteps(steps: readonly PlanStep[], firstWaits: number): Generator<{ step: PlanStep; index: number; last: boolean; tokens: number; waits: number }> {
  let tokens = 0;
  let waits = firstWaits;
  for (const [index, step] of steps.entries()) {
    tokens++;
    waits += index === 0 ? 0 : 1;
    const last = index === steps.length - 1;
    if (step.delta.kind === 'hidden' && !last) continue;
    yield { step, index, last, tokens, waits };
    tokens = 0;
    waits = 0;
  }
}

/**
 * vLLM's chat stream: the role chunk, one chunk per visible token (reasoning, content, tool-call
 * name and argument pieces), the finish on the last token's chunk, the usage chunk when asked,
 * then `[DONE]`.
 */
export function* vllmChatRecords(options: VllmRecordsOptions): Generator<VllmRecord> {
  const { context, plan, failure } = options;
  const usage = (completionTokens: number) => (options.continuousUsage ? { usage: { promptTokens: plan.promptTokens, completionTokens } } : {});
  yield { kind: 'chunk', json: vllmRoleChunk(context, usage(0).usage), tokens: 0, waits: 1 };
  for (const { step, index, last, tokens, waits } of visibleSteps(plan.steps, 0)) {
    if (failure && index >= failure.afterTokens) {
      yield* failureRecords(options, 'chat.completion.chunk', waits, (json) => vllmChatChunk({ context, delta: { kind: 'content', text: '' }, finish: { reason: json, stopReason: null } }));
      return;
    }
    const finish = last ? { reason: plan.finishReason, stopReason: plan.stopReason } : null;
    yield { kind: 'chunk', json: vllmChatChunk({ context, delta: step.delta, finish, ...usage(index + 1) }), tokens, waits };
  }
  yield* tail(options, 'chat.completion.chunk', plan.completionTokens);
}

/** vLLM's completion stream: one `text_completion` chunk per token, usage when asked, `[DONE]`. */
export function* vllmCompletionRecords(options: VllmRecordsOptions): Generator<VllmRecord> {
  const { context, plan, failure } = options;
  const usage = (completionTokens: number) => (options.continuousUsage ? { usage: { promptTokens: plan.promptTokens, completionTokens } } : {});
  for (const { step, index, last, tokens, waits } of visibleSteps(plan.steps, 1)) {
    if (failure && index >= failure.afterTokens) {
      yield* failureRecords(options, 'text_completion', waits, (reason) => vllmCompletionChunk({ context, text: '', finish: { reason, stopReason: null } }));
      return;
    }
    const text = step.delta.kind === 'content' ? step.delta.text : '';
    yield { kind: 'chunk', json: vllmCompletionChunk({ context, text, finish: last ? { reason: plan.finishReason, stopReason: plan.stopReason } : null, ...usage(index + 1) }), tokens, waits };
  }
  yield* tail(options, 'text_completion', plan.completionTokens);
}

function* failureRecords(options: VllmRecordsOptions, object: 'chat.completion.chunk' | 'text_completion', waits: number, finishChunk: (reason: string) => string): Generator<VllmRecord> {
  const { failure, context } = options;
  const completed = Math.min(failure!.afterTokens, options.plan.steps.length);
  if (failure!.style === 'event') {
    yield { kind: 'error', json: vllmStreamError({ message: options.failureMessage, flavour: context.flavour }), tokens: 0, waits };
    yield { kind: 'done', tokens: 0, waits: 0 };
    return;
  }
  yield { kind: 'error', json: finishChunk('error'), tokens: 0, waits };
  yield* tail(options, object, completed);
}

function* tail(options: VllmRecordsOptions, object: 'chat.completion.chunk' | 'text_completion', completionTokens: number): Generator<VllmRecord> {
  if (options.includeUsage) {
    yield { kind: 'chunk', json: vllmUsageChunk({ context: options.context, object, promptTokens: options.plan.promptTokens, completionTokens }), tokens: 0, waits: 0 };
  }
  yield { kind: 'done', tokens: 0, waits: 0 };
}

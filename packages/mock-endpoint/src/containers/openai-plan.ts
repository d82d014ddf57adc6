import type { EndpointConfig } from '../config/mock-config.js';
import { generate, type GeneratedToken, type Generation, type GenerationFinishReason } from '../generation/generate.js';
import { isLiveGeneration } from '../generation/live-generation.js';
import { chooseReply } from '../replies/choose-reply.js';
import { tokenize } from '../replies/tokenize.js';
import { createRandom, deriveSeed, type Random } from '../util/random.js';
import type { OpenAiRequest } from './openai-request.js';
import { countChatPromptTokens, countPromptTokens } from './prompt-tokens.js';
import { reasoningText } from './reasoning-text.js';
import { toolArguments } from './tool-arguments.js';

/** What one engine step (one generated token) adds to the visible message. */
export type StepDelta =
  | { kind: 'content'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool-name'; index: number; id: string; name: string }
  | { kind: 'tool-args'; index: number; text: string }
  /** A control token the parsers swallow (`<think>`, `</tool_call>`, EOS after a tool call). */
  | { kind: 'hidden' };

/** One generated token and what the server streams for it. */
export interface PlanStep {
  token: GeneratedToken;
  delta: StepDelta;
}

/**
 * A whole OpenAI-style generation, before any container serialises it. When the content comes
 * from a live model (`--backend`, still arriving), `steps` grows as the model's tokens arrive and
 * `finishReason`, `stopReason`, `generationFinish`, `content` and `completionTokens` are only
 * final once the generation is done: walk the steps with {@link planSteps}, read those after.
 */
export interface OpenAiPlan {
  readonly steps: PlanStep[];
  /** OpenAI finish reason of the last step. */
  finishReason: 'stop' | 'length' | 'tool_calls';
  /** vLLM `stop_reason`: the stop string that matched, else null (EOS, length). */
  stopReason: string | null;
  /** The same end in TGI/LMI words, for the journal and LMI's TGI-style lines. */
  generationFinish: GenerationFinishReason;
  content: string;
  reasoning: string;
  toolCall: { id: string; name: string; arguments: string } | null;
  promptTokens: number;
  completionTokens: number;
  /** The visible content tokens, for the journal. */
  generation: Generation;
}

/** 32 lowercase hex digits, as Python's `uuid4().hex` (drawn from the request seed). */
export function randomHex(random: Random): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += random.int(16).toString(16);
  return hex;
}

function drawLogprob(random: Random): number {
  return Math.max(-12, -0.0001 + Math.log(1 - random.next()) * 0.45);
}

/**
 * Plans what a reasoning- and tool-aware OpenAI server generates for a request: reasoning tokens
 * (reasoning models, unless `enable_thinking: false`), then either one tool call (when tools are
 * offered: the forced tool or the first) with its arguments streamed in pieces, or the reply text
 * (corpus, echo or scripted). Every token counts toward `max_tokens`; running out ends with `length`.
 */
export function planOpenAi(options: {
  request: OpenAiRequest;
  endpoint: EndpointConfig;
  seed: number;
  defaultMaxTokens: number | undefined;
  /** A real model's complete answer (`--backend`): its text and end, used as is for the content. */
  backendGeneration?: Generation | undefined;
}): OpenAiPlan {
  const { request, endpoint, seed } = options;
  const { model } = endpoint;
  const random = createRandom(deriveSeed(seed, 'plan-logprobs'));
  const ids = createRandom(deriveSeed(seed, 'tool-id'));
  const promptTokens = request.kind === 'chat' ? countChatPromptTokens(request.messages, model.vocabularySize) : countPromptTokens(request.prompt, model.vocabularySize);
  const budget = request.maxTokens ?? options.defaultMaxTokens ?? Math.max(1, model.maxTotalTokens - promptTokens);
  const steps: PlanStep[] = [];
  const push = (token: { id: number; text: string }, delta: StepDelta, special = false): boolean => {
    if (steps.length >= budget) return false;
    steps.push({ token: { id: token.id, text: token.text, logprob: drawLogprob(random), special }, delta });
    return true;
  };
  const control = (text: string): { id: number; text: string } => ({ id: model.eosTokenId + 10 + text.length, text });
  const lengthEnd = (reasoning: string, content: string): OpenAiPlan => ({
    steps,
    finishReason: 'length',
    stopReason: null,
    generationFinish: 'length',
    content,
    reasoning,
    toolCall: null,
    promptTokens,
    completionTokens: steps.length,
    generation: { tokens: steps.filter((step) => step.delta.kind === 'content').map((step) => step.token), finishReason: 'length', text: content },
  });

  let reasoning = '';
  if (request.kind === 'chat' && model.reasoning && request.thinking !== false) {
    if (!push(control('<think>'), { kind: 'hidden' })) return lengthEnd('', '');
    for (const token of tokenize(reasoningText({ prompt: request.prompt }), { vocabularySize: model.vocabularySize })) {
      if (!push(token, { kind: 'reasoning', text: token.text })) return lengthEnd(reasoning, '');
      reasoning += token.text;
    }
    if (!push(control('</think>'), { kind: 'hidden' })) return lengthEnd(reasoning, '');
  }

  const tool = request.forcedTool !== undefined ? request.tools.find((candidate) => candidate.name === request.forcedTool) : request.tools[0];
  if (tool) {
    const call = { id: `chatcmpl-tool-${randomHex(ids)}`, name: tool.name, arguments: toolArguments({ tool, prompt: request.prompt }) };
    if (!push(control('<tool_call>'), { kind: 'hidden' })) return lengthEnd(reasoning, '');
    if (!push({ id: tokenize(tool.name)[0]?.id ?? 1000, text: tool.name }, { kind: 'tool-name', index: 0, id: call.id, name: tool.name })) return lengthEnd(reasoning, '');
    for (const token of tokenize(call.arguments, { vocabularySize: model.vocabularySize })) {
      if (!push(token, { kind: 'tool-args', index: 0, text: token.text })) return lengthEnd(reasoning, '');
    }
    if (!push(control('</tool_call>'), { kind: 'hidden' })) return lengthEnd(reasoning, '');
    if (!push({ id: model.eosTokenId, text: '' }, { kind: 'hidden' }, true)) return lengthEnd(reasoning, '');
    return {
      steps,
      finishReason: 'tool_calls',
      stopReason: null,
      generationFinish: 'eos_token',
      content: '',
      reasoning,
      toolCall: call,
      promptTokens,
      completionTokens: steps.length,
      generation: { tokens: [], finishReason: 'eos_token', text: '' },
    };
  }

  const remaining = budget - steps.length;
  if (remaining <= 0) return lengthEnd(reasoning, '');
  const replyText = options.backendGeneration ? '' : chooseReply({ prompt: request.prompt, reply: endpoint.reply, seed });
  const generation = options.backendGeneration ?? generate({ replyText, maxNewTokens: remaining, stop: request.stop, stopMode: 'exclude', model, random: createRandom(deriveSeed(seed, 'logprobs')) });
  // The content steps follow the generation's tokens; a live model's tokens are taken in as they arrive.
  const planned = steps.length;
  const contentSteps = (): PlanStep[] => {
    for (let index = steps.length - planned; index < generation.tokens.length; index++) {
      const token = generation.tokens[index]!;
      steps.push({ token, delta: { kind: 'content', text: token.special ? '' : token.text } });
    }
    return steps;
  };
  contentSteps();
  // Getters: the end of a live generation is only known once it is done.
  return {
    get steps() {
      return contentSteps();
    },
    get finishReason() {
      return generation.finishReason === 'length' ? 'length' : 'stop';
    },
    get stopReason() {
      return generation.finishReason === 'stop_sequence' ? (request.stop.find((stop) => stop !== '' && replyText.startsWith(stop, generation.text.length)) ?? request.stop[0] ?? null) : null;
    },
    get generationFinish() {
      return generation.finishReason;
    },
    get content() {
      return generation.text;
    },
    reasoning,
    toolCall: null,
    promptTokens,
    get completionTokens() {
      return contentSteps().length;
    },
    generation,
  };
}

/** One step of a container's walk through a plan (see {@link planSteps}). */
export type PlanStepEvent =
  | { kind: 'step'; index: number; step: PlanStep; last: boolean }
  /** A live model has sent nothing new yet: resume once `ready` settles. */
  | { kind: 'wait'; ready: Promise<void> }
  /** The live model failed after `index` steps. */
  | { kind: 'failed'; index: number; message: string };

/**
 * The plan's steps as a container writes them, knowing which one is the last (it carries the
 * finish). A complete plan yields its steps; one whose content comes from a live model yields each
 * step once the next is known (or the model is done), `wait` steps while nothing is ready, and
 * `failed` after the steps received when the model failed. As `tokenSteps` does for a generation.
 */
export function* planSteps(plan: OpenAiPlan): Generator<PlanStepEvent> {
  const live = isLiveGeneration(plan.generation) ? plan.generation.live : null;
  if (!live) {
    const { steps } = plan;
    for (const [index, step] of steps.entries()) yield { kind: 'step', index, step, last: index === steps.length - 1 };
    return;
  }
  for (let index = 0; ; index++) {
    while (!live.done && index >= plan.steps.length - 1) yield { kind: 'wait', ready: live.changed() };
    const { steps } = plan;
    const { error } = live;
    if (index >= steps.length) {
      if (error !== null) yield { kind: 'failed', index, message: error };
      return;
    }
    yield { kind: 'step', index, step: steps[index]!, last: index === steps.length - 1 && error === null };
  }
}

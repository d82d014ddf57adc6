import { createRandom, deriveSeed } from '../util/random.js';
import type { Container, ContainerFlush, ContainerRequest } from './container-types.js';
import { planOpenAi, planSteps, randomHex, type OpenAiPlan } from './openai-plan.js';
import type { OpenAiRequest } from './openai-request.js';
import { SGLANG_DONE_EVENT, sglangChatCompletion, sglangChunk, sglangErrorEvent, sglangUsageChunk, type SglangContext } from './sglang-format.js';
import { readOpenAiBody } from './vllm-container.js';
import { lateWrite, waitWrite } from './wait-write.js';

const SSE = 'text/event-stream; charset=utf-8';
/** SGLang's served-model placeholder when the request names no model. */
const DEFAULT_MODEL_NAME = 'default';
const GENERATION_FAILURE = 'Internal server error (mock fault: container-error)';

/** SGLang's `matched_stop`: the EOS token id, the stop string, or null (length). */
function matchedStop(plan: OpenAiPlan, eosTokenId: number): string | number | null {
  if (plan.finishReason === 'length') return null;
  return plan.stopReason ?? eosTokenId;
}

function* writes(options: { request: ContainerRequest; openAi: OpenAiRequest; plan: OpenAiPlan; context: SglangContext }): Generator<ContainerFlush> {
  const { request, openAi, plan, context } = options;
  const write = (text: string, tokens: number, waits: number): ContainerFlush => ({ bytes: Buffer.from(text, 'utf8'), tokens, waits });
  yield write(sglangChunk({ context, created: request.clock(), delta: { role: 'assistant', content: '' }, finishReason: null, matchedStop: null }), 0, 1);
  let tokens = 0;
  let waits = 0;
  for (const event of planSteps(plan)) {
    if (event.kind === 'wait') {
      yield waitWrite(event.ready);
      continue;
    }
    const { index } = event;
    waits += index === 0 ? 0 : 1;
    // The fault's failure, or a live model failing mid-generation: the same in-band error.
    if (event.kind === 'failed' || (request.containerError && index >= request.containerError.afterTokens)) {
      yield write(sglangErrorEvent(event.kind === 'failed' ? event.message : GENERATION_FAILURE) + SGLANG_DONE_EVENT, 0, waits);
      return;
    }
    tokens++;
    const { step } = event;
    // SGLang streams the text difference: control tokens and EOS add none, so they send nothing.
    const delta = step.delta.kind === 'content' && step.delta.text !== '' ? { content: step.delta.text } : step.delta.kind === 'reasoning' ? { reasoning_content: step.delta.text } : null;
    if (!delta) continue;
    yield write(sglangChunk({ context, created: request.clock(), delta, finishReason: null, matchedStop: null }), tokens, waits);
    tokens = 0;
    waits = 0;
  }
  yield write(sglangChunk({ context, created: request.clock(), delta: {}, finishReason: plan.finishReason, matchedStop: matchedStop(plan, request.endpoint.model.eosTokenId) }), tokens, waits);
  if (openAi.includeUsage) yield write(sglangUsageChunk({ context, created: request.clock(), promptTokens: plan.promptTokens, completionTokens: plan.completionTokens }), 0, 0);
  yield write(SGLANG_DONE_EVENT, 0, 0);
}

/**
 * SGLang behind SageMaker: `POST /invocations` is its chat completions route. Chunks are compact
 * msgspec JSON after `data: `; the finish comes in its own chunk with an empty delta and
 * `matched_stop`; reasoning models stream `reasoning_content`. Tools are not emulated here.
 */
export function createSglangContainer(): Container {
  return {
    handle(request) {
      const openAi = readOpenAiBody(request, { completionAllowed: false });
      if ('type' in openAi) return openAi;
      const plan = planOpenAi({ request: { ...openAi, tools: [] }, endpoint: request.endpoint, seed: request.seed, backendGeneration: request.backendGeneration, defaultMaxTokens: undefined });
      const context = { id: randomHex(createRandom(deriveSeed(request.seed, 'request-id'))), model: openAi.model ?? DEFAULT_MODEL_NAME };
      if (openAi.stream) return { type: 'accepted', contentType: SSE, prompt: openAi.prompt, generation: plan.generation, flushes: writes({ request, openAi, plan, context }) };
      if (request.containerError) return { type: 'rejected', status: 400, contentType: 'application/json', body: `{"object":"error","message":${JSON.stringify(GENERATION_FAILURE)},"type":"BadRequestError","param":null,"code":400}` };
      const render = (): ContainerFlush => {
        const body = sglangChatCompletion({
          context,
          created: request.clock(),
          content: plan.content,
          reasoning: plan.reasoning,
          finishReason: plan.finishReason,
          matchedStop: matchedStop(plan, request.endpoint.model.eosTokenId),
          promptTokens: plan.promptTokens,
          completionTokens: plan.completionTokens,
        });
        return { bytes: Buffer.from(body, 'utf8'), tokens: plan.completionTokens, waits: plan.completionTokens };
      };
      return { type: 'accepted', contentType: 'application/json', prompt: openAi.prompt, generation: plan.generation, awaitsWholeGeneration: true, flushes: lateWrite(render) };
    },
    streamsLive: true,
  };
}

import { normalizeContentType } from '@sagestream/core';
import { createRandom, deriveSeed } from '../util/random.js';
import type { Container, ContainerFlush, ContainerRequest, ContainerResponse } from './container-types.js';
import { planOpenAi, randomHex, type OpenAiPlan } from './openai-plan.js';
import { parseOpenAiRequest, type OpenAiRequest } from './openai-request.js';
import { isObject, parseJsonBody } from './request-body.js';
import { VLLM_DONE_EVENT, vllmBadRequest, vllmChatCompletion, vllmCompletion, vllmSseEvent, type VllmContext, type VllmFlavour } from './vllm-format.js';
import { vllmChatRecords, vllmCompletionRecords, type VllmRecord } from './vllm-stream.js';
import { lateWrite, waitWrite } from './wait-write.js';

/** Starlette adds the charset to text media types; SageMaker passes the value on verbatim. */
const SSE = 'text/event-stream; charset=utf-8';
const JSON_TYPE = 'application/json';
/** vLLM's completions default `max_tokens` (CompletionRequest). */
export const VLLM_COMPLETION_DEFAULT_MAX_TOKENS = 16;
/** The GenerationError text vLLM streams when the engine fails mid-generation. */
export const GENERATION_FAILURE = 'Internal server error (mock fault: container-error)';

function rejected(status: number, body: string): ContainerResponse {
  return { type: 'rejected', status, contentType: JSON_TYPE, body };
}

/** The OpenAI request of a JSON body, or vLLM's error answer. */
export function readOpenAiBody(request: ContainerRequest, options: { completionAllowed: boolean }): OpenAiRequest | ContainerResponse {
  const type = normalizeContentType(request.contentType);
  if (request.endpoint.strictContentType && type !== 'application/json') return rejected(400, vllmBadRequest("Unsupported Media Type: Only 'application/json' is allowed"));
  const parsed = parseJsonBody(request.body);
  if (!parsed.ok) return rejected(400, vllmBadRequest(`JSON decode error: Expecting ${parsed.expected}: line ${parsed.line} column ${parsed.column} (char ${parsed.position})`));
  if (!isObject(parsed.value) || (!('messages' in parsed.value) && !(options.completionAllowed && 'prompt' in parsed.value))) {
    const expected = options.completionAllowed ? "['ChatCompletionRequest', 'CompletionRequest']" : "['ChatCompletionRequest']";
    return rejected(400, vllmBadRequest(`Cannot find suitable handler for request. Expected one of: ${expected}`));
  }
  const read = parseOpenAiRequest(parsed.value);
  if ('error' in read) return rejected(400, vllmBadRequest(read.error));
  // vLLM sets no limit; the mock caps the list (model.maxStopSequences) so that a huge one cannot block the event loop.
  const { maxStopSequences } = request.endpoint.model;
  if (read.stop.length > maxStopSequences) return rejected(400, vllmBadRequest(`stop supports up to ${maxStopSequences} sequences (model.maxStopSequences), got ${read.stop.length}.`));
  return read;
}

/** The chunk context: `chatcmpl-`/`cmpl-` + 32 hex digits drawn from the request seed. */
export function vllmContext(request: ContainerRequest, openAi: OpenAiRequest, flavour: VllmFlavour): VllmContext {
  const hex = randomHex(createRandom(deriveSeed(request.seed, 'request-id')));
  return { id: `${openAi.kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${hex}`, created: request.clock(), model: openAi.model ?? request.endpoint.model.id, flavour };
}

/** The stream's records for the plan. */
export function vllmRecords(options: { request: ContainerRequest; openAi: OpenAiRequest; plan: OpenAiPlan; context: VllmContext; failureStyle: 'event' | 'finish' }): Generator<VllmRecord> {
  const { request, openAi, plan, context } = options;
  const failure = request.containerError ? { afterTokens: request.containerError.afterTokens } : null;
  const records = { context, plan, includeUsage: openAi.includeUsage, continuousUsage: openAi.continuousUsage, failure, failureMessage: GENERATION_FAILURE, failureStyle: options.failureStyle };
  return openAi.kind === 'chat' ? vllmChatRecords(records) : vllmCompletionRecords(records);
}

function* sseWrites(records: Iterable<VllmRecord>): Generator<ContainerFlush> {
  for (const record of records) {
    if (record.kind === 'wait') {
      yield waitWrite(record.ready);
      continue;
    }
    const text = record.kind === 'done' ? VLLM_DONE_EVENT : vllmSseEvent(record.json);
    yield { bytes: Buffer.from(text, 'utf8'), tokens: record.tokens, waits: record.waits };
  }
}

/**
 * vLLM behind SageMaker (`vllm/entrypoints/sagemaker`): `/invocations` picks chat or completions
 * from the body and streams raw OpenAI SSE — `data: {…}\n\n` … `data: [DONE]\n\n` — with
 * `reasoning` deltas (`reasoning_content` in the legacy flavour), tool-call fragments, the
 * include_usage chunk and, on failure, an in-band error event under HTTP 200.
 */
export function createVllmContainer(flavour: VllmFlavour): Container {
  return {
    handle(request) {
      const openAi = readOpenAiBody(request, { completionAllowed: true });
      if ('type' in openAi) return openAi;
      const { model } = request.endpoint;
      if (openAi.model !== undefined && openAi.model !== model.id) {
        return rejected(404, `{"error":{"message":${JSON.stringify(`The model \`${openAi.model}\` does not exist.`)},"type":"NotFoundError","param":"model","code":404}}`);
      }
      const plan = planOpenAi({ request: openAi, endpoint: request.endpoint, seed: request.seed, backendGeneration: request.backendGeneration, defaultMaxTokens: openAi.kind === 'completion' ? VLLM_COMPLETION_DEFAULT_MAX_TOKENS : undefined });
      const context = vllmContext(request, openAi, flavour);
      if (openAi.stream) {
        return { type: 'accepted', contentType: SSE, prompt: openAi.prompt, generation: plan.generation, flushes: sseWrites(vllmRecords({ request, openAi, plan, context, failureStyle: 'event' })) };
      }
      if (request.containerError) return rejected(500, vllmBadRequest(GENERATION_FAILURE).replace('"BadRequestError"', '"InternalServerError"').replace('"code":400', '"code":500'));
      const render = (): ContainerFlush => {
        const body = openAi.kind === 'chat' ? vllmChatCompletion({ context, plan }) : vllmCompletion({ context, plan, text: plan.content });
        const tokens = plan.completionTokens;
        return { bytes: Buffer.from(body, 'utf8'), tokens, waits: tokens };
      };
      return { type: 'accepted', contentType: JSON_TYPE, prompt: openAi.prompt, generation: plan.generation, awaitsWholeGeneration: true, flushes: lateWrite(render) };
    },
    streamsLive: true,
  };
}

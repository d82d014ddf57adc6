import { normalizeContentType } from '@sagestream/core';
import type { Container, ContainerFlush, ContainerRequest, ContainerResponse } from './container-types.js';
import * as lmi from './lmi-format.js';
import { LMI_ASYNC_EMPTY_LINE, lmiAsyncLine, lmiTgiStyleLine, lmiTgiStyleResponse } from './lmi-async-format.js';
import { planOpenAi, planSteps, type OpenAiPlan } from './openai-plan.js';
import { parseOpenAiRequest, type OpenAiRequest } from './openai-request.js';
import { asCount, asStringList, isObject, parseJsonBody } from './request-body.js';
import { vllmChatCompletion, vllmCompletion } from './vllm-format.js';
import { GENERATION_FAILURE, VLLM_COMPLETION_DEFAULT_MAX_TOKENS, vllmContext, vllmRecords } from './vllm-container.js';
import type { VllmRecord } from './vllm-stream.js';
import { lateWrite, waitWrite } from './wait-write.js';

const JSON_LINES = 'application/jsonlines';
const JSON_TYPE = 'application/json';
const PARSE_FAILED = 'Input Parsing failed. Ensure that the request payload is valid. ';
/** LMI's default generation length for TGI-style bodies (`max_new_tokens` default 30). */
const TGI_STYLE_DEFAULT_MAX_NEW_TOKENS = 30;

function reject(message: string): ContainerResponse {
  return { type: 'rejected', status: 424, contentType: JSON_TYPE, body: lmi.lmiRejection(message) };
}

/** vLLM sets no limit; the mock caps the list (model.maxStopSequences) so that a huge one cannot block the event loop. */
function tooManyStops(request: ContainerRequest, count: number): ContainerResponse {
  return reject(`${PARSE_FAILED}stop supports up to ${request.endpoint.model.maxStopSequences} sequences (model.maxStopSequences), got ${count}.`);
}

function* lineWrites(records: Iterable<VllmRecord>): Generator<ContainerFlush> {
  for (const record of records) {
    if (record.kind === 'wait') {
      yield waitWrite(record.ready);
      continue;
    }
    const text = record.kind === 'done' ? LMI_ASYNC_EMPTY_LINE : lmiAsyncLine(record.json);
    yield { bytes: Buffer.from(text, 'utf8'), tokens: record.tokens, waits: record.waits };
  }
}

interface TgiStyle {
  openAi: OpenAiRequest;
  details: boolean;
  seed: number | null;
}

/** `convert_lmi_schema_to_completion_request`: `{"inputs", "parameters", "stream"}` → a completion request. */
function readTgiStyle(body: Record<string, unknown>): TgiStyle | ContainerResponse {
  if (typeof body.inputs !== 'string' || body.inputs === '') return reject(`${PARSE_FAILED}Either prompt or prompt_embeds must be provided and non-empty.`);
  const parameters = isObject(body.parameters) ? body.parameters : {};
  const maxNewTokens = parameters.max_new_tokens ?? TGI_STYLE_DEFAULT_MAX_NEW_TOKENS;
  if (!(asCount(maxNewTokens)! >= 1)) return reject(`${PARSE_FAILED}max_tokens must be at least 1, got ${JSON.stringify(maxNewTokens)}.`);
  const stop = typeof parameters.stop === 'string' ? [parameters.stop] : (asStringList(parameters.stop) ?? []);
  return {
    openAi: {
      kind: 'completion',
      messages: [{ role: 'user', content: body.inputs }],
      prompt: body.inputs,
      maxTokens: maxNewTokens as number,
      stop,
      stream: body.stream === true,
      // Streaming TGI-style requests force include_usage and continuous usage stats.
      includeUsage: true,
      continuousUsage: true,
      tools: [],
      forcedTool: undefined,
      thinking: undefined,
      model: undefined,
      echo: parameters.return_full_text === true,
    },
    details: parameters.details === true,
    seed: asCount(parameters.seed) ?? null,
  };
}

/** The TGI-style stream: one `{"token": …}` line per token, the end on the last; usage and [DONE] as "\n". */
function* tgiStyleWrites(options: { request: ContainerRequest; style: TgiStyle; plan: OpenAiPlan }): Generator<ContainerFlush> {
  const { request, style, plan } = options;
  let history = '';
  const failAt = request.containerError?.afterTokens;
  const write = (text: string, tokens: number, waits: number): ContainerFlush => ({ bytes: Buffer.from(text, 'utf8'), tokens, waits });
  for (const event of planSteps(plan)) {
    if (event.kind === 'wait') {
      yield waitWrite(event.ready);
      continue;
    }
    const { index } = event;
    // A live model failing mid-generation ends as the fault does, on a token it never sent (EOS).
    const token = event.kind === 'step' ? event.step.token : { id: request.endpoint.model.eosTokenId, text: '', logprob: 0, special: true };
    const text = event.kind === 'step' && event.step.delta.kind === 'content' ? event.step.delta.text : '';
    const last = event.kind === 'step' && event.last;
    const failing = event.kind === 'failed' || (failAt !== undefined && index >= failAt);
    if (!failing) history += text;
    const end = last || failing
      ? {
          generatedText: (style.openAi.echo ? style.openAi.prompt : '') + history,
          details: style.details ? { finishReason: failing ? 'error' : plan.finishReason, seed: style.seed, generatedTokens: index + 1 + 1, inputLength: plan.promptTokens } : null,
        }
      : null;
    yield write(lmiTgiStyleLine({ token, text: failing ? '' : text, end }), failing ? 0 : 1, 1);
    if (failing) break;
  }
  yield write(LMI_ASYNC_EMPTY_LINE, 0, 0);
  yield write(LMI_ASYNC_EMPTY_LINE, 0, 0);
}

/**
 * LMI v17+ (djl-serving async mode with vLLM, `djl_python.lmi_vllm.vllm_async_service`) behind
 * SageMaker: `application/jsonlines` where each vLLM chunk is a line — chat chunks for `messages`,
 * completion chunks for `prompt`, TGI-style `{"token": …}` lines for `inputs` — and `[DONE]` is a
 * bare "\n". An engine failure after the 200 ends with `finish_reason: "error"`.
 */
export function createLmiAsyncContainer(): Container {
  return {
    handle(request) {
      const type = normalizeContentType(request.contentType);
      if (request.endpoint.strictContentType && type !== undefined && type !== 'text/plain' && !type.includes('application/json')) {
        return reject(`${PARSE_FAILED}TextEncodeInput must be Union[TextInputSequence, Tuple[InputSequence, InputSequence]]`);
      }
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) return reject(`${PARSE_FAILED}Expecting ${parsed.expected}: line ${parsed.line} column ${parsed.column} (char ${parsed.position})`);
      const body = parsed.value;
      if (!isObject(body)) return reject(`${PARSE_FAILED}'${Array.isArray(body) ? 'list' : typeof body}' object has no attribute 'get'`);

      if ('inputs' in body && !('messages' in body) && !('prompt' in body)) {
        const style = readTgiStyle(body);
        if ('type' in style) return style;
        if (style.openAi.stop.length > request.endpoint.model.maxStopSequences) return tooManyStops(request, style.openAi.stop.length);
        const plan = planOpenAi({ request: style.openAi, endpoint: request.endpoint, seed: request.seed, backendGeneration: request.backendGeneration, defaultMaxTokens: TGI_STYLE_DEFAULT_MAX_NEW_TOKENS });
        if (style.openAi.stream) return { type: 'accepted', contentType: JSON_LINES, prompt: style.openAi.prompt, generation: plan.generation, flushes: tgiStyleWrites({ request, style, plan }) };
        if (request.containerError) return { type: 'rejected', status: 424, contentType: JSON_TYPE, body: lmi.lmiCodedError(GENERATION_FAILURE) };
        const render = (): ContainerFlush => {
          const text = (style.openAi.echo ? style.openAi.prompt : '') + plan.content;
          const details = style.details ? { stopReason: plan.stopReason, generatedTokens: plan.completionTokens, seed: style.seed, tokens: plan.steps.map((step) => ({ token: step.token, text: step.delta.kind === 'content' ? step.delta.text : '' })) } : null;
          const answer = lmiTgiStyleResponse({ generatedText: text, details });
          return { bytes: Buffer.from(answer, 'utf8'), tokens: plan.completionTokens, waits: plan.completionTokens };
        };
        return { type: 'accepted', contentType: JSON_TYPE, prompt: style.openAi.prompt, generation: plan.generation, awaitsWholeGeneration: true, flushes: lateWrite(render) };
      }

      const openAi = parseOpenAiRequest(body);
      if ('error' in openAi) return reject(PARSE_FAILED + openAi.error);
      if (openAi.stop.length > request.endpoint.model.maxStopSequences) return tooManyStops(request, openAi.stop.length);
      const plan = planOpenAi({ request: openAi, endpoint: request.endpoint, seed: request.seed, backendGeneration: request.backendGeneration, defaultMaxTokens: openAi.kind === 'completion' ? VLLM_COMPLETION_DEFAULT_MAX_TOKENS : undefined });
      const context = vllmContext(request, { ...openAi, model: openAi.model ?? request.endpoint.model.id }, 'current');
      if (openAi.stream) {
        return { type: 'accepted', contentType: JSON_LINES, prompt: openAi.prompt, generation: plan.generation, flushes: lineWrites(vllmRecords({ request, openAi, plan, context, failureStyle: 'finish' })) };
      }
      if (request.containerError) return { type: 'rejected', status: 424, contentType: JSON_TYPE, body: lmi.lmiCodedError(GENERATION_FAILURE) };
      const render = (): ContainerFlush => {
        const answer = `${openAi.kind === 'chat' ? vllmChatCompletion({ context, plan }) : vllmCompletion({ context, plan, text: plan.content })}\n`;
        return { bytes: Buffer.from(answer, 'utf8'), tokens: plan.completionTokens, waits: plan.completionTokens };
      };
      return { type: 'accepted', contentType: JSON_TYPE, prompt: openAi.prompt, generation: plan.generation, awaitsWholeGeneration: true, flushes: lateWrite(render) };
    },
    streamsLive: true,
  };
}

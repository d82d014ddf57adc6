import { generate, type Generation } from '../generation/generate.js';
import { isLiveGeneration, tokenSteps } from '../generation/live-generation.js';
import { chooseReply } from '../replies/choose-reply.js';
import { createRandom, deriveSeed } from '../util/random.js';
import { normalizeContentType } from '@sagestream/core';
import type { Container, ContainerFlush, ContainerRequest, ContainerResponse } from './container-types.js';
import { countChatPromptTokens, countPromptTokens } from './prompt-tokens.js';
import { asCount, asStringList, isObject, messageText, parseJsonBody } from './request-body.js';
import * as format from './tgi-format.js';
import { waitWrite, wholeWrite } from './wait-write.js';

const SSE = 'text/event-stream';
const JSON_TYPE = 'application/json';
/** TGI's cap on the default generation length when the request sets none. */
const DEFAULT_GENERATION_LENGTH = 1024;
const GENERATION_ERROR = 'Request failed during generation: Server error: CUDA out of memory. Tried to allocate 2.00 GiB (mock fault: container-error)';

type Parameters = Record<string, unknown>;

/** Rejection as axum writes it for extractor failures: plain text. */
function plainTextRejection(status: number, body: string): ContainerResponse {
  return { type: 'rejected', status, contentType: 'text/plain; charset=utf-8', body };
}

function notAnyVariant(text: string): ContainerResponse {
  const lines = text.split('\n');
  return plainTextRejection(
    422,
    `Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum SagemakerRequest at line ${lines.length} column ${lines[lines.length - 1]!.length}`,
  );
}

function isNumber(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'number';
}

function isBoolean(value: unknown): boolean {
  return value === undefined || typeof value === 'boolean';
}

/** Checks the field types serde would reject (a wrong type fails the whole untagged enum). */
function wellTypedParameters(parameters: Parameters): boolean {
  return (
    (parameters.max_new_tokens === undefined || parameters.max_new_tokens === null || asCount(parameters.max_new_tokens) !== undefined) &&
    (parameters.stop === undefined || asStringList(parameters.stop) !== undefined) &&
    (parameters.seed === undefined || parameters.seed === null || asCount(parameters.seed) !== undefined) &&
    ['temperature', 'top_p', 'top_k', 'typical_p', 'repetition_penalty'].every((key) => isNumber(parameters[key])) &&
    ['details', 'return_full_text', 'do_sample', 'decoder_input_details'].every((key) => isBoolean(parameters[key]))
  );
}

/** TGI's parameter validation (`Validation::validate`), in its order; returns the message or null. */
function validate(options: { parameters: Parameters; inputs: string; inputLength: number; maxNewTokens: number; request: ContainerRequest }): string | null {
  const { parameters, inputs, inputLength, maxNewTokens } = options;
  const { model } = options.request.endpoint;
  const prefix = 'Input validation error: ';
  if (typeof parameters.temperature === 'number' && parameters.temperature <= 0) return `${prefix}\`temperature\` must be strictly positive`;
  if (typeof parameters.top_p === 'number' && (parameters.top_p <= 0 || parameters.top_p >= 1)) return `${prefix}\`top_p\` must be > 0.0 and < 1.0`;
  if (typeof parameters.top_k === 'number' && parameters.top_k <= 0) return `${prefix}\`top_k\` must be strictly positive`;
  if (parameters.max_new_tokens === 0) return `${prefix}\`max_new_tokens\` must be strictly positive`;
  const stop = asStringList(parameters.stop) ?? [];
  if (stop.length > model.maxStopSequences) return `${prefix}\`stop\` supports up to ${model.maxStopSequences} stop sequences. Given: ${stop.length}`;
  if (inputs === '') return `${prefix}\`inputs\` cannot be empty`;
  if (inputLength + maxNewTokens > model.maxTotalTokens) {
    return `${prefix}\`inputs\` tokens + \`max_new_tokens\` must be <= ${model.maxTotalTokens}. Given: ${inputLength} \`inputs\` tokens and ${maxNewTokens} \`max_new_tokens\``;
  }
  if (inputLength > model.maxInputTokens) return `${prefix}\`inputs\` must have less than ${model.maxInputTokens} tokens. Given: ${inputLength}`;
  return null;
}

function isSampling(parameters: Parameters): boolean {
  return (
    parameters.do_sample === true ||
    (typeof parameters.temperature === 'number' && parameters.temperature !== 1) ||
    typeof parameters.top_k === 'number' ||
    typeof parameters.top_p === 'number' ||
    typeof parameters.typical_p === 'number'
  );
}

interface Plan {
  prompt: string;
  promptTokens: number;
  parameters: Parameters;
  maxNewTokens: number;
  stream: boolean;
  generation: Generation;
}

function plan(request: ContainerRequest, options: { prompt: string; promptTokens: number; parameters: Parameters; stream: boolean }): Plan {
  const { endpoint, seed } = request;
  const { model } = endpoint;
  const { prompt, promptTokens, parameters } = options;
  const requested = asCount(parameters.max_new_tokens);
  const maxNewTokens = requested ?? model.defaultMaxNewTokens ?? Math.min(DEFAULT_GENERATION_LENGTH, Math.max(0, model.maxTotalTokens - promptTokens));
  const stop = asStringList(parameters.stop) ?? [];
  // A real model behind `--backend` already applied the limit and the stop strings upstream.
  const generation =
    request.backendGeneration ??
    generate({
      replyText: chooseReply({ prompt, reply: endpoint.reply, seed }),
      maxNewTokens: Math.max(1, maxNewTokens),
      // Over the limit, validation rejects the request: do not scan the text for a huge list first.
      stop: stop.length > model.maxStopSequences ? [] : stop,
      stopMode: 'include',
      model,
      random: createRandom(deriveSeed(seed, 'logprobs')),
    });
  return { ...options, maxNewTokens, generation };
}

/** One container write of text (the generators render lazily, so `created` is the send time). */
function write(text: string, tokens: number, waits: number): ContainerFlush {
  return { bytes: Buffer.from(text, 'utf8'), tokens, waits };
}

function* generateStreamWrites(request: ContainerRequest, planned: Plan, seed: number | null): Generator<ContainerFlush> {
  const { generation, parameters, prompt, promptTokens } = planned;
  for (const step of tokenSteps(generation)) {
    if (step.kind === 'wait') {
      yield waitWrite(step.ready);
      continue;
    }
    const { index } = step;
    if (step.kind === 'failed' || (request.containerError && index === request.containerError.afterTokens)) {
      const message = step.kind === 'failed' ? `Request failed during generation: Server error: ${step.message}` : GENERATION_ERROR;
      yield write(format.sseEvent(format.errorJson({ message, errorType: 'generation' })), 0, 1);
      return;
    }
    const { token, last } = step;
    const end = last
      ? {
          generatedText: (parameters.return_full_text === true ? prompt : '') + generation.text,
          details: parameters.details === true ? { finishReason: generation.finishReason, generatedTokens: generation.tokens.length, seed, inputLength: promptTokens } : null,
        }
      : null;
    yield write(format.generateStreamEvent({ index: index + 1, token, end }), 1, 1);
  }
}

function* chatStreamWrites(request: ContainerRequest, planned: Plan): Generator<ContainerFlush> {
  const { generation, promptTokens } = planned;
  const { model } = request.endpoint;
  const context = () => ({ created: request.clock(), model: model.id, systemFingerprint: model.systemFingerprint });
  for (const step of tokenSteps(generation)) {
    if (step.kind === 'wait') {
      yield waitWrite(step.ready);
      continue;
    }
    if (step.kind === 'failed' || (request.containerError && step.index === request.containerError.afterTokens)) {
      const message = step.kind === 'failed' ? `Request failed during generation: Server error: ${step.message}` : GENERATION_ERROR;
      yield write(format.chatErrorEvent(message) + format.CHAT_DONE_EVENT, 0, 1);
      return;
    }
    yield write(format.chatChunk({ context: context(), token: step.token, finishReason: step.last ? generation.finishReason : null }), 1, 1);
  }
  const streamOptions = planned.parameters.stream_options;
  if (isObject(streamOptions) && streamOptions.include_usage === true) {
    yield write(format.chatUsageChunk({ context: context(), promptTokens, completionTokens: generation.tokens.length }), 0, 0);
  }
  yield write(format.CHAT_DONE_EVENT, 0, 0);
}

/** A whole-body answer: one write after the whole generation time (a live model's answer is awaited first). */
function single(contentType: string, prompt: string, generation: Generation, render: () => string): ContainerResponse {
  const flush = (): ContainerFlush => write(render(), generation.tokens.length, generation.tokens.length);
  const failed = (message: string): ContainerFlush => write(format.errorJson({ message: `Request failed during generation: Server error: ${message}`, errorType: 'generation' }), 0, 0);
  return { type: 'accepted', contentType, prompt, generation, flushes: isLiveGeneration(generation) ? wholeWrite(generation, flush, failed) : [flush()] };
}

function handleGenerate(request: ContainerRequest, body: Record<string, unknown>, text: string): ContainerResponse {
  const parameters = (body.parameters ?? {}) as Parameters;
  const inputs = body.inputs as string;
  if (!isObject(parameters) || !wellTypedParameters(parameters) || !isBoolean(body.stream)) return notAnyVariant(text);
  const stream = body.stream === true;
  const promptTokens = countPromptTokens(inputs, request.endpoint.model.vocabularySize);
  const planned = plan(request, { prompt: inputs, promptTokens, parameters, stream });
  const invalid = validate({ parameters, inputs, inputLength: promptTokens, maxNewTokens: planned.maxNewTokens, request });
  if (invalid !== null) {
    const error = format.errorJson({ message: invalid, errorType: 'validation' });
    // generate_stream validates inside the stream: the error is an SSE event under HTTP 200.
    if (stream) return { type: 'accepted', contentType: SSE, prompt: inputs, generation: null, flushes: [write(format.sseEvent(error), 0, 0)] };
    return { type: 'rejected', status: 422, contentType: JSON_TYPE, body: error };
  }
  const seed = isSampling(parameters) ? (asCount(parameters.seed) ?? createRandom(deriveSeed(request.seed, 'sampling-seed')).int(2 ** 53)) : null;
  if (stream) {
    return { type: 'accepted', contentType: SSE, prompt: inputs, generation: planned.generation, flushes: generateStreamWrites(request, planned, seed) };
  }
  if (request.containerError) return { type: 'rejected', status: 424, contentType: JSON_TYPE, body: format.errorJson({ message: GENERATION_ERROR, errorType: 'generation' }) };
  return single(JSON_TYPE, inputs, planned.generation, () =>
    format.generateResponse({ generation: planned.generation, generatedText: (parameters.return_full_text === true ? inputs : '') + planned.generation.text, details: parameters.details === true, seed }),
  );
}

function handleChat(request: ContainerRequest, body: Record<string, unknown>, text: string): ContainerResponse {
  const raw = body.messages as unknown[];
  const messages = raw.map((message) => (isObject(message) && typeof message.role === 'string' ? { role: message.role, content: messageText(message.content ?? '') } : undefined));
  if (messages.some((message) => message?.content === undefined)) return notAnyVariant(text);
  const typed = messages as { role: string; content: string }[];
  const maxTokens = body.max_tokens;
  if (!(maxTokens === undefined || maxTokens === null || asCount(maxTokens) !== undefined) || !(body.stop === undefined || body.stop === null || asStringList(body.stop) !== undefined)) return notAnyVariant(text);
  if (!isBoolean(body.stream) || !isNumber(body.temperature) || !(body.stream_options === undefined || body.stream_options === null || isObject(body.stream_options))) return notAnyVariant(text);
  if (typed.length === 0) {
    return { type: 'rejected', status: 422, contentType: JSON_TYPE, body: format.errorJson({ message: 'Template error: no messages to apply the chat template to', errorType: 'template_error' }) };
  }
  const stream = body.stream === true;
  const prompt = [...typed].reverse().find((message) => message.role === 'user')?.content ?? typed[typed.length - 1]!.content;
  const promptTokens = countChatPromptTokens(typed, request.endpoint.model.vocabularySize);
  // Chat maps temperature 0 to greedy decoding instead of rejecting it.
  const temperature = body.temperature === 0 ? undefined : body.temperature;
  const parameters: Parameters = { max_new_tokens: maxTokens ?? undefined, stop: body.stop ?? undefined, temperature, seed: body.seed, stream_options: body.stream_options };
  const planned = plan(request, { prompt, promptTokens, parameters, stream });
  const invalid = validate({ parameters, inputs: prompt === '' ? ' ' : prompt, inputLength: promptTokens, maxNewTokens: planned.maxNewTokens, request });
  if (invalid !== null) {
    if (stream) return { type: 'accepted', contentType: SSE, prompt, generation: null, flushes: [write(format.chatErrorEvent(invalid) + format.CHAT_DONE_EVENT, 0, 0)] };
    return { type: 'rejected', status: 422, contentType: JSON_TYPE, body: format.errorJson({ message: invalid, errorType: 'validation' }) };
  }
  if (stream) return { type: 'accepted', contentType: SSE, prompt, generation: planned.generation, flushes: chatStreamWrites(request, planned) };
  if (request.containerError) return { type: 'rejected', status: 424, contentType: JSON_TYPE, body: format.errorJson({ message: GENERATION_ERROR, errorType: 'generation' }) };
  const { model } = request.endpoint;
  return single(JSON_TYPE, prompt, planned.generation, () =>
    format.chatCompletion({ context: { created: request.clock(), model: model.id, systemFingerprint: model.systemFingerprint }, generation: planned.generation, promptTokens }),
  );
}

/**
 * Hugging Face TGI behind SageMaker (`POST /invocations`): `{"inputs", "parameters", "stream"}`
 * → generate(_stream); `{"messages", …}` → chat completions. Request parsing, validation
 * messages and status codes follow TGI's router (axum extractors, `Validation::validate`).
 */
export function createTgiContainer(): Container {
  return {
    streamsLive: true,
    handle(request) {
      const type = normalizeContentType(request.contentType);
      if (request.endpoint.strictContentType && type !== 'application/json' && !type?.endsWith('+json')) {
        return plainTextRejection(415, 'Expected request with `Content-Type: application/json`');
      }
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) {
        const what = parsed.endOfInput ? 'EOF while parsing a value' : parsed.expected === 'end of data' ? 'trailing characters' : `expected ${parsed.expected === 'value' ? 'value' : parsed.expected}`;
        return plainTextRejection(400, `Failed to parse the request body as JSON: ${what} at line ${parsed.line} column ${parsed.column}`);
      }
      const body = parsed.value;
      if (!isObject(body)) return notAnyVariant(parsed.text);
      if (typeof body.inputs === 'string') return handleGenerate(request, body, parsed.text);
      if (Array.isArray(body.messages)) return handleChat(request, body, parsed.text);
      return notAnyVariant(parsed.text);
    },
  };
}

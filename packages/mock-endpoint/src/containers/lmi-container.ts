import type { ProfileName } from '../config/mock-config.js';
import { generate, type Generation } from '../generation/generate.js';
import { isLiveGeneration, tokenSteps } from '../generation/live-generation.js';
import { chooseReply } from '../replies/choose-reply.js';
import { createRandom, deriveSeed } from '../util/random.js';
import { normalizeContentType } from '@sagestream/core';
import type { Container, ContainerFlush, ContainerRequest, ContainerResponse } from './container-types.js';
import * as format from './lmi-format.js';
import { waitWrite, wholeWrite } from './wait-write.js';
import { countChatPromptTokens, countPromptTokens } from './prompt-tokens.js';
import { asCount, asStringList, isObject, messageText, parseJsonBody } from './request-body.js';

const JSON_LINES = 'application/jsonlines';
const PARSE_FAILED = 'Input Parsing failed. Ensure that the request payload is valid. ';
/** What a HF fast tokenizer raises when LMI hands it bytes or a dict instead of text. */
const NOT_TEXT = 'TextEncodeInput must be Union[TextInputSequence, Tuple[InputSequence, InputSequence]]';
const ROLLING_BATCH_ERROR = 'CUDA out of memory. Tried to allocate 2.00 GiB (mock fault: container-error)';

function reject(message: string): ContainerResponse {
  return { type: 'rejected', status: 424, contentType: 'application/json', body: format.lmiRejection(message) };
}

/** Reads the body as djl_python's `decode()` does for the request's Content-Type. */
function decodeInput(request: ContainerRequest): { ok: true; value: unknown } | { ok: false; response: ContainerResponse } {
  const type = normalizeContentType(request.contentType);
  if (type === 'text/plain') return { ok: true, value: { inputs: new TextDecoder().decode(request.body) } };
  if (request.endpoint.strictContentType && type !== undefined && !type.includes('application/json')) {
    // decode() wraps unknown types as raw bytes, which the tokenizer then refuses.
    return { ok: false, response: reject(PARSE_FAILED + NOT_TEXT) };
  }
  const parsed = parseJsonBody(request.body);
  if (!parsed.ok) {
    const what = parsed.expected === 'end of data' ? 'Extra data' : `Expecting ${parsed.expected}`;
    return { ok: false, response: reject(`${PARSE_FAILED}${what}: line ${parsed.line} column ${parsed.column} (char ${parsed.position})`) };
  }
  return { ok: true, value: parsed.value };
}

interface Parsed {
  prompt: string;
  promptTokens: number;
  maxNewTokens: number;
  stop: string[];
  details: boolean;
  returnFullText: boolean;
  chat: boolean;
  stream: boolean;
}

function parseRequest(request: ContainerRequest, input: unknown): Parsed | ContainerResponse {
  const { model } = request.endpoint;
  if (!isObject(input)) return reject(`${PARSE_FAILED}'${Array.isArray(input) ? 'list' : typeof input}' object has no attribute 'pop'`);
  if ('messages' in input) {
    const raw = Array.isArray(input.messages) ? input.messages : [];
    const messages = raw.map((message) => (isObject(message) ? { content: messageText(message.content ?? '') } : { content: undefined }));
    if (raw.length === 0 || messages.some((message) => message.content === undefined)) {
      return reject(`${PARSE_FAILED}1 validation error for ChatProperties\nmessages\n  Value error, messages must be a non-empty list of {"role", "content"} objects`);
    }
    const typed = messages as { content: string }[];
    const userMessages = raw.filter((message) => isObject(message) && message.role === 'user');
    const last = userMessages.length > 0 ? userMessages[userMessages.length - 1] : raw[raw.length - 1];
    const maxTokens = input.max_tokens ?? input.max_new_tokens;
    return {
      prompt: messageText((last as Record<string, unknown>).content) ?? '',
      promptTokens: countChatPromptTokens(typed, model.vocabularySize),
      maxNewTokens: asCount(maxTokens) ?? model.defaultMaxNewTokens ?? 30,
      stop: typeof input.stop === 'string' ? [input.stop] : (asStringList(input.stop) ?? []),
      details: true,
      returnFullText: false,
      chat: true,
      stream: input.stream === true,
    };
  }
  const inputs = input.inputs;
  const parameters = isObject(input.parameters) ? input.parameters : {};
  if (typeof inputs !== 'string') return reject(PARSE_FAILED + NOT_TEXT);
  if (parameters.max_new_tokens !== undefined && !(asCount(parameters.max_new_tokens)! >= 1)) {
    return reject(`${PARSE_FAILED}max_new_tokens must be at least 1, got ${JSON.stringify(parameters.max_new_tokens)}.`);
  }
  return {
    prompt: inputs,
    promptTokens: countPromptTokens(inputs, model.vocabularySize),
    maxNewTokens: asCount(parameters.max_new_tokens) ?? model.defaultMaxNewTokens ?? 30,
    stop: asStringList(parameters.stop) ?? asStringList(parameters.stop_sequences) ?? [],
    details: parameters.details === true,
    returnFullText: parameters.return_full_text === true,
    chat: false,
    stream: true,
  };
}

/** One container write of text. */
function write(text: string, tokens: number, waits: number): ContainerFlush {
  return { bytes: Buffer.from(text, 'utf8'), tokens, waits };
}

function* tokenWrites(options: { profile: ProfileName; request: ContainerRequest; parsed: Parsed; generation: Generation }): Generator<ContainerFlush> {
  const { profile, request, parsed, generation } = options;
  for (const step of tokenSteps(generation)) {
    if (step.kind === 'wait') {
      yield waitWrite(step.ready);
      continue;
    }
    // A live model that fails mid-generation: the rolling batch reports it in-band, as below.
    if (step.kind === 'failed') {
      yield write(format.lmiCodedError(step.message), 0, 1);
      return;
    }
    const { index, token, last } = step;
    if (request.containerError && index === request.containerError.afterTokens) {
      yield write(format.lmiCodedError(ROLLING_BATCH_ERROR), 0, 1);
      return;
    }
    let text: string;
    if (parsed.chat) {
      text = format.lmiChatChunkLine({ token, first: index === 0, finishReason: last ? generation.finishReason : null, created: request.clock() });
    } else if (profile === 'lmi-legacy') {
      if (token.special) continue; // the DeepSpeed streamer decodes with skip_special_tokens
      text = format.lmiLegacyLine(token.text);
    } else {
      const end = last
        ? {
            generatedText: (parsed.returnFullText ? parsed.prompt : '') + generation.text,
            details: parsed.details ? { finishReason: generation.finishReason, generatedTokens: generation.tokens.length, inputs: parsed.prompt } : null,
          }
        : null;
      const line = format.lmiTokenLine({ token, end });
      text = profile === 'lmi-sse' ? format.lmiSseEvent(line) : line;
    }
    yield write(text, 1, 1);
  }
}

/**
 * djl-serving LMI behind SageMaker. `lmi`: rolling batch with `output_formatter=jsonlines`;
 * `lmi-sse`: `output_formatter=sse`; `lmi-legacy`: the 0.23 `{"outputs": [...]}` streamer.
 * `{"messages"}` bodies use the chat formatters (JSON Lines chunks with `"stream": true`).
 */
export function createLmiContainer(profile: Extract<ProfileName, 'lmi' | 'lmi-sse' | 'lmi-legacy'>): Container {
  return {
    streamsLive: true,
    handle(request) {
      const decoded = decodeInput(request);
      if (!decoded.ok) return decoded.response;
      const parsed = parseRequest(request, decoded.value);
      if ('type' in parsed) return parsed;
      // vLLM sets no limit; the mock caps the list (model.maxStopSequences) so that a huge one cannot block the event loop.
      if (parsed.stop.length > request.endpoint.model.maxStopSequences) {
        return reject(`${PARSE_FAILED}stop supports up to ${request.endpoint.model.maxStopSequences} sequences (model.maxStopSequences), got ${parsed.stop.length}.`);
      }
      if (parsed.chat && profile === 'lmi-legacy') return reject(`${PARSE_FAILED}chat completions support is not currently available for dynamic batching. You must enable rolling batch to use the chat completions format.`);
      if (request.containerError?.afterTokens === 0) {
        // An error before the first chunk sets the HTTP status: SageMaker turns it into ModelError.
        return { type: 'rejected', status: 424, contentType: 'application/json', body: format.lmiCodedError(ROLLING_BATCH_ERROR) };
      }
      const generation =
        request.backendGeneration ??
        generate({
          replyText: chooseReply({ prompt: parsed.prompt, reply: request.endpoint.reply, seed: request.seed }),
          maxNewTokens: parsed.maxNewTokens,
          stop: parsed.stop,
          stopMode: 'exclude',
          model: request.endpoint.model,
          random: createRandom(deriveSeed(request.seed, 'logprobs')),
        });
      if (parsed.chat && !parsed.stream) {
        const render = (): ContainerFlush => {
          const body = format.lmiChatCompletion({
            text: generation.text,
            finishReason: generation.finishReason,
            created: request.clock(),
            promptTokens: parsed.promptTokens,
            completionTokens: generation.tokens.length,
          });
          const tokens = generation.tokens.length;
          return write(body, tokens, tokens);
        };
        return { type: 'accepted', contentType: 'application/json', prompt: parsed.prompt, generation, flushes: isLiveGeneration(generation) ? wholeWrite(generation, render, (message) => write(format.lmiCodedError(message), 0, 0)) : [render()] };
      }
      const contentType = profile === 'lmi-sse' && !parsed.chat ? 'text/event-stream' : JSON_LINES;
      return { type: 'accepted', contentType, prompt: parsed.prompt, generation, flushes: tokenWrites({ profile, request, parsed, generation }) };
    },
  };
}

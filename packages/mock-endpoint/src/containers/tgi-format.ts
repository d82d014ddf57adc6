import type { GeneratedToken, Generation } from '../generation/generate.js';
import { formatRustF32 } from '../util/number-format.js';

// TGI serialises with serde_json: compact, struct field order, f32 log-probabilities, and its SSE
// layer (axum) writes `data:` with no space. JSON.stringify escapes strings exactly as serde does.

const string = JSON.stringify;

/** One SSE event as axum writes it: `data:<payload>\n\n`. */
export function sseEvent(payload: string): string {
  return `data:${payload}\n\n`;
}

function tokenJson(token: GeneratedToken): string {
  return `{"id":${token.id},"text":${string(token.text)},"logprob":${formatRustF32(token.logprob)},"special":${token.special}}`;
}

/** Options of the last-token extras of a generate_stream event. */
export interface StreamEnd {
  generatedText: string;
  /** `details` requested: finish reason and counts; otherwise null. */
  details: { finishReason: string; generatedTokens: number; seed: number | null; inputLength: number } | null;
}

/** A `generate_stream` event: `{"index","token",("top_tokens"),"generated_text","details"}`. */
export function generateStreamEvent(options: { index: number; token: GeneratedToken; end: StreamEnd | null }): string {
  const { index, token, end } = options;
  const details = end?.details
    ? `{"finish_reason":"${end.details.finishReason}","generated_tokens":${end.details.generatedTokens},"seed":${end.details.seed},"input_length":${end.details.inputLength}}`
    : 'null';
  const generatedText = end ? string(end.generatedText) : 'null';
  return sseEvent(`{"index":${index},"token":${tokenJson(token)},"generated_text":${generatedText},"details":${details}}`);
}

/** TGI's error object, in a stream or as a non-stream body: `{"error","error_type"}`. */
export function errorJson(options: { message: string; errorType: string }): string {
  return `{"error":${string(options.message)},"error_type":${string(options.errorType)}}`;
}

/** The non-streaming `/generate` answer as `/invocations` returns it: a one-element array. */
export function generateResponse(options: { generation: Generation; generatedText: string; details: boolean; seed: number | null }): string {
  const { generation, generatedText, details, seed } = options;
  if (!details) return `[{"generated_text":${string(generatedText)}}]`;
  const tokens = generation.tokens.map(tokenJson).join(',');
  return `[{"generated_text":${string(generatedText)},"details":{"finish_reason":"${generation.finishReason}","generated_tokens":${generation.tokens.length},"seed":${seed},"prefill":[],"tokens":[${tokens}]}}]`;
}

/** Fields shared by every chat chunk of one response. */
export interface ChatChunkContext {
  created: number;
  model: string;
  systemFingerprint: string;
}

/** Chat finish reasons: TGI's `FinishReason::format(true)` turns only `eos_token` into `stop`. */
export function chatFinishReason(reason: string): string {
  return reason === 'eos_token' ? 'stop' : reason;
}

/**
 * A `chat.completion.chunk`: `"object"` first (serde's internally tagged enum), `"id":""`, and
 * the role repeated in every delta. A special token (EOS) gets `"content":""`.
 */
export function chatChunk(options: { context: ChatChunkContext; token: GeneratedToken; finishReason: string | null }): string {
  const { context, token, finishReason } = options;
  const content = token.special ? '' : token.text;
  const finish = finishReason === null ? 'null' : string(chatFinishReason(finishReason));
  return sseEvent(
    `{"object":"chat.completion.chunk","id":"","created":${context.created},"model":${string(context.model)},"system_fingerprint":${string(context.systemFingerprint)},"choices":[{"index":0,"delta":{"role":"assistant","content":${string(content)}},"logprobs":null,"finish_reason":${finish}}],"usage":null}`,
  );
}

/** The usage-only chunk sent when `stream_options.include_usage` is true. */
export function chatUsageChunk(options: { context: ChatChunkContext; promptTokens: number; completionTokens: number }): string {
  const { context, promptTokens, completionTokens } = options;
  return sseEvent(
    `{"object":"chat.completion.chunk","id":"","created":${context.created},"model":${string(context.model)},"system_fingerprint":${string(context.systemFingerprint)},"choices":[],"usage":{"prompt_tokens":${promptTokens},"completion_tokens":${completionTokens},"total_tokens":${promptTokens + completionTokens}}}`,
  );
}

/** The error event of a chat stream (always 422, OpenAI style), followed by `[DONE]`. */
export function chatErrorEvent(message: string): string {
  return sseEvent(`{"error":{"message":${string(message)},"http_status_code":422}}`);
}

/** The end of a chat stream. */
export const CHAT_DONE_EVENT = sseEvent('[DONE]');

/** The non-streaming chat answer (`"object":"chat.completion"`). */
export function chatCompletion(options: { context: ChatChunkContext; generation: Generation; promptTokens: number }): string {
  const { context, generation, promptTokens } = options;
  const completionTokens = generation.tokens.length;
  return `{"object":"chat.completion","id":"","created":${context.created},"model":${string(context.model)},"system_fingerprint":${string(context.systemFingerprint)},"choices":[{"index":0,"message":{"role":"assistant","content":${string(generation.text)}},"logprobs":null,"finish_reason":${string(chatFinishReason(generation.finishReason))}}],"usage":{"prompt_tokens":${promptTokens},"completion_tokens":${completionTokens},"total_tokens":${promptTokens + completionTokens}}}`;
}

// SGLang (python/sglang/srt/entrypoints/openai/serving_chat.py, sse_utils.py) builds its chat
// chunks with msgspec structs: compact JSON, `None` fields of the delta and the chunk omitted
// (omit_defaults), but every field of the choice present — `logprobs`, `finish_reason` and
// SGLang's own `matched_stop`. The finish comes in a chunk of its own with an empty delta.

const string = JSON.stringify;

/** Fields every chunk of one response shares. */
export interface SglangContext {
  /** SGLang's request id: `uuid4().hex`, with no `chatcmpl-` prefix. */
  id: string;
  model: string;
}

/** A delta: only the fields that are set (`reasoning_content`, `role`, `content` order). */
export type SglangDelta = { role: 'assistant'; content: '' } | { content: string } | { reasoning_content: string } | Record<string, never>;

function deltaJson(delta: SglangDelta): string {
  if ('role' in delta) return '{"role":"assistant","content":""}';
  if ('reasoning_content' in delta) return `{"reasoning_content":${string(delta.reasoning_content)}}`;
  if ('content' in delta) return `{"content":${string(delta.content)}}`;
  return '{}';
}

/** `build_sse_content`: `data: {…}\n\n`; `created` is stamped per chunk (`int(time.time())`). */
export function sglangChunk(options: { context: SglangContext; created: number; delta: SglangDelta; finishReason: string | null; matchedStop: string | number | null }): string {
  const { context, created, delta, finishReason, matchedStop } = options;
  return `data: {"id":${string(context.id)},"object":"chat.completion.chunk","created":${created},"model":${string(context.model)},"choices":[{"index":0,"delta":${deltaJson(delta)},"logprobs":null,"finish_reason":${string(finishReason)},"matched_stop":${string(matchedStop)}}]}\n\n`;
}

/** The include_usage chunk: `choices: []` and SGLang's UsageInfo (with `reasoning_tokens`). */
export function sglangUsageChunk(options: { context: SglangContext; created: number; promptTokens: number; completionTokens: number }): string {
  const { context, created, promptTokens, completionTokens } = options;
  return `data: {"id":${string(context.id)},"object":"chat.completion.chunk","created":${created},"model":${string(context.model)},"choices":[],"usage":{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + completionTokens},"completion_tokens":${completionTokens},"prompt_tokens_details":null,"reasoning_tokens":0}}\n\n`;
}

/** `create_streaming_error_response`: `json.dumps({"error": ErrorResponse(...).model_dump()})`. */
export function sglangErrorEvent(message: string): string {
  return `data: {"error": {"object": "error", "message": ${string(message)}, "type": "BadRequestError", "param": null, "code": 400}}\n\n`;
}

/** The end of every SGLang stream. */
export const SGLANG_DONE_EVENT = 'data: [DONE]\n\n';

/** The non-streaming chat answer. */
export function sglangChatCompletion(options: { context: SglangContext; created: number; content: string; reasoning: string; finishReason: string; matchedStop: string | number | null; promptTokens: number; completionTokens: number }): string {
  const { context, created, content, reasoning, finishReason, matchedStop, promptTokens, completionTokens } = options;
  const message = `{"role":"assistant","content":${content === '' ? 'null' : string(content)},"reasoning_content":${reasoning === '' ? 'null' : string(reasoning)},"tool_calls":null}`;
  return `{"id":${string(context.id)},"object":"chat.completion","created":${created},"model":${string(context.model)},"choices":[{"index":0,"message":${message},"logprobs":null,"finish_reason":${string(finishReason)},"matched_stop":${string(matchedStop)}}],"usage":{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + completionTokens},"completion_tokens":${completionTokens},"prompt_tokens_details":null,"reasoning_tokens":0},"metadata":{"weight_version":"default"}}`;
}

import type { OpenAiPlan, StepDelta } from './openai-plan.js';

// vLLM writes its stream chunks with pydantic's model_dump_json(exclude_unset=True) (chat) or
// exclude_unset=False (completions): compact JSON in field-declaration order, only the fields a
// chunk sets. Error events come from json.dumps (", " and ": "). JSON.stringify escapes strings
// as pydantic-core (serde_json) does. Sources: vllm/entrypoints/openai/chat_completion/serving.py,
// completion/serving.py, engine/protocol.py.

const string = JSON.stringify;

/** Which vLLM generation: `current` (2026: `reasoning`, `token_ids`) or `legacy` (≤ 0.10: `reasoning_content`). */
export type VllmFlavour = 'current' | 'legacy';

/** Fields every chunk of one response shares. */
export interface VllmContext {
  id: string;
  created: number;
  model: string;
  flavour: VllmFlavour;
}

/** An SSE event as vLLM's FastAPI StreamingResponse writes it: `data: <json>\n\n` (with a space). */
export function vllmSseEvent(json: string): string {
  return `data: ${json}\n\n`;
}

/** The end of every vLLM stream. */
export const VLLM_DONE_EVENT = 'data: [DONE]\n\n';

/** `DeltaMessage` with only the fields that were set. */
export function vllmDelta(options: { delta: StepDelta | { kind: 'role' }; flavour: VllmFlavour }): string {
  const { delta, flavour } = options;
  switch (delta.kind) {
    case 'role':
      return '{"role":"assistant","content":""}';
    case 'content':
      return `{"content":${string(delta.text)}}`;
    case 'reasoning':
      return `{"${flavour === 'current' ? 'reasoning' : 'reasoning_content'}":${string(delta.text)}}`;
    case 'tool-name':
      // DeltaToolCall field order: id, type, index, function.
      return `{"tool_calls":[{"id":${string(delta.id)},"type":"function","index":${delta.index},"function":{"name":${string(delta.name)}}}]}`;
    case 'tool-args':
      return `{"tool_calls":[{"index":${delta.index},"function":{"arguments":${string(delta.text)}}}]}`;
    case 'hidden':
      return '{}';
  }
}

function head(context: VllmContext, object: string): string {
  return `"id":${string(context.id)},"object":"${object}","created":${context.created},"model":${string(context.model)}`;
}

/** Running token counts, when `stream_options.continuous_usage_stats` puts usage on every chunk. */
export interface ContinuousUsage {
  promptTokens: number;
  completionTokens: number;
}

function usageField(usage: ContinuousUsage | undefined): string {
  return usage ? `,"usage":${vllmUsage(usage)}` : '';
}

/** The first chunk: the assistant role with empty content (and `prompt_token_ids: null` since 0.10.2). */
export function vllmRoleChunk(context: VllmContext, usage?: ContinuousUsage): string {
  const promptTokenIds = context.flavour === 'current' ? ',"prompt_token_ids":null' : '';
  return `{${head(context, 'chat.completion.chunk')},"choices":[{"index":0,"delta":${vllmDelta({ delta: { kind: 'role' }, flavour: context.flavour })},"logprobs":null,"finish_reason":null}]${usageField(usage)}${promptTokenIds}}`;
}

/** A token chunk; the last one carries `finish_reason` and `stop_reason`. */
export function vllmChatChunk(options: { context: VllmContext; delta: StepDelta; finish: { reason: string; stopReason: string | null } | null; usage?: ContinuousUsage }): string {
  const { context, delta, finish } = options;
  const tokenIds = context.flavour === 'current' ? ',"token_ids":null' : '';
  const end = finish ? `"finish_reason":${string(finish.reason)},"stop_reason":${string(finish.stopReason)}` : '"finish_reason":null';
  return `{${head(context, 'chat.completion.chunk')},"choices":[{"index":0,"delta":${vllmDelta({ delta, flavour: context.flavour })},"logprobs":null,${end}${tokenIds}}]${usageField(options.usage)}}`;
}

/** `UsageInfo` as dumped with exclude_none: prompt_tokens, total_tokens, completion_tokens (declaration order). */
export function vllmUsage(options: { promptTokens: number; completionTokens: number }): string {
  const { promptTokens, completionTokens } = options;
  return `{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + completionTokens},"completion_tokens":${completionTokens}}`;
}

/** The `stream_options.include_usage` chunk: `choices: []` and `usage` (exclude_unset + exclude_none). */
export function vllmUsageChunk(options: { context: VllmContext; object: 'chat.completion.chunk' | 'text_completion'; promptTokens: number; completionTokens: number }): string {
  return `{${head(options.context, options.object)},"choices":[],"usage":${vllmUsage(options)}}`;
}

/** A completion chunk, dumped with exclude_unset=False: every field, nulls included. */
export function vllmCompletionChunk(options: { context: VllmContext; text: string; finish: { reason: string; stopReason: string | null } | null; usage?: ContinuousUsage }): string {
  const { context, text, finish, usage } = options;
  // exclude_unset=False: a continuous usage object keeps its unset prompt_tokens_details as null.
  const usageJson = usage ? `${vllmUsage(usage).slice(0, -1)},"prompt_tokens_details":null}` : 'null';
  const ids = context.flavour === 'current' ? ',"prompt_token_ids":null,"token_ids":null' : '';
  return `{${head(context, 'text_completion')},"choices":[{"index":0,"text":${string(text)},"logprobs":null,"finish_reason":${finish ? string(finish.reason) : 'null'},"stop_reason":${finish ? string(finish.stopReason) : 'null'}${ids}}],"usage":${usageJson}}`;
}

/**
 * The in-band error event of a failed generation (`GenerationError` → HTTP status already 200):
 * `json.dumps(ErrorResponse(...).model_dump())` — note the spaces, unlike the chunks.
 */
export function vllmStreamError(options: { message: string; flavour: VllmFlavour }): string {
  const { message, flavour } = options;
  if (flavour === 'legacy') return `{"error": {"object": "error", "message": ${string(message)}, "type": "BadRequestError", "param": null, "code": 400}}`;
  return `{"error": {"message": ${string(message)}, "type": "InternalServerError", "param": null, "code": 500}}`;
}

/** The non-streaming chat answer (`JSONResponse(model_dump())`: compact, every field). */
export function vllmChatCompletion(options: { context: VllmContext; plan: OpenAiPlan }): string {
  const { context, plan } = options;
  const reasoning = plan.reasoning === '' ? 'null' : string(plan.reasoning);
  const toolCalls = plan.toolCall ? `[{"id":${string(plan.toolCall.id)},"type":"function","function":{"name":${string(plan.toolCall.name)},"arguments":${string(plan.toolCall.arguments)}}}]` : '[]';
  const content = plan.toolCall ? 'null' : string(plan.content);
  const reasoningField = context.flavour === 'current' ? 'reasoning' : 'reasoning_content';
  const message = `{"role":"assistant","content":${content},"refusal":null,"annotations":null,"audio":null,"function_call":null,"tool_calls":${toolCalls},"${reasoningField}":${reasoning}}`;
  const tokenIds = context.flavour === 'current' ? ',"token_ids":null' : '';
  const usage = `{"prompt_tokens":${plan.promptTokens},"total_tokens":${plan.promptTokens + plan.completionTokens},"completion_tokens":${plan.completionTokens},"prompt_tokens_details":null}`;
  return `{${head(context, 'chat.completion')},"choices":[{"index":0,"message":${message},"logprobs":null,"finish_reason":${string(plan.finishReason)},"stop_reason":${string(plan.stopReason)}${tokenIds}}],"service_tier":null,"system_fingerprint":null,"usage":${usage},"prompt_logprobs":null,"prompt_token_ids":null,"kv_transfer_params":null}`;
}

/** The non-streaming completion answer. */
export function vllmCompletion(options: { context: VllmContext; plan: OpenAiPlan; text: string }): string {
  const { context, plan, text } = options;
  const usage = `{"prompt_tokens":${plan.promptTokens},"total_tokens":${plan.promptTokens + plan.completionTokens},"completion_tokens":${plan.completionTokens},"prompt_tokens_details":null}`;
  return `{${head(context, 'text_completion')},"choices":[{"index":0,"text":${string(text)},"logprobs":null,"finish_reason":${string(plan.finishReason)},"stop_reason":${string(plan.stopReason)},"token_ids":null,"prompt_logprobs":null,"prompt_token_ids":null}],"service_tier":null,"system_fingerprint":null,"usage":${usage},"kv_transfer_params":null}`;
}

/** vLLM's 400 answer for a body it cannot use (Starlette JSONResponse: compact). */
export function vllmBadRequest(message: string): string {
  return `{"error":{"message":${string(message)},"type":"BadRequestError","param":null,"code":400}}`;
}

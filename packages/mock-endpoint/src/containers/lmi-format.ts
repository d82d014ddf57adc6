import type { GeneratedToken } from '../generation/generate.js';
import { formatPythonFloat } from '../util/number-format.js';

// LMI's Python side writes every line with `json.dumps(obj, ensure_ascii=False)`: separators
// ", " and ": ", insertion order, floats in repr form. Its log-probs are float32 values widened
// to Python floats, hence digits such as -0.10015869140625. JSON.stringify escapes strings
// exactly as json.dumps(ensure_ascii=False) does.

const string = JSON.stringify;

/** `Token.as_dict()`: `{"id", "text", "log_prob"}` plus `"special_token": true` only when set. */
export function lmiTokenJson(token: GeneratedToken): string {
  // Special tokens are decoded with skip_special_tokens, so their text is empty.
  const text = token.special ? '' : token.text;
  const special = token.special ? ', "special_token": true' : '';
  return `{"id": ${token.id}, "text": ${string(text)}, "log_prob": ${formatPythonFloat(Math.fround(token.logprob))}${special}}`;
}

/** What the last line of a rolling-batch stream adds. */
export interface LmiStreamEnd {
  generatedText: string;
  /** Present when `parameters.details` is true. */
  details: { finishReason: string; generatedTokens: number; inputs: string } | null;
}

/** One `_jsonlines_output_formatter` line: `{"token": …}` (+ `generated_text`, `details` on the last). */
export function lmiTokenLine(options: { token: GeneratedToken; end: LmiStreamEnd | null }): string {
  const { token, end } = options;
  let line = `{"token": ${lmiTokenJson(token)}`;
  if (end) {
    line += `, "generated_text": ${string(end.generatedText)}`;
    if (end.details) {
      line += `, "details": {"finish_reason": ${string(end.details.finishReason)}, "generated_tokens": ${end.details.generatedTokens}, "inputs": ${string(end.details.inputs)}}`;
    }
  }
  return `${line}}\n`;
}

/** `sse_response_formatter`: `"data: " + jsonlines line + "\n"` — note the space, unlike TGI. */
export function lmiSseEvent(line: string): string {
  return `data: ${line}\n`;
}

/** The LMI 0.23 streaming line of the announcement: `{"outputs": [" a"]}`. */
export function lmiLegacyLine(text: string): string {
  return `{"outputs": [${string(text)}]}\n`;
}

/**
 * The chat id djl-serving writes: its formatter interpolates Python's builtin `id` function
 * (`f"chatcmpl-{id}"`), so every response carries this same literal.
 */
export const LMI_CHAT_ID = 'chatcmpl-<built-in function id>';

/** One `_jsonlines_chat_output_formatter` line; the role is added to the first delta only. */
export function lmiChatChunkLine(options: { token: GeneratedToken; first: boolean; finishReason: string | null; created: number }): string {
  const { token, first, finishReason, created } = options;
  const text = token.special ? '' : token.text;
  const delta = first ? `{"content": ${string(text)}, "role": "assistant"}` : `{"content": ${string(text)}}`;
  const finish = finishReason === null ? 'null' : string(finishReason);
  return `{"id": "${LMI_CHAT_ID}", "object": "chat.completion.chunk", "created": ${created}, "choices": [{"index": 0, "delta": ${delta}, "logprobs": null, "finish_reason": ${finish}}]}\n`;
}

/** `_json_chat_output_formatter` output once complete (a non-streaming chat answer). */
export function lmiChatCompletion(options: { text: string; finishReason: string; created: number; promptTokens: number; completionTokens: number }): string {
  const { text, finishReason, created, promptTokens, completionTokens } = options;
  return `{"id": "${LMI_CHAT_ID}", "object": "chat.completion", "created": ${created}, "choices": [{"index": 0, "message": {"role": "assistant", "content": ${string(text)}}, "logprobs": null, "finish_reason": ${string(finishReason)}}], "usage": {"prompt_tokens": ${promptTokens}, "completion_tokens": ${completionTokens}, "total_tokens": ${promptTokens + completionTokens}}}`;
}

/** The Java frontend's error line when the worker attaches a code: compact, no newline. */
export function lmiCodedError(message: string): string {
  return `{"code":424,"error":${string(message)}}`;
}

/** The error body of a request LMI rejects before inference (Python formatting). */
export function lmiRejection(message: string): string {
  return `{"error": ${string(message)}, "code": 424}`;
}

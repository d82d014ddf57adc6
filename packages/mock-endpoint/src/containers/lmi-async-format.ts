import type { GeneratedToken } from '../generation/generate.js';
import { formatPythonFloat } from '../util/number-format.js';
import { formatPythonJson } from '../util/python-json.js';

// djl-serving's async vLLM service (lmi_vllm/request_response_utils.py, async_utils.py): vLLM's
// SSE `data: ` prefix is cut and each chunk becomes one JSON line; `[DONE]` and the usage-only
// chunk of TGI-style requests become a bare "\n". TGI-style lines are built in Python and written
// with json.dumps (", " and ": ").

/** One JSON line: the chunk and the newline `_create_output` appends. */
export function lmiAsyncLine(json: string): string {
  return `${json}\n`;
}

/** What `[DONE]` (and the usage chunk of TGI-style streams) becomes: an empty data string plus "\n". */
export const LMI_ASYNC_EMPTY_LINE = '\n';

/** The end of a TGI-style stream: the final token's `generated_text` and, when asked, `details`. */
export interface TgiStyleEnd {
  generatedText: string;
  details: { finishReason: string; seed: number | null; generatedTokens: number; inputLength: number } | null;
}

/**
 * `convert_completion_chunk_response_to_lmi_schema`: `{"index", "token": {"id", "text", "logprob"},
 * "generated_text", "details"}` — the log-prob is vLLM's float32 widened to a Python float.
 */
export function lmiTgiStyleLine(options: { token: GeneratedToken; text: string; end: TgiStyleEnd | null }): string {
  const { token, text, end } = options;
  const logprob = formatPythonFloat(Math.fround(token.logprob));
  const details = end?.details
    ? `{"finish_reason": ${JSON.stringify(end.details.finishReason)}, "seed": ${end.details.seed ?? 'null'}, "generated_tokens": ${end.details.generatedTokens}, "input_length": ${end.details.inputLength}}`
    : 'null';
  return `{"index": 0, "token": {"id": ${token.id}, "text": ${JSON.stringify(text)}, "logprob": ${logprob}}, "generated_text": ${end ? JSON.stringify(end.generatedText) : 'null'}, "details": ${details}}\n`;
}

/**
 * `convert_completion_response_to_lmi_schema` (non-streaming TGI-style answer). Its `finish_reason`
 * is vLLM's `stop_reason` — null unless a stop string matched — as the source has it.
 */
export function lmiTgiStyleResponse(options: { generatedText: string; details: { stopReason: string | null; generatedTokens: number; seed: number | null; tokens: { token: GeneratedToken; text: string }[] } | null }): string {
  const { generatedText, details } = options;
  if (!details) return `${formatPythonJson({ generated_text: generatedText })}\n`;
  const tokens = details.tokens.map(({ token, text }) => `{"id": ${token.id}, "text": ${JSON.stringify(text)}, "logprob": ${formatPythonFloat(Math.fround(token.logprob))}}`).join(', ');
  return `{"generated_text": ${JSON.stringify(generatedText)}, "details": {"finish_reason": ${JSON.stringify(details.stopReason)}, "generated_tokens": ${details.generatedTokens}, "seed": ${details.seed ?? 'null'}, "prefill": [], "tokens": [${tokens}]}}\n`;
}

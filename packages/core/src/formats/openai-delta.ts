import { isRecord } from './record-state.js';
import type { StreamErrorPart, ToolCallDeltaPart } from './token-part.js';

/**
 * The reasoning text of an OpenAI-style `delta`. vLLM renamed `reasoning_content` to `reasoning`
 * (Nov 2025) and sent both during the deprecation window, so `reasoning` wins and the old name is
 * read only when the new one is absent (DeepSeek-style servers and SGLang still send only it).
 */
export function readReasoning(delta: Record<string, unknown>): string | undefined {
  const text = typeof delta.reasoning === 'string' ? delta.reasoning : delta.reasoning_content;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/**
 * The `tool_calls` of a delta (or of a whole message, whose calls have no `index`: pass
 * `positional` to number them by position), as `tool-call-delta` parts (malformed entries skipped).
 */
export function readToolCallDeltas(delta: Record<string, unknown>, positional = false): ToolCallDeltaPart[] {
  if (!Array.isArray(delta.tool_calls)) return [];
  const parts: ToolCallDeltaPart[] = [];
  for (const [position, call] of delta.tool_calls.entries()) {
    if (!isRecord(call)) continue;
    const fn = isRecord(call.function) ? call.function : {};
    const part: ToolCallDeltaPart = {
      type: 'tool-call-delta',
      index: typeof call.index === 'number' && Number.isInteger(call.index) && call.index >= 0 ? call.index : positional ? position : 0,
      argumentsDelta: typeof fn.arguments === 'string' ? fn.arguments : '',
    };
    if (typeof call.id === 'string' && call.id !== '') part.id = call.id;
    if (typeof fn.name === 'string' && fn.name !== '') part.name = fn.name;
    parts.push(part);
  }
  return parts;
}

const FINISH_ERROR_MESSAGE = 'The model server ended the reply with finish_reason "error" (see the endpoint logs in CloudWatch).';

/**
 * The error a chunk with `finish_reason: "error"` stands for. vLLM's engine finishes a request
 * with "error" on a failure after the first token; LMI then ends its HTTP 200 stream. The message
 * is the container's own when the chunk carries one, else a generic one.
 */
export function finishErrorPart(record: Record<string, unknown>, choice: Record<string, unknown>): StreamErrorPart {
  const candidates = [choice.error, choice.message, record.message];
  let message: string | undefined;
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate !== '') message = candidate;
    else if (isRecord(candidate) && typeof candidate.message === 'string' && candidate.message !== '') message = candidate.message;
    if (message !== undefined) break;
  }
  return { type: 'stream-error', source: 'container', code: 'generation', message: message ?? FINISH_ERROR_MESSAGE };
}

import { isRecord, readUsage, setFinishReason, type RecordState } from './record-state.js';
import type { TextDeltaPart, ToolCallDeltaPart } from './token-part.js';

/**
 * OpenAI-style streaming chunks: Messages API `chat.completion.chunk` (TGI SSE, LMI JSON Lines,
 * vLLM) and `text_completion` chunks. Only choice 0 is read. `finish_reason` and the usage chunk
 * are collected; `message-end` follows at `[DONE]` or at end of stream, because the usage chunk
 * comes after the finishing one. Returns false if the record is not of this shape.
 */
export function interpretMessagesApi(record: Record<string, unknown>, state: RecordState): boolean {
  const { choices } = record;
  const isChunk = record.object === 'chat.completion.chunk' || record.object === 'text_completion';
  if (!Array.isArray(choices) && !isChunk) return false;

  if (isRecord(record.usage)) {
    const usage = readUsage(record.usage);
    if (usage) state.end.usage = usage;
  }
  if (!Array.isArray(choices)) return true;
  for (const choice of choices) {
    if (!isRecord(choice) || (choice.index !== undefined && choice.index !== 0)) continue;
    const delta = isRecord(choice.delta) ? choice.delta : undefined;
    const content = delta ? delta.content : choice.text;
    if (delta && typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') {
      state.emit({ type: 'reasoning-delta', text: delta.reasoning_content });
    }
    if (typeof content === 'string' && content !== '') {
      const part: TextDeltaPart = { type: 'text-delta', text: content };
      const logprob = firstLogprob(choice.logprobs);
      if (logprob !== undefined) part.logprob = logprob;
      state.emit(part);
    }
    if (delta && Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (!isRecord(call)) continue;
        const fn = isRecord(call.function) ? call.function : {};
        const part: ToolCallDeltaPart = {
          type: 'tool-call-delta',
          index: typeof call.index === 'number' ? call.index : 0,
          argumentsDelta: typeof fn.arguments === 'string' ? fn.arguments : '',
        };
        if (typeof call.id === 'string' && call.id !== '') part.id = call.id;
        if (typeof fn.name === 'string') part.name = fn.name;
        state.emit(part);
      }
    }
    setFinishReason(state, choice.finish_reason);
  }
  return true;
}

function firstLogprob(logprobs: unknown): number | undefined {
  if (!isRecord(logprobs) || !Array.isArray(logprobs.content)) return undefined;
  const first: unknown = logprobs.content[0];
  return isRecord(first) && typeof first.logprob === 'number' ? first.logprob : undefined;
}

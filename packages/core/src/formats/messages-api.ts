import { finishErrorPart, readReasoning, readToolCallDeltas } from './openai-delta.js';
import { isRecord, readUsage, setFinishReason, type RecordState } from './record-state.js';
import type { TextDeltaPart } from './token-part.js';
import { createToolCallAssembler } from './tool-call-assembler.js';

/**
 * OpenAI-style streaming chunks: Messages API `chat.completion.chunk` (TGI SSE, LMI JSON Lines,
 * vLLM and SGLang SSE) and `text_completion` chunks (`choices[].text`). Only choice 0 is read.
 * Reasoning (`delta.reasoning` or `delta.reasoning_content`) becomes `reasoning-delta`; tool-call
 * fragments become `tool-call-delta` and, when the choice finishes, complete `tool-call` parts.
 * `finish_reason` and the usage-only chunk (`choices: []`) are collected; `message-end` follows
 * at `[DONE]` or at end of stream, because the usage chunk comes after the finishing one.
 * A whole `chat.completion` (sent when the request lacked `"stream": true`) is read the same way,
 * its `choices[0].message` as one delta, so its text is not lost.
 * Returns false if the record is not of this shape.
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
    // A whole `chat.completion` (the request lacked `"stream": true`): its `message` is one big delta.
    const message = delta === undefined && isRecord(choice.message) ? choice.message : undefined;
    const source = delta ?? message;
    const content = source ? source.content : choice.text;
    const reasoning = source ? readReasoning(source) : undefined;
    if (reasoning !== undefined) state.emit({ type: 'reasoning-delta', text: reasoning });
    if (typeof content === 'string' && content !== '') {
      const part: TextDeltaPart = { type: 'text-delta', text: content };
      const logprob = firstLogprob(choice.logprobs);
      if (logprob !== undefined) part.logprob = logprob;
      state.emit(part);
    }
    if (source && Array.isArray(source.tool_calls)) {
      // A whole message's calls carry no `index`: their position is it.
      for (const fragment of readToolCallDeltas(source, message !== undefined)) {
        state.toolCalls ??= createToolCallAssembler(state.options.toolCalls);
        state.toolCalls.push(fragment);
        state.emit(fragment);
      }
    }
    if (choice.finish_reason === 'error') {
      // Reported when the reply ends, so an error record with the container's message can still win.
      state.pendingError ??= finishErrorPart(record, choice);
      continue;
    }
    setFinishReason(state, choice.finish_reason);
    if (typeof choice.finish_reason === 'string' && state.toolCalls) {
      for (const call of state.toolCalls.complete()) state.emit({ type: 'tool-call', ...call });
    }
  }
  return true;
}

function firstLogprob(logprobs: unknown): number | undefined {
  if (!isRecord(logprobs) || !Array.isArray(logprobs.content)) return undefined;
  const first: unknown = logprobs.content[0];
  return isRecord(first) && typeof first.logprob === 'number' ? first.logprob : undefined;
}

import { normalizeFinishReason } from './finish-reason.js';
import type { MessageEndPart, StreamErrorPart, TokenPart, TokenUsage } from './token-part.js';
import type { ToolCallAssembler, ToolCallAssemblerOptions } from './tool-call-assembler.js';

/** Options shared by all format interpreters. */
export interface InterpretOptions {
  /** Emit special tokens (`</s>`, `<|eot_id|>`, …) as `text-delta` with `special: true` (default false: drop them). */
  includeSpecialTokens: boolean;
  /** Token texts treated as special in formats that carry no flag (LMI legacy `outputs`). */
  specialTokenTexts: ReadonlySet<string>;
  /** Limits of streamed tool calls. */
  toolCalls?: ToolCallAssemblerOptions;
}

/** Per-stream state an interpreter updates while reading records. */
export interface RecordState {
  readonly options: InterpretOptions;
  emit(part: TokenPart): void;
  /** Finish data collected so far, emitted with `message-end`. */
  end: Omit<MessageEndPart, 'type'>;
  /** True once `message-end` or `stream-error` was emitted; later records are ignored. */
  finished: boolean;
  specialTokensSkipped: number;
  /** Streamed tool calls being assembled (Messages API). */
  toolCalls?: ToolCallAssembler;
  /**
   * A chunk said `finish_reason: "error"`: the reply ends with this error instead of `message-end`,
   * unless an error record with the container's own message follows first.
   */
  pendingError?: StreamErrorPart;
}

/** Emits `message-end` with what the state collected (once). */
export function emitMessageEnd(state: RecordState): void {
  if (state.finished) return;
  state.finished = true;
  if (state.pendingError) {
    state.emit(state.pendingError);
    return;
  }
  if (state.toolCalls) {
    for (const call of state.toolCalls.complete()) state.emit({ type: 'tool-call', ...call });
    if (state.toolCalls.completed.length > 0) state.end.toolCalls = [...state.toolCalls.completed];
  }
  state.emit({ type: 'message-end', ...state.end });
}

/** Records the container's finish reason on the state. */
export function setFinishReason(state: RecordState, raw: unknown): void {
  if (typeof raw !== 'string' || raw === '') return;
  state.end.rawFinishReason = raw;
  state.end.finishReason = normalizeFinishReason(raw);
}

/** Reads usage counters from TGI/LMI `details` or OpenAI `usage` objects. */
export function readUsage(value: Record<string, unknown>): TokenUsage | undefined {
  const usage: TokenUsage = {};
  const number = (key: string): number | undefined => (typeof value[key] === 'number' ? (value[key] as number) : undefined);
  const prompt = number('prompt_tokens') ?? number('input_length');
  const completion = number('completion_tokens') ?? number('generated_tokens');
  const total = number('total_tokens');
  if (prompt !== undefined) usage.promptTokens = prompt;
  if (completion !== undefined) usage.completionTokens = completion;
  if (total !== undefined) usage.totalTokens = total;
  else if (prompt !== undefined && completion !== undefined) usage.totalTokens = prompt + completion;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** `typeof value === 'object'` minus null and arrays. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Special tokens of common model families, for formats without a `special` flag. */
export const DEFAULT_SPECIAL_TOKEN_TEXTS: readonly string[] = [
  '</s>', '<s>', '<unk>', '<pad>', '<eos>', '<bos>',
  '<|endoftext|>', '<|end_of_text|>', '<|begin_of_text|>', '<|eot_id|>', '<|eom_id|>',
  '<|start_header_id|>', '<|end_header_id|>', '<|im_start|>', '<|im_end|>', '<|end|>',
  '<|assistant|>', '<|user|>', '<|system|>', '<start_of_turn>', '<end_of_turn>', '[INST]', '[/INST]',
];

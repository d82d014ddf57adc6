import type { FinishReason } from './token-part.js';

const FINISH_REASONS: Record<string, FinishReason> = {
  eos_token: 'stop',
  eos: 'stop',
  stop: 'stop',
  end_turn: 'stop',
  length: 'length',
  max_tokens: 'length',
  stop_sequence: 'stop-sequence',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
};

/** Maps a container's finish reason (`eos_token`, `length`, `stop_sequence`, …) to a {@link FinishReason}. */
export function normalizeFinishReason(raw: string): FinishReason {
  return FINISH_REASONS[raw] ?? 'other';
}

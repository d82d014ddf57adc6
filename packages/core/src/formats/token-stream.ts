import { emitMessageEnd, isRecord, readUsage, setFinishReason, type RecordState } from './record-state.js';
import type { TextDeltaPart } from './token-part.js';

/**
 * Token objects: TGI `generate_stream` (`{"index","token":{"id","text","logprob","special"},
 * "generated_text","details"}`), LMI rolling batch (`{"token":{"id","text","log_prob",
 * "special_token"?,"error_msg"?},"generated_text"?,"details"?}`) and LMI's vLLM path
 * (`{"index":0,"token":{…},"generated_text":null,"details":null}`).
 *
 * The record with a non-null `generated_text` is the last one and ends the message. An LMI token
 * with `error_msg`, or `details.finish_reason == "error"`, ends it with a container error.
 * Returns false if the record is not of this shape.
 */
export function interpretTokenStream(record: Record<string, unknown>, state: RecordState): boolean {
  const { token } = record;
  const details = isRecord(record.details) ? record.details : undefined;
  const generatedText = typeof record.generated_text === 'string' ? record.generated_text : undefined;
  const whole = token === undefined && generatedText !== undefined;
  if (!whole && !isRecord(token)) return false;
  const errorMessage = isRecord(token) && typeof token.error_msg === 'string' ? token.error_msg : undefined;
  if (errorMessage !== undefined || details?.finish_reason === 'error') {
    state.finished = true;
    state.emit({
      type: 'stream-error',
      source: 'container',
      code: 'generation',
      message: errorMessage || 'The model server reported finish_reason "error" (see the endpoint logs in CloudWatch).',
    });
    return true;
  }
  if (whole) {
    // A whole reply (the request lacked `"stream": true`): its text is one delta.
    emitToken(state, generatedText, undefined, undefined, false);
    endWithGeneratedText(generatedText, details, state);
    return true;
  }
  if (!isRecord(token)) return false;

  const logprob = typeof token.logprob === 'number' ? token.logprob : token.log_prob;
  emitToken(
    state,
    typeof token.text === 'string' ? token.text : '',
    typeof token.id === 'number' ? token.id : undefined,
    typeof logprob === 'number' ? logprob : undefined,
    token.special === true || token.special_token === true,
  );

  if (generatedText !== undefined) endWithGeneratedText(generatedText, details, state);
  return true;
}

/** The record with `generated_text` ends the message, with the finish reason and usage of its `details`. */
function endWithGeneratedText(generatedText: string, details: Record<string, unknown> | undefined, state: RecordState): void {
  state.end.generatedText = generatedText;
  if (details) {
    state.end.details = details;
    setFinishReason(state, details.finish_reason);
    const usage = readUsage(details);
    if (usage) state.end.usage = usage;
  }
  emitMessageEnd(state);
}

/**
 * Emits one token of a TGI/LMI stream as a `text-delta` (or counts a skipped special token). Shared
 * by {@link interpretTokenStream} and the token parser's reader of plain token records, so both
 * build the same part.
 */
export function emitToken(state: RecordState, text: string, id: number | undefined, logprob: number | undefined, special: boolean): void {
  if (special && !state.options.includeSpecialTokens) {
    state.specialTokensSkipped++;
    return;
  }
  if (text === '' && !special) return;
  let part: TextDeltaPart;
  if (id !== undefined && logprob !== undefined && !special) {
    // The usual token, built in one literal: adding fields one by one would move them out of the
    // object into a second allocation, per token.
    part = { type: 'text-delta', text, tokenId: id, logprob };
  } else {
    part = { type: 'text-delta', text };
    if (id !== undefined) part.tokenId = id;
    if (logprob !== undefined) part.logprob = logprob;
    if (special) part.special = true;
  }
  state.emit(part);
}

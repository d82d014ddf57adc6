import { MAX_STOP_SEQUENCES } from '../config/limits.js';
import type { ModelConfig } from '../config/mock-config.js';
import { tokenize } from '../replies/tokenize.js';
import type { Random } from '../util/random.js';

/** A generated token as containers report it. */
export interface GeneratedToken {
  id: number;
  text: string;
  /** Natural log-probability (negative). */
  logprob: number;
  special: boolean;
}

/** Why generation stopped, in the words TGI and LMI use. */
export type GenerationFinishReason = 'length' | 'eos_token' | 'stop_sequence';

/** The outcome of one mock generation. */
export interface Generation {
  tokens: GeneratedToken[];
  finishReason: GenerationFinishReason;
  /** The generated text without special tokens (and without the prompt). */
  text: string;
}

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** What the model would say with no limits. */
  replyText: string;
  maxNewTokens: number;
  /** Stop sequences; generation stops once the text contains one. */
  stop: readonly string[];
  /**
   * `include`: the token that completes a stop sequence is sent whole (TGI);
   * `exclude`: the output is cut before the stop sequence (LMI / vLLM).
   */
  stopMode: 'include' | 'exclude';
  model: ModelConfig;
  /** Draws log-probabilities. */
  random: Random;
}

/** Lowest log-probability the mock reports; real ones rarely go below. */
const MIN_LOGPROB = -12;

/** A plausible log-probability for a generated token. */
export function drawLogprob(random: Random): number {
  // Mostly confident tokens, with an exponential tail of unlikely ones.
  return Math.max(MIN_LOGPROB, -0.0001 - -Math.log(1 - random.next()) * 0.45);
}

/**
 * Plays the reply back as a model would generate it: token by token, stopping at a stop
 * sequence, at `maxNewTokens` (the EOS token counts), or with the EOS token at the end.
 */
export function generate(options: GenerateOptions): Generation {
  const { maxNewTokens, stop, stopMode, model, random } = options;
  // Containers cap the list before generating; this bound keeps a caller that does not from
  // scanning every token against an unbounded list.
  const stops = stop.slice(0, MAX_STOP_SEQUENCES).filter((sequence) => sequence !== '');
  const longestStop = stops.reduce((longest, sequence) => Math.max(longest, sequence.length), 0);
  const tokens: GeneratedToken[] = [];
  let text = '';
  if (stops.length === 0) return generateToEnd(options, tokens);
  for (const token of tokenize(options.replyText, { vocabularySize: model.vocabularySize })) {
    if (tokens.length >= maxNewTokens) return { tokens, finishReason: 'length', text };
    const candidate = text + token.text;
    const stopAt = findStop(candidate, stops, Math.max(0, text.length - longestStop + 1));
    if (stopAt !== -1) {
      if (stopMode === 'include') {
        tokens.push({ id: token.id, text: token.text, logprob: drawLogprob(random), special: false });
        return { tokens, finishReason: 'stop_sequence', text: candidate };
      }
      const kept = candidate.slice(0, stopAt);
      tokens.push({ id: token.id, text: kept.slice(text.length), logprob: drawLogprob(random), special: false });
      return { tokens, finishReason: 'stop_sequence', text: kept };
    }
    tokens.push({ id: token.id, text: token.text, logprob: drawLogprob(random), special: false });
    text = candidate;
  }
  if (tokens.length >= maxNewTokens) return { tokens, finishReason: 'length', text };
  tokens.push({ id: model.eosTokenId, text: model.eosToken, logprob: -0.01 - random.next() * 0.3, special: true });
  return { tokens, finishReason: 'eos_token', text };
}

/**
 * {@link generate} without stop sequences: the text is joined once at the end, one flat string,
 * instead of growing by one concatenation per token (a rope of a piece per token that lives as
 * long as the stream, and that the garbage collector copies with it at every young collection).
 */
function generateToEnd(options: GenerateOptions, tokens: GeneratedToken[]): Generation {
  const { maxNewTokens, model, random } = options;
  const text = (): string => tokens.map((token) => token.text).join('');
  for (const token of tokenize(options.replyText, { vocabularySize: model.vocabularySize })) {
    if (tokens.length >= maxNewTokens) return { tokens, finishReason: 'length', text: text() };
    tokens.push({ id: token.id, text: token.text, logprob: drawLogprob(random), special: false });
  }
  if (tokens.length >= maxNewTokens) return { tokens, finishReason: 'length', text: text() };
  const generated = text();
  tokens.push({ id: model.eosTokenId, text: model.eosToken, logprob: -0.01 - random.next() * 0.3, special: true });
  return { tokens, finishReason: 'eos_token', text: generated };
}

/** Earliest index of any stop sequence in `text` at or after `from`, or -1. */
function findStop(text: string, stops: readonly string[], from: number): number {
  let earliest = -1;
  for (const sequence of stops) {
    const index = text.indexOf(sequence, from);
    if (index !== -1 && (earliest === -1 || index < earliest)) earliest = index;
  }
  return earliest;
}

import { tokenize } from '../replies/tokenize.js';

/** Prompt length in tokens, with the BOS token the tokenizer adds. */
export function countPromptTokens(text: string, vocabularySize: number): number {
  return tokenize(text, { vocabularySize }).length + 1;
}

/**
 * Prompt length of a chat after a Llama-3 style template: BOS, then per message a header
 * (3 tokens), the content and an end-of-turn token, then the assistant header (3 tokens).
 */
export function countChatPromptTokens(messages: readonly { content: string }[], vocabularySize: number): number {
  let count = 1 + 3;
  for (const message of messages) count += 4 + tokenize(message.content, { vocabularySize }).length;
  return count;
}

import type { ReplyConfig } from '../config/mock-config.js';
import { hashString } from '../util/random.js';
import { lastUserTurn } from './classify-prompt.js';
import { composeReply } from './compose-reply.js';
import { BUILT_IN_CORPUS, type CorpusEntry } from './corpus.js';

/** Options of {@link chooseReply}. */
export interface ChooseReplyOptions {
  /** The text the reply is chosen for: the prompt, or the last user message of a chat. */
  prompt: string;
  reply: ReplyConfig;
  seed: number;
}

/**
 * Picks the reply text for a prompt: `scripted` (first matching rule, else the fallback), `echo`
 * (the prompt itself) or `corpus`: with the built-in corpus, an answer that fits what the prompt
 * asks for (code in the asked language, a list, a short answer, a refusal; see `composeReply`),
 * else the entry whose keywords the prompt mentions most, ties and unmatched prompts broken by a
 * hash of prompt and seed. Deterministic for a given prompt and seed.
 */
export function chooseReply(options: ChooseReplyOptions): string {
  const { prompt, reply, seed } = options;
  switch (reply.mode) {
    case 'echo':
      return prompt;
    case 'scripted':
      for (const rule of reply.rules) {
        if (new RegExp(rule.match, rule.flags ?? '').test(prompt)) return rule.reply;
      }
      return chooseReply({ prompt, seed, reply: { ...reply, mode: reply.fallback } });
    case 'corpus':
      // A corpus of your own is used as it is; the built-in one answers what the prompt asks for.
      if (reply.corpus.length > 0) return pickFromCorpus(prompt, seed, reply.corpus).text;
      return composeReply({ prompt, seed, pickTopic: (text) => pickFromCorpus(lastUserTurn(text), seed, BUILT_IN_CORPUS) });
  }
}

function pickFromCorpus(prompt: string, seed: number, corpus: readonly CorpusEntry[]): CorpusEntry {
  const lower = prompt.toLowerCase();
  // The entries whose keywords the prompt mentions most; all entries when it mentions none.
  const scores = corpus.map((entry) => entry.keywords.filter((keyword) => containsWord(lower, keyword.toLowerCase())).length);
  const best = Math.max(...scores);
  const candidates = best === 0 ? corpus : corpus.filter((_, index) => scores[index] === best);
  return candidates[hashString(`${seed}\u0000${prompt}`) % candidates.length]!;
}

/**
 * Keyword match for ASCII keywords at a word start ("hi" must not match "this"; "stream" matches
 * "streaming" because keywords of 4+ letters may be prefixes); substring match for others (CJK).
 */
function containsWord(text: string, keyword: string): boolean {
  if (!/^[\x20-\x7e]+$/.test(keyword)) return text.includes(keyword);
  let index = text.indexOf(keyword);
  while (index !== -1) {
    const before = index === 0 ? ' ' : text[index - 1]!;
    const after = text[index + keyword.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && (keyword.length >= 4 || !/[a-z0-9]/.test(after))) return true;
    index = text.indexOf(keyword, index + 1);
  }
  return false;
}

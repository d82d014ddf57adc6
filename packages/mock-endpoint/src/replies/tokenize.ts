import { hashString } from '../util/random.js';

/** One sub-word token of a reply or prompt. */
export interface Token {
  id: number;
  text: string;
}

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Size of the vocabulary token ids are drawn from (default: Llama 3's 128,000). */
  vocabularySize?: number;
}

/** Token ids below this are left to special tokens, as in real vocabularies. */
const FIRST_REGULAR_TOKEN_ID = 1000;
const DEFAULT_VOCABULARY_SIZE = 128_000;

/**
 * GPT-2/Llama-3 style pre-tokenisation: contractions, words with their leading space, up to three
 * digits, punctuation runs, newlines, and whitespace runs.
 */
const PRE_TOKEN = /'(?:s|t|re|ve|m|ll|d)|[^\S\n]?[\p{L}\p{M}]+|\p{N}{1,3}| ?[^\s\p{L}\p{M}\p{N}]+\n*|\s*\n+|\s+(?!\S)|\s+/gu;
/** Scripts whose characters are tokens of their own (no spaces between words). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Splits text into plausible sub-word tokens, deterministically: the same text always gives the
 * same tokens and ids (the split of each word depends only on a hash of the word). Long words
 * become 2–3 pieces, CJK text one token per character, emoji one token each.
 *
 * @example
 * tokenize(' Streaming works').map((t) => t.text); // [' Stream', 'ing', ' works']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): readonly Token[] {
  const vocabularySize = options.vocabularySize ?? DEFAULT_VOCABULARY_SIZE;
  // Keyed by the text itself, not a string built from it: a reply repeated from the config is the
  // same string each time, whose hash V8 keeps, where a new key would be hashed whole on every call.
  const cached = cache.get(text);
  if (cached && cached.vocabularySize === vocabularySize) return cached.tokens;
  const tokens = split(text, vocabularySize);
  // Replies repeat (the corpus, scripted answers): keep the most recent tokenisations.
  if (text.length >= MIN_CACHED_LENGTH) {
    cache.delete(text);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(text, { vocabularySize, tokens });
  }
  return tokens;
}

/** Texts shorter than this are cheap to split again. */
const MIN_CACHED_LENGTH = 256;
const CACHE_ENTRIES = 64;
const cache = new Map<string, { vocabularySize: number; tokens: readonly Token[] }>();

function split(text: string, vocabularySize: number): Token[] {
  const tokens: Token[] = [];
  const push = (piece: string): void => {
    tokens.push({ id: tokenId(piece, vocabularySize), text: piece });
  };
  for (const match of text.matchAll(PRE_TOKEN)) {
    const word = match[0];
    if (CJK.test(word)) {
      splitCjk(word).forEach(push);
    } else if (/[\p{L}\p{M}]/u.test(word)) {
      splitWord(word).forEach(push);
    } else {
      splitSymbols(word).forEach(push);
    }
  }
  return tokens;
}

/** A stable id in the regular range of the vocabulary. */
export function tokenId(text: string, vocabularySize = DEFAULT_VOCABULARY_SIZE): number {
  // `| 0`: the same integer, as a small integer. The unsigned hash is a double, and so was every
  // id computed from it: V8 then boxed the id of each generated token in a heap number of its
  // own, 100 more objects per 100-token stream for the young GC to copy.
  return (FIRST_REGULAR_TOKEN_ID + (hashString(text) % (vocabularySize - FIRST_REGULAR_TOKEN_ID))) | 0;
}

/** Words of up to 6 letters stay whole; longer ones may split into 2–3 pieces, as BPE does. */
function splitWord(word: string): string[] {
  const characters = Array.from(word);
  const lead = characters[0] === ' ' ? 1 : 0;
  const letters = characters.length - lead;
  if (letters <= 6) return [word];
  const hash = hashString(word);
  const pieces = letters >= 10 ? 2 + (hash % 2) : 1 + (hash % 2);
  if (pieces === 1) return [word];
  const out: string[] = [];
  let start = 0;
  for (let piece = 1; piece < pieces; piece++) {
    // Even split points, moved by -1..+1 letters so that pieces look less regular.
    const jitter = ((hash >>> (4 * piece)) % 3) - 1;
    const end = lead + Math.round((letters * piece) / pieces) + jitter;
    out.push(characters.slice(start, end).join(''));
    start = end;
  }
  out.push(characters.slice(start).join(''));
  return out;
}

/** One token per CJK character; a leading space stays attached to the first one. */
function splitCjk(word: string): string[] {
  const out: string[] = [];
  for (const character of word) {
    if (out.length > 0 && !CJK.test(character) && !CJK.test(Array.from(out[out.length - 1]!).pop()!)) {
      out[out.length - 1] += character;
    } else if (out.length === 1 && out[0] === ' ') {
      out[0] += character;
    } else {
      out.push(character);
    }
  }
  return out;
}

/** Punctuation runs stay together, but each emoji (with its modifiers and joiners) is its own token. */
function splitSymbols(word: string): string[] {
  if (!/\p{Extended_Pictographic}/u.test(word)) return [word];
  const out: string[] = [];
  let current = '';
  for (const character of word) {
    const joins = /\u200d|\ufe0f|\p{Emoji_Modifier}/u.test(character) || current.endsWith('\u200d');
    if (current.trim() !== '' && !joins && (/\p{Extended_Pictographic}/u.test(character) || /\p{Extended_Pictographic}/u.test(current))) {
      out.push(current);
      current = '';
    }
    current += character;
  }
  if (current !== '') out.push(current);
  return out;
}

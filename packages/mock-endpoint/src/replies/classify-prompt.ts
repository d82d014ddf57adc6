import { CODE_LANGUAGES, type CodeLanguage, type CodeTask } from './code-snippets.js';

/** What kind of answer a prompt asks for. */
export type PromptIntent =
  | { kind: 'refusal' }
  /** `explicit`: the prompt names the task (Fibonacci, reversing); otherwise a topic answer with code in that language may fit better. */
  | { kind: 'code'; language: CodeLanguage; task: CodeTask; explicit: boolean }
  | { kind: 'list'; count: number; subject: string }
  | { kind: 'arithmetic'; expression: string; value: number }
  | { kind: 'short' }
  | { kind: 'topic' };

/** Largest list the mock writes. */
export const MAX_LIST_ITEMS = 10;

const HARMFUL = /\b(bomb|explosive|nerve agent|bioweapon|malware|ransomware|keylogger|hack into|steal (?:a |the )?passwords?|credit card numbers|kill (?:someone|a person|people)|poison (?:someone|a person))\b/i;
const CODE_VERB = /\b(code|function|script|program|snippet|implement|class|method|example in|write .* in|show me .* in)\b/i;
const LIST = /\b(list|top \d+|\d+ (?:tips|ideas|ways|reasons|steps|examples|things|facts|names|items)|bullet points?|enumerate)\b/i;
const QUESTION_START = /^(what|who|when|where|which|is|are|does|do|can|could|should|will|how (?:many|much|long|old))\b/i;
const SHORT_HINT = /\b(briefly|in one (?:word|sentence)|short answer|yes or no|tl;?dr)\b/i;
const NUMBER_WORDS: Record<string, number> = { three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * The last user turn of a prompt rendered with a chat template (Llama 3, ChatML, Llama 2 /
 * Mistral `[INST]`, Falcon `User:`), so that earlier turns and system prompts do not steer the
 * answer; the prompt itself otherwise.
 */
export function lastUserTurn(prompt: string): string {
  const llama3 = prompt.lastIndexOf('<|start_header_id|>user<|end_header_id|>');
  if (llama3 !== -1) return prompt.slice(llama3 + 40).split('<|eot_id|>')[0]!.trim();
  const chatml = prompt.lastIndexOf('<|im_start|>user');
  if (chatml !== -1) return prompt.slice(chatml + 16).split('<|im_end|>')[0]!.trim();
  const inst = prompt.lastIndexOf('[INST]');
  if (inst !== -1) return prompt.slice(inst + 6).split('[/INST]')[0]!.replace(/<<SYS>>[\s\S]*<<\/SYS>>/, '').trim();
  const falcon = prompt.lastIndexOf('\nUser:');
  if (falcon !== -1 || prompt.startsWith('User:')) return prompt.slice(falcon === -1 ? 5 : falcon + 6).split(/\n[A-Z][a-z]+:/)[0]!.trim();
  return prompt.trim();
}

/** The language a prompt names, as a word ("in Go", "python script", "C#"). */
function findLanguage(text: string): CodeLanguage | undefined {
  const lower = text.toLowerCase();
  let best: { language: CodeLanguage; index: number } | undefined;
  for (const [language, info] of Object.entries(CODE_LANGUAGES) as [CodeLanguage, (typeof CODE_LANGUAGES)[CodeLanguage]][]) {
    for (const alias of info.aliases) {
      const escaped = alias.replace(/[.+#]/g, (c) => `\\${c}`);
      // "go" and "sh" are common words: only count them after "in"/"using" or before "code".
      const pattern = alias === 'go' || alias === 'sh'
        ? new RegExp(`\\b(?:in|using|with) ${escaped}\\b|\\b${escaped} (?:code|script|program|function)\\b`)
        : new RegExp(`(?:^|[^a-z0-9+#])${escaped}(?![a-z0-9+#])`);
      const match = pattern.exec(lower);
      if (match && (!best || match.index < best.index)) best = { language, index: match.index };
    }
  }
  return best?.language;
}

/** `2 + 3 * 4` and the like: digits, + - * / ( ) and spaces only, evaluated without eval. */
function evaluateArithmetic(expression: string): number | undefined {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]/g);
  if (!tokens || tokens.join('') !== expression.replace(/\s+/g, '') || tokens.length > 64) return undefined;
  let position = 0;
  const parsePrimary = (): number => {
    const token = tokens[position++];
    if (token === '(') {
      const value = parseSum();
      if (tokens[position++] !== ')') throw new Error('unbalanced');
      return value;
    }
    if (token === '-') return -parsePrimary();
    if (token === undefined || !/^\d/.test(token)) throw new Error('number expected');
    return Number(token);
  };
  const parseProduct = (): number => {
    let value = parsePrimary();
    while (tokens[position] === '*' || tokens[position] === '/') value = tokens[position++] === '*' ? value * parsePrimary() : value / parsePrimary();
    return value;
  };
  const parseSum = (): number => {
    let value = parseProduct();
    while (tokens[position] === '+' || tokens[position] === '-') value = tokens[position++] === '+' ? value + parseProduct() : value - parseProduct();
    return value;
  };
  try {
    const value = parseSum();
    return position === tokens.length && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads what a prompt asks for: a refusal for harmful requests, code in the named language, a
 * list of N items, an arithmetic result, a short answer to a short question, or a topic answer
 * from the corpus. Only clear signals count; anything else is `topic`.
 */
export function classifyPrompt(prompt: string): PromptIntent {
  const text = lastUserTurn(prompt);
  if (HARMFUL.test(text)) return { kind: 'refusal' };
  const language = findLanguage(text);
  const wantsCode = CODE_VERB.test(text);
  if (language && (wantsCode || (!LIST.test(text) && /\b(write|show|generate)\b/i.test(text)))) {
    return { kind: 'code', language, task: /fib/i.test(text) ? 'fibonacci' : 'reverse', explicit: /fib|revers/i.test(text) };
  }
  const arithmetic = /(?:what is|what's|calculate|compute)\s+([\d\s.+\-*/()]+?)\s*\??$/i.exec(text);
  if (arithmetic && /[-+*/]/.test(arithmetic[1]!)) {
    const value = evaluateArithmetic(arithmetic[1]!.trim());
    if (value !== undefined) return { kind: 'arithmetic', expression: arithmetic[1]!.trim(), value };
  }
  if (LIST.test(text)) {
    const digits = /\b(\d{1,3})\b/.exec(text);
    const word = /\b(three|four|five|six|seven|eight|nine|ten)\b/i.exec(text);
    const count = Math.min(MAX_LIST_ITEMS, Math.max(1, digits ? Number(digits[1]) : word ? NUMBER_WORDS[word[1]!.toLowerCase()]! : 5));
    const subject = /\b(?:for|about|of|to|on)\s+(.+?)[?.!]*$/i.exec(text)?.[1] ?? 'this topic';
    return { kind: 'list', count, subject };
  }
  if (SHORT_HINT.test(text) || (QUESTION_START.test(text) && text.endsWith('?') && text.split(/\s+/).length <= 12)) return { kind: 'short' };
  return { kind: 'topic' };
}

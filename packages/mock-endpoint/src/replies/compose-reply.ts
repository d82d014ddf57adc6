import { hashString } from '../util/random.js';
import { CODE_LANGUAGES, CODE_SNIPPETS } from './code-snippets.js';
import { classifyPrompt, type PromptIntent } from './classify-prompt.js';
import type { CorpusEntry } from './corpus.js';

/** Options of {@link composeReply}. */
export interface ComposeReplyOptions {
  prompt: string;
  seed: number;
  /** Picks the corpus entry for a topic answer (the keyword match of `chooseReply`). */
  pickTopic: (prompt: string) => CorpusEntry;
}

const REFUSALS = [
  "I can't help with that. It could cause real harm to people. If you are working on safety or security research, I'm happy to talk about defences, detection or the history of the problem instead.",
  "Sorry, I won't help with this request: it could be used to hurt someone. Is there something related but safe I can help with, such as how to protect against it?",
];

const LIST_ITEMS = [
  'Start small: pick one concrete goal for {s} and measure it.',
  'Read the official documentation on {s} before reaching for blog posts.',
  'Automate the boring parts of {s} with a script you can rerun.',
  'Write down what you learn about {s}; future you will thank you.',
  'Ask for feedback early — a second pair of eyes on {s} saves hours.',
  'Keep a checklist for {s} so that nothing is forgotten under pressure.',
  'Break {s} into steps of less than an hour each.',
  'Compare two approaches to {s} side by side before committing.',
  'Set a time limit for {s} and review what worked afterwards.',
  'Teach {s} to someone else: gaps show up immediately.',
  'Look at how experienced people handle {s}, then adapt it to your case.',
  'Celebrate progress on {s} — motivation matters more than it seems. 🎉',
];

/** Words that ask for code without naming a topic ("write me a python script"). */
const GENERIC_CODE_WORDS: ReadonlySet<string> = new Set(['code', 'script', 'function', 'program', 'example', 'snippet']);

function pick<T>(items: readonly T[], seed: number, salt: string): T {
  return items[hashString(`${seed}\u0000${salt}`) % items.length]!;
}

/** The first paragraph of a corpus entry: a short answer on that topic. */
function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0]!.trim();
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
}

/**
 * An answer that fits what the prompt asks for (see `classifyPrompt`): code in the asked
 * language, a numbered list of the asked length, a one-paragraph answer, a computed result, a
 * refusal, or the corpus entry on the prompt's topic. Deterministic for a prompt and seed.
 */
export function composeReply(options: ComposeReplyOptions): string {
  const { prompt, seed } = options;
  const intent: PromptIntent = classifyPrompt(prompt);
  switch (intent.kind) {
    case 'refusal':
      return pick(REFUSALS, seed, prompt);
    case 'code': {
      const language = CODE_LANGUAGES[intent.language];
      // "Write a Python function that streams a reply with boto3": the corpus entry on that topic,
      // when it has code in the asked language, answers better than a generic snippet.
      if (!intent.explicit) {
        const topic = options.pickTopic(prompt);
        const asked = prompt.toLowerCase();
        const onTopic = topic.keywords.some((keyword) => !GENERIC_CODE_WORDS.has(keyword) && keyword !== intent.language && asked.includes(keyword));
        if (onTopic && topic.text.includes(`\`\`\`${language.fence}\n`)) return topic.text;
      }
      const what = intent.task === 'fibonacci' ? 'computes the first n Fibonacci numbers' : 'reverses a string';
      return [
        `Here is a ${language.name} example that ${what}:`,
        '',
        `\`\`\`${language.fence}`,
        CODE_SNIPPETS[intent.language][intent.task],
        '```',
        '',
        intent.task === 'fibonacci'
          ? 'It keeps only the last two numbers while it loops, so it runs in O(n) time. For large n, switch to arbitrary-precision integers to avoid overflow.'
          : 'Note that it reverses characters, not bytes: reversing the raw UTF-8 bytes would break multi-byte characters such as “é” or emoji.',
        '',
        'Want me to add tests or explain any line?',
      ].join('\n');
    }
    case 'list': {
      const offset = hashString(`${seed}\u0000${prompt}`) % LIST_ITEMS.length;
      const items = Array.from({ length: intent.count }, (_, index) => `${index + 1}. ${LIST_ITEMS[(offset + index) % LIST_ITEMS.length]!.replace('{s}', intent.subject)}`);
      return [`Here ${intent.count === 1 ? 'is one idea' : `are ${intent.count} ideas`} for ${intent.subject}:`, '', ...items].join('\n');
    }
    case 'arithmetic':
      return `${intent.expression} = **${formatNumber(intent.value)}**`;
    case 'short':
      return firstParagraph(options.pickTopic(prompt).text);
    case 'topic':
      return options.pickTopic(prompt).text;
  }
}

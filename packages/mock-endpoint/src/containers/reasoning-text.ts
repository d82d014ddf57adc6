import { hashString } from '../util/random.js';

const TEMPLATES: readonly ((topic: string) => string)[] = [
  (topic) => `Okay, the user asks: "${topic}". Let me think about what they really need. I should start with the key idea, then add a short example, and keep it accurate.`,
  (topic) => `Hmm, "${topic}" — let me break this down. First I recall the basics, then I check the details that are easy to get wrong. A clear, structured answer works best here.`,
  (topic) => `Let me consider "${topic}" step by step. What does the user already know? Probably the basics, so I will focus on the practical part and mention one pitfall.`,
];

/** Longest topic quoted in the reasoning, in code points. */
const MAX_TOPIC = 60;

/**
 * The "thinking" a reasoning model emits before its answer: one of a few templates quoting the
 * prompt, chosen by a hash of the prompt alone, so that a streamed and a non-streamed request
 * for the same prompt think alike.
 */
export function reasoningText(options: { prompt: string }): string {
  const flat = options.prompt.replace(/\s+/g, ' ').trim();
  const points = [...flat];
  const topic = points.length > MAX_TOPIC ? `${points.slice(0, MAX_TOPIC).join('')}…` : flat || 'this';
  return TEMPLATES[hashString(`reasoning\u0000${flat}`) % TEMPLATES.length]!(topic);
}

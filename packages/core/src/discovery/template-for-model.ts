import type { PromptTemplateName } from '../chat/prompt-templates.js';

/** Model-id patterns and the prompt template of their instruct/chat variants, most specific first. */
const MODEL_TEMPLATES: readonly [RegExp, PromptTemplateName][] = [
  [/falcon/i, 'falcon'],
  [/llama-?3|llama3/i, 'llama3'],
  [/llama-?2|llama2/i, 'llama2'],
  [/mi[sx]tral/i, 'mistral'],
  [/qwen|\byi-|chatml|hermes/i, 'chatml'],
];

/**
 * The prompt template an `{"inputs"}` body should use for a Hugging Face model id (e.g.
 * `tiiuae/falcon-7b-instruct` → `falcon`), or undefined when the id says nothing known.
 */
export function templateForModel(modelId: string | undefined): PromptTemplateName | undefined {
  if (!modelId) return undefined;
  return MODEL_TEMPLATES.find(([pattern]) => pattern.test(modelId))?.[1];
}

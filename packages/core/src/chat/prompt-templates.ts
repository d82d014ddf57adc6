import { SageStreamError } from '../errors.js';
import type { ChatMessage } from './chat-message.js';

/** Prompt templates for `inputs`-style containers (TGI `generate_stream`, LMI). */
export type PromptTemplateName = 'falcon' | 'llama2' | 'llama3' | 'mistral' | 'chatml' | 'raw';

export const PROMPT_TEMPLATE_NAMES: readonly PromptTemplateName[] = ['falcon', 'llama2', 'llama3', 'mistral', 'chatml', 'raw'];

/** A template renders a conversation into one prompt that ends where the assistant's reply begins. */
export interface PromptTemplate {
  name: PromptTemplateName;
  description: string;
  render(messages: readonly ChatMessage[]): string;
  /** Stop sequences the model family needs (turn markers, EOS as text). */
  stop: readonly string[];
}

function split(messages: readonly ChatMessage[]): { system: string | undefined; turns: ChatMessage[] } {
  const system = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  return { system: system === '' ? undefined : system, turns: messages.filter((message) => message.role !== 'system') };
}

/** Pairs user/assistant turns; the last user turn has no answer yet. */
function exchanges(turns: readonly ChatMessage[]): { user: string; assistant?: string }[] {
  const out: { user: string; assistant?: string }[] = [];
  for (const turn of turns) {
    if (turn.role === 'user') out.push({ user: turn.content });
    else if (out.length > 0 && out[out.length - 1]!.assistant === undefined) out[out.length - 1]!.assistant = turn.content;
    else out.push({ user: '', assistant: turn.content });
  }
  return out;
}

const TEMPLATES: Record<PromptTemplateName, PromptTemplate> = {
  falcon: {
    name: 'falcon',
    description: 'Falcon instruct (the announcement\'s model): "User: …\\nFalcon: …"',
    stop: ['\nUser:', '<|endoftext|>'],
    render(messages) {
      const { system, turns } = split(messages);
      let prompt = system ? `${system}\n` : '';
      for (const { user, assistant } of exchanges(turns)) {
        prompt += `User: ${user}\nFalcon:`;
        if (assistant !== undefined) prompt += ` ${assistant}\n`;
      }
      return prompt;
    },
  },
  llama2: {
    name: 'llama2',
    description: 'Llama 2 chat: "<s>[INST] <<SYS>>…<</SYS>> … [/INST]"',
    stop: ['</s>'],
    render(messages) {
      const { system, turns } = split(messages);
      let prompt = '';
      exchanges(turns).forEach(({ user, assistant }, index) => {
        const content = index === 0 && system ? `<<SYS>>\n${system}\n<</SYS>>\n\n${user}` : user;
        prompt += `<s>[INST] ${content.trim()} [/INST]`;
        if (assistant !== undefined) prompt += ` ${assistant.trim()} </s>`;
      });
      return prompt;
    },
  },
  llama3: {
    name: 'llama3',
    description: 'Llama 3 instruct: "<|start_header_id|>role<|end_header_id|>…<|eot_id|>"',
    stop: ['<|eot_id|>', '<|end_of_text|>'],
    render(messages) {
      let prompt = '<|begin_of_text|>';
      for (const message of messages) {
        prompt += `<|start_header_id|>${message.role}<|end_header_id|>\n\n${message.content.trim()}<|eot_id|>`;
      }
      return `${prompt}<|start_header_id|>assistant<|end_header_id|>\n\n`;
    },
  },
  mistral: {
    name: 'mistral',
    description: 'Mistral instruct: "<s>[INST] … [/INST] …</s>" (the system prompt joins the first user turn)',
    stop: ['</s>'],
    render(messages) {
      const { system, turns } = split(messages);
      let prompt = '<s>';
      exchanges(turns).forEach(({ user, assistant }, index) => {
        const content = index === 0 && system ? `${system}\n\n${user}` : user;
        prompt += `[INST] ${content.trim()} [/INST]`;
        if (assistant !== undefined) prompt += ` ${assistant.trim()}</s>`;
      });
      return prompt;
    },
  },
  chatml: {
    name: 'chatml',
    description: 'ChatML (Qwen, many fine-tunes): "<|im_start|>role\\n…<|im_end|>"',
    stop: ['<|im_end|>', '<|endoftext|>'],
    render(messages) {
      let prompt = '';
      for (const message of messages) prompt += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
      return `${prompt}<|im_start|>assistant\n`;
    },
  },
  raw: {
    name: 'raw',
    description: 'No template: the last user message is the prompt',
    stop: [],
    render(messages) {
      for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
      return '';
    },
  },
};

/** The template called `name`; throws `invalid-argument` listing the known names otherwise. */
export function getPromptTemplate(name: string): PromptTemplate {
  const template = TEMPLATES[name as PromptTemplateName];
  if (!template) {
    throw new SageStreamError('invalid-argument', `Unknown prompt template "${name}"; expected one of ${PROMPT_TEMPLATE_NAMES.join(', ')}.`, {
      expected: PROMPT_TEMPLATE_NAMES.join(' | '),
      actual: name,
    });
  }
  return template;
}

import { describe, expect, it } from 'vitest';
import { isSageStreamError } from '../errors.js';
import type { ChatMessage } from './chat-message.js';
import { getPromptTemplate } from './prompt-templates.js';

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are concise.' },
  { role: 'user', content: 'What is SSE?' },
  { role: 'assistant', content: 'Server-sent events.' },
  { role: 'user', content: 'And JSON Lines?' },
];

// Golden strings written from each model family's published chat format.
const GOLDEN: Record<string, string> = {
  falcon: 'You are concise.\nUser: What is SSE?\nFalcon: Server-sent events.\nUser: And JSON Lines?\nFalcon:',
  llama2: '<s>[INST] <<SYS>>\nYou are concise.\n<</SYS>>\n\nWhat is SSE? [/INST] Server-sent events. </s><s>[INST] And JSON Lines? [/INST]',
  llama3:
    '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are concise.<|eot_id|>' +
    '<|start_header_id|>user<|end_header_id|>\n\nWhat is SSE?<|eot_id|>' +
    '<|start_header_id|>assistant<|end_header_id|>\n\nServer-sent events.<|eot_id|>' +
    '<|start_header_id|>user<|end_header_id|>\n\nAnd JSON Lines?<|eot_id|>' +
    '<|start_header_id|>assistant<|end_header_id|>\n\n',
  mistral: '<s>[INST] You are concise.\n\nWhat is SSE? [/INST] Server-sent events.</s>[INST] And JSON Lines? [/INST]',
  chatml:
    '<|im_start|>system\nYou are concise.<|im_end|>\n<|im_start|>user\nWhat is SSE?<|im_end|>\n' +
    '<|im_start|>assistant\nServer-sent events.<|im_end|>\n<|im_start|>user\nAnd JSON Lines?<|im_end|>\n<|im_start|>assistant\n',
  raw: 'And JSON Lines?',
};

describe('prompt templates', () => {
  it.each(Object.entries(GOLDEN))('%s renders the golden prompt', (name, expected) => {
    expect(getPromptTemplate(name).render(conversation)).toBe(expected);
  });

  it('renders a first turn without a system prompt', () => {
    expect(getPromptTemplate('falcon').render([{ role: 'user', content: 'Hi' }])).toBe('User: Hi\nFalcon:');
    expect(getPromptTemplate('llama2').render([{ role: 'user', content: 'Hi' }])).toBe('<s>[INST] Hi [/INST]');
  });

  it('names the known templates for an unknown one', () => {
    try {
      getPromptTemplate('gpt');
      expect.unreachable();
    } catch (error) {
      expect(isSageStreamError(error) && error.code).toBe('invalid-argument');
      expect(String(error)).toContain('falcon, llama2, llama3, mistral, chatml, raw');
    }
  });
});

import type { ChatMessage, ChatRole, ChatToolCall } from '@sagestream/core';

/**
 * A message as VS Code hands it to a language-model provider (`LanguageModelChatRequestMessage`),
 * read structurally so this module runs without the `vscode` module.
 */
export interface LanguageModelRequestMessage {
  /** `LanguageModelChatMessageRole`: 1 user, 2 assistant; 3 is the (proposed) system role. */
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
  readonly name?: string | undefined;
}

/** VS Code's role numbers. */
const ROLES: Readonly<Record<number, ChatRole>> = { 1: 'user', 2: 'assistant', 3: 'system' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A tool result's content parts as text (text parts as they are; anything else as JSON). */
function resultText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (isObject(part) && typeof part.value === 'string') return part.value;
      try {
        return JSON.stringify(part) ?? '';
      } catch {
        return '';
      }
    })
    .join('');
}

/**
 * One content part as prompt text: a text part is its text; tool calls and tool results (which
 * core's request bodies cannot carry as such) become short, explicit text, so the model still sees
 * what happened; data parts and unknown parts are left out.
 */
function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (!isObject(part)) return '';
  if (typeof part.value === 'string') return part.value;
  if (typeof part.callId === 'string' && typeof part.name === 'string') {
    let input = '{}';
    try {
      input = JSON.stringify(part.input ?? {});
    } catch {
      // an input that cannot be serialised is shown as {}
    }
    return `[tool call ${part.name} (${part.callId}): ${input}]`;
  }
  if (typeof part.callId === 'string' && 'content' in part) return `[tool result (${part.callId}): ${resultText(part.content)}]`;
  return '';
}

function isToolCall(part: unknown): part is { callId: string; name: string; input?: unknown } {
  return isObject(part) && typeof part.callId === 'string' && typeof part.name === 'string';
}

function isToolResult(part: unknown): part is { callId: string; content: unknown } {
  return isObject(part) && typeof part.callId === 'string' && typeof part.name !== 'string' && 'content' in part;
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value ?? {}) ?? '{}';
  } catch {
    return '{}';
  }
}

/**
 * Maps VS Code's messages to core's chat messages (system, user, assistant), which core's
 * templates then turn into the endpoint's request body. With `tools` (Messages API endpoints),
 * tool calls become the assistant turn's `toolCalls` and each tool result its own message with
 * `toolCallId`; otherwise both become short, explicit text. Messages with nothing left are dropped.
 */
export function toChatMessages(messages: readonly LanguageModelRequestMessage[], options: { tools?: boolean } = {}): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const message of messages) {
    const role = ROLES[message.role];
    if (!role) continue;
    if (!options.tools) {
      const content = message.content.map(partText).join('');
      if (content.trim() !== '') result.push({ role, content });
      continue;
    }
    const toolCalls: ChatToolCall[] = message.content.filter(isToolCall).map((part) => ({ id: part.callId, name: part.name, arguments: jsonText(part.input) }));
    // Tool results first: they answer the previous assistant turn's calls.
    for (const part of message.content.filter(isToolResult)) result.push({ role: 'user', content: resultText(part.content), toolCallId: part.callId });
    const content = message.content.filter((part) => !isToolCall(part) && !isToolResult(part)).map(partText).join('');
    if (role === 'assistant' && toolCalls.length > 0) result.push({ role, content, toolCalls });
    else if (content.trim() !== '') result.push({ role, content });
  }
  return result;
}

/** The text of a message or string, for token counting. */
export function messageText(input: string | LanguageModelRequestMessage): string {
  return typeof input === 'string' ? input : input.content.map(partText).join('');
}

/**
 * An honest token estimate without the model's tokenizer: BPE tokenizers of the Llama/Qwen/Mistral
 * families average about 4 characters of English per token, but never fewer tokens than there are
 * words and punctuation marks. Rounded up, so limits computed from it are conservative.
 */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  const pieces = text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
  return Math.max(pieces, Math.ceil(text.length / 4));
}

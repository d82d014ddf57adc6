import type { ChatMessage } from '@sagestream/core';
import type { ConversationView, MessageView } from '../shared/protocol.js';

/** Longest conversation title, in characters. */
const MAX_TITLE_LENGTH = 60;

/** A fresh, empty conversation. */
export function createConversation(options: { id: string; now: number }): ConversationView {
  return { id: options.id, title: 'New chat', createdAt: options.now, updatedAt: options.now, messages: [] };
}

/** A title from the first prompt: its first non-empty line, cut at a word. */
export function titleFromPrompt(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '')?.trim().replace(/\s+/g, ' ') ?? '';
  if (line === '') return 'New chat';
  if (line.length <= MAX_TITLE_LENGTH) return line;
  const cut = line.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > 20 ? cut.slice(0, space) : cut}…`;
}

/**
 * What the model sees: every user message, and every assistant reply that has text (a stopped
 * reply's partial text included — it is what the user saw), in order.
 */
export function toChatMessages(messages: readonly MessageView[]): ChatMessage[] {
  return messages.filter((message) => message.role === 'user' || message.text !== '').map((message) => ({ role: message.role, content: message.text }));
}

/**
 * A conversation loaded from storage: a reply still marked `streaming` was cut off by a window
 * reload (the engine that streamed it is gone), so it becomes a stopped reply that says so.
 */
export function reviveConversation(conversation: ConversationView): ConversationView {
  if (!conversation.messages.some((message) => message.status === 'streaming')) return conversation;
  return {
    ...conversation,
    messages: conversation.messages.map((message) =>
      message.status !== 'streaming'
        ? message
        : {
            ...message,
            status: 'stopped',
            error: { code: 'interrupted', message: 'The window was reloaded before this reply finished.', fix: 'Regenerate the reply to get a complete answer.' },
          },
    ),
  };
}

import type { ChatState } from '../chat-state.js';
import { element, iconButton } from './dom.js';

/** The list of saved conversations. */
export interface HistoryView {
  readonly element: HTMLElement;
  update(state: ChatState): void;
}

function when(updatedAt: number): string {
  return new Date(updatedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Creates the history panel (shown over the transcript when toggled). */
export function createHistoryView(): HistoryView {
  const list = element('ul', { className: 'history-list', attributes: { 'aria-label': 'Saved chats' } });
  const root = element('nav', {
    className: 'history-panel',
    attributes: { id: 'history-panel', 'aria-label': 'Chat history' },
    children: [
      element('div', {
        className: 'history-header',
        children: [
          element('h2', { text: 'Chats' }),
          element('span', { className: 'spacer' }),
          element('button', { className: 'text-button', text: 'Clear history', attributes: { type: 'button', 'data-action': 'clear-history' } }),
        ],
      }),
      list,
    ],
  });
  root.hidden = true;
  let shown: [ChatState['conversations'], string | undefined] | undefined;
  return {
    element: root,
    update(state) {
      if (root.hidden === state.historyOpen) root.hidden = !state.historyOpen;
      const activeId = state.conversation?.id;
      if (!state.historyOpen || (shown && shown[0] === state.conversations && shown[1] === activeId)) return;
      shown = [state.conversations, activeId];
      if (state.conversations.length === 0) {
        list.replaceChildren(element('li', { className: 'history-empty', text: 'No saved chats yet.' }));
        return;
      }
      list.replaceChildren(
        ...state.conversations.map((conversation) => {
          const open = element('button', {
            className: 'history-open',
            attributes: { type: 'button', 'data-action': 'switch-conversation', 'data-conversation-id': conversation.id },
            children: [element('span', { className: 'history-title', text: conversation.title }), element('span', { className: 'history-meta', text: `${when(conversation.updatedAt)} · ${conversation.messageCount} messages` })],
          });
          if (conversation.id === activeId) open.setAttribute('aria-current', 'true');
          const remove = iconButton({ icon: 'trash', label: `Delete chat: ${conversation.title}`, action: 'delete-conversation' });
          remove.dataset.conversationId = conversation.id;
          return element('li', { className: `history-item${conversation.id === activeId ? ' active' : ''}`, children: [open, remove] });
        }),
      );
    },
  };
}

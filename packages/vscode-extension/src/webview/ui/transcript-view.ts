import type { ChatState } from '../chat-state.js';
import type { MarkdownRenderer } from '../markdown/render-markdown.js';
import { element } from './dom.js';
import { createMessageElement, type MessageElement } from './message-view.js';

/** Prompts offered in an empty chat; each matches a reply the mock knows. */
export const SUGGESTIONS = [
  'How does SageMaker response streaming work?',
  'Write a Python function that streams a reply with boto3.',
  'Compare the LMI and TGI containers in a table.',
];

/** The scrolling list of messages. */
export interface TranscriptView {
  readonly element: HTMLElement;
  update(state: ChatState): void;
  /** Follows new text again (after the user sends something). */
  pin(): void;
}

/** Within this many pixels of the bottom, new text keeps the view pinned to the bottom. */
const STICKY_BOTTOM_PX = 48;

function welcome(state: ChatState): HTMLElement {
  const active = state.endpoints.options.find((option) => option.id === state.endpoints.activeId);
  const where = active ? `${active.label}${state.endpoints.mode === 'mock' ? ' on the local mock' : ''}` : 'no endpoint yet';
  return element('div', {
    className: 'welcome',
    children: [
      element('h2', { text: 'SageStream' }),
      element('p', { text: `Chat with SageMaker endpoints as they stream. Talking to ${where}.` }),
      element('div', {
        className: 'suggestions',
        children: SUGGESTIONS.map((text) => element('button', { className: 'suggestion', text, attributes: { type: 'button', 'data-action': 'use-suggestion' } })),
      }),
    ],
  });
}

/**
 * Keeps one {@link MessageElement} per message id, updates only the ones whose data changed, and
 * follows the bottom while the user is there (scrolling up to read stops the following).
 */
export function createTranscriptView(options: { renderer: MarkdownRenderer }): TranscriptView {
  const root = element('main', { className: 'transcript', attributes: { role: 'log', 'aria-label': 'Conversation', tabindex: '-1' } });
  const list = element('div', { className: 'messages' });
  root.append(list);
  const views = new Map<string, MessageElement>();
  let conversationId: string | undefined;
  let shownWelcome = false;
  // Whether to follow new text: decided when the user scrolls, so that an update never has to
  // measure the layout. Following happens when the list's size changes (a ResizeObserver runs
  // after layout, before paint): no forced layout per frame, and sizes that settle late (blocks
  // skipped off screen by content-visibility) are still followed.
  let pinned = true;
  /** Where we last scrolled to: a scroll event at or below it is ours (or the user going down). */
  let followedTo = 0;
  const follow = (): void => {
    if (!pinned) return;
    const bottom = root.scrollHeight - root.clientHeight;
    if (root.scrollTop < bottom - 1) {
      followedTo = bottom;
      root.scrollTop = bottom;
    }
  };
  const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(follow);
  observer?.observe(list);
  observer?.observe(root);
  // Scrolling up means "let me read": stop following at once, before a smooth scroll's first
  // step (following would cancel it).
  root.addEventListener(
    'wheel',
    (event) => {
      if (event.deltaY < 0) pinned = false;
    },
    { passive: true },
  );
  root.addEventListener(
    'scroll',
    () => {
      pinned = root.scrollTop >= followedTo - 1 || root.scrollHeight - root.scrollTop - root.clientHeight <= STICKY_BOTTOM_PX;
      if (!pinned) followedTo = 0;
    },
    { passive: true },
  );

  return {
    element: root,
    pin() {
      pinned = true;
    },
    update(state) {
      const conversation = state.conversation;
      const messages = conversation?.messages ?? [];
      const switched = conversation?.id !== conversationId;
      if (switched) pinned = true;
      if (switched) {
        views.clear();
        list.replaceChildren();
        conversationId = conversation?.id;
        shownWelcome = false;
      }
      if (messages.length === 0) {
        if (!shownWelcome || switched) list.replaceChildren(welcome(state));
        shownWelcome = true;
        return;
      }
      if (shownWelcome) {
        list.replaceChildren();
        shownWelcome = false;
      }
      let lastReply = -1;
      for (let index = messages.length - 1; index >= 0; index--) {
        if (messages[index]!.role === 'assistant') {
          lastReply = index;
          break;
        }
      }
      const seen = new Set<string>();
      let previous: Element | null = null;
      messages.forEach((message, index) => {
        seen.add(message.id);
        let view = views.get(message.id);
        if (!view) {
          view = createMessageElement({ message, renderer: options.renderer });
          views.set(message.id, view);
        }
        view.update(message, { busy: state.streaming !== null, lastReply: index === lastReply, editing: state.editingMessageId === message.id, capabilities: state.capabilities });
        // Keep DOM order equal to message order (moves only when something was removed or inserted).
        const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
        if (expected !== view.element) list.insertBefore(view.element, expected);
        previous = view.element;
      });
      for (const [id, view] of views) {
        if (!seen.has(id)) {
          view.element.remove();
          views.delete(id);
        }
      }
      const busy = String(state.streaming?.conversationId === conversation?.id);
      if (root.getAttribute('aria-busy') !== busy) root.setAttribute('aria-busy', busy);
      if (!observer || switched) follow();
    },
  };
}

import { safeParseHostMessage } from '../shared/parse-host-message.js';
import { PROTOCOL_VERSION, type ErrorAction, type WebviewMessage } from '../shared/protocol.js';
import { INITIAL_CHAT_STATE, reduceChatState, type ChatAction } from './chat-state.js';
import { createFrameScheduler } from './frame-scheduler.js';
import type { HostBridge } from './host-bridge.js';
import { createMarkdownRenderer } from './markdown/render-markdown.js';
import { createComposerView, fitHeight } from './ui/composer-view.js';
import { createHeaderView } from './ui/header-view.js';
import { createHistoryView } from './ui/history-view.js';
import { createNoticeView } from './ui/notice-view.js';
import { createTranscriptView } from './ui/transcript-view.js';

/** A mounted chat UI. */
export interface ChatApp {
  dispatch(action: ChatAction): void;
  destroy(): void;
}

/** What the UI keeps across reloads of the page (VS Code webview state, sessionStorage). */
interface SavedUiState {
  draft?: string;
}

/** How long a Copy button says "Copied". */
const COPIED_FEEDBACK_MS = 1500;

/**
 * Mounts the chat UI in `root` and connects it to its host through `bridge`: host messages are
 * validated, reduced into the state and rendered at most once per animation frame; user actions
 * become protocol messages. There are no inline handlers: one delegated listener per event type.
 */
export function mountChatApp(options: { root: HTMLElement; bridge: HostBridge }): ChatApp {
  const { root, bridge } = options;
  let state = INITIAL_CHAT_STATE;
  const renderer = createMarkdownRenderer();
  const header = createHeaderView();
  const history = createHistoryView();
  const transcript = createTranscriptView({ renderer });
  const composer = createComposerView();
  const notice = createNoticeView({ dismiss: () => dispatch({ type: 'ui/dismiss-notice' }) });
  root.replaceChildren(header.element, history.element, transcript.element, notice.element, composer.element);
  const saved = (bridge.getState() ?? {}) as SavedUiState;
  if (typeof saved.draft === 'string') {
    composer.input.value = saved.draft;
    queueMicrotask(() => fitHeight(composer.input));
  }

  const render = (): void => {
    root.classList.toggle('can-insert', state.capabilities.insertCode);
    if (root.dataset.status !== state.status) root.dataset.status = state.status;
    header.update(state);
    history.update(state);
    transcript.update(state);
    notice.update(state);
    composer.update(state);
  };
  const scheduler = createFrameScheduler(render);

  function post(message: WebviewMessage): void {
    bridge.post(message);
  }

  function dispatch(action: ChatAction): void {
    state = reduceChatState(state, action);
    if (state.status === 'incompatible' && action.type === 'host' && action.message.type === 'init') {
      state = reduceChatState(state, { type: 'ui/notice', level: 'error', text: 'This chat view is out of date: reload the window.' });
    }
    if (state.outOfSync) {
      state = reduceChatState(state, { type: 'ui/resync-requested' });
      post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    }
    scheduler.request();
  }

  const unsubscribe = bridge.onMessage((raw) => {
    const result = safeParseHostMessage(raw);
    if (!result.success) {
      console.warn(`SageStream: ignored a host message: ${result.error.message}`);
      return;
    }
    dispatch({ type: 'host', message: result.value });
  });

  function saveDraft(): void {
    bridge.setState({ draft: composer.input.value } satisfies SavedUiState);
  }

  function sendPrompt(text: string): void {
    if (text.trim() === '' || state.status !== 'ready') return;
    if (state.streaming) {
      dispatch({ type: 'ui/notice', level: 'info', text: 'A reply is still streaming: press Esc to stop it first.' });
      return;
    }
    post({ type: 'send-prompt', text });
    transcript.pin();
    composer.input.value = '';
    fitHeight(composer.input);
    saveDraft();
  }

  function showCopied(button: HTMLElement): void {
    const label = button.querySelector('.button-text');
    const previousText = label?.textContent;
    const previousLabel = button.getAttribute('aria-label');
    button.classList.add('copied');
    if (label) label.textContent = 'Copied';
    button.setAttribute('aria-label', 'Copied');
    setTimeout(() => {
      button.classList.remove('copied');
      if (label && previousText !== undefined && previousText !== null) label.textContent = previousText;
      if (previousLabel) button.setAttribute('aria-label', previousLabel);
    }, COPIED_FEEDBACK_MS);
  }

  function messageOf(target: Element): { id: string; text: string } | undefined {
    const id = target.closest<HTMLElement>('[data-message-id]')?.dataset.messageId;
    const message = id ? state.conversation?.messages.find((candidate) => candidate.id === id) : undefined;
    return message ? { id: message.id, text: message.text } : undefined;
  }

  function onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    // Links (model output, error details) never navigate the page: the host opens http(s) only.
    const link = target.closest('a');
    if (link && root.contains(link)) {
      event.preventDefault();
      const href = link.getAttribute('href');
      if (href) post({ type: 'open-link', url: href });
      return;
    }
    const button = target.closest<HTMLElement>('[data-action]');
    if (!button || !root.contains(button)) return;
    switch (button.dataset.action) {
      case 'send':
        return sendPrompt(composer.input.value);
      case 'stop':
        return post({ type: 'stop' });
      case 'use-suggestion':
        return sendPrompt(button.textContent ?? '');
      case 'copy-code': {
        const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
        post({ type: 'copy-text', text: code });
        return showCopied(button);
      }
      case 'insert-code':
        return post({ type: 'insert-code', code: button.closest('.code-block')?.querySelector('code')?.textContent ?? '' });
      case 'copy-command':
        post({ type: 'copy-text', text: button.closest('.command')?.querySelector('code')?.textContent ?? '' });
        return showCopied(button);
      case 'copy-message': {
        const message = messageOf(button);
        if (message) post({ type: 'copy-text', text: message.text });
        return showCopied(button);
      }
      case 'regenerate': {
        const message = messageOf(button);
        if (message) post({ type: 'regenerate', messageId: message.id });
        return;
      }
      case 'edit': {
        const message = messageOf(button);
        if (message) dispatch({ type: 'ui/edit-start', messageId: message.id });
        return;
      }
      case 'edit-cancel':
        return dispatch({ type: 'ui/edit-cancel' });
      case 'edit-resend':
        return resendEdit(button);
      case 'run-action': {
        const kind = button.dataset.kind as ErrorAction['kind'];
        const action: ErrorAction = kind === 'sso-login' ? { kind, ...(button.dataset.profile ? { profile: button.dataset.profile } : {}) } : ({ kind } as ErrorAction);
        return post({ type: 'run-action', action });
      }
      case 'toggle-history':
        return dispatch({ type: 'ui/toggle-history' });
      case 'switch-conversation':
        if (button.dataset.conversationId) post({ type: 'switch-conversation', conversationId: button.dataset.conversationId });
        return dispatch({ type: 'ui/close-history' });
      case 'delete-conversation':
        if (button.dataset.conversationId) post({ type: 'delete-conversation', conversationId: button.dataset.conversationId });
        return;
      case 'new-chat':
        dispatch({ type: 'ui/close-history' });
        return post({ type: 'new-chat' });
      case 'export-chat':
        return post({ type: 'export-chat' });
      case 'clear-history':
        return post({ type: 'clear-history' });
      case 'dismiss-notice':
        return dispatch({ type: 'ui/dismiss-notice' });
    }
  }

  function resendEdit(from: Element): void {
    const message = messageOf(from);
    const editor = from.closest('.message')?.querySelector<HTMLTextAreaElement>('.edit-box');
    if (!message || !editor || editor.value.trim() === '') return;
    post({ type: 'edit-resend', messageId: message.id, text: editor.value });
    transcript.pin();
    dispatch({ type: 'ui/edit-cancel' });
  }

  function onKeyDown(event: KeyboardEvent): void {
    const target = event.target instanceof HTMLElement ? event.target : null;
    if (event.key === 'Escape') {
      if (state.streaming) post({ type: 'stop' });
      else if (state.editingMessageId) dispatch({ type: 'ui/edit-cancel' });
      else if (state.historyOpen) dispatch({ type: 'ui/close-history' });
      else return;
      event.preventDefault();
      return;
    }
    // Enter sends, Shift+Enter is a newline; never while an IME is composing a character.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || !target) return;
    if (target === composer.input) {
      event.preventDefault();
      sendPrompt(composer.input.value);
    } else if (target.classList.contains('edit-box')) {
      event.preventDefault();
      resendEdit(target);
    }
  }

  function onChange(event: Event): void {
    if (event.target === header.endpointSelect && header.endpointSelect.value) post({ type: 'select-endpoint', endpointId: header.endpointSelect.value });
  }

  root.addEventListener('click', onClick);
  // On the document: Esc must stop a reply wherever the focus is in the view.
  root.ownerDocument.addEventListener('keydown', onKeyDown);
  root.addEventListener('change', onChange);
  composer.input.addEventListener('input', saveDraft);
  render();
  post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });

  return {
    dispatch,
    destroy() {
      unsubscribe();
      scheduler.cancel();
      root.removeEventListener('click', onClick);
      root.ownerDocument.removeEventListener('keydown', onKeyDown);
      root.removeEventListener('change', onChange);
      root.replaceChildren();
    },
  };
}

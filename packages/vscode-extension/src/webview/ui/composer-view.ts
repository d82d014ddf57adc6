import type { ChatState } from '../chat-state.js';
import { element, iconButton } from './dom.js';

/** The message box with Send (or Stop while a reply streams). */
export interface ComposerView {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  update(state: ChatState): void;
}

/** Tallest the message box grows before it scrolls. */
const MAX_INPUT_HEIGHT_PX = 200;

/** Grows the box with its text (CSSOM changes are allowed by the CSP; style attributes are not). */
export function fitHeight(input: HTMLTextAreaElement): void {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, MAX_INPUT_HEIGHT_PX)}px`;
}

/** Creates the composer; keys and clicks are handled by the app (delegation). */
export function createComposerView(): ComposerView {
  const input = element('textarea', {
    className: 'composer-input',
    attributes: { rows: '1', 'aria-label': 'Message', placeholder: 'Ask anything — Enter to send, Shift+Enter for a new line', 'aria-keyshortcuts': 'Enter' },
  });
  const send = iconButton({ icon: 'send', label: 'Send', text: 'Send', action: 'send', className: 'primary send-button' });
  const stop = iconButton({ icon: 'stop', label: 'Stop', text: 'Stop', action: 'stop', className: 'stop-button' });
  stop.setAttribute('aria-keyshortcuts', 'Escape');
  stop.hidden = true;
  const root = element('form', { className: 'composer', attributes: { 'aria-label': 'Send a message' }, children: [input, element('div', { className: 'composer-buttons', children: [send, stop] })] });
  root.addEventListener('submit', (event) => event.preventDefault());
  input.addEventListener('input', () => fitHeight(input));
  let request = 0;
  return {
    element: root,
    input,
    update(state) {
      const streaming = state.streaming !== null;
      if (send.hidden !== streaming) {
        send.hidden = streaming;
        stop.hidden = !streaming;
      }
      if (input.disabled !== (state.status !== 'ready')) input.disabled = state.status !== 'ready';
      if (state.composer.request !== request) {
        request = state.composer.request;
        if (state.composer.text !== undefined) {
          input.value = state.composer.text;
          fitHeight(input);
        }
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
      }
    },
  };
}

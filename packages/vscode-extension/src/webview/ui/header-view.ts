import type { ChatState } from '../chat-state.js';
import { element, iconButton } from './dom.js';

/** The top bar: history toggle, endpoint picker, mode, new chat, export. */
export interface HeaderView {
  readonly element: HTMLElement;
  readonly endpointSelect: HTMLSelectElement;
  update(state: ChatState): void;
}

/** Creates the header; the endpoint select's `change` is handled by the app. */
export function createHeaderView(): HeaderView {
  const history = iconButton({ icon: 'history', label: 'Chat history', action: 'toggle-history' });
  history.setAttribute('aria-controls', 'history-panel');
  history.setAttribute('aria-expanded', 'false');
  const select = element('select', { className: 'endpoint-select', attributes: { 'aria-label': 'Endpoint' } });
  const mode = element('span', { className: 'mode-badge' });
  const problems = element('div', { className: 'problems', attributes: { role: 'status' } });
  problems.hidden = true;
  const bar = element('div', {
    className: 'header-bar',
    children: [
      history,
      select,
      mode,
      element('span', { className: 'spacer' }),
      iconButton({ icon: 'plus', label: 'New chat', action: 'new-chat' }),
      iconButton({ icon: 'export', label: 'Export chat as Markdown', action: 'export-chat' }),
    ],
  });
  const root = element('header', { className: 'header', children: [bar, problems] });
  let shownEndpoints: ChatState['endpoints'] | undefined;
  return {
    element: root,
    endpointSelect: select,
    update(state) {
      if (history.getAttribute('aria-expanded') !== String(state.historyOpen)) history.setAttribute('aria-expanded', String(state.historyOpen));
      if (state.endpoints === shownEndpoints) return;
      shownEndpoints = state.endpoints;
      select.replaceChildren(
        ...state.endpoints.options.map((option) => element('option', { text: option.detail ? `${option.label} — ${option.detail}` : option.label, attributes: { value: option.id } })),
      );
      select.value = state.endpoints.activeId ?? '';
      select.disabled = state.endpoints.options.length === 0;
      mode.textContent = state.endpoints.mode === 'mock' ? 'Mock' : 'AWS';
      mode.title = state.endpoints.mode === 'mock' ? 'Talking to the local mock endpoint' : 'Talking to Amazon SageMaker';
      problems.hidden = state.endpoints.problems.length === 0;
      problems.replaceChildren(...state.endpoints.problems.map((problem) => element('div', { text: problem })));
    },
  };
}

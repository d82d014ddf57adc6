import type { ToolCallView } from '../../shared/protocol.js';
import { element } from './dom.js';

/** Longest arguments text shown in a card (the rest is cut with a note). */
const MAX_SHOWN_ARGUMENT_CHARS = 4000;

/** The tool calls of a reply, as compact cards below its answer. */
export interface ToolCallsView {
  readonly element: HTMLElement;
  update(calls: readonly ToolCallView[] | undefined): void;
}

/** Pretty-prints JSON arguments; anything else (models do write broken JSON) is shown as sent. */
function formatArguments(text: string): string {
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: show the model's text unchanged
  }
  return shown.length > MAX_SHOWN_ARGUMENT_CHARS ? `${shown.slice(0, MAX_SHOWN_ARGUMENT_CHARS)}\n… (${shown.length - MAX_SHOWN_ARGUMENT_CHARS} more characters)` : shown;
}

/** One card per call: the function name and its arguments; appended as calls complete. */
export function createToolCallsView(): ToolCallsView {
  const root = element('div', { className: 'tool-calls', attributes: { 'aria-label': 'Tool calls' } });
  root.hidden = true;
  let shown: readonly ToolCallView[] = [];

  const card = (call: ToolCallView): HTMLElement =>
    element('div', {
      className: 'tool-call-card',
      attributes: { 'data-tool-call-id': call.id },
      children: [
        element('div', {
          className: 'tool-call-header',
          children: [element('span', { className: 'tool-call-kind', text: 'Tool call' }), element('code', { className: 'tool-call-name', text: call.name || '(unnamed)' })],
        }),
        element('pre', { className: 'tool-call-arguments', text: formatArguments(call.arguments) }),
      ],
    });

  return {
    element: root,
    update(calls) {
      const next = calls ?? [];
      if (next === shown) return;
      const appended = next.length >= shown.length && shown.every((call, index) => next[index] === call || JSON.stringify(next[index]) === JSON.stringify(call));
      if (appended) root.append(...next.slice(shown.length).map(card));
      else root.replaceChildren(...next.map(card));
      shown = next;
      root.hidden = next.length === 0;
    },
  };
}

import type { MessageView } from '../../shared/protocol.js';
import { element } from './dom.js';

/** The collapsible "Thinking" block of a reply, above its answer. */
export interface ThinkingView {
  readonly element: HTMLElement;
  update(message: MessageView): void;
}

/**
 * Shows the model's reasoning: open and growing while the model thinks, collapsed as soon as the
 * answer starts (once: if the user opens it again, it stays open), collapsed for replies loaded
 * from history. Reasoning is shown as plain text, appended in place (never re-rendered whole).
 */
export function createThinkingView(): ThinkingView {
  const text = element('div', { className: 'thinking-text' });
  const label = element('span', { className: 'thinking-label', text: 'Thinking' });
  const summary = element('summary', { className: 'thinking-summary', children: [label] });
  const root = element('details', { className: 'thinking', children: [summary, text] });
  root.hidden = true;
  let shown = '';
  let answerStarted: boolean | undefined;

  return {
    element: root,
    update(message) {
      const reasoning = message.reasoning ?? '';
      root.hidden = reasoning === '';
      if (reasoning !== shown) {
        if (reasoning.startsWith(shown)) text.append(reasoning.slice(shown.length));
        else text.textContent = reasoning;
        shown = reasoning;
      }
      const streaming = message.status === 'streaming';
      const thinkingNow = streaming && message.text === '' && !(message.toolCalls?.length);
      label.textContent = thinkingNow ? 'Thinking…' : 'Thinking';
      root.classList.toggle('live', thinkingNow);
      const started = !thinkingNow;
      if (answerStarted === undefined) {
        // First sight: a reply still thinking opens; a finished one (history) stays collapsed.
        root.open = thinkingNow;
      } else if (started && !answerStarted) {
        root.open = false;
      }
      answerStarted = started;
    },
  };
}

import { formatMs, formatStats } from '../../shared/format-stats.js';
import type { HostCapabilities, MessageView } from '../../shared/protocol.js';
import type { MarkdownRenderer } from '../markdown/render-markdown.js';
import { createStreamingMarkdown, type StreamingMarkdown } from '../markdown/streaming-markdown.js';
import { element, iconButton } from './dom.js';
import { renderError } from './error-view.js';
import { createThinkingView, type ThinkingView } from './thinking-view.js';
import { createToolCallsView, type ToolCallsView } from './tool-calls-view.js';

/** How a message is shown, besides its own data. */
export interface MessageContext {
  /** Any reply is streaming (edits and regenerations wait). */
  busy: boolean;
  /** The last assistant message of the conversation (the one Regenerate applies to). */
  lastReply: boolean;
  editing: boolean;
  capabilities: HostCapabilities;
}

/** One message in the transcript, updated in place as it streams. */
export interface MessageElement {
  readonly element: HTMLElement;
  update(message: MessageView, context: MessageContext): void;
}

function sameContext(a: MessageContext | undefined, b: MessageContext): boolean {
  return !!a && a.busy === b.busy && a.lastReply === b.lastReply && a.editing === b.editing && a.capabilities === b.capabilities;
}

function footerText(message: MessageView): string {
  const parts: string[] = [];
  if (message.status === 'streaming') parts.push('Streaming…');
  if (message.status === 'stopped' && !message.error) parts.push('Stopped');
  if (message.stats && message.status !== 'streaming') {
    parts.push(formatStats(message.stats));
    if (message.stats.finishReason === 'length') parts.push('cut at the max-tokens limit');
    if (message.stats.durationMs !== undefined && message.status !== 'complete') parts.push(`after ${formatMs(message.stats.durationMs)}`);
  } else if (message.stats) {
    parts.push(message.stats.variant ? `${message.stats.endpointLabel} (${message.stats.variant})` : message.stats.endpointLabel);
  }
  return parts.join(' · ');
}

/** Creates the view of one message: role, body, error, stats footer and actions. */
export function createMessageElement(options: { message: MessageView; renderer: MarkdownRenderer }): MessageElement {
  const { message: initial, renderer } = options;
  const assistant = initial.role === 'assistant';
  const root = element('article', {
    className: `message message-${initial.role}`,
    attributes: { 'data-message-id': initial.id, 'aria-label': assistant ? 'Assistant reply' : 'Your message' },
  });
  const body = element('div', { className: assistant ? 'message-body markdown' : 'message-body user-text' });
  const errorSlot = element('div', { className: 'error-slot' });
  const footer = element('div', { className: 'message-footer' });
  const actions = element('div', { className: 'message-actions', attributes: { role: 'toolbar', 'aria-label': 'Message actions' } });
  // Replies: reasoning above the answer, tool calls below it.
  const thinking: ThinkingView | undefined = assistant ? createThinkingView() : undefined;
  const toolCalls: ToolCallsView | undefined = assistant ? createToolCallsView() : undefined;
  root.append(
    element('div', { className: 'message-role', text: assistant ? 'Assistant' : 'You' }),
    ...(thinking ? [thinking.element] : []),
    body,
    ...(toolCalls ? [toolCalls.element] : []),
    errorSlot,
    footer,
    actions,
  );
  const markdown: StreamingMarkdown | undefined = assistant ? createStreamingMarkdown({ container: body, renderer }) : undefined;
  let shown: MessageView | undefined;
  let shownContext: MessageContext | undefined;

  const renderActions = (message: MessageView, context: MessageContext): void => {
    actions.replaceChildren();
    if (message.status === 'streaming') return;
    if (assistant) {
      if (message.text !== '') actions.append(iconButton({ icon: 'copy', label: 'Copy reply', text: 'Copy', action: 'copy-message' }));
      if (context.lastReply && !context.busy) actions.append(iconButton({ icon: 'refresh', label: 'Regenerate reply', text: 'Regenerate', action: 'regenerate' }));
    } else if (!context.busy && !context.editing) {
      actions.append(iconButton({ icon: 'edit', label: 'Edit and resend', text: 'Edit & Resend', action: 'edit' }));
    }
  };

  const renderUserBody = (message: MessageView, context: MessageContext): void => {
    if (!context.editing) {
      body.replaceChildren(message.text);
      return;
    }
    const editor = element('textarea', { className: 'edit-box', attributes: { 'aria-label': 'Edit message', rows: '3' } });
    editor.value = message.text;
    body.replaceChildren(
      editor,
      element('div', {
        className: 'edit-actions',
        children: [
          element('button', { className: 'text-button primary', text: 'Resend', attributes: { type: 'button', 'data-action': 'edit-resend' } }),
          element('button', { className: 'text-button', text: 'Cancel', attributes: { type: 'button', 'data-action': 'edit-cancel' } }),
        ],
      }),
    );
    queueMicrotask(() => editor.focus());
  };

  return {
    element: root,
    update(message, context) {
      if (message === shown && sameContext(shownContext, context)) return;
      const previous = shown;
      const contextChanged = !sameContext(shownContext, context);
      shown = message;
      shownContext = context;
      thinking?.update(message);
      toolCalls?.update(message.toolCalls);
      if (markdown) markdown.update(message.text, message.status !== 'streaming');
      else if (message.text !== previous?.text || contextChanged) renderUserBody(message, context);
      root.classList.toggle('streaming', message.status === 'streaming');
      if (root.dataset.status !== message.status) root.dataset.status = message.status;
      if (message.error !== previous?.error) errorSlot.replaceChildren(...(message.error ? [renderError(message.error, context.capabilities)] : []));
      if (message.status !== previous?.status || message.stats !== previous?.stats || message.error !== previous?.error) footer.textContent = footerText(message);
      if (message.status !== previous?.status || message.text === '' !== (previous?.text === '') || contextChanged) renderActions(message, context);
    },
  };
}

import type { ErrorAction, ErrorInfo, HostCapabilities } from '../../shared/protocol.js';
import { element, iconButton } from './dom.js';
import { createIcon } from './icons.js';

const ACTION_LABELS: Record<ErrorAction['kind'], string> = {
  'sso-login': 'Run aws sso login in a terminal',
  'use-mock': 'Use the local mock',
  'open-settings': 'Open SageStream settings',
};

/** Text with `backtick` spans as copyable commands (built as DOM: never parsed as HTML). */
export function renderFix(text: string): HTMLElement {
  const fix = element('div', { className: 'error-fix', children: [element('strong', { text: 'Fix: ' })] });
  text.split('`').forEach((part, index) => {
    if (index % 2 === 0) {
      if (part) fix.append(part);
      return;
    }
    fix.append(
      element('span', {
        className: 'command',
        children: [element('code', { text: part }), iconButton({ icon: 'copy', label: `Copy ${part}`, action: 'copy-command', className: 'inline' })],
      }),
    );
  });
  return fix;
}

/**
 * A failed or stopped reply's error, inline under its partial text: what happened, the container's
 * original status, the fix (with copyable commands), the log link and the host's action buttons.
 */
export function renderError(error: ErrorInfo, capabilities: HostCapabilities): HTMLElement {
  const root = element('div', { className: 'message-error', attributes: { role: 'alert' } });
  root.append(
    element('div', {
      className: 'error-title',
      children: [createIcon('warning'), element('span', { text: error.message || 'The request failed.' }), element('span', { className: 'error-code', text: ` (${error.code})` })],
    }),
  );
  // The message already quotes the container's own words; its status is worth a line of its own.
  if (error.originalStatusCode !== undefined) root.append(element('div', { className: 'error-detail', text: `Original status from the model container: ${error.originalStatusCode}` }));
  if (error.fix) root.append(renderFix(error.fix));
  if (error.logUrl) {
    root.append(element('div', { className: 'error-links', children: [element('a', { text: 'Open the container logs in CloudWatch', attributes: { href: error.logUrl, title: error.logUrl } })] }));
  }
  if (error.requestId) root.append(element('div', { className: 'error-detail muted', text: `Request id: ${error.requestId}` }));
  const actions = (error.actions ?? []).filter((action) => capabilities.actions.includes(action.kind));
  if (actions.length > 0) {
    const row = element('div', { className: 'error-actions' });
    for (const action of actions) {
      const button = element('button', { className: 'text-button', text: ACTION_LABELS[action.kind], attributes: { type: 'button', 'data-action': 'run-action', 'data-kind': action.kind } });
      if (action.kind === 'sso-login' && action.profile) button.dataset.profile = action.profile;
      row.append(button);
    }
    root.append(row);
  }
  return root;
}

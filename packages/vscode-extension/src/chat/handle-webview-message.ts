import { isSafeExternalUrl } from '../shared/link-policy.js';
import { PROTOCOL_VERSION, type HostCapabilities, type HostMessage, type NoticeLevel, type WebviewMessage } from '../shared/protocol.js';
import type { ChatPlatform } from './chat-platform.js';

/** What {@link handleWebviewMessage} acts on: the controller's operations and the platform. */
export interface WebviewMessageTarget {
  platform: ChatPlatform;
  capabilities: HostCapabilities;
  post(message: HostMessage): void;
  notice(level: NoticeLevel, text: string): void;
  snapshot(): HostMessage;
  send(text: string): Promise<void>;
  stop(): void;
  regenerate(messageId: string): Promise<void>;
  editResend(messageId: string, text: string): Promise<void>;
  newChat(): void;
  switchTo(conversationId: string): void;
  deleteConversation(conversationId: string): Promise<void>;
  selectEndpoint(endpointId: string): void;
  exportChat(): Promise<void>;
  clearHistory(): Promise<void>;
}

async function guarded(target: WebviewMessageTarget, task: () => Promise<void>, failure: string): Promise<void> {
  try {
    await task();
  } catch (error) {
    target.notice('error', `${failure}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Routes one (validated) message from the UI. This is also the gate for what model output can
 * make the host do: links open only if http(s), actions run only if the host offers them.
 */
export async function handleWebviewMessage(message: WebviewMessage, target: WebviewMessageTarget): Promise<void> {
  const { platform } = target;
  switch (message.type) {
    case 'ready':
      if (message.protocolVersion !== PROTOCOL_VERSION) return target.notice('error', 'The chat view is out of date: reload the window.');
      return target.post(target.snapshot());
    case 'send-prompt':
      return target.send(message.text);
    case 'stop':
      return target.stop();
    case 'regenerate':
      return target.regenerate(message.messageId);
    case 'edit-resend':
      return target.editResend(message.messageId, message.text);
    case 'new-chat':
      return target.newChat();
    case 'switch-conversation':
      return target.switchTo(message.conversationId);
    case 'delete-conversation':
      return target.deleteConversation(message.conversationId);
    case 'select-endpoint':
      return target.selectEndpoint(message.endpointId);
    case 'export-chat':
      return guarded(target, target.exportChat, 'Export failed');
    case 'clear-history':
      return target.clearHistory();
    case 'copy-text':
      return guarded(target, () => platform.copyText(message.text), 'Could not copy');
    case 'insert-code': {
      if (!platform.insertCode) return target.notice('info', 'Insert at Cursor needs an editor: use Copy here.');
      if (!(await platform.insertCode(message.code))) target.notice('warning', 'Open a file in an editor to insert code at its cursor.');
      return;
    }
    case 'open-link':
      if (!isSafeExternalUrl(message.url)) return target.notice('warning', `Blocked a link that is not http(s): ${message.url.slice(0, 80)}`);
      return guarded(target, () => platform.openLink(message.url), 'Could not open the link');
    case 'run-action': {
      const run = platform.runAction;
      if (!run || !target.capabilities.actions.includes(message.action.kind)) return target.notice('info', 'That action is not available here.');
      return guarded(target, () => run(message.action), 'The action failed');
    }
  }
}

import { ProtocolError, readEnum, readId, readNumber, readObject, readString } from './field-reader.js';
import { MAX_URL_LENGTH } from './link-policy.js';
import type { ParseResult, WebviewMessage, WebviewMessageType } from './protocol.js';
import { readErrorAction } from './read-views.js';

const WEBVIEW_MESSAGE_TYPES: readonly WebviewMessageType[] = [
  'ready',
  'send-prompt',
  'stop',
  'regenerate',
  'edit-resend',
  'new-chat',
  'switch-conversation',
  'delete-conversation',
  'select-endpoint',
  'copy-text',
  'insert-code',
  'open-link',
  'export-chat',
  'clear-history',
  'run-action',
];

/**
 * Validates a message from the webview; throws a {@link ProtocolError} naming the bad field.
 * The host calls it on every message before acting on it.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage {
  const fields = readObject(value, 'message');
  const type = readEnum(fields, 'type', WEBVIEW_MESSAGE_TYPES);
  switch (type) {
    case 'ready':
      return { type, protocolVersion: readNumber(fields, 'protocolVersion', { integer: true, min: 1 }) };
    case 'send-prompt':
      return { type, text: readString(fields, 'text') };
    case 'regenerate':
      return { type, messageId: readId(fields, 'messageId') };
    case 'edit-resend':
      return { type, messageId: readId(fields, 'messageId'), text: readString(fields, 'text') };
    case 'switch-conversation':
    case 'delete-conversation':
      return { type, conversationId: readId(fields, 'conversationId') };
    case 'select-endpoint':
      return { type, endpointId: readString(fields, 'endpointId', { maxLength: 500 }) };
    case 'copy-text':
      return { type, text: readString(fields, 'text', { allowEmpty: true }) };
    case 'insert-code':
      return { type, code: readString(fields, 'code', { allowEmpty: true }) };
    case 'open-link':
      // Only the shape is checked here; whether the URL may be opened is the host's decision.
      return { type, url: readString(fields, 'url', { maxLength: MAX_URL_LENGTH }) };
    case 'run-action':
      return { type, action: readErrorAction(fields.value.action, 'message.action') };
    case 'stop':
    case 'new-chat':
    case 'export-chat':
    case 'clear-history':
      return { type };
  }
}

/** {@link parseWebviewMessage} as a result: `{ success: false, error }` instead of throwing. */
export function safeParseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  try {
    return { success: true, value: parseWebviewMessage(value) };
  } catch (error) {
    if (error instanceof ProtocolError) return { success: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

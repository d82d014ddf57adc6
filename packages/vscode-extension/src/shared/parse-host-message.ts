import { ProtocolError, compact, readArray, readEnum, readId, readNullable, readNumber, readObject, readOptionalString, readString } from './field-reader.js';
import type { HostMessage, HostMessageType, ParseResult } from './protocol.js';
import {
  readCapabilities,
  readConversationSummary,
  readConversationView,
  readEndpointsState,
  readMessageView,
  readStreamingTarget,
  readToolCallView,
} from './read-views.js';

const HOST_MESSAGE_TYPES: readonly HostMessageType[] = [
  'init',
  'endpoints',
  'conversations',
  'conversation',
  'message-added',
  'reply-delta',
  'reasoning-delta',
  'tool-call',
  'reply-end',
  'streaming',
  'notice',
  'focus-composer',
];

/**
 * Validates a message from the host; throws a {@link ProtocolError} naming the bad field.
 * The webview calls it on every `message` event: it never trusts its input either.
 */
export function parseHostMessage(value: unknown): HostMessage {
  const fields = readObject(value, 'message');
  const type = readEnum(fields, 'type', HOST_MESSAGE_TYPES);
  switch (type) {
    case 'init':
      return {
        type,
        protocolVersion: readNumber(fields, 'protocolVersion', { integer: true, min: 1 }),
        capabilities: readCapabilities(fields.value.capabilities, 'message.capabilities'),
        endpoints: readEndpointsState(fields.value.endpoints, 'message.endpoints'),
        conversations: readArray(fields, 'conversations', readConversationSummary),
        conversation: readConversationView(fields.value.conversation, 'message.conversation'),
        streaming: readNullable(fields, 'streaming', readStreamingTarget),
      };
    case 'endpoints':
      return { type, endpoints: readEndpointsState(fields.value.endpoints, 'message.endpoints') };
    case 'conversations':
      return { type, conversations: readArray(fields, 'conversations', readConversationSummary) };
    case 'conversation':
      return { type, conversation: readConversationView(fields.value.conversation, 'message.conversation') };
    case 'message-added':
      return { type, conversationId: readId(fields, 'conversationId'), message: readMessageView(fields.value.message, 'message.message') };
    case 'reply-delta':
    case 'reasoning-delta':
      return {
        type,
        conversationId: readId(fields, 'conversationId'),
        messageId: readId(fields, 'messageId'),
        offset: readNumber(fields, 'offset', { integer: true, min: 0 }),
        text: readString(fields, 'text', { allowEmpty: true }),
      };
    case 'tool-call':
      return { type, conversationId: readId(fields, 'conversationId'), messageId: readId(fields, 'messageId'), call: readToolCallView(fields.value.call, 'message.call') };
    case 'reply-end':
      return { type, conversationId: readId(fields, 'conversationId'), message: readMessageView(fields.value.message, 'message.message') };
    case 'streaming':
      return { type, streaming: readNullable(fields, 'streaming', readStreamingTarget) };
    case 'notice':
      return { type, level: readEnum(fields, 'level', ['info', 'warning', 'error'] as const), text: readString(fields, 'text', { maxLength: 10_000 }) };
    case 'focus-composer':
      return compact({ type, text: readOptionalString(fields, 'text', { allowEmpty: true }) });
  }
}

/** {@link parseHostMessage} as a result: `{ success: false, error }` instead of throwing. */
export function safeParseHostMessage(value: unknown): ParseResult<HostMessage> {
  try {
    return { success: true, value: parseHostMessage(value) };
  } catch (error) {
    if (error instanceof ProtocolError) return { success: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

import {
  ProtocolError,
  compact,
  readArray,
  readBoolean,
  readEnum,
  readEnumValue,
  readId,
  readNumber,
  readObject,
  readOptionalNumber,
  readOptionalString,
  readString,
  readStringValue,
} from './field-reader.js';
import { isSafeExternalUrl } from './link-policy.js';
import type {
  ConversationSummary,
  ConversationView,
  EndpointOption,
  EndpointsState,
  ErrorAction,
  ErrorInfo,
  HostCapabilities,
  MessageView,
  ReplyStats,
  StreamingTarget,
  ToolCallView,
} from './protocol.js';

/** Short labels (titles, endpoint names, codes). */
const LABEL = { maxLength: 500 };
/** Error messages and fixes. */
const PROSE = { maxLength: 10_000 };
/** Every {@link ErrorAction} kind. */
const ERROR_ACTION_KINDS = ['sso-login', 'use-mock', 'open-settings'] as const;
/** AWS profile names as the CLI accepts them. */
const PROFILE_PATTERN = /^[\w.+@-]{1,128}$/;

/** Reads an {@link ErrorAction}. */
export function readErrorAction(value: unknown, path: string): ErrorAction {
  const fields = readObject(value, path);
  const kind = readEnum(fields, 'kind', ERROR_ACTION_KINDS);
  if (kind === 'sso-login') {
    const profile = readOptionalString(fields, 'profile', { pattern: PROFILE_PATTERN, maxLength: 128 });
    return profile === undefined ? { kind } : { kind, profile };
  }
  return { kind };
}

/** Reads an {@link ErrorInfo}; a `logUrl` must be http(s). */
export function readErrorInfo(value: unknown, path: string): ErrorInfo {
  const fields = readObject(value, path);
  const logUrl = readOptionalString(fields, 'logUrl', { maxLength: 4000 });
  if (logUrl !== undefined && !isSafeExternalUrl(logUrl)) throw new ProtocolError({ path: `${path}.logUrl`, expected: 'an http(s) URL', actual: logUrl });
  return compact({
    code: readString(fields, 'code', { maxLength: 100 }),
    message: readString(fields, 'message', { ...PROSE, allowEmpty: true }),
    fix: readOptionalString(fields, 'fix', PROSE),
    requestId: readOptionalString(fields, 'requestId', LABEL),
    statusCode: readOptionalNumber(fields, 'statusCode', { integer: true, min: 0, max: 999 }),
    originalStatusCode: readOptionalNumber(fields, 'originalStatusCode', { integer: true, min: 0, max: 999 }),
    originalMessage: readOptionalString(fields, 'originalMessage', PROSE),
    logUrl,
    actions: fields.value.actions === undefined ? undefined : readArray(fields, 'actions', readErrorAction, { maxItems: 5 }),
  });
}

/** Reads {@link ReplyStats}. */
export function readReplyStats(value: unknown, path: string): ReplyStats {
  const fields = readObject(value, path);
  const count = { min: 0, integer: true };
  const duration = { min: -1 };
  return compact({
    endpointLabel: readString(fields, 'endpointLabel', LABEL),
    endpointName: readString(fields, 'endpointName', LABEL),
    variant: readOptionalString(fields, 'variant', LABEL),
    requestId: readOptionalString(fields, 'requestId', LABEL),
    timeToFirstTokenMs: readOptionalNumber(fields, 'timeToFirstTokenMs', duration),
    tokens: readOptionalNumber(fields, 'tokens', count),
    tokensPerSecond: readOptionalNumber(fields, 'tokensPerSecond', { min: 0 }),
    durationMs: readOptionalNumber(fields, 'durationMs', duration),
    finishReason: readOptionalString(fields, 'finishReason', { maxLength: 50 }),
    promptTokens: readOptionalNumber(fields, 'promptTokens', count),
    completionTokens: readOptionalNumber(fields, 'completionTokens', count),
  });
}

/** Most tool calls kept on one message. */
export const MAX_TOOL_CALLS = 128;

/** Reads a {@link ToolCallView}. */
export function readToolCallView(value: unknown, path: string): ToolCallView {
  const fields = readObject(value, path);
  return {
    id: readString(fields, 'id', { ...LABEL, allowEmpty: true }),
    name: readString(fields, 'name', { ...LABEL, allowEmpty: true }),
    arguments: readString(fields, 'arguments', { allowEmpty: true }),
  };
}

/** Reads a {@link MessageView}. */
export function readMessageView(value: unknown, path: string): MessageView {
  const fields = readObject(value, path);
  return compact({
    id: readId(fields, 'id'),
    role: readEnum(fields, 'role', ['user', 'assistant'] as const),
    text: readString(fields, 'text', { allowEmpty: true }),
    createdAt: readNumber(fields, 'createdAt', { min: 0 }),
    status: readEnum(fields, 'status', ['complete', 'streaming', 'stopped', 'failed'] as const),
    reasoning: readOptionalString(fields, 'reasoning', { allowEmpty: true }),
    toolCalls: fields.value.toolCalls === undefined ? undefined : readArray(fields, 'toolCalls', readToolCallView, { maxItems: MAX_TOOL_CALLS }),
    error: fields.value.error === undefined ? undefined : readErrorInfo(fields.value.error, `${path}.error`),
    stats: fields.value.stats === undefined ? undefined : readReplyStats(fields.value.stats, `${path}.stats`),
  });
}

/** Reads a {@link ConversationView}. */
export function readConversationView(value: unknown, path: string): ConversationView {
  const fields = readObject(value, path);
  return {
    id: readId(fields, 'id'),
    title: readString(fields, 'title', { ...LABEL, allowEmpty: true }),
    createdAt: readNumber(fields, 'createdAt', { min: 0 }),
    updatedAt: readNumber(fields, 'updatedAt', { min: 0 }),
    messages: readArray(fields, 'messages', readMessageView),
  };
}

/** Reads a {@link ConversationSummary}. */
export function readConversationSummary(value: unknown, path: string): ConversationSummary {
  const fields = readObject(value, path);
  return {
    id: readId(fields, 'id'),
    title: readString(fields, 'title', { ...LABEL, allowEmpty: true }),
    updatedAt: readNumber(fields, 'updatedAt', { min: 0 }),
    messageCount: readNumber(fields, 'messageCount', { min: 0, integer: true }),
  };
}

function readEndpointOption(value: unknown, path: string): EndpointOption {
  const fields = readObject(value, path);
  return { id: readString(fields, 'id', LABEL), label: readString(fields, 'label', LABEL), detail: readString(fields, 'detail', { ...LABEL, allowEmpty: true }) };
}

/** Reads an {@link EndpointsState}. */
export function readEndpointsState(value: unknown, path: string): EndpointsState {
  const fields = readObject(value, path);
  return compact({
    options: readArray(fields, 'options', readEndpointOption, { maxItems: 500 }),
    activeId: readOptionalString(fields, 'activeId', LABEL),
    mode: readEnum(fields, 'mode', ['mock', 'aws'] as const),
    problems: readArray(fields, 'problems', (item, itemPath) => readStringValue(item, itemPath, PROSE), { maxItems: 100 }),
  });
}

/** Reads {@link HostCapabilities}. */
export function readCapabilities(value: unknown, path: string): HostCapabilities {
  const fields = readObject(value, path);
  return {
    insertCode: readBoolean(fields, 'insertCode'),
    actions: readArray(fields, 'actions', (item, itemPath) => readEnumValue(item, itemPath, ERROR_ACTION_KINDS), { maxItems: 10 }),
  };
}

/** Reads a {@link StreamingTarget}. */
export function readStreamingTarget(value: unknown, path: string): StreamingTarget {
  const fields = readObject(value, path);
  return { conversationId: readId(fields, 'conversationId'), messageId: readId(fields, 'messageId') };
}

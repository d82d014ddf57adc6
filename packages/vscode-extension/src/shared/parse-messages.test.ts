import { describe, expect, it } from 'vitest';
import { parseHostMessage, safeParseHostMessage } from './parse-host-message.js';
import { parseWebviewMessage, safeParseWebviewMessage } from './parse-webview-message.js';
import { PROTOCOL_VERSION, type HostMessage, type MessageView, type WebviewMessage } from './protocol.js';

const message: MessageView = { id: 'a1', role: 'assistant', text: 'Hello', createdAt: 2, status: 'failed', error: { code: 'model-error', message: 'The container failed.', originalStatusCode: 500, logUrl: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home', actions: [{ kind: 'sso-login', profile: 'dev' }] }, stats: { endpointLabel: 'dev', endpointName: 'my-llm', tokens: 3, timeToFirstTokenMs: 250.5 } };

const validHostMessages: HostMessage[] = [
  {
    type: 'init',
    protocolVersion: PROTOCOL_VERSION,
    capabilities: { insertCode: true, actions: ['sso-login', 'use-mock'] },
    endpoints: { options: [{ id: 'dev', label: 'dev', detail: 'my-llm · us-east-1' }], activeId: 'dev', mode: 'aws', problems: ['sagestream.endpoints[1]: bad'] },
    conversations: [{ id: 'c1', title: 'Hi', updatedAt: 3, messageCount: 1 }],
    conversation: { id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 3, messages: [message] },
    streaming: null,
  },
  { type: 'reply-delta', conversationId: 'c1', messageId: 'a1', offset: 5, text: ' world' },
  { type: 'reply-end', conversationId: 'c1', message },
  { type: 'reasoning-delta', conversationId: 'c1', messageId: 'a1', offset: 0, text: 'Thinking…' },
  { type: 'tool-call', conversationId: 'c1', messageId: 'a1', call: { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' } },
  {
    type: 'reply-end',
    conversationId: 'c1',
    message: {
      ...message,
      status: 'complete',
      reasoning: 'Because.',
      toolCalls: [{ id: '', name: 'f', arguments: '' }],
      stats: { endpointLabel: 'dev', endpointName: 'my-llm', promptTokens: 12, completionTokens: 3 },
    },
  },
  { type: 'streaming', streaming: { conversationId: 'c1', messageId: 'a1' } },
  { type: 'notice', level: 'warning', text: 'Blocked a link' },
  { type: 'focus-composer' },
];

const validWebviewMessages: WebviewMessage[] = [
  { type: 'ready', protocolVersion: PROTOCOL_VERSION },
  { type: 'send-prompt', text: 'Hello\nthere' },
  { type: 'stop' },
  { type: 'edit-resend', messageId: 'u1', text: 'again' },
  { type: 'open-link', url: 'https://example.com' },
  { type: 'run-action', action: { kind: 'sso-login', profile: 'dev-admin' } },
  { type: 'copy-text', text: '' },
];

describe('protocol validation', () => {
  it('accepts every well-formed message unchanged, in both directions', () => {
    for (const valid of validHostMessages) expect(parseHostMessage(structuredClone(valid))).toEqual(valid);
    for (const valid of validWebviewMessages) expect(parseWebviewMessage(structuredClone(valid))).toEqual(valid);
  });

  it('rejects unknown types and non-objects with a message that names the problem', () => {
    expect(safeParseWebviewMessage({ type: 'eval', code: 'alert(1)' })).toEqual({
      success: false,
      error: { code: 'invalid-message', message: expect.stringMatching(/^Invalid message\.type: expected one of ready, send-prompt, .*got "eval"\.$/) },
    });
    for (const bad of [null, 'stop', 42, ['stop'], undefined]) expect(safeParseWebviewMessage(bad).success).toBe(false);
    expect(safeParseHostMessage({ type: 'reply-delta' }).success).toBe(false);
  });

  it('names the exact field that is wrong', () => {
    const result = safeParseHostMessage({ type: 'reply-end', conversationId: 'c1', message: { ...message, stats: { ...message.stats!, tokens: -1 } } });
    expect(result.success || result.error.message).toBe('Invalid message.message.stats.tokens: expected an integer in [0, Infinity], got number -1.');
    const missing = safeParseWebviewMessage({ type: 'edit-resend', messageId: 'u1' });
    expect(missing.success || missing.error.message).toBe('Invalid message.text: expected a string, got nothing.');
  });

  it('rejects ids that could break out of an attribute or a storage key', () => {
    for (const id of ['a"b', '../x', '', 'a b', 'x'.repeat(200), '<img>']) {
      expect(safeParseWebviewMessage({ type: 'regenerate', messageId: id }).success, id).toBe(false);
    }
  });

  it('rejects a non-http(s) log link and unknown error actions from the host', () => {
    const bad = (error: object) => safeParseHostMessage({ type: 'reply-end', conversationId: 'c1', message: { ...message, error: { code: 'x', message: 'y', ...error } } }).success;
    expect(bad({ logUrl: 'javascript:alert(1)' })).toBe(false);
    expect(bad({ actions: [{ kind: 'run-shell', command: 'rm -rf /' }] })).toBe(false);
    expect(bad({ actions: [{ kind: 'sso-login', profile: 'dev; rm -rf /' }] })).toBe(false);
  });

  it('rejects prompts over the size limit and wrongly typed fields', () => {
    expect(safeParseWebviewMessage({ type: 'send-prompt', text: 'x'.repeat(1_000_001) }).success).toBe(false);
    expect(safeParseWebviewMessage({ type: 'send-prompt', text: '' }).success).toBe(false);
    expect(safeParseHostMessage({ type: 'reply-delta', conversationId: 'c1', messageId: 'a1', offset: 1.5, text: 'x' }).success).toBe(false);
    expect(safeParseHostMessage({ type: 'notice', level: 'fatal', text: 'x' }).success).toBe(false);
  });

  it('rejects malformed tool calls, usage counts and too many tool calls', () => {
    const end = (extra: object) => safeParseHostMessage({ type: 'reply-end', conversationId: 'c1', message: { ...message, ...extra } }).success;
    expect(safeParseHostMessage({ type: 'tool-call', conversationId: 'c1', messageId: 'a1', call: { id: 'x', name: 1, arguments: '' } }).success).toBe(false);
    expect(safeParseHostMessage({ type: 'tool-call', conversationId: 'c1', messageId: 'a1' }).success).toBe(false);
    expect(end({ stats: { endpointLabel: 'd', endpointName: 'e', promptTokens: -3 } })).toBe(false);
    expect(end({ toolCalls: Array.from({ length: 129 }, () => ({ id: '', name: 'f', arguments: '' })) })).toBe(false);
    expect(end({ reasoning: 42 })).toBe(false);
  });

  it('drops fields it does not know instead of passing them on', () => {
    expect(parseWebviewMessage({ type: 'stop', extra: '<script>' })).toEqual({ type: 'stop' });
    const parsed = parseHostMessage({ type: 'reply-end', conversationId: 'c1', message: { ...message, html: '<img onerror=x>' } });
    expect(parsed.type === 'reply-end' && 'html' in parsed.message).toBe(false);
  });
});

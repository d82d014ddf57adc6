import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ConversationView, type HostMessage, type MessageView } from '../shared/protocol.js';
import { INITIAL_CHAT_STATE, reduceChatState, type ChatAction, type ChatState } from './chat-state.js';

const user: MessageView = { id: 'u1', role: 'user', text: 'Hi', createdAt: 1, status: 'complete' };
const reply: MessageView = { id: 'a1', role: 'assistant', text: '', createdAt: 2, status: 'streaming', stats: { endpointLabel: 'mock-messages', endpointName: 'mock-messages' } };
const conversation: ConversationView = { id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, reply] };

function init(overrides: Partial<Extract<HostMessage, { type: 'init' }>> = {}): HostMessage {
  return {
    type: 'init',
    protocolVersion: PROTOCOL_VERSION,
    capabilities: { insertCode: true, actions: ['use-mock'] },
    endpoints: { options: [{ id: 'mock-messages', label: 'mock-messages', detail: 'local mock' }], activeId: 'mock-messages', mode: 'mock', problems: [] },
    conversations: [{ id: 'c1', title: 'Hi', updatedAt: 2, messageCount: 2 }],
    conversation,
    streaming: { conversationId: 'c1', messageId: 'a1' },
    ...overrides,
  };
}

function run(...actions: (ChatAction | HostMessage)[]): ChatState {
  const isChatAction = (action: ChatAction | HostMessage): action is ChatAction => action.type === 'host' || action.type.startsWith('ui/');
  return actions.reduce<ChatState>((state, action) => reduceChatState(state, isChatAction(action) ? action : { type: 'host', message: action }), INITIAL_CHAT_STATE);
}

const delta = (offset: number, text: string, conversationId = 'c1'): HostMessage => ({ type: 'reply-delta', conversationId, messageId: 'a1', offset, text });

const reasoning = (offset: number, text: string): HostMessage => ({ type: 'reasoning-delta', conversationId: 'c1', messageId: 'a1', offset, text });

describe('chat state reducer: reasoning and tool calls', () => {
  it('appends reasoning in order apart from the answer, ignores a repeat and flags a gap', () => {
    const state = run(init(), reasoning(0, 'Think'), reasoning(5, 'ing.'), delta(0, 'Answer'), reasoning(5, 'ing.'));
    expect(state.conversation?.messages[1]).toMatchObject({ reasoning: 'Thinking.', text: 'Answer' });
    expect(state.outOfSync).toBe(false);
    expect(run(init(), reasoning(0, 'a'), reasoning(3, 'b')).outOfSync).toBe(true);
  });

  it('adds tool calls to the streaming reply in order; other conversations are not touched', () => {
    const call = (name: string, conversationId = 'c1'): HostMessage => ({ type: 'tool-call', conversationId, messageId: 'a1', call: { id: `id-${name}`, name, arguments: '{}' } });
    const state = run(init(), call('first'), call('elsewhere', 'c9'), call('second'));
    expect(state.conversation?.messages[1]?.toolCalls?.map((entry) => entry.name)).toEqual(['first', 'second']);
  });
});

describe('chat state reducer', () => {
  it('starts connecting and becomes ready with the snapshot of init', () => {
    expect(INITIAL_CHAT_STATE.status).toBe('connecting');
    const state = run(init());
    expect(state.status).toBe('ready');
    expect(state.conversation?.messages).toHaveLength(2);
    expect(state.streaming).toEqual({ conversationId: 'c1', messageId: 'a1' });
  });

  it('refuses an init of another protocol version', () => {
    expect(run(init({ protocolVersion: PROTOCOL_VERSION + 1 })).status).toBe('incompatible');
  });

  it('appends reply deltas in order and leaves earlier messages untouched (same objects)', () => {
    const before = run(init());
    const state = run(init(), delta(0, 'Hel'), delta(3, 'lo'));
    expect(state.conversation?.messages[1]?.text).toBe('Hello');
    expect(state.conversation?.messages[0]).toBe(before.conversation?.messages[0]);
  });

  it('ignores a repeated delta, and flags a gap so the UI asks for a fresh snapshot', () => {
    const repeated = run(init(), delta(0, 'Hel'), delta(0, 'Hel'));
    expect(repeated.conversation?.messages[1]?.text).toBe('Hel');
    expect(repeated.outOfSync).toBe(false);
    const gap = run(init(), delta(0, 'Hel'), delta(10, 'xyz'));
    expect(gap.conversation?.messages[1]?.text).toBe('Hel');
    expect(gap.outOfSync).toBe(true);
    expect(reduceChatState(gap, { type: 'ui/resync-requested' }).outOfSync).toBe(false);
  });

  it('ignores deltas and messages for a conversation that is not shown', () => {
    const state = run(init(), delta(0, 'Hel', 'c2'), { type: 'message-added', conversationId: 'c2', message: { ...user, id: 'u9' } });
    expect(state.conversation?.messages.map((message) => message.text)).toEqual(['Hi', '']);
  });

  it('replaces the reply with its final form at reply-end (stopped, with partial text and stats)', () => {
    const final: MessageView = { ...reply, text: 'Hel', status: 'stopped', stats: { ...reply.stats!, tokens: 2, timeToFirstTokenMs: 300 } };
    const state = run(init(), delta(0, 'He'), { type: 'reply-end', conversationId: 'c1', message: final }, { type: 'streaming', streaming: null });
    expect(state.conversation?.messages[1]).toEqual(final);
    expect(state.streaming).toBeNull();
  });

  it('adds a message once, even if it is announced twice', () => {
    const added: HostMessage = { type: 'message-added', conversationId: 'c1', message: { ...user, id: 'u2', text: 'Again' } };
    expect(run(init(), added, added).conversation?.messages.map((message) => message.id)).toEqual(['u1', 'a1', 'u2']);
  });

  it('does not start editing while a reply streams, and forgets the edit when the conversation changes', () => {
    expect(run(init(), { type: 'ui/edit-start', messageId: 'u1' }).editingMessageId).toBeNull();
    const idle = run(init({ streaming: null }), { type: 'ui/edit-start', messageId: 'u1' });
    expect(idle.editingMessageId).toBe('u1');
    const other: ConversationView = { ...conversation, id: 'c2', messages: [{ ...user, id: 'u5' }] };
    expect(reduceChatState(idle, { type: 'host', message: { type: 'conversation', conversation: other } }).editingMessageId).toBeNull();
  });

  it('counts notices and focus requests, so the same one twice still shows twice', () => {
    const notice: HostMessage = { type: 'notice', level: 'info', text: 'Copied' };
    const state = run(init(), notice, notice, { type: 'focus-composer', text: 'draft' });
    expect(state.notice).toEqual({ id: 2, level: 'info', text: 'Copied' });
    expect(state.composer).toEqual({ request: 1, text: 'draft' });
    expect(reduceChatState(state, { type: 'ui/dismiss-notice' }).notice).toBeNull();
  });

  it('closes the history panel when a conversation is opened', () => {
    const open = run(init(), { type: 'ui/toggle-history' });
    expect(open.historyOpen).toBe(true);
    expect(reduceChatState(open, { type: 'host', message: { type: 'conversation', conversation } }).historyOpen).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createChatHarness } from '../../test/helpers/chat-harness.js';
import { createScriptedTransport } from '../../test/helpers/scripted-transport.js';
import type { HostMessage } from '../shared/protocol.js';

/** The scripted transport answers every request; no server is needed, so no URL is used. */
const URL = 'http://127.0.0.1:9';

const sessionCalls = (calls: ReturnType<typeof createScriptedTransport>['calls']) =>
  calls.map((call) => (call.operation === 'InvokeEndpoint' ? `${JSON.parse(call.body).requestType as string}:${call.sessionId}` : `stream:${call.sessionId ?? '-'}`));

describe('stateful sessions in the chat controller', () => {
  it('opens one session for a conversation and sends every reply of it in that session', async () => {
    const scripted = createScriptedTransport();
    const { controller } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => true });
    await controller.send('Hi');
    await controller.idle();
    await controller.send('And again');
    await controller.idle();
    expect(sessionCalls(scripted.calls)).toEqual(['NEW_SESSION:NEW_SESSION', 'stream:sess-1', 'stream:sess-1']);
    expect(controller.snapshot().conversation.messages.map((message) => message.text)).toEqual(['Hi', 'Hello there.', 'And again', 'Hello there.']);
  });

  it('New Chat closes the previous session; the new chat gets its own', async () => {
    const scripted = createScriptedTransport();
    const { controller } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => true });
    await controller.send('Hi');
    await controller.idle();
    await controller.handle({ type: 'new-chat' });
    await controller.send('Fresh start');
    await controller.idle();
    expect(sessionCalls(scripted.calls)).toEqual(['NEW_SESSION:NEW_SESSION', 'stream:sess-1', 'CLOSE:sess-1', 'NEW_SESSION:NEW_SESSION', 'stream:sess-2']);
    expect([...scripted.open]).toEqual(['sess-2']);
    await controller.dispose();
    expect(scripted.open.size).toBe(0);
  });

  it('New Chat during a reply closes the session only once that reply has ended', async () => {
    let release!: () => void;
    const scripted = createScriptedTransport({ gate: new Promise<void>((resolve) => (release = resolve)) });
    const { controller, next } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => true });
    await controller.send('Hi');
    await next('reply-delta');
    controller.newChat();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sessionCalls(scripted.calls)).toEqual(['NEW_SESSION:NEW_SESSION', 'stream:sess-1']);
    release();
    await controller.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sessionCalls(scripted.calls).at(-1)).toBe('CLOSE:sess-1');
    expect((await next('reply-end')).message).toMatchObject({ status: 'complete', text: 'Hello there.' });
  });

  it('deleting a conversation closes its session; clearing the history closes them all', async () => {
    const scripted = createScriptedTransport();
    const { controller } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => true });
    await controller.send('One');
    await controller.idle();
    const first = controller.snapshot().conversation.id;
    controller.newChat();
    await controller.send('Two');
    await controller.idle();
    await controller.handle({ type: 'delete-conversation', conversationId: controller.snapshot().conversation.id });
    expect(sessionCalls(scripted.calls).at(-1)).toBe('CLOSE:sess-2');
    await controller.handle({ type: 'switch-conversation', conversationId: first });
    await controller.send('Three');
    await controller.idle();
    expect(scripted.open.size).toBe(1);
    await controller.clearHistory({ confirmed: true });
    expect(scripted.open.size).toBe(0);
  });

  it('opens a new session when the old one has expired (the service would refuse it)', async () => {
    let clock = Date.parse('2030-01-01T12:00:00Z');
    const scripted = createScriptedTransport({ now: () => clock });
    const { controller } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => true, now: () => clock });
    await controller.send('Hi');
    await controller.idle();
    clock += 19 * 60 * 1000; // still valid: the same session
    await controller.send('Soon');
    await controller.idle();
    clock += 60 * 1000; // 20 minutes after opening: expired
    await controller.send('Later');
    await controller.idle();
    expect(sessionCalls(scripted.calls)).toEqual(['NEW_SESSION:NEW_SESSION', 'stream:sess-1', 'stream:sess-1', 'NEW_SESSION:NEW_SESSION', 'stream:sess-2']);
  });

  it('without the setting no session is opened and no session id is sent', async () => {
    const scripted = createScriptedTransport();
    const { controller } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => false });
    await controller.send('Hi');
    await controller.idle();
    expect(sessionCalls(scripted.calls)).toEqual(['stream:-']);
  });

  it('a container without sessions fails the reply with session-error and says how to go on', async () => {
    const scripted = createScriptedTransport({ withoutSessions: true });
    const { controller, next } = createChatHarness({ url: URL, transport: scripted.transport, statefulSessions: () => true });
    await controller.send('Hi');
    const end = await next('reply-end');
    expect(end.message.status).toBe('failed');
    expect(end.message.error?.code).toBe('session-error');
    expect(end.message.error?.fix).toMatch(/stateful sessions|SAGEMAKER_ENABLE_STATEFUL_SESSIONS/i);
    expect(scripted.calls.some((call) => call.operation === 'InvokeEndpointWithResponseStream')).toBe(false);
  });

  it('sessions follow the profile: inference component and target variant on every session call', async () => {
    const scripted = createScriptedTransport();
    const { controller } = createChatHarness({
      url: URL,
      transport: scripted.transport,
      statefulSessions: () => true,
      endpoints: {
        profiles: [{ id: 'ic', label: 'ic', endpointName: 'shared-endpoint', source: 'aws', format: 'messages', inferenceComponentName: 'llama-ic', targetVariant: 'blue' }],
        mode: 'aws',
        mockUrl: URL,
        problems: [],
        defaultId: 'ic',
      },
    });
    await controller.send('Hi');
    await controller.idle();
    await controller.dispose();
    expect(scripted.calls).toHaveLength(3);
    for (const call of scripted.calls) expect(call).toMatchObject({ endpointName: 'shared-endpoint', inferenceComponentName: 'llama-ic', targetVariant: 'blue' });
  });
});

describe('reasoning, tool calls and usage in the chat controller', () => {
  const output =
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","reasoning":"Weather needs "},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"reasoning_content":"a tool."},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Let me check."},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":"}}]},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":31,"completion_tokens":17,"total_tokens":48}}\n\n' +
    'data: [DONE]\n\n';

  it('posts reasoning before the answer, the assembled tool call, and the container usage in the stats', async () => {
    const scripted = createScriptedTransport({ output });
    const { controller, posted, next } = createChatHarness({ url: URL, transport: scripted.transport });
    await controller.send('Weather in Oslo?');
    const end = await next('reply-end');
    const kinds = posted.filter((message) => ['reasoning-delta', 'reply-delta', 'tool-call'].includes(message.type)).map((message) => message.type);
    expect(kinds.indexOf('reply-delta')).toBeGreaterThan(kinds.lastIndexOf('reasoning-delta'));
    const reasoning = posted.filter((message): message is Extract<HostMessage, { type: 'reasoning-delta' }> => message.type === 'reasoning-delta');
    let offset = 0;
    for (const delta of reasoning) {
      expect(delta.offset).toBe(offset);
      offset += delta.text.length;
    }
    expect(reasoning.map((delta) => delta.text).join('')).toBe('Weather needs a tool.');
    expect(posted.filter((message) => message.type === 'tool-call')).toEqual([
      { type: 'tool-call', conversationId: end.conversationId, messageId: end.message.id, call: { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' } },
    ]);
    expect(end.message).toMatchObject({
      status: 'complete',
      text: 'Let me check.',
      reasoning: 'Weather needs a tool.',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      stats: { finishReason: 'tool-calls', promptTokens: 31, completionTokens: 17 },
    });
    // what the model sees next time is the answer, not its reasoning
    await controller.send('Thanks');
    await controller.idle();
    const second = JSON.parse(scripted.calls.at(-1)!.body) as { messages: { content: string }[] };
    expect(second.messages.map((message) => message.content)).toEqual(['Weather in Oslo?', 'Let me check.', 'Thanks']);
  });
});

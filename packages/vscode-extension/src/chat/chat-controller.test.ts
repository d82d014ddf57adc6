import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatHarness, mockEndpoints } from '../../test/helpers/chat-harness.js';
import type { HostMessage } from '../shared/protocol.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ port: 0, config: { latencyScale: 0.02, seed: 7 } });
});
afterAll(async () => {
  await mock.close();
});

const deltasOf = (posted: HostMessage[], messageId: string) => posted.filter((message): message is Extract<HostMessage, { type: 'reply-delta' }> => message.type === 'reply-delta' && message.messageId === messageId);

describe('chat controller against the mock', () => {
  it('streams a reply: user message, streaming reply, ordered deltas, then the final reply with stats', async () => {
    const { controller, posted, next } = createChatHarness({ url: mock.url });
    await controller.handle({ type: 'send-prompt', text: 'Write a Python function with boto3' });
    await controller.idle();
    const [user, reply] = posted.filter((message) => message.type === 'message-added').map((message) => (message as Extract<HostMessage, { type: 'message-added' }>).message);
    expect(user).toMatchObject({ role: 'user', text: 'Write a Python function with boto3', status: 'complete' });
    expect(reply).toMatchObject({ role: 'assistant', text: '', status: 'streaming' });
    const end = await next('reply-end');
    const deltas = deltasOf(posted, reply!.id);
    expect(deltas.length).toBeGreaterThan(20);
    // every delta starts where the previous one ended, and together they are the reply
    let offset = 0;
    for (const delta of deltas) {
      expect(delta.offset).toBe(offset);
      offset += delta.text.length;
    }
    expect(deltas.map((delta) => delta.text).join('')).toBe(end.message.text);
    expect(end.message.text).toContain('```python');
    expect(end.message).toMatchObject({ status: 'complete', stats: { endpointLabel: 'mock-messages', variant: 'AllTraffic', finishReason: 'stop' } });
    expect(end.message.stats?.tokens).toBeGreaterThan(100);
    expect(end.message.stats?.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(end.message.stats?.tokensPerSecond).toBeGreaterThan(0);
    expect(posted.filter((message) => message.type === 'streaming').map((message) => (message as Extract<HostMessage, { type: 'streaming' }>).streaming)).toEqual([{ conversationId: end.conversationId, messageId: reply!.id }, null]);
    expect(posted.at(-1)).toMatchObject({ type: 'conversations', conversations: [{ title: 'Write a Python function with boto3', messageCount: 2 }] });
  });

  it('Stop aborts the HTTP stream: the reply keeps its partial text and the mock sees the client go away', async () => {
    // Real pacing (~30 ms a token) for this request, so that Stop lands mid-stream.
    const { controller, posted, next } = createChatHarness({ url: mock.url, customAttributes: 'mock-latency-scale=1' });
    await controller.handle({ type: 'send-prompt', text: 'Tell me about SageMaker streaming endpoints' });
    const added = await next('message-added', (message) => message.message.role === 'assistant');
    await next('reply-delta', (message) => message.offset > 30);
    await controller.handle({ type: 'stop' });
    const end = await next('reply-end');
    expect(end.message.status).toBe('stopped');
    expect(end.message.error).toBeUndefined();
    expect(end.message.text.length).toBeGreaterThan(30);
    expect(end.message.text).toBe(deltasOf(posted, added.message.id).map((delta) => delta.text).join(''));
    const entry = await mock.journal.waitFor((candidate) => candidate.clientWentAway && candidate.body.includes('SageMaker streaming endpoints'), { timeoutMs: 5000 });
    expect(entry.outcome).toBe('client-disconnected');
    expect(entry.tokensSent).toBeLessThan(200);
    expect(controller.streaming).toBe(false);
  });

  it('refuses a second prompt while a reply streams, even one sent in the same instant', async () => {
    const { controller, posted } = createChatHarness({ url: mock.url, customAttributes: 'mock-latency-scale=1' });
    await Promise.all([controller.handle({ type: 'send-prompt', text: 'first' }), controller.handle({ type: 'send-prompt', text: 'second' })]);
    expect(posted).toContainEqual({ type: 'notice', level: 'info', text: 'A reply is still streaming: stop it first (Esc).' });
    controller.stop();
    await controller.idle();
    expect(controller.snapshot().conversation.messages.map((message) => message.text)).not.toContain('second');
  });

  it('Regenerate replaces the last reply; Edit & Resend rewrites a prompt and drops what followed', async () => {
    const { controller, next, posted } = createChatHarness({ url: mock.url });
    await controller.send('Compare TGI and LMI in a table');
    await controller.idle();
    await controller.send('Now in Python');
    await controller.idle();
    const messages = controller.snapshot().conversation.messages;
    expect(messages).toHaveLength(4);
    posted.length = 0;
    await controller.handle({ type: 'regenerate', messageId: messages[3]!.id });
    expect((await next('conversation')).conversation.messages.map((message) => message.id)).toEqual(messages.slice(0, 3).map((message) => message.id));
    await controller.idle();
    const regenerated = controller.snapshot().conversation.messages;
    expect(regenerated).toHaveLength(4);
    expect(regenerated[3]!.id).not.toBe(messages[3]!.id);
    expect(regenerated[3]!.status).toBe('complete');

    await controller.handle({ type: 'edit-resend', messageId: messages[0]!.id, text: 'Explain boto3 code' });
    await controller.idle();
    const edited = controller.snapshot().conversation;
    expect(edited.title).toBe('Explain boto3 code');
    expect(edited.messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(edited.messages[0]!.text).toBe('Explain boto3 code');
  });

  it('an auto endpoint whose container refuses the Messages API (LMI 0.23, 424) is retried once with an inputs body', async () => {
    const endpoints = mockEndpoints(mock.url);
    const profiles = endpoints.profiles.map((profile) => (profile.id === 'mock-lmi-legacy' ? { ...profile, format: 'auto' as const } : profile));
    const { controller, next } = createChatHarness({ url: mock.url, endpoints: { ...endpoints, profiles, defaultId: 'mock-lmi-legacy' } });
    mock.journal.clear();
    await controller.send('hello there');
    const end = await next('reply-end');
    expect(end.message.status).toBe('complete');
    expect(end.message.text.length).toBeGreaterThan(5);
    expect(mock.journal.entries().map((entry) => [entry.endpoint, entry.status])).toEqual([
      ['mock-lmi-legacy', 424],
      ['mock-lmi-legacy', 200],
    ]);
  });

  it('shows a ModelError with the container status, a log link and its fix', async () => {
    const { controller, next } = createChatHarness({ url: mock.url, customAttributes: 'mock-fault=model-error' });
    await controller.send('hello');
    const end = await next('reply-end');
    expect(end.message.status).toBe('failed');
    expect(end.message.error).toMatchObject({ code: 'model-error', originalStatusCode: expect.any(Number), logUrl: expect.stringMatching(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//) });
    expect(end.message.error?.fix).toMatch(/logs/i);
  });

  it('keeps the partial text of a reply that fails mid-stream, with the error inline', async () => {
    const { controller, next } = createChatHarness({ url: mock.url, customAttributes: 'mock-fault=model-stream-error;mock-fault-after=8' });
    await controller.send('Tell me about streaming');
    const end = await next('reply-end');
    expect(end.message.status).toBe('failed');
    expect(end.message.text.length).toBeGreaterThan(10);
    expect(end.message.error).toMatchObject({ code: 'model-stream-error', fix: expect.any(String) });
  });

  it('says how to start the mock when nothing listens at its URL', async () => {
    const closed = await startServer({ port: 0 });
    await closed.close();
    const { controller, next } = createChatHarness({ url: closed.url });
    await controller.send('hello');
    const end = await next('reply-end');
    expect(end.message.error).toMatchObject({ code: 'network-error', fix: expect.stringContaining('npm start') });
  });

  it('with no endpoint, fails the reply with a fix and buttons instead of sending', async () => {
    const { controller, next } = createChatHarness({ url: mock.url, endpoints: { profiles: [], mode: 'aws', mockUrl: mock.url, problems: [] } });
    await controller.send('hello');
    const added = await next('message-added', (message) => message.message.role === 'assistant');
    expect(added.message).toMatchObject({ status: 'failed', error: { code: 'no-endpoint', actions: [{ kind: 'open-settings' }, { kind: 'use-mock' }] } });
  });

  it('restores history after a reload, switches between conversations, deletes and clears them', async () => {
    const first = createChatHarness({ url: mock.url });
    await first.controller.send('Tell me about streaming');
    await first.controller.idle();
    first.controller.newChat();
    await first.controller.send('Compare TGI and LMI');
    await first.controller.idle();

    const reloaded = createChatHarness({ url: mock.url, storage: first.storage });
    const snapshot = reloaded.controller.snapshot();
    expect(snapshot.conversations.map((entry) => entry.title)).toEqual(['Compare TGI and LMI', 'Tell me about streaming']);
    expect(snapshot.conversation.messages.map((message) => message.status)).toEqual(['complete', 'complete']);
    const older = snapshot.conversations[1]!.id;
    await reloaded.controller.handle({ type: 'switch-conversation', conversationId: older });
    expect((await reloaded.next('conversation')).conversation.title).toBe('Tell me about streaming');

    await reloaded.controller.handle({ type: 'delete-conversation', conversationId: older });
    expect(reloaded.controller.snapshot().conversations.map((entry) => entry.title)).toEqual(['Compare TGI and LMI']);
    reloaded.platform.confirm.mockResolvedValueOnce(false);
    await reloaded.controller.handle({ type: 'clear-history' });
    expect(reloaded.controller.snapshot().conversations).toHaveLength(1);
    await reloaded.controller.handle({ type: 'clear-history' });
    expect(reloaded.platform.confirm).toHaveBeenLastCalledWith('Delete all 1 saved conversation? This cannot be undone.');
    expect(reloaded.controller.snapshot().conversations).toEqual([]);
    expect(reloaded.controller.snapshot().conversation.messages).toEqual([]);
  });

  it('exports the chat as Markdown through the platform', async () => {
    const { controller, platform } = createChatHarness({ url: mock.url });
    await controller.send('Tell me about streaming');
    await controller.idle();
    await controller.handle({ type: 'export-chat' });
    const [{ fileName, markdown }] = platform.saveMarkdown.mock.calls[0]!;
    expect(fileName).toBe('sagestream-tell-me-about-streaming.md');
    expect(markdown).toMatch(/^# Tell me about streaming\n[\s\S]*### You\n\nTell me about streaming\n\n### Assistant — first token/);
  });

  it('opens http(s) links only; anything else is blocked with a notice', async () => {
    const { controller, platform, posted } = createChatHarness({ url: mock.url });
    await controller.handle({ type: 'open-link', url: 'javascript:alert(document.cookie)' });
    await controller.handle({ type: 'open-link', url: 'command:workbench.action.terminal.new' });
    expect(platform.openLink).not.toHaveBeenCalled();
    expect(posted.filter((message) => message.type === 'notice')).toHaveLength(2);
    await controller.handle({ type: 'open-link', url: 'https://docs.aws.amazon.com/' });
    expect(platform.openLink).toHaveBeenCalledWith('https://docs.aws.amazon.com/');
  });

  it('passes copy and insert to the platform, and runs only the actions the host supports', async () => {
    const { controller, platform, posted } = createChatHarness({ url: mock.url, capabilities: { insertCode: true, actions: ['use-mock'] } });
    await controller.handle({ type: 'copy-text', text: 'print(1)' });
    await controller.handle({ type: 'insert-code', code: 'print(2)' });
    await controller.handle({ type: 'run-action', action: { kind: 'sso-login', profile: 'dev' } });
    await controller.handle({ type: 'run-action', action: { kind: 'use-mock' } });
    expect(platform.copyText).toHaveBeenCalledWith('print(1)');
    expect(platform.insertCode).toHaveBeenCalledWith('print(2)');
    expect(platform.runAction.mock.calls).toEqual([[{ kind: 'use-mock' }]]);
    expect(posted).toContainEqual({ type: 'notice', level: 'info', text: 'That action is not available here.' });
  });

  it('keeps the picked endpoint when the settings change, and falls back when it disappears', async () => {
    const { controller, next } = createChatHarness({ url: mock.url });
    await controller.handle({ type: 'select-endpoint', endpointId: 'mock-tgi' });
    expect((await next('endpoints')).endpoints.activeId).toBe('mock-tgi');
    controller.setEndpoints(mockEndpoints(mock.url));
    expect(controller.activeProfile()?.id).toBe('mock-tgi');
    controller.setEndpoints({ ...mockEndpoints(mock.url), profiles: mockEndpoints(mock.url).profiles.filter((profile) => profile.id !== 'mock-tgi') });
    expect(controller.activeProfile()?.id).toBe('mock-messages');
    await controller.send('Tell me about streaming');
    await controller.idle();
    expect(controller.snapshot().conversation.messages[1]!.stats?.endpointName).toBe('mock-messages');
  });

  it('tells the host about every new endpoint list (VS Code\'s chat models follow it)', () => {
    const lists: number[] = [];
    const { controller } = createChatHarness({ url: mock.url, onEndpointsChange: (resolved) => lists.push(resolved.profiles.length) });
    const all = mockEndpoints(mock.url);
    controller.setEndpoints(all);
    controller.setEndpoints({ ...all, profiles: all.profiles.slice(0, 2) });
    expect(lists).toEqual([all.profiles.length, 2]);
  });
});

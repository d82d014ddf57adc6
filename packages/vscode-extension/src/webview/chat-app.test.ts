import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type ConversationView, type HostMessage, type MessageView, type WebviewMessage } from '../shared/protocol.js';
import { mountChatApp, type ChatApp } from './chat-app.js';
import type { HostBridge } from './host-bridge.js';

const HOSTILE = [
  'Here you go <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>',
  '',
  '[click me](javascript:window.pwned=3) and [docs](https://docs.aws.amazon.com/sagemaker/)',
  '',
  '```html',
  '<button onclick="window.pwned=4">x</button>',
  '```',
].join('\n');

const user: MessageView = { id: 'u1', role: 'user', text: 'Say something <b>bold</b>', createdAt: 1, status: 'complete' };
const reply: MessageView = { id: 'a1', role: 'assistant', text: HOSTILE, createdAt: 2, status: 'complete', stats: { endpointLabel: 'mock-messages', endpointName: 'mock-messages', variant: 'AllTraffic', timeToFirstTokenMs: 310, tokens: 40, tokensPerSecond: 32.5 } };

function init(conversation: ConversationView, streaming: Extract<HostMessage, { type: 'init' }>['streaming'] = null, actions: ('sso-login' | 'use-mock' | 'open-settings')[] = []): HostMessage {
  return {
    type: 'init',
    protocolVersion: PROTOCOL_VERSION,
    capabilities: { insertCode: true, actions },
    endpoints: { options: [{ id: 'mock-messages', label: 'mock-messages', detail: 'local mock' }, { id: 'mock-tgi', label: 'mock-tgi', detail: 'local mock' }], activeId: 'mock-messages', mode: 'mock', problems: [] },
    conversations: [{ id: conversation.id, title: conversation.title, updatedAt: 2, messageCount: conversation.messages.length }],
    conversation,
    streaming,
  };
}

let app: ChatApp | undefined;
/** Callbacks waiting for the next animation frame: the page draws when the test says a frame has passed. */
let frames = new Map<number, FrameRequestCallback>();
let nextFrameId = 1;
beforeEach(() => {
  frames = new Map();
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frames.set(nextFrameId, callback);
    return nextFrameId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => void frames.delete(id));
});
afterEach(() => {
  app?.destroy();
  app = undefined;
  vi.unstubAllGlobals();
  delete (window as { pwned?: unknown }).pwned;
});

/** Lets an animation frame pass, as the browser does before it paints. */
function paintFrame(): void {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback(performance.now());
}

function mount() {
  const posted: WebviewMessage[] = [];
  let listener: ((message: unknown) => void) | undefined;
  let saved: unknown;
  const bridge: HostBridge = {
    post: (message) => posted.push(message),
    onMessage: (next) => {
      listener = next;
      return () => (listener = undefined);
    },
    getState: () => saved,
    setState: (state) => (saved = state),
  };
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  app = mountChatApp({ root, bridge });
  const receive = (message: unknown): void => {
    listener?.(message);
    paintFrame();
  };
  const input = root.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]')!;
  const key = (target: Element, init: KeyboardEventInit): boolean => target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  const button = (name: string): HTMLButtonElement | undefined => Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((candidate) => candidate.getAttribute('aria-label') === name && !candidate.hidden);
  return { root, posted, receive, input, key, button, saved: () => saved };
}

describe('chat UI', () => {
  it('says ready, then shows the conversation the host sends', () => {
    const { root, posted, receive } = mount();
    expect(posted).toEqual([{ type: 'ready', protocolVersion: PROTOCOL_VERSION }]);
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, reply] }));
    expect(root.querySelectorAll('article.message')).toHaveLength(2);
    expect(root.querySelector('.message-user .message-body')?.textContent).toBe('Say something <b>bold</b>');
    expect(root.querySelector('.message-assistant .message-footer')?.textContent).toBe('first token 310 ms · 40 tokens · 32.5 tokens/s · mock-messages (AllTraffic)');
    expect(root.querySelector<HTMLSelectElement>('select[aria-label="Endpoint"]')?.value).toBe('mock-messages');
  });

  it('renders hostile model output inert: no script, no handler, no javascript: link', () => {
    const { root, receive } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, reply] }));
    const body = root.querySelector('.message-assistant .message-body')!;
    expect(body.querySelector('script, img, button[onclick], b')).toBeNull();
    expect(Array.from(root.querySelectorAll('*')).some((node) => Array.from(node.attributes).some((attribute) => attribute.name.startsWith('on')))).toBe(false);
    expect(Array.from(body.querySelectorAll('a')).map((anchor) => anchor.getAttribute('href'))).toEqual(['https://docs.aws.amazon.com/sagemaker/']);
    expect(body.querySelector('code.language-html')?.textContent).toBe('<button onclick="window.pwned=4">x</button>\n');
    expect((window as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('sends links to the host instead of navigating', () => {
    const { root, posted, receive } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, reply] }));
    const link = root.querySelector<HTMLAnchorElement>('.message-body a')!;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(posted.at(-1)).toEqual({ type: 'open-link', url: 'https://docs.aws.amazon.com/sagemaker/' });
  });

  it('Enter sends, Shift+Enter does not, and the box empties after sending', () => {
    const { posted, receive, input, key } = mount();
    receive(init({ id: 'c1', title: '', createdAt: 1, updatedAt: 1, messages: [] }));
    input.value = 'line one';
    expect(key(input, { key: 'Enter', shiftKey: true })).toBe(true); // not prevented: the newline is typed
    expect(posted.filter((message) => message.type === 'send-prompt')).toEqual([]);
    input.value = 'line one\nline two';
    expect(key(input, { key: 'Enter' })).toBe(false);
    expect(posted.at(-1)).toEqual({ type: 'send-prompt', text: 'line one\nline two' });
    expect(input.value).toBe('');
  });

  it('while a reply streams: the button is Stop, Esc stops, and new text appears as it arrives', () => {
    const { root, posted, receive, input, key, button } = mount();
    const streaming: MessageView = { ...reply, text: '', status: 'streaming' };
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, streaming] }, { conversationId: 'c1', messageId: 'a1' }));
    expect(button('Send')).toBeUndefined();
    expect(button('Stop')).toBeDefined();
    receive({ type: 'reply-delta', conversationId: 'c1', messageId: 'a1', offset: 0, text: 'Hello **wor' });
    receive({ type: 'reply-delta', conversationId: 'c1', messageId: 'a1', offset: 11, text: 'ld**' });
    expect(root.querySelector('.message-assistant strong')?.textContent).toBe('world');
    expect(root.querySelector('.message-assistant')?.classList.contains('streaming')).toBe(true);
    key(input, { key: 'Escape' });
    expect(posted.at(-1)).toEqual({ type: 'stop' });
    button('Stop')!.click();
    expect(posted.at(-1)).toEqual({ type: 'stop' });
    receive({ type: 'reply-end', conversationId: 'c1', message: { ...streaming, text: 'Hello **world**', status: 'stopped' } });
    receive({ type: 'streaming', streaming: null });
    expect(button('Send')).toBeDefined();
    expect(root.querySelector('.message-assistant .message-footer')?.textContent).toMatch(/^Stopped · /);
  });

  it('asks the host for a fresh snapshot when a delta does not line up', () => {
    const { posted, receive } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, { ...reply, text: '', status: 'streaming' }] }, { conversationId: 'c1', messageId: 'a1' }));
    posted.length = 0;
    receive({ type: 'reply-delta', conversationId: 'c1', messageId: 'a1', offset: 50, text: 'late' });
    expect(posted).toEqual([{ type: 'ready', protocolVersion: PROTOCOL_VERSION }]);
  });

  it('ignores malformed host messages', () => {
    const { root, receive } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user] }));
    receive({ type: 'message-added', conversationId: 'c1', message: { id: 'x"><img src=x onerror=alert(1)>', role: 'assistant', text: 'evil', createdAt: 1, status: 'complete' } });
    receive({ type: 'eval', code: 'alert(1)' });
    receive('not even an object');
    expect(root.querySelectorAll('article.message')).toHaveLength(1);
  });

  it('copies a code block through the host and says so on the button', () => {
    const { root, posted, receive } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, { ...reply, text: '```py\nprint("hi")\n```' }] }));
    const copy = root.querySelector<HTMLButtonElement>('.code-block [data-action="copy-code"]')!;
    expect(copy.getAttribute('aria-label')).toBe('Copy code');
    copy.click();
    expect(posted.at(-1)).toEqual({ type: 'copy-text', text: 'print("hi")\n' });
    expect(copy.textContent).toBe('Copied');
    root.querySelector<HTMLButtonElement>('.code-block [data-action="insert-code"]')!.click();
    expect(posted.at(-1)).toEqual({ type: 'insert-code', code: 'print("hi")\n' });
  });

  it('shows a failed reply\'s partial text with its error, fix command and the actions the host offers', () => {
    const { root, posted, receive } = mount();
    const failed: MessageView = {
      ...reply,
      text: 'Partial answer',
      status: 'failed',
      error: { code: 'credentials-expired', message: 'Your AWS credentials have expired.', fix: 'Run `aws sso login --profile dev` (or refresh your temporary credentials).', actions: [{ kind: 'sso-login', profile: 'dev' }, { kind: 'use-mock' }] },
    };
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, failed] }, null, ['sso-login']));
    expect(root.querySelector('.message-assistant .message-body')?.textContent).toContain('Partial answer');
    const error = root.querySelector('.message-error[role="alert"]')!;
    expect(error.textContent).toContain('Your AWS credentials have expired.');
    expect(error.querySelector('.command code')?.textContent).toBe('aws sso login --profile dev');
    error.querySelector<HTMLButtonElement>('[data-action="copy-command"]')!.click();
    expect(posted.at(-1)).toEqual({ type: 'copy-text', text: 'aws sso login --profile dev' });
    const actions = Array.from(error.querySelectorAll<HTMLButtonElement>('[data-action="run-action"]'));
    expect(actions.map((button) => button.textContent)).toEqual(['Run aws sso login in a terminal']);
    actions[0]!.click();
    expect(posted.at(-1)).toEqual({ type: 'run-action', action: { kind: 'sso-login', profile: 'dev' } });
  });

  it('edits and resends a message; regenerates the last reply', () => {
    const { root, posted, receive, button } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, reply] }));
    button('Regenerate reply')!.click();
    expect(posted.at(-1)).toEqual({ type: 'regenerate', messageId: 'a1' });
    button('Edit and resend')!.click();
    paintFrame();
    const editor = root.querySelector<HTMLTextAreaElement>('textarea[aria-label="Edit message"]')!;
    editor.value = 'Say it again';
    root.querySelector<HTMLButtonElement>('[data-action="edit-resend"]')!.click();
    expect(posted.at(-1)).toEqual({ type: 'edit-resend', messageId: 'u1', text: 'Say it again' });
  });

  it('keeps the draft across reloads of the view', () => {
    const { input, saved } = mount();
    input.value = 'half-written question';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(saved()).toEqual({ draft: 'half-written question' });
  });

  it('picks an endpoint and opens conversations from the history list', () => {
    const { root, posted, receive, button } = mount();
    receive(init({ id: 'c1', title: 'Hi', createdAt: 1, updatedAt: 2, messages: [user, reply] }));
    const select = root.querySelector<HTMLSelectElement>('select[aria-label="Endpoint"]')!;
    select.value = 'mock-tgi';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(posted.at(-1)).toEqual({ type: 'select-endpoint', endpointId: 'mock-tgi' });
    button('Chat history')!.click();
    paintFrame();
    expect(button('Chat history')!.getAttribute('aria-expanded')).toBe('true');
    root.querySelector<HTMLButtonElement>('.history-open')!.click();
    expect(posted.at(-1)).toEqual({ type: 'switch-conversation', conversationId: 'c1' });
  });
});

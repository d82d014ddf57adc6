import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostMessage } from '../../src/shared/parse-host-message.js';
import { PROTOCOL_VERSION, type HostMessage } from '../../src/shared/protocol.js';
import { createCancellation, createFakeVscode } from '../helpers/fake-vscode.js';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { main: string; contributes: { commands: { command: string }[] } };

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };

/** Loads the built extension (dist/extension.cjs) with `require('vscode')` answered by a fake. */
function loadExtension(fake: ReturnType<typeof createFakeVscode>): { activate(context: unknown): { controller: { idle(): Promise<void> } } } {
  const originalLoad = moduleInternals._load;
  moduleInternals._load = function load(this: unknown, request, parent, isMain) {
    return request === 'vscode' ? fake.vscode : originalLoad.call(this, request, parent, isMain);
  };
  try {
    const file = path.join(PACKAGE_DIR, manifest.main);
    const require = createRequire(import.meta.url);
    delete require.cache[file];
    return require(file);
  } finally {
    moduleInternals._load = originalLoad;
  }
}

function memento() {
  const values = new Map<string, unknown>();
  return { get: (key: string) => values.get(key), update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, value)), keys: () => [...values.keys()] };
}

function context() {
  return { extensionUri: { fsPath: PACKAGE_DIR }, subscriptions: [] as { dispose(): void }[], workspaceState: memento(), globalState: memento() };
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ port: 0, config: { latencyScale: 0.02 } });
});
afterAll(async () => {
  await mock.close();
});

/** Validated host messages of a given type. */
function ofType<T extends HostMessage['type']>(posted: unknown[], type: T): Extract<HostMessage, { type: T }>[] {
  return posted.map((message) => parseHostMessage(message)).filter((message): message is Extract<HostMessage, { type: T }> => message.type === type);
}

describe('the built extension bundle (dist/extension.cjs) with a stand-in vscode API', () => {
  it('registers every command the manifest contributes, and the chat view', () => {
    const fake = createFakeVscode({ settings: { mockUrl: mock.url } });
    loadExtension(fake).activate(context());
    expect([...fake.commands.keys()].sort()).toEqual(manifest.contributes.commands.map((entry) => entry.command).sort());
    expect(fake.contextKeys['sagestream.usingMock']).toBe(true);
    // The status-bar item shows the current endpoint and opens the picker.
    expect(fake.recorded.statusBar).toEqual({ text: '$(server) mock-messages', command: 'sagestream.selectEndpoint', visible: true });
  });

  it('serves a locked-down webview and streams a reply from the mock through the AWS SDK transport', async () => {
    const fake = createFakeVscode({ settings: { mockUrl: mock.url } });
    const { controller } = loadExtension(fake).activate(context());
    const view = fake.resolveView();
    expect(view.webview.options).toMatchObject({ enableScripts: true, enableCommandUris: false });
    expect(view.webview.html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net data:; .*script-src &#39;nonce-([^&]+)&#39;/);
    expect(view.webview.html).toMatch(/<script nonce="[^"]+" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net[^"]+\/dist\/webview\/main\.js"><\/script>/);
    await view.send({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    const [init] = ofType(view.posted, 'init');
    expect(init?.endpoints).toMatchObject({ mode: 'mock', activeId: 'mock-messages' });
    await view.send({ type: 'send-prompt', text: 'Tell me about streaming' });
    await controller.idle();
    const [end] = ofType(view.posted, 'reply-end');
    expect(end?.message).toMatchObject({ status: 'complete', stats: { endpointName: 'mock-messages', variant: 'AllTraffic' } });
    expect(ofType(view.posted, 'reply-delta').map((delta) => delta.text).join('')).toBe(end?.message.text);
    expect(fake.contextKeys['sagestream.streaming']).toBe(false);
    // invalid messages from the webview are ignored, not acted on
    await view.send({ type: 'open-link', url: 42 });
    await view.send({ type: 'open-link', url: 'javascript:alert(1)' });
    expect(fake.recorded.opened).toEqual([]);
  });

  it('Ask About Selection sends the selection with its question, file and language; Insert at Cursor edits the editor', async () => {
    const text = 'import os\n\ndef main():\n    print(os.getcwd())\n';
    const fake = createFakeVscode({ settings: { mockUrl: mock.url }, inputBoxAnswer: 'What does main do?', editor: { fileName: '/work/app.py', languageId: 'python', text, selection: { start: 11, end: text.length } } });
    const { controller } = loadExtension(fake).activate(context());
    const view = fake.resolveView();
    await view.send({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    await fake.vscode.commands.executeCommand('sagestream.askAboutSelection');
    await controller.idle();
    const user = ofType(view.posted, 'message-added').find((message) => message.message.role === 'user');
    expect(user?.message.text).toBe('What does main do?\n\nFrom `app.py` (python, lines 3–4):\n\n```python\ndef main():\n    print(os.getcwd())\n```');
    await view.send({ type: 'insert-code', code: 'print("hi")\n' });
    await view.send({ type: 'copy-text', text: 'copied' });
    expect(fake.recorded.inserted).toEqual(['print("hi")\n']);
    expect(fake.recorded.clipboard).toBe('copied');
  });

  it('follows settings changes without a reload: Use AWS switches to the configured endpoints', async () => {
    const settings: Record<string, unknown> = { mockUrl: mock.url, useMock: true, endpoints: [{ label: 'Prod', endpointName: 'prod-llm', region: 'eu-west-1', profile: 'prod' }] };
    const fake = createFakeVscode({ settings });
    loadExtension(fake).activate(context());
    const view = fake.resolveView();
    await view.send({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    expect(ofType(view.posted, 'init')[0]?.endpoints.mode).toBe('mock');
    await fake.vscode.commands.executeCommand('sagestream.useAws');
    expect(settings.useMock).toBe(false);
    expect(ofType(view.posted, 'endpoints').at(-1)?.endpoints).toEqual({ mode: 'aws', activeId: 'Prod', problems: [], options: [{ id: 'Prod', label: 'Prod', detail: 'prod-llm · eu-west-1 · profile prod' }] });
    expect(fake.contextKeys['sagestream.usingMock']).toBe(false);
  });

  it('registers the chat models (vendor sagestream) and @sagemaker; a model streams text parts from the mock and cancellation ends it', async () => {
    const fake = createFakeVscode({ settings: { mockUrl: mock.url } });
    loadExtension(fake).activate(context());
    expect([...fake.chatParticipants.keys()]).toEqual(['sagestream.sagemaker']);
    const provider = fake.languageModelProviders.get('sagestream')!;
    const models = (await provider.provideLanguageModelChatInformation({ silent: true }, createCancellation().token)) as { id: string; name: string }[];
    expect(models.find((model) => model.id === 'mock-messages')?.name).toBe('mock-messages (SageMaker)');
    const parts: unknown[] = [];
    const message = { role: 1, content: [new fake.vscode.LanguageModelTextPart('Write a Python function with boto3')], name: undefined };
    await provider.provideLanguageModelChatResponse(models[0], [message], {}, { report: (part) => parts.push(part) }, createCancellation().token);
    expect(parts.length).toBeGreaterThan(10);
    expect(parts.every((part) => part instanceof fake.vscode.LanguageModelTextPart)).toBe(true);
    const cancellation = createCancellation();
    const cancelledParts: unknown[] = [];
    await provider.provideLanguageModelChatResponse(models[0], [message], {}, { report: (part) => (cancelledParts.push(part), cancelledParts.length === 2 && cancellation.cancel()) }, cancellation.token);
    expect(cancelledParts.length).toBeLessThan(parts.length);
    expect(await provider.provideTokenCount(models[0], 'Hello, world!', cancellation.token)).toBe(4);
    const unknown = await provider.provideLanguageModelChatResponse({ id: 'gone' }, [message], {}, { report() {} }, createCancellation().token).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(fake.vscode.LanguageModelError);
    expect((unknown as { code: string }).code).toBe('NotFound');
  });
});

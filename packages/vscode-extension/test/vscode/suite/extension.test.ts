import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MockServer } from '@sagestream/mock-endpoint';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SageStreamApi } from '../../../src/host/extension.js';
import type { ChatState } from '../../../src/webview/chat-state.js';
import { lastReply, watchChatView, type ChatViewWatcher } from './chat-view-watcher.js';
import { observeChatView, type ChatViewObserver } from './observe-chat-view.js';
import { acceptQuickPickItem, observeQuickPicks, type ObservedQuickPick, type QuickPickObserver } from './observe-quick-picks.js';
import { observeStatusBarItems, type StatusBarObserver } from './observe-status-bar-items.js';
import { reloadMarkerPath, type ReloadExpectation } from './reload-marker.js';
import { LONG_STORY, startTestMock } from './test-mock.js';
import { EXTENSION_ID, showChatView, waitFor, withPromptAnswered } from './vscode-helpers.js';

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('sagestream');
const USER = vscode.ConfigurationTarget.Global;
/** The mock's endpoints as the view's dropdown offers them (one entry per inference component). */
const MOCK_PROFILE_IDS = ['mock-messages', 'mock-tgi', 'mock-lmi', 'mock-lmi-legacy', 'mock-lmi-sse', 'mock-lmi-chat', 'mock-lmi-async', 'mock-vllm', 'mock-sglang', 'mock-vllm-reasoning-legacy', 'mock-ab', 'mock-ic/ic-llama', 'mock-ic/ic-qwen'];

describe('SageStream in VS Code', () => {
  const extension = vscode.extensions.getExtension<SageStreamApi>(EXTENSION_ID);
  let mock: MockServer;
  let api: SageStreamApi;
  let observer: ChatViewObserver;
  let view: ChatViewWatcher;
  let quickPicks: QuickPickObserver;
  let statusBar: StatusBarObserver;

  before(async () => {
    assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
    // Before anything activates the extension: its view provider registers through the observer.
    observer = observeChatView(extension);
    view = watchChatView(observer);
    // Likewise the quick picks and the status-bar item it creates (the item on activation).
    quickPicks = observeQuickPicks(extension);
    statusBar = observeStatusBarItems(extension);
    mock = await startTestMock();
    await settings().update('mockUrl', mock.url, USER);
  });

  after(async () => {
    view?.dispose();
    observer?.dispose();
    quickPicks?.dispose();
    statusBar?.dispose();
    await mock?.close();
  });

  /** Sends a prompt exactly as the view does (the message its composer posts). */
  async function sendFromView(text: string): Promise<void> {
    await api.controller.handle({ type: 'send-prompt', text });
  }

  function replyDone(state: ChatState): boolean {
    const reply = lastReply(state);
    return state.streaming === null && reply !== undefined && reply.status !== 'streaming';
  }

  describe('activation', () => {
    it('stays inactive until its view is opened; opening the view activates it and fills the view', async function () {
      // The first webview and extension activation of the run: slow on two busy cores.
      this.timeout(90_000);
      assert.equal(extension!.isActive, false, 'activated before anything asked for it');
      await vscode.commands.executeCommand('sagestream.chatView.focus');
      await waitFor(() => extension!.isActive, { what: 'the extension to activate' });
      api = extension!.exports;
      // The mock's URL was set just before: the configuration change may still be on its way.
      await waitFor(() => api.controller.endpoints.mockUrl === mock.url, { what: 'sagestream.mockUrl to reach the extension' });
      await showChatView(view);
      assert.equal(view.state.status, 'ready');
      assert.equal(view.state.endpoints.mode, 'mock');
      assert.equal(view.state.endpoints.activeId, 'mock-messages');
      assert.deepEqual(
        view.state.endpoints.options.map((option) => option.id),
        MOCK_PROFILE_IDS,
      );
    });

    it('registers every command the manifest contributes', async () => {
      const contributed = (extension!.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((entry) => entry.command);
      assert.equal(contributed.length, 11);
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(contributed.filter((command) => !registered.has(command)), []);
    });
  });

  describe('a reply from the mock endpoint', () => {
    it('streams into the view in several growing steps, then completes with its stats', async () => {
      const lengths: number[] = [];
      const recording = view.onChange((state) => {
        const reply = lastReply(state);
        if (reply?.status === 'streaming') lengths.push(reply.text.length);
      });
      try {
        await sendFromView('Tell me about SageMaker response streaming');
        const state = await view.until(replyDone, { what: 'the reply to finish' });
        const reply = lastReply(state)!;
        assert.equal(reply.status, 'complete');
        assert.match(reply.text, /PayloadPart/);
        assert.equal(reply.stats?.endpointName, 'mock-messages');
        assert.ok((reply.stats?.tokens ?? 0) > 20, `tokens: ${reply.stats?.tokens}`);
        const steps = new Set(lengths.filter((length) => length > 0));
        assert.ok(steps.size >= 5, `only ${steps.size} visible steps: ${lengths.join(', ')}`);
        assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b), 'the text only grows while it streams');
        const entry = await mock.journal.waitFor((candidate) => candidate.body.includes('Tell me about SageMaker response streaming'));
        assert.equal(entry.outcome, 'completed');
      } finally {
        recording.dispose();
      }
    });

    it('Stop (the command) aborts it: the partial reply stays, marked stopped, and the mock sees the client go away', async () => {
      await sendFromView('Tell me a long story');
      await view.until((state) => lastReply(state)?.status === 'streaming' && lastReply(state)!.text.length > 40, { what: 'the story to start' });
      await vscode.commands.executeCommand('sagestream.stop');
      const state = await view.until(replyDone, { what: 'the reply to stop' });
      const reply = lastReply(state)!;
      assert.equal(reply.status, 'stopped');
      assert.ok(reply.text.length > 40 && reply.text.length < LONG_STORY.length / 2, `partial reply of ${reply.text.length} characters`);
      assert.ok(LONG_STORY.startsWith(reply.text), 'the partial text is the start of the story');
      const entry = await mock.journal.waitFor((candidate) => candidate.clientWentAway && candidate.body.includes('long story'));
      assert.equal(entry.outcome, 'client-disconnected');
    });
  });

  describe('settings take effect without a reload', () => {
    let otherMock: MockServer | undefined;
    after(async () => {
      await settings().update('endpoints', undefined, USER);
      await settings().update('useMock', undefined, USER);
      await settings().update('mockUrl', mock.url, USER);
      await waitFor(() => api.controller.endpoints.mode === 'mock' && api.controller.endpoints.mockUrl === mock.url, { what: 'the settings to be reset' });
      await otherMock?.close();
    });

    it('sagestream.mockUrl: the next reply comes from the mock at the new URL', async () => {
      otherMock = await startTestMock();
      const endpoints = view.next('endpoints');
      await settings().update('mockUrl', otherMock.url, USER);
      await endpoints;
      await sendFromView('Which mock answers this endpoint question?');
      const state = await view.until(replyDone, { what: 'the reply to finish' });
      assert.equal(lastReply(state)?.status, 'complete');
      await otherMock.journal.waitFor((entry) => entry.body.includes('Which mock answers'));
      assert.equal(mock.journal.entries().filter((entry) => entry.body.includes('Which mock answers')).length, 0, 'the old mock was asked');
    });

    it('sagestream.endpoints: the view offers the configured AWS endpoints; Use Local Mock and Use AWS switch back and forth', async () => {
      await settings().update('endpoints', [{ label: 'Prod (eu-west-1)', endpointName: 'prod-llm', region: 'eu-west-1', profile: 'prod' }], USER);
      let state = await view.until((current) => current.endpoints.mode === 'aws', { what: 'the AWS endpoints' });
      assert.deepEqual(state.endpoints.options, [{ id: 'Prod (eu-west-1)', label: 'Prod (eu-west-1)', detail: 'prod-llm · eu-west-1 · profile prod' }]);
      assert.equal(state.endpoints.activeId, 'Prod (eu-west-1)');

      await vscode.commands.executeCommand('sagestream.useMock');
      state = await view.until((current) => current.endpoints.mode === 'mock', { what: 'the mock endpoints' });
      assert.equal(settings().get('useMock'), true);
      assert.deepEqual(state.endpoints.options.map((option) => option.id), MOCK_PROFILE_IDS);

      await vscode.commands.executeCommand('sagestream.useAws');
      await view.until((current) => current.endpoints.mode === 'aws', { what: 'the AWS endpoints again' });
      assert.equal(settings().get('useMock'), false);
    });
  });

  describe('commands', () => {
    const appFile = (): vscode.Uri => vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'app.py'));
    const APP = 'import os\n\n\ndef main():\n    print(os.getcwd())\n';

    before(async () => {
      await vscode.workspace.fs.writeFile(appFile(), new TextEncoder().encode(APP));
    });

    it('New Chat: the view shows a new, empty conversation and focuses its message box', async () => {
      const previous = view.state.conversation!;
      assert.ok(previous.messages.length > 0);
      const focus = view.next('focus-composer');
      await vscode.commands.executeCommand('sagestream.newChat');
      const state = await view.until((current) => current.conversation?.id !== previous.id, { what: 'a new conversation' });
      assert.deepEqual(state.conversation?.messages, []);
      assert.ok(state.conversations.some((summary) => summary.id === previous.id), 'the previous chat is in the history');
      await focus;
    });

    /** The endpoint status-bar item: what it shows, and what clicking it runs. */
    const endpointItem = (): vscode.StatusBarItem => statusBar.item('sagestream.endpoint');

    /** Clicks the status-bar item (runs its command) and returns the endpoint picker once it has listed the mock's endpoints. */
    async function openPickerFromStatusBar(): Promise<{ picker: ObservedQuickPick; done: Thenable<unknown> }> {
      const command = endpointItem().command;
      assert.equal(typeof command, 'string', 'the status-bar item runs a command');
      const shown = quickPicks.nextShown();
      const done = vscode.commands.executeCommand(command as string);
      const picker = await shown;
      await waitFor(() => !picker.quickPick.busy, { what: 'the picker to list the endpoints' });
      return { picker, done };
    }

    async function backToMockMessages(): Promise<void> {
      // Back to the endpoint the other tests use, the way the view's dropdown does it.
      await settings().update('defaultEndpoint', undefined, USER);
      await api.controller.handle({ type: 'select-endpoint', endpointId: 'mock-messages' });
      await view.until((state) => state.endpoints.activeId === 'mock-messages', { what: 'mock-messages to be selected' });
      assert.equal(endpointItem().text, '$(server) mock-messages');
    }

    it('Select Endpoint (the status-bar item): lists the mock\'s endpoints from its control plane with model, instances and detected format; the pick becomes the endpoint, in the status bar and the settings', async function () {
      this.timeout(60_000);
      assert.equal(endpointItem().text, '$(server) mock-messages');
      assert.equal(endpointItem().command, 'sagestream.selectEndpoint');
      assert.match(endpointItem().tooltip as string, /^SageStream: mock-messages · format messages · local mock http:\/\/127\.0\.0\.1:\d+\n/);
      const { picker, done } = await openPickerFromStatusBar();
      // While the control plane answers: busy, with the configured endpoints and "Enter a name…".
      assert.equal(picker.whenShown.busy, true);
      assert.equal(picker.whenShown.placeholder, 'Reading the endpoints from the SageMaker control plane…');
      assert.match(picker.whenShown.title ?? '', /^SageStream endpoint — the local mock at http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(picker.whenShown.labels.length, MOCK_PROFILE_IDS.length + 1);
      assert.equal(picker.whenShown.labels.at(-1), '$(edit) Enter a name…');

      const { quickPick } = picker;
      assert.equal(quickPick.placeholder, '13 endpoint(s) in service — model · instances · detected format');
      // Every endpoint once (each inference component on its own), newest first as the control plane lists them, then "Enter a name…".
      assert.deepEqual(
        quickPick.items.map((item) => item.label),
        ['mock-ab', 'mock-ic / ic-qwen', 'mock-ic / ic-llama', 'mock-sglang', 'mock-vllm-reasoning-legacy', 'mock-vllm', 'mock-lmi-async', 'mock-lmi-chat', 'mock-lmi-sse', 'mock-messages', 'mock-tgi', 'mock-lmi-legacy', 'mock-lmi', '$(edit) Enter a name…'],
      );
      const byLabel = new Map(quickPick.items.map((item) => [item.label, item]));
      const formats: Record<string, string> = {
        'mock-messages': 'messages',
        'mock-tgi': 'tgi',
        'mock-lmi': 'lmi',
        'mock-lmi-legacy': 'lmi-legacy',
        'mock-lmi-sse': 'lmi',
        'mock-lmi-chat': 'messages',
        'mock-lmi-async': 'messages',
        'mock-vllm': 'messages',
        'mock-vllm-reasoning-legacy': 'messages',
        'mock-sglang': 'messages',
      };
      for (const [name, format] of Object.entries(formats)) {
        assert.match(byLabel.get(name)?.description ?? `${name} missing`, new RegExp(` · ml\\.g5\\.2xlarge × 1 · format ${format}$`));
      }
      assert.equal(byLabel.get('mock-vllm')!.description, 'Qwen/Qwen3-8B · ml.g5.2xlarge × 1 · format messages');
      assert.equal(byLabel.get('mock-vllm-reasoning-legacy')!.description, 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B · ml.g5.2xlarge × 1 · format messages');
      assert.equal(byLabel.get('mock-ab')!.description, 'meta-llama/Llama-3.1-8B-Instruct · ml.g5.2xlarge × 2, ml.g6.2xlarge × 1 · format messages');
      // Each inference component with its own container and model, on the endpoint's instances.
      assert.equal(byLabel.get('mock-ic / ic-llama')!.description, 'meta-llama/Llama-3.1-8B-Instruct · ml.g5.12xlarge × 2 · format messages');
      assert.match(byLabel.get('mock-ic / ic-llama')!.detail!, /^djl-inference 0\.35\.0 image with OPTION_ASYNC_MODE/);
      assert.equal(byLabel.get('mock-ic / ic-qwen')!.description, 'Qwen/Qwen3-8B · ml.g5.12xlarge × 2 · format messages');
      assert.match(byLabel.get('mock-ic / ic-qwen')!.detail!, /^vLLM image → /);
      assert.match(byLabel.get('mock-lmi-legacy')!.description!, /^DeepSpeed on LMI 0\.23\.0 · /);
      assert.match(byLabel.get('mock-lmi-legacy')!.detail!, /djl-inference 0\.23\.0 image without OPTION_ROLLING_BATCH/);
      assert.match(byLabel.get('mock-sglang')!.detail!, /^SGLang image → /);

      await acceptQuickPickItem(quickPick, 'mock-tgi');
      await done;
      await view.until((state) => state.endpoints.activeId === 'mock-tgi', { what: 'mock-tgi to be selected' });
      assert.equal(settings().get('defaultEndpoint'), 'mock-tgi');
      assert.equal(endpointItem().text, '$(server) mock-tgi');
      assert.match(endpointItem().tooltip as string, /^SageStream: mock-tgi · format tgi · /);
      await backToMockMessages();
    });

    it('Select Endpoint: an inference component of the mock becomes the endpoint, and the next reply comes from that component', async function () {
      this.timeout(60_000);
      const { picker, done } = await openPickerFromStatusBar();
      await acceptQuickPickItem(picker.quickPick, 'mock-ic / ic-llama');
      await done;
      await view.until((state) => state.endpoints.activeId === 'mock-ic/ic-llama', { what: 'mock-ic / ic-llama to be selected' });
      assert.equal(settings().get('defaultEndpoint'), 'mock-ic/ic-llama');
      assert.equal(endpointItem().text, '$(server) mock-ic · ic-llama');
      await sendFromView('Which inference component answers this?');
      const state = await view.until(replyDone, { what: 'the reply to finish' });
      assert.equal(lastReply(state)?.status, 'complete');
      const entry = await mock.journal.waitFor((candidate) => candidate.body.includes('Which inference component answers this?'));
      assert.equal(entry.endpoint, 'mock-ic');
      assert.equal(entry.headers['x-amzn-sagemaker-inference-component'], 'ic-llama');
      assert.equal(entry.outcome, 'completed');
      await backToMockMessages();
      // The next tests count the messages of a chat of their own.
      await vscode.commands.executeCommand('sagestream.newChat');
      await view.until((state) => state.conversation?.messages.length === 0, { what: 'a new conversation' });
    });

    it('Select Endpoint: Esc closes the picker and keeps the endpoint', async function () {
      this.timeout(60_000);
      const { done } = await openPickerFromStatusBar();
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await done;
      assert.equal(view.state.endpoints.activeId, 'mock-messages');
      assert.equal(endpointItem().text, '$(server) mock-messages');
      assert.equal(settings().inspect('defaultEndpoint')?.globalValue, undefined, 'nothing was saved');
    });

    it('Select Endpoint: the endpoint the user moved to while the list loads stays highlighted when the list arrives, and Enter picks it', async function () {
      this.timeout(60_000);
      const shown = quickPicks.nextShown();
      const done = vscode.commands.executeCommand(endpointItem().command as string);
      const { quickPick } = await shown;
      // Among the configured endpoints, before the control plane answered: down to mock-tgi.
      const configuredTgi = quickPick.items.find((item) => item.label === 'mock-tgi');
      assert.ok(configuredTgi, 'mock-tgi is among the configured endpoints');
      quickPick.activeItems = [configuredTgi];
      assert.equal(quickPick.busy, true, 'the list is still loading');
      await waitFor(() => !quickPick.busy, { what: 'the picker to list the endpoints' });
      // The workbench reports the active entry of the new list back to the extension host.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(quickPick.items[0]?.label, 'mock-ab', 'the new list starts with another endpoint');
      assert.equal(quickPick.activeItems[0]?.label, 'mock-tgi');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await done;
      await view.until((state) => state.endpoints.activeId === 'mock-tgi', { what: 'mock-tgi to be selected' });
      await backToMockMessages();
    });

    it('Ask About Selection: sends the question with the selected code, its language, file and lines', async () => {
      const editor = await vscode.window.showTextDocument(appFile());
      editor.selection = new vscode.Selection(3, 0, 5, 0);
      await withPromptAnswered({ prompt: 'showInputBox', answer: async () => 'What does main do?' }, () => vscode.commands.executeCommand('sagestream.askAboutSelection'));
      const state = await view.until(replyDone, { what: 'the answer' });
      const question = state.conversation!.messages.at(-2)!;
      assert.equal(question.text, 'What does main do?\n\nFrom `app.py` (python, lines 4–5):\n\n```python\ndef main():\n    print(os.getcwd())\n```');
      assert.equal(lastReply(state)?.status, 'complete');
    });

    it('Explain This File: sends the whole active file', async () => {
      await vscode.window.showTextDocument(appFile());
      await vscode.commands.executeCommand('sagestream.explainFile');
      const state = await view.until((current) => replyDone(current) && current.conversation!.messages.length === 4, { what: 'the explanation' });
      const prompt = state.conversation!.messages[2]!.text;
      assert.match(prompt, /`app\.py`/);
      assert.ok(prompt.includes(APP.trimEnd()), prompt);
    });

    it('Export Chat (Markdown): opens the conversation as a Markdown document', async () => {
      await vscode.commands.executeCommand('sagestream.exportChat');
      const document = vscode.window.activeTextEditor?.document;
      assert.equal(document?.languageId, 'markdown');
      const markdown = document!.getText();
      assert.ok(markdown.includes('What does main do?'), markdown.slice(0, 300));
      assert.ok(markdown.includes(lastReply(view.state)!.text.slice(0, 80)), 'the reply is in the export');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('Clear History: asks first; Cancel keeps the history, Delete removes every conversation', async () => {
      const count = view.state.conversations.length;
      assert.ok(count >= 2, `history holds ${count} conversation(s)`);
      const asked: string[] = [];
      // Dismissed: the prompt resolves with undefined.
      await withPromptAnswered({ prompt: 'showWarningMessage', answer: async (message: string) => void asked.push(message) }, () => vscode.commands.executeCommand('sagestream.clearHistory'));
      assert.deepEqual(asked, [`Delete all ${count} saved conversations? This cannot be undone.`]);
      assert.equal(view.state.conversations.length, count);
      await withPromptAnswered({ prompt: 'showWarningMessage', answer: async () => 'Delete' }, () => vscode.commands.executeCommand('sagestream.clearHistory'));
      const state = await view.until((current) => current.conversations.length === 0, { what: 'an empty history' });
      assert.deepEqual(state.conversation?.messages, []);
    });
  });

  describe('history', () => {
    it('saves a conversation for the window reload (checked after it)', async () => {
      const prompt = 'Remember this stream across the reload';
      await sendFromView(prompt);
      const state = await view.until(replyDone, { what: 'the reply to finish' });
      assert.equal(lastReply(state)?.status, 'complete');
      // Saving is asynchronous (Memento): wait until the chat engine has nothing pending.
      await api.controller.idle();
      const conversationId = state.conversation!.id;
      const title = state.conversations.find((summary) => summary.id === conversationId)?.title;
      assert.equal(title, prompt, 'the history lists the chat under its first prompt');
      const expectation: ReloadExpectation = { conversationId, title, prompt, reply: lastReply(state)!.text };
      await writeFile(reloadMarkerPath(), JSON.stringify(expectation));
    });
  });
});

import path from 'node:path';

/** Options of {@link createFakeVscode}. */
export interface FakeVscodeOptions {
  settings: Record<string, unknown>;
  /** The editor that is active, if any. */
  editor?: { fileName: string; languageId: string; text: string; selection: { start: number; end: number } };
  /** What showInputBox answers. */
  inputBoxAnswer?: string;
}

/** A language-model provider as the extension registers it (the methods the tests call). */
export interface FakeLanguageModelProvider {
  provideLanguageModelChatInformation(options: { silent: boolean }, token: unknown): unknown;
  provideLanguageModelChatResponse(model: unknown, messages: unknown[], options: unknown, progress: { report(part: unknown): void }, token: FakeCancellationToken): Promise<void>;
  provideTokenCount(model: unknown, text: unknown, token: unknown): Promise<number>;
}

/** A cancellation token the tests control. */
export interface FakeCancellationToken {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** A token and the function that cancels it. */
export function createCancellation(): { token: FakeCancellationToken; cancel(): void } {
  const listeners: (() => void)[] = [];
  const token: FakeCancellationToken = {
    isCancellationRequested: false,
    onCancellationRequested: (listener) => {
      listeners.push(listener);
      return { dispose: () => void listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
  return {
    token,
    cancel: () => {
      token.isCancellationRequested = true;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** A tiny `Uri` with what the extension uses. */
function uri(fsPath: string) {
  return { fsPath, path: fsPath, scheme: 'file', toString: () => `https://file+.vscode-resource.vscode-cdn.net${fsPath}` };
}

/**
 * Just enough of the `vscode` API to load the built extension bundle in Node and drive it: the
 * view, its webview, commands, settings, editors, clipboard. The real API is exercised by the
 * VS Code suite (code-server); this checks the bundle's wiring without a workbench.
 */
export function createFakeVscode(options: FakeVscodeOptions) {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const contextKeys: Record<string, unknown> = {};
  const configListeners: ((event: { affectsConfiguration(section: string): boolean }) => void)[] = [];
  const recorded = { clipboard: '', inserted: [] as string[], opened: [] as string[], documents: [] as string[], executed: [] as string[], statusBar: { text: '', command: '' as unknown, visible: false } };
  let provider: { resolveWebviewView(view: unknown): void } | undefined;
  /** What the extension registered with `vscode.lm` and `vscode.chat`. */
  const languageModelProviders = new Map<string, FakeLanguageModelProvider>();
  const chatParticipants = new Map<string, { handler: (...args: never[]) => unknown; followupProvider?: unknown; iconPath?: unknown }>();
  const lines = options.editor ? options.editor.text.split('\n') : [];
  const offsetOf = (offset: number) => {
    let line = 0;
    let rest = offset;
    while (line < lines.length - 1 && rest > lines[line]!.length) rest -= lines[line++]!.length + 1;
    return { line, character: rest };
  };
  const editor = options.editor && {
    document: {
      fileName: options.editor.fileName,
      uri: uri(options.editor.fileName),
      isUntitled: false,
      languageId: options.editor.languageId,
      getText: (range?: { offsets: [number, number] }) => (range ? options.editor!.text.slice(...range.offsets) : options.editor!.text),
    },
    selection: { isEmpty: options.editor.selection.start === options.editor.selection.end, start: offsetOf(options.editor.selection.start), end: offsetOf(options.editor.selection.end), offsets: [options.editor.selection.start, options.editor.selection.end] as [number, number] },
    get selections() {
      return [this.selection];
    },
    viewColumn: 1,
    edit: async (build: (builder: { replace(selection: unknown, text: string): void }) => void) => {
      build({ replace: (_selection, text) => recorded.inserted.push(text) });
      return true;
    },
  };
  class EventEmitter<T> {
    listeners: ((value: T) => void)[] = [];
    event = (listener: (value: T) => void) => {
      this.listeners.push(listener);
      return { dispose: () => void (this.listeners = this.listeners.filter((other) => other !== listener)) };
    };
    fire(value: T): void {
      for (const listener of this.listeners) listener(value);
    }
    dispose(): void {
      this.listeners = [];
    }
  }
  class LanguageModelError extends Error {
    static NoPermissions = (message?: string) => new LanguageModelError(message, 'NoPermissions');
    static Blocked = (message?: string) => new LanguageModelError(message, 'Blocked');
    static NotFound = (message?: string) => new LanguageModelError(message, 'NotFound');
    constructor(
      message?: string,
      readonly code = 'Unknown',
    ) {
      super(message);
    }
  }
  const vscode = {
    EventEmitter,
    LanguageModelError,
    LanguageModelChatToolMode: { Auto: 1, Required: 2 },
    LanguageModelTextPart: class {
      constructor(readonly value: string) {}
    },
    LanguageModelToolCallPart: class {
      constructor(
        readonly callId: string,
        readonly name: string,
        readonly input: object,
      ) {}
    },
    Location: class {
      constructor(
        readonly uri: unknown,
        readonly range: unknown,
      ) {}
    },
    ChatRequestTurn: class {},
    ChatResponseTurn: class {},
    ChatResponseMarkdownPart: class {},
    lm: {
      registerLanguageModelChatProvider: (vendor: string, registered: FakeLanguageModelProvider) => {
        languageModelProviders.set(vendor, registered);
        return { dispose: () => void languageModelProviders.delete(vendor) };
      },
    },
    chat: {
      createChatParticipant: (id: string, handler: (...args: never[]) => unknown) => {
        const participant = { handler, dispose: () => void chatParticipants.delete(id) };
        chatParticipants.set(id, participant);
        return participant;
      },
    },
    Uri: { joinPath: (base: { fsPath: string }, ...parts: string[]) => uri(path.join(base.fsPath, ...parts)), parse: (value: string) => ({ toString: () => value }), file: uri },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    window: {
      createStatusBarItem: () => {
        const item = {
          name: '',
          tooltip: '' as unknown,
          set text(value: string) {
            recorded.statusBar.text = value;
          },
          get text() {
            return recorded.statusBar.text;
          },
          set command(value: unknown) {
            recorded.statusBar.command = value;
          },
          show: () => void (recorded.statusBar.visible = true),
          dispose: () => void (recorded.statusBar.visible = false),
        };
        return item;
      },
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, dispose() {} }),
      registerWebviewViewProvider: (id: string, registered: typeof provider) => {
        if (id !== 'sagestream.chatView') throw new Error(`unexpected view id ${id}`);
        provider = registered;
        return { dispose() {} };
      },
      get activeTextEditor() {
        return editor;
      },
      visibleTextEditors: editor ? [editor] : [],
      showInformationMessage: async () => undefined,
      showWarningMessage: async (_message: string, _options: unknown, ...items: string[]) => items[0],
      showInputBox: async () => options.inputBoxAnswer,
      showQuickPick: async (items: { id: string }[]) => items.at(-1),
      showTextDocument: async () => undefined,
      createTerminal: () => ({ show() {}, sendText(text: string) { recorded.executed.push(text); } }),
    },
    workspace: {
      getConfiguration: () => ({
        get: (key: string) => options.settings[key],
        inspect: () => ({}),
        update: async (key: string, value: unknown) => {
          options.settings[key] = value;
          for (const listener of configListeners) listener({ affectsConfiguration: (section: string) => section === 'sagestream' || section === `sagestream.${key}` });
        },
      }),
      onDidChangeConfiguration: (listener: (typeof configListeners)[number]) => {
        configListeners.push(listener);
        return { dispose() {} };
      },
      asRelativePath: (value: { fsPath: string }) => path.basename(value.fsPath),
      openTextDocument: async (init: { content: string }) => {
        recorded.documents.push(init.content);
        return {};
      },
    },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
        commands.set(id, run);
        return { dispose() {} };
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        if (id === 'setContext') {
          contextKeys[args[0] as string] = args[1];
          return undefined;
        }
        return commands.get(id)?.(...args);
      },
    },
    env: {
      clipboard: { writeText: async (text: string) => void (recorded.clipboard = text) },
      openExternal: async (target: { toString(): string }) => {
        recorded.opened.push(target.toString());
        return true;
      },
    },
  };

  /** A webview view as VS Code would hand it to the provider, recording what is posted to it. */
  function resolveView() {
    if (!provider) throw new Error('no webview view provider registered');
    const posted: unknown[] = [];
    let receive: ((message: unknown) => unknown) | undefined;
    const webview = {
      options: {} as Record<string, unknown>,
      html: '',
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      asWebviewUri: (value: { toString(): string }) => value,
      postMessage: async (message: unknown) => {
        posted.push(message);
        return true;
      },
      onDidReceiveMessage: (listener: (message: unknown) => unknown) => {
        receive = listener;
        return { dispose() {} };
      },
    };
    provider.resolveWebviewView({ webview, onDidDispose: () => ({ dispose() {} }) });
    return { webview, posted, send: async (message: unknown) => receive?.(message) };
  }

  return { vscode, commands, contextKeys, recorded, resolveView, languageModelProviders, chatParticipants };
}

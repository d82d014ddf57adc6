// A caller extension for the VS Code suite: it reaches SageStream's chat models only through
// vscode.lm (selectChatModels, sendRequest, countTokens), with its own `vscode` API object, and
// reports what it received in plain data (part classes checked here, with this extension's API).
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS extension, loaded as VS Code loads one
const vscode = require('vscode');

/** What a part is, by the classes of this extension's API. */
function describePart(part) {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) return { kind: 'tool-call', name: part.name, callId: part.callId };
  return { kind: 'other' };
}

function describeError(error) {
  return {
    isLanguageModelError: error instanceof vscode.LanguageModelError,
    isCancellation: error instanceof vscode.CancellationError,
    code: error && typeof error.code === 'string' ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}

exports.activate = function activate() {
  return {
    /** The models a selector matches, as plain data. */
    async models(selector) {
      const models = await vscode.lm.selectChatModels(selector);
      return models.map(({ id, name, vendor, family, version, maxInputTokens }) => ({ id, name, vendor, family, version, maxInputTokens }));
    },
    /**
     * Sends one user prompt to the model with this id and reads the response stream; with
     * `cancelAfterParts`, cancels the request once that many parts have arrived; `tools` are
     * offered with tool mode Required.
     */
    async ask({ vendor, id, prompt, cancelAfterParts, tools }) {
      const [model] = await vscode.lm.selectChatModels({ vendor, id });
      if (!model) return { parts: [], error: { message: `no model ${vendor}/${id}` } };
      const source = new vscode.CancellationTokenSource();
      const parts = [];
      try {
        const tokens = await model.countTokens(prompt);
        const options = { justification: 'SageStream test suite' };
        if (tools) Object.assign(options, { tools, toolMode: vscode.LanguageModelChatToolMode.Required });
        const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], options, source.token);
        for await (const part of response.stream) {
          parts.push(describePart(part));
          if (parts.length === cancelAfterParts) source.cancel();
        }
        return { parts, tokens, cancelled: source.token.isCancellationRequested };
      } catch (error) {
        return { parts, cancelled: source.token.isCancellationRequested, error: describeError(error) };
      } finally {
        source.dispose();
      }
    },
  };
};

exports.deactivate = function deactivate() {};

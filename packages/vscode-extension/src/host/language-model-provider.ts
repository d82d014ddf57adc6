import type { ChatTool, StreamTransport } from '@sagestream/core';
import * as vscode from 'vscode';
import type { EndpointProfile } from '../chat/endpoint-profile.js';
import { supportsToolCalling, toLanguageModelInfos, type LanguageModelInfo } from '../chat/language-model-info.js';
import { estimateTokens, messageText, toChatMessages } from '../chat/language-model-messages.js';
import type { ResolvedEndpoints } from '../chat/resolve-endpoints.js';
import { LanguageModelFailure, streamLanguageModelReply } from '../chat/stream-language-model-reply.js';
import type { ToolCallView } from '../shared/protocol.js';

/** The vendor of SageStream's chat models (package.json `languageModelChatProviders`). */
export const LANGUAGE_MODEL_VENDOR = 'sagestream';

/** Options of {@link registerLanguageModelProvider}. */
export interface LanguageModelProviderOptions {
  /** The panel's endpoint list (the same resolution, so discovered endpoints appear here too). */
  endpoints(): ResolvedEndpoints;
  transportFor(profile: EndpointProfile): StreamTransport;
  /** Fires when the endpoint list changed. */
  onDidChangeEndpoints: vscode.Event<void>;
  log: vscode.LogOutputChannel;
}

/** The VS Code error for a failed request: the same actionable message as the panel's. */
function toLanguageModelError(failure: LanguageModelFailure): vscode.LanguageModelError {
  switch (failure.kind) {
    case 'no-permissions':
      return vscode.LanguageModelError.NoPermissions(failure.message);
    case 'not-found':
      return vscode.LanguageModelError.NotFound(failure.message);
    case 'blocked':
      return vscode.LanguageModelError.Blocked(failure.message);
    default:
      return new vscode.LanguageModelError(failure.message);
  }
}

/** VS Code's tools as core's (name, description, JSON Schema). */
function toChatTools(tools: readonly vscode.LanguageModelChatTool[] | undefined): ChatTool[] {
  return (tools ?? []).map((tool) => ({ name: tool.name, description: tool.description, ...(tool.inputSchema ? { parameters: tool.inputSchema as Record<string, unknown> } : {}) }));
}

function toolCallPart(call: ToolCallView): vscode.LanguageModelToolCallPart {
  let input: object = {};
  try {
    const parsed: unknown = JSON.parse(call.arguments || '{}');
    input = typeof parsed === 'object' && parsed !== null ? parsed : { value: parsed };
  } catch {
    // Arguments that are not JSON reach the caller as they came.
    input = { arguments: call.arguments };
  }
  return new vscode.LanguageModelToolCallPart(call.id, call.name, input);
}

/**
 * Registers every SageStream endpoint as a VS Code chat model (vendor `sagestream`): the thin glue
 * between VS Code's provider API and the plain modules in src/chat.
 */
export function registerLanguageModelProvider(options: LanguageModelProviderOptions): vscode.Disposable {
  const provider: vscode.LanguageModelChatProvider<LanguageModelInfo> = {
    onDidChangeLanguageModelChatInformation: options.onDidChangeEndpoints,
    // VS Code asks with `silent: true` while selecting models: this never prompts anyway.
    provideLanguageModelChatInformation: () => toLanguageModelInfos(options.endpoints()),
    async provideLanguageModelChatResponse(model, messages, requestOptions, progress, token) {
      const profile = options.endpoints().profiles.find((candidate) => candidate.id === model.id);
      if (!profile) throw vscode.LanguageModelError.NotFound(`The SageStream endpoint "${model.id}" is no longer configured.`);
      const controller = new AbortController();
      // Cancellation closes the HTTP stream at once, as Stop does in the panel.
      const cancelled = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
      if (token.isCancellationRequested) controller.abort(new Error('cancelled'));
      try {
        const transport = options.transportFor(profile);
        // Tools only where the request body can carry them (the model says so in its capabilities).
        const tools = supportsToolCalling(profile) ? toChatTools(requestOptions.tools) : [];
        const { status, stats } = await streamLanguageModelReply({
          transport,
          profile,
          messages: toChatMessages(messages, { tools: supportsToolCalling(profile) }),
          ...(tools.length > 0 ? { tools, toolChoice: requestOptions.toolMode === vscode.LanguageModelChatToolMode.Required ? ('required' as const) : ('auto' as const) } : {}),
          signal: controller.signal,
          onText: (text) => progress.report(new vscode.LanguageModelTextPart(text)),
          onToolCall: (call) => progress.report(toolCallPart(call)),
        });
        options.log.info(`Chat model ${profile.label}: ${status}, ${stats.tokens ?? 0} tokens.`);
      } catch (error) {
        if (error instanceof LanguageModelFailure) {
          options.log.warn(`Chat model ${profile.label}: ${error.info.code}: ${error.info.message}`);
          throw toLanguageModelError(error);
        }
        throw new vscode.LanguageModelError(`${error instanceof Error ? error.message : String(error)}\nFix: Check this endpoint in the sagestream.endpoints setting.`);
      } finally {
        cancelled.dispose();
      }
    },
    provideTokenCount: async (_model, text) => estimateTokens(messageText(text)),
  };
  return vscode.lm.registerLanguageModelChatProvider(LANGUAGE_MODEL_VENDOR, provider);
}

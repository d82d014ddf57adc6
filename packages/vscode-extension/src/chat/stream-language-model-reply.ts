import type { ChatMessage, ChatTool, ChatToolChoice, StreamTransport } from '@sagestream/core';
import type { ErrorInfo, ReplyStats, ToolCallView } from '../shared/protocol.js';
import type { EndpointProfile } from './endpoint-profile.js';
import { runReply } from './run-reply.js';

/** How a failed request maps to VS Code's `LanguageModelError` (its static constructors, or a plain one). */
export type LanguageModelFailureKind = 'no-permissions' | 'not-found' | 'blocked' | 'unknown';

/** A failed language-model request: the panel's error, and the kind of `LanguageModelError` to throw. */
export class LanguageModelFailure extends Error {
  override readonly name = 'LanguageModelFailure';
  constructor(
    readonly kind: LanguageModelFailureKind,
    readonly info: ErrorInfo,
  ) {
    super(describeError(info));
  }
}

/** Which `LanguageModelError` a panel error is. */
export function failureKindOf(info: ErrorInfo): LanguageModelFailureKind {
  switch (info.code) {
    case 'credentials-missing':
    case 'credentials-expired':
    case 'access-denied':
      return 'no-permissions';
    case 'throttling':
      return 'blocked';
    case 'no-endpoint':
      return 'not-found';
    case 'validation-error':
      // SageMaker's answer for an endpoint that does not exist (wire spec: "Endpoint X of account Y not found.").
      return /\bnot found\b/i.test(info.message) ? 'not-found' : 'unknown';
    default:
      return 'unknown';
  }
}

/**
 * One message with everything the panel shows for an error: what happened, the container's status,
 * the fix (with its command, e.g. `aws sso login --profile NAME`), the CloudWatch log link and the
 * request id — a language-model error carries only a message.
 */
export function describeError(info: ErrorInfo): string {
  const lines = [`${info.message || 'The request failed.'} (${info.code})`];
  if (info.originalStatusCode !== undefined) lines.push(`Original status from the model container: ${info.originalStatusCode}.`);
  if (info.fix) lines.push(`Fix: ${info.fix}`);
  // core's fix for a ModelError usually is the log link itself: say it once.
  if (info.logUrl && !info.fix?.includes(info.logUrl)) lines.push(`Container logs: ${info.logUrl}`);
  if (info.requestId) lines.push(`Request id: ${info.requestId}`);
  return lines.join('\n');
}

/** Options of {@link streamLanguageModelReply}. */
export interface StreamLanguageModelReplyOptions {
  transport: StreamTransport;
  profile: EndpointProfile;
  messages: readonly ChatMessage[];
  /** Tools the model may call (only for models that support tool calling, see `toLanguageModelInfo`). */
  tools?: readonly ChatTool[];
  toolChoice?: ChatToolChoice;
  /** Cancellation: aborts the HTTP stream at once (as Stop does in the panel). */
  signal: AbortSignal;
  /** Each piece of text as it arrives (no batching: VS Code renders its own way). */
  onText(text: string): void;
  onToolCall?(call: ToolCallView): void;
  now?: () => number;
}

/**
 * Streams one reply for VS Code's language-model API through core's client: text and tool calls as
 * they arrive; resolves with the reply's stats when it completes or is cancelled; rejects with a
 * {@link LanguageModelFailure} (the panel's actionable error) when it fails.
 */
export async function streamLanguageModelReply(options: StreamLanguageModelReplyOptions): Promise<{ status: 'complete' | 'stopped'; stats: ReplyStats }> {
  const outcome = await runReply({
    transport: options.transport,
    profile: options.profile,
    messages: options.messages,
    signal: options.signal,
    ...(options.tools && options.tools.length > 0 ? { tools: options.tools } : {}),
    ...(options.toolChoice ? { toolChoice: options.toolChoice } : {}),
    flushIntervalMs: 0,
    now: options.now ?? (() => performance.now()),
    onText: options.onText,
    ...(options.onToolCall ? { onToolCall: options.onToolCall } : {}),
  });
  if (outcome.status === 'failed') {
    const info = outcome.error ?? { code: 'unknown-error', message: 'The request failed.' };
    throw new LanguageModelFailure(failureKindOf(info), info);
  }
  return { status: outcome.status, stats: outcome.stats };
}

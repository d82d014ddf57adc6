import { SageStreamError, isSageStreamError, type SerializedError } from '../errors.js';
import type { ContainerFormat, FinishReason, TokenUsage, ToolCall } from '../formats/token-part.js';
import { isSessionId } from '../session/parse-session-header.js';
import { invokeStream, type InvocationMetrics } from '../transport/invoke-stream.js';
import type { InvokeStreamMetadata, StreamTransport } from '../transport/transport.js';
import type { ChatMessage, ChatTool, ChatToolChoice, GenerationParameters } from './chat-message.js';
import type { PromptTemplateName } from './prompt-templates.js';
import { buildRequestBody } from './request-body.js';
import { createStopSequenceFilter } from './stop-sequence-filter.js';

/** An endpoint as the chat engine sees it: where to send, in which format, with which defaults. */
export interface ChatEndpoint {
  endpointName: string;
  format?: ContainerFormat | 'auto';
  template?: PromptTemplateName;
  parameters?: GenerationParameters;
  systemPrompt?: string;
  customAttributes?: string;
  targetVariant?: string;
  targetContainerHostname?: string;
  inferenceComponentName?: string;
  /** Request the Messages API usage chunk (`stream_options.include_usage`; default true). */
  includeUsage?: boolean;
}

/** What {@link streamChat} yields: the reply as it streams, then exactly one `message-end` or `error`. */
export type ChatEvent =
  | { type: 'response-start'; metadata: InvokeStreamMetadata }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | ({ type: 'tool-call' } & ToolCall)
  | { type: 'message-end'; finishReason?: FinishReason; usage?: TokenUsage; toolCalls?: ToolCall[]; metrics: InvocationMetrics; format?: ContainerFormat }
  | { type: 'error'; error: SerializedError; metrics?: InvocationMetrics };

/** Options of {@link streamChat}. */
export interface StreamChatOptions {
  transport: StreamTransport;
  endpoint: ChatEndpoint;
  /** The conversation so far, ending with the user's new message. The endpoint's system prompt is added when none is given. */
  messages: readonly ChatMessage[];
  /** A stateful session opened with `newSession()`: sent as `SessionId` so the same instance answers. */
  sessionId?: string;
  signal?: AbortSignal;
  /** Tools the model may call (Messages API formats only); calls stream back as `tool-call` events. */
  tools?: readonly ChatTool[];
  toolChoice?: ChatToolChoice;
}

/**
 * Streams one assistant reply: builds the container's request body, invokes the endpoint, filters
 * special tokens and stop sequences (safe under any split), and reports metrics. Never throws for
 * service, model, network or abort failures: they end the stream as an `error` event, after the
 * text received so far.
 *
 * @example
 * for await (const event of streamChat({ transport, endpoint: { endpointName: 'mock-messages' }, messages })) {
 *   if (event.type === 'text-delta') render(event.text);
 * }
 */
export async function* streamChat(options: StreamChatOptions): AsyncGenerator<ChatEvent, void, undefined> {
  const { endpoint, transport } = options;
  const format = endpoint.format ?? 'auto';
  const messages = withSystemPrompt(options.messages, endpoint.systemPrompt);
  // Our own controller: a stop sequence ends the request early, and so does the caller's signal.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let metrics: InvocationMetrics | undefined;
  try {
    if (options.sessionId !== undefined && !isSessionId(options.sessionId)) {
      // NEW_SESSION included: the streaming operation cannot open a session (wire spec §13.1).
      throw new SageStreamError('invalid-argument', `sessionId must be the id of an open session, got ${JSON.stringify(options.sessionId.slice(0, 300))}.`, {
        expected: 'an id from newSession()',
        actual: options.sessionId.slice(0, 300),
        fix: 'Open a session with newSession() (InvokeEndpoint) and pass its id; InvokeEndpointWithResponseStream cannot open one.',
      });
    }
    const request = buildRequestBody({
      messages,
      format,
      ...(endpoint.template ? { template: endpoint.template } : {}),
      ...(endpoint.parameters ? { parameters: endpoint.parameters } : {}),
      ...(endpoint.includeUsage !== undefined ? { includeUsage: endpoint.includeUsage } : {}),
      ...(options.tools ? { tools: options.tools } : {}),
      ...(options.toolChoice ? { toolChoice: options.toolChoice } : {}),
    });
    const stream = await invokeStream({
      transport,
      signal: controller.signal,
      ...(format === 'auto' ? {} : { format }),
      request: {
        endpointName: endpoint.endpointName,
        body: request.body,
        contentType: request.contentType,
        ...(endpoint.customAttributes ? { customAttributes: endpoint.customAttributes } : {}),
        ...(endpoint.targetVariant ? { targetVariant: endpoint.targetVariant } : {}),
        ...(endpoint.targetContainerHostname ? { targetContainerHostname: endpoint.targetContainerHostname } : {}),
        ...(endpoint.inferenceComponentName ? { inferenceComponentName: endpoint.inferenceComponentName } : {}),
        ...(options.sessionId ? { sessionId: options.sessionId } : {}),
      },
    });
    metrics = stream.metrics;
    yield { type: 'response-start', metadata: stream.metadata };
    const stops = createStopSequenceFilter(request.stop);
    let started = false; // leading whitespace of a reply is not shown
    const visible = (text: string): string => {
      if (started) return text;
      const trimmed = text.trimStart();
      if (trimmed !== '') started = true;
      return trimmed;
    };
    for await (const part of stream) {
      switch (part.type) {
        case 'text-delta': {
          const result = stops.push(part.text);
          const text = visible(result.text);
          if (text !== '') yield { type: 'text-delta', text };
          if (result.stopped) {
            controller.abort(new Error('stop sequence'));
            yield { type: 'message-end', finishReason: 'stop-sequence', metrics: stream.metrics, ...(stream.format ? { format: stream.format } : {}) };
            return;
          }
          break;
        }
        case 'reasoning-delta':
          yield { type: 'reasoning-delta', text: part.text };
          break;
        case 'tool-call-delta':
        case 'tool-call':
          yield part;
          break;
        case 'message-end': {
          // A container that stopped on one of our stop sequences may already have streamed its
          // first characters (which we withheld): drop them unless the reply was cut by length.
          const withheld = stops.flush();
          const droppedStop = withheld !== '' && part.finishReason !== 'length';
          const rest = droppedStop ? '' : visible(withheld);
          if (rest !== '') yield { type: 'text-delta', text: rest };
          const finishReason = droppedStop ? 'stop-sequence' : part.finishReason;
          yield {
            type: 'message-end',
            ...(finishReason ? { finishReason } : {}),
            ...(part.usage ? { usage: part.usage } : {}),
            ...(part.toolCalls ? { toolCalls: part.toolCalls } : {}),
            metrics: stream.metrics,
            ...(stream.format ? { format: stream.format } : {}),
          };
          return;
        }
        case 'stream-error': {
          const rest = visible(stops.flush());
          if (rest !== '') yield { type: 'text-delta', text: rest };
          yield { type: 'error', error: streamErrorToSerialized(part, endpoint.endpointName), metrics: stream.metrics };
          return;
        }
      }
    }
  } catch (error) {
    const serialized = isSageStreamError(error)
      ? error.toJSON()
      : new SageStreamError('unknown-error', error instanceof Error ? error.message : String(error), { cause: error }).toJSON();
    yield { type: 'error', error: serialized, ...(metrics ? { metrics } : {}) };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort(); // releases the connection if the consumer stopped early
  }
}

function withSystemPrompt(messages: readonly ChatMessage[], systemPrompt: string | undefined): ChatMessage[] {
  if (!systemPrompt || messages.some((message) => message.role === 'system')) return [...messages];
  return [{ role: 'system', content: systemPrompt }, ...messages];
}

function streamErrorToSerialized(part: { code: string; message: string; source: 'container' | 'service'; status?: number; errorType?: string }, endpointName: string): SerializedError {
  if (part.source === 'service') {
    const code = part.errorType === 'InternalStreamFailure' ? 'internal-stream-failure' : part.errorType === 'ModelStreamError' ? 'model-stream-error' : 'service-error';
    const fix =
      part.code === 'ModelInvocationTimeExceeded'
        ? 'The model took longer than SageMaker allows: ask for fewer tokens (max tokens) or use a faster instance.'
        : part.code === 'StreamBroken'
          ? 'The connection to the model container broke: retry; check the endpoint logs if it repeats.'
          : 'Retry the request; check the endpoint logs in CloudWatch if it repeats.';
    return { code, message: part.message, serviceCode: part.code, endpointName, fix };
  }
  return {
    code: 'container-error',
    message: part.message,
    serviceCode: part.code,
    endpointName,
    ...(part.status !== undefined ? { statusCode: part.status } : {}),
    fix: 'The model server reported this error inside its reply; see the endpoint logs in CloudWatch for details.',
  };
}

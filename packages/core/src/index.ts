/**
 * `@sagestream/core`: decode Amazon SageMaker InvokeEndpointWithResponseStream responses and
 * stream replies from endpoints. This entry exports exactly the API the README documents (a test
 * holds the two together); `@sagestream/core/client` adds the Node transport over the AWS SDK.
 */
export { SageStreamError, isSageStreamError } from './errors.js';
export type { SageStreamErrorCode, SerializedError } from './errors.js';

// Decoding: HTTP body or PayloadPart bytes → token parts.
export { decodeResponseStream, decodePayloadStream } from './decode/decode-response-stream.js';
export type { DecodeResponseOptions, DecodePayloadOptions } from './decode/decode-response-stream.js';
export type { ByteSource } from './decode/async-iterables.js';
export { createResponseDecoder } from './decode/create-response-decoder.js';
export type { ResponseDecoder, ResponseDecoderOptions } from './decode/create-response-decoder.js';
export { createSageMakerEventDecoder } from './event-stream/sagemaker-event-decoder.js';
export type { SageMakerEventDecoder, SageMakerEventDecoderOptions } from './event-stream/sagemaker-event-decoder.js';
export type { SageMakerStreamEvent } from './event-stream/sagemaker-stream-event.js';
export { createTokenParser } from './formats/create-token-parser.js';
export type { TokenParser, TokenParserOptions } from './formats/create-token-parser.js';
export { CONTAINER_FORMATS } from './formats/token-part.js';
export type {
  TokenPart,
  TextDeltaPart,
  ReasoningDeltaPart,
  ToolCallDeltaPart,
  MessageEndPart,
  StreamErrorPart,
  ContainerFormat,
  ContainerFraming,
  FinishReason,
  TokenUsage,
} from './formats/token-part.js';
export { normalizeContentType } from './formats/detect-format.js';

// Encoding: what the mock endpoint (and tests) write.
export { EVENT_STREAM_CONTENT_TYPE } from './event-stream/constants.js';
export { encodePayloadPart, PAYLOAD_PART_OVERHEAD, encodeModelStreamError, encodeInternalStreamFailure } from './event-stream/sagemaker-event-encoder.js';

// Client: transports, invocations with metrics, the chat engine.
export type { StreamTransport, TransportResponse, InvokeStreamRequest, InvokeStreamMetadata, InvokeEndpointRequest, InvokeEndpointResponse } from './transport/transport.js';
export { createFetchTransport } from './transport/fetch-transport.js';
export type { FetchTransportOptions } from './transport/fetch-transport.js';
export { invokeStream } from './transport/invoke-stream.js';
export type { InvocationMetrics, InvocationStream, InvokeStreamOptions } from './transport/invoke-stream.js';
export { logStreamUrl } from './transport/service-errors.js';

// Stateful sessions.
export { newSession, closeSession, isSessionExpired } from './session/stateful-session.js';
export type { StatefulSession, SessionTarget, NewSessionOptions, CloseSessionOptions } from './session/stateful-session.js';
export { parseSessionHeader } from './session/parse-session-header.js';
export type { SessionHeader } from './session/parse-session-header.js';

export { streamChat } from './chat/stream-chat.js';
export type { ChatEndpoint, ChatEvent, StreamChatOptions } from './chat/stream-chat.js';
export type { ChatMessage, ChatRole, ChatTool, ChatToolCall, ChatToolChoice, GenerationParameters } from './chat/chat-message.js';
export { PROMPT_TEMPLATE_NAMES } from './chat/prompt-templates.js';
export type { PromptTemplateName } from './chat/prompt-templates.js';

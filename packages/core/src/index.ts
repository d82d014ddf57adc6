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
export { encodePayloadPart, PAYLOAD_PART_OVERHEAD, encodeModelStreamError, encodeInternalStreamFailure, encodeExceptionFrame } from './event-stream/sagemaker-event-encoder.js';

// The event-stream layer itself (frames of any AWS event stream).
export { createEventStreamDecoder } from './event-stream/message-decoder.js';
export type { EventStreamDecoder, EventStreamDecoderOptions, EventStreamMessage } from './event-stream/message-decoder.js';
export { encodeEventStreamMessage } from './event-stream/message-encoder.js';
export type { EventStreamMessageInput } from './event-stream/message-encoder.js';
export type { HeaderValue, MessageHeaders } from './event-stream/headers.js';

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

// Discovery: the request format from what the control plane says about the container.
export { inferFormat } from './discovery/infer-format.js';
export type { ContainerDescription, ContainerFamily, FormatInference } from './discovery/infer-format.js';
export { streamChatWithFallback } from './discovery/stream-chat-with-fallback.js';
export type { FormatFallback, FallbackNotice, StreamChatWithFallbackOptions } from './discovery/stream-chat-with-fallback.js';

// Bidirectional streaming (SageMaker Runtime HTTP2): the pure, browser-safe layers.
export { STREAMING_EVENTS_PAYLOAD, BIDI_HEADERS } from './bidi/bidi-constants.js';
export type { BidiCrypto } from './bidi/bidi-crypto.js';
export { createEventSignatureChain } from './bidi/event-signing.js';
export type { EventSignatureChain, EventSignatureChainOptions } from './bidi/event-signing.js';
export { parseSignedEvent } from './bidi/signed-event.js';
export type { SignedEvent } from './bidi/signed-event.js';
export { encodeBidiPayloadPart, encodeBidiResponsePart, parseBidiPayloadPart } from './bidi/payload-part.js';
export type { BidiPayloadPart } from './bidi/payload-part.js';
export { encodeSignedBidiEvent } from './bidi/sign-bidi-event.js';
export { createBidiEventDecoder } from './bidi/bidi-event-decoder.js';
export type { BidiEventDecoder, BidiEventDecoderOptions, BidiStreamEvent } from './bidi/bidi-event-decoder.js';
export { createBidiInputDecoder } from './bidi/bidi-input-decoder.js';
export type { BidiInputDecoder, BidiInputDecoderOptions } from './bidi/bidi-input-decoder.js';

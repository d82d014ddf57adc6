/**
 * `@sagestream/core`: decode Amazon SageMaker InvokeEndpointWithResponseStream responses.
 *
 * Layers (each usable on its own): event-stream frames → SageMaker events → container output
 * lines / SSE events → LMI, TGI and Messages API token parts.
 */
export { SageStreamError, isSageStreamError } from './errors.js';
export type { SageStreamErrorCode, SageStreamErrorContext, SerializedError } from './errors.js';

export * from './event-stream/constants.js';
export { crc32, crc32Portable, crc32Implementation } from './event-stream/crc32.js';
export { parseHeaders, encodeHeaders, stringHeader } from './event-stream/headers.js';
export type { HeaderValue, MessageHeaders } from './event-stream/headers.js';
export { createEventStreamDecoder } from './event-stream/message-decoder.js';
export type { EventStreamDecoder, EventStreamDecoderOptions, EventStreamLimits, EventStreamMessage } from './event-stream/message-decoder.js';
export { encodeEventStreamMessage } from './event-stream/message-encoder.js';
export type { EventStreamMessageInput } from './event-stream/message-encoder.js';
export {
  createSageMakerEventDecoder,
  toSageMakerStreamEvent,
  isTerminalStreamEvent,
  encodePayloadPart,
  PAYLOAD_PART_OVERHEAD,
  encodeModelStreamError,
  encodeInternalStreamFailure,
  encodeErrorFrame,
  encodeExceptionFrame,
  encodeEventFrame,
} from './event-stream/sagemaker-events.js';
export type { SageMakerStreamEvent, SageMakerEventDecoder, SageMakerEventDecoderOptions, SageMakerEventStats } from './event-stream/sagemaker-events.js';

export { DEFAULT_MAX_LINE_BYTES } from './framing/constants.js';
export { createLineDecoder } from './framing/line-decoder.js';
export type { LineDecoder, LineDecoderOptions } from './framing/line-decoder.js';
export { createSseDecoder } from './framing/sse-decoder.js';
export type { SseDecoder, SseDecoderOptions, SseEvent } from './framing/sse-decoder.js';

export type * from './formats/token-part.js';
export { CONTAINER_FORMATS } from './formats/token-part.js';
export { normalizeFinishReason } from './formats/finish-reason.js';
export { parseContainerError } from './formats/container-error.js';
export { normalizeContentType, framingFromContentType, detectRecordFormat } from './formats/detect-format.js';
export { DEFAULT_SPECIAL_TOKEN_TEXTS } from './formats/record-state.js';
export { createTokenParser } from './formats/create-token-parser.js';
export { DEFAULT_MAX_JSON_DEPTH } from './formats/parse-json-record.js';
export type { TokenParser, TokenParserOptions, TokenParserStats } from './formats/create-token-parser.js';

export { createResponseDecoder, serviceErrorPart } from './decode/create-response-decoder.js';
export type { ResponseDecoder, ResponseDecoderOptions } from './decode/create-response-decoder.js';
export { decodeResponseStream, decodePayloadStream } from './decode/decode-response-stream.js';
export type { DecodeResponseOptions, DecodePayloadOptions } from './decode/decode-response-stream.js';
export { iterateBytes } from './decode/async-iterables.js';
export type { ByteSource } from './decode/async-iterables.js';

export type { StreamTransport, TransportResponse, InvokeStreamRequest, InvokeStreamMetadata } from './transport/transport.js';
export { createFetchTransport, requestHeaders } from './transport/fetch-transport.js';
export type { FetchTransportOptions } from './transport/fetch-transport.js';
export { toServiceError, sanitizeErrorType, logStreamUrl } from './transport/service-errors.js';
export type { ServiceErrorShape } from './transport/service-errors.js';
export { invokeStream } from './transport/invoke-stream.js';
export type { InvocationMetrics, InvocationStream, InvokeStreamOptions } from './transport/invoke-stream.js';

export type { ChatMessage, ChatRole, GenerationParameters } from './chat/chat-message.js';
export { getPromptTemplate, PROMPT_TEMPLATE_NAMES } from './chat/prompt-templates.js';
export type { PromptTemplate, PromptTemplateName } from './chat/prompt-templates.js';
export { buildRequestBody, defaultTemplateFor } from './chat/request-body.js';
export type { ChatRequest, RequestBodyOptions } from './chat/request-body.js';
export { createStopSequenceFilter } from './chat/stop-sequence-filter.js';
export type { StopSequenceFilter, StopFilterResult } from './chat/stop-sequence-filter.js';
export { streamChat } from './chat/stream-chat.js';
export type { ChatEndpoint, ChatEvent, StreamChatOptions } from './chat/stream-chat.js';

export * from './bidi/bidi-constants.js';
export { webBidiCrypto, toHex, fromHex, bytesEqual } from './bidi/bidi-crypto.js';
export type { BidiCrypto } from './bidi/bidi-crypto.js';
export { createEventSignatureChain, createEventStringToSign, deriveSigningKey, encodeDateHeader, formatLongDate } from './bidi/event-signing.js';
export type { EventSignatureChain, EventSignatureChainOptions, EventSigningKey } from './bidi/event-signing.js';
export { encodeSignedEvent, parseSignedEvent } from './bidi/signed-event.js';
export type { SignedEvent } from './bidi/signed-event.js';
export { encodeBidiPayloadPart, encodeBidiResponsePart, parseBidiPayloadPart } from './bidi/payload-part.js';
export type { BidiPayloadPart } from './bidi/payload-part.js';
export { encodeSignedBidiEvent } from './bidi/sign-bidi-event.js';
export { createBidiEventDecoder, toBidiStreamEvent } from './bidi/bidi-event-decoder.js';
export type { BidiEventDecoder, BidiEventDecoderOptions, BidiStreamEvent } from './bidi/bidi-event-decoder.js';
export { createBidiInputDecoder } from './bidi/bidi-input-decoder.js';
export type { BidiInputDecoder, BidiInputDecoderOptions } from './bidi/bidi-input-decoder.js';

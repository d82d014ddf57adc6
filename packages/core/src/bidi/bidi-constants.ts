/** `x-amz-content-sha256` of a bidirectional request: the body is a stream of signed events. */
export const STREAMING_EVENTS_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-EVENTS';
/** First line of the string to sign of one event (SigV4 event signing). */
export const EVENT_SIGNING_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD';
/** SigV4 signing name of SageMaker Runtime HTTP2 (as the other SageMaker runtimes). */
export const BIDI_SIGNING_SERVICE = 'sagemaker';
/** Path of InvokeEndpointWithBidirectionalStream, after `/endpoints/{EndpointName}`. */
export const BIDI_PATH_SUFFIX = '/invocations-bidirectional-stream';
/** Port of the real HTTP/2 runtime host `runtime.sagemaker.{region}.amazonaws.com`. */
export const BIDI_SERVICE_PORT = 8443;
/** A `:chunk-signature` is a SHA-256 HMAC: 32 bytes. */
export const CHUNK_SIGNATURE_BYTES = 32;

/** `DataType` of a payload part: text (a WebSocket text frame in the container) or bytes. */
export type BidiDataType = 'UTF8' | 'BINARY';
/** `CompletionState` of a payload part: more of this message follows, or it is complete. */
export type BidiCompletionState = 'PARTIAL' | 'COMPLETE';

/** Allowed `DataType` values (Smithy pattern `^(UTF8)$|^(BINARY)$`). */
export const BIDI_DATA_TYPES: readonly BidiDataType[] = ['UTF8', 'BINARY'];
/** Allowed `CompletionState` values (Smithy pattern `^(PARTIAL)$|^(COMPLETE)$`). */
export const BIDI_COMPLETION_STATES: readonly BidiCompletionState[] = ['PARTIAL', 'COMPLETE'];

/** Request header names of the operation (Smithy `httpHeader` traits). */
export const BIDI_HEADERS = {
  targetVariant: 'x-amzn-sagemaker-target-variant',
  modelInvocationPath: 'x-amzn-sagemaker-model-invocation-path',
  modelQueryString: 'x-amzn-sagemaker-model-query-string',
  invokedVariant: 'x-amzn-invoked-production-variant',
} as const;

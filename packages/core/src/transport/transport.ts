import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';

/** The inputs of one InvokeEndpointWithResponseStream call (the API's request members). */
export interface InvokeStreamRequest {
  endpointName: string;
  /** The model input, sent as-is (at most 6 MiB). */
  body: string | Uint8Array;
  /** `Content-Type` of the body (default `application/json`). */
  contentType?: string;
  /** Sent as `X-Amzn-SageMaker-Accept`. */
  accept?: string;
  /** `X-Amzn-SageMaker-Custom-Attributes`, forwarded verbatim to the container. */
  customAttributes?: string;
  targetVariant?: string;
  targetContainerHostname?: string;
  inferenceId?: string;
  inferenceComponentName?: string;
  /** An existing stateful session (`NEW_SESSION` is not allowed on this operation). */
  sessionId?: string;
}

/** Response members of InvokeEndpointWithResponseStream (all from HTTP headers). */
export interface InvokeStreamMetadata {
  requestId?: string;
  /** `x-Amzn-Invoked-Production-Variant`. */
  invokedVariant?: string;
  /** `X-Amzn-SageMaker-Content-Type`: the container's own content type. */
  contentType?: string;
  /** `X-Amzn-SageMaker-Custom-Attributes` set by the container. */
  customAttributes?: string;
  /** HTTP status of the response (200). */
  statusCode?: number;
}

/**
 * What a transport hands back once the response has started: its metadata and the stream of
 * SageMaker events. Service errors in the stream arrive as events, never as thrown errors.
 */
export interface TransportResponse {
  metadata: InvokeStreamMetadata;
  /** Milliseconds (performance.now) when the response headers arrived. */
  headersAt: number;
  events: AsyncIterable<SageMakerStreamEvent>;
}

/** The inputs of one (non-streaming) InvokeEndpoint call, as used to open and close sessions. */
export interface InvokeEndpointRequest extends Omit<InvokeStreamRequest, 'sessionId'> {
  /** An existing session id, or `NEW_SESSION` to open one (allowed on InvokeEndpoint only). */
  sessionId?: string;
}

/** What InvokeEndpoint answered (wire spec §13.2). */
export interface InvokeEndpointResponse {
  statusCode: number;
  /** The container's reply body (at most {@link MAX_INVOKE_RESPONSE_BYTES}). */
  body: Uint8Array;
  contentType?: string;
  requestId?: string;
  invokedVariant?: string;
  /** `X-Amzn-SageMaker-New-Session-Id`, raw: `<id>; Expires=<ISO 8601>`. */
  newSessionId?: string;
  /** `X-Amzn-SageMaker-Closed-Session-Id`. */
  closedSessionId?: string;
}

/** Largest InvokeEndpoint reply a transport reads (SageMaker's documented payload limit, 6 MB). */
export const MAX_INVOKE_RESPONSE_BYTES = 6 * 1024 * 1024;

/**
 * Carries an invocation to SageMaker (or the mock) and back. Rejects with a `SageStreamError` for
 * errors before the stream (ValidationError, ModelError, throttling, credentials, network…).
 * Aborting `signal` must close the HTTP connection.
 */
export interface StreamTransport {
  /** A short description for logs and UIs, e.g. `aws us-east-1 (profile dev)` or `http://127.0.0.1:8080`. */
  readonly description: string;
  invoke(request: InvokeStreamRequest, options: { signal?: AbortSignal }): Promise<TransportResponse>;
  /**
   * One InvokeEndpoint call (used for stateful sessions: `NEW_SESSION` and `CLOSE`). Rejects with a
   * `SageStreamError` like {@link invoke}. Optional: transports without it cannot open sessions.
   */
  invokeEndpoint?(request: InvokeEndpointRequest, options: { signal?: AbortSignal }): Promise<InvokeEndpointResponse>;
}

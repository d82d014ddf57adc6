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

/**
 * Carries an invocation to SageMaker (or the mock) and back. Rejects with a `SageStreamError` for
 * errors before the stream (ValidationError, ModelError, throttling, credentials, network…).
 * Aborting `signal` must close the HTTP connection.
 */
export interface StreamTransport {
  /** A short description for logs and UIs, e.g. `aws us-east-1 (profile dev)` or `http://127.0.0.1:8080`. */
  readonly description: string;
  invoke(request: InvokeStreamRequest, options: { signal?: AbortSignal }): Promise<TransportResponse>;
}

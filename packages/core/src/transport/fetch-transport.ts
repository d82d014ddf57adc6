import { iterateBytes } from '../decode/async-iterables.js';
import { SageStreamError } from '../errors.js';
import { createSageMakerEventDecoder } from '../event-stream/sagemaker-event-decoder.js';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import { pump } from '../util/pump.js';
import { fetchInvokeEndpoint } from './fetch-invoke-endpoint.js';
import { toServiceError } from './service-errors.js';
import type { InvokeEndpointRequest, InvokeStreamRequest, StreamTransport, TransportResponse } from './transport.js';

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** Base URL of a SageMaker-runtime-compatible server, e.g. the mock at `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Extra request headers (e.g. auth for a proxy). */
  headers?: Record<string, string>;
}

/**
 * A transport over plain `fetch` with no SigV4 signing: for the mock endpoint, a signing proxy, and
 * browsers (the chat playground). Decodes the event stream with `@sagestream/core` itself.
 *
 * @example
 * const transport = createFetchTransport({ baseUrl: 'http://127.0.0.1:8080' });
 */
export function createFetchTransport(options: FetchTransportOptions): StreamTransport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    description: baseUrl,
    async invoke(request, { signal }) {
      const url = `${baseUrl}/endpoints/${encodeURIComponent(request.endpointName)}/invocations-response-stream`;
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { ...requestHeaders(request), ...options.headers },
          body: request.body as BodyInit,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        throw networkError(error, baseUrl, signal);
      }
      const headersAt = performance.now();
      const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
      if (!response.ok) throw await errorFromResponse(response, request.endpointName, requestId);
      if (!response.body) throw new SageStreamError('unknown-error', `The response from ${url} has no body.`);
      const body = response.body;
      const metadata: TransportResponse['metadata'] = { statusCode: response.status };
      if (requestId) metadata.requestId = requestId;
      const variant = response.headers.get('x-amzn-invoked-production-variant');
      if (variant) metadata.invokedVariant = variant;
      const contentType = response.headers.get('x-amzn-sagemaker-content-type');
      if (contentType) metadata.contentType = contentType;
      const customAttributes = response.headers.get('x-amzn-sagemaker-custom-attributes');
      if (customAttributes) metadata.customAttributes = customAttributes;
      const events = (async function* () {
        try {
          yield* pump<SageMakerStreamEvent, Uint8Array>(iterateBytes(body), (push) => createSageMakerEventDecoder({ onEvent: push }));
        } catch (error) {
          if (error instanceof SageStreamError) throw error;
          throw networkError(error, baseUrl, signal);
        }
      })();
      return { metadata, headersAt, events };
    },
    invokeEndpoint(request, { signal }) {
      return fetchInvokeEndpoint({ baseUrl, fetch: doFetch, request, ...(options.headers ? { headers: options.headers } : {}), ...(signal ? { signal } : {}) });
    },
  };
}

/** The HTTP headers of the request members (docs/wire-format.md, "HTTP request"). */
export function requestHeaders(request: InvokeStreamRequest | InvokeEndpointRequest): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': request.contentType ?? 'application/json' };
  if (request.accept) headers['x-amzn-sagemaker-accept'] = request.accept;
  if (request.customAttributes) headers['x-amzn-sagemaker-custom-attributes'] = request.customAttributes;
  if (request.targetVariant) headers['x-amzn-sagemaker-target-variant'] = request.targetVariant;
  if (request.targetContainerHostname) headers['x-amzn-sagemaker-target-container-hostname'] = request.targetContainerHostname;
  if (request.inferenceId) headers['x-amzn-sagemaker-inference-id'] = request.inferenceId;
  if (request.inferenceComponentName) headers['x-amzn-sagemaker-inference-component'] = request.inferenceComponentName;
  if (request.sessionId) headers['x-amzn-sagemaker-session-id'] = request.sessionId;
  return headers;
}

/** The SageStreamError for a non-2xx runtime response (restJson1 error body and headers). */
export async function errorFromResponse(response: Response, endpointName: string, requestId: string | undefined): Promise<SageStreamError> {
  const text = await response.text().catch(() => '');
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>;
  } catch {
    // not JSON (e.g. an HTML proxy error): the status decides
  }
  const name =
    response.headers.get('x-amzn-errortype') ??
    (typeof fields.code === 'string' ? fields.code : undefined) ??
    (typeof fields.__type === 'string' ? fields.__type : undefined) ??
    String(response.status);
  const message = typeof fields.message === 'string' ? fields.message : typeof fields.Message === 'string' ? fields.Message : text.slice(0, 500) || `HTTP ${response.status}`;
  return toServiceError({ name, message, statusCode: response.status, fields, endpointName, ...(requestId ? { requestId } : {}) });
}

/** Wraps fetch failures: aborts as `aborted`, everything else as `network-error` with a hint. */
export function networkError(error: unknown, baseUrl: string, signal?: AbortSignal): SageStreamError {
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new SageStreamError('aborted', 'The request was stopped.', { cause: error });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  const local = /\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(`${baseUrl}/`);
  return new SageStreamError('network-error', `Cannot reach ${baseUrl}: ${detail}.`, {
    fix: local ? 'Is the mock endpoint running? Start it with `npm start` (or `npx sagestream-mock`).' : 'Check the network, the endpoint URL and any proxy settings.',
    cause: error,
  });
}

import { SageStreamError } from '../errors.js';
import { errorFromResponse, networkError, requestHeaders } from './fetch-transport.js';
import { MAX_INVOKE_RESPONSE_BYTES, type InvokeEndpointRequest, type InvokeEndpointResponse } from './transport.js';

/** Options of {@link fetchInvokeEndpoint}. */
export interface FetchInvokeEndpointOptions {
  baseUrl: string;
  fetch: typeof fetch;
  request: InvokeEndpointRequest;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Largest reply body accepted (default {@link MAX_INVOKE_RESPONSE_BYTES}). */
  maxResponseBytes?: number;
}

/**
 * InvokeEndpoint over plain `fetch` (`POST /endpoints/{name}/invocations`): the same request
 * headers as the streaming call except that `Accept` is the plain header here (wire spec §12.6),
 * and `X-Amzn-SageMaker-Session-Id` may be `NEW_SESSION`.
 */
export async function fetchInvokeEndpoint(options: FetchInvokeEndpointOptions): Promise<InvokeEndpointResponse> {
  const { request, baseUrl, signal } = options;
  const url = `${baseUrl}/endpoints/${encodeURIComponent(request.endpointName)}/invocations`;
  const headers = requestHeaders(request);
  if (headers['x-amzn-sagemaker-accept']) {
    headers.accept = headers['x-amzn-sagemaker-accept'];
    delete headers['x-amzn-sagemaker-accept'];
  }
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: { ...headers, ...options.headers },
      body: request.body as BodyInit,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw networkError(error, baseUrl, signal);
  }
  const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
  if (!response.ok) throw await errorFromResponse(response, request.endpointName, requestId);
  const body = await readBounded(response, options.maxResponseBytes ?? MAX_INVOKE_RESPONSE_BYTES, baseUrl, signal);
  const result: InvokeEndpointResponse = { statusCode: response.status, body };
  const pick = (name: string): string | undefined => response.headers.get(name) ?? undefined;
  const fields: [keyof InvokeEndpointResponse, string][] = [
    ['contentType', 'content-type'],
    ['invokedVariant', 'x-amzn-invoked-production-variant'],
    ['newSessionId', 'x-amzn-sagemaker-new-session-id'],
    ['closedSessionId', 'x-amzn-sagemaker-closed-session-id'],
  ];
  if (requestId) result.requestId = requestId;
  for (const [key, header] of fields) {
    const value = pick(header);
    if (value !== undefined) (result as unknown as Record<string, string>)[key] = value;
  }
  return result;
}

async function readBounded(response: Response, maxBytes: number, baseUrl: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new SageStreamError('response-too-large', `The InvokeEndpoint reply from ${baseUrl} is larger than ${maxBytes} bytes.`, {
          expected: `at most ${maxBytes} bytes`,
          actual: `more than ${maxBytes} bytes`,
        });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof SageStreamError) throw error;
    throw networkError(error, baseUrl, signal);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

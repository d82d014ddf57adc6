import { InvokeEndpointCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { InvokeEndpointRequest, InvokeEndpointResponse } from '../transport/transport.js';
import { toCommandInput } from './to-command-input.js';

/** Options of {@link sdkInvokeEndpoint}. */
export interface SdkInvokeEndpointOptions {
  client: SageMakerRuntimeClient;
  request: InvokeEndpointRequest;
  signal?: AbortSignal;
}

/**
 * InvokeEndpoint through the official SDK (`InvokeEndpointCommand`), mapping its output members
 * (`NewSessionId`, `ClosedSessionId`, …) to an {@link InvokeEndpointResponse}. SDK errors are
 * rethrown as they are; the caller maps them.
 */
export async function sdkInvokeEndpoint(options: SdkInvokeEndpointOptions): Promise<InvokeEndpointResponse> {
  const { request } = options;
  const output = await options.client.send(
    new InvokeEndpointCommand(toCommandInput(request)),
    options.signal ? { abortSignal: options.signal } : {},
  );
  const response: InvokeEndpointResponse = { statusCode: output.$metadata.httpStatusCode ?? 200, body: output.Body ?? new Uint8Array(0) };
  if (output.ContentType) response.contentType = output.ContentType;
  if (output.$metadata.requestId) response.requestId = output.$metadata.requestId;
  if (output.InvokedProductionVariant) response.invokedVariant = output.InvokedProductionVariant;
  if (output.NewSessionId) response.newSessionId = output.NewSessionId;
  if (output.ClosedSessionId) response.closedSessionId = output.ClosedSessionId;
  return response;
}

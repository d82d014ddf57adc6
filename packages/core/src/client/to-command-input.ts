import type { InvokeEndpointRequest, InvokeStreamRequest } from '../transport/transport.js';

/**
 * The AWS SDK input members of an invocation (both operations share them; the SDK puts each in its
 * header). `ContentType` defaults to JSON: the SDK's own default, `application/octet-stream`, is
 * refused by TGI.
 */
export function toCommandInput(request: InvokeStreamRequest | InvokeEndpointRequest) {
  return {
    EndpointName: request.endpointName,
    Body: typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body,
    ContentType: request.contentType ?? 'application/json',
    ...(request.accept ? { Accept: request.accept } : {}),
    ...(request.customAttributes ? { CustomAttributes: request.customAttributes } : {}),
    ...(request.targetVariant ? { TargetVariant: request.targetVariant } : {}),
    ...(request.targetContainerHostname ? { TargetContainerHostname: request.targetContainerHostname } : {}),
    ...(request.inferenceId ? { InferenceId: request.inferenceId } : {}),
    ...(request.inferenceComponentName ? { InferenceComponentName: request.inferenceComponentName } : {}),
    ...(request.sessionId ? { SessionId: request.sessionId } : {}),
  };
}

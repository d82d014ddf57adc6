import type { ServerResponse } from 'node:http';

/** The Coral namespace SageMaker appends to `x-amzn-ErrorType`. */
const SAGEMAKER_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.sagemaker/';
/** The namespace of the generic (authentication, routing) errors. */
const CORAL_SERVICE_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

/** An AWS restJson1 error response, as SageMaker sends it before any stream byte. */
export interface ServiceError {
  status: number;
  /** `x-amzn-ErrorType`: the exception name, e.g. `ModelError`. */
  errorType: string;
  /** The JSON body; key order is kept. */
  body: Record<string, unknown>;
  /** Errors outside the SageMaker model (auth, throttling, routing) use the generic Coral namespace. */
  generic?: boolean;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Options of {@link sendServiceError}. */
export interface SendServiceErrorOptions {
  response: ServerResponse;
  error: ServiceError;
  requestId: string;
  coralSuffix: boolean;
}

/**
 * Writes an error as the service does (wire spec §7.2): `x-amzn-RequestId`, `x-amzn-ErrorType`
 * (with the Coral namespace suffix unless disabled), `Content-Type: application/json`,
 * `Content-Length` and a JSON body. Both SDKs read the type from the header.
 */
export function sendServiceError(options: SendServiceErrorOptions): void {
  const { response, error, requestId, coralSuffix } = options;
  const body = Buffer.from(JSON.stringify(error.body));
  const namespace = error.generic ? CORAL_SERVICE_NAMESPACE : SAGEMAKER_NAMESPACE;
  response.writeHead(error.status, {
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': coralSuffix ? `${error.errorType}:${namespace}` : error.errorType,
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    ...error.headers,
  });
  response.end(body);
}

/** `ValidationError` (400). */
export function validationError(message: string): ServiceError {
  return { status: 400, errorType: 'ValidationError', body: { ErrorCode: 'VALIDATION_ERROR', Message: message } };
}

/** Where the endpoint's CloudWatch logs would be, for ModelError messages. */
export interface LogLocation {
  region: string;
  accountId: string;
  endpointName: string;
  containerName: string;
}

/**
 * `ModelError` (424): the container answered with an error status (or not at all, status 0).
 * Body keys and message template as captured from the real service (wire spec §7.2).
 */
export function modelError(options: LogLocation & { originalStatusCode: number; originalMessage: string; message?: string }): ServiceError {
  const { region, accountId, endpointName, containerName, originalStatusCode, originalMessage } = options;
  const group = `/aws/sagemaker/Endpoints/${endpointName}`;
  const kind = originalStatusCode >= 400 && originalStatusCode < 500 ? 'client' : 'server';
  const what = options.message ?? `Received ${kind} error (${originalStatusCode}) from ${containerName} with message "${originalMessage}"`;
  return {
    status: 424,
    errorType: 'ModelError',
    body: {
      ErrorCode: kind === 'client' ? 'CLIENT_ERROR_FROM_MODEL' : 'SERVER_ERROR_FROM_MODEL',
      LogStreamArn: `arn:aws:logs:${region}:${accountId}:log-group:${group}`,
      Message: `${what}. See https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logEventViewer:group=${group} in account ${accountId} for more information.`,
      OriginalMessage: originalMessage,
      OriginalStatusCode: originalStatusCode,
    },
  };
}

/** `ModelError` for a container that did not answer within the invocation timeout. */
export function invocationTimeoutError(location: LogLocation): ServiceError {
  const message = `Your invocation timed out while waiting for a response from container ${location.containerName}. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.`;
  return modelError({ ...location, originalStatusCode: 0, originalMessage: message, message: `Received server error (0) from ${location.containerName} with message "${message}"` });
}

/** `ServiceUnavailable` (503); the SDKs retry it. */
export function serviceUnavailableError(): ServiceError {
  return { status: 503, errorType: 'ServiceUnavailable', body: { Message: 'The service is unavailable. Try your request again later.' } };
}

/** `InternalFailure` (500); the SDKs retry it. */
export function internalFailureError(message = 'An internal failure occurred. Try your request again.'): ServiceError {
  return { status: 500, errorType: 'InternalFailure', body: { Message: message } };
}

/** `ThrottlingException` (429): generic, not in the SageMaker model; the SDKs retry it. */
export function throttlingError(): ServiceError {
  return { status: 429, errorType: 'ThrottlingException', body: { message: 'Rate exceeded' }, generic: true };
}

/** `ModelNotReadyException` (429). */
export function modelNotReadyError(endpointName: string): ServiceError {
  return { status: 429, errorType: 'ModelNotReadyException', body: { Message: `Model for endpoint ${endpointName} is not ready. Retry the request after the model is loaded.` } };
}

/** The 404 of an unknown route or method (a generic Coral error). */
export function unknownOperationError(message: string): ServiceError {
  return { status: 404, errorType: 'UnknownOperationException', body: { message }, generic: true };
}

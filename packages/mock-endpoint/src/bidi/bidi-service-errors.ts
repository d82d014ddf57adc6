import type { ServerHttp2Stream } from 'node:http2';
import type { ServiceError } from '../service/service-errors.js';

/** Coral namespace of the HTTP/2 runtime's modelled errors (the HTTP/1.1 runtime's, by analogy). */
const SAGEMAKER_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.sagemaker/';
const CORAL_SERVICE_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

/** `InputValidationError` (400) — this service's name for ValidationError. */
export function inputValidationError(message: string, errorCode = 'VALIDATION_ERROR'): ServiceError {
  return { status: 400, errorType: 'InputValidationError', body: { ErrorCode: errorCode, Message: message } };
}

/** `InternalServerError` (500). */
export function internalServerError(message = 'An internal failure occurred. Try your request again.'): ServiceError {
  return { status: 500, errorType: 'InternalServerError', body: { ErrorCode: 'INTERNAL_SERVER_ERROR', Message: message } };
}

/** `ServiceUnavailableError` (503). */
export function serviceUnavailableBidiError(message = 'The service is unavailable. Try your request again later.'): ServiceError {
  return { status: 503, errorType: 'ServiceUnavailableError', body: { ErrorCode: 'SERVICE_UNAVAILABLE', Message: message } };
}

/** Answers an HTTP/2 stream with an AWS restJson1 error (`x-amzn-errortype` + JSON body), before any event. */
export function sendBidiError(options: { stream: ServerHttp2Stream; error: ServiceError; requestId: string; coralSuffix: boolean }): number {
  const { stream, error, requestId, coralSuffix } = options;
  const body = Buffer.from(JSON.stringify(error.body));
  if (stream.destroyed || stream.headersSent) return 0;
  const namespace = error.generic ? CORAL_SERVICE_NAMESPACE : SAGEMAKER_NAMESPACE;
  stream.respond({
    ':status': error.status,
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': coralSuffix ? `${error.errorType}:${namespace}` : error.errorType,
    'content-type': 'application/json',
    'content-length': body.length,
    ...Object.fromEntries(Object.entries(error.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
  });
  stream.end(body);
  return body.length;
}

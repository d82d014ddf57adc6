import { SageStreamError, type SageStreamErrorCode } from '../errors.js';

/** A service error as both SDKs and raw HTTP see it: its name (`x-amzn-ErrorType`), message and body fields. */
export interface ServiceErrorShape {
  name: string;
  message: string;
  statusCode?: number;
  requestId?: string;
  fields?: Record<string, unknown>;
  endpointName?: string;
  /** The AWS profile in use, for credential fixes. */
  profile?: string;
  cause?: unknown;
}

const CODES: Record<string, SageStreamErrorCode> = {
  ValidationError: 'validation-error',
  ValidationException: 'validation-error',
  // SageMaker Runtime HTTP2 (bidirectional streaming) names its errors differently
  InputValidationError: 'validation-error',
  InternalServerError: 'internal-failure',
  ServiceUnavailableError: 'service-unavailable',
  ModelError: 'model-error',
  ModelStreamError: 'model-stream-error',
  InternalStreamFailure: 'internal-stream-failure',
  ServiceUnavailable: 'service-unavailable',
  InternalFailure: 'internal-failure',
  InternalDependencyException: 'internal-failure',
  ModelNotReadyException: 'model-not-ready',
  ThrottlingException: 'throttling',
  TooManyRequestsException: 'throttling',
  AccessDeniedException: 'access-denied',
  UnrecognizedClientException: 'access-denied',
  InvalidSignatureException: 'access-denied',
  SignatureDoesNotMatch: 'access-denied',
  MissingAuthenticationTokenException: 'access-denied',
  IncompleteSignatureException: 'access-denied',
  ExpiredTokenException: 'credentials-expired',
  ExpiredToken: 'credentials-expired',
  RequestExpired: 'credentials-expired',
};

/** Cuts `ModelError:http://internal.amazon.com/coral/…` or `ns#Name` to the bare name (restJson1 rules). */
export function sanitizeErrorType(value: string): string {
  const cut = value.split(':', 1)[0]!.split(',', 1)[0]!;
  return cut.slice(cut.lastIndexOf('#') + 1).trim();
}

/** Maps a service error (from the SDK or a raw HTTP response) to a {@link SageStreamError} with a fix. */
export function toServiceError(shape: ServiceErrorShape): SageStreamError {
  const name = sanitizeErrorType(shape.name);
  const code = CODES[name] ?? (shape.statusCode !== undefined && shape.statusCode >= 500 ? 'internal-failure' : 'unknown-error');
  const fields = shape.fields ?? {};
  const endpoint = shape.endpointName ? `endpoint ${shape.endpointName}` : 'the endpoint';
  let message = shape.message || name;
  let fix: string | undefined;
  const details: Record<string, unknown> = {};
  switch (code) {
    case 'model-error': {
      for (const key of ['OriginalStatusCode', 'OriginalMessage', 'LogStreamArn', 'ErrorCode']) if (fields[key] !== undefined) details[key] = fields[key];
      const original = fields.OriginalStatusCode !== undefined ? ` (the container answered ${String(fields.OriginalStatusCode)}${typeof fields.OriginalMessage === 'string' ? `: ${fields.OriginalMessage}` : ''})` : '';
      message = `The model container of ${endpoint} failed the request${original}. ${shape.message}`;
      const logs = typeof fields.LogStreamArn === 'string' ? logStreamUrl(fields.LogStreamArn) : undefined;
      fix = logs ? `Check the container logs: ${logs}` : 'Check the endpoint logs in CloudWatch (/aws/sagemaker/Endpoints/…).';
      break;
    }
    case 'validation-error':
      fix = /not found/i.test(shape.message)
        ? 'Check the endpoint name and the region (aws sagemaker list-endpoints --region REGION).'
        : 'Check the request: body (≤ 6 MiB), content type and the X-Amzn-SageMaker-* options.';
      break;
    case 'throttling':
      fix = 'Slow down or retry later; raise the endpoint\'s instance count or the account quota if this persists.';
      break;
    case 'model-not-ready':
      fix = 'The model is still loading (or scaling from zero): retry in a minute.';
      break;
    case 'service-unavailable':
    case 'internal-failure':
      fix = 'A SageMaker-side failure: retry; check the AWS Health Dashboard if it persists.';
      break;
    case 'credentials-expired':
      fix = shape.profile ? `aws sso login --profile ${shape.profile}` : 'Refresh your credentials (e.g. aws sso login --profile NAME, or new temporary keys).';
      break;
    case 'access-denied':
      fix = `Check that your credentials${shape.profile ? ` (profile ${shape.profile})` : ''} are valid for this region and allow sagemaker:InvokeEndpoint.`;
      break;
    default:
      break;
  }
  return new SageStreamError(code, message, {
    serviceCode: name,
    ...(shape.statusCode !== undefined ? { statusCode: shape.statusCode } : {}),
    ...(shape.requestId ? { requestId: shape.requestId } : {}),
    ...(shape.endpointName ? { endpointName: shape.endpointName } : {}),
    ...(fix ? { fix } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
    cause: shape.cause,
  });
}

/** A CloudWatch console link for a log stream ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:GROUP`). */
export function logStreamUrl(arn: string): string | undefined {
  const match = /^arn:aws[\w-]*:logs:([\w-]+):\d+:log-group:(.+?)(?::log-stream:(.+))?$/.exec(arn);
  if (!match) return undefined;
  const [, region, group, stream] = match;
  const encode = (value: string) => encodeURIComponent(value).replace(/%/g, '$25');
  const base = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encode(group!)}`;
  return stream ? `${base}/log-events/${encode(stream)}` : base;
}

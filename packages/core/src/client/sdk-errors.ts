import { SageStreamError } from '../errors.js';
import { networkError } from '../transport/fetch-transport.js';
import { toServiceError } from '../transport/service-errors.js';

/** Context for mapping an SDK error. */
export interface SdkErrorContext {
  endpointName: string;
  profile?: string;
  endpointUrl: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Maps an error thrown by `@aws-sdk/client-sagemaker-runtime` (or its credential providers) to a
 * {@link SageStreamError} with an actionable message and fix.
 */
export function toSageStreamError(error: unknown, context: SdkErrorContext): SageStreamError {
  const record = (error ?? {}) as Record<string, unknown> & { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const name = typeof record.name === 'string' ? record.name : 'Error';
  const message = typeof record.message === 'string' ? record.message : String(error);
  if (name === 'AbortError') return new SageStreamError('aborted', 'The request was stopped.', { cause: error });
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    // The providers expose no code for an expired or unrefreshable SSO session: their message (which
    // then asks for `aws sso login`) is the only signal.
    const expired = /expired|sso login/i.test(message);
    const login = context.profile ? `aws sso login --profile ${context.profile}` : 'aws sso login --profile NAME';
    return new SageStreamError(expired ? 'credentials-expired' : 'credentials-missing', expired ? `Your AWS credentials have expired: ${message}` : `No AWS credentials found${context.profile ? ` for profile ${context.profile}` : ''}: ${message}`, {
      fix: expired
        ? `Run \`${login}\` (or refresh your temporary credentials).`
        : `Configure credentials: \`aws configure${context.profile ? ` --profile ${context.profile}` : ''}\`, set AWS_PROFILE, or for SSO run \`${login}\`. To use the local mock instead, set the endpoint URL to http://127.0.0.1:8080.`,
      cause: error,
    });
  }
  if (name === 'TimeoutError' || (typeof record.code === 'string' && NETWORK_CODES.has(record.code))) {
    return networkError(Object.assign(new Error(message), { cause: { code: record.code ?? name } }), context.endpointUrl);
  }
  if (record.$metadata?.httpStatusCode !== undefined || record.$fault !== undefined) {
    const fields: Record<string, unknown> = {};
    for (const key of ['OriginalStatusCode', 'OriginalMessage', 'LogStreamArn', 'ErrorCode']) if (record[key] !== undefined) fields[key] = record[key];
    return toServiceError({
      name,
      message,
      ...(record.$metadata?.httpStatusCode !== undefined ? { statusCode: record.$metadata.httpStatusCode } : {}),
      ...(record.$metadata?.requestId ? { requestId: record.$metadata.requestId } : {}),
      fields,
      endpointName: context.endpointName,
      ...(context.profile ? { profile: context.profile } : {}),
      cause: error,
    });
  }
  if (name === 'Error' && /region is missing/i.test(message)) {
    return new SageStreamError('invalid-argument', 'No AWS region is configured.', { fix: 'Pass --region (or set AWS_REGION, or a region in your profile).', cause: error });
  }
  return new SageStreamError('unknown-error', message, { cause: error });
}

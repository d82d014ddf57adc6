import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { BIDI_SERVICE_PORT } from '../bidi/bidi-constants.js';
import { SageStreamError } from '../errors.js';
import { isLoopbackUrl, resolveCredentials } from './sagemaker-transport.js';

/** Where and as whom a bidirectional stream connects. */
export interface BidiTarget {
  url: URL;
  region: string;
  credentials: AwsCredentialIdentity;
  profile?: string;
}

/** Options shared with the HTTP/1.1 transport: region, profile, endpoint override, credentials. */
export interface BidiTargetOptions {
  region?: string;
  profile?: string;
  /** Default: AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME_HTTP2, then AWS_ENDPOINT_URL, then the regional :8443 host. */
  endpointUrl?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  env?: Record<string, string | undefined>;
}

/**
 * Resolves the endpoint URL, region and credentials the way the official client does: explicit
 * options, then `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME_HTTP2` / `AWS_ENDPOINT_URL`, the region from
 * the environment or the profile, credentials from the Node provider chain (dummy ones for loopback).
 */
export async function resolveBidiTarget(options: BidiTargetOptions): Promise<BidiTarget> {
  const env = options.env ?? process.env;
  const endpointUrl = options.endpointUrl ?? env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME_HTTP2 ?? env.AWS_ENDPOINT_URL;
  const profile = options.profile ?? env.AWS_PROFILE;
  let region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (isLoopbackUrl(endpointUrl) ? 'us-east-1' : undefined);
  if (!region) {
    // The profile's `region`, resolved by the SDK's own config loader.
    const client = new SageMakerRuntimeClient(profile ? { profile } : {});
    try {
      region = await client.config.region();
    } catch {
      region = undefined;
    } finally {
      client.destroy();
    }
  }
  if (!region) throw new SageStreamError('invalid-argument', 'No AWS region is configured.', { fix: 'Pass --region (or set AWS_REGION, or a region in your profile).' });
  let url: URL;
  try {
    url = new URL(endpointUrl ?? `https://runtime.sagemaker.${region}.amazonaws.com:${BIDI_SERVICE_PORT}`);
  } catch (cause) {
    throw new SageStreamError('invalid-argument', `The endpoint URL ${JSON.stringify(endpointUrl)} is not a URL.`, { expected: 'http(s)://HOST[:PORT]', actual: String(endpointUrl), cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SageStreamError('invalid-argument', `The endpoint URL must be http:// (cleartext HTTP/2) or https://, got ${url.protocol}.`, { expected: 'http: or https:', actual: url.protocol });
  }
  const source = options.credentials ?? resolveCredentials(profile, endpointUrl, env);
  let credentials: AwsCredentialIdentity;
  try {
    credentials = typeof source === 'function' ? await source() : source;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new SageStreamError(/expired|sso login/i.test(message) ? 'credentials-expired' : 'credentials-missing', `No usable AWS credentials${profile ? ` for profile ${profile}` : ''}: ${message}`, {
      fix: `Configure credentials (aws configure${profile ? ` --profile ${profile}` : ''}, AWS_PROFILE, or aws sso login). For the local mock, use --endpoint-url http://127.0.0.1:8080.`,
      cause,
    });
  }
  return { url, region, credentials, ...(profile ? { profile } : {}) };
}

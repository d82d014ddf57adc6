import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AuthConfig } from '../config/mock-config.js';
import type { ServiceError } from '../service/service-errors.js';
import { Sha256 } from './sha256.js';

/** The signing name of the SageMaker runtime (not `runtime.sagemaker`). */
const SIGNING_SERVICE = 'sagemaker';
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

function denied(status: number, errorType: string, message: string): ServiceError {
  return { status, errorType, body: { message }, generic: true };
}

/** What the verifier reads of a request: an HTTP/1.1 IncomingMessage, or an HTTP/2 stream's headers. */
export type SignedRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers'>;

/** `x-amz-content-sha256` of an event-stream body whose events are signed one by one. */
const STREAMING_EVENTS_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-EVENTS';

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `20240101T000000Z` ↔ Date. */
function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hours, minutes, seconds] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hours!, minutes!, seconds!));
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Verifies a SigV4 `Authorization` header as SageMaker would, for both the JS SDK's and
 * botocore's signing styles (each signs a different header set: the `SignedHeaders` list decides).
 * Returns the 4xx error to send, or null when the signature is valid.
 */
export async function verifySigV4(options: {
  request: SignedRequest;
  body: Uint8Array;
  auth: AuthConfig;
  /** The region signatures must be scoped to when `auth.region` is null (the mock's region). */
  defaultRegion?: string;
  now?: number;
  /** Accept `x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS` (the body is checked event by event). */
  streamingEvents?: boolean;
}): Promise<ServiceError | null> {
  const { request, body, auth } = options;
  const now = options.now ?? Date.now();
  const authorization = header(request, 'authorization');
  if (!authorization) return denied(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    return denied(400, 'IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256). Authorization=${authorization.split(' ', 1)[0]}`);
  }
  const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = match as unknown as string[];
  const credential = auth.credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!credential) return denied(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (credential.sessionToken !== undefined && header(request, 'x-amz-security-token') !== credential.sessionToken) {
    return denied(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (credential.expiresAt !== undefined && Date.parse(credential.expiresAt) <= now) {
    return denied(403, 'ExpiredTokenException', 'The security token included in the request is expired');
  }
  const amzDate = header(request, 'x-amz-date') ?? '';
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return denied(400, 'IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  const skewMinutes = `${Math.round(auth.maxClockSkewMs / 60_000)} min.`;
  if (signingDate.getTime() < now - auth.maxClockSkewMs) {
    return denied(403, 'InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now - auth.maxClockSkewMs))} (${formatAmzDate(new Date(now))} - ${skewMinutes})`);
  }
  if (signingDate.getTime() > now + auth.maxClockSkewMs) {
    return denied(403, 'InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now + auth.maxClockSkewMs))} (${formatAmzDate(new Date(now))} + ${skewMinutes})`);
  }
  if (scopeService !== SIGNING_SERVICE) return denied(403, 'InvalidSignatureException', `Credential should be scoped to correct service: '${SIGNING_SERVICE}'. `);
  const region = auth.region ?? options.defaultRegion;
  if (region !== undefined && scopeRegion !== region) return denied(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${scopeRegion}'. `);
  if (scopeDate !== amzDate.slice(0, 8)) return denied(403, 'InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);

  const signedHeaders = signedHeaderList!.split(';');
  // As the service: the Host must be signed, and every header named as signed must be there.
  // Over HTTP/2 the official client signs `:authority` instead (wire spec §13.3).
  if (!signedHeaders.includes('host') && !(signedHeaders.includes(':authority') && header(request, ':authority') !== undefined)) return denied(400, 'IncompleteSignatureException', `'Host' must be a 'SignedHeader' in the AWS Authorization.`);
  const absent = signedHeaders.find((name) => header(request, name) === undefined);
  if (absent !== undefined) return denied(400, 'IncompleteSignatureException', `'${absent}' is named as a SignedHeader, but it does not exist in the HTTP request.`);
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(request, name);
    if (value !== undefined) headers[name] = value;
  }
  const claimedHash = header(request, 'x-amz-content-sha256');
  // The payload hash is that of the body received, whatever the client claims.
  const streaming = options.streamingEvents === true && claimedHash === STREAMING_EVENTS_PAYLOAD;
  headers['x-amz-content-sha256'] = claimedHash === 'UNSIGNED-PAYLOAD' || streaming ? claimedHash : bodyHash;
  const signedContentHash = signedHeaders.includes('x-amz-content-sha256');
  const url = new URL(request.url ?? '/', 'http://mock');
  const signer = new SignatureV4({
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
    region: scopeRegion!,
    service: scopeService!,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: header(request, 'host') ?? 'localhost',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    {
      signingDate,
      signableHeaders: new Set(signedHeaders),
      unsignableHeaders: new Set(signedContentHash ? [] : ['x-amz-content-sha256']),
    },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const hashMatches = claimedHash === undefined || claimedHash === bodyHash || claimedHash === 'UNSIGNED-PAYLOAD' || streaming;
  if (!hashMatches || expected.length !== signature!.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
    return denied(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return null;
}

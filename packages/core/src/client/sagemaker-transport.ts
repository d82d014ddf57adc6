import {
  InvokeEndpointWithResponseStreamCommand,
  SageMakerRuntimeClient,
  type InvokeEndpointWithResponseStreamCommandOutput,
  type ResponseStream,
} from '@aws-sdk/client-sagemaker-runtime';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { SageStreamError } from '../errors.js';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import type { InvokeStreamRequest, StreamTransport, TransportResponse } from '../transport/transport.js';
import { sdkInvokeEndpoint } from './sdk-invoke-endpoint.js';
import { toSageStreamError } from './sdk-errors.js';
import { toCommandInput } from './to-command-input.js';

/** Options of {@link createSageMakerTransport}. */
export interface SageMakerTransportOptions {
  /** AWS region; else resolved the AWS way (AWS_REGION, the profile's `region`). */
  region?: string;
  /** A named profile of ~/.aws/config / credentials (SSO, credential_process and role profiles included). */
  profile?: string;
  /** Endpoint URL override (e.g. the mock). Defaults to AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, then AWS_ENDPOINT_URL. */
  endpointUrl?: string;
  /** Explicit credentials; else the default Node provider chain for `profile`. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts for retryable errors (500/503/throttling) — default 3, as the SDK. */
  maxAttempts?: number;
}

/** Credentials the mock accepts, used only for loopback endpoints when no real ones are configured. */
const LOOPBACK_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIDSAGESTREAMMOCK', secretAccessKey: 'sagestream-mock' };

/** True for http(s)://127.0.0.1 / localhost / [::1] URLs. */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1';
  } catch {
    return false;
  }
}

/**
 * A transport over the official `@aws-sdk/client-sagemaker-runtime` (`InvokeEndpointWithResponseStreamCommand`):
 * SigV4, region/profile/SSO resolution, retries, endpoint override — and an abort that really closes
 * the HTTP stream. For loopback endpoint URLs without a profile, the environment's keys or else dummy
 * credentials are used (the mock accepts any signature unless started with `--auth sigv4`).
 *
 * @example
 * const transport = createSageMakerTransport({ region: 'us-east-1', profile: 'dev' });
 * const stream = await invokeStream({ transport, request: { endpointName: 'my-llm', body } });
 */
export function createSageMakerTransport(options: SageMakerTransportOptions = {}): StreamTransport {
  const env = process.env;
  const endpointUrl = options.endpointUrl ?? env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME ?? env.AWS_ENDPOINT_URL;
  const profile = options.profile ?? env.AWS_PROFILE;
  const credentials = options.credentials ?? resolveCredentials(profile, endpointUrl, env);
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (isLoopbackUrl(endpointUrl) ? 'us-east-1' : undefined);
  const client = new SageMakerRuntimeClient({
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    credentials,
    maxAttempts: options.maxAttempts ?? 3,
  });
  const description = endpointUrl ? `${endpointUrl}${profile ? ` (profile ${profile})` : ''}` : `aws ${region ?? '(region from config)'}${profile ? ` (profile ${profile})` : ''}`;

  return {
    description,
    async invoke(request, { signal }) {
      const command = new InvokeEndpointWithResponseStreamCommand(toCommandInput(request));
      let headersAt = 0;
      let responseBody: { destroy?: (error?: Error) => void } | undefined;
      // Innermost deserialize middleware: sees the raw HTTP response as soon as its headers arrive
      // (the SDK's own send() only resolves after the first event frame).
      command.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          headersAt = performance.now();
          responseBody = (result.response as { body?: { destroy?: (error?: Error) => void } }).body;
          return result;
        },
        { step: 'deserialize', priority: 'low', name: 'sagestreamResponseTiming' },
      );
      const onAbort = (): void => responseBody?.destroy?.(new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      let output: InvokeEndpointWithResponseStreamCommandOutput;
      try {
        output = await client.send(command, signal ? { abortSignal: signal } : {});
      } catch (error) {
        // Schema-serde SDK releases wait for the first frame in send(): an exception there
        // (ModelStreamError, InternalStreamFailure) rejects send() instead of the iterator.
        const streamEvent = streamErrorEvent(error);
        if (streamEvent && headersAt > 0) {
          signal?.removeEventListener('abort', onAbort);
          return { metadata: metadataOf(error), headersAt, events: single(streamEvent) };
        }
        signal?.removeEventListener('abort', onAbort);
        throw mapError(error, request, profile, endpointUrl, signal);
      }
      const metadata: TransportResponse['metadata'] = { statusCode: output.$metadata.httpStatusCode ?? 200 };
      if (output.$metadata.requestId) metadata.requestId = output.$metadata.requestId;
      if (output.InvokedProductionVariant) metadata.invokedVariant = output.InvokedProductionVariant;
      if (output.ContentType) metadata.contentType = output.ContentType;
      if (output.CustomAttributes) metadata.customAttributes = output.CustomAttributes;
      const body = output.Body;
      const events = (async function* (): AsyncGenerator<SageMakerStreamEvent> {
        try {
          if (!body) return;
          for await (const event of body as AsyncIterable<ResponseStream>) {
            const bytes = event.PayloadPart?.Bytes;
            if (bytes) yield { type: 'payload-part', bytes, byteOffset: -1 };
          }
        } catch (error) {
          const streamEvent = streamErrorEvent(error);
          if (streamEvent) {
            yield streamEvent;
            return;
          }
          throw mapError(error, request, profile, endpointUrl, signal);
        } finally {
          signal?.removeEventListener('abort', onAbort);
          // Stopping early (or an abort) must release the socket, not leave it to the server.
          responseBody?.destroy?.();
        }
      })();
      return { metadata, headersAt: headersAt || performance.now(), events };
    },
    async invokeEndpoint(request, { signal }) {
      try {
        return await sdkInvokeEndpoint({ client, request, ...(signal ? { signal } : {}) });
      } catch (error) {
        throw mapError(error, request, profile, endpointUrl, signal);
      }
    },
  };
}

/** The credentials rule shared by the runtime and discovery clients: the provider chain, or keys/dummies for the loopback mock. */
export function resolveCredentials(profile: string | undefined, endpointUrl: string | undefined, env: Record<string, string | undefined>): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (profile || !isLoopbackUrl(endpointUrl)) return fromNodeProviderChain(profile ? { profile } : {});
  // A loopback endpoint (the mock): environment keys if set (e.g. for `--auth sigv4`), else dummy
  // ones — without walking the whole chain, whose instance-metadata probes take seconds off-EC2.
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  }
  return LOOPBACK_CREDENTIALS;
}

async function* single(event: SageMakerStreamEvent): AsyncGenerator<SageMakerStreamEvent> {
  yield event;
}

/** A ModelStreamError / InternalStreamFailure thrown by the SDK, as the stream event it was on the wire. */
function streamErrorEvent(error: unknown): SageMakerStreamEvent | undefined {
  const name = (error as { name?: unknown } | undefined)?.name;
  const message = error instanceof Error ? error.message : '';
  if (name === 'ModelStreamError') {
    const errorCode = (error as { ErrorCode?: unknown }).ErrorCode;
    return { type: 'model-stream-error', errorCode: typeof errorCode === 'string' ? errorCode : '', message, byteOffset: -1 };
  }
  if (name === 'InternalStreamFailure') return { type: 'internal-stream-failure', message, byteOffset: -1 };
  return undefined;
}

function metadataOf(error: unknown): TransportResponse['metadata'] {
  const requestId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  return requestId ? { requestId } : {};
}

function mapError(error: unknown, request: Pick<InvokeStreamRequest, 'endpointName'>, profile: string | undefined, endpointUrl: string | undefined, signal?: AbortSignal): SageStreamError {
  if (error instanceof SageStreamError) return error;
  if (signal?.aborted) return new SageStreamError('aborted', 'The request was stopped.', { cause: error });
  return toSageStreamError(error, { endpointName: request.endpointName, ...(profile ? { profile } : {}), endpointUrl: endpointUrl ?? 'https://runtime.sagemaker.amazonaws.com' });
}


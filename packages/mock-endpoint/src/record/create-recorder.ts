import type { IncomingMessage } from 'node:http';
import type * as SageMakerRuntime from '@aws-sdk/client-sagemaker-runtime';
import { EVENT_STREAM_CONTENT_TYPE, encodeInternalStreamFailure, encodeModelStreamError } from '@sagestream/core';
import { encodePayloadPart } from '@sagestream/core';
import type { RecordConfig } from '../config/mock-config.js';
import { MockEndpointError } from '../errors.js';
import { internalFailureError, sendServiceError } from '../service/service-errors.js';
import { bodyDigest, encodeBody, saveCassette, type Cassette, type CassetteEnd } from './cassette.js';
import type { BackendContext, InvocationBackend } from './invocation-backend.js';

type Sdk = typeof SageMakerRuntime;
type RuntimeClient = InstanceType<Sdk['SageMakerRuntimeClient']>;

/** Proxies invocations to a real SageMaker runtime and saves each exchange as a cassette. */
export type Recorder = InvocationBackend;

async function loadSdk(): Promise<Sdk> {
  try {
    return await import('@aws-sdk/client-sagemaker-runtime');
  } catch (cause) {
    throw new MockEndpointError('upstream-unavailable', 'Record mode needs @aws-sdk/client-sagemaker-runtime (installed with @sagestream/core); run npm install.', { cause });
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The error body as the service sent it, rebuilt from the SDK's exception (modeled fields + Message). */
function errorBody(error: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (/^[A-Z]/.test(key) && value !== undefined) body[key] = value;
  }
  body.Message ??= error.message;
  return body;
}

/**
 * Record mode: every invocation goes to the real runtime through the official SDK (credentials
 * from the default AWS chain, region from the config; no retries — the client retries). The
 * answer is relayed as it arrives and saved as a cassette: headers, each PayloadPart with its
 * time offset, and how the stream ended.
 */
export function createRecorder(options: { state: BackendContext; record: RecordConfig }): Recorder {
  const { state, record } = options;
  let client: Promise<{ sdk: Sdk; client: RuntimeClient }> | undefined;
  const connect = () =>
    (client ??= loadSdk().then((sdk) => ({
      sdk,
      client: new sdk.SageMakerRuntimeClient({ region: record.region, maxAttempts: 1, ...(record.endpointUrl ? { endpoint: record.endpointUrl } : {}) }),
    })));

  return {
    async handle({ request, response, operation, endpointName, body, requestId, startedAt, stats: entry }) {
      entry.detail = 'recorded';
      const abort = new AbortController();
      const onClose = () => {
        if (!response.writableEnded) {
          entry.clientWentAway = true;
          abort.abort();
        }
      };
      response.on('close', onClose);
      const elapsed = () => Math.round((performance.now() - startedAt) * 10) / 10;
      const cassette: Cassette = {
        version: 1,
        recordedAt: new Date().toISOString(),
        operation,
        endpoint: endpointName,
        request: {
          bodySha256: bodyDigest(body),
          ...encodeBody(body),
          ...(header(request, 'content-type') ? { contentType: header(request, 'content-type') } : {}),
          ...(header(request, operation === 'InvokeEndpoint' ? 'accept' : 'x-amzn-sagemaker-accept') ? { accept: header(request, operation === 'InvokeEndpoint' ? 'accept' : 'x-amzn-sagemaker-accept') } : {}),
          ...(header(request, 'x-amzn-sagemaker-custom-attributes') ? { customAttributes: header(request, 'x-amzn-sagemaker-custom-attributes') } : {}),
        },
        response: { status: 0, headers: {} },
      };
      const input = {
        EndpointName: endpointName,
        Body: body,
        ContentType: cassette.request.contentType,
        Accept: cassette.request.accept,
        CustomAttributes: cassette.request.customAttributes,
        TargetVariant: header(request, 'x-amzn-sagemaker-target-variant'),
        TargetContainerHostname: header(request, 'x-amzn-sagemaker-target-container-hostname'),
        InferenceId: header(request, 'x-amzn-sagemaker-inference-id'),
        InferenceComponentName: header(request, 'x-amzn-sagemaker-inference-component'),
        SessionId: header(request, 'x-amzn-sagemaker-session-id'),
      };
      let upstream: { sdk: Sdk; client: RuntimeClient };
      try {
        upstream = await connect();
      } catch (error) {
        entry.detail = (error as Error).message;
        sendServiceError({ response, error: internalFailureError(`Record mode: ${(error as Error).message}`), requestId, coralSuffix: state.config.errors.coralSuffix });
        entry.status = 500;
        return;
      }
      const { sdk } = upstream;
      const end = (value: CassetteEnd) => (cassette.end = value);
      const relayPart = (bytes: Uint8Array) => {
        cassette.parts!.push({ atMs: elapsed(), bytes: Buffer.from(bytes).toString('base64') });
        const frame = encodePayloadPart(bytes);
        entry.partsSent++;
        entry.payloadBytes += bytes.length;
        entry.bytesSent += frame.length;
        response.write(frame);
      };
      const startStream = (requestId: string, headers: Record<string, string>) => {
        cassette.response = { status: 200, headers };
        cassette.parts = [];
        entry.status = 200;
        response.writeHead(200, { 'x-amzn-RequestId': requestId, ...headers, 'Content-Type': EVENT_STREAM_CONTENT_TYPE });
        response.flushHeaders();
      };
      const streamException = (error: Record<string, unknown>): Uint8Array | undefined => {
        if (error.name === 'ModelStreamError') {
          end({ type: 'model-stream-error', atMs: elapsed(), errorCode: String(error.ErrorCode ?? ''), message: String(error.message) });
          return encodeModelStreamError({ errorCode: String(error.ErrorCode ?? ''), message: String(error.message) });
        }
        if (error.name === 'InternalStreamFailure') {
          end({ type: 'internal-stream-failure', atMs: elapsed(), message: String(error.message) });
          return encodeInternalStreamFailure({ message: String(error.message) });
        }
        return undefined;
      };
      try {
        if (operation === 'InvokeEndpoint') {
          const output = await upstream.client.send(new sdk.InvokeEndpointCommand(input), { abortSignal: abort.signal });
          const bytes = output.Body ?? new Uint8Array(0);
          const headers: Record<string, string> = {
            'x-Amzn-Invoked-Production-Variant': output.InvokedProductionVariant ?? 'AllTraffic',
            'Content-Type': output.ContentType ?? 'application/json',
            ...(output.CustomAttributes ? { 'X-Amzn-SageMaker-Custom-Attributes': output.CustomAttributes } : {}),
          };
          cassette.response = { status: 200, headers, body: Buffer.from(bytes).toString('base64'), atMs: elapsed() };
          response.writeHead(200, { 'x-amzn-RequestId': output.$metadata.requestId ?? requestId, ...headers, 'Content-Length': String(bytes.length) });
          response.end(bytes);
          entry.status = 200;
          entry.bytesSent = bytes.length;
          entry.outcome = 'completed';
        } else {
          let output: SageMakerRuntime.InvokeEndpointWithResponseStreamCommandOutput;
          try {
            output = await upstream.client.send(new sdk.InvokeEndpointWithResponseStreamCommand(input), { abortSignal: abort.signal });
          } catch (error) {
            // Recent SDKs read the first event before resolving: a first-frame exception lands here.
            const frame = streamException(error as Record<string, unknown>);
            if (!frame) throw error;
            startStream((error as { $metadata?: { requestId?: string } }).$metadata?.requestId ?? requestId, { 'x-Amzn-Invoked-Production-Variant': 'AllTraffic' });
            response.end(frame);
            entry.outcome = 'error';
            return;
          }
          startStream(output.$metadata.requestId ?? requestId, {
            'x-Amzn-Invoked-Production-Variant': output.InvokedProductionVariant ?? 'AllTraffic',
            'X-Amzn-SageMaker-Content-Type': output.ContentType ?? 'application/octet-stream',
            ...(output.CustomAttributes ? { 'X-Amzn-SageMaker-Custom-Attributes': output.CustomAttributes } : {}),
          });
          try {
            for await (const event of output.Body ?? []) {
              if (event.PayloadPart?.Bytes && event.PayloadPart.Bytes.length > 0) relayPart(event.PayloadPart.Bytes);
            }
            end({ type: 'completed', atMs: elapsed() });
            entry.outcome = 'completed';
            response.end();
          } catch (error) {
            const frame = streamException(error as Record<string, unknown>);
            if (frame) {
              entry.outcome = 'error';
              response.end(frame);
            } else {
              end({ type: 'disconnected', atMs: elapsed(), message: (error as Error).message });
              entry.outcome = entry.clientWentAway ? 'client-disconnected' : 'error';
              response.destroy();
            }
          }
        }
      } catch (error) {
        const failure = error as Record<string, unknown> & { $metadata?: { httpStatusCode?: number; requestId?: string } };
        const status = failure.$metadata?.httpStatusCode;
        if (status === undefined) {
          entry.detail = `upstream failed: ${String(failure.message)}`;
          entry.outcome = entry.clientWentAway ? 'client-disconnected' : 'error';
          if (!response.headersSent) sendServiceError({ response, error: internalFailureError(`Record mode: the upstream call failed: ${String(failure.message)}`), requestId, coralSuffix: state.config.errors.coralSuffix });
          entry.status = 500;
          return;
        }
        const serviceError = { status, errorType: String(failure.name), body: errorBody(failure) };
        cassette.response = { status, headers: { 'x-amzn-ErrorType': serviceError.errorType }, body: Buffer.from(JSON.stringify(serviceError.body)).toString('base64'), atMs: elapsed() };
        sendServiceError({ response, error: serviceError, requestId: failure.$metadata?.requestId ?? requestId, coralSuffix: state.config.errors.coralSuffix });
        entry.status = status;
        entry.outcome = 'error';
      } finally {
        response.off('close', onClose);
        if (cassette.response.status !== 0 && !entry.clientWentAway) {
          try {
            entry.detail = `recorded ${await saveCassette({ dir: record.dir, cassette })}`;
          } catch (error) {
            entry.detail = `recording failed: ${(error as Error).message}`;
          }
        }
      }
    },
  };
}

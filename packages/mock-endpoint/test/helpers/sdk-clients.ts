import * as current from '@aws-sdk/client-sagemaker-runtime';
import * as v3600 from 'sdk-v3600';

/** The two generations of the official JS SDK the mock must satisfy (wire spec §6). */
export const SDKS = [
  { name: '@aws-sdk/client-sagemaker-runtime 3.1164 (schema serde)', sdk: current as unknown as typeof current, waitsForFirstFrame: true },
  { name: 'sdk-v3600 (generated Aws_restJson1)', sdk: v3600 as unknown as typeof current, waitsForFirstFrame: false },
] as const;

export type Sdk = typeof current;

/** Dummy static credentials: the mock accepts any signature unless auth is sigv4. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

/** A client pointed at the mock; no retries, so every request is counted once. */
export function createClient(options: { sdk: Sdk; url: string; maxAttempts?: number; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; systemClockOffset?: number }) {
  return new options.sdk.SageMakerRuntimeClient({
    endpoint: options.url,
    region: 'us-east-1',
    credentials: options.credentials ?? DUMMY_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }),
  });
}

/** What a streaming call delivered through the SDK. */
export interface StreamOutcome {
  contentType: string | undefined;
  variant: string | undefined;
  requestId: string | undefined;
  parts: Uint8Array[];
  /** Set when `send()` or the iterator threw. */
  error?: Error & Record<string, unknown>;
  /** Where the error surfaced: `send` (before the Body) or `iterator`. */
  errorAt?: 'send' | 'iterator';
}

/** Calls InvokeEndpointWithResponseStream and collects every PayloadPart (and any error). */
export async function streamWithSdk(options: {
  sdk: Sdk;
  url: string;
  endpoint: string;
  body: unknown;
  customAttributes?: string;
  inferenceComponentName?: string;
  contentType?: string | null;
  abortSignal?: AbortSignal;
  /** Called as each part arrives. */
  onPart?: (part: Uint8Array) => void;
}): Promise<StreamOutcome> {
  const client = createClient({ sdk: options.sdk, url: options.url });
  const command = new options.sdk.InvokeEndpointWithResponseStreamCommand({
    EndpointName: options.endpoint,
    Body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    ...(options.contentType === null ? {} : { ContentType: options.contentType ?? 'application/json' }),
    ...(options.customAttributes ? { CustomAttributes: options.customAttributes } : {}),
    ...(options.inferenceComponentName ? { InferenceComponentName: options.inferenceComponentName } : {}),
  });
  const outcome: StreamOutcome = { contentType: undefined, variant: undefined, requestId: undefined, parts: [] };
  try {
    let response;
    try {
      response = await client.send(command, options.abortSignal ? { abortSignal: options.abortSignal } : {});
    } catch (error) {
      return { ...outcome, error: error as StreamOutcome['error'] & object, errorAt: 'send' };
    }
    outcome.contentType = response.ContentType;
    outcome.variant = response.InvokedProductionVariant;
    outcome.requestId = response.$metadata.requestId;
    try {
      for await (const event of response.Body ?? []) {
        if (event.PayloadPart?.Bytes) {
          outcome.parts.push(event.PayloadPart.Bytes);
          options.onPart?.(event.PayloadPart.Bytes);
        }
      }
    } catch (error) {
      outcome.error = error as StreamOutcome['error'] & object;
      outcome.errorAt = 'iterator';
    }
    return outcome;
  } finally {
    client.destroy();
  }
}

/** Concatenates PayloadPart bytes. */
export function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** The concatenated parts as text. */
export function partsText(parts: readonly Uint8Array[]): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(concatParts(parts));
}

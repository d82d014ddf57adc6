/**
 * Every failure that `@sagestream/core` reports is a {@link SageStreamError} with a closed `code`.
 * Callers branch on `code`, never on the message text.
 */
export type SageStreamErrorCode =
  // event-stream framing (fatal: the byte stream can no longer be trusted)
  | 'frame-too-short'
  | 'frame-too-large'
  | 'headers-too-large'
  | 'prelude-crc-mismatch'
  | 'message-crc-mismatch'
  | 'truncated-frame'
  | 'invalid-header'
  | 'unrecognized-message-type'
  // bidirectional streams: an input event whose chained :chunk-signature or :date does not verify
  | 'signature-mismatch'
  // container byte stream
  | 'line-too-long'
  | 'event-too-large'
  | 'invalid-utf8'
  | 'invalid-json'
  | 'unexpected-payload'
  | 'tool-call-too-large'
  // stream outcomes reported by the service or the container
  | 'model-stream-error'
  | 'internal-stream-failure'
  | 'service-error'
  | 'container-error'
  // client / request
  | 'validation-error'
  | 'model-error'
  | 'model-not-ready'
  | 'throttling'
  | 'service-unavailable'
  | 'internal-failure'
  | 'access-denied'
  | 'credentials-missing'
  | 'credentials-expired'
  | 'network-error'
  | 'aborted'
  | 'invalid-argument'
  | 'session-error'
  | 'response-too-large'
  | 'unknown-error';

/** Context that makes an error actionable; every field is optional. */
export interface SageStreamErrorContext {
  /** Offset in the byte stream the failing layer reads (HTTP body, or container output). */
  byteOffset?: number;
  /** What the decoder expected to find. */
  expected?: string;
  /** What it found instead. */
  actual?: string;
  endpointName?: string;
  requestId?: string;
  /** HTTP status of the service response, when there was one. */
  statusCode?: number;
  /** The service's or the container's own error name/code (e.g. `ModelInvocationTimeExceeded`). */
  serviceCode?: string;
  /** A command or step that fixes the problem, shown to users as-is. */
  fix?: string;
  /** Extra structured details (e.g. `OriginalStatusCode`, `LogStreamArn`). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error class of `@sagestream/core`. */
export class SageStreamError extends Error {
  override readonly name = 'SageStreamError';
  readonly code: SageStreamErrorCode;
  readonly byteOffset?: number;
  readonly expected?: string;
  readonly actual?: string;
  readonly endpointName?: string;
  readonly requestId?: string;
  readonly statusCode?: number;
  readonly serviceCode?: string;
  readonly fix?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: SageStreamErrorCode, message: string, context: SageStreamErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    const fields = {
      byteOffset: context.byteOffset,
      expected: context.expected,
      actual: context.actual,
      endpointName: context.endpointName,
      requestId: context.requestId,
      statusCode: context.statusCode,
      serviceCode: context.serviceCode,
      fix: context.fix,
      details: context.details,
    };
    Object.assign(this, dropUndefined(fields));
  }

  /** A plain `{ code, message, ... }` object, safe to send over `postMessage` or HTTP. */
  toJSON(): SerializedError {
    return dropUndefined({
      code: this.code,
      message: this.message,
      byteOffset: this.byteOffset,
      expected: this.expected,
      actual: this.actual,
      endpointName: this.endpointName,
      requestId: this.requestId,
      statusCode: this.statusCode,
      serviceCode: this.serviceCode,
      fix: this.fix,
      details: this.details,
    }) as SerializedError;
  }
}

/** The wire form of a {@link SageStreamError}. */
export interface SerializedError {
  code: SageStreamErrorCode;
  message: string;
  byteOffset?: number;
  expected?: string;
  actual?: string;
  endpointName?: string;
  requestId?: string;
  statusCode?: number;
  serviceCode?: string;
  fix?: string;
  details?: Record<string, unknown>;
}

/** Type guard for {@link SageStreamError}, also across realms/bundles (checks `name` and `code`). */
export function isSageStreamError(value: unknown): value is SageStreamError {
  return (
    value instanceof SageStreamError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'SageStreamError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}

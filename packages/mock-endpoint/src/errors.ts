/**
 * Every failure `@sagestream/mock-endpoint` reports to its caller (configuration, cassettes, the
 * record proxy) is a {@link MockEndpointError} with a closed `code`. Errors the mock sends to
 * clients are AWS-shaped HTTP responses instead (see `service/service-errors.ts`).
 */
export type MockEndpointErrorCode =
  | 'invalid-config'
  | 'config-not-found'
  | 'invalid-cassette'
  | 'upstream-unavailable'
  | 'invalid-argument';

/** Context that makes an error actionable; every field is optional. */
export interface MockEndpointErrorContext {
  /** The config or cassette file involved. */
  file?: string;
  /** Path of the offending setting, e.g. `endpoints.my-ep.latency.interToken`. */
  path?: string;
  expected?: string;
  actual?: string;
  cause?: unknown;
}

/** The one error class of `@sagestream/mock-endpoint`. */
export class MockEndpointError extends Error {
  override readonly name = 'MockEndpointError';
  readonly code: MockEndpointErrorCode;
  readonly file?: string;
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;

  constructor(code: MockEndpointErrorCode, message: string, context: MockEndpointErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    if (context.file !== undefined) this.file = context.file;
    if (context.path !== undefined) this.path = context.path;
    if (context.expected !== undefined) this.expected = context.expected;
    if (context.actual !== undefined) this.actual = context.actual;
  }
}

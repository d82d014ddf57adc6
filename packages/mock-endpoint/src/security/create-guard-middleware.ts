import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendServiceError } from '../service/service-errors.js';
import { checkRequest } from './request-guard.js';

/** Options of {@link createGuardMiddleware}. */
export interface GuardMiddlewareOptions {
  /** Names accepted besides loopback ones (`--host`, `--allow-host`). */
  allowedHosts: readonly string[];
  /** Append the Coral namespace to `x-amzn-ErrorType` (as the mock's other errors do). */
  coralSuffix?: boolean;
  /** Told about each refused request (the CLI logs it). */
  log?: (line: string) => void;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Connect/express middleware applying {@link checkRequest} before any route: a refused request
 * gets a 403 `AccessDeniedException` (JSON, AWS shape) and its connection is closed.
 *
 * @example
 * app.use(createGuardMiddleware({ allowedHosts: ['devbox.local'] }));
 */
export function createGuardMiddleware(options: GuardMiddlewareOptions): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  const { allowedHosts, coralSuffix = true, log } = options;
  return (request, response, next) => {
    const verdict = checkRequest({
      host: first(request.headers.host),
      origin: first(request.headers.origin),
      secFetchSite: first(request.headers['sec-fetch-site']),
      allowedHosts,
    });
    if (verdict.ok) return next();
    log?.(`refused ${request.method ?? '?'} ${(request.url ?? '').slice(0, 200)}: ${verdict.reason}`);
    response.setHeader('Connection', 'close');
    sendServiceError({
      response,
      error: { status: verdict.status, errorType: 'AccessDeniedException', body: { message: verdict.message }, generic: true },
      requestId: randomUUID(),
      coralSuffix,
    });
  };
}

import { SageStreamError } from '../errors.js';
import type { InvokeEndpointRequest, StreamTransport } from '../transport/transport.js';
import { isSessionId, parseSessionHeader } from './parse-session-header.js';

/** Body of the request that opens a session (the documented convention, wire spec §13.2). */
export const NEW_SESSION_BODY = '{"requestType":"NEW_SESSION"}';
/** Body of the request that closes a session. */
export const CLOSE_SESSION_BODY = '{"requestType":"CLOSE"}';
/** The `SessionId` value that asks InvokeEndpoint for a new session. */
export const NEW_SESSION = 'NEW_SESSION';

/** Where a session lives: the endpoint and the routing members every call of the session repeats. */
export interface SessionTarget {
  endpointName: string;
  inferenceComponentName?: string;
  targetVariant?: string;
  targetContainerHostname?: string;
  customAttributes?: string;
}

/** Options of {@link newSession}. */
export interface NewSessionOptions extends SessionTarget {
  transport: StreamTransport;
  signal?: AbortSignal;
}

/** Options of {@link closeSession}. */
export interface CloseSessionOptions extends NewSessionOptions {
  sessionId: string;
}

/** An open stateful session. Pass `id` as `sessionId` with every later call. */
export interface StatefulSession {
  id: string;
  /** When the session expires, as the service sent it (ISO 8601). */
  expiresAt?: string;
  requestId?: string;
}

/**
 * Opens a stateful session: InvokeEndpoint with `SessionId: NEW_SESSION` and body
 * `{"requestType":"NEW_SESSION"}`; the id comes back in `X-Amzn-SageMaker-New-Session-Id`.
 * Streaming calls then send it as `sessionId` (InvokeEndpointWithResponseStream cannot open one).
 *
 * @example
 * const session = await newSession({ transport, endpointName: 'my-llm' });
 * for await (const event of streamChat({ transport, endpoint, messages, sessionId: session.id })) …
 * await closeSession({ transport, endpointName: 'my-llm', sessionId: session.id });
 */
export async function newSession(options: NewSessionOptions): Promise<StatefulSession> {
  const response = await invokeSessionRequest(options, NEW_SESSION, NEW_SESSION_BODY);
  if (!response.newSessionId) {
    throw new SageStreamError('session-error', `Endpoint ${options.endpointName} did not open a session: its reply has no X-Amzn-SageMaker-New-Session-Id header.`, {
      endpointName: options.endpointName,
      ...(response.requestId ? { requestId: response.requestId } : {}),
      fix: 'Enable stateful sessions in the container (LMI: on by default; vLLM/model-hosting-container-standards: SAGEMAKER_ENABLE_STATEFUL_SESSIONS=true), or turn sessions off.',
    });
  }
  const header = parseSessionHeader(response.newSessionId);
  return { ...header, ...(response.requestId ? { requestId: response.requestId } : {}) };
}

/**
 * Closes a stateful session: InvokeEndpoint with the id and body `{"requestType":"CLOSE"}`.
 * Resolves with the id from `X-Amzn-SageMaker-Closed-Session-Id` (undefined if the reply has none).
 */
export async function closeSession(options: CloseSessionOptions): Promise<{ closedSessionId?: string }> {
  if (!isSessionId(options.sessionId)) {
    throw new SageStreamError('invalid-argument', `Expected a session id from newSession(), got ${JSON.stringify(options.sessionId.slice(0, 300))}.`, {
      expected: 'letters, digits and inner hyphens, at most 256 characters',
      actual: options.sessionId.slice(0, 300),
    });
  }
  const response = await invokeSessionRequest(options, options.sessionId, CLOSE_SESSION_BODY);
  return response.closedSessionId ? { closedSessionId: parseSessionHeader(response.closedSessionId).id } : {};
}

/** Margin before `expiresAt` from which a session counts as expired (a request takes time to arrive). */
export const SESSION_EXPIRY_MARGIN_MS = 10_000;

/**
 * True when a session's `expiresAt` has passed (or is within {@link SESSION_EXPIRY_MARGIN_MS}):
 * the service would answer ValidationError, so open a new one instead. A session without a
 * parseable expiry never counts as expired.
 */
export function isSessionExpired(session: Pick<StatefulSession, 'expiresAt'>, now: number = Date.now()): boolean {
  if (!session.expiresAt) return false;
  const expires = Date.parse(session.expiresAt);
  return Number.isFinite(expires) && now >= expires - SESSION_EXPIRY_MARGIN_MS;
}

async function invokeSessionRequest(options: NewSessionOptions, sessionId: string, body: string) {
  const { transport } = options;
  if (!transport.invokeEndpoint) {
    throw new SageStreamError('session-error', `The transport ${transport.description} cannot make InvokeEndpoint calls, so it cannot open or close sessions.`, {
      endpointName: options.endpointName,
    });
  }
  const request: InvokeEndpointRequest = {
    endpointName: options.endpointName,
    body,
    contentType: 'application/json',
    sessionId,
    ...(options.inferenceComponentName ? { inferenceComponentName: options.inferenceComponentName } : {}),
    ...(options.targetVariant ? { targetVariant: options.targetVariant } : {}),
    ...(options.targetContainerHostname ? { targetContainerHostname: options.targetContainerHostname } : {}),
    ...(options.customAttributes ? { customAttributes: options.customAttributes } : {}),
  };
  return transport.invokeEndpoint(request, options.signal ? { signal: options.signal } : {});
}

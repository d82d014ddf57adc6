import type { IncomingHttpHeaders } from 'node:http';
import type { EndpointConfig } from '../config/mock-config.js';
import type { ContainerResponse } from '../containers/container-types.js';
import { isObject, parseJsonBody } from '../containers/request-body.js';
import { resolveTarget, type Target } from './resolve-target.js';
import { sessionError } from './routing-errors.js';
import type { ServiceError } from '../service/service-errors.js';
import type { Operation } from '../service/validate-request.js';
import { sessionClosedReply, sessionFailure, sessionOpenedReply } from '../sessions/session-replies.js';
import type { SessionStore } from '../sessions/session-store.js';

/** A request routed to its target, with its session turn and, for session requests, the answer. */
export interface RoutedInvocation {
  target: Target;
  session: { id: string; turn: number; action?: 'opened' | 'closed' } | null;
  /** Set for NEW_SESSION and CLOSE requests: the container's answer, instead of inference. */
  reply: ContainerResponse | null;
}

/** `{"requestType": "NEW_SESSION" | "CLOSE"}` bodies (the documented convention), else null. */
function requestType(body: Uint8Array): string | null {
  if (body.length > 4096) return null;
  const parsed = parseJsonBody(body);
  return parsed.ok && isObject(parsed.value) && typeof parsed.value.requestType === 'string' ? parsed.value.requestType : null;
}

/**
 * Routes an invocation and applies stateful sessions as SageMaker and the containers do: an
 * existing `X-Amzn-SageMaker-Session-Id` must be live (else ValidationError) and pins the request
 * to the session's variant, instance and component; `{"requestType": "NEW_SESSION"}` opens one
 * (bounded per endpoint) and `{"requestType": "CLOSE"}` closes it, answered per container convention.
 */
export function routeInvocation(options: {
  endpoint: EndpointConfig;
  operation: Operation;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  seed: number;
  accountId: string;
  sessions: SessionStore;
  newSessionId: () => string;
}): RoutedInvocation | { error: ServiceError } {
  const { endpoint, headers, sessions } = options;
  const raw = headers['x-amzn-sagemaker-session-id'];
  const sessionId = Array.isArray(raw) ? raw[0] : raw;
  const existing = sessionId === undefined || sessionId === 'NEW_SESSION' ? null : sessions.get(endpoint.name, sessionId);
  if (typeof existing === 'string') return { error: sessionError({ sessionId: sessionId!, endpoint: endpoint.name, why: existing }) };
  if (existing && existing.inferenceComponent !== null && headers['x-amzn-sagemaker-inference-component'] !== existing.inferenceComponent) {
    return { error: sessionError({ sessionId: existing.id, endpoint: endpoint.name, why: 'elsewhere' }) };
  }
  const pinned = existing ? { variant: existing.variant, instance: existing.instance, inferenceComponent: existing.inferenceComponent } : undefined;
  const routed = resolveTarget({ endpoint, headers, seed: options.seed, accountId: options.accountId, pinned });
  if ('error' in routed) return routed;
  const { target } = routed;
  const config = target.endpoint.sessions;
  const type = config.enabled ? requestType(options.body) : null;

  if (type === 'NEW_SESSION' && options.operation === 'InvokeEndpoint') {
    const id = options.newSessionId();
    const opened = sessions.open({ id, endpoint: endpoint.name, ttlMs: config.ttlSeconds * 1000, maxOpen: config.maxOpen, variant: target.variant.name, instance: target.instance, inferenceComponent: target.inferenceComponent?.name ?? null });
    if (opened === 'full') {
      return { target, session: null, reply: sessionFailure({ convention: config.convention, message: `Failed to create session: ${config.maxOpen} sessions are open on this endpoint (sessions.maxOpen)` }) };
    }
    return { target, session: { id, turn: 0, action: 'opened' }, reply: sessionOpenedReply({ convention: config.convention, id, expiresAt: opened.expiresAt }) };
  }
  if (type === 'CLOSE') {
    if (!existing) {
      const message = config.convention === 'lmi' ? 'Failed to close session: invalid session_id: None' : 'Session ID is required in request headers to close a session';
      return { target, session: null, reply: sessionFailure({ convention: config.convention, message, status: 400 }) };
    }
    sessions.close(endpoint.name, existing.id);
    return { target, session: { id: existing.id, turn: ++existing.turns, action: 'closed' }, reply: sessionClosedReply({ convention: config.convention, id: existing.id }) };
  }
  return { target, session: existing ? { id: existing.id, turn: ++existing.turns } : null, reply: null };
}

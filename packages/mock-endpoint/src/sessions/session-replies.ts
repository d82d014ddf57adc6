import type { SessionConvention } from '../config/mock-config.js';
import type { ContainerResponse } from '../containers/container-types.js';
import { lmiCodedError } from '../containers/lmi-format.js';

// What the container answers to session requests, per convention:
// - LMI (djl-serving session_utils.py): a JSON body {"result": "Session <id> created"} plus "\n"
//   (async_utils._create_output), errors {"error": "Failed to …", "code": 424} through the Java
//   frontend;
// - model-hosting-container-standards (sessions/handlers.py, transform.py): a plain-text body
//   "Session <id> created" with no Content-Type, errors as FastAPI HTTPException {"detail": …}.
// Either way the client sees X-Amzn-SageMaker-New-Session-Id / -Closed-Session-Id on InvokeEndpoint.

/** `YYYY-MM-DDTHH:MM:SSZ` (strftime "%Y-%m-%dT%H:%M:%SZ" of the UTC expiry). */
export function formatExpires(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

function reply(convention: SessionConvention, text: string, headers: Record<string, string>): ContainerResponse {
  const lmi = convention === 'lmi';
  const body = lmi ? `{"result": ${JSON.stringify(text)}}\n` : text;
  return { type: 'accepted', contentType: lmi ? 'application/json' : '', prompt: '', generation: null, flushes: [{ bytes: Buffer.from(body, 'utf8'), tokens: 0, waits: 1 }], headers };
}

/** The container created a session: `<id>; Expires=…` reaches the client as NewSessionId. */
export function sessionOpenedReply(options: { convention: SessionConvention; id: string; expiresAt: number }): ContainerResponse {
  const { convention, id, expiresAt } = options;
  return reply(convention, `Session ${id} created`, { 'X-Amzn-SageMaker-New-Session-Id': `${id}; Expires=${formatExpires(expiresAt)}` });
}

/** The container closed a session: the id reaches the client as ClosedSessionId. */
export function sessionClosedReply(options: { convention: SessionConvention; id: string }): ContainerResponse {
  return reply(options.convention, `Session ${options.id} closed`, { 'X-Amzn-SageMaker-Closed-Session-Id': options.id });
}

/** A session request the container refuses (→ ModelError 424 with this status and body). */
export function sessionFailure(options: { convention: SessionConvention; message: string; status?: number }): ContainerResponse {
  if (options.convention === 'lmi') return { type: 'rejected', status: 424, contentType: 'application/json', body: lmiCodedError(options.message) };
  return { type: 'rejected', status: options.status ?? 424, contentType: 'application/json', body: `{"detail":${JSON.stringify(options.message)}}` };
}

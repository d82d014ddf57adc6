import { SageStreamError, type InvokeEndpointRequest, type InvokeStreamRequest, type StreamTransport } from '@sagestream/core';

/** A call the scripted transport received. */
export interface ScriptedCall {
  operation: 'InvokeEndpoint' | 'InvokeEndpointWithResponseStream';
  endpointName: string;
  sessionId?: string;
  body: string;
  inferenceComponentName?: string;
  targetVariant?: string;
}

/** Options of {@link createScriptedTransport}. */
export interface ScriptedTransportOptions {
  /** The container output (SSE) of every streamed reply. */
  output?: string;
  /** Answer NEW_SESSION without a session id (a container without session support). */
  withoutSessions?: boolean;
  /** Streamed replies wait for this before their last event (to test what happens mid-reply). */
  gate?: Promise<void>;
  /** The clock sessions expire by (default `Date.now`); they live 20 minutes. */
  now?: () => number;
}

/** How long a scripted session lives. */
export const SCRIPTED_SESSION_TTL_MS = 20 * 60 * 1000;

const DEFAULT_OUTPUT =
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}\n\n' +
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" there."},"finish_reason":"stop"}]}\n\n' +
  'data: [DONE]\n\n';

/**
 * A transport that answers like the SageMaker runtime with stateful sessions (NEW_SESSION,
 * CLOSE, ValidationError for an unknown session), streaming a scripted container output. It
 * records every call, so tests can check the session lifecycle a chat drives.
 */
export function createScriptedTransport(options: ScriptedTransportOptions = {}) {
  const calls: ScriptedCall[] = [];
  const open = new Set<string>();
  let counter = 0;
  const record = (operation: ScriptedCall['operation'], request: InvokeStreamRequest | InvokeEndpointRequest): void => {
    calls.push({
      operation,
      endpointName: request.endpointName,
      body: typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body),
      ...(request.sessionId ? { sessionId: request.sessionId } : {}),
      ...(request.inferenceComponentName ? { inferenceComponentName: request.inferenceComponentName } : {}),
      ...(request.targetVariant ? { targetVariant: request.targetVariant } : {}),
    });
  };
  const checkSession = (sessionId: string | undefined): void => {
    if (sessionId && sessionId !== 'NEW_SESSION' && !open.has(sessionId)) {
      throw new SageStreamError('validation-error', `Session ${sessionId} is not open.`, { statusCode: 400, serviceCode: 'ValidationError' });
    }
  };
  const transport: StreamTransport = {
    description: 'scripted',
    async invoke(request) {
      record('InvokeEndpointWithResponseStream', request);
      checkSession(request.sessionId);
      const bytes = new TextEncoder().encode(options.output ?? DEFAULT_OUTPUT);
      const events = (async function* () {
        // Cut into small parts, as the runtime may, so the chat sees every kind of split.
        for (let offset = 0; offset < bytes.length; offset += 7) {
          if (offset + 7 >= bytes.length) await options.gate;
          yield { type: 'payload-part' as const, bytes: bytes.slice(offset, offset + 7), byteOffset: -1 };
        }
      })();
      return { metadata: { contentType: 'text/event-stream', invokedVariant: 'AllTraffic', requestId: `req-${calls.length}` }, headersAt: performance.now(), events };
    },
    async invokeEndpoint(request) {
      record('InvokeEndpoint', request);
      checkSession(request.sessionId);
      const body = new TextEncoder().encode('{}');
      const requestBody = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      if (request.sessionId === 'NEW_SESSION') {
        if (options.withoutSessions) return { statusCode: 200, body };
        const id = `sess-${++counter}`;
        open.add(id);
        const expires = new Date((options.now ?? Date.now)() + SCRIPTED_SESSION_TTL_MS).toISOString().slice(0, 19);
        return { statusCode: 200, body, newSessionId: `${id}; Expires=${expires}Z` };
      }
      if (request.sessionId && requestBody.includes('"CLOSE"')) {
        open.delete(request.sessionId);
        return { statusCode: 200, body, closedSessionId: request.sessionId };
      }
      return { statusCode: 200, body };
    },
  };
  return { transport, calls, open };
}

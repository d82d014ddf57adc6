import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePayloadPart } from '../../src/index.js';

/** One request the service received. */
export interface RecordedCall {
  operation: 'InvokeEndpoint' | 'InvokeEndpointWithResponseStream';
  endpointName: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running {@link startSessionService}. */
export interface SessionService {
  baseUrl: string;
  calls: RecordedCall[];
  /** Session ids currently open. */
  open: Set<string>;
  close(): Promise<void>;
}

/** Options of {@link startSessionService}. */
export interface SessionServiceOptions {
  /** Answer NEW_SESSION without a New-Session-Id header (a container without session support). */
  withoutSessions?: boolean;
  /** The container output (SSE) of streamed replies, instead of one that names the session. */
  output?: string;
  /** How long a session lives (default 20 minutes, LMI's default TTL); expired ids are refused. */
  ttlMs?: number;
}

/** `Expires=` as the service writes it: ISO 8601 to the second, UTC. */
export function expiresHeaderValue(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}

/**
 * A small stand-in for the SageMaker runtime with stateful sessions (wire spec §13.2), on loopback
 * port 0: InvokeEndpoint opens (`SessionId: NEW_SESSION`, body `{"requestType":"NEW_SESSION"}`) and
 * closes (`{"requestType":"CLOSE"}`) sessions; the streaming call answers Messages API SSE in
 * PayloadParts and rejects unknown session ids with ValidationError, as the service does.
 * It records every call, so tests can check the exact requests a client sent.
 */
export async function startSessionService(options: SessionServiceOptions = {}): Promise<SessionService> {
  const calls: RecordedCall[] = [];
  const open = new Set<string>();
  const expiry = new Map<string, number>();
  const ttlMs = options.ttlMs ?? 20 * 60 * 1000;
  let counter = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/endpoints\/([^/]+)\/(invocations|invocations-response-stream)$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match) return sendError(response, 404, 'UnknownOperationException', 'Unknown operation');
      const endpointName = decodeURIComponent(match[1]!);
      const operation = match[2] === 'invocations' ? 'InvokeEndpoint' : 'InvokeEndpointWithResponseStream';
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ operation, endpointName, headers: request.headers, body });
      const sessionId = request.headers['x-amzn-sagemaker-session-id'];
      if (typeof sessionId === 'string' && open.has(sessionId) && Date.now() >= expiry.get(sessionId)!) open.delete(sessionId);
      if (typeof sessionId === 'string' && sessionId !== 'NEW_SESSION' && !open.has(sessionId)) {
        return sendError(response, 400, 'ValidationError', `Session ${sessionId} is not open (closed or expired).`);
      }
      if (operation === 'InvokeEndpoint') {
        if (sessionId === 'NEW_SESSION' && body.includes('"NEW_SESSION"')) {
          const id = `sess-${++counter}-a1b2`;
          if (!options.withoutSessions) {
            const expires = Math.floor((Date.now() + ttlMs) / 1000) * 1000;
            open.add(id);
            expiry.set(id, expires);
            response.setHeader('X-Amzn-SageMaker-New-Session-Id', `${id}; Expires=${expiresHeaderValue(expires)}`);
          }
        } else if (typeof sessionId === 'string' && body.includes('"CLOSE"')) {
          open.delete(sessionId);
          response.setHeader('X-Amzn-SageMaker-Closed-Session-Id', sessionId);
        }
        response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${calls.length}` });
        response.end('{}');
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amzn-sagemaker-content-type': 'text/event-stream',
        'x-amzn-invoked-production-variant': (request.headers['x-amzn-sagemaker-target-variant'] as string | undefined) ?? 'AllTraffic',
        'x-amzn-requestid': `req-${calls.length}`,
      });
      const text = typeof sessionId === 'string' ? `In session ${sessionId}.` : 'No session.';
      const sse = [
        `data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":${JSON.stringify(text)}},"finish_reason":"stop"}]}\n\n`,
        'data: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}\n\n',
        'data: [DONE]\n\n',
      ];
      for (const event of options.output === undefined ? sse : [options.output]) response.write(encodePayloadPart(new TextEncoder().encode(event)));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    open,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'req-error' });
  response.end(JSON.stringify({ message }));
}

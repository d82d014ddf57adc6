import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { MockConfig } from '../config/mock-config.js';

/** Writes a plain AWS-style JSON error on a socket the HTTP parser gave up on. */
function rejectSocket(socket: Socket, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ${reason.replace(/ /g, '')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * `http.createServer` options with the mock's limits: headers and whole requests must arrive in
 * time (slow-loris clients are cut off), keep-alive sockets are closed when idle.
 */
export function httpServerOptions(server: MockConfig['server']): ServerOptions {
  return {
    noDelay: true,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    headersTimeout: server.headersTimeoutMs,
    requestTimeout: server.requestTimeoutMs,
    // How often Node enforces the two timeouts above (its default, 30 s, lets slow-loris clients linger).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, server.headersTimeoutMs / 2)),
  };
}

/** Answers requests the HTTP parser refused (oversized headers, timeouts, garbage) with JSON, never a stack. */
export function handleClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') return rejectSocket(socket, 431, 'Request Header Fields Too Large', 'The request headers exceed the server limit.');
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return rejectSocket(socket, 408, 'Request Timeout', 'The request was not received in time.');
    rejectSocket(socket, 400, 'Bad Request', `Malformed HTTP request: ${error.message}`);
  });
}

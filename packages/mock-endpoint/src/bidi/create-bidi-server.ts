import { createServer, type Http2Server, type Http2Session } from 'node:http2';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { MockState } from '../server/mock-state.js';
import { handleBidiStream } from './handle-bidi-stream.js';

/** The client connection preface of HTTP/2 (RFC 9113 §3.4): h2c with prior knowledge starts with it. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
/**
 * How long a new connection may stay silent before it is handed to the HTTP/1.1 server (whose own
 * timeouts then apply). Generous: on a loaded machine an HTTP/2 client's preface can take a while.
 */
const DEFAULT_SNIFF_WAIT_MS = 2000;
/** How long open HTTP/2 connections get to finish after close() before they are destroyed. */
const CLOSE_GRACE_MS = 500;
/** Largest header block accepted on the HTTP/2 side (as the HTTP/1.1 parser's default). */
const MAX_HEADER_LIST_BYTES = 16 * 1024;

/** The HTTP/2 side of the mock. */
export interface BidiServer {
  http2: Http2Server;
  /** Streams in flight (each also sits in the mock's shutdown set). */
  readonly activeCount: number;
  /** Open HTTP/2 connections. */
  readonly sessionCount: number;
  /** Ends every stream (InternalStreamFailure) and closes every HTTP/2 connection. */
  close(): Promise<void>;
}

/**
 * Creates the cleartext HTTP/2 server for InvokeEndpointWithBidirectionalStream. It does not
 * listen: {@link attachHttp2Sniffer} hands it the connections that start with the HTTP/2 preface.
 */
export function createBidiServer(options: { state: MockState }): BidiServer {
  const { state } = options;
  const bidi = state.config.bidi;
  const sessions = new Set<Http2Session>();
  const active = new Set<{ shutdown(): void }>();
  const server = createServer({
    maxSessionMemory: 32,
    maxHeaderListPairs: 128,
    settings: { maxConcurrentStreams: bidi.maxConcurrentStreams, maxHeaderListSize: MAX_HEADER_LIST_BYTES },
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
    // A silent connection is not held forever (the HTTP/1.1 request timeout); a conversation that
    // merely pauses is: its stream has its own timeout (streamTimeoutMs).
    session.setTimeout(Math.max(state.config.server.requestTimeoutMs, 1000), () => {
      if ((openStreams.get(session) ?? 0) === 0) session.destroy();
    });
  });
  const openStreams = new WeakMap<Http2Session, number>();
  server.on('stream', (stream, headers) => {
    const session = stream.session;
    if (session) {
      openStreams.set(session, (openStreams.get(session) ?? 0) + 1);
      stream.once('close', () => openStreams.set(session, (openStreams.get(session) ?? 1) - 1));
    }
    handleBidiStream({ state, stream, headers, active }).catch((error: unknown) => {
      state.log?.(`internal error on HTTP/2 ${String(headers[':path'])}: ${(error as Error).stack ?? String(error)}`);
      if (!stream.destroyed) stream.close();
    });
  });
  return {
    http2: server,
    get activeCount() {
      return active.size;
    },
    get sessionCount() {
      return sessions.size;
    },
    close() {
      for (const running of [...active]) running.shutdown();
      const closing = [...sessions].filter((session) => !session.destroyed);
      return Promise.all(
        closing.map(
          (session) =>
            new Promise<void>((resolve) => {
              session.once('close', () => resolve());
              session.close();
              // Streams that ignore GOAWAY do not keep the mock from closing.
              setTimeout(() => session.destroy(), CLOSE_GRACE_MS).unref();
            }),
        ),
      ).then(() => undefined);
    },
  };
}

/**
 * Makes one HTTP/1.1 listener serve cleartext HTTP/2 too: connections whose first bytes are the
 * HTTP/2 preface go to `http2`, all others to the HTTP/1.1 server untouched (its parser, timeouts
 * and clientError handling see exactly the bytes the client sent).
 */
export function attachHttp2Sniffer(options: { server: Server; http2: Http2Server; sniffWaitMs?: number }): { destroyPending(): void } {
  const { server, http2 } = options;
  const sniffWaitMs = options.sniffWaitMs ?? DEFAULT_SNIFF_WAIT_MS;
  // Connections whose first bytes have not decided their protocol yet (neither server tracks them).
  const pending = new Set<Socket>();
  const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const toHttp1 = (socket: Socket): void => {
    for (const listener of listeners) listener.call(server, socket);
  };
  server.on('connection', (socket: Socket) => {
    pending.add(socket);
    socket.once('close', () => pending.delete(socket));
    let received: Buffer = Buffer.alloc(0);
    // A connection that sends nothing goes to the HTTP/1.1 server soon, so that its own timeouts
    // (headersTimeout, requestTimeout) govern it as before.
    const silent = setTimeout(() => {
      if (received.length > 0) return;
      pending.delete(socket);
      socket.off('data', onData);
      socket.off('end', onEnd);
      toHttp1(socket);
    }, sniffWaitMs);
    silent.unref();
    const onData = (chunk: Buffer): void => {
      clearTimeout(silent);
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const compared = Math.min(received.length, H2_PREFACE.length);
      const isPrefix = received.subarray(0, compared).equals(H2_PREFACE.subarray(0, compared));
      if (isPrefix && received.length < H2_PREFACE.length) return; // wait for the rest of the preface
      pending.delete(socket);
      socket.off('data', onData);
      socket.off('end', onEnd);
      if (isPrefix) {
        // node:http2 reads a real socket's handle directly, past bytes unshifted in JS: hand it a
        // stream that replays the preface first instead.
        http2.emit('connection', createReplaySocket(socket, received));
        return;
      }
      socket.pause();
      socket.unshift(received);
      toHttp1(socket);
      socket.resume();
    };
    const onEnd = (): void => {
      clearTimeout(silent);
      pending.delete(socket);
      socket.off('data', onData);
      if (received.length > 0) socket.unshift(received);
      toHttp1(socket);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
  return {
    destroyPending() {
      for (const socket of pending) socket.destroy();
      pending.clear();
    },
  };
}

/** A Duplex over `socket` that first yields `head` (bytes already read from it). */
function createReplaySocket(socket: Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      if (socket.destroyed) return callback();
      socket.write(chunk, () => callback());
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('error', (error) => duplex.destroy(error));
  socket.on('close', () => duplex.destroy());
  socket.setNoDelay(true);
  return duplex;
}

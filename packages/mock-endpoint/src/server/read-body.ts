import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** A request body read up to a limit. */
export interface RequestBody {
  /** The bytes; empty when the body was too large. */
  bytes: Uint8Array;
  /** Bytes seen (or declared by Content-Length) when reading stopped. */
  size: number;
  /** True when the body is over the limit: reading stopped there, the rest is not read. */
  tooLarge: boolean;
}

const EMPTY = new Uint8Array(0);

/**
 * Reads a request body, chunked or with Content-Length, up to `limit` bytes. A body over the limit
 * is not read to its end: a Content-Length above it is refused before any byte is read, a chunked
 * one as soon as it crosses it (answer it, then {@link closeAfterRefusal}).
 */
export function readBody(options: { request: IncomingMessage; limit: number }): Promise<RequestBody> {
  const { request, limit } = options;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ bytes: EMPTY, size: declared, tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        request.pause();
        chunks.length = 0;
        resolve({ bytes: EMPTY, size, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      resolve({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), size, tooLarge: false });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onAborted = (): void => onError(new Error('The client aborted the request while sending the body.'));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('aborted', onAborted);
  });
}

/** How long and how much a refused upload may still send, so that its client can read the answer. */
export interface LingerLimits {
  /** Default 1000 ms. */
  maxMs?: number;
  /** Default 8 MiB. */
  maxBytes?: number;
}

/**
 * Closes the connection of a refused upload once the answer is sent. The client is usually still
 * sending: closing at once would reset the connection and could destroy the answer in its
 * buffers, and reading on would let it push gigabytes. So the socket is half-closed, the rest is
 * read and dropped for at most `maxMs` / `maxBytes` (nginx's lingering close), then destroyed.
 * Call it before sending the answer with `Connection: close`.
 */
export function closeAfterRefusal(request: IncomingMessage, limits: LingerLimits = {}): void {
  const socket = request.socket as Socket & { destroySoon?: () => void };
  const { maxMs = 1000, maxBytes = 8 * 1024 * 1024 } = limits;
  // Node calls destroySoon() once a `Connection: close` response is flushed.
  socket.destroySoon = () => {
    const start = socket.bytesRead;
    socket.end();
    const stop = (): void => {
      clearInterval(watch);
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(stop, maxMs);
    const watch = setInterval(() => {
      if (socket.bytesRead - start > maxBytes) stop();
    }, 20);
    socket.once('close', () => {
      clearInterval(watch);
      clearTimeout(timer);
    });
  };
  request.resume();
}

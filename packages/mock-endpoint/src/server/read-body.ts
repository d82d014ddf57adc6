import type { IncomingMessage } from 'node:http';

/** A request body read up to a limit. */
export interface RequestBody {
  /** The bytes, or the first `limit` + 1 bytes when the body was too large. */
  bytes: Uint8Array;
  /** The full size, even past the limit (the rest is read and dropped). */
  size: number;
}

/**
 * Reads a request body, chunked or with Content-Length, keeping at most `limit` + 1 bytes in
 * memory; the rest is drained so that the client can read the error response.
 */
export function readBody(options: { request: IncomingMessage; limit: number }): Promise<RequestBody> {
  const { request, limit } = options;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept > limit) return;
      const room = limit + 1 - kept;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(piece);
      kept += piece.length;
    });
    request.once('end', () => {
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      resolve({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), size });
    });
    request.once('error', reject);
    request.once('aborted', () => reject(new Error('The client aborted the request while sending the body.')));
  });
}

import type { ServerResponse } from 'node:http';

/** Where a stream's HTTP/1.1 chunks go; see {@link createChunkSink}. */
export interface ChunkSink {
  /** True when chunks go straight to the socket, false when through `response.write()`. */
  readonly direct: boolean;
  /** Writes one ready-made chunk (`<hex size>\r\n<data>\r\n`); false means wait for {@link onceDrain}. */
  write(chunk: Buffer): boolean;
  /** Batches the writes up to {@link uncork} into one system call. */
  cork(): void;
  uncork(): void;
  /** Calls `listener` once, when writes may go on after {@link write} returned false. */
  onceDrain(listener: () => void): void;
  offDrain(listener: () => void): void;
}

const CR = 0x0d;

/**
 * `data` as one HTTP/1.1 chunk in one buffer, framed exactly as Node's chunked encoding frames a
 * `response.write(data)`: lowercase hex size, CRLF, the data, CRLF.
 */
export function frameChunk(data: Uint8Array): Buffer {
  const size = data.length.toString(16);
  const chunk = Buffer.allocUnsafe(size.length + 2 + data.length + 2);
  chunk.write(size, 0, 'latin1');
  chunk[size.length] = CR;
  chunk[size.length + 1] = 0x0a;
  chunk.set(data, size.length + 2);
  chunk[chunk.length - 2] = CR;
  chunk[chunk.length - 1] = 0x0a;
  return chunk;
}

/** The data of a chunk {@link frameChunk} (or `encodePayloadPartChunk`) built, without its framing. */
export function chunkData(chunk: Buffer): Buffer {
  return chunk.subarray(chunk.indexOf(CR) + 2, chunk.length - 2);
}

/**
 * The writer of one streaming response whose headers are sent. When the response owns its socket,
 * each chunk is one `socket.write()` of a ready-made buffer: `response.write()` with chunked
 * encoding corks the socket, queues four pieces (size line, CRLF, data, CRLF) and uncorks on the
 * next tick, a writev and several allocations per token, which at thousands of paced streams is
 * most of the mock's CPU after the system call itself. The bytes on the wire are the same;
 * `response.end()` still writes the terminal chunk.
 *
 * A response queued behind another on a pipelined connection has no socket yet (Node assigns it
 * when the earlier responses finish, and buffers the writes until then): it goes through
 * `response.write()` with the framing taken off, so that Node frames and orders its chunks.
 */
export function createChunkSink(response: ServerResponse): ChunkSink {
  const socket = response.socket;
  if (socket) {
    return {
      direct: true,
      // A destroyed socket takes nothing: the response's 'close' ends the stream.
      write: (chunk) => socket.destroyed || socket.write(chunk),
      cork: () => socket.cork(),
      uncork: () => socket.uncork(),
      onceDrain: (listener) => void socket.once('drain', listener),
      offDrain: (listener) => void socket.off('drain', listener),
    };
  }
  return {
    direct: false,
    write: (chunk) => response.destroyed || response.write(chunkData(chunk)),
    cork: () => response.cork(),
    uncork: () => response.uncork(),
    onceDrain: (listener) => void response.once('drain', listener),
    offDrain: (listener) => void response.off('drain', listener),
  };
}

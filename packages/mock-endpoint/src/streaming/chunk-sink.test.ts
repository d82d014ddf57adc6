import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { encodePayloadPart } from '@sagestream/core';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkData, createChunkSink, frameChunk, type ChunkSink } from './chunk-sink.js';
import { encodePayloadPartChunk } from './encode-payload-part.js';

/** Payload sizes around the hex size line's length changes (1, 2, 3 and 5 digits). */
const PAYLOADS = [1, 15, 16, 255, 256, 70_000].map((size) => Uint8Array.from({ length: size }, (_, index) => (index * 31 + size) & 0xff));

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server whose handler gets the request path; resolves with its port. */
async function listen(handler: (path: string, response: ServerResponse, request: IncomingMessage) => void): Promise<number> {
  server = createServer((request, response) => handler(request.url ?? '', response, request));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as AddressInfo).port;
}

/** Sends `paths` as GET requests pipelined on one connection; resolves with every byte received. */
function exchange(port: number, paths: string[], options: { pauseMs?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(paths.map((path, index) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${index === paths.length - 1 ? 'Connection: close\r\n' : ''}\r\n`).join(''));
      if (options.pauseMs) {
        // A client that reads nothing for a while: the server's writes back up.
        socket.pause();
        setTimeout(() => socket.resume(), options.pauseMs);
      }
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

/** The bodies of the responses in `bytes` (everything after each header block, up to the next status line). */
function bodies(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  return text
    .split(/HTTP\/1\.1 200 OK\r\n/)
    .slice(1)
    .map((response) => Buffer.from(response.slice(response.indexOf('\r\n\r\n') + 4), 'latin1'));
}

/** Splits a chunked body into chunk data, checking the framing and the terminal chunk. */
function unchunk(body: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    const size = Number.parseInt(body.toString('latin1', offset, lineEnd), 16);
    if (size === 0) {
      expect(body.toString('latin1', lineEnd)).toBe('\r\n\r\n');
      return chunks;
    }
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    expect(body.toString('latin1', lineEnd + 2 + size, lineEnd + 4 + size)).toBe('\r\n');
    offset = lineEnd + 4 + size;
  }
}

function startStream(response: ServerResponse): ChunkSink {
  response.writeHead(200, { 'Content-Type': 'application/vnd.amazon.eventstream' });
  response.flushHeaders();
  return createChunkSink(response);
}

describe('frameChunk and chunkData', () => {
  it('frame data as one HTTP/1.1 chunk and take it back out', () => {
    for (const payload of PAYLOADS) {
      const chunk = frameChunk(payload);
      expect(chunk.toString('latin1', 0, chunk.indexOf('\r\n'))).toBe(payload.length.toString(16));
      expect(Buffer.compare(chunkData(chunk), payload)).toBe(0);
      expect(Buffer.compare(chunkData(encodePayloadPartChunk(payload)), encodePayloadPart(payload))).toBe(0);
    }
  });
});

describe('createChunkSink', () => {
  it('puts on the wire exactly the bytes response.write() would', async () => {
    const direct: boolean[] = [];
    const port = await listen((path, response) => {
      if (path === '/node') {
        response.writeHead(200, { 'Content-Type': 'application/vnd.amazon.eventstream' });
        response.flushHeaders();
        for (const payload of PAYLOADS) response.write(encodePayloadPart(payload));
        for (const payload of PAYLOADS) response.write(payload);
      } else {
        const sink = startStream(response);
        direct.push(sink.direct);
        for (const payload of PAYLOADS) sink.write(encodePayloadPartChunk(payload));
        for (const payload of PAYLOADS) sink.write(frameChunk(payload));
      }
      response.end();
    });
    const [viaNode] = bodies(await exchange(port, ['/node']));
    const [viaSink] = bodies(await exchange(port, ['/sink']));
    expect(direct).toEqual([true]);
    expect(viaSink!.toString('hex')).toBe(viaNode!.toString('hex'));
    expect(unchunk(viaSink!)).toHaveLength(2 * PAYLOADS.length);
  });

  it('goes through response.write() for a pipelined response that has no socket yet, in order', async () => {
    const direct: boolean[] = [];
    const port = await listen((path, response) => {
      const sink = startStream(response);
      direct.push(sink.direct);
      for (const payload of PAYLOADS) sink.write(frameChunk(payload));
      // The first response stays open a while: the second one is queued behind it.
      if (path === '/first') setTimeout(() => response.end(), 30);
      else response.end();
    });
    const responses = bodies(await exchange(port, ['/first', '/second']));
    expect(direct).toEqual([true, false]);
    expect(responses).toHaveLength(2);
    for (const body of responses) expect(unchunk(body).map((chunk) => chunk.toString('hex'))).toEqual(PAYLOADS.map((payload) => Buffer.from(payload).toString('hex')));
  });

  for (const queued of [false, true]) {
    it(`reports backpressure and calls onceDrain when the client reads again${queued ? ' (queued response)' : ''}`, async () => {
      const big = new Uint8Array(256 * 1024).fill(0x61);
      const written: number[] = [];
      const port = await listen((path, response) => {
        if (path === '/first') {
          startStream(response);
          setTimeout(() => response.end(), 30);
          return;
        }
        const sink = startStream(response);
        let count = 0;
        // Up to 64 MiB: the loopback buffers fill long before.
        while (count < 256) {
          count++;
          if (!sink.write(frameChunk(big))) break;
        }
        written.push(count);
        sink.onceDrain(() => {
          sink.write(frameChunk(PAYLOADS[0]!));
          response.end();
        });
      });
      const responses = bodies(await exchange(port, queued ? ['/first', '/big'] : ['/big'], { pauseMs: 50 }));
      expect(written[0]).toBeLessThan(256);
      const chunks = unchunk(responses.at(-1)!);
      expect(chunks).toHaveLength(written[0]! + 1);
      expect(chunks.slice(0, -1).every((chunk) => chunk.length === big.length)).toBe(true);
    });
  }

  it('takes writes quietly once the client went away mid-stream', async () => {
    const afterClose = new Promise<boolean[]>((resolve) => {
      void listen((_path, response) => {
        const sink = startStream(response);
        sink.write(frameChunk(PAYLOADS[0]!));
        response.on('close', () => resolve([sink.write(frameChunk(PAYLOADS[1]!)), sink.write(frameChunk(PAYLOADS[2]!))]));
      }).then((port) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /abort HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
        socket.once('data', () => socket.destroy());
      });
    });
    expect(await afterClose).toEqual([true, true]);
  });
});

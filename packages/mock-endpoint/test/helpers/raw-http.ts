import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** A raw HTTP exchange: what actually went over the wire. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header names exactly as sent, in order. */
  rawHeaderNames: string[];
  body: Buffer;
  /** Body bytes in the order the socket delivered them. */
  chunks: Buffer[];
}

/** Sends a request with Node's http client and collects the whole response. */
export function rawRequest(options: { url: string; path: string; method?: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<RawResponse> {
  const target = new URL(options.path, options.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(target, { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          rawHeaderNames: response.rawHeaders.filter((_, index) => index % 2 === 0),
          body: Buffer.concat(chunks),
          chunks,
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One frame decoded by the AWS SDK's own codec (CRCs checked), with its header order. */
export interface DecodedFrame {
  headerNames: string[];
  headers: Record<string, string>;
  body: Uint8Array;
  length: number;
}

/** Splits an event-stream body into frames and decodes each with `@smithy/eventstream-codec`. */
export function decodeFrames(body: Uint8Array): DecodedFrame[] {
  const frames: DecodedFrame[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let offset = 0;
  while (offset < body.length) {
    const length = view.getUint32(offset);
    const frame = body.subarray(offset, offset + length);
    const message = codec.decode(frame);
    // Header order is not exposed by the codec: read the names straight from the header block.
    const headerLength = view.getUint32(offset + 4);
    const names: string[] = [];
    let position = 12;
    while (position < 12 + headerLength) {
      const nameLength = frame[position]!;
      names.push(Buffer.from(frame.subarray(position + 1, position + 1 + nameLength)).toString('utf8'));
      position += 1 + nameLength;
      const valueLength = (frame[position + 1]! << 8) | frame[position + 2]!; // all SageMaker headers are strings (type 7)
      position += 3 + valueLength;
    }
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    frames.push({ headerNames: names, headers, body: message.body, length });
    offset += length;
  }
  return frames;
}

import { PAYLOAD_PART_OVERHEAD, encodePayloadPart } from '@sagestream/core';

export { PAYLOAD_PART_OVERHEAD };

const CRLF = 0x0d0a;

/**
 * The PayloadPart frame already wrapped as one HTTP/1.1 chunk (`<hex size>\r\n<frame>\r\n`), in
 * one buffer: the mock writes it straight to the socket, one write per token, instead of letting
 * Node's chunked encoding issue four writes per frame. The frame itself is core's encoder output,
 * built with room reserved around it, so there is no second copy.
 */
export function encodePayloadPartChunk(payload: Uint8Array): Buffer {
  const size = (PAYLOAD_PART_OVERHEAD + payload.length).toString(16);
  const bytes = encodePayloadPart(payload, { start: size.length + 2, end: 2 });
  const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  chunk.write(size, 0, 'latin1');
  chunk.writeUInt16BE(CRLF, size.length);
  chunk.writeUInt16BE(CRLF, chunk.length - 2);
  return chunk;
}

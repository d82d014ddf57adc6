import { describe, expect, it } from 'vitest';
import { encodePayloadPartChunk } from './encode-payload-part.js';

/** Wire spec §5.1: the PayloadPart frame whose Bytes are "hi" (107 bytes). */
const HI_FRAME =
  '0000006b00000059997770650b3a6576656e742d7479706507000b5061796c6f6164506172740d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167652d747970650700056576656e746869f0e10a16';

describe('encodePayloadPartChunk', () => {
  it('wraps the golden frame as one HTTP/1.1 chunk', () => {
    const chunk = encodePayloadPartChunk(new TextEncoder().encode('hi'));
    expect(chunk.toString('latin1', 0, 4)).toBe('6b\r\n');
    expect(chunk.subarray(4, -2).toString('hex')).toBe(HI_FRAME);
    expect(chunk.toString('latin1', chunk.length - 2)).toBe('\r\n');
  });

  it('sizes the chunk header in hex for large frames', () => {
    const chunk = encodePayloadPartChunk(new Uint8Array(70_000));
    const frameLength = 70_000 + 105;
    expect(chunk.toString('latin1', 0, 7)).toBe(`${frameLength.toString(16)}\r\n`);
    expect(chunk.length).toBe(5 + 2 + frameLength + 2);
  });
});

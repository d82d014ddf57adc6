import { crc32 } from '../../src/event-stream/crc32.js';

/**
 * An event-stream frame around any header block bytes, with both CRCs right: lets a test hand the
 * header parser bytes no encoder would write (invalid UTF-8 names, bad lengths, unknown types).
 */
export function rawFrame(headerBlock: Uint8Array, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const total = 12 + headerBlock.length + payload.length + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total, false);
  view.setUint32(4, headerBlock.length, false);
  const preludeCrc = crc32(out.subarray(0, 8));
  view.setUint32(8, preludeCrc, false);
  out.set(headerBlock, 12);
  out.set(payload, 12 + headerBlock.length);
  view.setUint32(total - 4, crc32(out.subarray(8, total - 4), preludeCrc), false);
  return out;
}

/** The wire bytes of one string header (type 7): u8 name length, name, 7, u16 length, value. */
export function stringHeaderBytes(name: Uint8Array | string, value: string): Uint8Array {
  const nameBytes = typeof name === 'string' ? new TextEncoder().encode(name) : name;
  const valueBytes = new TextEncoder().encode(value);
  const out = new Uint8Array(1 + nameBytes.length + 3 + valueBytes.length);
  out[0] = nameBytes.length;
  out.set(nameBytes, 1);
  out[1 + nameBytes.length] = 7;
  out[2 + nameBytes.length] = valueBytes.length >>> 8;
  out[3 + nameBytes.length] = valueBytes.length & 0xff;
  out.set(valueBytes, 4 + nameBytes.length);
  return out;
}

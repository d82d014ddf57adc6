import { SageStreamError } from '../errors.js';
import { HEADER_TYPE, MAX_HEADER_NAME_BYTES, MAX_HEADER_VALUE_BYTES } from './constants.js';

/** One typed header value; the type names match `@smithy/eventstream-codec`. */
export type HeaderValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'byte'; value: number }
  | { type: 'short'; value: number }
  | { type: 'integer'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date }
  | { type: 'uuid'; value: string };

/**
 * Headers of one message, by name. Header order is meaningless on the wire; a repeated name keeps
 * its last value (as the JS, Go and Rust SDKs do). Parsed headers inherit nothing, so any name —
 * `__proto__`, `constructor` — is an ordinary own key. Copy them with spread or `Object.entries`,
 * never `Object.assign({}, headers)` (which would treat `__proto__` as the prototype).
 */
export type MessageHeaders = Record<string, HeaderValue>;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Short header strings seen before, by FNV-1a hash of their bytes (names and values repeat every frame). */
const internedStrings = new Map<number, { bytes: Uint8Array; text: string }>();
const MAX_INTERNED_STRINGS = 1024;
const MAX_INTERNED_BYTES = 64;

/**
 * Decodes a header string. Header strings are a handful of short values repeated on every frame
 * (`:event-type`, `PayloadPart`, …), so short ones are interned: hashing and comparing ~20 bytes is
 * far cheaper than building a new string each time.
 */
function decodeString(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > MAX_INTERNED_BYTES) return utf8Decoder.decode(bytes.subarray(start, end));
  let hash = 0x811c9dc5 ^ length;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  const cached = internedStrings.get(hash);
  if (cached !== undefined && cached.bytes.length === length) {
    const known = cached.bytes;
    let same = true;
    for (let i = 0; i < length; i++) {
      if (known[i] !== bytes[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return cached.text;
  }
  const text = utf8Decoder.decode(bytes.subarray(start, end));
  if (internedStrings.size >= MAX_INTERNED_STRINGS) internedStrings.clear();
  internedStrings.set(hash, { bytes: bytes.slice(start, end), text });
  return text;
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseUuid(value: string): Uint8Array {
  const hex = value.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    throw new SageStreamError('invalid-header', `A uuid header value must be 32 hex digits (dashes optional), got ${JSON.stringify(value)}.`, {
      expected: '32 hex digits',
      actual: value,
    });
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Constructor of parsed header objects. Its prototype has no prototype, so nothing is inherited: a
 * header named `__proto__` is stored as an own key (on `{}` the assignment would set the prototype
 * and the header would be lost), and `headers.toString` is undefined unless a header has that name.
 * Not `Object.create(null)`: V8 keeps those in dictionary mode, and the per-frame lookups
 * (`:message-type`, `:event-type`) cost several times more on them.
 */
function HeaderRecord(): void {
  // properties are added by parseHeaders
}
HeaderRecord.prototype = Object.create(null) as object;

/** Throws `invalid-header` for a malformed header block. */
function invalidHeader(absoluteOffset: number, reason: string): never {
  throw new SageStreamError('invalid-header', `Invalid event-stream header at byte ${absoluteOffset}: ${reason}.`, {
    byteOffset: absoluteOffset,
    expected: 'a header: u8 name length, name, u8 type (0-9), value',
    actual: reason,
  });
}

/**
 * Parses the header block `bytes[start, end)` of a message. `messageOffset` is where the message
 * starts in the byte stream, for error offsets. (No closures here: this runs once per frame.)
 */
export function parseHeaders(bytes: Uint8Array, start: number, end: number, messageOffset = 0): MessageHeaders {
  const headers = new (HeaderRecord as unknown as new () => MessageHeaders)();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Offset of bytes[i] in the stream: the header block starts 12 bytes into its message.
  const base = messageOffset + 12 - start;
  let position = start;
  while (position < end) {
    const nameLength = bytes[position]!;
    if (nameLength === 0) invalidHeader(base + position, 'header name length is 0');
    if (position + 1 + nameLength + 1 > end) invalidHeader(base + position, 'header name runs past the header block');
    let name: string;
    try {
      name = decodeString(bytes, position + 1, position + 1 + nameLength);
    } catch {
      invalidHeader(base + position + 1, `header name (${nameLength} bytes) is not valid UTF-8`);
    }
    position += 1 + nameLength;
    const type = bytes[position++]!;
    const size = FIXED_VALUE_SIZE[type];
    if (size === undefined) invalidHeader(base + position - 1, `unknown header value type ${type}`);
    if (position + size > end) invalidHeader(base + position, `value of header ${JSON.stringify(name)} needs ${size} bytes, ${end - position} left`);
    let value: HeaderValue;
    switch (type) {
      case 0:
        value = { type: 'boolean', value: true };
        break;
      case 1:
        value = { type: 'boolean', value: false };
        break;
      case 2:
        value = { type: 'byte', value: view.getInt8(position) };
        break;
      case 3:
        value = { type: 'short', value: view.getInt16(position, false) };
        break;
      case 4:
        value = { type: 'integer', value: view.getInt32(position, false) };
        break;
      case 5:
        value = { type: 'long', value: view.getBigInt64(position, false) };
        break;
      case 8:
        value = { type: 'timestamp', value: new Date(Number(view.getBigInt64(position, false))) };
        break;
      case 9:
        value = { type: 'uuid', value: formatUuid(bytes.subarray(position, position + 16)) };
        break;
      default: {
        // 6 (binary) and 7 (string): a u16 length (the 2 bytes of `size`), then the bytes
        const length = view.getUint16(position, false);
        const valueStart = position + 2;
        if (valueStart + length > end) invalidHeader(base + valueStart, `value of header ${JSON.stringify(name)} needs ${length} bytes, ${end - valueStart} left`);
        if (type === 6) {
          value = { type: 'binary', value: bytes.slice(valueStart, valueStart + length) };
        } else {
          let text: string;
          try {
            text = decodeString(bytes, valueStart, valueStart + length);
          } catch {
            invalidHeader(base + valueStart, `string header ${JSON.stringify(name)} is not valid UTF-8`);
          }
          value = { type: 'string', value: text };
        }
        position += length;
      }
    }
    position += size;
    headers[name] = value;
  }
  return headers;
}

/** Bytes after the type byte for fixed-size types; 2 (the length prefix) for binary/string. */
const FIXED_VALUE_SIZE: readonly number[] = [
  0, // bool true
  0, // bool false
  1, // byte
  2, // short
  4, // integer
  8, // long
  2, // binary: u16 length follows
  2, // string: u16 length follows
  8, // timestamp
  16, // uuid
];

/** Encodes headers in insertion order. */
export function encodeHeaders(headers: MessageHeaders): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (const [name, header] of Object.entries(headers)) {
    const nameBytes = utf8Encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > MAX_HEADER_NAME_BYTES) {
      throw new SageStreamError('invalid-header', `Header names must be 1..${MAX_HEADER_NAME_BYTES} bytes, got ${nameBytes.length} (${JSON.stringify(name)}).`, {
        expected: `1..${MAX_HEADER_NAME_BYTES} bytes`,
        actual: String(nameBytes.length),
      });
    }
    const valueBytes = encodeHeaderValue(name, header);
    const chunk = new Uint8Array(1 + nameBytes.length + valueBytes.length);
    chunk[0] = nameBytes.length;
    chunk.set(nameBytes, 1);
    chunk.set(valueBytes, 1 + nameBytes.length);
    chunks.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function encodeHeaderValue(name: string, header: HeaderValue): Uint8Array {
  const sized = (type: number, size: number, write: (view: DataView) => void): Uint8Array => {
    const out = new Uint8Array(1 + size);
    out[0] = type;
    write(new DataView(out.buffer, 1));
    return out;
  };
  const withLength = (type: number, bytes: Uint8Array): Uint8Array => {
    if (bytes.length > MAX_HEADER_VALUE_BYTES) {
      throw new SageStreamError('invalid-header', `Header ${JSON.stringify(name)} is ${bytes.length} bytes; values are limited to ${MAX_HEADER_VALUE_BYTES}.`, {
        expected: `<= ${MAX_HEADER_VALUE_BYTES} bytes`,
        actual: String(bytes.length),
      });
    }
    const out = new Uint8Array(3 + bytes.length);
    out[0] = type;
    out[1] = bytes.length >>> 8;
    out[2] = bytes.length & 0xff;
    out.set(bytes, 3);
    return out;
  };
  switch (header.type) {
    case 'boolean':
      return Uint8Array.of(header.value ? HEADER_TYPE.boolTrue : HEADER_TYPE.boolFalse);
    case 'byte':
      return sized(HEADER_TYPE.byte, 1, (view) => view.setInt8(0, header.value));
    case 'short':
      return sized(HEADER_TYPE.short, 2, (view) => view.setInt16(0, header.value, false));
    case 'integer':
      return sized(HEADER_TYPE.integer, 4, (view) => view.setInt32(0, header.value, false));
    case 'long':
      return sized(HEADER_TYPE.long, 8, (view) => view.setBigInt64(0, BigInt.asIntN(64, header.value), false));
    case 'timestamp':
      return sized(HEADER_TYPE.timestamp, 8, (view) => view.setBigInt64(0, BigInt(header.value.getTime()), false));
    case 'binary':
      return withLength(HEADER_TYPE.binary, header.value);
    case 'string':
      return withLength(HEADER_TYPE.string, utf8Encoder.encode(header.value));
    case 'uuid': {
      const out = new Uint8Array(17);
      out[0] = HEADER_TYPE.uuid;
      out.set(parseUuid(header.value), 1);
      return out;
    }
  }
}

/** Shorthand for a string header value. */
export function stringHeader(value: string): HeaderValue {
  return { type: 'string', value };
}

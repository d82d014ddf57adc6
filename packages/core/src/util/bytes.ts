/** Concatenates byte arrays into one new array (one allocation, one copy per input). */
export function concatBytes(parts: readonly Uint8Array[], totalLength?: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const length = totalLength ?? parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Hex dump of at most `limit` bytes, for error messages. */
export function previewHex(bytes: Uint8Array, limit = 16): string {
  const shown = Array.from(bytes.subarray(0, limit), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.byteLength > limit ? `${shown} …` : shown;
}

/** A short printable preview of (possibly binary) text, for error messages. */
export function previewText(text: string, limit = 80): string {
  const printable = JSON.stringify(text.length > limit ? `${text.slice(0, limit)}…` : text);
  return printable;
}

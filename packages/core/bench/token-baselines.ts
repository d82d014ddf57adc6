/**
 * Baselines for token parsing, measured next to `createTokenParser` on the same parts:
 *
 * - the naive loop: a fresh `TextDecoder` per part and string splitting (what many editor
 *   extensions do). It garbles a multi-byte character split across parts, which is exactly what
 *   SageStream must not do, but it sets the speed to beat;
 * - the limit: the whole body decoded at once, then `indexOf` + `JSON.parse` per line. A parser that
 *   receives the body in parts and calls JSON.parse per record cannot beat it by much: it is the
 *   cost of JSON.parse itself (the token parser passes it by reading plain token records without it).
 *
 * Both count the token texts they read, so the bench can check they saw every token.
 */

/** Naive JSON Lines loop: decode each part on its own, split on `\n`, parse every complete line. */
export function naiveLmi(parts: readonly Uint8Array[]): number {
  let buffer = '';
  let tokens = 0;
  for (const part of parts) {
    buffer += new TextDecoder().decode(part);
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as { token?: { text?: unknown } };
      if (typeof record.token?.text === 'string') tokens++;
    }
  }
  return tokens;
}

/** Naive SSE loop: as {@link naiveLmi}, parsing the lines that start with `data:`. */
export function naiveTgi(parts: readonly Uint8Array[]): number {
  let buffer = '';
  let tokens = 0;
  for (const part of parts) {
    buffer += new TextDecoder().decode(part);
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const record = JSON.parse(line.slice(5)) as { token?: { text?: unknown } };
      if (typeof record.token?.text === 'string') tokens++;
    }
  }
  return tokens;
}

/** The limit for JSON Lines: one decode of the whole body, then indexOf + JSON.parse per line. */
export function limitLmi(body: Uint8Array): number {
  const text = new TextDecoder().decode(body);
  let tokens = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const record = JSON.parse(text.slice(start, end)) as { token?: { text?: unknown } };
      if (typeof record.token?.text === 'string') tokens++;
    }
    start = end + 1;
  }
  return tokens;
}

/** The limit for SSE: one decode of the whole body, then indexOf + JSON.parse per `data:` line. */
export function limitTgi(body: Uint8Array): number {
  const text = new TextDecoder().decode(body);
  let tokens = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (text.startsWith('data:', start)) {
      const record = JSON.parse(text.slice(start + 5, end)) as { token?: { text?: unknown } };
      if (typeof record.token?.text === 'string') tokens++;
    }
    start = end + 1;
  }
  return tokens;
}

/**
 * Cuts `body` into seeded random parts of `min`–`max` bytes (what PayloadParts look like in the
 * wild). The parts are views into `body`, as the event-stream decoder hands PayloadParts over
 * (views into the HTTP chunk), not copies.
 */
export function randomParts(options: { body: Uint8Array; seed: number; min: number; max: number }): Uint8Array[] {
  let state = options.seed >>> 0;
  // mulberry32: reproducible, so every run and every candidate gets the same cuts.
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < options.body.length; ) {
    const size = Math.min(options.min + Math.floor(random() * (options.max - options.min + 1)), options.body.length - offset);
    parts.push(options.body.subarray(offset, offset + size));
    offset += size;
  }
  return parts;
}

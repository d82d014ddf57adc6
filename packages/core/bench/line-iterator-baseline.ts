/**
 * The baseline: a straightforward TypeScript port of the announcement's Python `LineIterator`
 * (a BytesIO that grows, `seek(read_pos)` + `readline()` re-scanning from the last read position
 * every time a part arrives), followed by `json.loads` per line as in the blog's loops.
 */
export class LineIteratorBaseline {
  private buffer = new Uint8Array(1024);
  private length = 0;
  private readPosition = 0;

  /** BytesIO.write at the end: amortised growth, never trimmed (as in the original). */
  write(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < this.length + bytes.length) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Lines ending in "\n" from the read position (readline re-scans the partial tail each time). */
  *lines(): Generator<Uint8Array> {
    for (;;) {
      const view = this.buffer.subarray(0, this.length);
      const newline = view.indexOf(0x0a, this.readPosition);
      if (newline === -1) return;
      const line = view.subarray(this.readPosition, newline);
      this.readPosition = newline + 1;
      yield line;
    }
  }
}

const decoder = new TextDecoder();

/** The blog's LMI loop: `json.loads(line)` then `resp.get("outputs")[0]` (here: rolling `token.text`). */
export function baselineLmi(parts: Uint8Array[]): number {
  const iterator = new LineIteratorBaseline();
  let tokens = 0;
  for (const part of parts) {
    iterator.write(part);
    for (const line of iterator.lines()) {
      const response = JSON.parse(decoder.decode(line)) as { token?: { text?: string } };
      if (typeof response.token?.text === 'string') tokens++;
    }
  }
  return tokens;
}

/** The blog's TGI loop: find the first `{`, `json.loads` from there, read `token.text`. */
export function baselineTgi(parts: Uint8Array[]): number {
  const iterator = new LineIteratorBaseline();
  let tokens = 0;
  for (const part of parts) {
    iterator.write(part);
    for (const line of iterator.lines()) {
      const brace = line.indexOf(0x7b);
      if (line.length === 0 || brace === -1) continue;
      const data = JSON.parse(decoder.decode(line.subarray(brace))) as { token: { text: string; special?: boolean } };
      if (data.token.text !== '</s>') tokens++;
    }
  }
  return tokens;
}

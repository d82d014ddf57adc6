import type { Readable, Writable } from 'node:stream';

/** The process streams a command uses. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** True when stdout is a terminal (adds a final newline, colours off otherwise). */
  isTty: boolean;
}

/** Exit codes of `sagestream`: 0 ok, 1 a service/model/stream/decoding error, 2 a usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Writes to a stream and waits for it to drain, ignoring a closed pipe (`sagestream … | head`). */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    const ok = stream.write(text, () => undefined);
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

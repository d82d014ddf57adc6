import { accessSync, constants, createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { decodeResponseStream } from '../decode/decode-response-stream.js';
import type { ContainerFormat } from '../formats/token-part.js';
import { EXIT, write, type CliIo } from './cli-io.js';
import { formatError, formatStreamError } from './format-error.js';

/** Options of `sagestream decode`. */
export interface DecodeCommandOptions {
  /** A file path, or `-`/undefined for stdin. */
  file?: string;
  contentType?: string;
  format?: ContainerFormat | 'auto';
  json?: boolean;
  includeSpecialTokens?: boolean;
  maxLineBytes?: number;
}

/**
 * `sagestream decode`: reads a raw InvokeEndpointWithResponseStream HTTP body (event-stream bytes)
 * and prints the generated text as it is decoded (`--json`: one token part per line).
 * Returns the exit code.
 */
export async function runDecodeCommand(options: DecodeCommandOptions, io: CliIo): Promise<number> {
  if (options.file && options.file !== '-') {
    try {
      accessSync(options.file, constants.R_OK);
    } catch (error) {
      await write(io.stderr, `sagestream: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return EXIT.usage;
    }
  }
  const input: Readable = options.file && options.file !== '-' ? createReadStream(options.file) : io.stdin;
  let endedWithNewline = true;
  let printedText = false;
  try {
    const parts = decodeResponseStream(input as AsyncIterable<Uint8Array>, {
      ...(options.contentType ? { contentType: options.contentType } : {}),
      format: options.format ?? 'auto',
      ...(options.includeSpecialTokens ? { includeSpecialTokens: true } : {}),
      ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}),
    });
    for await (const part of parts) {
      if (options.json) await write(io.stdout, `${JSON.stringify(part)}\n`);
      if (part.type === 'text-delta' && !options.json) {
        await write(io.stdout, part.text);
        printedText = true;
        endedWithNewline = part.text.endsWith('\n');
      }
      if (part.type === 'stream-error') {
        await finishLine();
        await write(io.stderr, formatStreamError(part));
        return EXIT.failure;
      }
    }
    await finishLine();
    return EXIT.ok;
  } catch (error) {
    await finishLine();
    await write(io.stderr, formatError(error));
    return EXIT.failure;
  } finally {
    if (input !== io.stdin) input.destroy();
  }

  async function finishLine(): Promise<void> {
    // Keep the shell prompt off the last line of text on a terminal; pipes get the exact bytes.
    if (io.isTty && printedText && !endedWithNewline) {
      await write(io.stdout, '\n');
      endedWithNewline = true;
    }
  }
}

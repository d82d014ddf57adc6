import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { BidiStreamEvent } from '../bidi/bidi-event-decoder.js';
import { openBidirectionalStream, type BidirectionalStream } from '../client/open-bidirectional-stream.js';
import { isSageStreamError } from '../errors.js';
import { EXIT, write, type CliIo } from './cli-io.js';
import { formatError } from './format-error.js';

/** Options of `sagestream bidi`, as commander parses them. */
export interface BidiCliOptions {
  endpoint: string;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  targetVariant?: string;
  modelInvocationPath?: string;
  modelQueryString?: string;
  file?: string;
  chunkBytes: number;
  intervalMs: number;
  json?: boolean;
  metrics: boolean;
}

/** Largest `--chunk-bytes`: one part must stay well below the event-stream payload limit. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

function boundedInteger(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) throw new InvalidArgumentError(`${name} must be an integer ${min}..${max}, got "${value}"`);
    return parsed;
  };
}

/** Adds the options of `sagestream bidi`. */
export function addBidiOptions(command: Command): Command {
  return command
    .requiredOption('-e, --endpoint <name>', 'endpoint name (with the mock: mock-bidi-echo, mock-bidi-chat, mock-bidi-transcribe)')
    .option('--endpoint-url <url>', 'HTTP/2 runtime override, e.g. http://127.0.0.1:8080 for the mock (default: AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME_HTTP2, then AWS_ENDPOINT_URL)')
    .option('--region <region>', "AWS region (default: AWS_REGION or the profile's region)")
    .option('--profile <name>', 'AWS profile (SSO, credential_process and role profiles work)')
    .option('--target-variant <name>', 'X-Amzn-SageMaker-Target-Variant')
    .option('--model-invocation-path <path>', 'X-Amzn-SageMaker-Model-Invocation-Path')
    .option('--model-query-string <query>', 'X-Amzn-SageMaker-Model-Query-String (the mock reads mock-fault=…&mock-fault-after=… here)')
    .option('--file <file>', 'stream this file as BINARY PARTIAL parts instead of reading lines from stdin')
    .option('--chunk-bytes <n>', 'bytes per part with --file', boundedInteger('--chunk-bytes', 1, MAX_CHUNK_BYTES), 3200)
    .option('--interval-ms <ms>', 'pause between parts with --file', boundedInteger('--interval-ms', 0, 3_600_000), 0)
    .option('--json', 'print every reply part as one JSON line (type, dataType, completionState, text or base64)')
    .option('--no-metrics', 'do not print the per-turn time to first reply on stderr');
}

function describePart(event: Extract<BidiStreamEvent, { type: 'payload-part' }>): Record<string, unknown> {
  return {
    type: 'payload-part',
    ...(event.dataType ? { dataType: event.dataType } : {}),
    ...(event.completionState ? { completionState: event.completionState } : {}),
    ...(event.padding !== undefined ? { p: event.padding } : {}),
    bytes: event.bytes.length,
    ...(event.dataType === 'BINARY' ? { base64: Buffer.from(event.bytes).toString('base64') } : { text: new TextDecoder().decode(event.bytes) }),
  };
}

async function sendInput(stream: BidirectionalStream, options: BidiCliOptions, io: CliIo, signal: AbortSignal): Promise<void> {
  if (options.file) {
    const handle = await open(options.file, 'r');
    try {
      const buffer = Buffer.alloc(options.chunkBytes);
      let first = true;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        if (!first && options.intervalMs > 0) await sleep(options.intervalMs, undefined, { signal });
        first = false;
        await stream.send(buffer.subarray(0, bytesRead).slice(), { complete: false, dataType: 'BINARY' });
      }
    } finally {
      await handle.close();
    }
  } else {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
    // Once the replies end (an error, or the server closed the stream), stop reading stdin.
    const stop = (): void => lines.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const line of lines) await stream.send(line, { complete: true, dataType: 'UTF8' });
    } finally {
      signal.removeEventListener('abort', stop);
    }
    if (signal.aborted) return;
  }
  await stream.end();
}

/**
 * `sagestream bidi`: a bidirectional stream from the terminal — stdin lines (or a file in chunks)
 * go out as parts, reply parts print as they arrive. Returns the exit code.
 */
export async function runBidiCommand(options: BidiCliOptions, io: CliIo, signal: AbortSignal = new AbortController().signal): Promise<number> {
  let stream: BidirectionalStream;
  try {
    stream = await openBidirectionalStream({
      endpointName: options.endpoint,
      signal,
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.targetVariant ? { targetVariant: options.targetVariant } : {}),
      ...(options.modelInvocationPath ? { modelInvocationPath: options.modelInvocationPath } : {}),
      ...(options.modelQueryString ? { modelQueryString: options.modelQueryString } : {}),
    });
  } catch (error) {
    await write(io.stderr, formatError(error));
    return EXIT.failure;
  }
  let inputError: unknown;
  const inputDone = new AbortController();
  const stopInput = (): void => inputDone.abort();
  signal.addEventListener('abort', stopInput, { once: true });
  const sending = sendInput(stream, options, io, inputDone.signal).catch((error: unknown) => {
    if (!inputDone.signal.aborted) inputError = error;
  });
  let code: number = EXIT.ok;
  let lastText = '\n';
  try {
    for await (const event of stream) {
      if (event.type !== 'payload-part') continue;
      if (options.json) {
        await write(io.stdout, `${JSON.stringify(describePart(event))}\n`);
      } else if (event.dataType === 'BINARY') {
        await new Promise<void>((resolve) => io.stdout.write(event.bytes, () => resolve()));
      } else {
        lastText = new TextDecoder().decode(event.bytes);
        // One reply message per line: a COMPLETE part closes the line unless it already did.
        if (event.completionState === 'COMPLETE' && !lastText.endsWith('\n')) lastText += '\n';
        await write(io.stdout, lastText);
      }
    }
  } catch (error) {
    if (!options.json && !lastText.endsWith('\n')) await write(io.stdout, '\n');
    if (options.json) await write(io.stdout, `${JSON.stringify({ type: 'error', error: isSageStreamError(error) ? error.toJSON() : { message: String(error) } })}\n`);
    await write(io.stderr, isSageStreamError(error) && error.code === 'aborted' ? 'sagestream: stopped\n' : formatError(error));
    code = EXIT.failure;
  }
  // The replies are over (normally after our end-of-input): stdin is no longer read, and after a
  // failure pending sends fail fast.
  inputDone.abort();
  if (code !== EXIT.ok) stream.close();
  await sending;
  signal.removeEventListener('abort', stopInput);
  if (inputError !== undefined && code === EXIT.ok) {
    await write(io.stderr, formatError(inputError));
    code = EXIT.failure;
  }
  if (options.metrics) {
    const turns = stream.metrics.turns.filter((turn) => turn.timeToFirstReplyMs !== undefined);
    const ttfr = turns.map((turn) => `${Math.round(turn.timeToFirstReplyMs!)} ms`).join(', ');
    await write(io.stderr, `[${stream.metrics.partsSent} parts sent, ${stream.metrics.partsReceived} received${turns.length ? `; time to first reply per turn: ${ttfr}` : ''}${stream.metadata.invokedVariant ? `; variant ${stream.metadata.invokedVariant}` : ''}]\n`);
  }
  return code;
}

import type { ChatEvent } from '../chat/stream-chat.js';
import { streamChatWithFallback, type FallbackNotice } from '../discovery/stream-chat-with-fallback.js';
import type { InvokeStreamMetadata } from '../transport/transport.js';
import { EXIT, write, type CliIo } from './cli-io.js';
import { transportFor, type EndpointCliOptions } from './endpoint-options.js';
import { formatMetrics } from './format-metrics.js';
import { resolveEndpointFormat } from './resolve-endpoint-format.js';

/** Reads all of stdin as text. */
async function readAll(io: CliIo): Promise<string> {
  let text = '';
  io.stdin.setEncoding('utf8');
  for await (const chunk of io.stdin) text += chunk as string;
  return text;
}

/** `sagestream invoke`: one prompt, the reply streamed to stdout. Returns the exit code. */
export async function runInvokeCommand(promptWords: string[], options: EndpointCliOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  let prompt = promptWords.join(' ');
  if (prompt === '') {
    if ((io.stdin as { isTTY?: boolean }).isTTY) {
      await write(io.stderr, 'sagestream: give a prompt as an argument or on stdin (e.g. echo "Hello" | sagestream invoke -e mock-messages)\n');
      return EXIT.usage;
    }
    prompt = (await readAll(io)).trim();
    if (prompt === '') {
      await write(io.stderr, 'sagestream: the prompt on stdin is empty\n');
      return EXIT.usage;
    }
  }
  const { endpoint, fallback } = await resolveEndpointFormat(options, io);
  const notices: string[] = [];
  const events = streamChatWithFallback({
    transport: transportFor(options),
    endpoint,
    messages: [{ role: 'user', content: prompt }],
    ...(signal ? { signal } : {}),
    ...(fallback ? { fallback, onFallback: (notice) => notices.push(fallbackLine(notice)) } : {}),
  });
  return printReply(withNotices(events, notices, io), options, io);
}

/** The one stderr line that says the first body was refused and what is tried instead. */
export function fallbackLine(notice: FallbackNotice): string {
  const status = notice.rejection.details?.OriginalStatusCode ?? notice.rejection.statusCode;
  return `sagestream: the container refused the ${notice.from} body${status !== undefined ? ` (${String(status)})` : ''}: ${notice.reason}\n`;
}

/** Prints notices queued while streaming (the format fallback) before the next event. */
export async function* withNotices(events: AsyncIterable<ChatEvent>, notices: string[], io: CliIo): AsyncGenerator<ChatEvent> {
  for await (const event of events) {
    while (notices.length > 0) await write(io.stderr, notices.shift()!);
    yield event;
  }
}

/** Prints a streamed reply (text or NDJSON) and its metrics; returns the exit code. Shared with `chat`. */
export async function printReply(events: AsyncIterable<ChatEvent>, options: Pick<EndpointCliOptions, 'json' | 'metrics'>, io: CliIo): Promise<number> {
  let metadata: InvokeStreamMetadata | undefined;
  let lastText = '\n';
  const endLine = async (): Promise<void> => {
    if (!options.json && !lastText.endsWith('\n')) {
      await write(io.stdout, '\n');
      lastText = '\n';
    }
  };
  // Reasoning goes to stderr, so stdout stays the answer (pipes, `> file`).
  let thinking = false;
  const endThinking = async (): Promise<void> => {
    if (thinking) await write(io.stderr, '\n');
    thinking = false;
  };
  for await (const event of events) {
    if (options.json) await write(io.stdout, `${JSON.stringify(event)}\n`);
    if (event.type !== 'reasoning-delta' && event.type !== 'response-start' && !options.json) await endThinking();
    switch (event.type) {
      case 'response-start':
        metadata = event.metadata;
        break;
      case 'reasoning-delta':
        if (options.json) break;
        if (!thinking) await write(io.stderr, '[thinking] ');
        thinking = true;
        await write(io.stderr, event.text);
        break;
      case 'text-delta':
        if (!options.json) await write(io.stdout, event.text);
        lastText = event.text;
        break;
      case 'tool-call':
        if (options.json) break;
        await endLine();
        await write(io.stdout, `[tool call ${event.name || '(unnamed)'}] ${event.arguments}\n`);
        lastText = '\n';
        break;
      case 'message-end':
        await endLine();
        if (options.metrics) await write(io.stderr, formatMetrics(event.metrics, metadata, event.finishReason));
        return EXIT.ok;
      case 'error': {
        await endLine();
        const { error } = event;
        const lines = [`sagestream: ${error.code === 'aborted' ? 'stopped' : error.message}`];
        if (error.fix && error.code !== 'aborted') lines.push(`  fix: ${error.fix}`);
        if (error.requestId) lines.push(`  request id: ${error.requestId}`);
        await write(io.stderr, `${lines.join('\n')}\n`);
        if (options.metrics && event.metrics) await write(io.stderr, formatMetrics(event.metrics, metadata));
        return EXIT.failure;
      }
      default:
        break;
    }
  }
  return EXIT.ok;
}

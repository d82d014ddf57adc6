import { createInterface } from 'node:readline';
import type { ChatMessage } from '../chat/chat-message.js';
import type { ChatEvent } from '../chat/stream-chat.js';
import { streamChatWithFallback, type FormatFallback } from '../discovery/stream-chat-with-fallback.js';
import { isSageStreamError } from '../errors.js';
import { createChatSession, type ChatSession } from './chat-session.js';
import { EXIT, write, type CliIo } from './cli-io.js';
import { transportFor, type EndpointCliOptions } from './endpoint-options.js';
import { fallbackLine, printReply, withNotices } from './invoke-command.js';
import { resolveEndpointFormat } from './resolve-endpoint-format.js';

const HELP = 'commands: /system TEXT (set the system prompt, resets the chat), /reset (forget the conversation; a new session with --session), /exit (or Ctrl-D); Ctrl-C stops a reply\n';

/**
 * `sagestream chat`: an interactive chat with history. Ctrl-C stops the current reply (not the
 * session); `/exit`, `/reset`, `/system TEXT`. Works with piped stdin too (one message per line).
 * With `--session` the chat runs in one stateful session, opened first, renewed on `/reset` and
 * `/system`, and closed on every way out (`/exit`, EOF, Ctrl-C while idle).
 */
export async function runChatCommand(options: EndpointCliOptions, io: CliIo): Promise<number> {
  const transport = transportFor(options);
  // Discovered once per session; after a fallback succeeds the session keeps that format.
  const resolved = await resolveEndpointFormat(options, io);
  let endpoint = resolved.endpoint;
  let fallback: FormatFallback | undefined = resolved.fallback;
  const notices: string[] = [];
  let system = options.system;
  let history: ChatMessage[] = [];
  // Opened before readline exists: lines read while an await runs before iteration would be lost.
  let session: ChatSession | undefined;
  if (options.session) {
    session = createChatSession({ transport, endpoint, io });
    try {
      await session.renew();
    } catch (error) {
      await write(io.stderr, `sagestream: could not open a session: ${isSageStreamError(error) ? error.message : String(error)}\n${isSageStreamError(error) && error.fix ? `  fix: ${error.fix}\n` : ''}`);
      return EXIT.failure;
    }
  }
  const interactive = io.isTty && Boolean((io.stdin as { isTTY?: boolean }).isTTY);
  const lines = createInterface({ input: io.stdin, output: io.stdout, terminal: interactive, prompt: 'you> ' });
  let current: AbortController | undefined;
  let failures = 0;
  const onInterrupt = (): void => {
    if (current) current.abort();
    else lines.close();
  };
  lines.on('SIGINT', onInterrupt);
  process.on('SIGINT', onInterrupt);

  if (interactive) await write(io.stdout, `sagestream chat — ${endpoint.endpointName} via ${transport.description}\n${HELP}`);
  lines.prompt();
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '') {
        lines.prompt();
        continue;
      }
      if (line === '/exit' || line === '/quit') break;
      if (line === '/help') {
        await write(io.stdout, HELP);
      } else if (line === '/reset') {
        history = [];
        await renewSession();
        await write(io.stdout, '(conversation cleared)\n');
      } else if (line.startsWith('/system')) {
        system = line.slice('/system'.length).trim() || undefined;
        history = [];
        await renewSession();
        await write(io.stdout, system ? `(system prompt set; conversation cleared)\n` : '(system prompt removed; conversation cleared)\n');
      } else if (line.startsWith('/')) {
        await write(io.stdout, `unknown command ${line.split(/\s/, 1)[0]}; ${HELP}`);
      } else {
        history.push({ role: 'user', content: line });
        if (session) {
          try {
            await session.renewIfExpired();
          } catch (error) {
            await write(io.stderr, `sagestream: could not open a new session: ${isSageStreamError(error) ? error.message : String(error)}\n`);
          }
        }
        current = new AbortController();
        let reply = '';
        const events = (async function* (): AsyncGenerator<ChatEvent> {
          for await (const event of streamChatWithFallback({
            transport,
            endpoint: { ...endpoint, ...(system ? { systemPrompt: system } : {}) },
            messages: history,
            ...(session?.id ? { sessionId: session.id } : {}),
            signal: current!.signal,
            ...(fallback
              ? {
                  fallback,
                  onFallback: (notice) => {
                    notices.push(fallbackLine(notice));
                    endpoint = { ...endpoint, format: notice.to, ...(fallback?.template ? { template: fallback.template } : {}) };
                    fallback = undefined;
                  },
                }
              : {}),
          })) {
            if (event.type === 'text-delta') reply += event.text;
            yield event;
          }
        })();
        if (interactive) await write(io.stdout, 'assistant> ');
        const code = await printReply(withNotices(events, notices, io), options, io);
        // A reply the user stopped is not a failure; one the endpoint failed is.
        if (code !== EXIT.ok && !current.signal.aborted) failures++;
        current = undefined;
        // A stopped or failed reply keeps what was shown, so the conversation stays coherent.
        if (reply !== '') history.push({ role: 'assistant', content: reply });
        else history.pop();
      }
      lines.prompt();
    }
  } finally {
    lines.close();
    await session?.close();
    process.off('SIGINT', onInterrupt);
  }
  return failures > 0 && !interactive ? EXIT.failure : EXIT.ok;

  async function renewSession(): Promise<void> {
    if (!session) return;
    try {
      await session.renew();
    } catch (error) {
      failures++;
      await write(io.stderr, `sagestream: could not open a new session: ${isSageStreamError(error) ? error.message : String(error)}\n`);
    }
  }
}

import { createInterface } from 'node:readline';
import type { ChatMessage } from '../chat/chat-message.js';
import type { ChatEvent } from '../chat/stream-chat.js';
import { streamChatWithFallback, type FormatFallback } from '../discovery/stream-chat-with-fallback.js';
import { EXIT, write, type CliIo } from './cli-io.js';
import { transportFor, type EndpointCliOptions } from './endpoint-options.js';
import { fallbackLine, printReply, withNotices } from './invoke-command.js';
import { resolveEndpointFormat } from './resolve-endpoint-format.js';

const HELP = 'commands: /system TEXT (set the system prompt, resets the chat), /reset (forget the conversation), /exit (or Ctrl-D); Ctrl-C stops a reply\n';

/**
 * `sagestream chat`: an interactive chat with history. Ctrl-C stops the current reply (not the
 * session); `/exit`, `/reset`, `/system TEXT`. Works with piped stdin too (one message per line).
 */
export async function runChatCommand(options: EndpointCliOptions, io: CliIo): Promise<number> {
  const transport = transportFor(options, io.env);
  // Discovered once per session; after a fallback succeeds the session keeps that format.
  const resolved = await resolveEndpointFormat(options, io);
  let endpoint = resolved.endpoint;
  let fallback: FormatFallback | undefined = resolved.fallback;
  const notices: string[] = [];
  let system = options.system;
  let history: ChatMessage[] = [];
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
        await write(io.stdout, '(conversation cleared)\n');
      } else if (line.startsWith('/system')) {
        system = line.slice('/system'.length).trim() || undefined;
        history = [];
        await write(io.stdout, system ? `(system prompt set; conversation cleared)\n` : '(system prompt removed; conversation cleared)\n');
      } else if (line.startsWith('/')) {
        await write(io.stdout, `unknown command ${line.split(/\s/, 1)[0]}; ${HELP}`);
      } else {
        history.push({ role: 'user', content: line });
        current = new AbortController();
        let reply = '';
        const events = (async function* (): AsyncGenerator<ChatEvent> {
          for await (const event of streamChatWithFallback({
            transport,
            endpoint: { ...endpoint, ...(system ? { systemPrompt: system } : {}) },
            messages: history,
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
    process.off('SIGINT', onInterrupt);
    lines.close();
  }
  return failures > 0 && !interactive ? EXIT.failure : EXIT.ok;
}

import { formatStats } from '../shared/format-stats.js';
import { codeFence } from './editor-prompts.js';
import type { ConversationView, MessageView } from '../shared/protocol.js';

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function exportMessage(message: MessageView): string {
  if (message.role === 'user') return `### You\n\n${message.text}`;
  const heading = `### Assistant${message.stats ? ` — ${formatStats(message.stats)}` : ''}`;
  const parts = [heading];
  // Reasoning as a collapsed HTML block (GitHub and VS Code previews fold it), before the answer.
  if (message.reasoning) parts.push(`<details><summary>Thinking</summary>\n\n${quote(message.reasoning)}\n\n</details>`);
  if (message.text !== '') parts.push(message.text);
  for (const call of message.toolCalls ?? []) parts.push(`**Tool call** \`${call.name || '(unnamed)'}\`\n\n${codeFence(call.arguments, 'json')}`);
  if (message.status === 'stopped' && !message.error) parts.push(quote('**Stopped** before the reply was complete.'));
  if (message.error) {
    const lines = [`**${message.status === 'stopped' ? 'Stopped' : 'Error'}** (${message.error.code}): ${message.error.message}`];
    if (message.error.originalStatusCode !== undefined) lines.push(`Original status: ${message.error.originalStatusCode}${message.error.originalMessage ? ` — ${message.error.originalMessage}` : ''}`);
    if (message.error.fix) lines.push(`Fix: ${message.error.fix}`);
    if (message.error.logUrl) lines.push(`Logs: <${message.error.logUrl}>`);
    parts.push(quote(lines.join('\n')));
  }
  return parts.join('\n\n');
}

/**
 * A conversation as a Markdown document: a title, when it was exported, then each message under
 * its own heading — replies with their stats, stopped and failed replies with their error.
 */
export function exportConversationMarkdown(conversation: ConversationView, options: { exportedAt: Date }): string {
  const header = `# ${conversation.title.replace(/\n/g, ' ')}\n\n*Exported from SageStream on ${options.exportedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.*`;
  return `${[header, ...conversation.messages.map(exportMessage)].join('\n\n')}\n`;
}

/** A file name for the export, from the title: `sagestream-how-to-stream.md`. */
export function exportFileName(conversation: ConversationView): string {
  const slug = conversation.title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `sagestream-${slug || 'chat'}.md`;
}

import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../shared/protocol.js';
import { buildFilePrompt, buildSelectionPrompt, codeFence } from './editor-prompts.js';
import { exportConversationMarkdown, exportFileName } from './export-markdown.js';

const conversation: ConversationView = {
  id: 'c1',
  title: 'How do I stream?',
  createdAt: 0,
  updatedAt: 0,
  messages: [
    { id: 'u1', role: 'user', text: 'How do I stream?', createdAt: 0, status: 'complete' },
    { id: 'a1', role: 'assistant', text: 'Use `invoke_endpoint_with_response_stream`.', createdAt: 0, status: 'complete', stats: { endpointLabel: 'mock-messages', endpointName: 'mock-messages', variant: 'AllTraffic', timeToFirstTokenMs: 312, tokens: 42, tokensPerSecond: 33.33 } },
    { id: 'u2', role: 'user', text: 'And with errors?', createdAt: 0, status: 'complete' },
    {
      id: 'a2',
      role: 'assistant',
      text: 'Partial',
      createdAt: 0,
      status: 'failed',
      error: { code: 'model-error', message: 'The container failed.', originalStatusCode: 500, originalMessage: 'CUDA OOM', fix: 'Check the logs.', logUrl: 'https://console.aws.amazon.com/x' },
    },
    { id: 'u3', role: 'user', text: 'Stop test', createdAt: 0, status: 'complete' },
    { id: 'a3', role: 'assistant', text: 'Half a rep', createdAt: 0, status: 'stopped' },
  ],
};

describe('export to Markdown', () => {
  it('writes every message under a heading, with stats, errors and stops', () => {
    expect(exportConversationMarkdown(conversation, { exportedAt: new Date('2025-01-02T03:04:05Z') })).toBe(`# How do I stream?

*Exported from SageStream on 2025-01-02 03:04 UTC.*

### You

How do I stream?

### Assistant — first token 312 ms · 42 tokens · 33.3 tokens/s · mock-messages (AllTraffic)

Use \`invoke_endpoint_with_response_stream\`.

### You

And with errors?

### Assistant

Partial

> **Error** (model-error): The container failed.
> Original status: 500 — CUDA OOM
> Fix: Check the logs.
> Logs: <https://console.aws.amazon.com/x>

### You

Stop test

### Assistant

Half a rep

> **Stopped** before the reply was complete.
`);
  });

  it('names the file after the title', () => {
    expect(exportFileName(conversation)).toBe('sagestream-how-do-i-stream.md');
    expect(exportFileName({ ...conversation, title: '日本語' })).toBe('sagestream-chat.md');
  });
});

describe('export of reasoning and tool calls', () => {
  it('folds the reasoning above the answer and shows each tool call with its arguments fenced', () => {
    const markdown = exportConversationMarkdown(
      {
        id: 'c',
        title: 'Weather',
        createdAt: 0,
        updatedAt: 0,
        messages: [
          { id: 'a', role: 'assistant', text: 'Checking.', reasoning: 'Needs\na tool.', toolCalls: [{ id: '1', name: 'get_weather', arguments: '{"q":"```"}' }], createdAt: 0, status: 'complete' },
        ],
      },
      { exportedAt: new Date(0) },
    );
    expect(markdown).toContain('<details><summary>Thinking</summary>\n\n> Needs\n> a tool.\n\n</details>\n\nChecking.');
    expect(markdown).toContain('**Tool call** `get_weather`\n\n````json\n{"q":"```"}\n````');
  });
});

describe('editor prompts', () => {
  it('fences code with more backticks than it contains, so the code cannot end the fence', () => {
    expect(codeFence('a ``` b', 'md')).toBe('````md\na ``` b\n````');
    expect(codeFence('plain\n', 'ts"><x')).toBe('```tsx\nplain\n```');
  });

  it('sends the selection with its question, language, file and lines', () => {
    expect(buildSelectionPrompt({ question: '', code: 'x = 1', languageId: 'python', fileName: 'src/app.py', startLine: 3, endLine: 3 })).toBe(
      'Explain this code.\n\nFrom `src/app.py` (python, line 3):\n\n```python\nx = 1\n```',
    );
  });

  it('cuts long files and says so in the prompt', () => {
    const { prompt, truncated } = buildFilePrompt({ code: 'a'.repeat(100), languageId: 'plaintext', fileName: 'big.txt', maxChars: 10 });
    expect(truncated).toBe(true);
    expect(prompt).toContain('only the first 10 are included');
    expect(prompt).toContain(`\`\`\`plaintext\n${'a'.repeat(10)}\n\`\`\``);
  });
});

import { tokenize } from '@sagestream/mock-endpoint';

const TOPICS = ['streaming', 'decoding', 'rendering', 'batching', 'backpressure', 'retries', 'metrics', 'history'];

function section(index: number): string {
  const topic = TOPICS[index % TOPICS.length]!;
  const parts = [
    `## ${index + 1}. On ${topic}`,
    `When a model streams its answer, **${topic}** decides how quickly the reader sees it. Each token crosses the network as a small event, is decoded, and lands in a growing buffer; the interface must keep up without re-doing the work it already did for the earlier part of the reply.`,
    `A good rule: do the expensive step once per block of text, never once per token for the whole reply. Section ${index + 1} shows one way to do that with \`${topic}_step()\`.`,
    ['- keep the work per token constant', '- freeze what cannot change any more', '- batch updates to animation frames', `- measure ${topic} with real numbers`].join('\n'),
  ];
  if (index % 2 === 0) {
    parts.push(
      [
        '```python',
        `def ${topic}_step(buffer: list[str], token: str) -> str:`,
        `    """One step of ${topic}: append, then render only the tail."""`,
        '    buffer.append(token)',
        '    tail = "".join(buffer[-64:])',
        '    if tail.endsWith("\\n\\n"):',
        '        freeze(buffer)',
        '    return render(tail)',
        '```',
      ].join('\n'),
    );
  } else {
    parts.push(
      [
        '```ts',
        `export function ${topic}Step(state: { text: string }, token: string): string {`,
        '  state.text += token; // strings are ropes: appending is cheap',
        `  const frozen = state.text.lastIndexOf('\\n\\n');`,
        '  return frozen === -1 ? state.text : state.text.slice(frozen + 2);',
        '}',
        '```',
      ].join('\n'),
    );
  }
  if (index % 4 === 3) parts.push('| step | cost per token |\n|---|--:|\n| decode | constant |\n| render tail | constant |\n| frozen blocks | zero |');
  return parts.join('\n\n');
}

/** A Markdown reply of at least `minTokens` tokens (as the mock tokenizes it): prose, lists, code, tables. */
export function createBenchReply(minTokens: number): { text: string; tokens: number } {
  const sections: string[] = [];
  let text = '';
  for (let index = 0; tokenize(text).length < minTokens; index++) {
    sections.push(section(index));
    text = sections.join('\n\n');
  }
  return { text, tokens: tokenize(text).length };
}

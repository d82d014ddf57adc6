import { describe, expect, it } from 'vitest';
import { createBlockScanner } from './block-scanner.js';

/** Feeds `text` in the given pieces; returns the frozen blocks and the live remainder. */
function scan(text: string, splits: number[] = [text.length]): { blocks: string[]; live: string } {
  const scanner = createBlockScanner();
  const ends: number[] = [];
  for (const at of splits) {
    scanner.update(text.slice(0, at));
    ends.push(...scanner.takeFrozen());
  }
  const blocks = ends.map((end, index) => text.slice(index === 0 ? 0 : ends[index - 1], end));
  return { blocks, live: text.slice(scanner.liveStart) };
}

const REPLY = `# Streaming

Response streaming sends tokens as they are made.
It keeps the wire busy.

1. The client calls the API.
2. The runtime forwards it.

   With an indented note.

3. The container writes chunks.

Here is code:
\`\`\`python
def f():

    return 1
\`\`\`
After the code.

- a
- b

> quoted

| a | b |
|---|---|
| 1 | 2 |

Last line`;

describe('block scanner', () => {
  it('freezes paragraphs, lists, fences and headings that can no longer change', () => {
    const { blocks, live } = scan(REPLY);
    expect(blocks).toEqual([
      '# Streaming\n\n',
      'Response streaming sends tokens as they are made.\nIt keeps the wire busy.\n\n',
      '1. The client calls the API.\n2. The runtime forwards it.\n\n   With an indented note.\n\n3. The container writes chunks.\n\n',
      'Here is code:\n',
      '```python\ndef f():\n\n    return 1\n```\n',
      'After the code.\n\n',
      '- a\n- b\n\n',
      '> quoted\n\n',
    ]);
    // The table is followed by a blank line and more text, so it is frozen only once that text's
    // line is complete; the last line has no newline yet: it stays live.
    expect(live).toBe('| a | b |\n|---|---|\n| 1 | 2 |\n\nLast line');
  });

  it('gives the same blocks however the text is split while streaming', () => {
    const whole = scan(REPLY);
    for (let at = 1; at < REPLY.length; at++) expect(scan(REPLY, [at, REPLY.length])).toEqual(whole);
    // and token-like pieces of 1–7 characters
    const splits: number[] = [];
    for (let at = 0, step = 1; at < REPLY.length; step = (step % 7) + 1) splits.push((at += step));
    expect(scan(REPLY, splits.map((at) => Math.min(at, REPLY.length)))).toEqual(whole);
  });

  it('keeps a blank line inside a code fence in one block, and reports the open fence', () => {
    const scanner = createBlockScanner();
    const text = 'Intro\n\n```ts\nconst a = 1;\n\nconst b = 2;\n';
    scanner.update(text);
    expect(scanner.takeFrozen()).toEqual([7]);
    expect(scanner.openFence).toEqual({ start: 7, contentStart: 13, language: 'ts', marker: '```' });
    scanner.update(`${text}\`\`\`\nAfter\n`);
    expect(scanner.takeFrozen()).toEqual([text.length + 4]);
    expect(scanner.openFence).toBeNull();
  });

  it('does not close a fence with a shorter or different marker', () => {
    const scanner = createBlockScanner();
    scanner.update('````md\n```\n~~~~\nstill code\n');
    expect(scanner.openFence?.marker).toBe('````');
    scanner.update('````md\n```\n~~~~\nstill code\n````\n\nnext\n');
    expect(scanner.openFence).toBeNull();
  });

  it('does not split a loose list or an indented code block at its blank lines', () => {
    expect(scan('- one\n\n- two\n\n  more of two\n\nafter\n').blocks).toEqual(['- one\n\n- two\n\n  more of two\n\n']);
    expect(scan('    code 1\n\n    code 2\n\ntext\n').blocks).toEqual(['    code 1\n\n    code 2\n\n']);
  });

  it('does not treat an indented fence inside a list item as a top-level block', () => {
    const scanner = createBlockScanner();
    scanner.update('1. Run:\n   ```sh\n   npm start\n');
    expect(scanner.takeFrozen()).toEqual([]);
    expect(scanner.openFence).toBeNull();
  });

  it('scans each line once: feeding the same text again changes nothing', () => {
    const scanner = createBlockScanner();
    scanner.update('a\n\nb\n\nc');
    const first = scanner.takeFrozen();
    scanner.update('a\n\nb\n\nc');
    expect(first).toEqual([3]);
    expect(scanner.takeFrozen()).toEqual([]);
  });
});

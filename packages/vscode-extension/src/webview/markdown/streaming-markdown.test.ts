import { describe, expect, it, vi } from 'vitest';
import { createMarkdownRenderer } from './render-markdown.js';
import { createStreamingMarkdown } from './streaming-markdown.js';

const REPLY = `Here is a helper:

\`\`\`python
def stream(endpoint):
    for event in body:
        print(event)
\`\`\`

Notes:

- one **bold** point
- a [link](https://example.com)

| a | b |
|---|---|
| 1 | 2 |

Done.`;

function setup() {
  const renderer = createMarkdownRenderer();
  const render = vi.spyOn(renderer, 'render');
  const container = document.createElement('div');
  const body = createStreamingMarkdown({ container, renderer });
  return { container, body, render, renderer };
}

/** The rendered DOM without the (empty) live block. */
function finalHtml(container: HTMLElement): string {
  return Array.from(container.children)
    .filter((child) => !child.classList.contains('live-block'))
    .map((child) => child.outerHTML)
    .join('');
}

describe('streaming markdown', () => {
  it('renders an unclosed code fence as a code block at once, growing line by line', () => {
    const { container, body } = setup();
    body.update('Intro\n\n```python\ndef f():\n    ret', false);
    const code = container.querySelector('.live-block .code-block pre > code');
    expect(code?.textContent).toBe('def f():\n    ret');
    expect(container.querySelector('.code-language')?.textContent).toBe('python');
    expect(container.textContent).not.toContain('```');
    body.update('Intro\n\n```python\ndef f():\n    return 1\n', false);
    // the same element, appended to — not re-created
    expect(container.querySelector('.live-block .code-block pre > code')).toBe(code);
    expect(code?.textContent).toBe('def f():\n    return 1\n');
    // a half-typed closing fence is not shown as code
    body.update('Intro\n\n```python\ndef f():\n    return 1\n``', false);
    expect(code?.textContent).toBe('def f():\n    return 1\n');
  });

  it('highlights the code block once its fence closes', () => {
    const { container, body } = setup();
    body.update('```python\ndef f():\n    return "x"\n', false);
    expect(container.querySelector('.hljs-keyword')).toBeNull();
    body.update('```python\ndef f():\n    return "x"\n```\n', false);
    expect(container.querySelector('.hljs-keyword')?.textContent).toBe('def');
    expect(container.querySelectorAll('.code-block')).toHaveLength(1);
  });

  it('never re-renders a finished block: its DOM nodes survive later updates', () => {
    const { container, body, render } = setup();
    const start = '# Title\n\nFirst paragraph.\n\nSecond line\n';
    body.update(start, false);
    const heading = container.querySelector('h1');
    const first = container.querySelector('p');
    expect(first?.textContent).toBe('First paragraph.');
    expect(render.mock.calls.map(([source]) => source)).toEqual(['# Title\n\n', 'First paragraph.\n\n', 'Second line\n']);
    for (const more of ['and', 'and more', 'and more text.']) body.update(`${start}${more}`, false);
    expect(container.querySelector('h1')).toBe(heading);
    expect(container.querySelector('p')).toBe(first);
    // only the live block was rendered again, never the frozen ones
    expect(render.mock.calls.slice(3).map(([source]) => source)).toEqual(['Second line\nand', 'Second line\nand more', 'Second line\nand more text.']);
  });

  it('ends with the same DOM however the reply was split into updates', () => {
    const whole = setup();
    whole.body.update(REPLY, true);
    const expected = finalHtml(whole.container);
    expect(expected).toContain('<table>');
    for (const step of [1, 2, 3, 5, 8, 13]) {
      const { container, body } = setup();
      for (let at = step; at < REPLY.length; at += step) body.update(REPLY.slice(0, at), false);
      body.update(REPLY, true);
      expect(finalHtml(container), `step ${step}`).toBe(expected);
    }
  });

  it('renders a reply loaded from history in one go, and starts over if the text is replaced', () => {
    const { container, body } = setup();
    body.update('Old **reply**', true);
    expect(container.querySelector('strong')?.textContent).toBe('reply');
    body.update('New text', true);
    expect(container.textContent?.trim()).toBe('New text');
    expect(container.querySelector('strong')).toBeNull();
  });

  it('renders the last block for good when the reply ends mid-fence (a stopped reply)', () => {
    const { container, body } = setup();
    body.update('```js\nconst a = 1', false);
    body.update('```js\nconst a = 1', true);
    expect(container.querySelector('.live-block')?.childElementCount).toBe(0);
    expect(container.querySelector('.code-block code.language-js')?.textContent).toBe('const a = 1');
  });
});

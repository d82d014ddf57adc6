import { element, iconButton } from '../ui/dom.js';

/** A code block's parts: its root and the `<code>` that holds the text. */
export interface CodeBlockShell {
  root: HTMLDivElement;
  code: HTMLElement;
}

function header(language: string): HTMLDivElement {
  return element('div', {
    className: 'code-header',
    children: [
      element('span', { className: 'code-language', text: language || 'text' }),
      element('span', {
        className: 'code-actions',
        children: [
          iconButton({ icon: 'copy', label: 'Copy code', text: 'Copy', action: 'copy-code' }),
          iconButton({ icon: 'insert', label: 'Insert code at cursor', text: 'Insert', action: 'insert-code', className: 'needs-editor' }),
        ],
      }),
    ],
  });
}

/**
 * An empty code block with its toolbar, for code that is still streaming. It has the same
 * structure as a rendered one, so the block does not jump when its fence closes.
 */
export function createCodeBlockShell(language: string): CodeBlockShell {
  const code = element('code', { className: `hljs${language ? ` language-${language}` : ''}` });
  const root = element('div', { className: 'code-block', children: [header(language), element('pre', { children: [code] })] });
  return { root, code };
}

/** Wraps each rendered `<pre><code>` in a code block with a toolbar (Copy, Insert at Cursor). */
export function decorateCodeBlocks(fragment: DocumentFragment): void {
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    if (!code || pre.parentElement?.classList.contains('code-block')) continue;
    const language = /\blanguage-([\w+#.-]+)/.exec(code.className)?.[1] ?? '';
    const root = element('div', { className: 'code-block' });
    pre.replaceWith(root);
    root.append(header(language), pre);
  }
}

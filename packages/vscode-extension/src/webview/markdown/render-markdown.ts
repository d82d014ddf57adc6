import MarkdownIt from 'markdown-it';
import { isSafeExternalUrl } from '../../shared/link-policy.js';
import { decorateCodeBlocks } from './code-block.js';
import { cleanLanguage, highlightCode } from './highlight.js';
import { sanitizeToFragment } from './sanitize.js';

/** Renders model output (untrusted Markdown) to safe DOM. */
export interface MarkdownRenderer {
  /** Sanitized, decorated DOM for a piece of Markdown (a whole reply or one block of it). */
  render(source: string): DocumentFragment;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => (character === '&' ? '&amp;' : character === '<' ? '&lt;' : character === '>' ? '&gt;' : '&quot;'));
}

function codeHtml(code: string, language: string): string {
  const name = cleanLanguage(language);
  const body = highlightCode(code, name) ?? escapeHtml(code);
  return `<pre><code class="hljs${name ? ` language-${name}` : ''}">${body}</code></pre>\n`;
}

/**
 * markdown-it with raw HTML off, linkify on, links limited to http(s), highlight.js for code,
 * and DOMPurify behind it all. Images are shown as links, never loaded: a model could otherwise
 * leak data through an image URL the moment it is rendered.
 *
 * @example
 * const renderer = createMarkdownRenderer();
 * element.append(renderer.render('**bold** and `code`'));
 */
export function createMarkdownRenderer(): MarkdownRenderer {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isSafeExternalUrl;
  md.renderer.rules.fence = (tokens, index) => {
    const token = tokens[index]!;
    return codeHtml(token.content, token.info.trim().split(/\s+/)[0] ?? '');
  };
  md.renderer.rules.code_block = (tokens, index) => codeHtml(tokens[index]!.content, '');
  md.renderer.rules.image = (tokens, index) => {
    const token = tokens[index]!;
    const source = token.attrGet('src') ?? '';
    const label = `Image: ${token.content || source}`;
    return isSafeExternalUrl(source) ? `<a href="${escapeHtml(source)}" class="image-link" title="${escapeHtml(source)}">${escapeHtml(label)}</a>` : escapeHtml(label);
  };
  // Table alignment arrives as style="text-align:…", which the CSP would drop: use classes.
  const alignToClass = (tokens: ReturnType<MarkdownIt['parse']>, index: number): void => {
    const token = tokens[index]!;
    const style = token.attrGet('style');
    const align = style ? /text-align:(left|right|center)/.exec(style)?.[1] : undefined;
    if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
    if (align) token.attrSet('class', `align-${align}`);
  };
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, index, options, _env, self) => {
      alignToClass(tokens, index);
      return self.renderToken(tokens, index, options);
    };
  }
  return {
    render(source) {
      const fragment = sanitizeToFragment(md.render(source));
      decorateCodeBlocks(fragment);
      return fragment;
    },
  };
}

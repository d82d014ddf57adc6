import DOMPurify, { type Config } from 'dompurify';

/**
 * Defence in depth behind markdown-it's `html: false`: only the tags and attributes the renderer
 * itself produces survive, and `href`s must be http(s). No `style` (the CSP blocks it anyway),
 * no `src`, no `data-*`, no event handlers.
 */
const CONFIG: Config = {
  ALLOWED_TAGS: ['a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div'],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^https?:\/\//i,
};

// Own instances with their configuration set once: passing a config to every sanitize() call
// re-parses it, and the default string path builds a new document per call — both measurable
// when the live block is sanitized every animation frame.
let inPlace: ReturnType<typeof DOMPurify> | undefined;
let template: HTMLTemplateElement | undefined;

/**
 * Sanitizes renderer HTML into a fragment of the current document. The HTML is parsed into a
 * reused `<template>` (inert: nothing in it runs or loads) and cleaned in place there before any
 * of it reaches the page.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  if (!inPlace) {
    inPlace = DOMPurify(window);
    inPlace.setConfig({ ...CONFIG, IN_PLACE: true });
  }
  template ??= document.createElement('template');
  template.innerHTML = `<div>${html}</div>`;
  const wrapper = template.content.firstElementChild;
  const fragment = document.createDocumentFragment();
  if (!wrapper) return fragment;
  inPlace.sanitize(wrapper);
  fragment.append(...Array.from(wrapper.childNodes));
  template.content.replaceChildren();
  return fragment;
}

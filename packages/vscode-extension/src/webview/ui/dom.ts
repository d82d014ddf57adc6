import { createIcon, type IconName } from './icons.js';

/** Attributes and children for {@link element}. */
export interface ElementOptions {
  className?: string;
  text?: string;
  attributes?: Record<string, string>;
  children?: (Node | string)[];
}

/** Creates an element; text goes in as text, never as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value);
  if (options.children) node.append(...options.children);
  return node;
}

/** Options of {@link iconButton}. */
export interface IconButtonOptions {
  icon: IconName;
  /** The accessible name (also the tooltip). */
  label: string;
  /** Visible text next to the icon; icon-only when absent. */
  text?: string;
  /** Delegated click action, read by the app's click handler. */
  action: string;
  className?: string;
}

/** A `<button type="button">` with an icon, an accessible name and a `data-action`. */
export function iconButton(options: IconButtonOptions): HTMLButtonElement {
  const button = element('button', {
    className: `icon-button${options.className ? ` ${options.className}` : ''}`,
    attributes: { type: 'button', 'aria-label': options.label, title: options.label, 'data-action': options.action },
  });
  button.append(createIcon(options.icon));
  if (options.text) button.append(element('span', { className: 'button-text', text: options.text }));
  return button;
}

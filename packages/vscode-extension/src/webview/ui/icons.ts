/** Icon names, drawn as inline SVG (VS Code's codicon font is not available inside webviews). */
export type IconName = 'send' | 'stop' | 'plus' | 'history' | 'copy' | 'check' | 'refresh' | 'edit' | 'insert' | 'trash' | 'export' | 'close' | 'warning' | 'link' | 'terminal';

// 16×16 outline paths in the codicon style; currentColor follows the theme.
const PATHS: Record<IconName, string> = {
  send: 'M2 2.5 14 8 2 13.5l1.8-5.5L2 2.5Zm1.8 5.5h5',
  stop: 'M4 4h8v8H4z',
  plus: 'M8 3v10M3 8h10',
  history: 'M8 3.5A4.5 4.5 0 1 1 3.5 8M3.5 8H2m1.5 0 1.5-1.5M8 5.5V8l2 1.5',
  copy: 'M5.5 5.5h7v8h-7zM3.5 10.5v-8h7',
  check: 'M3 8.5 6.5 12 13 4.5',
  refresh: 'M12.5 6A4.8 4.8 0 1 0 13 9m-.5-3V3m0 3h-3',
  edit: 'M10.5 2.5l3 3-7.5 7.5H3v-3zM9 4l3 3',
  insert: 'M8 2.5v7m-3-3 3 3 3-3M3 12.5h10',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  export: 'M8 10V2.5m-3 3 3-3 3 3M3.5 9v4.5h9V9',
  close: 'M4 4l8 8M12 4l-8 8',
  warning: 'M8 2.5 14 13.5H2zM8 6.5v3.5m0 1.5v.5',
  link: 'M7 9a3 3 0 0 0 4.2 0l2-2A3 3 0 0 0 9 2.8l-1 1M9 7a3 3 0 0 0-4.2 0l-2 2A3 3 0 0 0 7 13.2l1-1',
  terminal: 'M2.5 3.5h11v9h-11zM4.5 6l2 2-2 2M8 10.5h3',
};

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG icon element, hidden from assistive technology (its button carries the label). */
export function createIcon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}

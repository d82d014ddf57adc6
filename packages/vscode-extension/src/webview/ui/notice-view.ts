import type { ChatState } from '../chat-state.js';
import { element, iconButton } from './dom.js';

/** A transient message at the bottom (copied, blocked link, …). */
export interface NoticeView {
  readonly element: HTMLElement;
  update(state: ChatState): void;
}

/** How long info notices stay. Warnings and errors stay until dismissed. */
const INFO_NOTICE_MS = 4000;

/** Creates the notice area; `dismiss` is called when an info notice times out. */
export function createNoticeView(options: { dismiss(): void }): NoticeView {
  const text = element('span', { className: 'notice-text' });
  const root = element('div', {
    className: 'notice',
    attributes: { role: 'status', 'aria-live': 'polite' },
    children: [text, iconButton({ icon: 'close', label: 'Dismiss', action: 'dismiss-notice' })],
  });
  root.hidden = true;
  let shownId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    element: root,
    update(state) {
      const notice = state.notice;
      if (!notice) {
        if (!root.hidden) root.hidden = true;
        return;
      }
      if (notice.id === shownId) return;
      shownId = notice.id;
      root.hidden = false;
      root.dataset.level = notice.level;
      text.textContent = notice.text;
      if (timer !== undefined) clearTimeout(timer);
      timer = notice.level === 'info' ? setTimeout(options.dismiss, INFO_NOTICE_MS) : undefined;
    },
  };
}

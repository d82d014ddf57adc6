import type { ChatPlatform } from '../chat/chat-platform.js';
import { isSafeExternalUrl } from '../shared/link-policy.js';

/** The chat's platform in a plain browser page: the async clipboard, new tabs, downloads. */
export function createBrowserPlatform(): ChatPlatform {
  return {
    copyText: (text) => navigator.clipboard.writeText(text),
    async openLink(url) {
      if (isSafeExternalUrl(url)) window.open(url, '_blank', 'noopener,noreferrer');
    },
    async saveMarkdown({ fileName, markdown }) {
      const href = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }));
      const link = document.createElement('a');
      link.href = href;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    },
    confirm: (message) => Promise.resolve(window.confirm(message)),
  };
}

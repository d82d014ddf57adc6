/** Longest URL the chat will render as a link or open. */
export const MAX_URL_LENGTH = 4000;

/**
 * The one rule for links in model output and error details: only absolute `http:` and `https:`
 * URLs are ever rendered as links or opened. Everything else — `javascript:`, `data:`, `file:`,
 * `command:`, `vscode:`, relative paths — stays text.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  // URL parsing strips tabs/newlines and lowercases the scheme, so `JaVa\tscript:` is caught too.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

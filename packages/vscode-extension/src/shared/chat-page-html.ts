/** Options of {@link renderChatPage}. */
export interface ChatPageOptions {
  title: string;
  /** The full Content-Security-Policy, also set as a `<meta>` (VS Code webviews have no headers). */
  contentSecurityPolicy: string;
  /** The script nonce the policy allows. */
  nonce: string;
  scriptUrl: string;
  styleUrls: readonly string[];
  /** Extra classes on `<body>`, e.g. `playground`. */
  bodyClass?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML attribute value or text node. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/**
 * The page that hosts the chat UI, in a VS Code webview and in the playground alike: a policy, the
 * stylesheets, an empty root and one nonce'd module script. No inline script or handler anywhere.
 */
export function renderChatPage(options: ChatPageOptions): string {
  const styles = options.styleUrls.map((url) => `  <link rel="stylesheet" href="${escapeHtml(url)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(options.contentSecurityPolicy)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${escapeHtml(options.title)}</title>
${styles}
</head>
<body class="${escapeHtml(options.bodyClass ?? '')}">
  <div id="app" class="chat-app"></div>
  <script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUrl)}"></script>
</body>
</html>
`;
}

/**
 * The webview's policy: nothing by default; scripts only with the nonce; styles and fonts only
 * from the extension's own files. Images only from the extension or `data:` — model output never
 * loads remote images (a Markdown image to an attacker's URL is an exfiltration channel), so
 * `https:` is deliberately not allowed.
 */
export function webviewContentSecurityPolicy(options: { cspSource: string; nonce: string }): string {
  const { cspSource, nonce } = options;
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/**
 * The playground page's policy: the same rules with `'self'` as the source, plus `connect-src
 * 'self'` for the mock endpoint on the same origin, and no forms or `<base>`. (The server adds
 * `frame-ancestors 'none'` in the header, where alone it is honoured.)
 */
export function playgroundContentSecurityPolicy(options: { nonce: string }): string {
  const { nonce } = options;
  return [
    "default-src 'none'",
    "img-src 'self' data:",
    `style-src 'self' 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

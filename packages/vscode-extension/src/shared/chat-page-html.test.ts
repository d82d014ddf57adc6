import { describe, expect, it } from 'vitest';
import { renderChatPage } from './chat-page-html.js';
import { playgroundContentSecurityPolicy, webviewContentSecurityPolicy } from './content-security-policy.js';
import { isSafeExternalUrl } from './link-policy.js';

describe('chat page and its content security policy', () => {
  it('locks the webview down: nothing by default, scripts only with the nonce, no remote images', () => {
    const policy = webviewContentSecurityPolicy({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123' });
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      'img-src https://file+.vscode-resource.vscode-cdn.net data:',
      "style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-abc123'",
      "script-src 'nonce-abc123'",
      'font-src https://file+.vscode-resource.vscode-cdn.net',
    ]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https:(?!\/\/)/);
    expect(playgroundContentSecurityPolicy({ nonce: 'n' })).toContain("connect-src 'self'");
  });

  it('has one nonce\'d script, no inline script or handler, and escapes what it is given', () => {
    const html = renderChatPage({ title: 'A "title" <b>', contentSecurityPolicy: "default-src 'none'", nonce: 'n0nce', scriptUrl: '/main.js?a=1&b="2"', styleUrls: ['/main.css'] });
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce" src="/main.js?a=1&amp;b=&quot;2&quot;"></script>');
    expect(html).toContain('<title>A &quot;title&quot; &lt;b&gt;</title>');
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('allows only absolute http(s) URLs out', () => {
    expect(['https://example.com/a?b', 'http://127.0.0.1:8080/'].every(isSafeExternalUrl)).toBe(true);
    for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:x', 'data:text/html,x', 'file:///etc/passwd', 'command:x', 'vscode://x', '/relative', '#top', 'https://', 'x'.repeat(5000)]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { checkRequest, isAllowedHost, isAllowedOrigin, isValidAllowedHost, splitHost } from './request-guard.js';

describe('isAllowedHost', () => {
  it.each(['127.0.0.1:8080', '127.0.0.1', '127.1.2.3:9', 'localhost:8080', 'LOCALHOST', 'localhost.:1', 'app.localhost:3000', '[::1]:8080', '[::1]', '[::ffff:127.0.0.1]:80'])('accepts the loopback name %s', (host) => {
    expect(isAllowedHost({ host, allowedHosts: [] })).toBe(true);
  });

  it.each(['evil.example:8080', 'evil.example', '128.0.0.1:8080', '10.0.0.5:8080', '[::2]:80', 'localhost.evil.example:80', '127.0.0.1.evil.example', '', ' ', '::1', 'a b:80', 'localhost:80x', '[::1]x'])('refuses %j', (host) => {
    expect(isAllowedHost({ host, allowedHosts: [] })).toBe(false);
  });

  it('refuses a request without a Host header', () => {
    expect(isAllowedHost({ host: undefined, allowedHosts: [] })).toBe(false);
  });

  it('adds --allow-host names: exact names and IPs, or .domain for the domain and its subdomains', () => {
    const allowedHosts = ['devbox.test', '192.168.1.5', '.corp.example', '[fe80::1]'];
    expect(isAllowedHost({ host: 'DEVBOX.test:8080', allowedHosts })).toBe(true);
    expect(isAllowedHost({ host: 'sub.devbox.test:8080', allowedHosts })).toBe(false);
    expect(isAllowedHost({ host: '192.168.1.5:8080', allowedHosts })).toBe(true);
    expect(isAllowedHost({ host: 'corp.example', allowedHosts })).toBe(true);
    expect(isAllowedHost({ host: 'a.b.corp.example:1', allowedHosts })).toBe(true);
    expect(isAllowedHost({ host: 'evilcorp.example', allowedHosts })).toBe(false);
    expect(isAllowedHost({ host: '[fe80::1]:8080', allowedHosts })).toBe(true);
  });

  it('validates --allow-host values', () => {
    expect(['devbox.test', '.corp.example', '192.168.1.5', '::1', '[fe80::1]'].every(isValidAllowedHost)).toBe(true);
    expect(['', '*', 'a b', 'http://x', 'x/y', '..x'].some(isValidAllowedHost)).toBe(false);
  });

  it('splits host and port', () => {
    expect(splitHost('[::1]:8080')).toEqual({ name: '::1', port: '8080' });
    expect(splitHost('Example.COM.')).toEqual({ name: 'example.com', port: undefined });
  });
});

describe('isAllowedOrigin', () => {
  it('lets non-browser clients through: they send no Origin', () => {
    expect(isAllowedOrigin({ origin: undefined, host: '127.0.0.1:8080' })).toBe(true);
  });

  it('accepts only the exact origin of the Host the request went to', () => {
    expect(isAllowedOrigin({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' })).toBe(true);
    expect(isAllowedOrigin({ origin: 'http://localhost:8080', host: 'localhost:8080' })).toBe(true);
    expect(isAllowedOrigin({ origin: 'http://[::1]:8080', host: '[::1]:8080' })).toBe(true);
    expect(isAllowedOrigin({ origin: 'http://127.0.0.1', host: '127.0.0.1:80' })).toBe(true);
  });

  it.each([
    ['another port', 'http://127.0.0.1:9999', '127.0.0.1:8080'],
    ['localhost for 127.0.0.1', 'http://localhost:8080', '127.0.0.1:8080'],
    ['127.0.0.1 for localhost', 'http://127.0.0.1:8080', 'localhost:8080'],
    ['https', 'https://127.0.0.1:8080', '127.0.0.1:8080'],
    ['another site', 'https://evil.example', '127.0.0.1:8080'],
    ['null (sandboxed frames, files)', 'null', '127.0.0.1:8080'],
    ['garbage', '%%%', '127.0.0.1:8080'],
    ['a file URL', 'file://', '127.0.0.1:8080'],
  ])('refuses %s', (_case, origin, host) => {
    expect(isAllowedOrigin({ origin, host })).toBe(false);
  });
});

describe('checkRequest', () => {
  it('passes SDK requests and same-origin page requests', () => {
    expect(checkRequest({ host: '127.0.0.1:8080', origin: undefined, allowedHosts: [] })).toEqual({ ok: true });
    expect(checkRequest({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', secFetchSite: 'same-origin', allowedHosts: [] })).toEqual({ ok: true });
    expect(checkRequest({ host: '127.0.0.1:8080', origin: undefined, secFetchSite: 'none', allowedHosts: [] })).toEqual({ ok: true });
  });

  it('refuses a rebinding Host with a message saying how to allow a name', () => {
    const verdict = checkRequest({ host: 'evil.example:8080', origin: undefined, allowedHosts: [] });
    expect(verdict).toMatchObject({ ok: false, reason: 'host-not-allowed', status: 403 });
    expect(!verdict.ok && verdict.message).toMatch(/--allow-host/);
  });

  it('refuses cross-origin and cross-site browser requests, including GETs that carry no Origin', () => {
    expect(checkRequest({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999', allowedHosts: [] })).toMatchObject({ ok: false, reason: 'cross-origin' });
    expect(checkRequest({ host: '127.0.0.1:8080', origin: undefined, secFetchSite: 'cross-site', allowedHosts: [] })).toMatchObject({ ok: false, reason: 'cross-origin' });
    // Another port of the same host is "same-site" for browsers, but not the server's own origin.
    expect(checkRequest({ host: '127.0.0.1:8080', origin: undefined, secFetchSite: 'same-site', allowedHosts: [] })).toMatchObject({ ok: false, reason: 'cross-origin' });
  });
});

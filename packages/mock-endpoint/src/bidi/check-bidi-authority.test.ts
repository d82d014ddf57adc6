import { describe, expect, it } from 'vitest';
import { isAllowedBidiAuthority, isAllowedBidiRequest } from './check-bidi-authority.js';

const allowedHosts = ['127.0.0.1', 'localhost', '[::1]'];

describe('isAllowedBidiAuthority', () => {
  it.each(['127.0.0.1:8080', 'localhost', 'LOCALHOST:1', '[::1]:8080', '[::1]'])('accepts %s', (authority) => {
    expect(isAllowedBidiAuthority({ authority, allowedHosts })).toBe(true);
  });
  it.each([undefined, '', 'evil.example', '127.0.0.1.evil.example:80', 'localhost:80:80', '[::1]x', 'a'.repeat(300)])('refuses %s', (authority) => {
    expect(isAllowedBidiAuthority({ authority, allowedHosts })).toBe(false);
  });
});

describe('isAllowedBidiRequest', () => {
  it('accepts no Origin (SDKs) or a loopback one, refuses a foreign or odd one', () => {
    const check = (origin: string | undefined) => isAllowedBidiRequest({ authority: '127.0.0.1:8080', origin, allowedHosts });
    expect(check(undefined)).toBe(true);
    expect(check('http://localhost:3000')).toBe(true);
    expect(check('https://evil.example')).toBe(false);
    expect(check('null')).toBe(false);
    expect(check('file:///x')).toBe(false);
  });
});

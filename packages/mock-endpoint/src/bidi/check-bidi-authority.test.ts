import { describe, expect, it } from 'vitest';
import { isAllowedBidiAuthority } from './check-bidi-authority.js';

const allowedHosts = ['127.0.0.1', 'localhost', '[::1]'];

describe('isAllowedBidiAuthority', () => {
  it.each(['127.0.0.1:8080', 'localhost', 'LOCALHOST:1', '[::1]:8080', '[::1]'])('accepts %s', (authority) => {
    expect(isAllowedBidiAuthority({ authority, allowedHosts })).toBe(true);
  });
  it.each([undefined, '', 'evil.example', '127.0.0.1.evil.example:80', 'localhost:80:80', '[::1]x', 'a'.repeat(300)])('refuses %s', (authority) => {
    expect(isAllowedBidiAuthority({ authority, allowedHosts })).toBe(false);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MockEndpointError } from '../errors.js';
import { loadConfig, parseConfig } from './load-config.js';
import { normalizeConfig } from './normalize-config.js';

describe('normalizeConfig', () => {
  it('gives the built-in endpoints with realistic latency when nothing is configured', () => {
    const config = normalizeConfig();
    expect(Object.keys(config.endpoints)).toEqual(['mock-lmi', 'mock-lmi-legacy', 'mock-tgi', 'mock-messages', 'mock-lmi-sse', 'mock-lmi-chat']);
    expect(config.endpoints['mock-tgi']!.latency.timeToFirstToken).toEqual({ distribution: 'lognormal', medianMs: 300, sigma: 0.25 });
    expect(config.endpoints['mock-tgi']!.reply.mode).toBe('corpus');
    expect(config.auth.mode).toBe('none');
    expect(normalizeConfig(config)).toEqual(config);
  });

  it('merges endpoint settings over the built-ins and accepts shorthands', () => {
    const config = normalizeConfig({ endpoints: { 'mock-tgi': { latency: { interToken: 5 }, chunking: 'random', fault: 'stall' }, extra: { profile: 'lmi-sse' } } });
    expect(config.endpoints['mock-tgi']!.latency.interToken).toEqual({ distribution: 'fixed', ms: 5 });
    expect(config.endpoints['mock-tgi']!.chunking.mode).toBe('random');
    expect(config.endpoints['mock-tgi']!.fault).toEqual({ name: 'stall', afterTokens: 0, probability: 1 });
    expect(config.endpoints.extra!.profile).toBe('lmi-sse');
    expect(Object.keys(normalizeConfig({ defaultEndpoints: false, endpoints: { only: { profile: 'tgi' } } }).endpoints)).toEqual(['only']);
  });

  it('rejects mistakes with the path, what was expected and what was found', () => {
    const attempt = (input: unknown) => {
      try {
        normalizeConfig(input as never);
      } catch (error) {
        return error as MockEndpointError;
      }
      throw new Error('expected a failure');
    };
    expect(attempt({ latencyScale: -1 })).toMatchObject({ code: 'invalid-config', path: 'latencyScale' });
    expect(attempt({ endpoints: { x: { profile: 'vllm' } } }).message).toBe('Invalid mock config at endpoints.x.profile: expected one of lmi, lmi-legacy, lmi-sse, tgi, got "vllm".');
    expect(attempt({ endpoints: { 'bad_name': { profile: 'tgi' } } }).path).toBe('endpoints.bad_name');
    expect(attempt({ endpoints: { x: { profile: 'tgi', latncy: {} } } }).path).toBe('endpoints.x.latncy');
    expect(attempt({ endpoints: { x: { profile: 'tgi', reply: { mode: 'scripted', rules: [{ match: '(', reply: 'x' }] } } } }).path).toBe('endpoints.x.reply.rules[0].match');
    expect(attempt({ auth: { mode: 'sigv4' } }).path).toBe('auth.credentials');
  });
});

describe('loadConfig', () => {
  it('loads the documented example', async () => {
    const config = await loadConfig(fileURLToPath(new URL('../../examples/mock.yaml', import.meta.url)));
    expect(config.seed).toBe(42);
    expect(config.endpoints['llama-chat']).toMatchObject({ profile: 'tgi', reply: { mode: 'scripted', rules: [{ match: '^ping$', flags: 'i', reply: 'pong 🏓' }] } });
    expect(config.endpoints['flaky-lmi']!.fault).toEqual({ name: 'stream-broken', afterTokens: 20, probability: 0.2 });
    expect(config.endpoints['mock-tgi']).toBeDefined();
  });

  it('names the file in parse and read errors', async () => {
    expect(() => parseConfig({ text: 'endpoints: [', file: 'broken.yaml' })).toThrow(/Cannot parse the mock config broken\.yaml/);
    expect(() => parseConfig({ text: '{"seed": "x"}', file: 'c.json' })).toThrow(/at seed: .* \(in c\.json\)/);
    await expect(loadConfig('/nonexistent/mock.yaml')).rejects.toMatchObject({ code: 'config-not-found' });
  });
});

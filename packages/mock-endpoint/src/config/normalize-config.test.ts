import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MockEndpointError } from '../errors.js';
import { loadConfig, parseConfig } from './load-config.js';
import { normalizeConfig } from './normalize-config.js';

describe('normalizeConfig', () => {
  it('gives the built-in endpoints with realistic latency when nothing is configured', () => {
    const config = normalizeConfig();
    expect(Object.keys(config.endpoints)).toEqual([
      'mock-lmi',
      'mock-lmi-legacy',
      'mock-tgi',
      'mock-messages',
      'mock-lmi-sse',
      'mock-lmi-chat',
      'mock-lmi-async',
      'mock-vllm',
      'mock-vllm-reasoning-legacy',
      'mock-sglang',
      'mock-ic',
      'mock-ab',
    ]);
    expect(config.endpoints['mock-ic']!.inferenceComponents.map((component) => [component.name, component.container.profile, component.copyCount])).toEqual([
      ['ic-llama', 'lmi-async', 2],
      ['ic-qwen', 'vllm', 1],
    ]);
    // Sessions ship on in LMI and vLLM (MHCS), off elsewhere; LMI's default TTL is 1200 s.
    expect(config.endpoints['mock-lmi-async']!.sessions).toEqual({ enabled: true, convention: 'lmi', ttlSeconds: 1200, maxOpen: 1000 });
    expect(config.endpoints['mock-vllm']!.sessions.convention).toBe('mhcs');
    expect(config.endpoints['mock-tgi']!.sessions.enabled).toBe(false);
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
    expect(attempt({ endpoints: { x: { profile: 'vllm2' } } }).message).toBe('Invalid mock config at endpoints.x.profile: expected one of lmi, lmi-legacy, lmi-sse, tgi, lmi-async, vllm, vllm-legacy, sglang, got "vllm2".');
    expect(attempt({ endpoints: { 'bad_name': { profile: 'tgi' } } }).path).toBe('endpoints.bad_name');
    expect(attempt({ endpoints: { x: { profile: 'tgi', latncy: {} } } }).path).toBe('endpoints.x.latncy');
    expect(attempt({ endpoints: { x: { profile: 'tgi', reply: { mode: 'scripted', rules: [{ match: '(', reply: 'x' }] } } } }).path).toBe('endpoints.x.reply.rules[0].match');
    expect(attempt({ auth: { mode: 'sigv4' } }).path).toBe('auth.credentials');
    expect(attempt({ endpoints: { x: { profile: 'tgi', variants: [{ name: 'a', weight: 0 }] } } }).path).toBe('endpoints.x.variants');
    expect(attempt({ endpoints: { x: { profile: 'tgi', variants: [{ name: 'a' }, { name: 'a' }] } } }).path).toBe('endpoints.x.variants[1].name');
    expect(attempt({ endpoints: { x: { profile: 'tgi', variants: [{ name: 'a', instanceCount: 10_000 }] } } }).path).toBe('endpoints.x.variants[0].instanceCount');
    expect(attempt({ endpoints: { x: { profile: 'tgi', inferenceComponents: [{ name: 'c', profile: 'vllm', variantName: 'nope' }] } } }).path).toBe('endpoints.x.inferenceComponents[0].variantName');
    expect(attempt({ endpoints: { x: { profile: 'tgi', inferenceComponents: [{ name: 'c' }] } } }).path).toBe('endpoints.x.inferenceComponents[0].profile');
    expect(attempt({ endpoints: { x: { profile: 'tgi', sessions: { maxOpen: 0 } } } }).path).toBe('endpoints.x.sessions.maxOpen');
    expect(attempt({ endpoints: { x: { profile: 'tgi', sessions: { convention: 'other' } } } }).path).toBe('endpoints.x.sessions.convention');
  });

  it('reads variants, inference components and sessions; the old `variant` field still names the single variant', () => {
    const config = normalizeConfig({
      endpoints: {
        ab: { profile: 'vllm', variants: [{ name: 'blue', weight: 3, instanceCount: 2 }, { name: 'green', weight: 1, instanceType: 'ml.g6.xlarge' }] },
        single: { profile: 'tgi', variant: 'variant-1', sessions: true },
        ic: { profile: 'tgi', inferenceComponents: [{ name: 'small', profile: 'sglang', copyCount: 3, latency: { interToken: 5 } }], sessions: { ttlSeconds: 0.5 } },
      },
    });
    expect(config.endpoints.ab!.variant).toBe('blue');
    expect(config.endpoints.ab!.variants).toEqual([
      { name: 'blue', weight: 3, instanceType: 'ml.g5.2xlarge', instanceCount: 2 },
      { name: 'green', weight: 1, instanceType: 'ml.g6.xlarge', instanceCount: 1 },
    ]);
    expect(config.endpoints.single!.variants.map((variant) => variant.name)).toEqual(['variant-1']);
    expect(config.endpoints.single!.sessions.enabled).toBe(true);
    const component = config.endpoints.ic!.inferenceComponents[0]!;
    expect(component).toMatchObject({ name: 'small', variantName: 'AllTraffic', copyCount: 3, acceleratorDevices: 1 });
    expect(component.container.profile).toBe('sglang');
    expect(component.container.latency.interToken).toEqual({ distribution: 'fixed', ms: 5 });
    expect(config.endpoints.ic!.sessions.ttlSeconds).toBe(0.5);
    expect(normalizeConfig(config)).toEqual(config);
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

import { describe, expect, it } from 'vitest';
import { applyCliOptions } from '../cli/cli-options.js';
import { formatBanner } from '../cli/format-banner.js';
import { defaultConfig } from '../config/default-config.js';
import { normalizeConfig } from '../config/normalize-config.js';
import { MockEndpointError } from '../errors.js';

describe('the bidi section of the mock config', () => {
  it('has the three built-in bidi endpoints and survives normalizing twice unchanged', () => {
    const once = normalizeConfig({ bidi: { pingIntervalMs: 50, endpoints: { 'my-bot': { mode: 'chat', replyText: 'Hi there', maxNewTokens: 5 } } } });
    expect(Object.keys(once.bidi.endpoints)).toEqual(['mock-bidi-echo', 'mock-bidi-chat', 'mock-bidi-transcribe', 'my-bot']);
    expect(once.bidi.pingIntervalMs).toBe(50);
    expect(normalizeConfig(once)).toEqual(once);
    const without = normalizeConfig({ bidi: { defaultEndpoints: false, endpoints: { solo: { mode: 'echo' } } } });
    expect(Object.keys(normalizeConfig(without).bidi.endpoints)).toEqual(['solo']);
  });

  it('bridges every endpoint to bidi.upstream unless an endpoint names its own', () => {
    const config = normalizeConfig({ bidi: { upstream: 'ws://127.0.0.1:9000', endpoints: { own: { mode: 'echo', upstream: 'ws://127.0.0.1:9001' } } } });
    expect(config.bidi.endpoints['mock-bidi-chat']!.upstream).toBe('ws://127.0.0.1:9000');
    expect(config.bidi.endpoints.own!.upstream).toBe('ws://127.0.0.1:9001');
  });

  it.each([
    [{ maxPartBytes: 0 }, 'bidi.maxPartBytes'],
    [{ maxMissedPongs: 'five' }, 'bidi.maxMissedPongs'],
    [{ upstream: 'http://127.0.0.1:9000' }, 'bidi.upstream'],
    [{ endpoints: { x: { mode: 'sing' } } }, 'bidi.endpoints.x.mode'],
    [{ endpoints: { 'bad name': { mode: 'echo' } } }, 'bidi.endpoints.bad name'],
    [{ endpoints: { x: { mode: 'echo', fault: 'explode' } } }, 'bidi.endpoints.x.fault'],
    [{ unknown: 1 }, 'bidi.unknown'],
  ])('rejects %j naming %s', (bidi, path) => {
    let error: unknown;
    try {
      normalizeConfig({ bidi });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MockEndpointError);
    expect((error as MockEndpointError).path).toBe(path);
  });

  it('--bidi-upstream bridges every bidi endpoint and must be a ws:// URL; the banner says so', () => {
    const config = applyCliOptions({ config: defaultConfig(), cli: { port: 0, host: '127.0.0.1', accessKey: [], bidiUpstream: 'ws://127.0.0.1:8081' }, env: {} });
    expect(Object.values(config.bidi.endpoints).every((endpoint) => endpoint.upstream === 'ws://127.0.0.1:8081')).toBe(true);
    expect(formatBanner({ url: 'http://127.0.0.1:8080', config })).toMatch(/mock-bidi-echo\s+bridge → ws:\/\/127\.0\.0\.1:8081/);
    expect(() => applyCliOptions({ config: defaultConfig(), cli: { port: 0, host: '127.0.0.1', accessKey: [], bidiUpstream: 'file:///etc/passwd' }, env: {} })).toThrow(MockEndpointError);
  });
});

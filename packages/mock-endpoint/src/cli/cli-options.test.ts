import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/default-config.js';
import { applyCliOptions } from './cli-options.js';

describe('applyCliOptions --created', () => {
  it('fixes `created` on every endpoint and inference component, so that a seed gives byte-identical streams', () => {
    const config = applyCliOptions({ config: defaultConfig(), cli: { port: 0, host: '127.0.0.1', accessKey: [], created: 1_764_547_200 } });
    expect(new Set(Object.values(config.endpoints).map((endpoint) => endpoint.model.created))).toEqual(new Set([1_764_547_200]));
    expect(config.endpoints['mock-ic']!.inferenceComponents.map((component) => component.container.model.created)).toEqual([1_764_547_200, 1_764_547_200]);
    expect(() => applyCliOptions({ config: defaultConfig(), cli: { port: 0, host: '127.0.0.1', accessKey: [], created: 1e15 } })).toThrow(/--created/);
  });
});

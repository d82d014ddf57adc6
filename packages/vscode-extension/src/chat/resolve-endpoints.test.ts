import { describe, expect, it } from 'vitest';
import { toChatEndpoint } from './endpoint-profile.js';
import { resolveEndpoints, toEndpointsState } from './resolve-endpoints.js';

describe('settings → endpoints', () => {
  it('with no settings at all, talks to mock-messages at the default mock URL', () => {
    const resolved = resolveEndpoints({});
    expect(resolved.mode).toBe('mock');
    expect(resolved.defaultId).toBe('mock-messages');
    const profile = resolved.profiles.find((candidate) => candidate.id === 'mock-messages');
    expect(profile).toMatchObject({ source: 'mock', endpointUrl: 'http://127.0.0.1:8080', format: 'messages' });
    expect(resolved.profiles.map((candidate) => [candidate.id, candidate.format])).toContainEqual(['mock-lmi-legacy', 'lmi-legacy']);
    expect(resolved.problems).toEqual([]);
  });

  it('uses configured endpoints (AWS) with their options, and the default endpoint by label or name', () => {
    const resolved = resolveEndpoints({
      endpoints: [
        { label: 'Llama dev', endpointName: 'llama-3-dev', region: 'eu-west-1', profile: 'dev', format: 'tgi', template: 'llama3', parameters: { maxTokens: 512, temperature: 0.2, stop: ['</s>'] }, systemPrompt: 'Be brief.' },
        { endpointName: 'mistral-prod', format: 'messages', customAttributes: 'trace=1' },
      ],
      defaultEndpoint: 'mistral-prod',
    });
    expect(resolved.mode).toBe('aws');
    expect(resolved.defaultId).toBe('mistral-prod');
    expect(resolved.profiles[0]).toMatchObject({ id: 'Llama dev', endpointName: 'llama-3-dev', region: 'eu-west-1', profile: 'dev', source: 'aws' });
    expect(toChatEndpoint(resolved.profiles[0]!)).toEqual({
      endpointName: 'llama-3-dev',
      format: 'tgi',
      template: 'llama3',
      parameters: { maxTokens: 512, temperature: 0.2, stop: ['</s>'] },
      systemPrompt: 'Be brief.',
    });
    expect(toEndpointsState(resolved, 'Llama dev').options[0]).toEqual({ id: 'Llama dev', label: 'Llama dev', detail: 'llama-3-dev · eu-west-1 · profile dev' });
  });

  it('switches to the mock with useMock even when endpoints are configured', () => {
    const resolved = resolveEndpoints({ endpoints: [{ endpointName: 'prod' }], useMock: true, mockUrl: 'http://127.0.0.1:9999/' });
    expect(resolved.mode).toBe('mock');
    expect(resolved.mockUrl).toBe('http://127.0.0.1:9999');
    expect(resolved.profiles.every((profile) => profile.endpointUrl === 'http://127.0.0.1:9999')).toBe(true);
  });

  it('reports bad entries precisely and keeps the good ones', () => {
    const resolved = resolveEndpoints({
      endpoints: [{ endpointName: 'has spaces' }, 'nope', { endpointName: 'ok', format: 'xml', parameters: { maxTokens: -3, topP: 2 }, endpointUrl: 'file:///x' }],
      mockUrl: 'javascript:alert(1)',
      defaultEndpoint: 'missing',
    });
    expect(resolved.profiles.map((profile) => profile.id)).toEqual(['ok']);
    expect(resolved.profiles[0]).toMatchObject({ format: 'auto' });
    expect(resolved.profiles[0]?.parameters).toBeUndefined();
    expect(resolved.profiles[0]?.endpointUrl).toBeUndefined();
    expect(resolved.problems).toEqual([
      'sagestream.mockUrl must be an http(s) URL; using http://127.0.0.1:8080.',
      'sagestream.endpoints[0]: "endpointName" must be a SageMaker endpoint name (letters, digits, hyphens; up to 63); got "has spaces". Entry ignored.',
      'sagestream.endpoints[1] must be an object with at least "endpointName"; ignored.',
      'sagestream.endpoints[2]: "format" must be one of auto, lmi, lmi-legacy, tgi, messages; using auto.',
      'sagestream.endpoints[2]: "endpointUrl" must be an http(s) URL; ignored.',
      'sagestream.endpoints[2]: parameters.maxTokens must be a positive integer; ignored.',
      'sagestream.endpoints[2]: parameters.topP must be in (0, 1]; ignored.',
      'sagestream.defaultEndpoint "missing" matches no configured endpoint; using "ok".',
    ]);
  });

  it('makes duplicate labels unique instead of dropping an endpoint', () => {
    const resolved = resolveEndpoints({ endpoints: [{ endpointName: 'a', label: 'Same' }, { endpointName: 'b', label: 'Same' }] });
    expect(resolved.profiles.map((profile) => profile.id)).toEqual(['Same', 'Same (2)']);
  });

  it('lists the endpoints a running mock reports, with a format for each', () => {
    const resolved = resolveEndpoints({ useMock: true }, { mockEndpoints: [{ name: 'mock-tgi', profile: 'tgi' }, { name: 'custom-lmi', profile: 'lmi' }, { name: 'custom-tgi', profile: 'tgi' }] });
    expect(resolved.profiles.map((profile) => [profile.id, profile.format])).toEqual([
      ['mock-tgi', 'tgi'],
      ['custom-lmi', 'lmi'],
      ['custom-tgi', 'auto'],
    ]);
    expect(resolved.defaultId).toBe('mock-tgi');
  });

  it('routes with inferenceComponent (or the older inferenceComponentName) and targetVariant, validated as SageMaker names', () => {
    const resolved = resolveEndpoints({
      endpoints: [
        { endpointName: 'shared', label: 'IC', inferenceComponent: 'llama-ic', targetVariant: 'blue' },
        { endpointName: 'shared', label: 'Old key', inferenceComponentName: 'mistral-ic' },
        { endpointName: 'shared', label: 'Bad', inferenceComponent: 'no spaces!', targetVariant: '-x' },
      ],
    });
    const [ic, old, bad] = resolved.profiles;
    expect(toChatEndpoint(ic!)).toMatchObject({ endpointName: 'shared', inferenceComponentName: 'llama-ic', targetVariant: 'blue' });
    expect(toEndpointsState(resolved, 'IC').options[0]!.detail).toBe('shared · default region · component llama-ic · variant blue');
    expect(old!.inferenceComponentName).toBe('mistral-ic');
    expect(bad).not.toHaveProperty('inferenceComponentName');
    expect(bad).not.toHaveProperty('targetVariant');
    expect(resolved.problems).toEqual([
      'sagestream.endpoints[2]: "targetVariant" must be a SageMaker name (letters, digits, hyphens; up to 63); got "-x". Ignored.',
      'sagestream.endpoints[2]: "inferenceComponent" must be a SageMaker name (letters, digits, hyphens; up to 63); got "no spaces!". Ignored.',
    ]);
  });

  it('knows the formats of the 2026 mock endpoints, by name or by container profile', () => {
    const builtIn = resolveEndpoints({}).profiles.map((profile) => [profile.id, profile.format]);
    expect(builtIn).toEqual(expect.arrayContaining([['mock-lmi-async', 'messages'], ['mock-vllm', 'messages'], ['mock-sglang', 'messages']]));
    const listed = resolveEndpoints({ useMock: true }, { mockEndpoints: [{ name: 'my-vllm', profile: 'vllm' }, { name: 'my-sglang', profile: 'mock-sglang' }] });
    expect(listed.profiles.map((profile) => profile.format)).toEqual(['messages', 'messages']);
  });
});

import { inferFormat } from '@sagestream/core';
import { describe, expect, it } from 'vitest';
import { ENTER_NAME_LABEL, entryToKeepActive, toEndpointPickItems } from './endpoint-choices.js';
import { parseAwsProfiles, regionChoices } from './aws-config-profiles.js';

const legacy = inferFormat({ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118', environment: {} });
const vllm = inferFormat({ image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/vllm:0.14.0-gpu-py312-cu129-ubuntu22.04-sagemaker', environment: { SM_VLLM_MODEL: 'Qwen/Qwen3-8B' } });
const unknown = inferFormat({ image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/my-llm:1' });

describe('toEndpointPickItems', () => {
  it('shows model, instances and detected format, with the reason as detail, then "Enter a name…"', () => {
    const items = toEndpointPickItems([
      { name: 'falcon-announcement', status: 'InService', variants: [{ instanceType: 'ml.g5.2xlarge', instanceCount: 1 }], inference: legacy, inferenceComponents: [] },
      { name: 'shared', status: 'InService', variants: [{ instanceType: 'ml.g6.12xlarge', instanceCount: 2 }], inferenceComponents: [{ name: 'qwen', inference: vllm }] },
      { name: 'custom', status: 'InService', variants: [{ instanceType: 'ml.g5.xlarge', instanceCount: 1 }], inference: unknown, inferenceComponents: [] },
    ]);
    expect(items.map((item) => item.label)).toEqual(['falcon-announcement', 'shared / qwen', 'custom', ENTER_NAME_LABEL]);
    expect(items[0]).toMatchObject({ description: 'DeepSpeed on LMI 0.23.0 · ml.g5.2xlarge × 1 · format lmi-legacy', detail: expect.stringContaining('without OPTION_ROLLING_BATCH'), choice: { endpointName: 'falcon-announcement', format: 'lmi-legacy' } });
    expect(items[1]).toMatchObject({ description: 'Qwen/Qwen3-8B · ml.g6.12xlarge × 2 · format messages', choice: { endpointName: 'shared', inferenceComponentName: 'qwen', format: 'messages', template: 'chatml' } });
    // A guess is not remembered as a fact.
    expect(items[2]!.choice!.format).toBe('auto');
    expect(items[3]!.enterName).toBe(true);
  });
});

describe('parseAwsProfiles', () => {
  it('reads profile names, kinds and regions from config and credentials, never secrets', () => {
    const config = [
      '[default]',
      'region = us-east-1',
      '',
      '[profile dev]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'region=eu-west-1',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      '[profile deploy]',
      'role_arn = arn:aws:iam::111122223333:role/deploy',
      'source_profile = default',
      's3 =',
      '  max_concurrent_requests = 20',
      '# a comment',
      '[services local]',
      'sagemaker =',
      '  endpoint_url = http://127.0.0.1:8080',
    ].join('\n');
    const credentials = '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n';
    const profiles = parseAwsProfiles({ config, credentials });
    expect(profiles).toEqual([
      { name: 'default', kind: 'keys', region: 'us-east-1' },
      { name: 'ci', kind: 'keys' },
      { name: 'deploy', kind: 'role' },
      { name: 'dev', kind: 'sso', region: 'eu-west-1' },
    ]);
    expect(JSON.stringify(profiles)).not.toContain('secret');
    expect(regionChoices(profiles).slice(0, 3)).toEqual(['us-east-1', 'eu-west-1', 'us-east-2']);
  });

  it('survives empty and odd files', () => {
    expect(parseAwsProfiles({})).toEqual([]);
    expect(parseAwsProfiles({ config: 'garbage\n[profile]\n=x\n[profile  spaced ]\n' })).toEqual([{ name: 'spaced', kind: 'config' }]);
  });
});

describe('upsertEndpointSetting', () => {
  it('adds a new endpoint with its detected format, then updates it in place keeping the user\'s fields', async () => {
    const { upsertEndpointSetting } = await import('./upsert-endpoint-setting.js');
    const first = upsertEndpointSetting([{ endpointName: 'other' }], { endpointName: 'falcon', format: 'lmi-legacy', template: 'falcon' }, { region: 'us-west-2', profile: 'dev' });
    expect(first).toEqual({
      label: 'falcon',
      endpoints: [{ endpointName: 'other' }, { label: 'falcon', endpointName: 'falcon', region: 'us-west-2', profile: 'dev', format: 'lmi-legacy', template: 'falcon' }],
    });
    const edited = [...first.endpoints.slice(0, 1), { ...(first.endpoints[1] as object), label: 'My Falcon', systemPrompt: 'Be brief.' }];
    const second = upsertEndpointSetting(edited, { endpointName: 'falcon', format: 'lmi' }, { region: 'us-west-2', profile: 'dev' });
    expect(second.label).toBe('My Falcon');
    expect(second.endpoints).toEqual([{ endpointName: 'other' }, { label: 'My Falcon', endpointName: 'falcon', region: 'us-west-2', profile: 'dev', format: 'lmi', systemPrompt: 'Be brief.' }]);
    // Another region is another endpoint.
    expect(upsertEndpointSetting(second.endpoints, { endpointName: 'falcon', format: 'tgi' }, { region: 'eu-west-1' }).endpoints).toHaveLength(3);
    expect(upsertEndpointSetting('not a list', { endpointName: 'x', format: 'auto' }, {}).endpoints).toEqual([{ label: 'x', endpointName: 'x', format: 'auto' }]);
  });
});

describe('entryToKeepActive: the picker list replaced while the user moves through it', () => {
  const key = (entry: { endpoint?: string }) => entry.endpoint;
  const configured = [{ endpoint: 'a' }, { endpoint: 'b' }, { endpoint: undefined }];
  const discovered = [{ endpoint: 'c' }, { endpoint: 'b' }, { endpoint: 'a' }, { endpoint: undefined }];

  it('keeps the highlight on the same endpoint when the user had moved to it', () => {
    expect(entryToKeepActive({ before: configured, active: configured[1], after: discovered, key })).toBe(discovered[1]);
    expect(entryToKeepActive({ before: configured, active: configured[1], after: discovered.slice().reverse(), key })).toBe(discovered[1]);
  });

  it('leaves the new list its own first entry when the user had not moved, or the endpoint is gone', () => {
    expect(entryToKeepActive({ before: configured, active: configured[0], after: discovered, key })).toBeUndefined();
    expect(entryToKeepActive({ before: configured, active: undefined, after: discovered, key })).toBeUndefined();
    expect(entryToKeepActive({ before: configured, active: { endpoint: 'gone' }, after: discovered, key })).toBeUndefined();
    expect(entryToKeepActive({ before: configured, active: configured[2], after: discovered, key })).toBeUndefined();
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invokeStream, isSageStreamError } from '@sagestream/core';
import { createSageMakerTransport } from '@sagestream/core/client';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from './helpers.js';

let mock: MockServer;
let home: string;
const saved = { ...process.env };

beforeAll(async () => {
  mock = await startMock();
  // A private AWS config: an SSO profile whose cached token expired an hour ago.
  home = mkdtempSync(join(tmpdir(), 'sagestream-aws-'));
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(
    join(home, '.aws', 'config'),
    [
      '[profile sso-dev]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = Developer',
      'region = us-east-1',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
      '',
    ].join('\n'),
  );
  writeFileSync(join(home, '.aws', 'credentials'), '');
  const cacheKey = createHash('sha1').update('corp').digest('hex');
  writeFileSync(
    join(home, '.aws', 'sso', 'cache', `${cacheKey}.json`),
    JSON.stringify({ accessToken: 'expired-token', expiresAt: new Date(Date.now() - 3600_000).toISOString(), region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' }),
  );
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
});

afterAll(async () => {
  process.env = saved;
  rmSync(home, { recursive: true, force: true });
  await mock.close();
});

async function failureOf(options: Parameters<typeof createSageMakerTransport>[0]) {
  try {
    await invokeStream({ transport: createSageMakerTransport(options), request: { endpointName: 'mock-tgi', body: '{"inputs":"hi","stream":true}' } });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('credential resolution failures give the fix', () => {
  it('an expired SSO session says to run aws sso login for that profile', async () => {
    const error = await failureOf({ profile: 'sso-dev', endpointUrl: mock.url });
    expect(isSageStreamError(error) && error.code).toBe('credentials-expired');
    expect(isSageStreamError(error) && error.fix).toContain('aws sso login --profile sso-dev');
  });

  it('a profile that does not exist says how to configure one', async () => {
    const error = await failureOf({ profile: 'nope', endpointUrl: mock.url });
    expect(isSageStreamError(error) && error.code).toBe('credentials-missing');
    expect(isSageStreamError(error) && error.fix).toContain('aws configure --profile nope');
  });

  it('the mock works with no AWS credentials at all (loopback fallback), found through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', async () => {
    process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME = mock.url;
    const stream = await invokeStream({
      transport: createSageMakerTransport(),
      request: { endpointName: 'mock-tgi', body: JSON.stringify({ inputs: 'hi', parameters: { max_new_tokens: 5 }, stream: true }) },
    });
    let tokens = 0;
    for await (const part of stream) if (part.type === 'text-delta') tokens++;
    expect(tokens).toBe(5);
    expect(stream.metadata.contentType).toBe('text/event-stream');
  });
});

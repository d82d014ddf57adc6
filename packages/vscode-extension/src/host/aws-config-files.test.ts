import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsConfigPaths, readAwsProfiles } from './aws-config-files.js';

describe('readAwsProfiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sagestream-aws-'));
    await writeFile(path.join(dir, 'config'), '[profile dev]\nsso_session = corp\nregion = eu-west-1\n[default]\nregion = us-east-1\n');
    await writeFile(path.join(dir, 'creds'), '[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = do-not-show\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name', async () => {
    const env = { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'creds') };
    expect(awsConfigPaths(env)).toEqual({ config: env.AWS_CONFIG_FILE, credentials: env.AWS_SHARED_CREDENTIALS_FILE });
    const profiles = await readAwsProfiles(env);
    expect(profiles).toEqual([{ name: 'default', kind: 'config', region: 'us-east-1' }, { name: 'ci', kind: 'keys' }, { name: 'dev', kind: 'sso', region: 'eu-west-1' }]);
    expect(JSON.stringify(profiles)).not.toContain('do-not-show');
  });

  it('defaults to ~/.aws, and missing files mean no profiles', async () => {
    expect(awsConfigPaths({}).config).toBe(path.join(os.homedir(), '.aws', 'config'));
    expect(await readAwsProfiles({ AWS_CONFIG_FILE: path.join(dir, 'missing'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'missing-too') })).toEqual([]);
  });
});

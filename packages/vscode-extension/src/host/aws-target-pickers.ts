import * as vscode from 'vscode';
import { clearDiscoveryCache } from '@sagestream/core/client';
import { regionChoices } from '../chat/aws-config-profiles.js';
import { awsConfigPaths, readAwsProfiles } from './aws-config-files.js';
import { readAwsTarget, updateSetting } from './read-settings.js';

const DEFAULT_ITEM = '$(circle-slash) SDK default';

/** "SageStream: Select AWS Profile": the profiles of ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE honoured). */
export async function pickAwsProfile(env: Record<string, string | undefined> = process.env): Promise<void> {
  const profiles = await readAwsProfiles(env);
  const current = readAwsTarget().profile;
  const paths = awsConfigPaths(env);
  const picked = await vscode.window.showQuickPick(
    [
      { label: DEFAULT_ITEM, description: 'AWS_PROFILE, then the default credential chain', name: '' },
      ...profiles.map((profile) => ({ label: profile.name, description: [profile.kind, profile.region].filter(Boolean).join(' · '), name: profile.name, ...(profile.name === current ? { detail: '$(check) current' } : {}) })),
    ],
    { title: 'AWS profile for SageStream', placeHolder: profiles.length > 0 ? `Profiles of ${paths.config} and ${paths.credentials}` : `No profiles in ${paths.config} or ${paths.credentials}` },
  );
  if (!picked) return;
  await updateSetting('profile', picked.name === '' ? undefined : picked.name);
  clearDiscoveryCache();
}

/** "SageStream: Select AWS Region": the regions the profiles name, then SageMaker's regions. */
export async function pickAwsRegion(env: Record<string, string | undefined> = process.env): Promise<void> {
  const profiles = await readAwsProfiles(env);
  const current = readAwsTarget().region;
  const picked = await vscode.window.showQuickPick(
    [{ label: DEFAULT_ITEM, description: "AWS_REGION, then the profile's region", region: '' }, ...regionChoices(profiles).map((region) => ({ label: region, region, ...(region === current ? { description: '$(check) current' } : {}) }))],
    { title: 'AWS region for SageStream' },
  );
  if (!picked) return;
  await updateSetting('region', picked.region === '' ? undefined : picked.region);
  clearDiscoveryCache();
}

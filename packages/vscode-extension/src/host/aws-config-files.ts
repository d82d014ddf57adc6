import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAwsProfiles, type AwsProfileEntry } from '../chat/aws-config-profiles.js';

/** The shared config and credentials files, where the AWS SDKs look for them. */
export function awsConfigPaths(env: Record<string, string | undefined> = process.env): { config: string; credentials: string } {
  const home = os.homedir();
  return {
    config: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/** Largest file read (a shared config is a few kB; anything bigger is not one). */
const MAX_FILE_BYTES = 1024 * 1024;

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return text.length > MAX_FILE_BYTES ? text.slice(0, MAX_FILE_BYTES) : text;
  } catch {
    return undefined; // a missing file just has no profiles
  }
}

/** The profiles of the user's AWS config and credentials files (names, kinds, regions). */
export async function readAwsProfiles(env: Record<string, string | undefined> = process.env): Promise<AwsProfileEntry[]> {
  const paths = awsConfigPaths(env);
  const [config, credentials] = await Promise.all([readSmall(paths.config), readSmall(paths.credentials)]);
  return parseAwsProfiles({ ...(config !== undefined ? { config } : {}), ...(credentials !== undefined ? { credentials } : {}) });
}

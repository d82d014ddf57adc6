/** A profile found in the shared AWS config/credentials files (names and kinds only, never secrets). */
export interface AwsProfileEntry {
  name: string;
  region?: string;
  /** How it gets credentials, for the picker's description. */
  kind: 'sso' | 'role' | 'process' | 'keys' | 'config';
}

/** Regions where SageMaker real-time inference is available, for the region picker. */
export const SAGEMAKER_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-south-1', 'ap-south-2', 'ap-east-1', 'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
];

/** Sections of an INI file: `[name]` → its keys (lower-cased), comments and blank lines skipped. */
function parseSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    // Nested values (indented lines under `s3 =`) belong to the previous key: skip them.
    if (/^\s/.test(raw)) continue;
    const equals = line.indexOf('=');
    if (current && equals > 0) current.set(line.slice(0, equals).trim().toLowerCase(), line.slice(equals + 1).trim());
  }
  return sections;
}

/**
 * The profiles of `~/.aws/config` (`[default]`, `[profile NAME]`; `[sso-session …]` and
 * `[services …]` are not profiles) and `~/.aws/credentials` (`[NAME]`), merged by name, sorted
 * with `default` first.
 */
export function parseAwsProfiles(files: { config?: string; credentials?: string }): AwsProfileEntry[] {
  const profiles = new Map<string, AwsProfileEntry>();
  for (const [section, keys] of parseSections(files.config ?? '')) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (!name) continue;
    const kind: AwsProfileEntry['kind'] = keys.has('sso_session') || keys.has('sso_start_url') ? 'sso' : keys.has('role_arn') ? 'role' : keys.has('credential_process') ? 'process' : keys.has('aws_access_key_id') ? 'keys' : 'config';
    const region = keys.get('region');
    profiles.set(name, { name, kind, ...(region ? { region } : {}) });
  }
  for (const [section, keys] of parseSections(files.credentials ?? '')) {
    const name = section.trim();
    const existing = profiles.get(name);
    if (existing) {
      if (existing.kind === 'config' && keys.has('aws_access_key_id')) existing.kind = 'keys';
      continue;
    }
    const region = keys.get('region');
    profiles.set(name, { name, kind: keys.has('aws_access_key_id') ? 'keys' : keys.has('credential_process') ? 'process' : 'config', ...(region ? { region } : {}) });
  }
  return [...profiles.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** The regions to offer: those the profiles name first, then SageMaker's. */
export function regionChoices(profiles: readonly AwsProfileEntry[]): string[] {
  const named = profiles.map((profile) => profile.region).filter((region): region is string => Boolean(region));
  return [...new Set([...named, ...SAGEMAKER_REGIONS])];
}

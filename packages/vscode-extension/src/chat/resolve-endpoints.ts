import { PROMPT_TEMPLATE_NAMES, type GenerationParameters, type PromptTemplateName } from '@sagestream/core';
import { isSafeExternalUrl } from '../shared/link-policy.js';
import type { EndpointMode, EndpointsState } from '../shared/protocol.js';
import { PROFILE_FORMATS, toEndpointOption, type EndpointProfile, type ProfileFormat } from './endpoint-profile.js';
import { DEFAULT_MOCK_ENDPOINT, DEFAULT_MOCK_URL, mockProfiles, type MockEndpointSummary } from './mock-profiles.js';

/** The `sagestream.*` settings, as read (unvalidated: settings files can hold anything). */
export interface ChatSettings {
  endpoints?: unknown;
  defaultEndpoint?: unknown;
  mockUrl?: unknown;
  useMock?: unknown;
}

/** What the settings resolve to: the endpoints to offer, the mode and anything wrong. */
export interface ResolvedEndpoints {
  profiles: EndpointProfile[];
  mode: EndpointMode;
  /** The endpoint a new session starts with. */
  defaultId?: string;
  mockUrl: string;
  problems: string[];
}

/** SageMaker's EndpointName rule (TargetVariant follows the same one). */
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** SageMaker's InferenceComponentName rule. */
const INFERENCE_COMPONENT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

function namedString(item: Loose, key: string, pattern: RegExp, problems: string[], where: string): string | undefined {
  const value = optionalString(item, key, problems, where);
  if (value === undefined || pattern.test(value)) return value;
  problems.push(`${where}: "${key}" must be a SageMaker name (letters, digits, hyphens; up to 63); got ${JSON.stringify(value)}. Ignored.`);
  return undefined;
}

type Loose = Record<string, unknown>;

function optionalString(item: Loose, key: string, problems: string[], where: string): string | undefined {
  const value = item[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  problems.push(`${where}: "${key}" must be a string; ignored.`);
  return undefined;
}

function readParameters(value: unknown, problems: string[], where: string): GenerationParameters | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    problems.push(`${where}: "parameters" must be an object; ignored.`);
    return undefined;
  }
  const input = value as Loose;
  const parameters: GenerationParameters = {};
  const number = (key: 'maxTokens' | 'temperature' | 'topP' | 'seed', ok: (n: number) => boolean, expected: string): void => {
    const raw = input[key];
    if (raw === undefined) return;
    if (typeof raw === 'number' && Number.isFinite(raw) && ok(raw)) parameters[key] = raw;
    else problems.push(`${where}: parameters.${key} must be ${expected}; ignored.`);
  };
  number('maxTokens', (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  number('temperature', (n) => n >= 0 && n <= 100, 'between 0 and 100');
  number('topP', (n) => n > 0 && n <= 1, 'in (0, 1]');
  number('seed', Number.isInteger, 'an integer');
  if (input.stop !== undefined) {
    if (Array.isArray(input.stop) && input.stop.every((entry) => typeof entry === 'string' && entry !== '')) parameters.stop = input.stop as string[];
    else problems.push(`${where}: parameters.stop must be a list of non-empty strings; ignored.`);
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** Validates one `sagestream.endpoints` entry; undefined (with a problem) when unusable. */
function readEndpoint(value: unknown, index: number, problems: string[]): EndpointProfile | undefined {
  const where = `sagestream.endpoints[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${where} must be an object with at least "endpointName"; ignored.`);
    return undefined;
  }
  const item = value as Loose;
  const endpointName = typeof item.endpointName === 'string' ? item.endpointName.trim() : '';
  if (!ENDPOINT_NAME.test(endpointName)) {
    problems.push(`${where}: "endpointName" must be a SageMaker endpoint name (letters, digits, hyphens; up to 63); got ${JSON.stringify(item.endpointName) ?? 'nothing'}. Entry ignored.`);
    return undefined;
  }
  let format: ProfileFormat = 'auto';
  if (item.format !== undefined) {
    if (PROFILE_FORMATS.includes(item.format as ProfileFormat)) format = item.format as ProfileFormat;
    else problems.push(`${where}: "format" must be one of ${PROFILE_FORMATS.join(', ')}; using auto.`);
  }
  let template: PromptTemplateName | undefined;
  if (item.template !== undefined) {
    if (PROMPT_TEMPLATE_NAMES.includes(item.template as PromptTemplateName)) template = item.template as PromptTemplateName;
    else problems.push(`${where}: "template" must be one of ${PROMPT_TEMPLATE_NAMES.join(', ')}; using the default.`);
  }
  let endpointUrl = optionalString(item, 'endpointUrl', problems, where);
  if (endpointUrl !== undefined && !isSafeExternalUrl(endpointUrl)) {
    problems.push(`${where}: "endpointUrl" must be an http(s) URL; ignored.`);
    endpointUrl = undefined;
  }
  const label = optionalString(item, 'label', problems, where) ?? endpointName;
  const profile: EndpointProfile = { id: label, label, endpointName, source: 'aws', format };
  const region = optionalString(item, 'region', problems, where);
  const awsProfile = optionalString(item, 'profile', problems, where);
  const parameters = readParameters(item.parameters, problems, where);
  let maxInputTokens: number | undefined;
  if (item.maxInputTokens !== undefined) {
    if (typeof item.maxInputTokens === 'number' && Number.isInteger(item.maxInputTokens) && item.maxInputTokens > 0) maxInputTokens = item.maxInputTokens;
    else problems.push(`${where}: "maxInputTokens" must be a positive integer; ignored.`);
  }
  const optional = {
    region,
    profile: awsProfile,
    endpointUrl,
    template,
    parameters,
    maxInputTokens,
    systemPrompt: optionalString(item, 'systemPrompt', problems, where),
    customAttributes: optionalString(item, 'customAttributes', problems, where),
    targetVariant: namedString(item, 'targetVariant', ENDPOINT_NAME, problems, where),
    // `inferenceComponent` is the documented key; `inferenceComponentName` (the API's name) still works.
    inferenceComponentName:
      namedString(item, 'inferenceComponent', INFERENCE_COMPONENT_NAME, problems, where) ??
      namedString(item, 'inferenceComponentName', INFERENCE_COMPONENT_NAME, problems, where),
  };
  for (const [key, entry] of Object.entries(optional)) if (entry !== undefined) Object.assign(profile, { [key]: entry });
  return profile;
}

/**
 * Turns the settings into the endpoint list. With `useMock`, or with no endpoints configured, the
 * chat talks to the mock (default: its `mock-messages` endpoint) — so it works with `npm start`
 * and no AWS account.
 */
export function resolveEndpoints(settings: ChatSettings, options: { mockEndpoints?: readonly MockEndpointSummary[] } = {}): ResolvedEndpoints {
  const problems: string[] = [];
  let mockUrl = DEFAULT_MOCK_URL;
  if (typeof settings.mockUrl === 'string' && settings.mockUrl.trim() !== '') {
    if (isSafeExternalUrl(settings.mockUrl.trim())) mockUrl = settings.mockUrl.trim().replace(/\/+$/, '');
    else problems.push(`sagestream.mockUrl must be an http(s) URL; using ${DEFAULT_MOCK_URL}.`);
  }
  const configured: EndpointProfile[] = [];
  if (settings.endpoints !== undefined && !Array.isArray(settings.endpoints)) problems.push('sagestream.endpoints must be a list; ignored.');
  const entries = Array.isArray(settings.endpoints) ? settings.endpoints : [];
  entries.forEach((entry, index) => {
    const profile = readEndpoint(entry, index, problems);
    if (!profile) return;
    // Labels identify profiles: make duplicates unique rather than drop them.
    let id = profile.label;
    for (let n = 2; configured.some((other) => other.id === id); n++) id = `${profile.label} (${n})`;
    configured.push({ ...profile, id, label: id });
  });
  const mode: EndpointMode = settings.useMock === true || configured.length === 0 ? 'mock' : 'aws';
  const profiles = mode === 'mock' ? mockProfiles({ mockUrl, ...(options.mockEndpoints ? { endpoints: options.mockEndpoints } : {}) }) : configured;
  const wanted = typeof settings.defaultEndpoint === 'string' ? settings.defaultEndpoint.trim() : '';
  let defaultId: string | undefined;
  if (wanted !== '') {
    defaultId = profiles.find((profile) => profile.id === wanted)?.id ?? profiles.find((profile) => profile.endpointName === wanted)?.id;
    if (!defaultId && mode === 'aws') problems.push(`sagestream.defaultEndpoint "${wanted}" matches no configured endpoint; using "${profiles[0]?.label}".`);
  }
  defaultId ??= mode === 'mock' ? (profiles.find((profile) => profile.id === DEFAULT_MOCK_ENDPOINT) ?? profiles[0])?.id : profiles[0]?.id;
  return { profiles, mode, mockUrl, problems, ...(defaultId ? { defaultId } : {}) };
}

/** The picker state for a resolved list and the active endpoint. */
export function toEndpointsState(resolved: ResolvedEndpoints, activeId: string | undefined): EndpointsState {
  return {
    options: resolved.profiles.map(toEndpointOption),
    mode: resolved.mode,
    problems: resolved.problems,
    ...(activeId ? { activeId } : {}),
  };
}

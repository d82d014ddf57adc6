import type { EndpointChoice } from './endpoint-choices.js';

/** Where a chosen AWS endpoint lives. */
export interface AwsTarget {
  region?: string;
  profile?: string;
}

/**
 * Adds a chosen endpoint to the `sagestream.endpoints` list, or updates the entry for the same
 * endpoint (and inference component, region and profile): its detected format and template
 * replace the old ones, every other field the user wrote is kept. Returns the new list and the
 * entry's label (for `sagestream.defaultEndpoint`).
 */
export function upsertEndpointSetting(current: unknown, choice: EndpointChoice, target: AwsTarget): { endpoints: unknown[]; label: string } {
  const list: unknown[] = Array.isArray(current) ? [...current] : [];
  const same = (entry: unknown): entry is Record<string, unknown> => {
    if (typeof entry !== 'object' || entry === null) return false;
    const item = entry as Record<string, unknown>;
    return item.endpointName === choice.endpointName && (item.inferenceComponentName ?? undefined) === choice.inferenceComponentName && (item.region ?? undefined) === target.region && (item.profile ?? undefined) === target.profile;
  };
  const index = list.findIndex(same);
  const defaultLabel = choice.inferenceComponentName ? `${choice.endpointName} / ${choice.inferenceComponentName}` : choice.endpointName;
  const previous = index >= 0 ? (list[index] as Record<string, unknown>) : {};
  const label = typeof previous.label === 'string' && previous.label !== '' ? previous.label : defaultLabel;
  const { template: _oldTemplate, ...kept } = previous;
  const entry: Record<string, unknown> = {
    ...kept,
    label,
    endpointName: choice.endpointName,
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
    ...(choice.inferenceComponentName ? { inferenceComponentName: choice.inferenceComponentName } : {}),
    format: choice.format,
    ...(choice.template ? { template: choice.template } : {}),
  };
  if (index >= 0) list[index] = entry;
  else list.push(entry);
  return { endpoints: list, label };
}

import type { FormatInference } from '@sagestream/core';
import type { ProfileFormat } from './endpoint-profile.js';

/** An endpoint or inference component as discovery describes it (the fields the picker shows). */
export interface DiscoveredTarget {
  name: string;
  status: string;
  variants: { instanceType?: string; instanceCount?: number }[];
  inference?: FormatInference;
  inferenceComponents: { name: string; copies?: number; inference?: FormatInference }[];
}

/** What choosing a picker entry stores: the endpoint (or component) and its detected format. */
export interface EndpointChoice {
  endpointName: string;
  inferenceComponentName?: string;
  format: ProfileFormat;
  template?: string;
  /** Why this format, shown in the picker. */
  reason?: string;
}

/** One quick-pick entry: `label`, `description` (model · instances · format), `detail` (why). */
export interface EndpointPickItem {
  label: string;
  description: string;
  detail?: string;
  choice?: EndpointChoice;
  /** The "Enter a name…" entry. */
  enterName?: true;
}

/** The label of the entry that asks for an endpoint name. */
export const ENTER_NAME_LABEL = '$(edit) Enter a name…';

/** Formats the picker can store (a profile's `format`); anything else falls back to auto. */
const STORABLE: readonly ProfileFormat[] = ['lmi', 'lmi-legacy', 'tgi', 'messages'];

function storable(inference: FormatInference | undefined): ProfileFormat {
  // A guessed format is a probe, not a fact: store auto so that the next session probes again.
  if (!inference || inference.confidence !== 'image') return 'auto';
  return STORABLE.includes(inference.format as ProfileFormat) ? (inference.format as ProfileFormat) : 'auto';
}

function describe(inference: FormatInference | undefined, instances: string): string {
  const model = inference ? `${inference.modelId ?? inference.familyLabel}` : 'container unknown';
  return [model, instances, `format ${inference?.format ?? 'auto'}`].filter((part) => part !== '').join(' · ');
}

/**
 * Quick-pick entries for discovered endpoints: one per endpoint (or per inference component of
 * endpoints that host them), with the model, the instances and the detected format, and the reason
 * as detail; then "Enter a name…".
 */
export function toEndpointPickItems(targets: readonly DiscoveredTarget[]): EndpointPickItem[] {
  const items: EndpointPickItem[] = [];
  for (const target of targets) {
    const instances = target.variants.map((variant) => `${variant.instanceType ?? '?'} × ${variant.instanceCount ?? '?'}`).join(', ');
    if (target.inferenceComponents.length === 0) {
      const format = storable(target.inference);
      items.push({
        label: target.name,
        description: describe(target.inference, instances),
        ...(target.inference ? { detail: target.inference.reason } : {}),
        choice: { endpointName: target.name, format, ...(target.inference?.template ? { template: target.inference.template } : {}), ...(target.inference ? { reason: target.inference.reason } : {}) },
      });
      continue;
    }
    for (const component of target.inferenceComponents) {
      const format = storable(component.inference);
      items.push({
        label: `${target.name} / ${component.name}`,
        description: describe(component.inference, instances),
        ...(component.inference ? { detail: component.inference.reason } : {}),
        choice: {
          endpointName: target.name,
          inferenceComponentName: component.name,
          format,
          ...(component.inference?.template ? { template: component.inference.template } : {}),
          ...(component.inference ? { reason: component.inference.reason } : {}),
        },
      });
    }
  }
  items.push({ label: ENTER_NAME_LABEL, description: 'an endpoint this list does not show', enterName: true });
  return items;
}

/**
 * The entry to keep highlighted when the picker's list is replaced (discovery answered while the
 * user was already moving through the configured endpoints): the entry in `after` for the same
 * endpoint as the highlighted one, if the user had moved off the first entry. Undefined leaves the
 * highlight where the new list puts it (the first entry): replacing the list must not move the
 * highlight to another endpoint under a user who is about to press Enter.
 */
export function entryToKeepActive<T>(options: { before: readonly T[]; active: T | undefined; after: readonly T[]; key: (entry: T) => string | undefined }): T | undefined {
  const { before, active, after, key } = options;
  if (active === undefined || active === before[0]) return undefined;
  const wanted = key(active);
  if (wanted === undefined) return undefined;
  return after.find((entry) => key(entry) === wanted);
}

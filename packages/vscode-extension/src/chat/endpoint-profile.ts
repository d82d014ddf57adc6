import type { ChatEndpoint, GenerationParameters, PromptTemplateName } from '@sagestream/core';
import type { EndpointOption } from '../shared/protocol.js';

/** The container formats a profile may name (`auto` detects the reply format). */
export type ProfileFormat = 'auto' | 'lmi' | 'lmi-legacy' | 'tgi' | 'messages';

/** Every {@link ProfileFormat}. */
export const PROFILE_FORMATS: readonly ProfileFormat[] = ['auto', 'lmi', 'lmi-legacy', 'tgi', 'messages'];

/** One endpoint the chat can talk to: where it is, how to reach it, and how to prompt it. */
export interface EndpointProfile {
  /** Unique within the list: the label. */
  id: string;
  label: string;
  endpointName: string;
  /** `mock`: the local mock at `endpointUrl`; `aws`: SageMaker (or an explicit endpoint URL). */
  source: 'mock' | 'aws';
  region?: string;
  /** AWS profile name (a name, never a credential). */
  profile?: string;
  endpointUrl?: string;
  format: ProfileFormat;
  template?: PromptTemplateName;
  parameters?: GenerationParameters;
  /** The model's input limit in tokens (its context window less the reply), for VS Code's chat models. */
  maxInputTokens?: number;
  systemPrompt?: string;
  customAttributes?: string;
  /** `X-Amzn-SageMaker-Target-Variant`: the production variant to invoke. */
  targetVariant?: string;
  /** `X-Amzn-SageMaker-Inference-Component` (setting key `inferenceComponent`). */
  inferenceComponentName?: string;
}

/** The endpoint as core's `streamChat` wants it. */
export function toChatEndpoint(profile: EndpointProfile): ChatEndpoint {
  return {
    endpointName: profile.endpointName,
    format: profile.format,
    ...(profile.template ? { template: profile.template } : {}),
    ...(profile.parameters ? { parameters: profile.parameters } : {}),
    ...(profile.systemPrompt ? { systemPrompt: profile.systemPrompt } : {}),
    ...(profile.customAttributes ? { customAttributes: profile.customAttributes } : {}),
    ...(profile.targetVariant ? { targetVariant: profile.targetVariant } : {}),
    ...(profile.inferenceComponentName ? { inferenceComponentName: profile.inferenceComponentName } : {}),
  };
}

/** The picker entry for a profile: label and a one-line detail, without anything secret. */
export function toEndpointOption(profile: EndpointProfile): EndpointOption {
  const where =
    profile.source === 'mock'
      ? 'local mock'
      : [profile.endpointUrl ?? profile.region ?? 'default region', profile.profile ? `profile ${profile.profile}` : undefined].filter(Boolean).join(' · ');
  const routing = [profile.inferenceComponentName ? `component ${profile.inferenceComponentName}` : undefined, profile.targetVariant ? `variant ${profile.targetVariant}` : undefined].filter(Boolean).join(' · ');
  const base = profile.label === profile.endpointName ? where : `${profile.endpointName} · ${where}`;
  const detail = routing ? `${base} · ${routing}` : base;
  return { id: profile.id, label: profile.label, detail };
}

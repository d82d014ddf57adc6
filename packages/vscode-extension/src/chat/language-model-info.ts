import type { EndpointProfile } from './endpoint-profile.js';
import type { ResolvedEndpoints } from './resolve-endpoints.js';

/**
 * Input limit when neither the settings nor the container say otherwise: 4,096 tokens is the
 * smallest context the supported containers ship with by default (TGI's `max_total_tokens`,
 * Llama 3.1 8B on the mock); a larger one can be set per endpoint with `maxInputTokens`.
 */
export const DEFAULT_MAX_INPUT_TOKENS = 4096;
/** Output limit without `parameters.maxTokens`: what the panel's LMI profiles ask for. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

/** One SageMaker endpoint as a VS Code chat model (the shape of `LanguageModelChatInformation`). */
export interface LanguageModelInfo {
  /** The profile's id: unique within the list. */
  id: string;
  /** `<endpoint> (SageMaker)`. */
  name: string;
  family: string;
  version: string;
  tooltip: string;
  detail: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean; imageInput: boolean };
}

/**
 * The model for one endpoint profile. Tool calling stays off: core's request bodies carry text
 * messages only (no tool definitions or tool results), so no request can offer the model a tool —
 * tool calls an endpoint streams on its own still come through as tool-call parts. No image input.
 */
export function toLanguageModelInfo(profile: EndpointProfile): LanguageModelInfo {
  const maxInputTokens = profile.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS;
  const maxOutputTokens = profile.parameters?.maxTokens ?? Math.min(DEFAULT_MAX_OUTPUT_TOKENS, maxInputTokens);
  const where = profile.source === 'mock' ? `the local mock at ${profile.endpointUrl ?? 'its default URL'}` : (profile.region ?? 'the default region');
  const routing = profile.inferenceComponentName ? ` · component ${profile.inferenceComponentName}` : profile.targetVariant ? ` · variant ${profile.targetVariant}` : '';
  return {
    id: profile.id,
    name: `${profile.label} (SageMaker)`,
    family: profile.format === 'auto' ? 'sagemaker' : `sagemaker-${profile.format}`,
    version: profile.inferenceComponentName ?? profile.targetVariant ?? profile.endpointName,
    tooltip: `SageMaker endpoint ${profile.endpointName} on ${where} (${profile.format === 'auto' ? 'format detected from the reply' : `${profile.format} format`})`,
    detail: `${profile.source === 'mock' ? 'local mock' : 'SageMaker'}${routing}`,
    maxInputTokens,
    maxOutputTokens,
    capabilities: { toolCalling: false, imageInput: false },
  };
}

/** Every endpoint the settings resolve to (the panel's list), as chat models. */
export function toLanguageModelInfos(resolved: ResolvedEndpoints): LanguageModelInfo[] {
  return resolved.profiles.map(toLanguageModelInfo);
}

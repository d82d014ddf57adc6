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
 * Whether requests to an endpoint can offer tools: only Messages API bodies carry `tools`, tool
 * calls and tool results, and the containers that take them (vLLM, SGLang, LMI async, TGI ≥ 2.0)
 * stream the calls back. `auto` also sends a Messages API body but may reach a container without
 * tool support, so it does not claim it; `inputs`-style formats have no tool calling at all.
 */
export function supportsToolCalling(profile: EndpointProfile): boolean {
  return profile.format === 'messages';
}

/** The model for one endpoint profile: text in and out, tools where the format carries them, no images. */
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
    capabilities: { toolCalling: supportsToolCalling(profile), imageInput: false },
  };
}

/** Every endpoint the settings resolve to (the panel's list), as chat models. */
export function toLanguageModelInfos(resolved: ResolvedEndpoints): LanguageModelInfo[] {
  return resolved.profiles.map(toLanguageModelInfo);
}

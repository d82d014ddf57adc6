import type { EndpointProfile, ProfileFormat } from './endpoint-profile.js';

/** The mock's built-in endpoints and the request format each one expects. */
export const MOCK_ENDPOINT_FORMATS: Readonly<Record<string, ProfileFormat>> = {
  'mock-messages': 'messages',
  'mock-tgi': 'tgi',
  'mock-lmi': 'lmi',
  'mock-lmi-legacy': 'lmi-legacy',
  'mock-lmi-sse': 'lmi',
  'mock-lmi-chat': 'messages',
  // 2026 containers: LMI async (v17+) answers a Messages API body with chat.completion.chunk
  // JSON Lines; the vLLM DLC and SGLang answer it with raw OpenAI SSE.
  'mock-lmi-async': 'messages',
  'mock-vllm': 'messages',
  'mock-sglang': 'messages',
  'mock-vllm-reasoning-legacy': 'messages',
  // Two production variants (80/20) of an LMI async container.
  'mock-ab': 'messages',
};

/** Built-in mock endpoints that host inference components: one chat profile per component. */
const MOCK_INFERENCE_COMPONENTS: Readonly<Record<string, readonly { name: string; profile: string }[]>> = {
  'mock-ic': [
    { name: 'ic-llama', profile: 'lmi-async' },
    { name: 'ic-qwen', profile: 'vllm' },
  ],
};

/** The endpoint the chat uses with no settings at all. */
export const DEFAULT_MOCK_ENDPOINT = 'mock-messages';

/** Where `npm start` serves the mock. */
export const DEFAULT_MOCK_URL = 'http://127.0.0.1:8080';

/** Formats for the mock's container profiles, for endpoints this table does not know. */
const FORMAT_BY_MOCK_PROFILE: Readonly<Record<string, ProfileFormat>> = {
  lmi: 'lmi',
  'lmi-sse': 'lmi',
  'lmi-legacy': 'lmi-legacy',
  tgi: 'auto',
  // The 2026 container profiles (named with or without the mock- prefix).
  'lmi-async': 'messages',
  vllm: 'messages',
  sglang: 'messages',
  'vllm-legacy': 'messages',
  'mock-lmi-async': 'messages',
  'mock-vllm': 'messages',
  'mock-sglang': 'messages',
};

/** A mock endpoint as `GET /_mock/endpoints` lists it (only the fields used here). */
export interface MockEndpointSummary {
  name: string;
  profile?: string;
  /** Components the endpoint hosts; a request must name one (InferenceComponentName). */
  inferenceComponents?: readonly { name: string; profile?: string }[];
}

/** Max tokens per format: LMI's own default is 30 tokens, so LMI endpoints get an explicit limit. */
const MAX_TOKENS: Partial<Record<ProfileFormat, number>> = { lmi: 1024, 'lmi-legacy': 512 }; // Falcon-era window: 2,048

/**
 * Profiles for endpoints of the mock at `mockUrl`: the built-in ones by default, or those a running
 * mock lists. TGI and Messages API endpoints generate until the reply ends (or their context
 * window is full), as the real containers do without `max_tokens`.
 */
export function mockProfiles(options: { mockUrl: string; endpoints?: readonly MockEndpointSummary[] }): EndpointProfile[] {
  const endpoints: readonly MockEndpointSummary[] =
    options.endpoints ?? [...Object.keys(MOCK_ENDPOINT_FORMATS), ...Object.keys(MOCK_INFERENCE_COMPONENTS)].map((name) => ({ name, inferenceComponents: MOCK_INFERENCE_COMPONENTS[name] ?? [] }));
  return endpoints.flatMap(({ name, profile, inferenceComponents = [] }) => {
    const base = { endpointName: name, source: 'mock' as const, endpointUrl: options.mockUrl };
    if (inferenceComponents.length > 0) {
      return inferenceComponents.map((component) => {
        const format = (component.profile ? FORMAT_BY_MOCK_PROFILE[component.profile] : undefined) ?? 'auto';
        const maxTokens = MAX_TOKENS[format];
        return { ...base, id: `${name}/${component.name}`, label: `${name} · ${component.name}`, inferenceComponentName: component.name, format, ...(maxTokens ? { parameters: { maxTokens } } : {}) };
      });
    }
    const format = MOCK_ENDPOINT_FORMATS[name] ?? (profile ? FORMAT_BY_MOCK_PROFILE[profile] : undefined) ?? 'auto';
    const maxTokens = MAX_TOKENS[format];
    return [{ ...base, id: name, label: name, format, ...(maxTokens ? { parameters: { maxTokens } } : {}) }];
  });
}

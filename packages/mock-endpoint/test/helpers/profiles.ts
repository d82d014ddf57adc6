import type { MockConfigInput } from '../../src/index.js';
import type { OutputFormat } from './container-formats.js';

/** A fixed `created`, so chat chunks are byte-identical across requests. */
export const FIXED_CREATED = 1_741_373_593;

/** Asks for the Japanese corpus answer: CJK and emoji, so random chunking splits UTF-8. */
export const PROMPT = 'Say something in Japanese, please';

/** One request per container format, with the content type the container must announce. */
export const PROFILE_CASES: readonly { endpoint: string; format: OutputFormat; contentType: string; body: Record<string, unknown> }[] = [
  { endpoint: 'mock-lmi', format: 'lmi', contentType: 'application/jsonlines', body: { inputs: PROMPT, parameters: { max_new_tokens: 80, details: true } } },
  { endpoint: 'mock-lmi-legacy', format: 'lmi-legacy', contentType: 'application/jsonlines', body: { inputs: PROMPT, parameters: { max_new_tokens: 80 } } },
  { endpoint: 'mock-lmi-sse', format: 'lmi-sse', contentType: 'text/event-stream', body: { inputs: PROMPT, parameters: { max_new_tokens: 80 } } },
  { endpoint: 'mock-lmi-chat', format: 'lmi-chat', contentType: 'application/jsonlines', body: { messages: [{ role: 'user', content: PROMPT }], max_tokens: 80, stream: true } },
  { endpoint: 'mock-tgi', format: 'tgi', contentType: 'text/event-stream', body: { inputs: PROMPT, parameters: { max_new_tokens: 80, details: true }, stream: true } },
  {
    endpoint: 'mock-messages',
    format: 'tgi-chat',
    contentType: 'text/event-stream',
    body: { messages: [{ role: 'user', content: PROMPT }], max_tokens: 80, stream: true, stream_options: { include_usage: true } },
  },
];

/** The default endpoints with no delays and a fixed `created`. */
export function fastConfig(overrides: MockConfigInput = {}): MockConfigInput {
  const endpoints = Object.fromEntries(PROFILE_CASES.map((profile) => [profile.endpoint, { model: { created: FIXED_CREATED } }]));
  return { latencyScale: 0, ...overrides, endpoints: { ...endpoints, ...overrides.endpoints } };
}

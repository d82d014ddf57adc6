import type { MockConfigInput } from '../../src/index.js';
import type { CurrentFormat } from './current-formats.js';
import { FIXED_CREATED, PROMPT } from './profiles.js';

/** A tool with a schema, as OpenAI clients send it. */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a place',
    parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] },
  },
};

const CHAT = [{ role: 'user', content: PROMPT }];

/** One request per current-container format; `content: true` when the reply text is expected. */
export const CURRENT_CASES: readonly { name: string; endpoint: string; format: CurrentFormat; contentType: string; body: Record<string, unknown> }[] = [
  { name: 'vLLM chat, reasoning + usage', endpoint: 'mock-vllm', format: 'vllm-chat', contentType: 'text/event-stream; charset=utf-8', body: { messages: CHAT, max_tokens: 200, stream: true, stream_options: { include_usage: true } } },
  {
    name: 'vLLM tool call',
    endpoint: 'mock-vllm',
    format: 'vllm-chat',
    contentType: 'text/event-stream; charset=utf-8',
    body: { messages: [{ role: 'user', content: 'What is the weather like in Kyoto today?' }], tools: [WEATHER_TOOL], stream: true, chat_template_kwargs: { enable_thinking: false } },
  },
  { name: 'vLLM completion', endpoint: 'mock-vllm', format: 'vllm-completion', contentType: 'text/event-stream; charset=utf-8', body: { prompt: PROMPT, max_tokens: 80, stream: true } },
  { name: 'vLLM legacy reasoning_content', endpoint: 'mock-vllm-reasoning-legacy', format: 'vllm-legacy-chat', contentType: 'text/event-stream; charset=utf-8', body: { messages: CHAT, max_tokens: 200, stream: true } },
  { name: 'SGLang chat + usage', endpoint: 'mock-sglang', format: 'sglang-chat', contentType: 'text/event-stream; charset=utf-8', body: { messages: CHAT, max_tokens: 80, stream: true, stream_options: { include_usage: true } } },
  { name: 'LMI async chat', endpoint: 'mock-lmi-async', format: 'lmi-async-chat', contentType: 'application/jsonlines', body: { messages: CHAT, max_tokens: 80, stream: true, stream_options: { include_usage: true } } },
  { name: 'LMI async completion', endpoint: 'mock-lmi-async', format: 'lmi-async-completion', contentType: 'application/jsonlines', body: { prompt: PROMPT, max_tokens: 80, stream: true } },
  { name: 'LMI async TGI-style inputs', endpoint: 'mock-lmi-async', format: 'lmi-async-tgi', contentType: 'application/jsonlines', body: { inputs: PROMPT, parameters: { max_new_tokens: 80, details: true }, stream: true } },
];

/** The current endpoints with no delays and a fixed `created` (byte-identical across requests). */
export function currentConfig(overrides: MockConfigInput = {}): MockConfigInput {
  const endpoints = Object.fromEntries(['mock-vllm', 'mock-vllm-reasoning-legacy', 'mock-sglang', 'mock-lmi-async'].map((name) => [name, { model: { created: FIXED_CREATED } }]));
  return { latencyScale: 0, ...overrides, endpoints: { ...endpoints, ...overrides.endpoints } };
}

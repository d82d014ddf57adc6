import { SageStreamError } from '../errors.js';
import type { ContainerFormat } from '../formats/token-part.js';
import type { ChatMessage, ChatTool, ChatToolChoice, GenerationParameters } from './chat-message.js';
import { getPromptTemplate, type PromptTemplateName } from './prompt-templates.js';

/** Options of {@link buildRequestBody}. */
export interface RequestBodyOptions {
  messages: readonly ChatMessage[];
  /** The container format; `auto` sends a Messages API body (TGI ≥ 1.4, LMI ≥ 0.27 and vLLM accept it). */
  format: ContainerFormat | 'auto';
  /** For `inputs`-style formats (default `llama3`... see {@link defaultTemplateFor}). */
  template?: PromptTemplateName;
  parameters?: GenerationParameters;
  /**
   * Ask for the usage chunk (`stream_options: {include_usage: true}`) in Messages API bodies
   * (default true). vLLM, SGLang, LMI async (which forwards to vLLM) and TGI ≥ 2.3 send it; LMI's
   * rolling-batch chat and older TGI ignore the unknown field. Set false for a server that rejects it.
   */
  includeUsage?: boolean;
  /**
   * Tools the model may call, sent as `tools` in Messages API bodies (vLLM, SGLang, LMI async, TGI
   * ≥ 2.0 stream the calls back); `inputs`-style formats have no tool calling and reject them.
   */
  tools?: readonly ChatTool[];
  /** `tool_choice` with `tools` (default: the server's, `auto`). */
  toolChoice?: ChatToolChoice;
}

/** A request ready to send: the JSON body, its content type, and the stop strings to enforce client-side. */
export interface ChatRequest {
  body: string;
  contentType: 'application/json';
  /** Stop sequences of the parameters plus those of the prompt template. */
  stop: string[];
  /** The rendered prompt, for `inputs`-style bodies. */
  prompt?: string;
}

/** The template used when none is configured: Falcon for LMI legacy (as in the announcement), else Llama 3. */
export function defaultTemplateFor(format: ContainerFormat | 'auto'): PromptTemplateName {
  return format === 'lmi-legacy' ? 'falcon' : 'llama3';
}

/**
 * Builds the request body the endpoint's container expects:
 * - `messages` / `auto`: `{"messages", "max_tokens", "temperature", "top_p", "stop", "stream": true,
 *   "stream_options": {"include_usage": true}}`;
 * - `tgi`, `lmi`, `lmi-legacy`: `{"inputs": <templated prompt>, "parameters": {"max_new_tokens", …}}`,
 *   with `"stream": true` where the container decides streaming from the body (TGI, LMI).
 */
export function buildRequestBody(options: RequestBodyOptions): ChatRequest {
  const parameters = options.parameters ?? {};
  validateParameters(parameters);
  const stop = [...(parameters.stop ?? [])];
  const greedy = parameters.temperature !== undefined && parameters.temperature <= 0;
  if (options.format === 'messages' || options.format === 'auto' || options.format === 'raw') {
    const body: Record<string, unknown> = { messages: options.messages.map(toMessagesApiMessage) };
    if (options.tools && options.tools.length > 0) {
      body.tools = options.tools.map(({ name, description, parameters: schema }) => ({
        type: 'function',
        function: { name, ...(description ? { description } : {}), parameters: schema ?? { type: 'object', properties: {} } },
      }));
      if (options.toolChoice) body.tool_choice = options.toolChoice;
    }
    if (parameters.maxTokens !== undefined) body.max_tokens = parameters.maxTokens;
    if (parameters.temperature !== undefined) body.temperature = Math.max(0, parameters.temperature);
    if (parameters.topP !== undefined) body.top_p = parameters.topP;
    if (stop.length > 0) body.stop = stop;
    if (parameters.seed !== undefined) body.seed = parameters.seed;
    body.stream = true;
    if (options.includeUsage ?? true) body.stream_options = { include_usage: true };
    return { body: JSON.stringify(body), contentType: 'application/json', stop };
  }
  if (options.tools && options.tools.length > 0) {
    throw new SageStreamError('invalid-argument', `The ${options.format} format cannot carry tools: only Messages API bodies can.`, {
      expected: 'format "messages" (or "auto") with tools',
      actual: options.format,
      fix: 'Send tools only to endpoints in the Messages API format, or leave them out.',
    });
  }
  const template = getPromptTemplate(options.template ?? defaultTemplateFor(options.format));
  for (const sequence of template.stop) if (!stop.includes(sequence)) stop.push(sequence);
  const prompt = template.render(options.messages);
  const generation: Record<string, unknown> = {};
  if (parameters.maxTokens !== undefined) generation.max_new_tokens = parameters.maxTokens;
  // TGI rejects temperature 0 ("must be strictly positive"): greedy is do_sample=false instead.
  if (greedy) generation.do_sample = false;
  else if (parameters.temperature !== undefined) generation.temperature = parameters.temperature;
  if (parameters.topP !== undefined && !greedy) generation.top_p = parameters.topP;
  if (stop.length > 0) generation.stop = stop;
  if (parameters.seed !== undefined) generation.seed = parameters.seed;
  if (options.format !== 'lmi-legacy') {
    generation.details = true;
    generation.return_full_text = false;
  }
  const body: Record<string, unknown> = { inputs: prompt, parameters: generation };
  if (options.format !== 'lmi-legacy') body.stream = true;
  return { body: JSON.stringify(body), contentType: 'application/json', stop, prompt };
}

/** One message as the Messages API wants it: tool calls on assistant turns, tool results as `tool` messages. */
function toMessagesApiMessage(message: ChatMessage): Record<string, unknown> {
  if (message.toolCallId !== undefined) return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: message.content === '' ? null : message.content,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }
  return { role: message.role, content: message.content };
}

function validateParameters(parameters: GenerationParameters): void {
  const check = (name: string, value: number | undefined, ok: (value: number) => boolean, expected: string): void => {
    if (value !== undefined && (!Number.isFinite(value) || !ok(value))) {
      throw new SageStreamError('invalid-argument', `${name} must be ${expected}, got ${value}.`, { expected, actual: String(value) });
    }
  };
  check('maxTokens', parameters.maxTokens, (value) => Number.isInteger(value) && value > 0, 'a positive integer');
  check('temperature', parameters.temperature, (value) => value >= 0 && value <= 100, 'between 0 and 100');
  check('topP', parameters.topP, (value) => value > 0 && value <= 1, 'in (0, 1]');
  if (parameters.stop?.some((sequence) => sequence === '')) {
    throw new SageStreamError('invalid-argument', 'Stop sequences must not be empty.', { expected: 'non-empty strings' });
  }
}

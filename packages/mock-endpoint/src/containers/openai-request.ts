import { asCount, asStringList, isObject, messageText } from './request-body.js';

/** A function tool the request offers (`tools: [{ type: "function", function: { name, parameters } }]`). */
export interface ToolSpec {
  name: string;
  /** Its JSON Schema, when given. */
  parameters: Record<string, unknown> | undefined;
}

/** What the OpenAI-style servers (vLLM, SGLang) read from a chat or completion body. */
export interface OpenAiRequest {
  kind: 'chat' | 'completion';
  /** Chat: the messages' texts (for prompt length); completion: the prompt alone. */
  messages: { role: string; content: string }[];
  /** The text the reply is chosen for: the last user message, or the prompt. */
  prompt: string;
  /** `max_completion_tokens` ?? `max_tokens`; undefined when unset. */
  maxTokens: number | undefined;
  stop: string[];
  stream: boolean;
  includeUsage: boolean;
  /** `stream_options.continuous_usage_stats`: usage on every chunk (vLLM). */
  continuousUsage: boolean;
  /** `tools` when tool calling is on (`tool_choice` not `none`). */
  tools: ToolSpec[];
  /** A named tool_choice, which forces that tool. */
  forcedTool: string | undefined;
  /** `chat_template_kwargs.enable_thinking` (Qwen3 style); undefined when not sent. */
  thinking: boolean | undefined;
  /** `model` of the body, when a string. */
  model: string | undefined;
  /** Completion `echo` (TGI's `return_full_text` in LMI's conversion). */
  echo: boolean;
}

/** A body the server rejects, with the reason in its words. */
export interface OpenAiRequestError {
  error: string;
}

function parseTools(value: unknown): ToolSpec[] | OpenAiRequestError {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return { error: 'tools: Input should be a valid list' };
  const tools: ToolSpec[] = [];
  for (const [index, tool] of value.entries()) {
    const fn = isObject(tool) ? tool.function : undefined;
    if (!isObject(fn) || typeof fn.name !== 'string' || fn.name === '') return { error: `tools.${index}.function.name: Field required` };
    tools.push({ name: fn.name, parameters: isObject(fn.parameters) ? fn.parameters : undefined });
  }
  return tools;
}

/**
 * Reads a chat (`messages`) or completion (`prompt`) body as vLLM's pydantic request models do,
 * keeping what changes the output: limits, stop strings, streaming, usage, tools and thinking.
 */
export function parseOpenAiRequest(body: Record<string, unknown>): OpenAiRequest | OpenAiRequestError {
  const chat = 'messages' in body;
  if (!chat && !('prompt' in body)) return { error: 'Either "messages" (chat) or "prompt" (completion) is required' };
  let messages: { role: string; content: string }[];
  let prompt: string;
  if (chat) {
    const raw = body.messages;
    if (!Array.isArray(raw) || raw.length === 0) return { error: 'messages: List should have at least 1 item after validation' };
    messages = [];
    for (const [index, message] of raw.entries()) {
      const content = isObject(message) ? messageText(message.content ?? '') : undefined;
      if (!isObject(message) || typeof message.role !== 'string' || content === undefined) return { error: `messages.${index}: each message needs a "role" and a text "content"` };
      messages.push({ role: message.role, content });
    }
    prompt = [...messages].reverse().find((message) => message.role === 'user')?.content ?? messages[messages.length - 1]!.content;
  } else {
    if (typeof body.prompt !== 'string' || body.prompt === '') return { error: 'Either prompt or prompt_embeds must be provided and non-empty.' };
    prompt = body.prompt;
    messages = [{ role: 'user', content: prompt }];
  }
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (limit !== undefined && limit !== null && !(asCount(limit)! >= 1)) return { error: `max_tokens must be at least 1, got ${JSON.stringify(limit)}.` };
  const stop = typeof body.stop === 'string' ? [body.stop] : body.stop === undefined || body.stop === null ? [] : asStringList(body.stop);
  if (stop === undefined) return { error: 'stop: Input should be a valid string or list of strings' };
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') return { error: 'stream: Input should be a valid boolean' };
  const stream = body.stream === true;
  const options = body.stream_options;
  if (options !== undefined && options !== null && !stream) return { error: 'Stream options can only be defined when `stream=True`.' };
  // StreamOptions.include_usage defaults to true once stream_options is sent at all.
  const includeUsage = isObject(options) && options.include_usage !== false;
  const tools = chat ? parseTools(body.tools) : [];
  if ('error' in tools) return tools;
  const choice = body.tool_choice;
  const forcedTool = isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string' ? choice.function.name : undefined;
  if (forcedTool !== undefined && !tools.some((tool) => tool.name === forcedTool)) return { error: `Tool '${forcedTool}' has not been passed in \`tools\`.` };
  const kwargs = body.chat_template_kwargs;
  const thinking = isObject(kwargs) && typeof kwargs.enable_thinking === 'boolean' ? kwargs.enable_thinking : undefined;
  return {
    kind: chat ? 'chat' : 'completion',
    messages,
    prompt,
    maxTokens: limit === undefined || limit === null ? undefined : (limit as number),
    stop,
    stream,
    includeUsage,
    continuousUsage: includeUsage && isObject(options) && options.continuous_usage_stats === true,
    tools: choice === 'none' ? [] : tools,
    forcedTool,
    thinking,
    model: typeof body.model === 'string' ? body.model : undefined,
    echo: body.echo === true,
  };
}

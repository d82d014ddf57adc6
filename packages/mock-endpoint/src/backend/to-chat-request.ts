/** The OpenAI-compatible request the mock sends upstream. */
export interface ChatCompletionRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream: true;
  max_tokens?: number;
  stop?: string[];
  temperature?: number;
  top_p?: number;
  seed?: number;
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  // OpenAI content parts: keep the text ones.
  if (Array.isArray(content)) return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
  return undefined;
}

/**
 * Turns a container request body into a chat completion request: `messages` are kept (text
 * content only), `inputs` becomes one user message; `max_new_tokens`/`max_tokens`, `stop`,
 * `temperature`, `top_p` and `seed` are carried over. Null when the body is not a JSON object
 * with `inputs` or `messages` (the container then answers with its own rejection).
 */
export function toChatRequest(options: { body: Uint8Array; model: string }): ChatCompletionRequest | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(options.body));
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const parameters = isObject(parsed.parameters) ? parsed.parameters : {};
  let messages: ChatCompletionRequest['messages'];
  if (Array.isArray(parsed.messages)) {
    messages = parsed.messages.flatMap((message) => {
      if (!isObject(message) || typeof message.role !== 'string') return [];
      const content = textOf(message.content);
      return content === undefined ? [] : [{ role: message.role, content }];
    });
  } else if (typeof parsed.inputs === 'string') {
    messages = [{ role: 'user', content: parsed.inputs }];
  } else {
    return null;
  }
  const request: ChatCompletionRequest = { model: options.model, messages, stream: true };
  const maxTokens = finite(parsed.max_tokens) ?? finite(parameters.max_new_tokens);
  if (maxTokens !== undefined) request.max_tokens = maxTokens;
  const stop = parsed.stop ?? parameters.stop;
  if (typeof stop === 'string') request.stop = [stop];
  else if (Array.isArray(stop)) request.stop = stop.filter((item): item is string => typeof item === 'string');
  const temperature = finite(parsed.temperature) ?? finite(parameters.temperature);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = finite(parsed.top_p) ?? finite(parameters.top_p);
  if (topP !== undefined) request.top_p = topP;
  const seed = finite(parsed.seed) ?? finite(parameters.seed);
  if (seed !== undefined) request.seed = seed;
  return request;
}

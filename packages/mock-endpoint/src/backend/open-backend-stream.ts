import type { BackendConfig, ModelConfig } from '../config/mock-config.js';
import { drawLogprob, type GeneratedToken } from '../generation/generate.js';
import { createLiveGeneration, type LiveGeneration, type LiveGenerationWriter } from '../generation/live-generation.js';
import { tokenize } from '../replies/tokenize.js';
import { createRandom, type Random } from '../util/random.js';
import { chatCompletionsUrl } from './backend-url.js';
import type { ChatCompletionRequest } from './to-chat-request.js';

/** An upstream answer that started (its tokens keep arriving), or why it could not start. */
export type BackendStream =
  | { ok: true; generation: LiveGeneration }
  /** `status` is the upstream HTTP status, or 502 when it could not be reached or spoke nonsense. */
  | { ok: false; status: number; message: string };

/** Options of {@link openBackendStream}. */
export interface OpenBackendStreamOptions {
  backend: BackendConfig;
  request: ChatCompletionRequest;
  /** Bound on the whole upstream answer. */
  timeoutMs: number;
  /** Aborts the upstream request (the client went away, the stream ended early). */
  signal: AbortSignal;
  /** EOS token and vocabulary of the emulated model. */
  model: ModelConfig;
  /** Seed of the log-probabilities drawn for the model's tokens. */
  seed: number;
}

interface ChunkChoice {
  delta?: { content?: unknown };
  message?: { content?: unknown };
  finish_reason?: string | null;
  /** vLLM: the stop string that matched (a number for a stop token id, null for EOS). */
  stop_reason?: unknown;
}

/** What an OpenAI-compatible server's events tell the generation, one event at a time. */
function createEventReader(options: { writer: LiveGenerationWriter; model: ModelConfig; random: Random }) {
  const { writer, model, random } = options;
  const toTokens = (text: string): GeneratedToken[] =>
    // Each delta is split on its own: the tokens' texts concatenate to exactly the model's text.
    tokenize(text, { vocabularySize: model.vocabularySize }).map((token) => ({ id: token.id, text: token.text, logprob: drawLogprob(random), special: false }));
  const finish = (choice: ChunkChoice): void => {
    if (choice.finish_reason === 'length') return writer.end('length');
    if (choice.finish_reason === 'stop' && typeof choice.stop_reason === 'string') return writer.end('stop_sequence');
    // A stop on EOS (and anything else: tool_calls, content_filter): the containers show the EOS token.
    writer.push([{ id: model.eosTokenId, text: model.eosToken, logprob: -0.01 - random.next() * 0.3, special: true }]);
    writer.end('eos_token');
  };
  return {
    /** One SSE `data:` payload; false when the stream is over. */
    data(data: string): boolean {
      if (data === '[DONE]') {
        if (!writer.generation.live.done) finish({ finish_reason: 'stop' });
        return false;
      }
      let chunk: { choices?: ChunkChoice[]; error?: unknown };
      try {
        chunk = JSON.parse(data) as typeof chunk;
      } catch {
        writer.fail(`backend sent an event that is not JSON: ${data.slice(0, 200)}`);
        return false;
      }
      if (chunk.error) {
        writer.fail(JSON.stringify(chunk.error));
        return false;
      }
      const choice = chunk.choices?.[0];
      if (!choice) return true;
      const content = choice.delta?.content ?? choice.message?.content;
      if (typeof content === 'string' && content !== '') writer.push(toTokens(content));
      if (choice.finish_reason) {
        finish(choice);
        return false;
      }
      return true;
    },
  };
}

/**
 * Sends a chat completion request with `stream: true` to an OpenAI-compatible server and
 * returns once it answered 200 and sent its first content delta (or finished): the tokens then
 * keep arriving in the returned live generation, each delta split into the mock's tokens
 * without changing its text. Only `Content-Type` and `Accept` are sent: the client's
 * credentials and SageMaker headers never leave the mock. Bounded in time (`timeoutMs`) and size
 * (`backend.maxResponseBytes`); a failure after the first delta fails the live generation.
 */
export async function openBackendStream(options: OpenBackendStreamOptions): Promise<BackendStream> {
  const { backend } = options;
  const url = chatCompletionsUrl(backend.url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(options.request),
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]),
      redirect: 'error',
    });
  } catch (error) {
    return { ok: false, status: 502, message: `backend ${url} unreachable: ${(error as Error).message}` };
  }
  if (response.status !== 200) {
    const text = await readBounded(response, 2000).catch(() => '');
    return { ok: false, status: response.status, message: text || `HTTP ${response.status}` };
  }
  const writer = createLiveGeneration();
  const { generation } = writer;
  void pump({ response, writer, url, options });
  while (generation.tokens.length === 0 && !generation.live.done) await generation.live.changed();
  if (generation.live.error !== null && generation.tokens.length === 0) return { ok: false, status: 502, message: generation.live.error };
  return { ok: true, generation };
}

/** Up to `limit` characters of an error answer. */
async function readBounded(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text.slice(0, limit);
}

/** Reads the upstream body into the live generation; never throws. */
async function pump(options: { response: Response; writer: LiveGenerationWriter; url: string; options: OpenBackendStreamOptions }): Promise<void> {
  const { response, writer, url } = options;
  const { backend, model, seed } = options.options;
  const events = createEventReader({ writer, model, random: createRandom(seed) });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let size = 0;
  // A server that answers one JSON completion instead of SSE: collected whole.
  let json: boolean | undefined;
  let open = true;
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > backend.maxResponseBytes) {
        writer.fail(`backend answer larger than ${backend.maxResponseBytes} bytes`);
        await reader.cancel();
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      json ??= buffer.trimStart() === '' ? undefined : buffer.trimStart().startsWith('{');
      if (json !== false || !open) continue;
      let newline: number;
      while (open && (newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('data:')) open = events.data(line.slice(5).trim());
      }
    }
    buffer += decoder.decode();
  } catch (error) {
    writer.fail(`backend ${url} broke off: ${(error as Error).message}`);
    return;
  }
  if (json) {
    let body: { choices?: ChunkChoice[]; error?: unknown };
    try {
      body = JSON.parse(buffer) as typeof body;
    } catch {
      return writer.fail(`backend answered neither SSE nor a chat completion: ${buffer.trim().slice(0, 200)}`);
    }
    if (body.error) return writer.fail(JSON.stringify(body.error));
    if (typeof body.choices?.[0]?.message?.content !== 'string') return writer.fail(`backend answered neither SSE nor a chat completion: ${buffer.trim().slice(0, 200)}`);
    events.data(JSON.stringify({ choices: [{ ...body.choices[0], finish_reason: body.choices[0].finish_reason ?? 'stop' }] }));
    return;
  }
  if (open && buffer.startsWith('data:')) open = events.data(buffer.slice(5).trim());
  if (open) writer.fail(`backend ${url} closed the stream before finishing it`);
}

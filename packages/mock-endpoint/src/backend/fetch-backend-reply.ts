import type { BackendConfig } from '../config/mock-config.js';
import { chatCompletionsUrl } from './backend-url.js';
import type { ChatCompletionRequest } from './to-chat-request.js';

/** What the upstream model answered. */
export type BackendReply =
  | { ok: true; text: string; finishReason: string | null }
  /** `status` is the upstream HTTP status, or 502 when it could not be reached or spoke nonsense. */
  | { ok: false; status: number; message: string };

/**
 * Sends a chat completion request with `stream: true` to an OpenAI-compatible server and
 * collects the content deltas of its SSE answer. Only `Content-Type` and `Accept` are sent: the
 * client's credentials and SageMaker headers never leave the mock. Bounded in time (`timeoutMs`)
 * and size (`backend.maxResponseBytes`).
 */
export async function fetchBackendReply(options: { backend: BackendConfig; request: ChatCompletionRequest; timeoutMs: number; signal?: AbortSignal }): Promise<BackendReply> {
  const { backend } = options;
  const url = chatCompletionsUrl(backend.url);
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(options.request),
      signal: AbortSignal.any(signals),
      redirect: 'error',
    });
  } catch (error) {
    return { ok: false, status: 502, message: `backend ${url} unreachable: ${(error as Error).message}` };
  }
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  let size = 0;
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > backend.maxResponseBytes) {
        await reader.cancel();
        return { ok: false, status: 502, message: `backend answer larger than ${backend.maxResponseBytes} bytes` };
      }
      raw += decoder.decode(value, { stream: true });
    }
    raw += decoder.decode();
  } catch (error) {
    return { ok: false, status: 502, message: `backend ${url} broke off: ${(error as Error).message}` };
  }
  if (response.status !== 200) return { ok: false, status: response.status, message: raw.slice(0, 2000) || `HTTP ${response.status}` };
  return parseChatStream(raw);
}

/**
 * Reads an OpenAI-compatible SSE answer (`data: {chat.completion.chunk}` … `data: [DONE]`, as
 * vLLM, llama.cpp, Ollama and LM Studio send it): the concatenated `delta.content` and the last
 * `finish_reason`. A non-streaming JSON answer (`choices[0].message.content`) is accepted too.
 */
export function parseChatStream(raw: string): BackendReply {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const body = JSON.parse(trimmed) as { choices?: { message?: { content?: string }; finish_reason?: string }[]; error?: unknown };
      if (body.error) return { ok: false, status: 502, message: JSON.stringify(body.error) };
      const choice = body.choices?.[0];
      if (typeof choice?.message?.content === 'string') return { ok: true, text: choice.message.content, finishReason: choice.finish_reason ?? null };
    } catch {
      // not JSON: handled below
    }
    return { ok: false, status: 502, message: `backend answered neither SSE nor a chat completion: ${trimmed.slice(0, 200)}` };
  }
  let text = '';
  let finishReason: string | null = null;
  for (const line of raw.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') break;
    let chunk: { choices?: { delta?: { content?: unknown }; finish_reason?: string | null }[]; error?: unknown };
    try {
      chunk = JSON.parse(data) as typeof chunk;
    } catch {
      return { ok: false, status: 502, message: `backend sent an event that is not JSON: ${data.slice(0, 200)}` };
    }
    if (chunk.error) return { ok: false, status: 502, message: JSON.stringify(chunk.error) };
    const choice = chunk.choices?.[0];
    if (typeof choice?.delta?.content === 'string') text += choice.delta.content;
    if (choice?.finish_reason) finishReason = choice.finish_reason;
  }
  return { ok: true, text, finishReason };
}

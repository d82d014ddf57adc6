import type { BackendConfig } from '../config/mock-config.js';
import { fetchBackendReply, type BackendReply } from './fetch-backend-reply.js';
import { toChatRequest } from './to-chat-request.js';

/**
 * Asks the endpoint's backend for the reply to a container request body. Null when the body is
 * not one the backend can answer (invalid JSON, no `inputs`/`messages`): the emulated container
 * then rejects it exactly as it would without a backend.
 */
export async function askBackend(options: { backend: BackendConfig; body: Uint8Array; timeoutMs: number }): Promise<BackendReply | null> {
  const request = toChatRequest({ body: options.body, model: options.backend.model });
  if (!request) return null;
  return fetchBackendReply({ backend: options.backend, request, timeoutMs: options.timeoutMs });
}

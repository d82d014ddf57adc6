import type { BackendConfig, ModelConfig } from '../config/mock-config.js';
import { openBackendStream, type BackendStream } from './open-backend-stream.js';
import { toChatRequest } from './to-chat-request.js';

/**
 * Asks the endpoint's backend for the reply to a container request body; resolves once the
 * model's answer started (see {@link openBackendStream}). Null when the body is not one the
 * backend can answer (invalid JSON, no `inputs`/`messages`): the emulated container then
 * rejects it exactly as it would without a backend.
 */
export async function askBackend(options: { backend: BackendConfig; body: Uint8Array; timeoutMs: number; signal: AbortSignal; model: ModelConfig; seed: number }): Promise<BackendStream | null> {
  const { backend, body, ...rest } = options;
  const request = toChatRequest({ body, model: backend.model });
  if (!request) return null;
  return openBackendStream({ backend, request, ...rest });
}

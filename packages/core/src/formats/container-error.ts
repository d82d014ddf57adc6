import { isRecord } from './record-state.js';
import type { StreamErrorPart } from './token-part.js';

/**
 * Recognises the in-band error shapes of the containers (wire spec §10):
 * - LMI: `{"code": 424, "error": "…"}` (also with `"message"`), and `{"error": "…"}` from vLLM;
 * - TGI generate_stream: `{"error": "…", "error_type": "generation"}`;
 * - TGI / vLLM chat: `{"error": {"message": "…", "http_status_code": 422}}`;
 * - vLLM's OpenAI server: `{"object": "error", "message": "…", "type": "…", "code": 400}`.
 * Returns undefined for anything else.
 */
export function parseContainerError(record: Record<string, unknown>): StreamErrorPart | undefined {
  const { error } = record;
  if (typeof error === 'string') {
    const part: StreamErrorPart = {
      type: 'stream-error',
      source: 'container',
      code: typeof record.error_type === 'string' ? record.error_type : 'container-error',
      message: error,
    };
    const status = toStatus(record.code);
    if (status !== undefined) part.status = status;
    return part;
  }
  if (isRecord(error)) {
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    const part: StreamErrorPart = {
      type: 'stream-error',
      source: 'container',
      code: typeof error.type === 'string' ? error.type : 'container-error',
      message,
    };
    const status = toStatus(error.http_status_code) ?? toStatus(error.code);
    if (status !== undefined) part.status = status;
    return part;
  }
  if (record.object === 'error' && typeof record.message === 'string') {
    const part: StreamErrorPart = {
      type: 'stream-error',
      source: 'container',
      code: typeof record.type === 'string' ? record.type : 'container-error',
      message: record.message,
    };
    const status = toStatus(record.code);
    if (status !== undefined) part.status = status;
    return part;
  }
  return undefined;
}

function toStatus(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{3}$/.test(value)) return Number(value);
  return undefined;
}

import { isRecord } from './record-state.js';
import type { ContainerFormat, ContainerFraming } from './token-part.js';

/** Strips `; charset=…` parameters and lower-cases a MIME type. */
export function normalizeContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/**
 * The framing implied by `X-Amzn-SageMaker-Content-Type`: `text/event-stream` → SSE; JSON Lines,
 * NDJSON and JSON (in stream mode) → lines; `text/plain` → raw; anything else → undefined.
 */
export function framingFromContentType(contentType: string | undefined): ContainerFraming | undefined {
  switch (normalizeContentType(contentType)) {
    case 'text/event-stream':
      return 'sse';
    case 'application/jsonlines':
    case 'application/jsonl':
    case 'application/x-jsonlines':
    case 'application/x-ndjson':
    case 'application/ndjson':
    case 'application/json':
      return 'jsonlines';
    case 'text/plain':
      return 'raw';
    default:
      return undefined;
  }
}

const SSE_PREFIXES = ['data:', 'event:', 'id:', 'retry:', ':'];

/**
 * Sniffs the framing from the first bytes of container output (leading whitespace skipped).
 * Returns undefined while more bytes are needed, `null` when the bytes fit neither JSON nor SSE.
 */
export function sniffFraming(text: string, complete: boolean): ContainerFraming | null | undefined {
  const start = text.trimStart();
  if (start === '') return complete ? null : undefined;
  if (start[0] === '{' || start[0] === '[') return 'jsonlines';
  for (const prefix of SSE_PREFIXES) {
    if (start.startsWith(prefix)) return 'sse';
    if (!complete && prefix.startsWith(start)) return undefined; // could still become this prefix
  }
  return null;
}

/** The format a record belongs to, or undefined if it is none of the known shapes. */
export function detectRecordFormat(record: unknown, framing: ContainerFraming): ContainerFormat | undefined {
  if (!isRecord(record)) return undefined;
  if (Array.isArray(record.outputs)) return 'lmi-legacy';
  if (isRecord(record.token)) {
    if (framing !== 'sse') return 'lmi';
    const token = record.token;
    return 'log_prob' in token || 'special_token' in token ? 'lmi' : 'tgi';
  }
  if (record.object === 'chat.completion.chunk' || record.object === 'text_completion' || Array.isArray(record.choices)) {
    return 'messages';
  }
  // A whole reply to a request that lacked `"stream": true`: LMI answers `{"generated_text": …}`
  // (TGI's array form is unwrapped to its first element before it gets here).
  if (record.token === undefined && typeof record.generated_text === 'string') return framing === 'sse' ? 'tgi' : 'lmi';
  return undefined;
}

import { isSageStreamError } from '../errors.js';
import type { StreamErrorPart } from '../formats/token-part.js';

/** One-paragraph text for an error, with its fix when known. */
export function formatError(error: unknown): string {
  if (isSageStreamError(error)) {
    const lines = [`sagestream: ${error.message}`];
    if (error.fix) lines.push(`  fix: ${error.fix}`);
    if (error.requestId) lines.push(`  request id: ${error.requestId}`);
    return `${lines.join('\n')}\n`;
  }
  return `sagestream: ${error instanceof Error ? error.message : String(error)}\n`;
}

/** The text for a `stream-error` part (the reply ended with an error). */
export function formatStreamError(part: StreamErrorPart): string {
  const origin =
    part.source === 'service'
      ? `SageMaker ${part.errorType ?? 'error'}${part.errorType && part.errorType !== part.code ? ` (${part.code})` : ''}`
      : `the model container reported an error (${part.code}${part.status ? `, status ${part.status}` : ''})`;
  return `sagestream: the stream ended with an error from ${origin}: ${part.message}\n`;
}

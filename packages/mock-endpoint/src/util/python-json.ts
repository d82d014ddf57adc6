import { formatPythonFloat } from './number-format.js';

/**
 * A JSON value as Python's `json.dumps(value, ensure_ascii=False)` writes it: `", "` and `": "`
 * separators, insertion order, floats in repr form (`1.0`, `1e-05`). Strings escape exactly as
 * JSON.stringify does (both leave non-ASCII text as is).
 */
export function formatPythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : formatPythonFloat(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatPythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${formatPythonJson(item)}`).join(', ')}}`;
}

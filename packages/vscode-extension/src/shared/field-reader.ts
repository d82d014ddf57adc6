import { MAX_ID_LENGTH, MAX_TEXT_LENGTH } from './protocol.js';

/** Thrown by the `read*` helpers and the `parse*` functions: says which field was wrong, and how. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code = 'invalid-message';
  /** Where in the message, e.g. `message.stats.tokens`. */
  readonly path: string;

  constructor(options: { path: string; expected: string; actual: unknown }) {
    super(`Invalid ${options.path}: expected ${options.expected}, got ${describe(options.actual)}.`);
    this.path = options.path;
  }
}

/** An object being read, with its path for error messages. */
export interface Fields {
  path: string;
  value: Record<string, unknown>;
}

/** Ids are short and plain, so they are safe in DOM attributes and storage keys. */
const ID_PATTERN = /^[A-Za-z0-9][\w.:-]*$/;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function fail(path: string, expected: string, actual: unknown): never {
  throw new ProtocolError({ path, expected, actual });
}

/** Reads a plain object (not an array, not null). */
export function readObject(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return { path, value: value as Record<string, unknown> };
}

/** Options of {@link readString}. */
export interface StringOptions {
  maxLength?: number;
  /** Default false: an empty string is rejected. */
  allowEmpty?: boolean;
  pattern?: RegExp;
}

/** Reads a required string field. */
export function readString(fields: Fields, key: string, options: StringOptions = {}): string {
  return readStringValue(fields.value[key], `${fields.path}.${key}`, options);
}

/** Checks that a value is a string within the limits. */
export function readStringValue(value: unknown, path: string, options: StringOptions = {}): string {
  const maxLength = options.maxLength ?? MAX_TEXT_LENGTH;
  if (typeof value !== 'string') fail(path, 'a string', value);
  if (!options.allowEmpty && value === '') fail(path, 'a non-empty string', value);
  if (value.length > maxLength) fail(path, `at most ${maxLength} characters`, value);
  if (options.pattern && !options.pattern.test(value)) fail(path, `a string matching ${options.pattern}`, value);
  return value;
}

/** Reads an optional string field (absent or undefined → undefined). */
export function readOptionalString(fields: Fields, key: string, options: StringOptions = {}): string | undefined {
  return fields.value[key] === undefined ? undefined : readString(fields, key, options);
}

/** Reads an id (conversation, message, endpoint). */
export function readId(fields: Fields, key: string): string {
  return readString(fields, key, { maxLength: MAX_ID_LENGTH, pattern: ID_PATTERN });
}

/** Options of {@link readNumber}. */
export interface NumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Reads a required finite number. */
export function readNumber(fields: Fields, key: string, options: NumberOptions = {}): number {
  const value = fields.value[key];
  const path = `${fields.path}.${key}`;
  const { min = -Infinity, max = Infinity, integer = false } = options;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    fail(path, `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`, value);
  }
  return value;
}

/** Reads an optional finite number. */
export function readOptionalNumber(fields: Fields, key: string, options: NumberOptions = {}): number | undefined {
  return fields.value[key] === undefined ? undefined : readNumber(fields, key, options);
}

/** Reads one of a fixed set of strings. */
export function readEnum<T extends string>(fields: Fields, key: string, allowed: readonly T[]): T {
  return readEnumValue(fields.value[key], `${fields.path}.${key}`, allowed);
}

/** Checks that a value is one of a fixed set of strings. */
export function readEnumValue<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) fail(path, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

/** Reads a boolean. */
export function readBoolean(fields: Fields, key: string): boolean {
  const value = fields.value[key];
  if (typeof value !== 'boolean') fail(`${fields.path}.${key}`, 'true or false', value);
  return value;
}

/** Reads an array, each item with `readItem`. */
export function readArray<T>(fields: Fields, key: string, readItem: (value: unknown, path: string) => T, options: { maxItems?: number } = {}): T[] {
  const value = fields.value[key];
  const path = `${fields.path}.${key}`;
  const maxItems = options.maxItems ?? 10_000;
  if (!Array.isArray(value)) fail(path, 'an array', value);
  if (value.length > maxItems) fail(path, `at most ${maxItems} items`, value);
  return value.map((item, index) => readItem(item, `${path}[${index}]`));
}

/** Reads a nullable object field with `readValue`. */
export function readNullable<T>(fields: Fields, key: string, readValue: (value: unknown, path: string) => T): T | null {
  const value = fields.value[key];
  return value === null ? null : readValue(value, `${fields.path}.${key}`);
}

/** Copies only the defined entries, so optional fields stay absent rather than `undefined`. */
export function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

import { FAULT_NAMES, type FaultConfig, type FaultName } from '../config/mock-config.js';
import { MockEndpointError } from '../errors.js';
import { DEFAULT_LATENCY, PROFILE_MODELS } from '../config/default-config.js';
import { BIDI_MODES, defaultBidiConfig, defaultBidiEndpoint, type BidiConfig, type BidiDefaults, type BidiMode } from './bidi-config.js';

const DEFAULTS: BidiDefaults = { model: PROFILE_MODELS.lmi, latency: DEFAULT_LATENCY };

type Loose = Record<string, unknown>;

function fail(path: string, expected: string, actual: unknown): never {
  const shown = JSON.stringify(actual) ?? String(actual);
  throw new MockEndpointError('invalid-config', `Invalid mock config at ${path}: expected ${expected}, got ${shown}.`, { path, expected, actual: shown });
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Loose, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(`${path}.${key}`, `one of the keys ${allowed.join(', ')}`, key);
}

function count(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `an integer ${min}..${max}`, value);
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'a non-empty string', value);
  return value;
}

/** `ws://` / `wss://` URLs only: the bridge dials what the config says, nothing a request can set. */
export function parseUpstreamUrl(value: unknown, path: string): string {
  const raw = text(value, path);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(path, 'a ws://HOST:PORT URL', raw);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') fail(path, 'a ws:// or wss:// URL', raw);
  return raw;
}

function fault(value: unknown, path: string): FaultConfig | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    if (!FAULT_NAMES.includes(value as FaultName)) fail(path, `one of ${FAULT_NAMES.join(', ')}`, value);
    return { name: value as FaultName, afterTokens: 0, probability: 1 };
  }
  if (!isObject(value)) fail(path, 'a fault name or { name, afterTokens, probability }', value);
  checkKeys(value, ['name', 'afterTokens', 'probability'], path);
  if (!FAULT_NAMES.includes(value.name as FaultName)) fail(`${path}.name`, `one of ${FAULT_NAMES.join(', ')}`, value.name);
  const probability = value.probability ?? 1;
  if (typeof probability !== 'number' || probability < 0 || probability > 1) fail(`${path}.probability`, 'a number 0..1', probability);
  return { name: value.name as FaultName, afterTokens: count(value.afterTokens ?? 0, `${path}.afterTokens`, 0, 1_000_000), probability };
}

/** Keys of a normalized endpoint, accepted as they are so that normalizing twice changes nothing. */
const NORMALIZED_KEYS = ['name', 'reply', 'model', 'latency', 'chunking'] as const;
const ENDPOINT_KEYS = [...NORMALIZED_KEYS, 'mode', 'description', 'variant', 'containerName', 'upstream', 'replyText', 'maxNewTokens', 'bytesPerWord', 'fault', 'streamTimeoutMs', 'seed'];
const TOP_KEYS = ['endpoints', 'defaultEndpoints', 'maxPartBytes', 'maxEventsPerStream', 'maxConcurrentStreams', 'maxJournalParts', 'pingIntervalMs', 'maxMissedPongs', 'upstream'];

/**
 * Validates the `bidi` section of a mock config and fills in defaults. `upstream` at the top puts
 * every bidi endpoint in bridge mode; an endpoint's own `upstream` wins.
 */
export function normalizeBidiConfig(input: unknown): BidiConfig {
  const config = defaultBidiConfig(DEFAULTS);
  if (input === undefined) return config;
  if (!isObject(input)) fail('bidi', 'an object', input);
  checkKeys(input, TOP_KEYS, 'bidi');
  if (input.defaultEndpoints === false) config.endpoints = {};
  if (input.maxPartBytes !== undefined) config.maxPartBytes = count(input.maxPartBytes, 'bidi.maxPartBytes', 1, 24 * 1024 * 1024);
  if (input.maxEventsPerStream !== undefined) config.maxEventsPerStream = count(input.maxEventsPerStream, 'bidi.maxEventsPerStream', 1, 10_000_000);
  if (input.maxConcurrentStreams !== undefined) config.maxConcurrentStreams = count(input.maxConcurrentStreams, 'bidi.maxConcurrentStreams', 1, 10_000);
  if (input.maxJournalParts !== undefined) config.maxJournalParts = count(input.maxJournalParts, 'bidi.maxJournalParts', 0, 100_000);
  if (input.pingIntervalMs !== undefined) config.pingIntervalMs = count(input.pingIntervalMs, 'bidi.pingIntervalMs', 10, 3_600_000);
  if (input.maxMissedPongs !== undefined) config.maxMissedPongs = count(input.maxMissedPongs, 'bidi.maxMissedPongs', 1, 1000);
  if (input.endpoints !== undefined && !isObject(input.endpoints)) fail('bidi.endpoints', 'a map of endpoint name → settings', input.endpoints);
  for (const [name, value] of Object.entries((input.endpoints ?? {}) as Record<string, unknown>)) {
    const path = `bidi.endpoints.${name}`;
    if (!isObject(value)) fail(path, 'an object with a mode', value);
    checkKeys(value, ENDPOINT_KEYS, path);
    if (name.length > 63 || !/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(name)) fail(path, 'an endpoint name of at most 63 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$', name);
    const base = config.endpoints[name];
    const mode = value.mode === undefined ? (base?.mode ?? fail(`${path}.mode`, BIDI_MODES.join(', '), undefined)) : (value.mode as BidiMode);
    if (!BIDI_MODES.includes(mode)) fail(`${path}.mode`, `one of ${BIDI_MODES.join(', ')}`, value.mode);
    const endpoint = base && base.mode === mode ? structuredClone(base) : defaultBidiEndpoint({ name, mode, description: `Bidirectional ${mode}`, defaults: DEFAULTS });
    for (const key of NORMALIZED_KEYS) if (value[key] !== undefined && key !== 'name') (endpoint as unknown as Loose)[key] = structuredClone(value[key]);
    if (value.description !== undefined) endpoint.description = text(value.description, `${path}.description`);
    if (value.variant !== undefined) endpoint.variant = text(value.variant, `${path}.variant`);
    if (value.containerName !== undefined) endpoint.containerName = text(value.containerName, `${path}.containerName`);
    if (value.upstream !== undefined) endpoint.upstream = value.upstream === null ? null : parseUpstreamUrl(value.upstream, `${path}.upstream`);
    if (value.replyText !== undefined) endpoint.reply = { mode: 'scripted', rules: [{ match: '', reply: text(value.replyText, `${path}.replyText`) }], fallback: 'corpus', corpus: [] };
    if (value.maxNewTokens !== undefined) endpoint.maxNewTokens = count(value.maxNewTokens, `${path}.maxNewTokens`, 1, 100_000);
    if (value.bytesPerWord !== undefined) endpoint.bytesPerWord = count(value.bytesPerWord, `${path}.bytesPerWord`, 1, 100_000_000);
    if (value.fault !== undefined) endpoint.fault = fault(value.fault, `${path}.fault`);
    if (value.streamTimeoutMs !== undefined) endpoint.streamTimeoutMs = count(value.streamTimeoutMs, `${path}.streamTimeoutMs`, 1, 24 * 3_600_000);
    if (value.seed !== undefined) endpoint.seed = count(value.seed, `${path}.seed`, 0, 0xffffffff);
    config.endpoints[name] = { ...endpoint, name };
  }
  if (input.upstream !== undefined && input.upstream !== null) {
    const upstream = parseUpstreamUrl(input.upstream, 'bidi.upstream');
    for (const endpoint of Object.values(config.endpoints)) {
      const own = isObject(input.endpoints) && isObject(input.endpoints[endpoint.name]) && (input.endpoints[endpoint.name] as Loose).upstream !== undefined;
      if (!own) endpoint.upstream = upstream;
    }
  }
  return config;
}

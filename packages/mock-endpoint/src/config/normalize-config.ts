import { normalizeControlPlane } from '../control-plane/control-plane-settings.js';
import { normalizeBidiConfig } from '../bidi/normalize-bidi-config.js';
import { MockEndpointError } from '../errors.js';
import { backendContainers, isLoopbackUrl, parseBackendUrl } from '../backend/backend-url.js';
import { isValidAllowedHost } from '../security/request-guard.js';
import { MAX_BODY_BYTES } from '../service/validate-request.js';
import {
  DEFAULT_BACKEND_RESPONSE_BYTES,
  MAX_BACKEND_RESPONSE_BYTES,
  DEFAULT_MAX_CASSETTE_BYTES,
  MAX_CASSETTE_BYTES_LIMIT,
  MAX_CLOCK_SKEW_MS,
  MAX_COALESCE_FLUSHES,
  MAX_DELAY_MS,
  MAX_JOURNAL_ENTRIES,
  MAX_LATENCY_SCALE,
  MAX_SEED,
  MAX_STOP_SEQUENCES,
  MAX_TIMER_MS,
  MAX_TOKENS,
  MAX_UNIX_TIME,
  MAX_VOCABULARY,
} from './limits.js';
import { defaultConfig, defaultEndpoint, defaultEndpoints } from './default-config.js';
import { normalizeInferenceComponents, normalizeSessions, normalizeVariants, type Validators } from './normalize-placement.js';
import {
  CHUNKING_MODES,
  FAULT_NAMES,
  PROFILE_NAMES,
  type BackendConfig,
  type DelaySpec,
  type EndpointConfig,
  type EndpointInput,
  type FaultConfig,
  type MockConfig,
  type MockConfigInput,
  type ProfileName,
} from './mock-config.js';

/** SageMaker's EndpointName pattern (max 63 characters). */
export const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

type Loose = Record<string, unknown>;

function fail(path: string, expected: string, actual: unknown): never {
  const shown = typeof actual === 'string' ? JSON.stringify(actual) : JSON.stringify(actual) ?? String(actual);
  throw new MockEndpointError('invalid-config', `Invalid mock config at ${path}: expected ${expected}, got ${shown}.`, {
    path,
    expected,
    actual: shown,
  });
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Loose, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `one of the keys ${allowed.join(', ')}`, key);
  }
}

function number(value: unknown, path: string, options: { min?: number; max?: number; integer?: boolean } = {}): number {
  const { min = -Infinity, max = Infinity, integer = false } = options;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    const range = min > -Infinity && max < Infinity ? `${kind} from ${min} to ${max}` : `${kind}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}`;
    fail(path, range, value);
  }
  return value;
}

/** A settings section merged over its defaults, with unknown keys refused. */
function section(loose: Loose, name: string, defaults: object): Loose {
  const value = loose[name];
  if (!isObject(value)) fail(name, 'an object', value);
  checkKeys(value, Object.keys(defaults), name);
  return { ...defaults, ...value };
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'a non-empty string', value);
  return value;
}

/** Any string, including "" (a scripted reply may be empty: the model answers with EOS only). */
function text(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) fail(path, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

/** Parses a delay: a number is a fixed delay in ms; objects name their distribution. */
export function normalizeDelay(value: unknown, path: string): DelaySpec {
  if (typeof value === 'number') return { distribution: 'fixed', ms: number(value, path, { min: 0, max: MAX_DELAY_MS }) };
  if (!isObject(value)) fail(path, 'a number of ms or { distribution, ... }', value);
  const distribution = oneOf(value.distribution, ['fixed', 'uniform', 'normal', 'lognormal'] as const, `${path}.distribution`);
  switch (distribution) {
    case 'fixed':
      checkKeys(value, ['distribution', 'ms'], path);
      return { distribution, ms: number(value.ms, `${path}.ms`, { min: 0, max: MAX_DELAY_MS }) };
    case 'uniform': {
      checkKeys(value, ['distribution', 'minMs', 'maxMs'], path);
      const minMs = number(value.minMs, `${path}.minMs`, { min: 0, max: MAX_DELAY_MS });
      return { distribution, minMs, maxMs: number(value.maxMs, `${path}.maxMs`, { min: minMs, max: MAX_DELAY_MS }) };
    }
    case 'normal':
      checkKeys(value, ['distribution', 'meanMs', 'stddevMs'], path);
      return { distribution, meanMs: number(value.meanMs, `${path}.meanMs`, { min: 0, max: MAX_DELAY_MS }), stddevMs: number(value.stddevMs, `${path}.stddevMs`, { min: 0, max: MAX_DELAY_MS }) };
    case 'lognormal':
      checkKeys(value, ['distribution', 'medianMs', 'sigma'], path);
      return { distribution, medianMs: number(value.medianMs, `${path}.medianMs`, { min: 0, max: MAX_DELAY_MS }), sigma: number(value.sigma, `${path}.sigma`, { min: 0, max: 10 }) };
  }
}

function normalizeFault(value: unknown, base: FaultConfig | null, path: string): FaultConfig | null {
  if (value === null) return null;
  if (typeof value === 'string') return { name: oneOf(value, FAULT_NAMES, path), afterTokens: 0, probability: 1 };
  if (!isObject(value)) fail(path, `a fault name (${FAULT_NAMES.join(', ')}) or { name, afterTokens, probability }`, value);
  checkKeys(value, ['name', 'afterTokens', 'probability'], path);
  const merged = { afterTokens: 0, probability: 1, ...base, ...value };
  return {
    name: oneOf(merged.name, FAULT_NAMES, `${path}.name`),
    afterTokens: number(merged.afterTokens, `${path}.afterTokens`, { min: 0, max: MAX_TOKENS, integer: true }),
    probability: number(merged.probability, `${path}.probability`, { min: 0, max: 1 }),
  };
}

const ENDPOINT_KEYS = ['name', 'profile', 'description', 'variant', 'variants', 'inferenceComponents', 'sessions', 'containerName', 'model', 'reply', 'latency', 'chunking', 'fault', 'timeouts', 'strictContentType', 'seed', 'controlPlane', 'backend'];

const validators: Validators = { fail, isObject, checkKeys, number, string, boolean };

/** Applies one endpoint's settings over its base (a built-in endpoint or its profile defaults). */
function normalizeEndpoint(name: string, input: EndpointInput, base: EndpointConfig | undefined, path = `endpoints.${name}`): EndpointConfig {
  if (!isObject(input)) fail(path, 'an object with at least a profile', input);
  checkKeys(input, ENDPOINT_KEYS, path);
  if (name.length > 63 || !ENDPOINT_NAME_PATTERN.test(name)) fail(path, 'an endpoint name of at most 63 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$', name);
  if (input.profile === undefined && base === undefined) fail(`${path}.profile`, `one of ${PROFILE_NAMES.join(', ')}`, undefined);
  const profile: ProfileName = input.profile === undefined ? base!.profile : oneOf(input.profile, PROFILE_NAMES, `${path}.profile`);
  const start = base && base.profile === profile ? structuredClone(base) : defaultEndpoint(name, profile);
  const endpoint: EndpointConfig = { ...start, name };
  if (input.description !== undefined) endpoint.description = string(input.description, `${path}.description`);
  if (input.variant !== undefined) endpoint.variant = string(input.variant, `${path}.variant`);
  if (input.containerName !== undefined) endpoint.containerName = string(input.containerName, `${path}.containerName`);
  if (input.strictContentType !== undefined) endpoint.strictContentType = boolean(input.strictContentType, `${path}.strictContentType`);
  if (input.seed !== undefined) endpoint.seed = number(input.seed, `${path}.seed`, { min: 0, max: MAX_SEED, integer: true });
  if (input.model !== undefined) {
    if (!isObject(input.model)) fail(`${path}.model`, 'an object', input.model);
    checkKeys(input.model, Object.keys(endpoint.model), `${path}.model`);
    const model = { ...endpoint.model, ...(input.model as Loose) } as Loose;
    endpoint.model = {
      id: string(model.id, `${path}.model.id`),
      eosToken: string(model.eosToken, `${path}.model.eosToken`),
      eosTokenId: number(model.eosTokenId, `${path}.model.eosTokenId`, { min: 0, max: MAX_VOCABULARY, integer: true }),
      vocabularySize: number(model.vocabularySize, `${path}.model.vocabularySize`, { min: 2000, max: MAX_VOCABULARY, integer: true }),
      maxInputTokens: number(model.maxInputTokens, `${path}.model.maxInputTokens`, { min: 1, max: MAX_TOKENS, integer: true }),
      maxTotalTokens: number(model.maxTotalTokens, `${path}.model.maxTotalTokens`, { min: 2, max: MAX_TOKENS, integer: true }),
      defaultMaxNewTokens: model.defaultMaxNewTokens === null ? null : number(model.defaultMaxNewTokens, `${path}.model.defaultMaxNewTokens`, { min: 1, max: MAX_TOKENS, integer: true }),
      maxStopSequences: number(model.maxStopSequences, `${path}.model.maxStopSequences`, { min: 0, max: MAX_STOP_SEQUENCES, integer: true }),
      systemFingerprint: string(model.systemFingerprint, `${path}.model.systemFingerprint`),
      created: model.created === 'now' ? 'now' : number(model.created, `${path}.model.created`, { min: 0, max: MAX_UNIX_TIME, integer: true }),
      reasoning: boolean(model.reasoning, `${path}.model.reasoning`),
    };
  }
  if (input.reply !== undefined) {
    if (!isObject(input.reply)) fail(`${path}.reply`, 'an object', input.reply);
    checkKeys(input.reply, ['mode', 'rules', 'fallback', 'corpus'], `${path}.reply`);
    const reply = { ...endpoint.reply, ...(input.reply as Loose) } as Loose;
    const rules = Array.isArray(reply.rules) ? reply.rules : fail(`${path}.reply.rules`, 'a list of { match, reply }', reply.rules);
    const corpus = Array.isArray(reply.corpus) ? reply.corpus : fail(`${path}.reply.corpus`, 'a list of { id, keywords, text }', reply.corpus);
    endpoint.reply = {
      mode: oneOf(reply.mode, ['corpus', 'echo', 'scripted'] as const, `${path}.reply.mode`),
      fallback: oneOf(reply.fallback, ['corpus', 'echo'] as const, `${path}.reply.fallback`),
      rules: rules.map((rule: unknown, index) => {
        const rulePath = `${path}.reply.rules[${index}]`;
        if (!isObject(rule)) fail(rulePath, '{ match, reply, flags? }', rule);
        checkKeys(rule, ['match', 'reply', 'flags'], rulePath);
        const match = string(rule.match, `${rulePath}.match`);
        const flags = rule.flags === undefined ? undefined : String(rule.flags);
        try {
          new RegExp(match, flags);
        } catch (cause) {
          fail(`${rulePath}.match`, `a valid JavaScript regular expression (${(cause as Error).message})`, match);
        }
        return { match, reply: text(rule.reply, `${rulePath}.reply`), ...(flags === undefined ? {} : { flags }) };
      }),
      corpus: corpus.map((entry: unknown, index) => {
        const entryPath = `${path}.reply.corpus[${index}]`;
        if (!isObject(entry)) fail(entryPath, '{ id, keywords, text }', entry);
        const keywords = Array.isArray(entry.keywords) ? entry.keywords.map(String) : [];
        return { id: String(entry.id ?? index), keywords, text: string(entry.text, `${entryPath}.text`) };
      }),
    };
  }
  if (input.latency !== undefined) {
    if (!isObject(input.latency)) fail(`${path}.latency`, 'an object { timeToFirstToken, interToken }', input.latency);
    checkKeys(input.latency, ['timeToFirstToken', 'interToken'], `${path}.latency`);
    const latency = input.latency as Loose;
    if (latency.timeToFirstToken !== undefined) endpoint.latency.timeToFirstToken = normalizeDelay(latency.timeToFirstToken, `${path}.latency.timeToFirstToken`);
    if (latency.interToken !== undefined) endpoint.latency.interToken = normalizeDelay(latency.interToken, `${path}.latency.interToken`);
  }
  if (input.chunking !== undefined) {
    const chunking = typeof input.chunking === 'string' ? { mode: input.chunking } : input.chunking;
    if (!isObject(chunking)) fail(`${path}.chunking`, `a mode (${CHUNKING_MODES.join(', ')}) or { mode, coalesceFlushes, utf8SplitAt }`, chunking);
    checkKeys(chunking, ['mode', 'coalesceFlushes', 'utf8SplitAt'], `${path}.chunking`);
    endpoint.chunking = {
      mode: chunking.mode === undefined ? endpoint.chunking.mode : oneOf(chunking.mode, CHUNKING_MODES, `${path}.chunking.mode`),
      coalesceFlushes: chunking.coalesceFlushes === undefined ? endpoint.chunking.coalesceFlushes : number(chunking.coalesceFlushes, `${path}.chunking.coalesceFlushes`, { min: 1, max: MAX_COALESCE_FLUSHES, integer: true }),
      utf8SplitAt: chunking.utf8SplitAt === undefined ? endpoint.chunking.utf8SplitAt : number(chunking.utf8SplitAt, `${path}.chunking.utf8SplitAt`, { min: 1, max: 3, integer: true }),
    };
  }
  if (input.controlPlane !== undefined) endpoint.controlPlane = normalizeControlPlane({ ...endpoint.controlPlane, ...(input.controlPlane as Loose) }, `${path}.controlPlane`);
  if (input.fault !== undefined) endpoint.fault = normalizeFault(input.fault, endpoint.fault, `${path}.fault`);
  if (input.sessions !== undefined) endpoint.sessions = normalizeSessions({ input: input.sessions, base: endpoint.sessions, path: `${path}.sessions`, v: validators });
  if (input.variants !== undefined) {
    endpoint.variants = normalizeVariants({ input: input.variants, base: endpoint.variants, path: `${path}.variants`, v: validators });
    endpoint.variant = endpoint.variants[0]!.name;
  } else if (input.variant !== undefined && endpoint.variants.length === 1) {
    endpoint.variants = [{ ...endpoint.variants[0]!, name: endpoint.variant }];
  }
  if (input.inferenceComponents !== undefined) {
    endpoint.inferenceComponents = normalizeInferenceComponents({
      input: input.inferenceComponents,
      endpoint,
      path: `${path}.inferenceComponents`,
      v: validators,
      normalizeContainer: (container, containerBase, containerPath) => normalizeEndpoint(name, container, containerBase, containerPath),
    });
  } else if (endpoint.inferenceComponents.some((component) => !endpoint.variants.some((variant) => variant.name === component.variantName))) {
    fail(`${path}.variants`, 'variants that still host every inference component', endpoint.variants.map((variant) => variant.name));
  }
  if (input.backend !== undefined) endpoint.backend = normalizeBackend(input.backend, endpoint.backend, `${path}.backend`);
  if (input.timeouts !== undefined) {
    if (!isObject(input.timeouts)) fail(`${path}.timeouts`, 'an object { firstByteMs, streamMs, invokeMs }', input.timeouts);
    checkKeys(input.timeouts, ['firstByteMs', 'streamMs', 'invokeMs'], `${path}.timeouts`);
    const timeouts = { ...endpoint.timeouts, ...(input.timeouts as Loose) } as Loose;
    endpoint.timeouts = {
      firstByteMs: number(timeouts.firstByteMs, `${path}.timeouts.firstByteMs`, { min: 0, max: MAX_TIMER_MS }),
      streamMs: number(timeouts.streamMs, `${path}.timeouts.streamMs`, { min: 0, max: MAX_TIMER_MS }),
      invokeMs: number(timeouts.invokeMs, `${path}.timeouts.invokeMs`, { min: 0, max: MAX_TIMER_MS }),
    };
  }
  return endpoint;
}

function normalizeBackend(value: unknown, previous: BackendConfig | null, path: string): BackendConfig | null {
  if (value === null) return null;
  const input = typeof value === 'string' ? { url: value } : value;
  if (!isObject(input)) fail(path, 'a URL or { url, model, maxResponseBytes }', value);
  checkKeys(input, ['url', 'model', 'maxResponseBytes'], path);
  const merged = { model: 'default', maxResponseBytes: DEFAULT_BACKEND_RESPONSE_BYTES, ...(previous ?? {}), ...input } as Loose;
  const url = string(merged.url, `${path}.url`);
  if (parseBackendUrl(url) === null) fail(`${path}.url`, 'an http:// or https:// URL', url);
  return {
    url,
    model: string(merged.model, `${path}.model`),
    maxResponseBytes: number(merged.maxResponseBytes, `${path}.maxResponseBytes`, { min: 1024, max: MAX_BACKEND_RESPONSE_BYTES, integer: true }),
  };
}

/** Configs this function returned (startServer normalizes, then createApp receives the result). */
const NORMALIZED = new WeakSet<object>();

const TOP_LEVEL_KEYS = ['seed', 'latencyScale', 'region', 'accountId', 'defaultEndpoints', 'endpoints', 'auth', 'journal', 'server', 'errors', 'record', 'replay', 'bidi', 'allowRemoteBackend'];

/**
 * Validates a (partial) configuration and fills in every default. Idempotent: a full
 * {@link MockConfig} comes back unchanged. Errors name the offending path.
 *
 * @example
 * const config = normalizeConfig({ latencyScale: 0, endpoints: { 'my-ep': { profile: 'tgi' } } });
 */
export function normalizeConfig(input: MockConfigInput | MockConfig = {}): MockConfig {
  // Normalizing again would bring back the built-in endpoints that `defaultEndpoints: false` removed.
  if (NORMALIZED.has(input)) return input as MockConfig;
  if (!isObject(input)) fail('(root)', 'an object', input);
  checkKeys(input, TOP_LEVEL_KEYS, '(root)');
  const loose = input as Loose;
  const config = defaultConfig();
  if (loose.seed !== undefined) config.seed = number(loose.seed, 'seed', { min: 0, max: MAX_SEED, integer: true });
  if (loose.latencyScale !== undefined) config.latencyScale = number(loose.latencyScale, 'latencyScale', { min: 0, max: MAX_LATENCY_SCALE });
  if (loose.region !== undefined) config.region = string(loose.region, 'region');
  if (loose.accountId !== undefined) config.accountId = string(loose.accountId, 'accountId');
  const base = loose.defaultEndpoints === false ? {} : defaultEndpoints();
  if (loose.defaultEndpoints !== undefined) boolean(loose.defaultEndpoints, 'defaultEndpoints');
  if (loose.endpoints !== undefined && !isObject(loose.endpoints)) fail('endpoints', 'a map of endpoint name → settings', loose.endpoints);
  const endpoints: Record<string, EndpointConfig> = { ...base };
  for (const [name, endpoint] of Object.entries((loose.endpoints ?? {}) as Record<string, EndpointInput>)) {
    // Own properties only: `constructor` or `toString` must not find Object.prototype's.
    endpoints[name] = normalizeEndpoint(name, endpoint, Object.hasOwn(endpoints, name) ? endpoints[name] : undefined);
  }
  config.endpoints = endpoints;
  if (loose.auth !== undefined) {
    if (!isObject(loose.auth)) fail('auth', 'an object { mode, credentials }', loose.auth);
    checkKeys(loose.auth, ['mode', 'credentials', 'region', 'maxClockSkewMs'], 'auth');
    const auth = { ...config.auth, ...loose.auth } as Loose;
    const credentials = Array.isArray(auth.credentials) ? auth.credentials : fail('auth.credentials', 'a list of { accessKeyId, secretAccessKey }', auth.credentials);
    config.auth = {
      mode: oneOf(auth.mode, ['none', 'sigv4'] as const, 'auth.mode'),
      region: auth.region === null ? null : string(auth.region, 'auth.region'),
      maxClockSkewMs: number(auth.maxClockSkewMs, 'auth.maxClockSkewMs', { min: 0, max: MAX_CLOCK_SKEW_MS }),
      credentials: credentials.map((credential: unknown, index) => {
        const path = `auth.credentials[${index}]`;
        if (!isObject(credential)) fail(path, '{ accessKeyId, secretAccessKey, sessionToken?, expiresAt? }', credential);
        checkKeys(credential, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiresAt'], path);
        return {
          accessKeyId: string(credential.accessKeyId, `${path}.accessKeyId`),
          secretAccessKey: string(credential.secretAccessKey, `${path}.secretAccessKey`),
          ...(credential.sessionToken === undefined ? {} : { sessionToken: string(credential.sessionToken, `${path}.sessionToken`) }),
          ...(credential.expiresAt === undefined ? {} : { expiresAt: string(credential.expiresAt, `${path}.expiresAt`) }),
        };
      }),
    };
    if (config.auth.mode === 'sigv4' && config.auth.credentials.length === 0) fail('auth.credentials', 'at least one credential when auth.mode is sigv4', []);
  }
  if (loose.journal !== undefined) {
    const journal = section(loose, 'journal', config.journal);
    config.journal = {
      maxEntries: number(journal.maxEntries, 'journal.maxEntries', { min: 0, max: MAX_JOURNAL_ENTRIES, integer: true }),
      maxBodyBytes: number(journal.maxBodyBytes, 'journal.maxBodyBytes', { min: 0, max: MAX_BODY_BYTES, integer: true }),
    };
  }
  if (loose.server !== undefined) {
    const server = section(loose, 'server', config.server);
    const allowedHosts = Array.isArray(server.allowedHosts) ? server.allowedHosts : fail('server.allowedHosts', 'a list of host names or IP addresses', server.allowedHosts);
    config.server = {
      headersTimeoutMs: number(server.headersTimeoutMs, 'server.headersTimeoutMs', { min: 0, max: MAX_TIMER_MS }),
      requestTimeoutMs: number(server.requestTimeoutMs, 'server.requestTimeoutMs', { min: 0, max: MAX_TIMER_MS }),
      keepAliveTimeoutMs: number(server.keepAliveTimeoutMs, 'server.keepAliveTimeoutMs', { min: 0, max: MAX_TIMER_MS }),
      allowedHosts: allowedHosts.map((host: unknown, index) => {
        if (typeof host !== 'string' || !isValidAllowedHost(host)) fail(`server.allowedHosts[${index}]`, 'a host name, an IP address or .domain', host);
        return host;
      }),
    };
  }
  if (loose.errors !== undefined) {
    const errors = section(loose, 'errors', config.errors);
    config.errors = { coralSuffix: boolean(errors.coralSuffix, 'errors.coralSuffix') };
  }
  if (loose.record !== undefined && loose.record !== null) {
    if (!isObject(loose.record)) fail('record', 'an object { dir, region, endpointUrl? }', loose.record);
    checkKeys(loose.record, ['dir', 'region', 'endpointUrl'], 'record');
    config.record = {
      dir: string(loose.record.dir, 'record.dir'),
      region: loose.record.region === undefined ? config.region : string(loose.record.region, 'record.region'),
      ...(loose.record.endpointUrl === undefined ? {} : { endpointUrl: string(loose.record.endpointUrl, 'record.endpointUrl') }),
    };
  }
  if (loose.replay !== undefined && loose.replay !== null) {
    if (!isObject(loose.replay)) fail('replay', 'an object { dir, maxCassetteBytes? }', loose.replay);
    checkKeys(loose.replay, ['dir', 'maxCassetteBytes'], 'replay');
    config.replay = {
      dir: string(loose.replay.dir, 'replay.dir'),
      maxCassetteBytes:
        loose.replay.maxCassetteBytes === undefined ? DEFAULT_MAX_CASSETTE_BYTES : number(loose.replay.maxCassetteBytes, 'replay.maxCassetteBytes', { min: 1024, max: MAX_CASSETTE_BYTES_LIMIT, integer: true }),
    };
  }
  if (config.record && config.replay) fail('replay', 'either record or replay, not both', 'both');
  if (loose.bidi !== undefined) config.bidi = normalizeBidiConfig(loose.bidi);
  if (loose.allowRemoteBackend !== undefined) config.allowRemoteBackend = boolean(loose.allowRemoteBackend, 'allowRemoteBackend');
  // A backend receives every prompt: loopback only, unless the config says otherwise.
  // Inference components run containers of their own: theirs are checked too.
  for (const { path, container } of backendContainers(config)) {
    if (container.backend && !config.allowRemoteBackend && !isLoopbackUrl(container.backend.url)) {
      fail(`${path}.backend.url`, 'a loopback URL (127.0.0.1, [::1], localhost) unless allowRemoteBackend is true (--allow-remote-backend)', container.backend.url);
    }
  }
  NORMALIZED.add(config);
  return config;
}

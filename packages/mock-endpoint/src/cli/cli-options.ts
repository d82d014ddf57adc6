import { CHUNKING_MODES, FAULT_NAMES, type ChunkingMode, type FaultName, type MockConfig } from '../config/mock-config.js';
import { parseUpstreamUrl } from '../bidi/normalize-bidi-config.js';
import { backendContainers, isLoopbackUrl, parseBackendUrl } from '../backend/backend-url.js';
import { DEFAULT_BACKEND_RESPONSE_BYTES, DEFAULT_MAX_CASSETTE_BYTES, MAX_UNIX_TIME } from '../config/limits.js';
import { MockEndpointError } from '../errors.js';
import { isValidAllowedHost } from '../security/request-guard.js';

/** Parsed command-line options of `sagestream-mock`. */
export interface CliOptions {
  port: number;
  host: string;
  config?: string;
  seed?: number;
  latencyScale?: number;
  /** `--created`: a fixed `created` for every endpoint and inference component. */
  created?: number;
  chunking?: string;
  fault?: string;
  auth?: string;
  accessKey: string[];
  /** `--allow-host`, repeatable: Host names accepted besides loopback ones. */
  allowHost?: string[];
  region?: string;
  record?: string;
  upstreamRegion?: string;
  upstreamUrl?: string;
  replay?: string;
  quiet?: boolean;
  /** Bridge every bidi endpoint to this container WebSocket (ws://HOST:PORT). */
  bidiUpstream?: string;
  /** `--backend URL`: a local OpenAI-compatible chat server behind every endpoint. */
  backend?: string;
  backendModel?: string;
  allowRemoteBackend?: boolean;
  /** Worker processes sharing the port (`--workers`, default 1: a single process). */
  workers?: number;
}

function invalid(option: string, expected: string, actual: string): never {
  throw new MockEndpointError('invalid-argument', `Invalid ${option} ${JSON.stringify(actual)}: expected ${expected}.`, { expected, actual });
}

/**
 * Applies command-line flags over a loaded configuration: flags win over the config file, and
 * `--chunking` / `--fault` apply to every endpoint.
 */
export function applyCliOptions(options: { config: MockConfig; cli: CliOptions; env?: NodeJS.ProcessEnv }): MockConfig {
  const { cli, env = process.env } = options;
  const config = structuredClone(options.config);
  if (cli.seed !== undefined) config.seed = cli.seed;
  if (cli.latencyScale !== undefined) config.latencyScale = cli.latencyScale;
  if (cli.region !== undefined) config.region = cli.region;
  if (cli.created !== undefined) {
    if (cli.created < 0 || cli.created > MAX_UNIX_TIME) invalid('--created', `a Unix time 0..${MAX_UNIX_TIME}`, String(cli.created));
    for (const endpoint of Object.values(config.endpoints)) {
      endpoint.model.created = cli.created;
      for (const component of endpoint.inferenceComponents) component.container.model.created = cli.created;
    }
  }
  if (cli.chunking !== undefined) {
    if (!CHUNKING_MODES.includes(cli.chunking as ChunkingMode)) invalid('--chunking', CHUNKING_MODES.join(', '), cli.chunking);
    for (const endpoint of Object.values(config.endpoints)) endpoint.chunking.mode = cli.chunking as ChunkingMode;
  }
  if (cli.fault !== undefined) {
    const [name = '', after = '0'] = cli.fault.split('@');
    if (!FAULT_NAMES.includes(name as FaultName) || !/^\d+$/.test(after)) invalid('--fault', `NAME or NAME@TOKENS with NAME one of ${FAULT_NAMES.join(', ')}`, cli.fault);
    for (const endpoint of Object.values(config.endpoints)) endpoint.fault = { name: name as FaultName, afterTokens: Number(after), probability: 1 };
  }
  if (cli.auth !== undefined) {
    if (cli.auth !== 'sigv4' && cli.auth !== 'none') invalid('--auth', 'sigv4 or none', cli.auth);
    config.auth.mode = cli.auth;
  }
  for (const pair of cli.accessKey) {
    const separator = pair.indexOf(':');
    if (separator <= 0) invalid('--access-key', 'ACCESS_KEY_ID:SECRET_ACCESS_KEY', pair);
    config.auth.credentials.push({ accessKeyId: pair.slice(0, separator), secretAccessKey: pair.slice(separator + 1) });
  }
  if (config.auth.mode === 'sigv4' && config.auth.credentials.length === 0) {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
      throw new MockEndpointError('invalid-argument', '--auth sigv4 needs accepted keys: pass --access-key ID:SECRET, list auth.credentials in the config, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.');
    }
    config.auth.credentials.push({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    });
  }
  if (cli.record !== undefined) {
    config.record = {
      dir: cli.record,
      region: cli.upstreamRegion ?? config.record?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.region,
      ...(cli.upstreamUrl ?? config.record?.endpointUrl ? { endpointUrl: cli.upstreamUrl ?? config.record?.endpointUrl } : {}),
    };
  }
  if (cli.replay !== undefined) config.replay = { dir: cli.replay, maxCassetteBytes: config.replay?.maxCassetteBytes ?? DEFAULT_MAX_CASSETTE_BYTES };
  for (const host of cli.allowHost ?? []) {
    if (!isValidAllowedHost(host)) invalid('--allow-host', 'a host name, an IP address or .domain (for the domain and its subdomains)', host);
    config.server.allowedHosts.push(host);
  }
  if (cli.bidiUpstream !== undefined) {
    let upstream: string;
    try {
      upstream = parseUpstreamUrl(cli.bidiUpstream, '--bidi-upstream');
    } catch {
      invalid('--bidi-upstream', 'a ws://HOST:PORT URL', cli.bidiUpstream);
    }
    for (const endpoint of Object.values(config.bidi.endpoints)) endpoint.upstream = upstream;
  }
  if (cli.allowRemoteBackend) config.allowRemoteBackend = true;
  if (cli.backend !== undefined) {
    if (!parseBackendUrl(cli.backend)) invalid('--backend', 'an http:// or https:// URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1', cli.backend);
    // Every container answers from the backend: endpoints' and inference components' alike.
    for (const { container } of backendContainers(config)) {
      container.backend = { url: cli.backend, model: cli.backendModel ?? container.backend?.model ?? 'default', maxResponseBytes: container.backend?.maxResponseBytes ?? DEFAULT_BACKEND_RESPONSE_BYTES };
    }
  }
  for (const { container } of backendContainers(config)) {
    if (container.backend && !config.allowRemoteBackend && !isLoopbackUrl(container.backend.url)) {
      invalid('--backend', 'a loopback URL (127.0.0.1, [::1], localhost); add --allow-remote-backend to send prompts to another machine', container.backend.url);
    }
  }
  if (config.record && (cli.workers ?? 1) > 1) throw new MockEndpointError('invalid-argument', '--record writes cassettes from one process: use it with --workers 1.');
  if (config.record && config.replay) throw new MockEndpointError('invalid-argument', 'Use either --record or --replay, not both.');
  return config;
}

import type { BidiConfig, BidiEndpointConfig, BidiMode, LatencyConfig, ModelConfig } from '../config/mock-config.js';

export type { BidiConfig, BidiEndpointConfig, BidiMode } from '../config/mock-config.js';

/** All bidi modes. */
export const BIDI_MODES: readonly BidiMode[] = ['echo', 'chat', 'transcribe'];

/** What bidi endpoints take from the HTTP/1.1 defaults (passed in, so this file imports no config code). */
export interface BidiDefaults {
  model: ModelConfig;
  latency: LatencyConfig;
}

/** Default bidi endpoint of a mode. */
export function defaultBidiEndpoint(options: { name: string; mode: BidiMode; description: string; defaults: BidiDefaults }): BidiEndpointConfig {
  const { name, mode, description, defaults } = options;
  return {
    name,
    mode,
    description,
    variant: 'AllTraffic',
    containerName: 'primary',
    upstream: null,
    reply: { mode: 'corpus', rules: [], fallback: 'corpus', corpus: [] },
    model: { ...defaults.model },
    latency: structuredClone(defaults.latency),
    chunking: { mode: 'token', coalesceFlushes: 4, utf8SplitAt: 1 },
    maxNewTokens: 60,
    bytesPerWord: 3200,
    fault: null,
    streamTimeoutMs: 30 * 60_000,
  };
}

/** The built-in bidirectional endpoints. */
export function defaultBidiConfig(defaults: BidiDefaults): BidiConfig {
  const endpoint = (name: string, mode: BidiMode, description: string) => defaultBidiEndpoint({ name, mode, description, defaults });
  const endpoints = [
    endpoint('mock-bidi-echo', 'echo', 'Bidirectional echo: each input part comes back with the same bytes and DataType'),
    endpoint('mock-bidi-chat', 'chat', 'Bidirectional chat: each COMPLETE UTF8 part is a user turn, answered as LMI chat.completion.chunk JSON Lines'),
    endpoint('mock-bidi-transcribe', 'transcribe', 'Bidirectional "transcription": BINARY audio in, partial UTF8 transcript parts out, then a COMPLETE one'),
  ];
  return {
    endpoints: Object.fromEntries(endpoints.map((endpoint) => [endpoint.name, endpoint])),
    defaultEndpoints: false,
    maxPartBytes: 1024 * 1024,
    maxEventsPerStream: 100_000,
    maxConcurrentStreams: 100,
    maxJournalParts: 200,
    pingIntervalMs: 60_000,
    maxMissedPongs: 5,
  };
}

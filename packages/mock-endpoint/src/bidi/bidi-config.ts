import { DEFAULT_LATENCY, PROFILE_MODELS } from '../config/default-config.js';
import type { ChunkingConfig, FaultConfig, LatencyConfig, ModelConfig, ReplyConfig } from '../config/mock-config.js';

/** What a mock bidirectional endpoint does with the parts it receives. */
export type BidiMode = 'echo' | 'chat' | 'transcribe';

/** All bidi modes. */
export const BIDI_MODES: readonly BidiMode[] = ['echo', 'chat', 'transcribe'];

/** One endpoint of the HTTP/2 bidirectional API. */
export interface BidiEndpointConfig {
  name: string;
  mode: BidiMode;
  description: string;
  /** `x-amzn-invoked-production-variant`. */
  variant: string;
  containerName: string;
  /** Bridge mode: the user's container WebSocket (`ws://HOST:PORT`); the mode is then ignored. */
  upstream: string | null;
  /** `chat`: reply text, model, latency and chunking, as the HTTP/1.1 endpoints. */
  reply: ReplyConfig;
  model: ModelConfig;
  latency: LatencyConfig;
  chunking: ChunkingConfig;
  /** `chat`: tokens per reply when the turn sets none. */
  maxNewTokens: number;
  /** `transcribe`: input bytes per transcript word (3200 = 100 ms of 16 kHz 16-bit mono audio). */
  bytesPerWord: number;
  fault: FaultConfig | null;
  /** The whole stream must end within this (then ModelStreamError ModelInvocationTimeExceeded). */
  streamTimeoutMs: number;
  seed?: number;
}

/** Settings of the HTTP/2 side of the mock. */
export interface BidiConfig {
  endpoints: Record<string, BidiEndpointConfig>;
  /** Add the built-in bidi endpoints; normalizing merges them into `endpoints` and sets this to false. */
  defaultEndpoints: boolean;
  /** Largest inner message (PayloadPart) accepted from a client, in bytes. */
  maxPartBytes: number;
  /** Most input events in one stream (the end-of-input event included). */
  maxEventsPerStream: number;
  /** Most concurrent streams on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxConcurrentStreams: number;
  /** Input / output parts kept per journal entry (the rest are counted, not kept). */
  maxJournalParts: number;
  /** Bridge mode: WebSocket ping interval (the platform's is 60 s). */
  pingIntervalMs: number;
  /** Bridge mode: close the container WebSocket after this many unanswered pings (the platform's is 5). */
  maxMissedPongs: number;
}

/** Default bidi endpoint of a mode. */
export function defaultBidiEndpoint(name: string, mode: BidiMode, description: string): BidiEndpointConfig {
  return {
    name,
    mode,
    description,
    variant: 'AllTraffic',
    containerName: 'primary',
    upstream: null,
    reply: { mode: 'corpus', rules: [], fallback: 'corpus', corpus: [] },
    model: { ...PROFILE_MODELS.lmi },
    latency: structuredClone(DEFAULT_LATENCY),
    chunking: { mode: 'token', coalesceFlushes: 4 },
    maxNewTokens: 60,
    bytesPerWord: 3200,
    fault: null,
    streamTimeoutMs: 30 * 60_000,
  };
}

/** The built-in bidirectional endpoints. */
export function defaultBidiConfig(): BidiConfig {
  const endpoints = [
    defaultBidiEndpoint('mock-bidi-echo', 'echo', 'Bidirectional echo: each input part comes back with the same bytes and DataType'),
    defaultBidiEndpoint('mock-bidi-chat', 'chat', 'Bidirectional chat: each COMPLETE UTF8 part is a user turn, answered as LMI chat.completion.chunk JSON Lines'),
    defaultBidiEndpoint('mock-bidi-transcribe', 'transcribe', 'Bidirectional "transcription": BINARY audio in, partial UTF8 transcript parts out, then a COMPLETE one'),
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

import type { ControlPlaneSettings } from '../control-plane/control-plane-settings.js';
import type { CorpusEntry } from '../replies/corpus.js';

/** Container profiles: which model server the endpoint emulates and how it writes its output. */
export type ProfileName = 'lmi' | 'lmi-legacy' | 'lmi-sse' | 'tgi' | 'lmi-async' | 'vllm' | 'vllm-legacy' | 'sglang';

/** All profile names, for validation and help texts. */
export const PROFILE_NAMES: readonly ProfileName[] = ['lmi', 'lmi-legacy', 'lmi-sse', 'tgi', 'lmi-async', 'vllm', 'vllm-legacy', 'sglang'];

/** A delay distribution in milliseconds (before `latencyScale` is applied). */
export type DelaySpec =
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  | { distribution: 'normal'; meanMs: number; stddevMs: number }
  | { distribution: 'lognormal'; medianMs: number; sigma: number };

/** Latency profile of an endpoint. */
export interface LatencyConfig {
  /** From the request to the first token (prefill). */
  timeToFirstToken: DelaySpec;
  /** Between two tokens (decode). */
  interToken: DelaySpec;
}

/** How container output is cut into PayloadParts; the bytes are the same in every mode. */
export type ChunkingMode = 'token' | 'coalesce' | 'random' | 'split-utf8';

/** All chunking modes. */
export const CHUNKING_MODES: readonly ChunkingMode[] = ['token', 'coalesce', 'random', 'split-utf8'];

/** Chunking settings of an endpoint. */
export interface ChunkingConfig {
  mode: ChunkingMode;
  /** `coalesce`: container flushes per PayloadPart. */
  coalesceFlushes: number;
  /** `split-utf8`: every multi-byte character is cut after this many of its bytes (1–3; default 1). */
  utf8SplitAt: number;
}

/** Faults the mock can inject. */
export type FaultName =
  // in the stream, after `afterTokens` tokens
  | 'model-stream-error'
  | 'stream-broken'
  | 'internal-stream-failure'
  | 'container-error'
  | 'connection-reset'
  | 'stall'
  // the last line of the stream lacks its newline (custom containers, LMI's coded error line)
  | 'no-final-newline'
  // before the stream: plain HTTP errors
  | 'model-error'
  | 'validation-error'
  | 'service-unavailable'
  | 'internal-failure'
  | 'throttling'
  | 'model-not-ready';

/** All fault names. */
export const FAULT_NAMES: readonly FaultName[] = [
  'model-stream-error',
  'stream-broken',
  'internal-stream-failure',
  'container-error',
  'connection-reset',
  'stall',
  'no-final-newline',
  'model-error',
  'validation-error',
  'service-unavailable',
  'internal-failure',
  'throttling',
  'model-not-ready',
];

/** A fault injected into every request of an endpoint (or a seeded share of them). */
export interface FaultConfig {
  name: FaultName;
  /** In-stream faults strike after this many tokens were sent (default 0). */
  afterTokens: number;
  /** Share of requests that get the fault, 0..1 (default 1), drawn from the request seed. */
  probability: number;
}

/** A scripted reply: the first rule whose regex matches the prompt wins. */
export interface ReplyRule {
  /** A JavaScript regular expression source. */
  match: string;
  /** RegExp flags, e.g. `i`. */
  flags?: string;
  reply: string;
}

/** Where reply text comes from. */
export interface ReplyConfig {
  mode: 'corpus' | 'echo' | 'scripted';
  rules: ReplyRule[];
  /** Used by `scripted` when no rule matches. */
  fallback: 'corpus' | 'echo';
  /** Replaces the built-in corpus when non-empty. */
  corpus: CorpusEntry[];
}

/** The model the container pretends to serve. */
export interface ModelConfig {
  id: string;
  eosToken: string;
  eosTokenId: number;
  vocabularySize: number;
  /** TGI `--max-input-tokens`. */
  maxInputTokens: number;
  /** TGI `--max-total-tokens` (prompt + generated). */
  maxTotalTokens: number;
  /** Used when the request sets no limit; null = the container's own rule (TGI: up to the total). */
  defaultMaxNewTokens: number | null;
  /** TGI `--max-stop-sequences`. */
  maxStopSequences: number;
  /** TGI `system_fingerprint` of chat chunks. */
  systemFingerprint: string;
  /** `created` of chat chunks: a fixed Unix time (byte-identical replays) or `now`. */
  created: number | 'now';
  /**
   * A reasoning model served with a reasoning parser (vLLM `--reasoning-parser`, SGLang): chat
   * answers start with reasoning deltas. Requests can turn it off with
   * `chat_template_kwargs.enable_thinking: false`.
   */
  reasoning: boolean;
}

/** Service-side time limits (not scaled by `latencyScale`). */
export interface TimeoutConfig {
  /** Stream: no token by then → ModelStreamError ModelInvocationTimeExceeded. */
  firstByteMs: number;
  /** Stream: not finished by then → ModelStreamError ModelInvocationTimeExceeded. */
  streamMs: number;
  /** InvokeEndpoint: no response by then → ModelError 424. */
  invokeMs: number;
}

/** A production variant of an endpoint (CreateEndpointConfig `ProductionVariants`). */
export interface VariantConfig {
  name: string;
  /** Relative traffic weight (`InitialVariantWeight`); requests without TargetVariant are split by it. */
  weight: number;
  instanceType: string;
  /** Emulated instances; a stateful session stays on the instance that opened it. */
  instanceCount: number;
}

/** Whose header convention a container uses for stateful sessions. */
export type SessionConvention = 'lmi' | 'mhcs';

/** Stateful sessions as the endpoint's container implements them. */
export interface SessionConfig {
  enabled: boolean;
  /**
   * `lmi`: djl-serving answers NEW_SESSION with `X-Amzn-SageMaker-Session-Id: <id>; Expires=…` and
   * a JSON body; `mhcs`: aws/model-hosting-container-standards (vLLM's SageMaker routes) answers
   * with `X-Amzn-SageMaker-New-Session-Id` and a plain-text body.
   */
  convention: SessionConvention;
  /** Lifetime of a session (LMI and MHCS default: 1200 s). */
  ttlSeconds: number;
  /** Open sessions per endpoint; NEW_SESSION beyond this fails as the container would (ModelError 424). */
  maxOpen: number;
}

/** An inference component hosted on an endpoint (CreateInferenceComponent). */
export interface InferenceComponentConfig {
  name: string;
  /** The production variant whose instances host it. */
  variantName: string;
  /** `RuntimeConfig.CopyCount`. */
  copyCount: number;
  /** `ComputeResourceRequirements.NumberOfAcceleratorDevicesRequired`. */
  acceleratorDevices: number;
  /** The container this component runs: profile, model, latency, replies, sessions… */
  container: EndpointConfig;
}

/** One mock endpoint. */
export interface EndpointConfig {
  name: string;
  profile: ProfileName;
  /** Shown in the CLI banner and `/_mock/endpoints`. */
  description: string;
  /** `x-Amzn-Invoked-Production-Variant` of the first variant (kept for single-variant configs). */
  variant: string;
  /** Production variants; requests without TargetVariant are split by weight (seeded). */
  variants: VariantConfig[];
  /** Inference components; when non-empty, every request must name one (InferenceComponentName). */
  inferenceComponents: InferenceComponentConfig[];
  sessions: SessionConfig;
  /** The container name SageMaker uses in messages ("primary"). */
  containerName: string;
  model: ModelConfig;
  reply: ReplyConfig;
  latency: LatencyConfig;
  chunking: ChunkingConfig;
  fault: FaultConfig | null;
  timeouts: TimeoutConfig;
  /**
   * Reject bodies whose Content-Type the real container rejects (TGI: anything but JSON → 415;
   * LMI: binary types). Default true; the JS SDK sends `application/octet-stream` unless told.
   */
  strictContentType: boolean;
  /** Overrides the global seed for this endpoint. */
  seed?: number;
  /** How the endpoint appears on the control plane (status, image, environment, instances); derived when absent. */
  controlPlane?: ControlPlaneSettings;
  /**
   * A local OpenAI-compatible chat server (Ollama, llama.cpp, vLLM, LM Studio) whose answers this
   * endpoint streams in its container format; null = the mock's own replies.
   */
  backend: BackendConfig | null;
}

/** A real model behind an endpoint (`--backend URL`). */
export interface BackendConfig {
  /** Base URL of the server, e.g. `http://127.0.0.1:11434/v1` (`/chat/completions` is appended). */
  url: string;
  /** The `model` field sent upstream (Ollama and LM Studio need it; vLLM checks it). */
  model: string;
  /** Upstream answer limit: larger answers end in a 424 ModelError (default 4 MiB). */
  maxResponseBytes: number;
}

/** Static credentials accepted by SigV4 checking. */
export interface AuthCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** ISO time after which the session token is expired (→ ExpiredTokenException). */
  expiresAt?: string;
}

/** Request authentication. */
export interface AuthConfig {
  /** `none` accepts any request (default); `sigv4` verifies signatures as SageMaker does. */
  mode: 'none' | 'sigv4';
  credentials: AuthCredential[];
  /** Required signing region; null accepts any region. */
  region: string | null;
  /** Largest accepted difference between X-Amz-Date and the server clock. */
  maxClockSkewMs: number;
}

/** Record mode: proxy to a real SageMaker runtime and save cassettes. */
export interface RecordConfig {
  dir: string;
  region: string;
  /** Override of the runtime URL (another mock, a VPC endpoint); default from the region. */
  endpointUrl?: string;
}

/** Replay mode: serve the cassettes of a folder. */
export interface ReplayConfig {
  dir: string;
  /** Larger cassette files are refused with a clear error (default 64 MiB). */
  maxCassetteBytes: number;
}

/** What a mock bidirectional endpoint does with the parts it receives. */
export type BidiMode = 'echo' | 'chat' | 'transcribe';

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

/** The whole mock configuration, as {@link normalizeConfig} returns it. */
export interface MockConfig {
  /** Base seed of every random choice (replies, tokens, delays, random chunking). */
  seed: number;
  /** Multiplies every delay; 0 = no delays at all. */
  latencyScale: number;
  region: string;
  accountId: string;
  endpoints: Record<string, EndpointConfig>;
  auth: AuthConfig;
  journal: { maxEntries: number; maxBodyBytes: number };
  server: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    /**
     * Host names accepted besides loopback ones (127.0.0.0/8, [::1], localhost): exact names or IP
     * addresses, or `.example.com` for a domain and its subdomains (`--allow-host`).
     */
    allowedHosts: string[];
  };
  /** Append the Coral namespace to `x-amzn-ErrorType`, as the real service does. */
  errors: { coralSuffix: boolean };
  record: RecordConfig | null;
  replay: ReplayConfig | null;
  /** The HTTP/2 bidirectional API (InvokeEndpointWithBidirectionalStream) on the same port. */
  bidi: BidiConfig;
  /** Accept `backend` URLs that are not loopback (`--allow-remote-backend`); default false. */
  allowRemoteBackend: boolean;
}

/** Recursive partial, for config files and programmatic overrides. */
export type DeepPartial<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** An endpoint as written in a config file: everything optional except what the profile needs. */
export type EndpointInput = DeepPartial<Omit<EndpointConfig, 'latency' | 'fault' | 'chunking' | 'variants' | 'inferenceComponents' | 'sessions' | 'controlPlane' | 'backend'>> & {
  controlPlane?: Partial<ControlPlaneSettings>;
  /** A URL, or { url, model, maxResponseBytes }; null for none. */
  backend?: string | DeepPartial<BackendConfig> | null;
  latency?: { timeToFirstToken?: DelaySpec | number; interToken?: DelaySpec | number };
  chunking?: ChunkingMode | DeepPartial<ChunkingConfig>;
  fault?: FaultName | DeepPartial<FaultConfig> | null;
  variants?: Partial<VariantConfig>[];
  inferenceComponents?: InferenceComponentInput[];
  /** `true`/`false`, or the settings. */
  sessions?: boolean | Partial<SessionConfig>;
};

/** An inference component as written in a config file: a name, its container's settings, placement. */
export type InferenceComponentInput = Omit<EndpointInput, 'variants' | 'inferenceComponents' | 'variant' | 'name'> & {
  name: string;
  variantName?: string;
  copyCount?: number;
  acceleratorDevices?: number;
};

/** What a config file or `createApp(config)` may contain; missing parts take defaults. */
export type MockConfigInput = DeepPartial<Omit<MockConfig, 'endpoints' | 'bidi'>> & {
  /** The `bidi` section; see `normalizeBidiConfig` (endpoints take `mode`, `upstream`, `replyText`, …). */
  bidi?: Record<string, unknown>;
  /** Keep the built-in endpoints next to the configured ones (default true). */
  defaultEndpoints?: boolean;
  endpoints?: Record<string, EndpointInput>;
};

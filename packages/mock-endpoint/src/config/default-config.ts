import type { EndpointConfig, LatencyConfig, MockConfig, ModelConfig, ProfileName } from './mock-config.js';

/** The account id in ARNs and messages (the AWS documentation's example account). */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** Realistic latency: ~300 ms to the first token, ~30 ms per token, with jitter. */
export const DEFAULT_LATENCY: LatencyConfig = {
  timeToFirstToken: { distribution: 'lognormal', medianMs: 300, sigma: 0.25 },
  interToken: { distribution: 'normal', meanMs: 30, stddevMs: 6 },
};

const LLAMA_3_1_8B: ModelConfig = {
  id: 'meta-llama/Llama-3.1-8B-Instruct',
  eosToken: '<|eot_id|>',
  eosTokenId: 128009,
  vocabularySize: 128_256,
  maxInputTokens: 4095,
  maxTotalTokens: 4096,
  defaultMaxNewTokens: null,
  maxStopSequences: 4,
  systemFingerprint: '3.1.2-dev0-native',
  created: 'now',
};

/** The model each profile pretends to serve, with that container's defaults. */
export const PROFILE_MODELS: Record<ProfileName, ModelConfig> = {
  tgi: LLAMA_3_1_8B,
  // LMI's documented default is max_new_tokens=30: send the parameter for longer answers.
  // LMI (vLLM) has no stop-list limit of its own: the mock allows 64 (TGI's default is 4).
  lmi: { ...LLAMA_3_1_8B, defaultMaxNewTokens: 30, maxStopSequences: 64 },
  'lmi-sse': { ...LLAMA_3_1_8B, defaultMaxNewTokens: 30, maxStopSequences: 64 },
  // The 2023 announcement's setup: Falcon-7B-Instruct on LMI 0.23 (DeepSpeed).
  'lmi-legacy': {
    ...LLAMA_3_1_8B,
    id: 'tiiuae/falcon-7b-instruct',
    eosToken: '<|endoftext|>',
    eosTokenId: 11,
    vocabularySize: 65_024,
    maxInputTokens: 1900,
    maxTotalTokens: 2048,
    defaultMaxNewTokens: 30,
    maxStopSequences: 64,
  },
};

/** What each profile is, for banners and `/_mock/endpoints`. */
export const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  lmi: 'LMI rolling batch, application/jsonlines token lines ({"messages"} bodies get chat chunks)',
  'lmi-legacy': 'LMI 0.23 streaming, {"outputs": [...]} JSON Lines, as in the 2023 announcement',
  'lmi-sse': 'LMI with output_formatter=sse: "data: " + token line',
  tgi: 'TGI: {"inputs", "stream": true} → generate_stream SSE; {"messages"} → chat.completion.chunk SSE',
};

/** Builds one endpoint with all defaults of its profile. */
export function defaultEndpoint(name: string, profile: ProfileName, description = PROFILE_DESCRIPTIONS[profile]): EndpointConfig {
  return {
    name,
    profile,
    description,
    variant: 'AllTraffic',
    containerName: 'primary',
    model: { ...PROFILE_MODELS[profile] },
    reply: { mode: 'corpus', rules: [], fallback: 'corpus', corpus: [] },
    latency: structuredClone(DEFAULT_LATENCY),
    chunking: { mode: 'token', coalesceFlushes: 4, utf8SplitAt: 1 },
    fault: null,
    timeouts: { firstByteMs: 60_000, streamMs: 480_000, invokeMs: 60_000 },
    strictContentType: true,
    backend: null,
  };
}

/** The built-in endpoints: one per container format. */
export function defaultEndpoints(): Record<string, EndpointConfig> {
  const endpoints = [
    defaultEndpoint('mock-lmi', 'lmi', 'LMI rolling batch JSON Lines — send {"inputs", "parameters"}'),
    defaultEndpoint('mock-lmi-legacy', 'lmi-legacy', 'LMI 0.23 {"outputs": [...]} JSON Lines (the announcement) — send {"inputs", "parameters"}'),
    defaultEndpoint('mock-tgi', 'tgi', 'TGI generate_stream SSE (data: without space) — send {"inputs", "parameters", "stream": true}'),
    defaultEndpoint('mock-messages', 'tgi', 'TGI Messages API chat.completion.chunk SSE — send {"messages", "max_tokens", "stream": true}'),
    defaultEndpoint('mock-lmi-sse', 'lmi-sse', 'LMI output_formatter=sse (data: with space) — send {"inputs", "parameters"}'),
    defaultEndpoint('mock-lmi-chat', 'lmi', 'LMI chat completions JSON Lines — send {"messages", "max_tokens", "stream": true}'),
  ];
  return Object.fromEntries(endpoints.map((endpoint) => [endpoint.name, endpoint]));
}

/**
 * The configuration used when none is given: the built-in endpoints, corpus replies, realistic
 * latency, no auth, seed 0.
 */
export function defaultConfig(): MockConfig {
  return {
    seed: 0,
    latencyScale: 1,
    region: 'us-east-1',
    accountId: DEFAULT_ACCOUNT_ID,
    endpoints: defaultEndpoints(),
    auth: { mode: 'none', credentials: [], region: null, maxClockSkewMs: 5 * 60_000 },
    journal: { maxEntries: 1000, maxBodyBytes: 4096 },
    server: { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, allowedHosts: [] },
    errors: { coralSuffix: true },
    record: null,
    replay: null,
    allowRemoteBackend: false,
  };
}

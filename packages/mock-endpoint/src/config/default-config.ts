import { defaultBidiConfig } from '../bidi/bidi-config.js';
import type { EndpointConfig, LatencyConfig, MockConfig, ModelConfig, ProfileName, SessionConfig, VariantConfig } from './mock-config.js';

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
  reasoning: false,
};

/** Qwen3-8B as vLLM serves it with `--reasoning-parser qwen3` (max_model_len 32768). */
const QWEN3_8B: ModelConfig = {
  ...LLAMA_3_1_8B,
  id: 'Qwen/Qwen3-8B',
  eosToken: '<|im_end|>',
  eosTokenId: 151_645,
  vocabularySize: 151_936,
  maxInputTokens: 32_767,
  maxTotalTokens: 32_768,
  maxStopSequences: 64,
  reasoning: true,
};

/** A DeepSeek-R1 distill: a reasoning model whose servers still say `reasoning_content`. */
const DEEPSEEK_R1_DISTILL: ModelConfig = {
  ...QWEN3_8B,
  id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
  eosToken: '<｜end▁of▁sentence｜>',
  eosTokenId: 151_643,
  vocabularySize: 152_064,
};

/** The model each profile pretends to serve, with that container's defaults. */
export const PROFILE_MODELS: Record<ProfileName, ModelConfig> = {
  tgi: LLAMA_3_1_8B,
  // LMI's documented default is max_new_tokens=30: send the parameter for longer answers.
  // LMI (vLLM) has no stop-list limit of its own: the mock allows 64 (TGI's default is 4).
  lmi: { ...LLAMA_3_1_8B, defaultMaxNewTokens: 30, maxStopSequences: 64 },
  'lmi-sse': { ...LLAMA_3_1_8B, defaultMaxNewTokens: 30, maxStopSequences: 64 },
  // LMI async passes OpenAI bodies to vLLM (no default limit) and gives TGI-style bodies 30 tokens.
  'lmi-async': { ...LLAMA_3_1_8B, maxInputTokens: 131_071, maxTotalTokens: 131_072, maxStopSequences: 64 },
  vllm: QWEN3_8B,
  'vllm-legacy': DEEPSEEK_R1_DISTILL,
  sglang: { ...LLAMA_3_1_8B, maxInputTokens: 131_071, maxTotalTokens: 131_072, maxStopSequences: 64 },
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
  tgi: 'TGI (legacy, maintenance mode since Dec 2025): {"inputs", "stream": true} → generate_stream SSE; {"messages"} → chat.completion.chunk SSE',
  'lmi-async': 'LMI v17+ async (vLLM): application/jsonlines — chat chunks for {"messages"}, completion chunks for {"prompt"}, {"token": …} lines for {"inputs"}',
  vllm: 'vLLM SageMaker route: OpenAI SSE (data: … / data: [DONE]), `reasoning` deltas, tool-call fragments',
  'vllm-legacy': 'vLLM before Nov 2025 / DeepSeek-style: OpenAI SSE with `reasoning_content` deltas',
  sglang: 'SGLang /invocations: chat.completion.chunk SSE (msgspec), finish in its own chunk with matched_stop',
};

/** Stateful sessions are on where the container ships them: LMI (djl-serving) and vLLM (MHCS). */
export function defaultSessions(profile: ProfileName): SessionConfig {
  const lmi = profile === 'lmi' || profile === 'lmi-sse' || profile === 'lmi-async';
  const vllm = profile === 'vllm' || profile === 'vllm-legacy';
  return { enabled: lmi || vllm, convention: vllm ? 'mhcs' : 'lmi', ttlSeconds: 1200, maxOpen: 1000 };
}

/** The single variant an endpoint has unless configured: `AllTraffic` on one instance. */
export function defaultVariant(name = 'AllTraffic'): VariantConfig {
  return { name, weight: 1, instanceType: 'ml.g5.2xlarge', instanceCount: 1 };
}

/** Builds one endpoint with all defaults of its profile. */
export function defaultEndpoint(name: string, profile: ProfileName, description = PROFILE_DESCRIPTIONS[profile]): EndpointConfig {
  return {
    name,
    profile,
    description,
    variant: 'AllTraffic',
    variants: [defaultVariant()],
    inferenceComponents: [],
    sessions: defaultSessions(profile),
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
  const endpoints: EndpointConfig[] = [
    defaultEndpoint('mock-lmi', 'lmi', 'LMI rolling batch JSON Lines — send {"inputs", "parameters"}'),
    defaultEndpoint('mock-lmi-legacy', 'lmi-legacy', 'LMI 0.23 {"outputs": [...]} JSON Lines (the announcement) — send {"inputs", "parameters"}'),
    defaultEndpoint('mock-tgi', 'tgi', 'Legacy TGI generate_stream SSE (data: without space) — send {"inputs", "parameters", "stream": true}'),
    {
      ...defaultEndpoint('mock-messages', 'tgi', 'Legacy TGI Messages API chat.completion.chunk SSE — send {"messages", "max_tokens", "stream": true}'),
      // How Hugging Face's SageMaker examples turn the Messages API on for /invocations.
      controlPlane: { status: 'InService', environment: { MESSAGES_API_ENABLED: 'true' } },
    },
    defaultEndpoint('mock-lmi-sse', 'lmi-sse', 'LMI output_formatter=sse (data: with space) — send {"inputs", "parameters"}'),
    {
      ...defaultEndpoint('mock-lmi-chat', 'lmi', 'LMI chat completions JSON Lines — send {"messages", "max_tokens", "stream": true}'),
      // Rolling batch with the default formatter: chat requests get the chat completions schema.
      controlPlane: { status: 'InService', environment: { OPTION_ROLLING_BATCH: 'vllm', OPTION_OUTPUT_FORMATTER: null } },
    },
    defaultEndpoint('mock-lmi-async', 'lmi-async', 'LMI v17+ async JSON Lines — send {"messages"|"prompt"|"inputs", "stream": true}'),
    defaultEndpoint('mock-vllm', 'vllm', 'vLLM OpenAI SSE, Qwen3 reasoning + tools — send {"messages", "stream": true, "stream_options": {"include_usage": true}}'),
    defaultEndpoint('mock-vllm-reasoning-legacy', 'vllm-legacy', 'vLLM (pre-Nov 2025) / DeepSeek-R1: reasoning_content deltas — send {"messages", "stream": true}'),
    defaultEndpoint('mock-sglang', 'sglang', 'SGLang chat SSE — send {"messages", "stream": true}'),
    inferenceComponentEndpoint(),
    abTestEndpoint(),
  ];
  return Object.fromEntries(endpoints.map((endpoint) => [endpoint.name, endpoint]));
}

/** An endpoint hosting two inference components with different containers (InferenceComponentName routes). */
function inferenceComponentEndpoint(): EndpointConfig {
  const endpoint = defaultEndpoint('mock-ic', 'lmi-async', 'Two inference components — set InferenceComponentName to ic-llama (LMI async) or ic-qwen (vLLM)');
  endpoint.variants = [{ ...defaultVariant(), instanceType: 'ml.g5.12xlarge', instanceCount: 2 }];
  const llama = defaultEndpoint('mock-ic', 'lmi-async', 'LMI async, Llama 3.1 8B');
  const qwen = defaultEndpoint('mock-ic', 'vllm', 'vLLM, Qwen3-8B');
  qwen.latency = { timeToFirstToken: { distribution: 'lognormal', medianMs: 500, sigma: 0.25 }, interToken: { distribution: 'normal', meanMs: 45, stddevMs: 8 } };
  endpoint.inferenceComponents = [
    { name: 'ic-llama', variantName: 'AllTraffic', copyCount: 2, acceleratorDevices: 1, container: llama },
    { name: 'ic-qwen', variantName: 'AllTraffic', copyCount: 1, acceleratorDevices: 2, container: qwen },
  ];
  return endpoint;
}

/** An A/B test: two weighted production variants (TargetVariant routes, else a seeded weighted pick). */
function abTestEndpoint(): EndpointConfig {
  const endpoint = defaultEndpoint('mock-ab', 'lmi-async', 'Two production variants, 80/20 — TargetVariant picks one; x-Amzn-Invoked-Production-Variant says which answered');
  endpoint.variants = [
    { name: 'variant-blue', weight: 0.8, instanceType: 'ml.g5.2xlarge', instanceCount: 2 },
    { name: 'variant-green', weight: 0.2, instanceType: 'ml.g6.2xlarge', instanceCount: 1 },
  ];
  endpoint.variant = 'variant-blue';
  return endpoint;
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
    bidi: defaultBidiConfig({ model: PROFILE_MODELS.lmi, latency: DEFAULT_LATENCY }),
    allowRemoteBackend: false,
  };
}

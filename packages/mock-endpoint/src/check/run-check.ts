import type { MockConfig } from '../config/mock-config.js';
import { startServer } from '../server/start-server.js';
import type { CheckScenario, ScenarioResult } from './check-scenario.js';
import { judgeOutcome, tail } from './judge-outcome.js';
import { runCommand } from './run-command.js';

/** Options of {@link runCheck}. */
export interface RunCheckOptions {
  /** The user's client command: the program and its arguments. */
  command: readonly string[];
  scenarios: readonly CheckScenario[];
  /** The mock configuration the scenarios start from (endpoints, profiles). */
  config: MockConfig;
  timeoutMs: number;
  loose: boolean;
  /** Scenarios run at the same time (each with its own mock on a free port). */
  jobs: number;
  /** The environment the command inherits before the mock's variables are added. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called as each scenario finishes (progress output). */
  onResult?: (result: ScenarioResult) => void;
}

/** Output kept per stream of the command. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** Long enough for every reply of the matrix; small enough for any container's limits. */
const REQUEST_MAX_TOKENS = 4000;
const DUMMY_KEY = 'sagestream-check';

/** Container profiles whose endpoints a chat client talks to with a Messages API body. */
const MESSAGES_PROFILES: ReadonlySet<string> = new Set(['lmi-async', 'vllm', 'vllm-legacy', 'sglang']);

/** The body a client should send to an endpoint, as its description says (`messages` or `inputs`). */
export function exampleRequestBody(config: MockConfig, endpointName: string): { shape: 'inputs' | 'messages'; body: string } {
  const endpoint = config.endpoints[endpointName]!;
  const prompt = 'Tell me about response streaming.';
  // The 2026 containers take the Messages API; the others say what they expect in their description.
  if (MESSAGES_PROFILES.has(endpoint.profile) || /send \{"messages"/.test(endpoint.description)) {
    return { shape: 'messages', body: JSON.stringify({ messages: [{ role: 'user', content: prompt }], max_tokens: REQUEST_MAX_TOKENS, stream: true }) };
  }
  const body: Record<string, unknown> = { inputs: prompt, parameters: { max_new_tokens: REQUEST_MAX_TOKENS } };
  if (endpoint.profile === 'tgi') body.stream = true;
  return { shape: 'inputs', body: JSON.stringify(body) };
}

/** The mock configuration of one scenario: its endpoint scripted, chunked and faulted. */
export function scenarioConfig(base: MockConfig, scenario: CheckScenario): MockConfig {
  const config = structuredClone(base);
  config.latencyScale = 0;
  const endpoint = config.endpoints[scenario.endpoint];
  if (!endpoint) throw new Error(`Unknown endpoint ${scenario.endpoint}`);
  endpoint.reply = { mode: 'scripted', rules: [{ match: '^', reply: scenario.reply }], fallback: 'echo', corpus: [] };
  endpoint.chunking = { ...endpoint.chunking, ...scenario.chunking };
  endpoint.fault = scenario.fault ? { ...scenario.fault, probability: 1 } : null;
  if (scenario.seed !== undefined) endpoint.seed = scenario.seed;
  if (scenario.eosToken !== undefined) endpoint.model.eosToken = scenario.eosToken;
  // Room for the long reply whatever limit the client sets (TGI checks input + max_new_tokens).
  endpoint.model.maxTotalTokens = Math.max(endpoint.model.maxTotalTokens, 2 * REQUEST_MAX_TOKENS);
  endpoint.model.maxInputTokens = Math.max(endpoint.model.maxInputTokens, REQUEST_MAX_TOKENS);
  if (scenario.streamTimeoutMs !== undefined) endpoint.timeouts = { ...endpoint.timeouts, firstByteMs: scenario.streamTimeoutMs, streamMs: scenario.streamTimeoutMs };
  return config;
}

/** Runs one scenario: a fresh mock on a free port, the command against it, the verdict. */
export async function runScenario(options: Omit<RunCheckOptions, 'scenarios' | 'jobs' | 'onResult'> & { scenario: CheckScenario }): Promise<ScenarioResult> {
  const { scenario } = options;
  const mock = await startServer({ port: 0, config: scenarioConfig(options.config, scenario) });
  try {
    const request = exampleRequestBody(options.config, scenario.endpoint);
    const env: NodeJS.ProcessEnv = {
      ...(options.env ?? process.env),
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: mock.url,
      AWS_ENDPOINT_URL: mock.url,
      AWS_ACCESS_KEY_ID: DUMMY_KEY,
      AWS_SECRET_ACCESS_KEY: DUMMY_KEY,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      // No IMDS look-ups or profile files: the dummy keys are the only credentials.
      AWS_EC2_METADATA_DISABLED: 'true',
      SAGESTREAM_ENDPOINT: scenario.endpoint,
      SAGESTREAM_SCENARIO: scenario.id,
      SAGESTREAM_PROFILE: mock.app.mock.config.endpoints[scenario.endpoint]!.profile,
      SAGESTREAM_REQUEST_SHAPE: request.shape,
      SAGESTREAM_REQUEST_BODY: request.body,
    };
    for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) delete env[name];
    const outcome = await runCommand({ command: options.command, env, timeoutMs: options.timeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES, ...(options.cwd ? { cwd: options.cwd } : {}) });
    const entries = mock.journal.entries().filter((entry) => entry.endpoint === scenario.endpoint);
    const replied = entries.filter((entry) => entry.replyText !== undefined);
    const expected = replied.length > 0 ? replied[replied.length - 1]!.replyText! : null;
    const judgement = judgeOutcome({ scenario, outcome, expected, loose: options.loose, timeoutMs: options.timeoutMs });
    return {
      scenario,
      ...judgement,
      expected,
      stdout: new TextDecoder().decode(outcome.stdout),
      stderrTail: tail(new TextDecoder().decode(outcome.stderr)),
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      durationMs: Math.round(outcome.durationMs),
      requests: entries.length,
    };
  } finally {
    await mock.close();
  }
}

/**
 * Runs the command in every scenario, `jobs` at a time, each against its own mock, and returns
 * the results in scenario order.
 */
export async function runCheck(options: RunCheckOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(options.scenarios.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.scenarios.length) {
      const index = next++;
      const result = await runScenario({ ...options, scenario: options.scenarios[index]! });
      results[index] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, options.scenarios.length)) }, worker));
  return results;
}

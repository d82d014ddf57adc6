import type { MockConfig, MockConfigInput } from '../config/mock-config.js';
import { MockEndpointError } from '../errors.js';
import type { Journal } from '../server/journal.js';
import { startServer, type MockServer } from '../server/start-server.js';

/** A test-runner hook registrar: vitest/jest `beforeAll`, node:test `before`, and so on. */
export type Hook = (fn: () => unknown) => unknown;

/**
 * Options of {@link withMockEndpoint}. The hooks default to the globals jest and vitest (with
 * `globals: true`) define; pass them for node:test (`before`, `after`, `beforeEach` from
 * `node:test`) or for vitest without globals.
 */
export interface WithMockEndpointOptions {
  /** Mock configuration; the default has no delays (`latencyScale: 0`). */
  config?: MockConfigInput | MockConfig;
  beforeAll?: Hook;
  /** node:test's name for `beforeAll`. */
  before?: Hook;
  afterAll?: Hook;
  /** node:test's name for `afterAll`. */
  after?: Hook;
  beforeEach?: Hook;
  /** Set AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, AWS_REGION and dummy keys while the file runs (default true). */
  setEnv?: boolean;
}

/** The mock of a test file, usable once the file's `beforeAll` ran. */
export interface MockEndpointFixture {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The request journal, cleared before every test. */
  readonly journal: Journal;
  readonly server: MockServer;
  /** Region and dummy credentials that go with {@link MockEndpointFixture.url}, for an SDK client. */
  clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
}

/** The variables a client in the test (or a child process) reads to find the mock. */
const ENV_NAMES = ['AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const REGION = 'us-east-1';
const DUMMY_KEY = 'mock';

function hookFrom(given: Hook | undefined, alias: Hook | undefined, global: string): Hook {
  const hook = given ?? alias ?? ((globalThis as Record<string, unknown>)[global] as Hook | undefined);
  if (typeof hook !== 'function') {
    throw new MockEndpointError('invalid-argument', `withMockEndpoint() needs the test runner's ${global}: pass it, e.g. withMockEndpoint({ before, after, beforeEach }) with node:test, or enable globals.`);
  }
  return hook;
}

/**
 * Registers a mock endpoint for the current test file: started on a free loopback port once
 * (beforeAll), its journal cleared before each test, closed after all of them (afterAll), with
 * the AWS environment variables pointing at it meanwhile (restored afterwards).
 *
 * @example
 * import { before, after, beforeEach, test } from 'node:test';
 * const mock = withMockEndpoint({ before, after, beforeEach });
 * test('streams', async () => { const client = new SageMakerRuntimeClient(mock.clientConfig()); … });
 */
export function withMockEndpoint(options: WithMockEndpointOptions = {}): MockEndpointFixture {
  const beforeAll = hookFrom(options.beforeAll, options.before, 'beforeAll');
  const afterAll = hookFrom(options.afterAll, options.after, 'afterAll');
  const beforeEach = hookFrom(options.beforeEach, undefined, 'beforeEach');
  const setEnv = options.setEnv !== false;
  let server: MockServer | undefined;
  const saved = new Map<string, string | undefined>();
  const started = (): MockServer => {
    if (!server) throw new MockEndpointError('invalid-argument', 'The mock endpoint is not started yet: use it inside tests or hooks, after beforeAll.');
    return server;
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, config: options.config ?? { latencyScale: 0 } });
    if (setEnv) {
      const values: Record<(typeof ENV_NAMES)[number], string> = {
        AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: server.url,
        AWS_REGION: process.env.AWS_REGION ?? REGION,
        AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? DUMMY_KEY,
        AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? DUMMY_KEY,
      };
      for (const name of ENV_NAMES) {
        saved.set(name, process.env[name]);
        process.env[name] = values[name];
      }
    }
  });
  beforeEach(() => server?.journal.clear());
  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
    await server?.close();
    server = undefined;
  });

  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    get journal() {
      return started().journal;
    },
    get server() {
      return started();
    },
    clientConfig() {
      return { endpoint: started().url, region: REGION, credentials: { accessKeyId: DUMMY_KEY, secretAccessKey: DUMMY_KEY } };
    },
  };
}

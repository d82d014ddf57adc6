import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

  it('--help lists the options', async () => {
    const child = spawn(process.execPath, [BIN, '--help']);
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    for (const option of ['--port', '--host', '--config', '--seed', '--latency-scale', '--chunking', '--fault', '--auth', '--record', '--replay']) expect(output).toContain(option);
  });

  it('reports a bad config file and exits 1', async () => {
    const child = spawn(process.execPath, [BIN, '--config', '/nonexistent.yaml']);
    let output = '';
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(output).toMatch(/^sagestream-mock: Cannot read the mock config \/nonexistent\.yaml/);
  });
});

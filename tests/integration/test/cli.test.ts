import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from './helpers.js';
import { spawn as spawnChild } from 'node:child_process';

const BIN = fileURLToPath(new URL('../../../packages/core/bin/sagestream.js', import.meta.url));
let mock: MockServer;

beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
});

/** Runs the sagestream CLI with a clean AWS environment. */
function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const common = () => ['--endpoint-url', mock.url];

describe('sagestream invoke and chat, end to end against the mock', () => {
  it('invoke streams the reply to stdout and metrics to stderr', async () => {
    const result = await run(['invoke', '-e', 'mock-tgi', ...common(), '--format', 'tgi', '--max-tokens', '12', 'What is SageMaker?']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().length).toBeGreaterThan(10);
    expect(result.stderr).toMatch(/\[ttft \d+ ms · 12 tokens · .* finish length · variant AllTraffic · request [0-9a-f-]{36}\]/);
  });

  it('invoke --json prints NDJSON events ending with message-end', async () => {
    const result = await run(['invoke', '-e', 'mock-messages', ...common(), '--json', '--no-metrics', '--max-tokens', '8', 'Hello']);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(events[0]!.type).toBe('response-start');
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(3);
    expect(events.at(-1)!.type).toBe('message-end');
    // stdout is pure NDJSON; stderr has only the one line saying which format --format auto chose.
    expect(result.stderr).toMatch(/^sagestream: mock-messages: format messages \(TGI 3\.0\.1, legacy\) — .*\n$/);
  });

  it('invoke reads the prompt from stdin', async () => {
    const result = await run(['invoke', '-e', 'mock-lmi', ...common(), '--format', 'lmi', '--max-tokens', '5'], 'Explain streams\n');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
  });

  it('an error mid-stream keeps the text printed, explains the error, exits 1', async () => {
    const result = await run(['invoke', '-e', 'mock-tgi', ...common(), '--format', 'tgi', '--max-tokens', '30', '--custom-attributes', 'mock-fault=model-stream-error;mock-fault-after=4', 'Hi']);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
    expect(result.stderr).toContain('sagestream: ');
    expect(result.stderr).toContain('fix: The model took longer than SageMaker allows');
  });

  it('a ModelError before the stream exits 1 with the original status', async () => {
    const result = await run(['invoke', '-e', 'mock-tgi', ...common(), '--custom-attributes', 'mock-fault=model-error', 'Hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The model container of endpoint mock-tgi failed the request \(the container answered \d{3}/);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['invoke', 'no endpoint given'])).code).toBe(2);
    expect((await run(['invoke', '-e', 'x', '--max-tokens', 'lots', 'hi'])).code).toBe(2);
    expect((await run(['invoke', '-e', 'x', '--format', 'gpt', 'hi'])).code).toBe(2);
    const help = await run(['invoke', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--endpoint-url');
  });

  it('chat keeps history, and /system, /reset and /exit work through stdin', async () => {
    const script = ['Hello there', '/system Answer briefly.', 'Second question', '/reset', 'Third', '/exit', 'never sent'].join('\n');
    const result = await run(['chat', '-e', 'mock-messages', ...common(), '--max-tokens', '6', '--no-metrics'], `${script}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(system prompt set; conversation cleared)');
    expect(result.stdout).toContain('(conversation cleared)');
    const requests = mock.journal.entries().filter((entry) => entry.endpoint === 'mock-messages').slice(-3);
    const bodies = requests.map((entry) => JSON.parse(entry.body) as { messages: { role: string; content: string }[] });
    expect(bodies.map((body) => body.messages.map((message) => message.role))).toEqual([
      ['user'],
      ['system', 'user'],
      ['system', 'user'],
    ]);
    expect(bodies[2]!.messages[1]!.content).toBe('Third');
    expect(JSON.stringify(bodies)).not.toContain('never sent');
  });
});

describe('sagestream chat: Ctrl-C stops the reply, not the session', () => {
  let paced: MockServer;
  beforeAll(async () => {
    paced = await startMock(1); // ~30 ms per token: a reply takes seconds
  });
  afterAll(async () => {
    await paced.close();
  });

  it('SIGINT during a reply aborts its HTTP stream; the next message still works', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
    const child = spawnChild(process.execPath, [BIN, 'chat', '-e', 'mock-messages', '--endpoint-url', paced.url, '--max-tokens', '120', '--no-metrics'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write('Write a long story please\n');
    // Wait until the reply is visibly streaming, then press Ctrl-C.
    for (let i = 0; i < 200 && stdout.trim().length < 20; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(stdout.trim().length).toBeGreaterThanOrEqual(20);
    child.kill('SIGINT');
    const entry = await paced.journal.waitFor((candidate) => candidate.endpoint === 'mock-messages' && candidate.clientWentAway === true, { timeoutMs: 5000 });
    expect(entry.outcome).toBe('client-disconnected');
    child.stdin.write('Second message\n/exit\n');
    expect(await exited).toBe(0);
    expect(stderr).toContain('sagestream: stopped');
    const bodies = paced.journal
      .entries()
      .filter((candidate) => candidate.endpoint === 'mock-messages')
      .map((candidate) => JSON.parse(candidate.body) as { messages: { role: string; content: string }[] });
    expect(bodies).toHaveLength(2);
    // The stopped reply's partial text stays in the history of the next request.
    expect(bodies[1]!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(bodies[1]!.messages[1]!.content.length).toBeGreaterThan(10);
  });
});

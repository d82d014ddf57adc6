import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSessionService, type SessionService } from './helpers/session-service.js';

const BIN = fileURLToPath(new URL('../bin/sagestream.js', import.meta.url));

interface Run {
  child: ChildProcessWithoutNullStreams;
  output: { stdout: string; stderr: string };
  exit: Promise<number | null>;
}

/** Starts `sagestream` with a clean AWS environment (the loopback endpoint gets dummy credentials). */
function start(args: string[]): Run {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (data: string) => (output.stdout += data));
  child.stderr.setEncoding('utf8').on('data', (data: string) => (output.stderr += data));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { child, output, exit };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('sagestream chat --session (end to end)', () => {
  let service: SessionService;
  const args = (): string[] => ['chat', '-e', 'llm', '--endpoint-url', service.baseUrl, '--region', 'us-east-1', '--format', 'messages', '--session', '--no-metrics'];
  beforeAll(async () => {
    service = await startSessionService();
  });
  afterAll(() => service.close());
  beforeEach(() => {
    service.calls.length = 0;
  });

  it('opens one session, sends every message in it, and closes it at end of input', async () => {
    const run = start([...args(), '--inference-component', 'ic-1', '--target-variant', 'blue']);
    run.child.stdin.end('Hello\nAgain\n');
    expect(await run.exit).toBe(0);
    const ops = service.calls.map((call) => `${call.operation}:${call.body.includes('requestType') ? call.body : 'chat'}`);
    expect(ops).toEqual([
      'InvokeEndpoint:{"requestType":"NEW_SESSION"}',
      'InvokeEndpointWithResponseStream:chat',
      'InvokeEndpointWithResponseStream:chat',
      'InvokeEndpoint:{"requestType":"CLOSE"}',
    ]);
    const id = service.calls[1]!.headers['x-amzn-sagemaker-session-id'];
    expect(id).toMatch(/^sess-\d+-a1b2$/);
    expect(service.calls.slice(1).map((call) => call.headers['x-amzn-sagemaker-session-id'])).toEqual([id, id, id]);
    expect(service.calls.every((call) => call.headers['x-amzn-sagemaker-inference-component'] === 'ic-1' && call.headers['x-amzn-sagemaker-target-variant'] === 'blue')).toBe(true);
    expect(run.output.stdout).toBe(`you> In session ${id}.\nyou> In session ${id}.\nyou> `);
    expect(run.output.stderr).toMatch(new RegExp(`\\(session ${id} opened, expires \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)`));
    expect(run.output.stderr).toContain(`(session ${id} closed)`);
    expect(service.open.size).toBe(0);
  });

  it('/reset closes the session and opens a new one', async () => {
    const run = start(args());
    run.child.stdin.end('One\n/reset\nTwo\n/exit\n');
    expect(await run.exit).toBe(0);
    const sessions = service.calls.filter((call) => call.operation === 'InvokeEndpointWithResponseStream').map((call) => call.headers['x-amzn-sagemaker-session-id']);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).not.toBe(sessions[1]);
    expect(service.calls.filter((call) => call.body === '{"requestType":"CLOSE"}')).toHaveLength(2);
    expect(service.open.size).toBe(0);
  });

  it('Ctrl-C while waiting for input closes the session before exiting', async () => {
    const run = start(args());
    run.child.stdin.write('Hello\n');
    await waitFor(() => run.output.stdout.includes('In session'), 'the first reply');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(service.calls.at(-1)?.body).toBe('{"requestType":"CLOSE"}');
    expect(service.open.size).toBe(0);
  });

  it('opens a new session before a message when the current one has expired', async () => {
    // 12 s to live (Expires is whole seconds, so 11–12 s) and the client's 10 s safety margin:
    // valid for the first message, sent at once, and expired 2 s later at the latest.
    const short = await startSessionService({ ttlMs: 12_000 });
    try {
      const run = start(['chat', '-e', 'llm', '--endpoint-url', short.baseUrl, '--region', 'us-east-1', '--session', '--no-metrics']);
      run.child.stdin.write('One\n');
      await waitFor(() => run.output.stdout.includes('In session'), 'the first reply');
      await new Promise((resolve) => setTimeout(resolve, 2500));
      run.child.stdin.end('Two\n');
      expect(await run.exit).toBe(0);
      const streams = short.calls.filter((call) => call.operation === 'InvokeEndpointWithResponseStream').map((call) => call.headers['x-amzn-sagemaker-session-id']);
      expect(streams).toEqual(['sess-1-a1b2', 'sess-2-a1b2']);
      expect(run.output.stderr).toContain('(session sess-1-a1b2 expired)');
      expect(run.output.stdout).not.toContain('not open');
    } finally {
      await short.close();
    }
  });

  it('fails with exit code 1 and a fix when the container cannot open sessions', async () => {
    const plain = await startSessionService({ withoutSessions: true });
    try {
      const run = start(['chat', '-e', 'llm', '--endpoint-url', plain.baseUrl, '--region', 'us-east-1', '--session']);
      run.child.stdin.end('Hello\n');
      expect(await run.exit).toBe(1);
      expect(run.output.stderr).toMatch(/could not open a session: .*New-Session-Id/);
      expect(plain.calls.some((call) => call.operation === 'InvokeEndpointWithResponseStream')).toBe(false);
    } finally {
      await plain.close();
    }
  });
});

describe('sagestream invoke with a reasoning model that calls a tool (end to end)', () => {
  const output =
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","reasoning":"User wants weather."},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Checking."},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":"}}]},"finish_reason":null}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}]}\n\n' +
    'data: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}\n\n' +
    'data: [DONE]\n\n';
  let service: SessionService;
  beforeAll(async () => {
    service = await startSessionService({ output });
  });
  afterAll(() => service.close());

  it('prints the answer and the tool call on stdout, the reasoning and the usage on stderr', async () => {
    const run = start(['invoke', '-e', 'llm', '--endpoint-url', service.baseUrl, '--region', 'us-east-1', '--format', 'messages', 'Weather in Oslo?']);
    expect(await run.exit).toBe(0);
    expect(run.output.stdout).toBe('Checking.\n[tool call get_weather] {"city":"Oslo"}\n');
    expect(run.output.stderr).toMatch(/^\[thinking\] User wants weather\.\n\[ttft \d+ ms · 2 tokens · usage 12 in \/ 9 out.*finish tool-calls/);
    expect(JSON.parse(service.calls[0]!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('--no-usage leaves stream_options out of the request; --json prints every event', async () => {
    const run = start(['invoke', '-e', 'llm', '--endpoint-url', service.baseUrl, '--region', 'us-east-1', '--no-usage', '--json', 'Hi']);
    expect(await run.exit).toBe(0);
    expect(JSON.parse(service.calls.at(-1)!.body)).not.toHaveProperty('stream_options');
    const types = run.output.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['response-start', 'reasoning-delta', 'text-delta', 'tool-call-delta', 'tool-call-delta', 'tool-call', 'message-end']);
  });
});

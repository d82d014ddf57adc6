import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../packages/core/bin/sagestream.js', import.meta.url));
let mock: MockServer;
let dir: string;

beforeAll(async () => {
  mock = await startMock();
  dir = await mkdtemp(join(tmpdir(), 'sagestream-bidi-'));
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

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

describe('sagestream bidi against the mock', () => {
  it('sends each stdin line as one UTF8 COMPLETE part and prints the replies', async () => {
    const result = await run(['bidi', '-e', 'mock-bidi-echo', '--endpoint-url', mock.url], 'first line\nsecond line\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('first line\nsecond line\n');
    expect(result.stderr).toMatch(/\[2 parts sent, 2 received; time to first reply per turn: \d+ ms, \d+ ms; variant AllTraffic\]/);
  });

  it('--json prints every reply part with its fields', async () => {
    const result = await run(['bidi', '-e', 'mock-bidi-chat', '--endpoint-url', mock.url, '--json', '--no-metrics'], 'Hello there\n');
    expect(result.code).toBe(0);
    const parts = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; dataType: string; completionState: string; text: string });
    expect(parts.every((part) => part.type === 'payload-part' && part.dataType === 'UTF8')).toBe(true);
    expect(parts.at(-1)!.completionState).toBe('COMPLETE');
    expect(JSON.parse(parts.map((part) => part.text).join('').split('\n')[0]!)).toMatchObject({ object: 'chat.completion.chunk' });
  });

  it('--file streams a binary file as BINARY PARTIAL parts', async () => {
    const file = join(dir, 'audio.raw');
    await writeFile(file, Buffer.alloc(9600, 7));
    const result = await run(['bidi', '-e', 'mock-bidi-transcribe', '--endpoint-url', mock.url, '--file', file, '--chunk-bytes', '3200', '--interval-ms', '5', '--json']);
    expect(result.code).toBe(0);
    const parts = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { completionState: string; text: string });
    expect(parts).toHaveLength(4);
    expect(JSON.parse(parts.at(-1)!.text)).toMatchObject({ type: 'final', audioBytes: 9600 });
    const entry = mock.journal.entries().findLast((candidate) => candidate.endpoint === 'mock-bidi-transcribe')!;
    expect(entry.bidiParts!.filter((part) => part.direction === 'input').map((part) => `${part.dataType}:${part.completionState}:${part.bytes}`)).toEqual(Array(3).fill('BINARY:PARTIAL:3200'));
  });

  it('exits 1 with the service error and its fix for an unknown endpoint', async () => {
    const result = await run(['bidi', '-e', 'nope', '--endpoint-url', mock.url], 'x\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not found/);
    expect(result.stderr).toMatch(/fix:/);
  });

  it('exits 1 when the stream fails mid-way, after printing what arrived', async () => {
    const result = await run(['bidi', '-e', 'mock-bidi-echo', '--endpoint-url', mock.url, '--model-query-string', 'mock-fault=internal-stream-failure&mock-fault-after=1'], 'a\nb\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('a\n');
    expect(result.stderr).toMatch(/stream failed/);
  });

  it('rejects a --chunk-bytes out of range as a usage error', async () => {
    const result = await run(['bidi', '-e', 'mock-bidi-echo', '--file', 'x', '--chunk-bytes', '0']);
    expect(result.code).toBe(2);
  });
});

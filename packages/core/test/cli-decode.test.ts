import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelStreamError, encodePayloadPart } from '../src/index.js';
import { concat } from './helpers/bytes.js';
import { CONTAINER_OUTPUTS } from './fixtures/container-outputs.js';

const BIN = fileURLToPath(new URL('../bin/sagestream.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sagestream-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

/** A generated HTTP body: the output cut into PayloadParts of 1–7 bytes (mid-JSON, mid-UTF-8). */
function bodyOf(output: string, extra: Uint8Array[] = []): Uint8Array {
  const bytes = encode(output);
  const frames: Uint8Array[] = [];
  for (let offset = 0, size = 1; offset < bytes.length; offset += size, size = (size % 7) + 1) {
    frames.push(encodePayloadPart(bytes.subarray(offset, offset + size)));
  }
  return concat([...frames, ...extra]);
}

function run(args: string[], stdin?: Uint8Array): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ? Buffer.from(stdin) : undefined);
  });
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const tgi = CONTAINER_OUTPUTS.find((fixture) => fixture.name.startsWith('tgi generate_stream'))!;
const legacy = CONTAINER_OUTPUTS.find((fixture) => fixture.name.startsWith('lmi-legacy outputs'))!;

describe('sagestream decode (end to end)', () => {
  it('prints the generated text of a body file, format detected', async () => {
    const result = await run(['decode', file('tgi.bin', bodyOf(tgi.output))]);
    expect(result).toEqual({ code: 0, stdout: 'Hello, world', stderr: '' });
  });

  it('reads stdin, and special tokens never reach the output', async () => {
    const result = await run(['decode', '-'], bodyOf(legacy.output));
    expect(result.stdout).toBe(' a challenging problème 日本語 🎉');
    expect(result.code).toBe(0);
  });

  it('--json prints one token part per line', async () => {
    const result = await run(['decode', '--json', '--content-type', 'text/event-stream', file('tgi-json.bin', bodyOf(tgi.output))]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual(tgi.expected);
  });

  it('prints the text so far, then a ModelStreamError on stderr, and exits 1', async () => {
    const body = bodyOf('{"outputs": ["Partial"]}\n{"outputs": [" answer"]}\n', [
      encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: 'Your model primary did not complete sending the inference response in the allotted time.' }),
    ]);
    const result = await run(['decode', file('timeout.bin', body)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Partial answer');
    expect(result.stderr).toContain('SageMaker ModelStreamError (ModelInvocationTimeExceeded): Your model primary did not complete');
  });

  it('an in-band container error exits 1 after the text', async () => {
    const lmiError = CONTAINER_OUTPUTS.find((fixture) => fixture.name === 'lmi code 424 error after tokens')!;
    const result = await run(['decode', file('lmi-error.bin', bodyOf(lmiError.output))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Hello');
    expect(result.stderr).toContain('container reported an error (container-error, status 424): CUDA out of memory');
  });

  it('corrupt input exits 1 saying what was expected and where', async () => {
    const body = bodyOf(tgi.output);
    const badCrc = body.slice();
    badCrc[body.length - 1] = badCrc[body.length - 1]! ^ 0xff;
    const crc = await run(['decode', file('bad-crc.bin', badCrc)]);
    expect(crc.code).toBe(1);
    expect(crc.stderr).toMatch(/Message CRC mismatch in the \d+-byte event-stream frame at byte \d+/);

    const truncated = await run(['decode', file('truncated.bin', body.subarray(0, body.length - 10))]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/Truncated event message received: the stream ended \d+ bytes into the frame at byte \d+/);

    const json = await run(['decode', file('bad-json.bin', bodyOf('{"outputs": ["ok"]}\n{"outputs": [oops]}\n'))]);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('ok');
    expect(json.stderr).toMatch(/Invalid JSON in the model output at byte 20: expected one JSON object per line/);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['decode', '--format', 'nope'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    const missing = await run(['decode', join(dir, 'does-not-exist.bin')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});

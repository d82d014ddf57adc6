import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./helpers/retained-memory.ts', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

function measure<T>(kind: 'jsonlines' | 'sse' | 'token-texts'): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT, kind], { cwd: PACKAGE_ROOT, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}

// Regression: a 1 MiB line arriving as 1-byte PayloadParts used to keep a million small views (and
// their ArrayBuffers) alive, ~300 MB. Now the pending bytes live in one buffer that grows by
// doubling (at most ~2× the line). Measured after a forced GC in a separate process; the bound is
// 16× the line, far from both the fixed code (~2 MiB) and the old one (~300 MiB), so it cannot flake.
describe('memory held by an unfinished line', () => {
  for (const kind of ['jsonlines', 'sse'] as const) {
    it(`${kind}: a 1 MiB line in 1-byte parts holds a few MiB, not one array per part`, async () => {
      const result = await measure<{ retainedBytes: number; lineBytes: number; received: number }>(kind);
      expect(result.received).toBe(result.lineBytes);
      expect(result.retainedBytes).toBeLessThan(16 * result.lineBytes);
    }, 60_000);
  }
});

// Token texts read without JSON.parse are cut out of the decoded batch of records: a text of 13
// characters or more must be a copy, not a view that keeps the whole batch alive as long as the
// consumer keeps the text. 20,000 kept texts hold ~1.6 MB as copies, ~21 MB (every batch) as views.
describe('memory held by the token texts a consumer keeps', () => {
  it('TGI texts of 20 characters in 64 KiB parts hold about their own size, not their records\' batches', async () => {
    const result = await measure<{ retainedBytes: number; recordBytes: number; textChars: number; texts: number }>('token-texts');
    expect(result.texts).toBe(20_000);
    expect(result.retainedBytes).toBeLessThan(result.recordBytes / 4);
  }, 60_000);
});

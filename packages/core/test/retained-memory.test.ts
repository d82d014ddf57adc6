import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./helpers/retained-memory.ts', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

function measure(kind: 'jsonlines' | 'sse'): Promise<{ retainedBytes: number; lineBytes: number; received: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT, kind], { cwd: PACKAGE_ROOT, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { retainedBytes: number; lineBytes: number; received: number });
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
      const result = await measure(kind);
      expect(result.received).toBe(result.lineBytes);
      expect(result.retainedBytes).toBeLessThan(16 * result.lineBytes);
    }, 60_000);
  }
});

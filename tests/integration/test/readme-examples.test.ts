import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from './helpers.js';

// The "## Examples" of packages/core/README.md are complete programs: each one runs here, as a
// user would run it (tsx), against the mock at the URL the README names.

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');
const README_MOCK_URL = 'http://127.0.0.1:8080';

/** The ```ts blocks of the README's "## Examples" section, each under its `###` heading. */
function examples(): { title: string; code: string }[] {
  const section = README.split(/^## /m).find((part) => part.startsWith('Examples\n'));
  if (!section) throw new Error('packages/core/README.md has no "## Examples" section.');
  return section
    .split(/^### /m)
    .slice(1)
    .flatMap((part) => [...part.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => ({ title: part.split('\n', 1)[0]!, code: match[1]! })));
}

function run(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // No AWS variables: the examples must work on a machine without AWS configuration.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
      cwd: PACKAGE_DIR,
      env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let mock: MockServer;
// Inside this package, so that `@sagestream/core` resolves as it would for a user's program.
const dir = mkdtempSync(join(PACKAGE_DIR, '.readme-examples-'));
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('packages/core/README.md examples run as written', () => {
  const found = examples();
  it('has the client examples', () => {
    expect(found.map((example) => example.title)).toEqual(expect.arrayContaining([expect.stringContaining('invokeStream'), expect.stringContaining('createSageMakerTransport'), expect.stringContaining('streamChat')]));
  });

  found.forEach((example, index) => {
    it(example.title, async () => {
      expect(example.code).toContain(README_MOCK_URL);
      const file = join(dir, `example-${index}.ts`);
      writeFileSync(file, example.code.replaceAll(README_MOCK_URL, mock.url));
      const result = await run(file);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // Streamed text, then a line the example prints at the end.
      expect(result.stdout.trim().length).toBeGreaterThan(20);
    }, 30_000);
  });
});

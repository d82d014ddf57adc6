import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The packages as a user gets them: `npm pack` (which builds dist through `prepack`), installed
// from the tarballs into a project outside the monorepo, then used the way a user would — a
// node:test file with the testing fixture, the installed `sagestream-mock` bin, and `check`
// running the packaged core-based example client. Nothing resolves to the repository's sources.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const coreRoot = path.resolve(packageRoot, '..', 'core');
const tmp = mkdtempSync(path.join(tmpdir(), 'sagestream-pack-'));
const project = path.join(tmp, 'user-project');

/** The environment without npm's per-run variables (workspace, prefix…) from an outer `npm test`. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
  return env;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function pack(directory: string): Promise<string> {
  const result = await run('npm', ['pack', '--pack-destination', tmp, '--json'], directory);
  expect(result.code, result.stderr).toBe(0);
  const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const files = info!.files.map((file) => file.path);
  // Built output is shipped, sources and tests are not.
  expect(files).toContain('dist/index.js');
  expect(files.some((file) => file.startsWith('src/') || file.startsWith('test/'))).toBe(false);
  return path.join(tmp, info!.filename);
}

describe('packed tarballs installed into a project outside the monorepo', () => {
  beforeAll(async () => {
    const core = await pack(coreRoot);
    const mock = await pack(packageRoot);
    rmSync(project, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module', dependencies: { '@sagestream/core': `file:${core}`, '@sagestream/mock-endpoint': `file:${mock}` } }, null, 2));
    // The npm cache is warm: --prefer-offline reads it instead of asking the registry.
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    expect(install.code, install.stderr).toBe(0);
  }, 240_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs a user-style node:test file with the withMockEndpoint fixture from dist', async () => {
    copyFileSync(path.join(packageRoot, 'examples', 'node-test-fixture.test.mjs'), path.join(project, 'stream.test.mjs'));
    const result = await run(process.execPath, ['--test', 'stream.test.mjs'], project);
    expect(result.stdout).toMatch(/# pass 2\n# fail 0/);
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules', '@sagestream', 'mock-endpoint', 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports)).toContain('./testing');
  });

  it('installs the sagestream-mock bin, which runs check with the packaged example client', async () => {
    const bin = path.join(project, 'node_modules', '.bin', 'sagestream-mock');
    expect((await run(bin, ['--version'], project)).stdout.trim()).toBe('0.1.0');
    const client = path.join(project, 'node_modules', '@sagestream', 'mock-endpoint', 'examples', 'clients', 'core-client.mjs');
    const result = await run(bin, ['check', '--timeout', '5', '--only', 'profile-mock-lmi,utf8-4byte-at-2,fault-stream-broken', '--', process.execPath, client], project);
    expect(result.stdout).toMatch(/profile-mock-lmi +mock-lmi +pass/);
    expect(result.stdout).toMatch(/3 scenario\(s\): 3 pass/);
    expect(result.code).toBe(0);
  });
});

// Builds what ships and what `npm start` serves, with esbuild:
//   dist/extension.cjs            the extension host bundle (CJS, `vscode` external, AWS SDK inside)
//   dist/webview/main.js|css      the chat UI for the VS Code webview
//   dist/playground/server.mjs    the playground server (mock + page), npm packages external
//   dist/playground/assets/…      the chat UI with its in-page host, for the browser
// Workspace packages are bundled from their TypeScript sources (the `source` condition), so no
// prior build of @sagestream/core or the mock is needed.
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(packageDir, 'dist');
const stampFile = path.join(dist, '.build-stamp');
/** Sources whose changes make `npm start` rebuild. */
const SOURCE_DIRS = ['src', 'scripts', '../core/src', '../mock-endpoint/src'].map((dir) => path.join(packageDir, dir));

/** Keeps npm packages out of the server bundle (it runs next to node_modules); bundles @sagestream/*. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@sagestream/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Builds every bundle into dist/ (cleaned first).
 * @param {{ quiet?: boolean, minify?: boolean }} [options]
 */
export async function build(options = {}) {
  const started = performance.now();
  await rm(dist, { recursive: true, force: true });
  const common = {
    absWorkingDir: packageDir,
    bundle: true,
    conditions: ['source'],
    // The minified build is what the .vsix ships, without its maps: no link to a missing file.
    sourcemap: options.minify ? 'external' : true,
    legalComments: 'none',
    logLevel: options.quiet ? 'warning' : 'info',
    minify: options.minify ?? false,
  };
  const browser = { ...common, platform: 'browser', format: 'iife', target: ['chrome114', 'firefox115', 'safari16'] };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: ['src/host/extension.ts'],
      outfile: 'dist/extension.cjs',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      external: ['vscode'],
    }),
    esbuild.build({ ...browser, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/main.js' }),
    esbuild.build({ ...common, entryPoints: ['src/webview/styles/main.css'], outfile: 'dist/webview/main.css' }),
    esbuild.build({ ...browser, entryPoints: { playground: 'src/playground/browser-entry.ts' }, outdir: 'dist/playground/assets' }),
    esbuild.build({ ...common, entryPoints: { main: 'src/webview/styles/main.css', playground: 'src/playground/playground.css' }, outdir: 'dist/playground/assets' }),
    esbuild.build({
      ...common,
      entryPoints: ['src/playground/main.ts'],
      outfile: 'dist/playground/server.mjs',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      plugins: [externalPackages],
    }),
  ]);
  await mkdir(dist, { recursive: true });
  await writeFile(stampFile, new Date().toISOString());
  if (!options.quiet) console.log(`Built dist/ in ${Math.round(performance.now() - started)} ms.`);
}

async function newestMtime(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or older than any source it is built from. */
export async function isStale() {
  let built;
  try {
    built = (await stat(stampFile)).mtimeMs;
  } catch {
    return true;
  }
  for (const dir of SOURCE_DIRS) if ((await newestMtime(dir)) > built) return true;
  return false;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quiet = process.argv.includes('--quiet');
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || (await isStale())) await build({ quiet, minify: process.argv.includes('--minify') });
}

// Packages the extension as a .vsix with @vscode/vsce: builds what ships (minified bundles), then
// packs the files .vscodeignore lets through. No `npm list` and no network: everything the
// extension runs is bundled (dependencies: false, as `vsce package --no-dependencies`), and there
// is no `vscode:prepublish` step.
// Usage: node scripts/package.mjs [--out file.vsix]   (default: sagestream-vscode-<version>.vsix here)
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createVSIX } from '@vscode/vsce';
import { build } from './build.mjs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds and packages the extension; resolves with the .vsix path.
 * @param {{ outFile?: string }} [options]
 */
export async function packageExtension(options = {}) {
  await build({ quiet: true, minify: true });
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
  const packagePath = path.resolve(options.outFile ?? path.join(packageDir, `${manifest.name}-${manifest.version}.vsix`));
  await mkdir(path.dirname(packagePath), { recursive: true });
  await createVSIX({ cwd: packageDir, dependencies: false, packagePath, ...repositoryUrls(manifest) });
  return packagePath;
}

/**
 * Where the README's relative links and images point once packaged. vsce rewrites them against the
 * repository's root and ignores `repository.directory`, which would break every link of a package
 * that lives in a monorepo folder.
 */
function repositoryUrls(manifest) {
  const repository = manifest.repository.url.replace(/\.git$/, '');
  const directory = manifest.repository.directory ? `${manifest.repository.directory}/` : '';
  return { baseContentUrl: `${repository}/blob/HEAD/${directory}`, baseImagesUrl: `${repository}/raw/HEAD/${directory}` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outIndex = process.argv.indexOf('--out');
  await packageExtension(outIndex === -1 ? {} : { outFile: process.argv[outIndex + 1] });
}

import { packageExtension } from '../../scripts/package.mjs';
import { E2E_VSIX } from './vsix-path.js';

/**
 * The e2e tests run what ships: build dist/ once (minified, as `npm run package` does) and pack
 * the .vsix from it (about 3 s together).
 */
export default async function setup(): Promise<void> {
  await packageExtension({ outFile: E2E_VSIX });
}

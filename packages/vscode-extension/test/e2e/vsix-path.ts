import path from 'node:path';

/** The .vsix the e2e global setup packs and the e2e tests check and install (out/ is not committed). */
export const E2E_VSIX = path.resolve(import.meta.dirname, '../../out/e2e/sagestream-vscode.vsix');

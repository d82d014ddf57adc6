import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-options.mjs';

export { CHROMIUM_PATH };

/** CI sets SAGESTREAM_REQUIRE_E2E=1: then a missing Chromium is a failure, not a skip. */
export const E2E_REQUIRED = process.env.SAGESTREAM_REQUIRE_E2E === '1';

/** Whether the real-browser tests can run here. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A visible explanation for skipped browser suites. */
export const CHROMIUM_MISSING = `${CHROMIUM_PATH} not found: the real-browser tests are SKIPPED. Install it with \`bash scripts/install-system-deps.sh\` (or set CHROMIUM=/path/to/chromium); set SAGESTREAM_REQUIRE_E2E=1 to make this a failure.`;

/** Headless Chromium with the flags these machines need (no sandbox as root, no network chatter). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

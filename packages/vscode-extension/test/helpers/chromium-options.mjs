// Plain JavaScript, so that the VS Code launcher (run by node without a TypeScript loader) and the
// vitest suites launch Chromium the same way.

/** Debian's Chromium (installed by scripts/install-system-deps.sh); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Headless flags these machines need: no sandbox as root, no GPU, no network chatter. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

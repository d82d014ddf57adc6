/** Debian's Chromium (installed by scripts/install-system-deps.sh); never a downloaded browser. */
export const CHROMIUM_PATH: string;
/** Headless flags these machines need: no sandbox as root, no GPU, no network chatter. */
export const CHROMIUM_ARGS: readonly string[];

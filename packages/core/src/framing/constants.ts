/** Default bound for one JSON line or one SSE event of container output: 1 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export const LF = 0x0a;
export const CR = 0x0d;

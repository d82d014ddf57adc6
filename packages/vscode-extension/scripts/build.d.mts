/** Builds every bundle into dist/ (cleaned first). */
export function build(options?: { quiet?: boolean; minify?: boolean }): Promise<void>;
/** True when dist/ is missing or older than any source it is built from. */
export function isStale(): Promise<boolean>;

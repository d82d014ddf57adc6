/** Builds (minified) and packages the extension as a .vsix; resolves with its path. */
export function packageExtension(options?: { outFile?: string }): Promise<string>;

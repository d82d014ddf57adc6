/** Files longer than this are cut before they are sent (characters). */
export const MAX_FILE_PROMPT_CHARS = 48_000;

/** A fence that the code cannot close: one backtick longer than the longest run inside it. */
export function codeFence(code: string, language = ''): string {
  let longest = 0;
  for (const match of code.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = language.replace(/[^\w+#.-]/g, '');
  return `${fence}${info}\n${code}${code.endsWith('\n') ? '' : '\n'}${fence}`;
}

/** Where a piece of code comes from. */
export interface CodeOrigin {
  code: string;
  /** VS Code language id (`typescript`, `python`, …). */
  languageId: string;
  /** Workspace-relative path, or the file name. */
  fileName: string;
}

/** The prompt for Ask About Selection: the question, then the selection with its language, file and lines. */
export function buildSelectionPrompt(options: CodeOrigin & { question: string; startLine: number; endLine: number }): string {
  const question = options.question.trim() || 'Explain this code.';
  const lines = options.startLine === options.endLine ? `line ${options.startLine}` : `lines ${options.startLine}–${options.endLine}`;
  return `${question}\n\nFrom \`${options.fileName}\` (${options.languageId}, ${lines}):\n\n${codeFence(options.code, options.languageId)}`;
}

/** The prompt for Explain This File; long files are cut, and the prompt says so. */
export function buildFilePrompt(options: CodeOrigin & { maxChars?: number }): { prompt: string; truncated: boolean } {
  const maxChars = options.maxChars ?? MAX_FILE_PROMPT_CHARS;
  const truncated = options.code.length > maxChars;
  const code = truncated ? options.code.slice(0, maxChars) : options.code;
  const note = truncated ? `\n\n(The file is ${options.code.length} characters long; only the first ${maxChars} are included.)` : '';
  return {
    prompt: `Explain what the file \`${options.fileName}\` (${options.languageId}) does: its purpose, its main parts and anything surprising.${note}\n\n${codeFence(code, options.languageId)}`,
    truncated,
  };
}

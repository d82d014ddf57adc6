import type { ErrorAction } from '../shared/protocol.js';

/**
 * What the chat needs from where it runs (VS Code, or the playground page). The controller has
 * already validated every argument (links are http(s), actions are known kinds).
 */
export interface ChatPlatform {
  copyText(text: string): Promise<void>;
  /** Inserts at the cursor of the active editor; false when there is none. Absent: not supported. */
  insertCode?(code: string): Promise<boolean>;
  openLink(url: string): Promise<void>;
  /** Hands an exported conversation to the user (a new editor, a download). */
  saveMarkdown(options: { fileName: string; markdown: string }): Promise<void>;
  /** Asks the user to confirm something destructive. */
  confirm(message: string): Promise<boolean>;
  /** Runs an error's action. Absent: none supported. */
  runAction?(action: ErrorAction): Promise<void>;
}

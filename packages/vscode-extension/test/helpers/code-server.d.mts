/** The code-server version scripts/install-code-server.sh installs. */
export const CODE_SERVER_VERSION: string;
/** VS Code's server script inside code-server (started directly, with the smoke-test driver). */
export const CODE_SERVER_MAIN: string;
/** The Node 24 binary it runs on. */
export const CODE_SERVER_NODE: string;
/** Whether the VS Code tests can run here. */
export function codeServerAvailable(): boolean;
/** Why the VS Code tests cannot run, and the fix. */
export const CODE_SERVER_MISSING: string;
/** User settings for a quiet, predictable test workbench. */
export const TEST_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>>;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;
/** Writes the user settings (merged over TEST_WORKBENCH_SETTINGS) into a user-data dir. */
export function writeUserSettings(options: { userDataDir: string; settings?: Record<string, unknown> }): Promise<void>;
/** Installs a .vsix into an extensions dir with the server's `--install-extension`. */
export function installExtension(options: { vsix: string; userDataDir: string; extensionsDir: string }): Promise<void>;

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The remote URI of a path on this machine, as the workbench names it. */
  remoteUri(fsPath: string): string;
  /** The tail of its stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal) when it exits. */
  exited: Promise<number | string | null>;
  /** Ends its process group and removes its temp files. */
  stop(): Promise<void>;
}

/** Starts a fresh code-server on a free 127.0.0.1 port; resolves once it answers /version. */
export function startCodeServer(options: { userDataDir: string; extensionsDir: string; onOutput?: (text: string) => void }): Promise<CodeServer>;
/** The workbench URL for a folder, optionally with a development/test `payload`. */
export function workbenchUrl(server: CodeServer, options: { folder: string; payload?: [string, string][] }): string;

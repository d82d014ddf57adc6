import { spawn } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** The program and its arguments; a single string with spaces runs through the shell. */
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Output beyond this many bytes per stream is dropped (the verdict notes the cut). */
  maxOutputBytes: number;
  cwd?: string;
}

/** How the command ended. */
export interface CommandOutcome {
  stdout: Uint8Array;
  stderr: Uint8Array;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The command could not be started at all (ENOENT, EACCES…). */
  spawnError?: string;
  outputTruncated: boolean;
  durationMs: number;
}

/** Sends SIGKILL to a whole process group; the group may already be gone. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/**
 * Runs a command in its own process group with a timeout. On timeout the whole group is killed
 * (a Python client's boto3 threads, a shell's children), and so is whatever the command left
 * running behind it when it exits.
 */
export function runCommand(options: RunCommandOptions): Promise<CommandOutcome> {
  const { command, env, timeoutMs, maxOutputBytes } = options;
  const started = performance.now();
  const useShell = command.length === 1 && /\s/.test(command[0]!);
  return new Promise((resolve) => {
    const child = spawn(command[0]!, useShell ? [] : command.slice(1), {
      env,
      cwd: options.cwd,
      detached: true,
      shell: useShell,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const sizes = { stdout: 0, stderr: 0 };
    let outputTruncated = false;
    let timedOut = false;
    let spawnError: string | undefined;
    const collect = (into: Buffer[], key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const room = maxOutputBytes - sizes[key];
      if (room <= 0) {
        outputTruncated = true;
        return;
      }
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (kept !== chunk) outputTruncated = true;
      into.push(kept);
      sizes[key] += kept.length;
    };
    child.stdout.on('data', collect(stdout, 'stdout'));
    child.stderr.on('data', collect(stderr, 'stderr'));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    let settled = false;
    const settle = (code: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child.pid);
      resolve({
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        exitCode: code,
        signal,
        timedOut,
        ...(spawnError ? { spawnError } : {}),
        outputTruncated,
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => {
      spawnError = error.message;
      // Not started at all: no 'close' may follow.
      if (child.pid === undefined) settle(null, null);
    });
    // The command is done: what it left running in its group is killed, so that its pipes close.
    child.on('exit', () => killGroup(child.pid));
    child.on('close', (code, signal) => settle(code, signal));
  });
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { reloadMarkerPath } from './reload-marker.js';

/** Longest wait for the reload to take this extension host down. */
const RELOAD_TIMEOUT_MS = 60_000;

function runMocha(...files: string[]): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} VS Code test(s) failed.`)) : resolve()));
  });
}

/**
 * Entry point called by VS Code's extension host (the `--extensionTestsPath` module).
 *
 * The suite has two phases around a window reload, because a reload restarts the extension host
 * (and this module with it) and VS Code then runs the tests again, from the same URL or command
 * line. The first phase ends by leaving a marker in the workspace folder and reloading the window;
 * the second finds the marker and checks what must have survived.
 */
export async function run(): Promise<void> {
  if (existsSync(reloadMarkerPath())) {
    console.log('\n— after the window reload —');
    return runMocha('after-reload.test.cjs');
  }
  // The chat-model tests come second: the first file checks that nothing activated the extension yet.
  await runMocha('extension.test.cjs', 'language-model.test.cjs');
  // The history test wrote what the second phase expects; without it (a filtered run) there is nothing to reload for.
  if (!existsSync(reloadMarkerPath())) return;
  console.log('\n— reloading the window —');
  // Leave the Explorer showing, so that the reloaded window does not reopen the chat view (and so
  // activate the extension) before the second phase can watch the view.
  await vscode.commands.executeCommand('workbench.view.explorer');
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
  // The reload ends this extension host; if it is still here after a while, the reload failed.
  await new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`The window did not reload within ${RELOAD_TIMEOUT_MS / 1000} s.`)), RELOAD_TIMEOUT_MS));
}

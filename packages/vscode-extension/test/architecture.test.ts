import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Every non-test source file, relative to src/, with the modules it imports. */
function sources(): { file: string; imports: string[] }[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => {
      const text = readFileSync(path.join(SRC, file), 'utf8');
      const imports = [...text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]/gm), ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!);
      return { file: file.split(path.sep).join('/'), imports };
    });
}

/** Where a relative import lands (`chat`, `shared`, …), or the package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path.posix.join(path.posix.dirname(file), specifier).split('/')[0]!;
}

/** The playground's Node side; the rest of src/playground runs in the browser page. */
const PLAYGROUND_SERVER = new Set(['playground/create-playground-server.ts', 'playground/main.ts']);

/** What each layer may import (folders of src/, and packages). */
function allowed(file: string): (dependency: string) => boolean {
  const layer = file.split('/')[0];
  if (layer === 'shared') return (dependency) => dependency === 'shared';
  if (layer === 'webview') return (dependency) => ['webview', 'shared', 'markdown-it', 'dompurify'].includes(dependency) || dependency.startsWith('highlight.js/');
  if (layer === 'chat') return (dependency) => ['chat', 'shared', '@sagestream/core'].includes(dependency);
  if (layer === 'host') return (dependency) => ['host', 'chat', 'shared', 'vscode', '@sagestream/core', '@sagestream/core/client'].includes(dependency) || dependency.startsWith('node:');
  if (PLAYGROUND_SERVER.has(file)) return (dependency) => ['playground', 'shared', 'express', '@sagestream/mock-endpoint'].includes(dependency) || dependency.startsWith('node:');
  if (layer === 'playground') return (dependency) => ['playground', 'chat', 'shared', 'webview', '@sagestream/core'].includes(dependency);
  return () => false;
}

describe('architecture: which folder may import what', () => {
  const files = sources();

  it('finds the layers', () => {
    expect(new Set(files.map((entry) => entry.file.split('/')[0]))).toEqual(new Set(['chat', 'host', 'playground', 'shared', 'webview']));
  });

  it('keeps every import within its layer\'s rules (only src/host imports vscode; the webview never reaches core)', () => {
    const violations = files.flatMap(({ file, imports }) => imports.map((specifier) => [file, specifier, target(file, specifier)] as const).filter(([, , dependency]) => !allowed(file)(dependency)).map(([, specifier]) => `${file} imports ${specifier}`));
    expect(violations).toEqual([]);
  });

  it('ships no test-only hooks: nothing depends on the test mode or exists "for tests" (tests drive the real surfaces)', () => {
    const hook = /\bExtensionMode\.Test\b|\bextensionMode\b|\b(?:for|only in|in) (?:the )?(?:extension's )?tests\b|\(tests?\b|\btests?(?:,| and| only|:)/i;
    const hooks = files.flatMap(({ file }) =>
      readFileSync(path.join(SRC, file), 'utf8')
        .split('\n')
        .map((line, index) => [line, index] as const)
        .filter(([line]) => hook.test(line))
        .map(([line, index]) => `${file}:${index + 1}: ${line.trim()}`),
    );
    expect(hooks).toEqual([]);
  });

  it('keeps the chat engine free of DOM globals, so it runs in the extension host', () => {
    const domUsers = files.filter(({ file }) => file.startsWith('chat/')).filter(({ file }) => /\b(?:document|window|navigator|localStorage)\.[A-Za-z]/.test(readFileSync(path.join(SRC, file), 'utf8')));
    expect(domUsers.map(({ file }) => file)).toEqual([]);
  });
});

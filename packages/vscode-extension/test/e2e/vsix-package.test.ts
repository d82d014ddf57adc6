import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listZipEntries } from '../helpers/zip-entries.js';
import { E2E_VSIX } from './vsix-path.js';

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');

interface Manifest {
  engines: { vscode: string };
  icon: string;
  main: string;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: { commands: unknown[]; views: Record<string, { id: string }[]>; languageModelChatProviders?: unknown[]; chatParticipants?: { id: string; name: string; commands: { name: string }[] }[] };
}

describe('the .vsix (what `npm run package` builds)', () => {
  const entries = listZipEntries(readFileSync(E2E_VSIX));
  const read = (name: string): string => entries.find((entry) => entry.name === name)!.read().toString('utf8');

  it('holds only what runs, with its icon, README, CHANGELOG and LICENSE — no sources, tests or maps', () => {
    expect(entries.map((entry) => entry.name).sort()).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/extension.cjs',
      'extension/dist/webview/main.css',
      'extension/dist/webview/main.js',
      'extension/media/icon.png',
      'extension/media/icon.svg',
      'extension/package.json',
      'extension/readme.md',
    ]);
    // Minified: far smaller than the readable build (about 1.1 MB for the host bundle).
    expect(entries.find((entry) => entry.name === 'extension/dist/extension.cjs')!.size).toBeLessThan(700_000);
    for (const bundle of ['extension/dist/extension.cjs', 'extension/dist/webview/main.js', 'extension/dist/webview/main.css']) {
      expect(/sourceMappingURL=/.test(read(bundle)), `${bundle} links to a source map it does not ship`).toBe(false);
    }
  });

  it('declares a VS Code it runs in (≥ 1.104, the stable language-model provider API, as @types/vscode), lazy activation and its icon', () => {
    const manifest = JSON.parse(read('extension/package.json')) as Manifest;
    expect(manifest.engines.vscode).toBe('^1.104.0');
    expect(manifest.devDependencies['@types/vscode']).toBe('1.104.0');
    // No "*" or onStartupFinished: VS Code activates it from the view, the commands, the chat
    // models (onLanguageModelChatProvider:sagestream) and @sagemaker it contributes.
    expect(manifest.activationEvents).toEqual([]);
    expect(manifest.contributes.views.sagestream?.map((view) => view.id)).toEqual(['sagestream.chatView']);
    expect(manifest.contributes.languageModelChatProviders).toEqual([{ vendor: 'sagestream', displayName: 'SageMaker (SageStream)' }]);
    expect(manifest.contributes.chatParticipants?.map((participant) => [participant.id, participant.name, participant.commands.map((command) => command.name)])).toEqual([['sagestream.sagemaker', 'sagemaker', ['endpoint', 'mock']]]);
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.icon).toBe('media/icon.png');
    expect(read('extension.vsixmanifest')).toContain('<Icon>extension/media/icon.png</Icon>');
    const png = entries.find((entry) => entry.name === 'extension/media/icon.png')!.read();
    // PNG header: width and height (big-endian) at bytes 16 and 20; the Marketplace wants ≥ 128.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
  });

  it('ships a README whose screenshots point at files in the repository', () => {
    const images = [...read('extension/readme.md').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]!);
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) {
      // vsce rewrites relative links against the repository URL; the files must exist there.
      const relative = /^https:\/\/github\.com\/sagestream\/sagestream\/raw\/HEAD\/packages\/vscode-extension\/(.+\.png)$/.exec(image)?.[1];
      expect(relative, image).toBeDefined();
      expect(existsSync(path.join(PACKAGE_DIR, relative!)), relative).toBe(true);
    }
  });
});

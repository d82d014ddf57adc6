#!/usr/bin/env node
// Launcher for the `sagestream` CLI. In a checkout (sources present) it runs the TypeScript sources
// through tsx, so what runs is always what is in the tree; an installed package runs its build.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/run.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/run.js', import.meta.url).href);
}

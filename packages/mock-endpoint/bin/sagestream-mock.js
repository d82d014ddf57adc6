#!/usr/bin/env node
// Launcher for `sagestream-mock`. In a checkout (sources present) it runs the TypeScript sources
// through tsx — resolving workspace packages to their sources too — so what runs is always what is
// in the tree; an installed package runs its build.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  // Add the `source` export condition, so that @sagestream/core resolves to src/index.ts.
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier, { ...context, conditions: [...new Set([...(context.conditions ?? []), 'source'])] });
  }`;
  registerHooks(`data:text/javascript,${encodeURIComponent(hook)}`);
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}

import { defineConfig } from 'vitest/config';

/**
 * Vitest settings every package shares. Workspace packages resolve to their TypeScript sources
 * (the `source` export condition), so tests never need a prior build. Vitest runs Node tests in
 * Vite's SSR environment, whose conditions are set under `ssr` — without `module` (which would
 * pick the AWS SDK's extensionless dist-es builds) and without `import` (which, as an external
 * condition, would make express's CommonJS `require`s load ESM builds).
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The AWS SDK warns on every client that Node 20 support ends in 2027: noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

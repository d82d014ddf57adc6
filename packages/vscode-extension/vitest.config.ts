import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(sharedConfig, defineConfig({
  test: {
    hookTimeout: 60_000,
    server: { deps: { inline: [/@sagestream\//] } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/*.test.ts'], exclude: ['src/webview/**'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'webview', include: ['src/webview/**/*.test.ts'], environment: 'jsdom' },
      },
      {
        extends: true,
        // Needs the built dist/ (the global setup builds it): `npm start` and the real-browser tests.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
}));

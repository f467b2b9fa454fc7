import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real embedding model and a real index are built once for the whole run (see test/utils/global-setup.ts).
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Native addons (better-sqlite3, onnxruntime, nodejieba) are happiest in forked processes.
    pool: 'forks',
  },
});

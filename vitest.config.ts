import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real index (five seeds, jieba, the real bge-small-zh model) is built once for the whole run.
    globalSetup: ['test/utils/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Native addons (better-sqlite3, onnxruntime, nodejieba) are happiest in forked processes.
    pool: 'forks',
  },
});

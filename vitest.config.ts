import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Node 20 computes relaxed SIMD only behind this flag; with it every one of the three builds
    // can be forced and tested here (test/helpers.ts: forEachBuild).
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

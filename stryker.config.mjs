// Mutation testing of the TypeScript layer (npm run mutate:src; npm run mutate runs it with the kernel
// mutants of scripts/mutate-kernels.js). The tests run against src/ through vitest.mutate.config.ts,
// which resolves their build/dist imports to the (mutated) sources. It takes long: not part of npm test.
// Scope a run with --mutate, e.g. npx stryker run --mutate 'src/core/validate.ts'.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/**/*.ts',
    // Re-export barrels only: nothing in them a test could observe. (The index.ts of autograd, datasets,
    // metrics, model_selection, pipeline and stats hold code and are mutated.)
    ...['', 'base/', 'io/', 'linalg/', 'linear_model/', 'nn/', 'optim/', 'preprocessing/', 'tree/']
      .map((dir) => `!src/${dir}index.ts`),
  ],
  // The build (build/wasm) must be in the sandbox: the kernels are loaded from there.
  ignorePatterns: ['bench/results', 'reports', '.stryker-tmp'],
  // Node 20 runs relaxed SIMD (the build init() picks) only behind this flag; vitest.config.ts passes
  // it to its forks, Stryker's runner uses threads, which inherit it from their process.
  testRunnerNodeArgs: ['--experimental-wasm-relaxed-simd'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/src.html' },
  jsonReporter: { fileName: 'reports/mutation/src.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  // Stryker rewrites tsconfig paths that leave the sandbox through the TypeScript JS API, which
  // TypeScript 7 (the native compiler) no longer has. Our tsconfig.json has no extends/references,
  // so nothing needs rewriting: point the option at a file that does not exist to skip the step.
  tsconfigFile: 'tsconfig.stryker-skip.json',
  cleanTempDir: true,
};

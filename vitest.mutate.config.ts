// Vitest configuration for mutation testing (npm run mutate; not used by npm test).
//
// The tests import the compiled package (build/dist/*.js). Stryker mutates src/*.ts in place (in its
// sandbox), so for its mutants to be what the tests execute, every import of build/dist/<path>.js is
// resolved to src/<path>.ts here; Vitest runs the TypeScript directly. The .wasm files are still
// the built ones: src/runtime/load.ts finds them relative to its own URL ('../../wasm/…', which from
// build/dist/runtime is build/wasm), so the same relative path is redirected to build/wasm when the
// module is executed from src/runtime. Production code is unchanged.
import { dirname, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import base from './vitest.config.ts';

const DIST = `${sep}build${sep}dist${sep}`;

function sourcesInsteadOfBuild(): Plugin {
  return {
    name: 'wasmlearn:src-instead-of-build-dist',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const target = resolve(dirname(importer.split('?')[0]), source);
      const at = target.lastIndexOf(DIST);
      if (at < 0) return null;
      return `${target.slice(0, at)}${sep}src${sep}${target.slice(at + DIST.length, -3)}.ts`;
    },
    transform(code, id) {
      if (!id.split('?')[0].endsWith(`${sep}src${sep}runtime${sep}load.ts`)) return null;
      const patched = code.replace(/(['"`])\.\.\/\.\.\/wasm\//g, '$1../../build/wasm/');
      if (patched === code) throw new Error('vitest.mutate.config: the bundled .wasm URLs were not found in src/runtime/load.ts');
      return { code: patched, map: null };
    },
  };
}

export default defineConfig({
  ...base,
  plugins: [sourcesInsteadOfBuild()],
  test: {
    ...base.test,
    // Tests of the shipped artefacts themselves (the bundle, the package layout, other runtimes
    // loading build/) say nothing about src/ and are left to npm test.
    exclude: ['test/runtimes/**', 'node_modules/**'],
    // Under Stryker the tests run in worker threads, which cannot take V8 flags: the flag comes from
    // the test-runner process instead (testRunnerNodeArgs in stryker.config.mjs).
    execArgv: process.env.STRYKER_MUTATOR_WORKER === undefined ? base.test?.execArgv : [],
    // MUTATE_TESTS=test/a.test.ts,test/b.test.ts limits a scoped run (stryker run --mutate …) to the
    // tests that cover the mutated files; Stryker's dry run otherwise runs the whole suite.
    ...(process.env.MUTATE_TESTS ? { include: process.env.MUTATE_TESTS.split(',') } : {}),
  },
});

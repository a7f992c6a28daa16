// What `npm pack` publishes, and that a build right after a build does nothing (so `npm install`,
// whose `prepare` builds, followed by `npm test`, whose first step builds, compiles once).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

describe('package', () => {
  it('npm pack holds what users need and no debug build (.wat, .map, debug .wasm)', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const [info] = JSON.parse(out) as { size: number; unpackedSize: number; files: { path: string; size: number }[] }[];
    const paths = info.files.map((f) => f.path);
    expect(paths.filter((p) => /\.(wat|map)$|debug/.test(p))).toEqual([]);
    for (const needed of ['package.json', 'README.md', 'build/bundle/esm/wasmlearn.js', 'build/dist/index.d.ts', 'build/wasm/wasmlearn.relaxed.wasm', 'build/wasm/wasmlearn.simd.wasm', 'build/wasm/wasmlearn.scalar.wasm']) {
      expect(paths, needed).toContain(needed);
    }
    expect(paths.filter((p) => p.startsWith('test/') || p.startsWith('assembly/') || p.startsWith('src/') || p.startsWith('bench/'))).toEqual([]);
    // 894 kB packed (6.4 MB of it debug) before the debug build moved out of build/wasm
    expect(info.unpackedSize).toBeLessThan(4_000_000);
  });

  it('a second build right after `npm test`’s build compiles nothing', () => {
    // `npm test` runs `npm run build` first; every step must now be up to date.
    const out = execFileSync(process.execPath, ['scripts/build.js', '--check'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(/wasm is up to date/);
    expect(out).toMatch(/ts is up to date/);
    expect(out).toMatch(/bundle is up to date/);
  });
});

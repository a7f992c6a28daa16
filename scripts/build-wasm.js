// Compiles the three release builds (relaxed SIMD, SIMD, scalar) and the debug build from one
// AssemblyScript source. Each target's feature flags live in asconfig.json.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['release', 'relaxed', 'scalar', 'debug'];

for (const target of targets) {
  execFileSync(process.execPath, [asc, '--config', 'asconfig.json', '--target', target], { stdio: 'inherit' });
}

// `npm run build`: the Wasm builds, the TypeScript, the bundle — each step only when its inputs or
// outputs changed since that step last succeeded. `npm install` builds (the `prepare` script) and
// `npm test` builds again before testing; without this check a fresh `npm install && npm test`
// compiled everything twice. A step is skipped only when the hash of its input files equals the one
// recorded after its last successful run AND its outputs are exactly (size, mtime) what that run
// left, so an output rebuilt by hand from other sources (e.g. `node scripts/build-wasm.js release`
// on an edited kernel) is rebuilt here. `--force` rebuilds everything.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const force = process.argv.includes('--force');
// --check: build nothing; list the steps that would run and exit 1 if there are any.
const check = process.argv.includes('--check');
const stale = [];
const stampDir = join(root, 'build', '.stamps');

/** Every file under `dir` (recursively), relative to the repository root, sorted. */
function files(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [dir];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

function inputHash(inputs) {
  const h = createHash('sha256');
  for (const f of inputs.flatMap(files)) h.update(f).update('\0').update(readFileSync(join(root, f))).update('\0');
  return h.digest('hex');
}

function outputState(outputs) {
  const state = {};
  for (const f of outputs.flatMap(files)) {
    const s = statSync(join(root, f));
    state[f] = `${s.size}:${s.mtimeMs}`;
  }
  return state;
}

function step(name, inputs, outputs, run) {
  const stampFile = join(stampDir, `${name}.json`);
  const hash = inputHash(inputs);
  if (!force && existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const now = outputState(outputs);
    const same = stamp.hash === hash && Object.keys(now).length > 0 && JSON.stringify(now) === JSON.stringify(stamp.outputs);
    if (same) {
      console.log(`build: ${name} is up to date`);
      return;
    }
  }
  if (check) {
    stale.push(name);
    return;
  }
  rmSync(stampFile, { force: true }); // a failed run must not leave a stamp that says it succeeded
  run();
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ hash, outputs: outputState(outputs) }));
}

const asVersion = join(dirname(require.resolve('assemblyscript/package.json')), 'package.json');

// The debug build used to be written next to the release files and so was published; it now lives
// in build/debug/ (not in the package). Old copies in build/wasm/ are removed.
if (!check) for (const f of ['wasmlearn.debug.wasm', 'wasmlearn.debug.wasm.map', 'wasmlearn.debug.wat']) rmSync(join(root, 'build/wasm', f), { force: true });

// Each step runs its package.json script (build:wasm, build:ts, build:bundle), which stay the one
// place that says how; the scripts' own text is part of each step's inputs.
const npmRun = (script) => () => execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', script], { cwd: root, stdio: 'inherit' });
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const scriptInput = (name) => {
  // a virtual input: the command itself, so that editing a script rebuilds its step
  const f = join(stampDir, `${name}.cmd`);
  mkdirSync(stampDir, { recursive: true });
  if (!existsSync(f) || readFileSync(f, 'utf8') !== scripts[name]) writeFileSync(f, scripts[name]);
  return relative(root, f);
};

step('wasm', ['assembly', 'asconfig.json', 'scripts/build-wasm.js', relative(root, asVersion), scriptInput('build:wasm')], ['build/wasm', 'build/debug'], npmRun('build:wasm'));
step('ts', ['src', 'tsconfig.json', 'node_modules/typescript/package.json', scriptInput('build:ts')], ['build/dist'], npmRun('build:ts'));
step('bundle', ['build/dist', scriptInput('build:bundle')], ['build/bundle'], npmRun('build:bundle'));

if (check && stale.length > 0) {
  console.log(`build: out of date: ${stale.join(', ')} (run npm run build)`);
  process.exit(1);
}

// Elementwise add and dot: wasmlearn's SIMD kernels vs plain JS loops over typed arrays.
// Run: node bench/elementwise.bench.js (or via npm run bench). Data lives in the heap already,
// as in a pipeline; the JS side reads the same values from its own typed arrays.
import * as wl from '../build/dist/index.js';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

await wl.init();
const sizes = [1e3, 1e4, 1e5, 1e6];
const rows = [];
for (const dtype of ['float64', 'float32']) {
  const Typed = dtype === 'float32' ? Float32Array : Float64Array;
  for (const n of sizes) {
    const a = wl.random.uniform(1, n, { seed: 1, dtype });
    const b = wl.random.uniform(1, n, { seed: 2, dtype });
    const out = wl.zeros(1, n, dtype);
    const ja = new Typed(a.toTypedArray()), jb = new Typed(b.toTypedArray()), jo = new Typed(n);
    const minSamples = n >= 1e6 ? 20 : 40;

    const addWl = measure(`add wl ${dtype} ${n}`, () => wl.add(a, b, { out }), { minSamples });
    // Fresh functions per case, so V8's type feedback stays monomorphic (a fair, fast JS baseline).
    const jsAdd = new Function('a', 'b', 'o', 'n', 'for (let i = 0; i < n; i++) o[i] = a[i] + b[i];');
    const jsDot = new Function('a', 'b', 'n', 'let s = 0; for (let i = 0; i < n; i++) s += a[i] * b[i]; return s;');
    const addJs = measure(`add js ${dtype} ${n}`, () => jsAdd(ja, jb, jo, n), { minSamples });
    let sink = 0;
    const dotWl = measure(`dot wl ${dtype} ${n}`, () => { sink += wl.dot(a, b); }, { minSamples });
    const dotJs = measure(`dot js ${dtype} ${n}`, () => { sink += jsDot(ja, jb, n); }, { minSamples });
    if (Number.isNaN(sink)) throw new Error('unreachable');
    const gops = (r) => fmt((n * r.hz) / 1e9);
    rows.push([dtype, n.toExponential(0), gops(addWl), gops(addJs), ratio(addWl.hz, addJs.hz), gops(dotWl), gops(dotJs), ratio(dotWl.hz, dotJs.hz)]);
    for (const m of [a, b, out]) m.dispose();
  }
}

const md = `### Elementwise (${runtimeName()}, build ${wl.features().build})

Billions of elements per second (median of benchmark.js samples); ratio = wasmlearn / plain JS loop.

${table(['dtype', 'n', 'add wl', 'add JS', 'add ratio', 'dot wl', 'dot JS', 'dot ratio'], rows)}`;
console.log(md);
saveFragment(`elementwise-${runtimeKey()}`, md);

// Runs scikit-learn workloads (bench/sklearn/runner.py) in a separate Python process, one thread,
// on the same data as the JS side, and returns their median times. Any bench can use it:
//   const sk = runSklearn([{ name, estimator: 'sklearn.svm.SVC', params: { C: 1 }, X: rows, y }]);
//   sk.results?.[name]?.medianMs  // undefined when Python or scikit-learn is missing: sk.note says why
// Python: $PYTHON, else python3, else /usr/bin/python3 (Debian's python3-sklearn) — the first that
// imports sklearn.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('./sklearn/runner.py', import.meta.url));
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function findPython() {
  for (const py of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean)) {
    const r = spawnSync(py, ['-c', 'import sklearn'], { env, stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function f64(values) {
  const a = Float64Array.from(values);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * workloads: [{ name, estimator (dotted scikit-learn class), params, X: number[][], y?: number[],
 * labels?: boolean (y are class labels), method?: 'fit' | 'fit_predict', minSamples?, maxTime? }].
 * Returns { results: { [name]: { medianMs, samples } }, version } or { note } when unavailable.
 */
export function runSklearn(workloads) {
  const python = findPython();
  if (!python) return { note: 'scikit-learn column skipped: no python3 with scikit-learn found (set $PYTHON, or apt install python3-sklearn)' };
  const dir = mkdtempSync(join(tmpdir(), 'wl-sklearn-'));
  try {
    const spec = {
      workloads: workloads.map((w, i) => {
        const X = join(dir, `${i}.X.f64`);
        writeFileSync(X, f64(w.X.flat()));
        let y = null;
        if (w.y) writeFileSync((y = join(dir, `${i}.y.f64`)), f64(w.y));
        return { name: w.name, estimator: w.estimator, params: w.params ?? {}, X, y, labels: !!w.labels, n: w.X.length, d: w.X[0].length, method: w.method ?? 'fit', minSamples: w.minSamples ?? 10, maxTime: w.maxTime ?? 1 };
      }),
    };
    const out = execFileSync(python, [runner], { input: JSON.stringify(spec), env, maxBuffer: 1 << 24 });
    const parsed = JSON.parse(out.toString());
    return { results: parsed.results, version: `scikit-learn ${parsed.sklearn}, numpy ${parsed.numpy}` };
  } catch (error) {
    return { note: `scikit-learn column skipped: the runner failed (${String(error.message).split('\n')[0]})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

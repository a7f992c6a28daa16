// A small program written against the published types (`import … from 'wasmlearn'` resolves through
// package.json "exports" → build/dist/index.d.ts). test/types/types.test.ts type-checks it with tsc;
// every `@ts-expect-error` line must be an error, or tsc reports the directive as unused.
import * as wl from 'wasmlearn';

export async function main(): Promise<number> {
  await wl.init();
  let total = 0;
  {
    using m = wl.zeros(2, 2); // Matrix declares [Symbol.dispose]
    total += wl.sum(m);
  }
  const A = wl.matrix([[2, 1], [1, 2]]);
  const { values, vectors } = wl.linalg.eigh(A);
  total += values[0] + vectors.get(0, 0);
  total += wl.linalg.norm(A, 'fro') + wl.linalg.norm(A, 'inf') + wl.linalg.norm(A, -2);
  // @ts-expect-error: 3 is not a matrix norm order
  wl.linalg.norm(A, 3);
  // @ts-expect-error: 'max' is not a dtype
  wl.zeros(2, 2, 'max');
  // results typed by dtype where TypeScript knows it
  const f64: Float64Array = wl.linalg.eigh(A).values;
  const f32: Float32Array = wl.linalg.eigvalsh(wl.zeros(2, 2, 'float32'));
  const s32: Float32Array = wl.linalg.svd(wl.clone(A, 'float32')).s;
  const e: Float64Array = wl.linalg.eigvalsh([[1, 0], [0, 1]]);
  const d32: 'float32' = wl.ones(1, 1, 'float32').dtype;
  const r32: Float32Array = wl.random.normal(2, 2, { seed: 1, dtype: 'float32' }).toTypedArray();
  const r64: Float64Array = wl.random.uniform(2, 2, { seed: 1 }).toTypedArray();
  total += r32[0] + r64[0];
  // @ts-expect-error: a float32 matrix's values are a Float32Array
  const wrong: Float64Array = wl.linalg.eigvalsh(wl.zeros(2, 2, 'float32'));
  total += f64[0] + f32[0] + s32[0] + e[0] + d32.length + wrong.length;
  // linear algebra keeps the dtype: float32 in, float32 out; number[][] is float64
  const A32 = wl.clone(A, 'float32');
  const mm32: wl.Matrix<'float32'> = wl.linalg.matmul(A32, A32);
  const mm64: wl.Matrix<'float64'> = wl.linalg.matmul([[1]], [[2]]);
  const q32: wl.Matrix<'float32'> = wl.linalg.qr(A32).R;
  const x32: Float32Array = wl.linalg.solve(A32, [1, 2]);
  const X32: wl.Matrix<'float32'> = wl.linalg.solve(A32, A32);
  const i32: wl.Matrix<'float32'> = wl.linalg.inv(A32);
  const l32: wl.Matrix<'float32'> = wl.linalg.cholesky(A32);
  const p64: wl.Matrix<'float64'> = wl.linalg.pinv([[1, 2]]);
  // @ts-expect-error: the product of float32 matrices is float32
  const mmWrong: wl.Matrix<'float64'> = wl.linalg.matmul(A32, A32);
  total += mm32.rows + mm64.rows + q32.rows + x32[0] + X32.rows + i32.rows + l32.rows + p64.rows + mmWrong.rows;
  const text: string = String(A);
  const x = wl.linalg.solve(A, [1, 2]);
  total += x[0] + text.length;
  await wl.scope(async (track) => {
    await Promise.resolve();
    track(wl.ones(1, 1));
  });
  // array essentials keep the dtype; reductions without axis are numbers, arg-reductions with axis Int32Array
  const Z32 = wl.zeros(3, 2, 'float32');
  const mu32: wl.Matrix<'float32'> = wl.mean(Z32, { axis: 0 });
  const c32: wl.Matrix<'float32'> = wl.div(wl.sub(Z32, mu32), wl.std(Z32, { axis: 0 }));
  const idx: Int32Array = wl.argmax(Z32, { axis: 1 });
  const t32: wl.Matrix<'float32'> = wl.take(wl.exp(c32), idx, { axis: 0 });
  total += wl.mean(A) + wl.var(A, { ddof: 1 }) + t32.rows + wl.argsort(A)[0];
  // @ts-expect-error: a float32 matrix is not a float64 one
  const bad: wl.Matrix<'float64'> = wl.sqrt(Z32);
  total += bad.rows;
  vectors.dispose();
  A.dispose();
  return total;
}

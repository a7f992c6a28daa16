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
  const text: string = String(A);
  const x = wl.linalg.solve(A, [1, 2]);
  total += x[0] + text.length;
  await wl.scope(async (track) => {
    await Promise.resolve();
    track(wl.ones(1, 1));
  });
  vectors.dispose();
  A.dispose();
  return total;
}

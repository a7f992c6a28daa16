import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, rng, type WL } from '../helpers';

type M = InstanceType<WL['Matrix']>;
const DTYPES = ['float64', 'float32'] as const;
const SHAPES: [number, number][] = [[0, 0], [0, 3], [3, 0], [1, 1], [1, 5], [5, 1], [3, 4], [7, 9], [17, 5], [33, 31]];

function filled(wl: WL, rows: number, cols: number, dtype: (typeof DTYPES)[number], seed: number, ties = false): [M, number[]] {
  const r = rng(seed);
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const a = Array.from({ length: rows * cols }, () => (ties ? Math.floor(5 * r()) : round(2 * r() - 1)));
  const A = wl.zeros(rows, cols, dtype);
  A.data.set(a);
  return [A, a];
}

const rowsOf = (a: number[], rows: number, cols: number) => Array.from({ length: rows }, (_, i) => a.slice(i * cols, (i + 1) * cols));
const flatOf = (M: M) => Array.from(M.toTypedArray());

/** Python/NumPy slice bounds: negatives from the end, then clamp. */
const pyBounds = (start: number | undefined, end: number | undefined, n: number): [number, number] => {
  const f = (v: number | undefined, d: number) => (v === undefined ? d : Math.min(Math.max(v < 0 ? v + n : v, 0), n));
  const s = f(start, 0);
  return [s, Math.max(s, f(end, n))];
};

/** Stable argsort reference: sort (value, index) by value, then index. */
const jsArgsort = (x: number[]) => x.map((v, i) => [v, i]).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map((p) => p[1]);

describe.each(BUILDS)('shaping and indexing, %s build', (build) => {
  it.each(DTYPES)('take, slice, stacks, reshape, diag and argsort match plain TS (%s)', async (dtype) => {
    const wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
    const base = wl.memory().bytesInUse;
    for (const [rows, cols] of SHAPES) {
      for (const ties of [false, true]) {
        const [A, a] = filled(wl, rows, cols, dtype, rows * 100 + cols, ties);
        const R = rowsOf(a, rows, cols);
        const r = rng(rows + cols);
        const label = `${rows}×${cols}`;
        // take: rows, columns, flat; negative and repeated indices
        if (rows > 0) {
          const idx = Array.from({ length: 2 * rows + 1 }, () => Math.floor(r() * 2 * rows) - rows);
          const T = wl.take(A, idx, { axis: 0 });
          expect(T.shape).toEqual([idx.length, cols]);
          expect(T.toArray(), `take rows ${label}`).toEqual(idx.map((i) => R[i < 0 ? i + rows : i]));
          T.dispose();
        }
        if (cols > 0) {
          const idx = Int32Array.from({ length: cols + 3 }, () => Math.floor(r() * 2 * cols) - cols);
          const T = wl.take(A, idx, { axis: 1 });
          expect(T.shape).toEqual([rows, idx.length]);
          expect(T.toArray(), `take cols ${label}`).toEqual(R.map((row) => Array.from(idx, (j) => row[j < 0 ? j + cols : j])));
          T.dispose();
        }
        if (a.length > 0) {
          const idx = [0, a.length - 1, -1, Math.floor(r() * a.length)];
          const T = wl.take(A, idx);
          expect(flatOf(T)).toEqual(idx.map((i) => a[i < 0 ? i + a.length : i]));
          T.dispose();
        }
        const E = wl.take(A, [], { axis: 0 });
        expect(E.shape).toEqual([0, cols]);
        E.dispose();
        // slice: random bounds, including negative and out of range
        for (let t = 0; t < 4; t++) {
          const pick = (n: number) => (r() < 0.2 ? undefined : Math.floor(r() * (2 * n + 6)) - n - 3);
          const rs = [pick(rows), pick(rows)] as [number | undefined, number | undefined];
          const cs = [pick(cols), pick(cols)] as [number | undefined, number | undefined];
          const [r0, r1] = pyBounds(rs[0], rs[1], rows);
          const [c0, c1] = pyBounds(cs[0], cs[1], cols);
          const S = wl.slice(A, rs, cs);
          expect(S.shape, `slice ${label} ${rs} ${cs}`).toEqual([r1 - r0, c1 - c0]);
          expect(S.toArray()).toEqual(R.slice(r0, r1).map((row) => row.slice(c0, c1)));
          S.dispose();
        }
        // hstack / vstack with a second matrix
        const [B, b] = filled(wl, rows, 3, dtype, 7);
        const H = wl.hstack([A, B, A]);
        expect(H.shape).toEqual([rows, 2 * cols + 3]);
        const Bt = rowsOf(b, rows, 3);
        expect(H.toArray()).toEqual(R.map((row, i) => [...row, ...Bt[i], ...row]));
        const [C, c] = filled(wl, 2, cols, dtype, 8);
        const V = wl.vstack([A, C]);
        expect(V.shape).toEqual([rows + 2, cols]);
        expect(flatOf(V)).toEqual([...a, ...c]);
        // reshape, with -1
        if (a.length > 0) {
          const Rs = wl.reshape(A, -1, 1);
          expect(Rs.shape).toEqual([a.length, 1]);
          expect(flatOf(Rs)).toEqual(a);
          Rs.dispose();
        }
        const Rc = wl.reshape(A, cols, rows);
        expect(Rc.shape).toEqual([cols, rows]);
        expect(flatOf(Rc)).toEqual(a);
        // diag: matrix → 1×len row, for several k; vector → matrix
        if (rows > 1 && cols > 1) {
          for (const k of [0, 1, -1, 2, -cols - 1]) {
            const D = wl.diag(A, { k });
            const want: number[] = [];
            for (let i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) want.push(R[i][i + k]);
            expect(D.shape).toEqual([1, want.length]);
            expect(flatOf(D), `diag k=${k} ${label}`).toEqual(want);
            D.dispose();
          }
        } else if (a.length > 0) {
          const D = wl.diag(A, { k: -1 });
          const N = a.length + 1;
          const want = new Array(N * N).fill(0);
          a.forEach((v, i) => (want[(i + 1) * N + i] = v));
          expect(D.shape).toEqual([N, N]);
          expect(flatOf(D)).toEqual(want);
          D.dispose();
        }
        // argsort: stable, both axes, laid out like A
        for (const axis of [0, 1] as const) {
          const S = wl.argsort(A, { axis });
          expect(S).toBeInstanceOf(Int32Array);
          expect(S.length).toBe(a.length);
          const want = new Array(a.length);
          if (axis === 1) R.forEach((row, i) => jsArgsort(row).forEach((j, p) => (want[i * cols + p] = j)));
          else for (let j = 0; j < cols; j++) jsArgsort(R.map((row) => row[j])).forEach((i, p) => (want[p * cols + j] = i));
          expect(Array.from(S), `argsort axis ${axis} ${label} ties=${ties}`).toEqual(want);
        }
        for (const m of [A, B, H, C, V, Rc]) m.dispose();
      }
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('shaping: long sorts, errors, properties', () => {
  it('argsort sorts runs longer than the insertion block, stably, on both axes', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    for (const n of [31, 32, 33, 64, 65, 100, 1000, 4097]) {
      wl.scope(() => {
        const r = rng(n);
        const a = Array.from({ length: n }, () => Math.floor(r() * (n / 4))); // many ties
        const Row = wl.matrix({ data: a, rows: 1, cols: n });
        const Col = wl.matrix({ data: a, rows: n, cols: 1 }, { dtype: 'float32' });
        expect(Array.from(wl.argsort(Row))).toEqual(jsArgsort(a));
        expect(Array.from(wl.argsort(Col, { axis: 0 }))).toEqual(jsArgsort(a));
        // gathering by the permutation gives a non-decreasing sequence
        const sorted = wl.take(Row, wl.argsort(Row), { axis: 1 }).toTypedArray();
        for (let i = 1; i < n; i++) expect(sorted[i]).toBeGreaterThanOrEqual(sorted[i - 1]);
      });
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('rejects bad indices, ranges, shapes and options, naming the argument', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    wl.scope(() => {
      const A = wl.matrix([[1, 2, 3], [4, 5, 6]]);
      expect(() => wl.take(A, [2], { axis: 0 })).toThrow(/indices\[0\]: index 2 is out of bounds for axis 0 of A of size 2/);
      expect(() => wl.take(A, [0, -3], { axis: 0 })).toThrow(wl.ValidationError);
      expect(() => wl.take(A, [1.5], { axis: 1 })).toThrow(/indices\[0\]: expected an integer/);
      expect(() => wl.take(A, [6])).toThrow(/flattened/);
      expect(() => wl.take(A, 'abc' as never)).toThrow(/indices: expected an array/);
      expect(() => wl.take(A, [0], { axis: 3 } as never)).toThrow(wl.InvalidParameterError);
      expect(() => wl.slice(A, [0.5, 1])).toThrow(/rows\[0\]: expected an integer/);
      expect(() => wl.slice(A, [0, 1, 2] as never)).toThrow(/rows: expected \[start, end\]/);
      expect(() => wl.hstack([A, wl.zeros(3, 1)])).toThrow(/matrices\[1\]: expected 2 rows/);
      expect(() => wl.vstack([A, wl.zeros(1, 2)])).toThrow(wl.ShapeError);
      expect(() => wl.vstack([])).toThrow(wl.ValidationError);
      expect(() => wl.hstack([A, wl.zeros(2, 1, 'float32')])).toThrow(/dtype/);
      expect(() => wl.reshape(A, 4, 2)).toThrow(/cannot reshape 2×3 \(6 elements\) into 4×2/);
      expect(() => wl.reshape(A, -1, 4)).toThrow(wl.ShapeError);
      expect(() => wl.reshape(A, -1, -1)).toThrow(/only one/);
      expect(() => wl.diag(A, { k: 0.5 })).toThrow(wl.InvalidParameterError);
      expect(() => wl.diag([1, NaN])).toThrow(wl.ValidationError);
      expect(() => wl.argsort(A, { axis: 2 } as never)).toThrow(/axis/);
      // a JS vector: dtype option, and a Float32Array keeps float32
      expect(wl.diag(new Float32Array([1, 2])).dtype).toBe('float32');
      expect(wl.diag([1, 2], { dtype: 'float32' }).toArray()).toEqual([[1, 0], [0, 2]]);
      expect(wl.slice(A, null, [-1]).toArray()).toEqual([[3], [6]]);
    });
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('property: vstack of slices and take of a permutation restore the matrix', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), fc.integer(), fc.constantFrom(...DTYPES), (rows, cols, seed, dtype) => {
        wl.scope(() => {
          const [A, a] = filled(wl, rows, cols, dtype, seed);
          const cut = Math.floor(rng(seed)() * (rows + 1));
          expect(flatOf(wl.vstack([wl.slice(A, [0, cut]), wl.slice(A, [cut])]))).toEqual(a);
          const ccut = Math.floor(rng(seed + 1)() * (cols + 1));
          expect(flatOf(wl.hstack([wl.slice(A, null, [0, ccut]), wl.slice(A, null, [ccut, cols])]))).toEqual(a);
          // argsort along axis 1 and take give each row sorted; the row's multiset is unchanged
          const order = wl.argsort(A);
          for (let i = 0; i < rows; i++) {
            const row = wl.take(wl.slice(A, [i, i + 1]), order.subarray(i * cols, (i + 1) * cols), { axis: 1 });
            const v = flatOf(row);
            expect(v).toEqual([...a.slice(i * cols, (i + 1) * cols)].sort((p, q) => p - q));
          }
        });
      }),
      { numRuns: 40, seed: 14 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

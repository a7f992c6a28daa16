// Dense factorizations and triangular solves over row-major matrices: Cholesky, LU with partial
// pivoting, Householder QR, and the solves built on them. Every algorithm is arranged so that its
// inner loop runs along a contiguous row (a dot product of two row prefixes, or a row axpy), which
// is what vectorizes in row-major storage; column accesses stay in the O(n²) outer loops.
// Kernels never allocate: pivots, Householder scalars and work rows come from the caller.
import { lanes, at, madd, hsum } from './simd';
import { vdot, vaxpy, vscale, vdivs, vswap, vzero, pow2Scale, safminOf } from './vecops';

/** Row i of a row-major matrix with `cols` columns. */
@inline function row<T>(a: usize, i: i32, cols: i32): usize {
  return at<T>(a, i * cols);
}

// ---------------------------------------------------------------------------------------------
// Cholesky

// The four dot products of dot2x2 (a kernel cannot return a tuple, nor allocate one).
let d00: f64 = 0, d01: f64 = 0, d10: f64 = 0, d11: f64 = 0;

/** d_rs = a_r[:n]·b_s[:n] for the row pairs (a0, a1) × (b0, b1): four loads feed four multiply-adds. */
@inline function dot2x2<T>(a0: usize, a1: usize, b0: usize, b1: usize, n: i32): void {
  let i = 0;
  let s00: T = 0, s01: T = 0, s10: T = 0, s11: T = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    let v00 = v128.splat<T>(0), v01 = v00, v10 = v00, v11 = v00;
    for (; i + L <= n; i += L) {
      const x0 = v128.load(at<T>(a0, i)), x1 = v128.load(at<T>(a1, i));
      const y0 = v128.load(at<T>(b0, i)), y1 = v128.load(at<T>(b1, i));
      v00 = madd<T>(x0, y0, v00);
      v01 = madd<T>(x0, y1, v01);
      v10 = madd<T>(x1, y0, v10);
      v11 = madd<T>(x1, y1, v11);
    }
    s00 = hsum<T>(v00);
    s01 = hsum<T>(v01);
    s10 = hsum<T>(v10);
    s11 = hsum<T>(v11);
  }
  for (; i < n; i++) {
    const x0 = load<T>(at<T>(a0, i)), x1 = load<T>(at<T>(a1, i));
    const y0 = load<T>(at<T>(b0, i)), y1 = load<T>(at<T>(b1, i));
    s00 += x0 * y0;
    s01 += x0 * y1;
    s10 += x1 * y0;
    s11 += x1 * y1;
  }
  d00 = <f64>s00;
  d01 = <f64>s01;
  d10 = <f64>s10;
  d11 = <f64>s11;
}

/**
 * In place: the lower triangle of the n×n SPD matrix a becomes L with a = L·Lᵀ; the strict upper
 * triangle is zeroed. Returns -1, or the index of the first non-positive pivot (a is then not
 * positive definite and its content is undefined).
 * Cholesky–Banachiewicz (row by row), Golub & Van Loan §4.2: L[i,j] = (a[i,j] − L[i,:j]·L[j,:j]) / L[j,j],
 * each entry a dot product of two contiguous row prefixes; rows are taken in pairs and columns in
 * pairs so that one pass over four row prefixes gives four entries.
 */
@inline function cholesky<T>(a: usize, n: i32): i32 {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const r0 = row<T>(a, i, n);
    const r1 = row<T>(a, i + 1, n);
    for (let j = 0; j < i; j += 2) { // i is even, so columns j, j+1 < i come in whole pairs
      const q0 = row<T>(a, j, n);
      const q1 = row<T>(a, j + 1, n);
      dot2x2<T>(r0, r1, q0, q1, j);
      const l00 = (<f64>load<T>(at<T>(r0, j)) - d00) / <f64>load<T>(at<T>(q0, j));
      const l10 = (<f64>load<T>(at<T>(r1, j)) - d10) / <f64>load<T>(at<T>(q0, j));
      store<T>(at<T>(r0, j), <T>l00);
      store<T>(at<T>(r1, j), <T>l10);
      const q1j = <f64>load<T>(at<T>(q1, j));
      const djj = <f64>load<T>(at<T>(q1, j + 1));
      store<T>(at<T>(r0, j + 1), <T>((<f64>load<T>(at<T>(r0, j + 1)) - d01 - <f64>load<T>(at<T>(r0, j)) * q1j) / djj));
      store<T>(at<T>(r1, j + 1), <T>((<f64>load<T>(at<T>(r1, j + 1)) - d11 - <f64>load<T>(at<T>(r1, j)) * q1j) / djj));
    }
    // the 2×2 diagonal block
    const e0 = load<T>(at<T>(r0, i)) - vdot<T>(r0, r0, i);
    if (!(e0 > 0)) return i; // also catches NaN
    const l0 = <T>Math.sqrt(<f64>e0);
    store<T>(at<T>(r0, i), l0);
    const l10 = (load<T>(at<T>(r1, i)) - vdot<T>(r1, r0, i)) / l0;
    store<T>(at<T>(r1, i), l10);
    const e1 = load<T>(at<T>(r1, i + 1)) - vdot<T>(r1, r1, i + 1);
    if (!(e1 > 0)) return i + 1;
    store<T>(at<T>(r1, i + 1), <T>Math.sqrt(<f64>e1));
    vzero<T>(at<T>(r0, i + 1), n - i - 1);
    vzero<T>(at<T>(r1, i + 2), n - i - 2);
  }
  if (i < n) { // the last row when n is odd
    const ri = row<T>(a, i, n);
    for (let j = 0; j < i; j++) {
      const rj = row<T>(a, j, n);
      store<T>(at<T>(ri, j), (load<T>(at<T>(ri, j)) - vdot<T>(ri, rj, j)) / load<T>(at<T>(rj, j)));
    }
    const d = load<T>(at<T>(ri, i)) - vdot<T>(ri, ri, i);
    if (!(d > 0)) return i;
    store<T>(at<T>(ri, i), <T>Math.sqrt(<f64>d));
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// LU with partial pivoting

/**
 * y[0:w] −= Σ_{p<cnt} c[p·cstride]·u[p·ustride + 0:w]: a rank-`cnt` update of one row, four source
 * rows per pass so y is loaded and stored once per four of them (the trailing updates of the blocked
 * LU and of the triangular solves with several right-hand sides are made of these).
 */
@inline function rowUpdate<T>(c: usize, cstride: i32, u: usize, ustride: i32, cnt: i32, y: usize, w: i32): void {
  let p = 0;
  for (; p + 4 <= cnt; p += 4) {
    const c0 = -load<T>(at<T>(c, p * cstride));
    const c1 = -load<T>(at<T>(c, (p + 1) * cstride));
    const c2 = -load<T>(at<T>(c, (p + 2) * cstride));
    const c3 = -load<T>(at<T>(c, (p + 3) * cstride));
    const u0 = at<T>(u, p * ustride);
    const u1 = at<T>(u, (p + 1) * ustride);
    const u2 = at<T>(u, (p + 2) * ustride);
    const u3 = at<T>(u, (p + 3) * ustride);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      const v0 = v128.splat<T>(c0), v1 = v128.splat<T>(c1), v2 = v128.splat<T>(c2), v3 = v128.splat<T>(c3);
      for (; j + L <= w; j += L) {
        let acc = v128.load(at<T>(y, j));
        acc = madd<T>(v0, v128.load(at<T>(u0, j)), acc);
        acc = madd<T>(v1, v128.load(at<T>(u1, j)), acc);
        acc = madd<T>(v2, v128.load(at<T>(u2, j)), acc);
        acc = madd<T>(v3, v128.load(at<T>(u3, j)), acc);
        v128.store(at<T>(y, j), acc);
      }
    }
    for (; j < w; j++) {
      let acc = load<T>(at<T>(y, j));
      acc = c0 * load<T>(at<T>(u0, j)) + acc;
      acc = c1 * load<T>(at<T>(u1, j)) + acc;
      acc = c2 * load<T>(at<T>(u2, j)) + acc;
      acc = c3 * load<T>(at<T>(u3, j)) + acc;
      store<T>(at<T>(y, j), acc);
    }
  }
  for (; p < cnt; p++) {
    const cp = load<T>(at<T>(c, p * cstride));
    if (cp != 0) vaxpy<T>(-cp, at<T>(u, p * ustride), y, w);
  }
}

/** Panel width of the blocked LU: the panel's rows stay in cache while it is factored. */
const LU_NB = 32;

/**
 * In place: a (n×n) becomes L\U with P·a = L·U, L unit lower (its unit diagonal not stored), U upper.
 * piv[k] (i32) is the row swapped with row k at step k. Returns -1, or the first k with an exactly
 * zero pivot (then U is singular; the factorization still completes, like LAPACK getrf).
 * Blocked right-looking Gaussian elimination with partial pivoting (LAPACK getrf; Golub & Van Loan
 * §3.4, §3.2.11): a panel of LU_NB columns is factored by rank-1 row axpys, then U12 = L11⁻¹·A12 and
 * A22 −= L21·U12, both as rank-4 row updates along contiguous rows.
 */
@inline function lu<T>(a: usize, n: i32, piv: usize): i32 {
  let info = -1;
  for (let k0 = 0; k0 < n; k0 += LU_NB) {
    const k1 = min(k0 + LU_NB, n);
    for (let k = k0; k < k1; k++) {
      // pivot: the largest |a[i,k]|, i >= k
      let p = k;
      let best = Math.abs(<f64>load<T>(at<T>(a, k * n + k)));
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(<f64>load<T>(at<T>(a, i * n + k)));
        if (v > best) { best = v; p = i; }
      }
      store<i32>(piv + (<usize>k << 2), p);
      if (p != k) vswap<T>(row<T>(a, k, n), row<T>(a, p, n), n);
      const rk = row<T>(a, k, n);
      const pivot = load<T>(at<T>(rk, k));
      if (pivot == 0) {
        if (info < 0) info = k;
        continue; // the column below is all zero: nothing to eliminate
      }
      // l = a_ik·(1/pivot), or a_ik / pivot when the pivot is subnormal and 1/pivot overflows (a
      // matrix scaled by 1e-310), as LAPACK getf2 does
      const byInv = abs<T>(pivot) >= safminOf<T>();
      const inv: T = <T>1 / pivot;
      const w = k1 - k - 1; // the rest of the panel; the columns right of it wait for the block update
      let i = k + 1;
      for (; i + 2 <= n; i += 2) {
        const r0 = row<T>(a, i, n);
        const r1 = row<T>(a, i + 1, n);
        const l0 = byInv ? load<T>(at<T>(r0, k)) * inv : load<T>(at<T>(r0, k)) / pivot;
        const l1 = byInv ? load<T>(at<T>(r1, k)) * inv : load<T>(at<T>(r1, k)) / pivot;
        store<T>(at<T>(r0, k), l0);
        store<T>(at<T>(r1, k), l1);
        axpy2<T>(-l0, -l1, at<T>(rk, k + 1), at<T>(r0, k + 1), at<T>(r1, k + 1), w);
      }
      for (; i < n; i++) {
        const ri = row<T>(a, i, n);
        const l = byInv ? load<T>(at<T>(ri, k)) * inv : load<T>(at<T>(ri, k)) / pivot;
        store<T>(at<T>(ri, k), l);
        vaxpy<T>(-l, at<T>(rk, k + 1), at<T>(ri, k + 1), w);
      }
    }
    const w = n - k1;
    if (w == 0) continue;
    // U12 = L11⁻¹·A12 (unit lower), row by row
    for (let i = k0 + 1; i < k1; i++) {
      rowUpdate<T>(at<T>(a, i * n + k0), 1, at<T>(a, k0 * n + k1), n, i - k0, at<T>(a, i * n + k1), w);
    }
    // A22 −= L21·U12
    for (let i = k1; i < n; i++) {
      rowUpdate<T>(at<T>(a, i * n + k0), 1, at<T>(a, k0 * n + k1), n, k1 - k0, at<T>(a, i * n + k1), w);
    }
  }
  return info;
}

/** y0 += a0·x, y1 += a1·x over n contiguous elements (x read once). */
@inline function axpy2<T>(a0: T, a1: T, x: usize, y0: usize, y1: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const v0 = v128.splat<T>(a0);
    const v1 = v128.splat<T>(a1);
    for (; i + L <= n; i += L) {
      const xv = v128.load(at<T>(x, i));
      v128.store(at<T>(y0, i), madd<T>(v0, xv, v128.load(at<T>(y0, i))));
      v128.store(at<T>(y1, i), madd<T>(v1, xv, v128.load(at<T>(y1, i))));
    }
  }
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    store<T>(at<T>(y0, i), a0 * xv + load<T>(at<T>(y0, i)));
    store<T>(at<T>(y1, i), a1 * xv + load<T>(at<T>(y1, i)));
  }
}

// ---------------------------------------------------------------------------------------------
// Triangular solves with k right-hand sides: b is n×k, rows contiguous, overwritten by x.

const LOWER = 0; // L·X = B
const UNIT_LOWER = 1; // L·X = B, unit diagonal (the L of an LU)
const UPPER = 2; // U·X = B
const LOWER_T = 3; // Lᵀ·X = B with L lower
const UPPER_T = 4; // Uᵀ·X = B with U upper
const UNIT_LOWER_T = 5; // Lᵀ·X = B with L unit lower (the transposed solve with an LU)

/**
 * Substitution, Golub & Van Loan §3.1. With one right-hand side each x[i] is a dot product of a
 * contiguous row of t with x (Lᵀ: an axpy of a row of t into x); with several, each row of X is a
 * rank-(i) row update of B's row by the rows already solved.
 */
@inline function trsm<T>(mode: i32, t: usize, n: i32, b: usize, k: i32): void {
  if (mode == LOWER || mode == UNIT_LOWER) {
    for (let i = 0; i < n; i++) {
      const ti = row<T>(t, i, n);
      const bi = row<T>(b, i, k);
      if (k == 1) {
        const v = load<T>(bi) - vdot<T>(ti, b, i);
        store<T>(bi, mode == UNIT_LOWER ? v : v / load<T>(at<T>(ti, i)));
      } else {
        rowUpdate<T>(ti, 1, b, k, i, bi, k);
        if (mode != UNIT_LOWER) vdivs<T>(load<T>(at<T>(ti, i)), bi, k);
      }
    }
  } else if (mode == UPPER) {
    for (let i = n - 1; i >= 0; i--) {
      const ti = row<T>(t, i, n);
      const bi = row<T>(b, i, k);
      if (k == 1) {
        const v = load<T>(bi) - vdot<T>(at<T>(ti, i + 1), at<T>(b, i + 1), n - i - 1);
        store<T>(bi, v / load<T>(at<T>(ti, i)));
      } else {
        rowUpdate<T>(at<T>(ti, i + 1), 1, row<T>(b, i + 1, k), k, n - i - 1, bi, k);
        vdivs<T>(load<T>(at<T>(ti, i)), bi, k);
      }
    }
  } else if (mode == UPPER_T) {
    // Uᵀ·X = B, forward: once x[i] is known, row i of U (right of the diagonal) holds its
    // coefficients in every later equation.
    for (let i = 0; i < n; i++) {
      const ti = row<T>(t, i, n);
      const bi = row<T>(b, i, k);
      if (k == 1) {
        const x = load<T>(bi) / load<T>(at<T>(ti, i));
        store<T>(bi, x);
        vaxpy<T>(-x, at<T>(ti, i + 1), at<T>(b, i + 1), n - i - 1);
      } else {
        rowUpdate<T>(at<T>(t, i), n, b, k, i, bi, k);
        vdivs<T>(load<T>(at<T>(ti, i)), bi, k);
      }
    }
  } else {
    // Lᵀ·X = B (LOWER_T, UNIT_LOWER_T), column-oriented: once x[j] is known, row j of L (left of the diagonal) holds the
    // coefficients of x[j] in every earlier equation.
    for (let j = n - 1; j >= 0; j--) {
      const tj = row<T>(t, j, n);
      const bj = row<T>(b, j, k);
      if (k == 1) {
        const x = mode == UNIT_LOWER_T ? load<T>(bj) : load<T>(bj) / load<T>(at<T>(tj, j));
        store<T>(bj, x);
        vaxpy<T>(-x, tj, b, j);
      } else {
        // row-oriented here: x[j] = (b[j] − Σ_{i>j} L[i,j]·x[i]) / L[j,j], column j of L as strided coefficients
        rowUpdate<T>(at<T>(t, (j + 1) * n + j), n, row<T>(b, j + 1, k), k, n - j - 1, bj, k);
        if (mode != UNIT_LOWER_T) vdivs<T>(load<T>(at<T>(tj, j)), bj, k);
      }
    }
  }
}

/** b (n×k) ← A⁻¹·b from the LU factors of A (lu, piv as left by `lu`). */
@inline function luSolve<T>(a: usize, n: i32, piv: usize, b: usize, k: i32): void {
  for (let i = 0; i < n; i++) {
    const p = load<i32>(piv + (<usize>i << 2));
    if (p != i) vswap<T>(row<T>(b, i, k), row<T>(b, p, k), k);
  }
  trsm<T>(UNIT_LOWER, a, n, b, k);
  trsm<T>(UPPER, a, n, b, k);
}

/** b (n×k) ← A⁻ᵀ·b from the LU factors of A: Aᵀ = Uᵀ·Lᵀ·P, so Uᵀ, then Lᵀ, then the row swaps last to first. */
@inline function luSolveT<T>(a: usize, n: i32, piv: usize, b: usize, k: i32): void {
  trsm<T>(UPPER_T, a, n, b, k);
  trsm<T>(UNIT_LOWER_T, a, n, b, k);
  for (let i = n - 1; i >= 0; i--) {
    const p = load<i32>(piv + (<usize>i << 2));
    if (p != i) vswap<T>(row<T>(b, i, k), row<T>(b, p, k), k);
  }
}

/**
 * out (n×n) ← A⁻¹ from the LU factors of A: A⁻¹ = U⁻¹·L⁻¹·P (LAPACK getri's order of work). L⁻¹ is
 * unit lower, so row i of it is a rank-i update over its first i columns only (n³/3 flops instead
 * of n³ for a solve against the identity); then U·Y = L⁻¹ by rows, and the row swaps of P become
 * column swaps of Y, applied last to first.
 */
@inline function luInv<T>(a: usize, n: i32, piv: usize, out: usize): void {
  vzero<T>(out, n * n);
  for (let i = 0; i < n; i++) {
    const oi = row<T>(out, i, n);
    store<T>(at<T>(oi, i), 1);
    rowUpdate<T>(row<T>(a, i, n), 1, out, n, i, oi, i);
  }
  trsm<T>(UPPER, a, n, out, n);
  for (let k = n - 1; k >= 0; k--) {
    const p = load<i32>(piv + (<usize>k << 2));
    if (p == k) continue;
    for (let i = 0; i < n; i++) {
      const x = at<T>(out, i * n + k);
      const y = at<T>(out, i * n + p);
      const t = load<T>(x);
      store<T>(x, load<T>(y));
      store<T>(y, t);
    }
  }
}

/** b (n×k) ← S⁻¹·b from the Cholesky factor L of S. */
@inline function cholSolve<T>(l: usize, n: i32, b: usize, k: i32): void {
  trsm<T>(LOWER, l, n, b, k);
  trsm<T>(LOWER_T, l, n, b, k);
}

// ---------------------------------------------------------------------------------------------
// Condition estimation

const EST_LU = 0; // A from its LU factors (a, piv)
const EST_CHOL = 1; // A = L·Lᵀ from its Cholesky factor (symmetric: A⁻ᵀ = A⁻¹)
const EST_UPPER = 2; // an upper triangular T (the R of a QR)

/** x ← A⁻¹·x (trans: A⁻ᵀ·x) for the matrix `kind` describes. */
@inline function estSolve<T>(kind: i32, a: usize, n: i32, piv: usize, x: usize, trans: bool): void {
  if (kind == EST_LU) {
    if (trans) luSolveT<T>(a, n, piv, x, 1);
    else luSolve<T>(a, n, piv, x, 1);
  } else if (kind == EST_CHOL) {
    cholSolve<T>(a, n, x, 1);
  } else {
    trsm<T>(trans ? UPPER_T : UPPER, a, n, x, 1);
  }
}

@inline function sum1<T>(x: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += Math.abs(<f64>load<T>(at<T>(x, i)));
  return s;
}

@inline function argmaxAbs<T>(x: usize, n: i32): i32 {
  let j = 0;
  let best: f64 = -1;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(<f64>load<T>(at<T>(x, i)));
    if (v > best) { best = v; j = i; }
  }
  return j;
}

/**
 * An estimate of ‖A⁻¹‖₁ (a lower bound, usually within a factor of 3) from a few solves with A and
 * Aᵀ: Hager's method as refined by Higham (1988), LAPACK dlacn2, with its extra test vector.
 * work: 2n elements (x, then the sign vector).
 */
@inline function normInvEst<T>(kind: i32, a: usize, n: i32, piv: usize, work: usize): f64 {
  const x = work;
  const xs = at<T>(work, n);
  for (let i = 0; i < n; i++) store<T>(at<T>(x, i), <T>(1.0 / <f64>n));
  estSolve<T>(kind, a, n, piv, x, false);
  if (n == 1) return Math.abs(<f64>load<T>(x));
  let est = sum1<T>(x, n);
  for (let i = 0; i < n; i++) {
    const sg: T = load<T>(at<T>(x, i)) >= 0 ? <T>1 : <T>-1;
    store<T>(at<T>(xs, i), sg);
    store<T>(at<T>(x, i), sg);
  }
  estSolve<T>(kind, a, n, piv, x, true);
  let j = argmaxAbs<T>(x, n);
  for (let iter = 2; ; iter++) {
    vzero<T>(x, n);
    store<T>(at<T>(x, j), 1);
    estSolve<T>(kind, a, n, piv, x, false);
    const estold = est;
    est = sum1<T>(x, n);
    let same = true;
    for (let i = 0; i < n; i++) {
      const sg: T = load<T>(at<T>(x, i)) >= 0 ? <T>1 : <T>-1;
      if (sg != load<T>(at<T>(xs, i))) { same = false; break; }
    }
    if (same || est <= estold) break; // the sign vector repeats, or no progress: converged
    for (let i = 0; i < n; i++) {
      const sg: T = load<T>(at<T>(x, i)) >= 0 ? <T>1 : <T>-1;
      store<T>(at<T>(xs, i), sg);
      store<T>(at<T>(x, i), sg);
    }
    estSolve<T>(kind, a, n, piv, x, true);
    const jlast = j;
    j = argmaxAbs<T>(x, n);
    if (Math.abs(<f64>load<T>(at<T>(x, jlast))) == Math.abs(<f64>load<T>(at<T>(x, j))) || iter >= 5) break;
  }
  // Higham's extra vector x_i = (−1)^i·(1 + i/(n−1)), which catches the cases where the gradient steps stall
  for (let i = 0; i < n; i++) store<T>(at<T>(x, i), <T>((i & 1 ? -1.0 : 1.0) * (1.0 + <f64>i / <f64>(n - 1))));
  estSolve<T>(kind, a, n, piv, x, false);
  const alt = (2 * sum1<T>(x, n)) / <f64>(3 * n);
  return alt > est ? alt : est;
}

/**
 * The reciprocal condition number 1 / (‖A‖₁·‖A⁻¹‖₁), ‖A⁻¹‖₁ estimated (LAPACK gecon / pocon /
 * trcon). anorm: ‖A‖₁ of the matrix before factoring; for EST_UPPER pass a negative value and
 * ‖T‖₁ is computed here from the upper triangle. 0 when a diagonal entry of U, L or T is 0
 * (exactly singular) or the estimate overflows. work: 2n elements.
 */
@inline function rcondEst<T>(kind: i32, a: usize, n: i32, piv: usize, anorm: f64, work: usize): f64 {
  if (n == 0) return Infinity;
  for (let i = 0; i < n; i++) if (load<T>(at<T>(a, i * n + i)) == 0) return 0;
  if (anorm < 0) {
    // ‖T‖₁ of the upper triangle: column sums, accumulated row by row
    vzero<T>(work, n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) store<T>(at<T>(work, j), load<T>(at<T>(work, j)) + abs<T>(load<T>(at<T>(a, i * n + j))));
    }
    anorm = 0;
    for (let j = 0; j < n; j++) anorm = Math.max(anorm, <f64>load<T>(at<T>(work, j)));
  }
  if (anorm == 0) return 0;
  const ainv = normInvEst<T>(kind, a, n, piv, work);
  if (!(ainv > 0) || !isFinite(ainv)) return 0;
  return 1 / ainv / anorm;
}

// ---------------------------------------------------------------------------------------------
// Householder QR

/**
 * ‖x‖₂ of n elements with stride `stride`, as LAPACK dnrm2 without overflow or underflow: f32 is
 * summed in f64, where no square of an f32 over- or underflows; f64 is scaled by the exact power
 * of two that brings max |x| to [1, 2) (not by 1/max, which overflows for a subnormal max).
 */
@inline function snorm<T>(x: usize, n: i32, stride: i32): f64 {
  if (sizeof<T>() == 4) {
    let s: f64 = 0;
    for (let i = 0; i < n; i++) {
      const v = <f64>load<T>(at<T>(x, i * stride));
      s += v * v;
    }
    return Math.sqrt(s);
  }
  let big: f64 = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(<f64>load<T>(at<T>(x, i * stride))));
  if (big == 0) return 0;
  const sc = pow2Scale<f64>(big);
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(at<T>(x, i * stride)) * sc;
    s += v * v;
  }
  return Math.sqrt(s) / sc;
}

/** Panel width of the blocked Householder QR. */
const QR_NB = 32;
/**
 * The blocked QR pays for T and W; it wins once the trailing matrix no longer fits in cache.
 * Measured in Node 20 (f64, square, Q formed): blocked / unblocked 0.14 / 0.08 ms at n = 64,
 * 5.2 / 4.6 ms at 256, 41 / 41 ms at 512, 75 / 88 ms at 640, 129 / 194 ms at 768, 274 / 464 ms at 1000.
 */
const QR_BLOCKED_FROM = 512;

/**
 * In place: a (m×n) becomes R in its upper triangle and the Householder vectors below it (LAPACK
 * geqrf layout: v_k = (1, a[k+1:m, k]) with the unit implicit), tau[k] (r = min(m, n) of them) the
 * scalars of H_k = I − tau_k·v_k·v_kᵀ, so that a = H_0·H_1·…·H_{r−1}·R.
 * w: QR_NB² + 2·QR_NB + QR_NB·n elements of scratch.
 * Householder vectors as in LAPACK dlarfg (Golub & Van Loan §5.1.2, §5.2.1); blocked as LAPACK geqrf
 * (§5.2.3, the compact WY form of Schreiber & Van Loan): a panel of QR_NB columns is factored one
 * reflector at a time, then its block reflector I − V·T·Vᵀ is applied to the trailing columns in one
 * pass over their rows.
 */
@inline function qr<T>(a: usize, m: i32, n: i32, tau: usize, w: usize): void {
  const r = min(m, n);
  const blocked = r >= QR_BLOCKED_FROM;
  for (let k0 = 0; k0 < r; k0 += blocked ? QR_NB : r) {
    const nb = blocked ? min(QR_NB, r - k0) : r; // unblocked: one panel of all r columns
    const k1 = k0 + nb;
    const pe = blocked ? k1 : n; // reflectors go one by one up to column pe
    for (let k = k0; k < k1; k++) {
      const akk = at<T>(a, k * n + k);
      let alpha = <f64>load<T>(akk);
      let xnorm = snorm<T>(at<T>(akk, n), m - k - 1, n);
      if (xnorm == 0) {
        store<T>(at<T>(tau, k), 0); // already zero below the diagonal: H_k = I
        continue;
      }
      let beta = -copysign<f64>(hypot(alpha, xnorm), alpha);
      // LAPACK dlarfg: a β near underflow (f64 only; f32 columns are handled in f64 here) would be
      // rounded to a subnormal's few digits, and τ, v built from it make H not quite orthogonal
      // (QᵀQ − I of 20 eps for a matrix × 1e-310). Scale the column up by an exact power of two,
      // build the reflector there, and scale only the stored β back.
      let back: f64 = 1;
      if (sizeof<T>() == 8 && Math.abs(beta) < 2.004168360008973e-292) { // 2^-969: within 53 bits of subnormal
        const f = pow2Scale<f64>(Math.abs(beta));
        for (let i = k + 1; i < m; i++) {
          const p = at<T>(a, i * n + k);
          store<T>(p, <T>(<f64>load<T>(p) * f));
        }
        alpha *= f;
        xnorm = snorm<T>(at<T>(akk, n), m - k - 1, n);
        beta = -copysign<f64>(hypot(alpha, xnorm), alpha);
        back = 1 / f;
      }
      store<T>(at<T>(tau, k), <T>((beta - alpha) / beta));
      // v = x / (alpha − beta): by the reciprocal as LAPACK dlarfg, unless it overflows (alpha − beta
      // subnormal, or beyond the f32 range), then by division (dlarfg rescales by 1/safmin instead)
      const d = alpha - beta;
      const sc = <T>(1 / d);
      if (isFinite(sc)) {
        for (let i = k + 1; i < m; i++) {
          const p = at<T>(a, i * n + k);
          store<T>(p, load<T>(p) * sc);
        }
      } else {
        for (let i = k + 1; i < m; i++) {
          const p = at<T>(a, i * n + k);
          store<T>(p, <T>(<f64>load<T>(p) / d));
        }
      }
      store<T>(akk, <T>(beta * back));
      // the rest of the panel now; the columns right of it get the whole block at once
      applyReflector<T>(a, n, k, m, load<T>(at<T>(tau, k)), a, n, k + 1, pe - k - 1, w);
    }
    if (blocked && k1 < n) {
      const t = w;
      blockT<T>(a, n, k0, nb, m, tau, t, at<T>(t, QR_NB * QR_NB));
      applyBlock<T>(a, n, k0, nb, m, t, true, a, n, k1, n - k1, at<T>(t, QR_NB * QR_NB + 2 * QR_NB));
    }
  }
}

/** sqrt(x² + y²) without overflow for the sizes that can occur here. */
@inline function hypot(x: f64, y: f64): f64 {
  const ax = Math.abs(x), ay = Math.abs(y);
  const big = Math.max(ax, ay);
  if (big == 0) return 0;
  const small = Math.min(ax, ay) / big;
  return big * Math.sqrt(1 + small * small);
}

/**
 * Applies H = I − tau·v·vᵀ (v stored in column k of `v` (row stride vs) below row k, unit at row k)
 * to rows k..m−1, columns c0..c0+nc−1 of b (row stride bs). w: scratch of nc elements.
 */
@inline function applyReflector<T>(v: usize, vs: i32, k: i32, m: i32, tau: T, b: usize, bs: i32, c0: i32, nc: i32, w: usize): void {
  if (tau == 0 || nc <= 0) return;
  // w = −vᵀ·B: minus row k (v_k = 1), then minus the other rows four at a time
  memory.copy(w, at<T>(b, k * bs + c0), <usize>nc << alignof<T>());
  vscale<T>(-1, w, nc);
  rowUpdate<T>(at<T>(v, (k + 1) * vs + k), vs, at<T>(b, (k + 1) * bs + c0), bs, m - k - 1, w, nc);
  // B −= tau·v·(vᵀ·B), i.e. B += tau·v·w
  vaxpy<T>(tau, w, at<T>(b, k * bs + c0), nc);
  for (let i = k + 1; i < m; i++) {
    const vi = load<T>(at<T>(v, i * vs + k));
    if (vi != 0) vaxpy<T>(tau * vi, w, at<T>(b, i * bs + c0), nc);
  }
}

/**
 * t (QR_NB×QR_NB, upper triangular) ← T with H_k0·…·H_{k0+nb−1} = I − V·T·Vᵀ, V the nb reflectors
 * from column k0 of a (row stride n). LAPACK larft, forward and columnwise: T[j,j] = tau_j,
 * T[:j, j] = −tau_j·T[:j,:j]·(V[:, :j]ᵀ·v_j). z: QR_NB elements of scratch.
 */
@inline function blockT<T>(a: usize, n: i32, k0: i32, nb: i32, m: i32, tau: usize, t: usize, z: usize): void {
  vzero<T>(t, QR_NB * QR_NB);
  for (let j = 0; j < nb; j++) {
    const tj = load<T>(at<T>(tau, k0 + j));
    store<T>(at<T>(t, j * QR_NB + j), tj);
    if (j == 0) continue;
    // z = V[:, :j]ᵀ·v_j: row k0+j contributes V[k0+j, :j] (v_j's unit), rows below V[i, :j]·v_j[i];
    // each V[i, :j] is a contiguous piece of row i
    memory.copy(z, at<T>(a, (k0 + j) * n + k0), <usize>j << alignof<T>());
    for (let i = k0 + j + 1; i < m; i++) {
      const vij = load<T>(at<T>(a, i * n + k0 + j));
      if (vij != 0) vaxpy<T>(vij, at<T>(a, i * n + k0), z, j);
    }
    // T[:j, j] = −tau_j·T[:j,:j]·z, row p needs z[q] for q ≥ p only
    for (let p = 0; p < j; p++) {
      let sum: T = 0;
      for (let q = p; q < j; q++) sum += load<T>(at<T>(t, p * QR_NB + q)) * load<T>(at<T>(z, q));
      store<T>(at<T>(t, p * QR_NB + j), -tj * sum);
    }
  }
}

/**
 * Applies the block reflector H = I − V·T·Vᵀ (trans: Hᵀ = I − V·Tᵀ·Vᵀ) of nb reflectors from
 * column k0 of a (row stride n) to rows k0..m−1, columns c0..c0+nc−1 of b (row stride bs), LAPACK
 * larfb: W = Vᵀ·B (each row of B read once, scattered into the nb rows of W), W = T·W or Tᵀ·W,
 * then B −= V·W, one rank-nb row update per row of B. w: QR_NB·nc elements.
 */
@inline function applyBlock<T>(a: usize, n: i32, k0: i32, nb: i32, m: i32, t: usize, trans: bool, b: usize, bs: i32, c0: i32, nc: i32, w: usize): void {
  vzero<T>(w, nb * nc);
  for (let i = k0; i < m; i++) {
    const bi = at<T>(b, i * bs + c0);
    const d = i - k0; // v_d has its unit in row i; v_p for p < d has a stored entry there
    const pmax = min(nb, d);
    for (let p = 0; p < pmax; p++) {
      const v = load<T>(at<T>(a, i * n + k0 + p));
      if (v != 0) vaxpy<T>(v, bi, at<T>(w, p * nc), nc);
    }
    if (d < nb) vaxpy<T>(1, bi, at<T>(w, d * nc), nc);
  }
  if (trans) {
    // W ← Tᵀ·W: row p of the result is Σ_{q≤p} T[q,p]·W_q, so go from the last row up
    for (let p = nb - 1; p >= 0; p--) {
      const wp = at<T>(w, p * nc);
      vscale<T>(load<T>(at<T>(t, p * QR_NB + p)), wp, nc);
      for (let q = 0; q < p; q++) {
        const c = load<T>(at<T>(t, q * QR_NB + p));
        if (c != 0) vaxpy<T>(c, at<T>(w, q * nc), wp, nc);
      }
    }
  } else {
    // W ← T·W: row p is Σ_{q≥p} T[p,q]·W_q, so go from the first row down
    for (let p = 0; p < nb; p++) {
      const wp = at<T>(w, p * nc);
      vscale<T>(load<T>(at<T>(t, p * QR_NB + p)), wp, nc);
      for (let q = p + 1; q < nb; q++) {
        const c = load<T>(at<T>(t, p * QR_NB + q));
        if (c != 0) vaxpy<T>(c, at<T>(w, q * nc), wp, nc);
      }
    }
  }
  // B −= V·W
  for (let i = k0; i < m; i++) {
    const bi = at<T>(b, i * bs + c0);
    const d = i - k0;
    rowUpdate<T>(at<T>(a, i * n + k0), 1, w, nc, min(nb, d), bi, nc);
    if (d < nb) vaxpy<T>(-1, at<T>(w, d * nc), bi, nc);
  }
}

/** b (m×k) ← Qᵀ·b = H_{r−1}·…·H_0·b for the factors left by `qr` (a: m×n, r reflectors). w: k elements. */
@inline function qrApplyQt<T>(a: usize, m: i32, n: i32, tau: usize, r: i32, b: usize, k: i32, w: usize): void {
  for (let j = 0; j < r; j++) applyReflector<T>(a, n, j, m, load<T>(at<T>(tau, j)), b, k, 0, k, w);
}

/**
 * q (m×qc, qc = r for the reduced Q or m for the complete one) ← the first qc columns of
 * Q = H_0·…·H_{r−1}. Backward accumulation by blocks (LAPACK orgqr): applying the blocks last to
 * first only touches rows and columns k0.., which are still those of the identity.
 * w: QR_NB² + 2·QR_NB + QR_NB·qc elements.
 */
@inline function qrFormQ<T>(a: usize, m: i32, n: i32, tau: usize, r: i32, q: usize, qc: i32, w: usize): void {
  vzero<T>(q, m * qc);
  for (let i = 0; i < min(m, qc); i++) store<T>(at<T>(q, i * qc + i), 1);
  if (r < QR_BLOCKED_FROM) {
    for (let j = r - 1; j >= 0; j--) applyReflector<T>(a, n, j, m, load<T>(at<T>(tau, j)), q, qc, j, qc - j, w);
    return;
  }
  const t = w;
  for (let k0 = ((r - 1) / QR_NB) * QR_NB; k0 >= 0; k0 -= QR_NB) {
    const nb = min(QR_NB, r - k0);
    blockT<T>(a, n, k0, nb, m, tau, t, at<T>(t, QR_NB * QR_NB));
    applyBlock<T>(a, n, k0, nb, m, t, false, q, qc, k0, qc - k0, at<T>(t, QR_NB * QR_NB + 2 * QR_NB));
  }
}

/** b (m×k) ← Q·b = H_0·…·H_{r−1}·b for the factors left by `qr` (a: m×n, r reflectors). w: k elements. */
@inline function qrApplyQ<T>(a: usize, m: i32, n: i32, tau: usize, r: i32, b: usize, k: i32, w: usize): void {
  for (let j = r - 1; j >= 0; j--) applyReflector<T>(a, n, j, m, load<T>(at<T>(tau, j)), b, k, 0, k, w);
}

/** out (rows×n) ← the upper triangle of the first `rows` rows of a (m×n); zeros below. */
@inline function triu<T>(a: usize, n: i32, rows: i32, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const ro = row<T>(out, i, n);
    const c = min(i, n);
    vzero<T>(ro, c);
    memory.copy(at<T>(ro, c), at<T>(row<T>(a, i, n), c), <usize>(n - c) << alignof<T>());
  }
}

// ---------------------------------------------------------------------------------------------
// Row scaling for the SVD-based solvers (pinv, minimum-norm least squares)

/** Row r of a (rows×cols) ← d[r]·row r. */
@inline function scaleRows<T>(a: usize, rows: i32, cols: i32, d: usize): void {
  for (let r = 0; r < rows; r++) vscale<T>(load<T>(at<T>(d, r)), row<T>(a, r, cols), cols);
}

/**
 * Row r of a (rows×cols) ← row r / d[r] for r < keep, 0 for the rest: Σ⁺·C for the SVD solvers,
 * divided rather than multiplied by 1/σ, which overflows for a subnormal σ.
 */
@inline function divRows<T>(a: usize, rows: i32, cols: i32, d: usize, keep: i32): void {
  for (let r = 0; r < rows; r++) {
    if (r < keep) vdivs<T>(load<T>(at<T>(d, r)), row<T>(a, r, cols), cols);
    else vzero<T>(row<T>(a, r, cols), cols);
  }
}

// ---------------------------------------------------------------------------------------------
// Norms

/**
 * Frobenius norm without overflow or underflow. f32 is accumulated in f64 (no square of an f32
 * over- or underflows there, and 10⁶ terms keep 1e-8 relative accuracy instead of the 2e-5 of an
 * f32 sum). f64 is scaled by the exact power of two that brings max|a| to [1, 2), as LAPACK
 * dlange/dlassq avoid overflow and underflow (1/max would overflow for a subnormal max).
 */
@inline function normFro<T>(a: usize, n: i32): f64 {
  let i = 0;
  if (sizeof<T>() == 4) {
    let s: f64 = 0;
    if (ASC_FEATURE_SIMD) {
      let s0 = f64x2.splat(0), s1 = s0;
      for (; i + 4 <= n; i += 4) {
        const x = v128.load(at<T>(a, i));
        const lo = f64x2.promote_low_f32x4(x);
        const hi = f64x2.promote_low_f32x4(i8x16.shuffle(x, x, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
        s0 = madd<f64>(lo, lo, s0);
        s1 = madd<f64>(hi, hi, s1);
      }
      s = hsum<f64>(f64x2.add(s0, s1));
    }
    for (; i < n; i++) {
      const x = <f64>load<T>(at<T>(a, i));
      s += x * x;
    }
    return Math.sqrt(s);
  }
  let big: T = 0;
  if (ASC_FEATURE_SIMD) {
    let v = v128.splat<T>(0);
    for (; i + 2 <= n; i += 2) v = v128.pmax<T>(v, v128.abs<T>(v128.load(at<T>(a, i))));
    big = max<T>(v128.extract_lane<T>(v, 0), v128.extract_lane<T>(v, 1));
  }
  for (; i < n; i++) big = max<T>(big, abs<T>(load<T>(at<T>(a, i))));
  if (big == 0) return 0;
  const sc = pow2Scale<T>(big);
  let s: T = 0;
  i = 0;
  if (ASC_FEATURE_SIMD) {
    const vi = v128.splat<T>(sc);
    let s0 = v128.splat<T>(0), s1 = s0;
    for (; i + 4 <= n; i += 4) {
      const x0 = v128.mul<T>(v128.load(at<T>(a, i)), vi);
      const x1 = v128.mul<T>(v128.load(at<T>(a, i + 2)), vi);
      s0 = madd<T>(x0, x0, s0);
      s1 = madd<T>(x1, x1, s1);
    }
    s = hsum<T>(v128.add<T>(s0, s1));
  }
  for (; i < n; i++) {
    const x = load<T>(at<T>(a, i)) * sc;
    s += x * x;
  }
  return Math.sqrt(<f64>s) / <f64>sc;
}

/** out[j] ← Σ_i |a[i,j]| (column sums, each row added along its length). */
@inline function absColSums<T>(a: usize, m: i32, n: i32, out: usize): void {
  vzero<T>(out, n);
  for (let i = 0; i < m; i++) {
    const ri = row<T>(a, i, n);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= n; j += L) {
        v128.store(at<T>(out, j), v128.add<T>(v128.load(at<T>(out, j)), v128.abs<T>(v128.load(at<T>(ri, j)))));
      }
    }
    for (; j < n; j++) store<T>(at<T>(out, j), load<T>(at<T>(out, j)) + abs<T>(load<T>(at<T>(ri, j))));
  }
}

/** out[i] ← Σ_j |a[i,j]| (row sums). */
@inline function absRowSums<T>(a: usize, m: i32, n: i32, out: usize): void {
  for (let i = 0; i < m; i++) {
    const ri = row<T>(a, i, n);
    let j = 0;
    let s: T = 0;
    if (ASC_FEATURE_SIMD) {
      let v = v128.splat<T>(0);
      for (const L = lanes<T>(); j + L <= n; j += L) v = v128.add<T>(v, v128.abs<T>(v128.load(at<T>(ri, j))));
      s = hsum<T>(v);
    }
    for (; j < n; j++) s += abs<T>(load<T>(at<T>(ri, j)));
    store<T>(at<T>(out, i), s);
  }
}

export function cholesky_f32(a: usize, n: i32): i32 { return cholesky<f32>(a, n); }
export function cholesky_f64(a: usize, n: i32): i32 { return cholesky<f64>(a, n); }
export function lu_f32(a: usize, n: i32, piv: usize): i32 { return lu<f32>(a, n, piv); }
export function lu_f64(a: usize, n: i32, piv: usize): i32 { return lu<f64>(a, n, piv); }
export function lu_solve_f32(a: usize, n: i32, piv: usize, b: usize, k: i32): void { luSolve<f32>(a, n, piv, b, k); }
export function lu_solve_f64(a: usize, n: i32, piv: usize, b: usize, k: i32): void { luSolve<f64>(a, n, piv, b, k); }
export function lu_inv_f32(a: usize, n: i32, piv: usize, out: usize): void { luInv<f32>(a, n, piv, out); }
export function lu_inv_f64(a: usize, n: i32, piv: usize, out: usize): void { luInv<f64>(a, n, piv, out); }
export function lu_solve_t_f32(a: usize, n: i32, piv: usize, b: usize, k: i32): void { luSolveT<f32>(a, n, piv, b, k); }
export function lu_solve_t_f64(a: usize, n: i32, piv: usize, b: usize, k: i32): void { luSolveT<f64>(a, n, piv, b, k); }
/** kind: 0 LU factors (a, piv), 1 Cholesky factor, 2 upper triangular (anorm < 0: computed here). work: 2n elements. */
export function rcond_f32(kind: i32, a: usize, n: i32, piv: usize, anorm: f64, work: usize): f64 { return rcondEst<f32>(kind, a, n, piv, anorm, work); }
export function rcond_f64(kind: i32, a: usize, n: i32, piv: usize, anorm: f64, work: usize): f64 { return rcondEst<f64>(kind, a, n, piv, anorm, work); }
export function chol_solve_f32(l: usize, n: i32, b: usize, k: i32): void { cholSolve<f32>(l, n, b, k); }
export function chol_solve_f64(l: usize, n: i32, b: usize, k: i32): void { cholSolve<f64>(l, n, b, k); }
/** mode: 0 lower, 1 unit lower, 2 upper, 3 transposed lower (Lᵀ·X = B), 4 transposed upper (Uᵀ·X = B), 5 transposed unit lower. */
export function trsm_f32(mode: i32, t: usize, n: i32, b: usize, k: i32): void { trsm<f32>(mode, t, n, b, k); }
export function trsm_f64(mode: i32, t: usize, n: i32, b: usize, k: i32): void { trsm<f64>(mode, t, n, b, k); }
export function qr_f32(a: usize, m: i32, n: i32, tau: usize, w: usize): void { qr<f32>(a, m, n, tau, w); }
export function qr_f64(a: usize, m: i32, n: i32, tau: usize, w: usize): void { qr<f64>(a, m, n, tau, w); }
export function qr_apply_qt_f32(a: usize, m: i32, n: i32, tau: usize, r: i32, b: usize, k: i32, w: usize): void { qrApplyQt<f32>(a, m, n, tau, r, b, k, w); }
export function qr_apply_qt_f64(a: usize, m: i32, n: i32, tau: usize, r: i32, b: usize, k: i32, w: usize): void { qrApplyQt<f64>(a, m, n, tau, r, b, k, w); }
export function qr_apply_q_f32(a: usize, m: i32, n: i32, tau: usize, r: i32, b: usize, k: i32, w: usize): void { qrApplyQ<f32>(a, m, n, tau, r, b, k, w); }
export function qr_apply_q_f64(a: usize, m: i32, n: i32, tau: usize, r: i32, b: usize, k: i32, w: usize): void { qrApplyQ<f64>(a, m, n, tau, r, b, k, w); }
export function qr_form_q_f32(a: usize, m: i32, n: i32, tau: usize, r: i32, q: usize, qc: i32, w: usize): void { qrFormQ<f32>(a, m, n, tau, r, q, qc, w); }
export function qr_form_q_f64(a: usize, m: i32, n: i32, tau: usize, r: i32, q: usize, qc: i32, w: usize): void { qrFormQ<f64>(a, m, n, tau, r, q, qc, w); }
export function triu_f32(a: usize, n: i32, rows: i32, out: usize): void { triu<f32>(a, n, rows, out); }
export function triu_f64(a: usize, n: i32, rows: i32, out: usize): void { triu<f64>(a, n, rows, out); }
export function scale_rows_f32(a: usize, rows: i32, cols: i32, d: usize): void { scaleRows<f32>(a, rows, cols, d); }
/** Elements of scratch `qr` and `qr_form_q` need for a matrix `cols` wide (n for qr, qc for qr_form_q). */
export function qr_work_size(cols: i32): i32 { return QR_NB * QR_NB + 2 * QR_NB + QR_NB * cols; }
export function scale_rows_f64(a: usize, rows: i32, cols: i32, d: usize): void { scaleRows<f64>(a, rows, cols, d); }
export function div_rows_f32(a: usize, rows: i32, cols: i32, d: usize, keep: i32): void { divRows<f32>(a, rows, cols, d, keep); }
export function div_rows_f64(a: usize, rows: i32, cols: i32, d: usize, keep: i32): void { divRows<f64>(a, rows, cols, d, keep); }
export function norm_fro_f32(a: usize, n: i32): f64 { return normFro<f32>(a, n); }
export function norm_fro_f64(a: usize, n: i32): f64 { return normFro<f64>(a, n); }
export function abs_col_sums_f32(a: usize, m: i32, n: i32, out: usize): void { absColSums<f32>(a, m, n, out); }
export function abs_col_sums_f64(a: usize, m: i32, n: i32, out: usize): void { absColSums<f64>(a, m, n, out); }
export function abs_row_sums_f32(a: usize, m: i32, n: i32, out: usize): void { absRowSums<f32>(a, m, n, out); }
export function abs_row_sums_f64(a: usize, m: i32, n: i32, out: usize): void { absRowSums<f64>(a, m, n, out); }

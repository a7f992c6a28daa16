// Dense matrix products on row-major data: GEMM, GEMV and SYRK.
//
// GEMM follows the layered loops of Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication" (ACM TOMS 34(3), 2008) as restructured by BLIS (Van Zee & van de Geijn, TOMS 2015):
//   for jc (NC columns of C)            B block kc×nc packed once per (jc, pc), lives in L2/L3
//     for pc (KC of the inner dimension)
//       for ic (MC rows of C)           A block mc×kc packed, lives in L2
//         for jr (NR columns), ir (MR rows): an MR×NR register tile over kc (the micro-kernel)
// Packing copies op(A) into MR-row strips and op(B) into NR-column strips, both zero-padded to whole
// tiles, so the micro-kernel never branches on partial tiles and transposes cost nothing extra:
// the packing routines read op(X) in whichever order the layout gives.
//
// The SIMD micro-kernel is 4 rows × 2 v128 columns (4×8 for f32, 4×4 for f64): 8 accumulators,
// 2 B vectors and one broadcast A value fit the 16 xmm registers V8 uses on x64 without spills.
// It was chosen over 6×8, 5×8, 3×8, 4×12 and 8×8 (and k-unrolled forms) by measurement: in Node 20
// (plain SIMD) 4×8 beats 6×8 by ~15 %; in Deno (relaxed SIMD) 6×8 is ~5 % ahead of 4×8 with
// load_splat, but 4×8 with a shuffle broadcast of A is ~25 % ahead of both. The FMA form comes from
// `madd` (relaxed_madd in the relaxed-SIMD build).
import { lanes, at, madd } from './simd';
import { vdot } from './vecops';

const MR = 4;
// v128 columns per tile row in the SIMD build; the scalar build uses a 4×4 tile of locals.
const NV = 2;
const SCALAR_NR = 4;

/** Columns of the register tile. */
@inline function nr<T>(): i32 {
  return ASC_FEATURE_SIMD ? NV * lanes<T>() : SCALAR_NR;
}
// Cache blocks (elements), picked by measurement among (KC, MC, NC) = (256, 128, 2048), (128, 64, 2048),
// (256, 128, 512), (512, 64, 1024), (128, 256, 4096) on a 48 KiB L1 / 2 MiB L2 core: a B micro-panel
// KC·NR·sizeof(T) = 16 KiB stays in L1, the A block MC·KC (128 KiB) and B block KC·NC (2 MiB f32) in L2.
// MC must be a multiple of MR.
@inline function kcOf<T>(): i32 { return sizeof<T>() == 4 ? 512 : 256; }
@inline function mcOf<T>(): i32 { return 64; }
@inline function ncOf<T>(): i32 { return 1024; }

@inline function roundUp(x: i32, m: i32): i32 {
  return (x + m - 1) / m * m;
}

/** Bytes of scratch `gemm` needs for an m×n×k product: packed A, packed B and one spill tile. */
@inline function scratchBytes<T>(m: i32, n: i32, k: i32): i32 {
  const NR = nr<T>();
  const kc = min(k, kcOf<T>());
  const mc = min(roundUp(m, MR), mcOf<T>());
  const nc = min(roundUp(n, NR), ncOf<T>());
  return (mc * kc + kc * nc + MR * NR) * sizeof<T>() + 16;
}

// ---- packing ---------------------------------------------------------------------------------

/**
 * Interleaves R source rows (each contiguous along k, row stride ld) into dst[p·R + r] for p < kc:
 * the layout change packing needs when op(X) runs along the rows of X. With SIMD, 4×4 (f32) or
 * 2×2 (f64) blocks are transposed in registers with shuffles; rows past `valid` are zeros.
 */
@inline function interleave<T>(src: usize, ld: i32, R: i32, valid: i32, kc: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  let p = 0;
  if (ASC_FEATURE_SIMD && valid == R) {
    if (sizeof<T>() == 4) {
      for (; p + 4 <= kc; p += 4) {
        for (let r = 0; r < R; r += 4) {
          const s0 = src + <usize>(r * ld + p) * S;
          const r0 = v128.load(s0), r1 = v128.load(s0 + <usize>ld * S);
          const r2 = v128.load(s0 + <usize>(2 * ld) * S), r3 = v128.load(s0 + <usize>(3 * ld) * S);
          const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
          const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7), t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
          const d = dst + <usize>(p * R + r) * S;
          const row = <usize>R * S;
          v128.store(d, v128.shuffle<i64>(t0, t1, 0, 2));
          v128.store(d + row, v128.shuffle<i64>(t0, t1, 1, 3));
          v128.store(d + 2 * row, v128.shuffle<i64>(t2, t3, 0, 2));
          v128.store(d + 3 * row, v128.shuffle<i64>(t2, t3, 1, 3));
        }
      }
    } else {
      for (; p + 2 <= kc; p += 2) {
        for (let r = 0; r < R; r += 2) {
          const s0 = src + <usize>(r * ld + p) * S;
          const r0 = v128.load(s0), r1 = v128.load(s0 + <usize>ld * S);
          const d = dst + <usize>(p * R + r) * S;
          v128.store(d, v128.shuffle<i64>(r0, r1, 0, 2));
          v128.store(d + <usize>R * S, v128.shuffle<i64>(r0, r1, 1, 3));
        }
      }
    }
  }
  for (let r = 0; r < R; r++) {
    const d = dst + <usize>r * S;
    if (r < valid) {
      const row = src + <usize>(r * ld) * S;
      for (let q = p; q < kc; q++) store<T>(d + <usize>(q * R) * S, load<T>(row + <usize>q * S));
    } else {
      for (let q = p; q < kc; q++) store<T>(d + <usize>(q * R) * S, <T>0);
    }
  }
}

/**
 * Packs rows [i0, i0+mc) × cols [p0, p0+kc) of op(A) (m×k) into MR-row strips:
 * dst[(s·kc + p)·MR + r] = op(A)[i0 + s·MR + r][p0 + p], rows past m are zeros.
 */
@inline function packA<T>(trans: bool, a: usize, lda: i32, m: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const L = lanes<T>();
  for (let s = 0; s < mc; s += MR) {
    const strip = dst + <usize>(s * kc) * sizeof<T>();
    const rows = min(MR, m - i0 - s);
    if (trans) {
      // op(A)[i][p] = A[p][i]: the MR values of one p are contiguous in A.
      const base = a + <usize>(p0 * lda + i0 + s) * sizeof<T>();
      if (ASC_FEATURE_SIMD && rows == MR) {
        for (let p = 0; p < kc; p++) {
          const src = base + <usize>(p * lda) * sizeof<T>();
          const d = strip + <usize>(p * MR) * sizeof<T>();
          for (let r = 0; r < MR; r += L) v128.store(at<T>(d, r), v128.load(at<T>(src, r)));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const src = base + <usize>(p * lda) * sizeof<T>();
          const d = strip + <usize>(p * MR) * sizeof<T>();
          for (let r = 0; r < MR; r++) store<T>(at<T>(d, r), r < rows ? load<T>(at<T>(src, r)) : <T>0);
        }
      }
    } else {
      // op(A)[i][p] = A[i][p]: MR rows of A, each contiguous along p.
      interleave<T>(a + <usize>((i0 + s) * lda + p0) * sizeof<T>(), lda, MR, rows, kc, strip);
    }
  }
}

/**
 * Packs rows [p0, p0+kc) × cols [j0, j0+nc) of op(B) (k×n) into NR-column strips:
 * dst[(s·kc + p)·NR + c] = op(B)[p0 + p][j0 + s·NR + c], columns past n are zeros.
 */
@inline function packB<T>(trans: bool, b: usize, ldb: i32, n: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const NR = nr<T>();
  const L = lanes<T>();
  for (let s = 0; s < nc; s += NR) {
    const strip = dst + <usize>(s * kc) * sizeof<T>();
    const cols = min(NR, n - j0 - s);
    if (trans) {
      // op(B)[p][j] = B[j][p]: NR rows of B, each contiguous along p.
      interleave<T>(b + <usize>((j0 + s) * ldb + p0) * sizeof<T>(), ldb, NR, cols, kc, strip);
    } else {
      const base = b + <usize>(p0 * ldb + j0 + s) * sizeof<T>();
      if (ASC_FEATURE_SIMD && cols == NR) {
        for (let p = 0; p < kc; p++) {
          const src = base + <usize>(p * ldb) * sizeof<T>();
          const d = strip + <usize>(p * NR) * sizeof<T>();
          for (let c = 0; c < NR; c += L) v128.store(at<T>(d, c), v128.load(at<T>(src, c)));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const src = base + <usize>(p * ldb) * sizeof<T>();
          const d = strip + <usize>(p * NR) * sizeof<T>();
          for (let c = 0; c < NR; c++) store<T>(at<T>(d, c), c < cols ? load<T>(at<T>(src, c)) : <T>0);
        }
      }
    }
  }
}

// ---- micro-kernels ---------------------------------------------------------------------------

/** C[r] (NV vectors) = alpha·acc + beta·C[r]; beta == 0 never reads C (it may hold garbage/NaN). */
@inline function storeRow<T>(c: usize, a0: v128, a1: v128, alpha: v128, beta: v128, readC: bool): void {
  const L = lanes<T>();
  let v0 = v128.mul<T>(a0, alpha);
  let v1 = v128.mul<T>(a1, alpha);
  if (readC) {
    v0 = madd<T>(v128.load(c), beta, v0);
    v1 = madd<T>(v128.load(at<T>(c, L)), beta, v1);
  }
  v128.store(c, v0);
  v128.store(at<T>(c, L), v1);
}

/**
 * One MR×NR tile: acc = Σ_p a[p]·b[p] over kc packed steps, then C = alpha·acc + beta·C. A full tile
 * is written straight to C; a partial one (rows < MR or cols < NR) goes through `tmp` and only its
 * valid part is copied, so the k-loop itself is the same for every tile.
 */
@inline function tileSimd<T>(kc: i32, a: usize, b: usize, c: usize, ldc: i32, alpha: T, beta: T, rows: i32, cols: i32, tmp: usize): void {
  const L = lanes<T>();
  const S = <usize>sizeof<T>();
  let c00 = v128.splat<T>(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x0: v128, x1: v128, x2: v128, x3: v128;
    if (ASC_FEATURE_RELAXED_SIMD) {
      // one vector load of the MR values, then lane shuffles: in Deno's V8 this is ~25 % faster
      // than four load_splats (measured; Node 20's V8 prefers load_splat, the plain-SIMD path)
      if (sizeof<T>() == 4) {
        const av = v128.load(a);
        x0 = v128.shuffle<i32>(av, av, 0, 0, 0, 0);
        x1 = v128.shuffle<i32>(av, av, 1, 1, 1, 1);
        x2 = v128.shuffle<i32>(av, av, 2, 2, 2, 2);
        x3 = v128.shuffle<i32>(av, av, 3, 3, 3, 3);
      } else {
        const av = v128.load(a), aw = v128.load(a, 16);
        x0 = v128.shuffle<i64>(av, av, 0, 0);
        x1 = v128.shuffle<i64>(av, av, 1, 1);
        x2 = v128.shuffle<i64>(aw, aw, 0, 0);
        x3 = v128.shuffle<i64>(aw, aw, 1, 1);
      }
    } else {
      x0 = v128.load_splat<T>(a);
      x1 = v128.load_splat<T>(a, S);
      x2 = v128.load_splat<T>(a, 2 * S);
      x3 = v128.load_splat<T>(a, 3 * S);
    }
    c00 = madd<T>(x0, b0, c00);
    c01 = madd<T>(x0, b1, c01);
    c10 = madd<T>(x1, b0, c10);
    c11 = madd<T>(x1, b1, c11);
    c20 = madd<T>(x2, b0, c20);
    c21 = madd<T>(x2, b1, c21);
    c30 = madd<T>(x3, b0, c30);
    c31 = madd<T>(x3, b1, c31);
    a += <usize>MR * S;
    b += 32;
  }
  const va = v128.splat<T>(alpha);
  const vb = v128.splat<T>(beta);
  const NR = NV * L;
  if (rows == MR && cols == NR) {
    const ld = <usize>ldc * S;
    if (beta == 0) {
      storeRow<T>(c, c00, c01, va, vb, false);
      storeRow<T>(c + ld, c10, c11, va, vb, false);
      storeRow<T>(c + 2 * ld, c20, c21, va, vb, false);
      storeRow<T>(c + 3 * ld, c30, c31, va, vb, false);
    } else {
      storeRow<T>(c, c00, c01, va, vb, true);
      storeRow<T>(c + ld, c10, c11, va, vb, true);
      storeRow<T>(c + 2 * ld, c20, c21, va, vb, true);
      storeRow<T>(c + 3 * ld, c30, c31, va, vb, true);
    }
  } else {
    storeRow<T>(tmp, c00, c01, va, vb, false);
    storeRow<T>(tmp + 32, c10, c11, va, vb, false);
    storeRow<T>(tmp + 64, c20, c21, va, vb, false);
    storeRow<T>(tmp + 96, c30, c31, va, vb, false);
    spill<T>(tmp, NR, c, ldc, beta, rows, cols);
  }
}

/** Copies the valid rows×cols part of a tile (row stride NR) into C with beta. */
@inline function spill<T>(tmp: usize, NR: i32, c: usize, ldc: i32, beta: T, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const t = load<T>(at<T>(tmp, r * NR + j));
      const q = at<T>(c, r * ldc + j);
      store<T>(q, beta == 0 ? t : t + beta * load<T>(q));
    }
  }
}

/** The scalar build's 4×4 tile: 16 accumulators in locals. */
@inline function tileScalar<T>(kc: i32, a: usize, b: usize, c: usize, ldc: i32, alpha: T, beta: T, rows: i32, cols: i32, tmp: usize): void {
  const S = <usize>sizeof<T>();
  let c00: T = 0, c01: T = 0, c02: T = 0, c03: T = 0;
  let c10: T = 0, c11: T = 0, c12: T = 0, c13: T = 0;
  let c20: T = 0, c21: T = 0, c22: T = 0, c23: T = 0;
  let c30: T = 0, c31: T = 0, c32: T = 0, c33: T = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = load<T>(b), b1 = load<T>(b, S), b2 = load<T>(b, 2 * S), b3 = load<T>(b, 3 * S);
    let x = load<T>(a);
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = load<T>(a, S);
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = load<T>(a, 2 * S);
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = load<T>(a, 3 * S);
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
    a += <usize>MR * S;
    b += <usize>SCALAR_NR * S;
  }
  store<T>(tmp, alpha * c00); store<T>(tmp, alpha * c01, S); store<T>(tmp, alpha * c02, 2 * S); store<T>(tmp, alpha * c03, 3 * S);
  tmp += 4 * S;
  store<T>(tmp, alpha * c10); store<T>(tmp, alpha * c11, S); store<T>(tmp, alpha * c12, 2 * S); store<T>(tmp, alpha * c13, 3 * S);
  tmp += 4 * S;
  store<T>(tmp, alpha * c20); store<T>(tmp, alpha * c21, S); store<T>(tmp, alpha * c22, 2 * S); store<T>(tmp, alpha * c23, 3 * S);
  tmp += 4 * S;
  store<T>(tmp, alpha * c30); store<T>(tmp, alpha * c31, S); store<T>(tmp, alpha * c32, 2 * S); store<T>(tmp, alpha * c33, 3 * S);
  spill<T>(tmp - 12 * S, SCALAR_NR, c, ldc, beta, rows, cols);
}

// ---- the driver --------------------------------------------------------------------------------

/**
 * C (m×n, row stride ldc) = alpha·op(A)·op(B) + beta·C, op(A) m×k, op(B) k×n. With `lower`, only
 * tiles that touch the lower triangle (j ≤ i) are computed (SYRK); the caller mirrors them.
 */
@inline function gemmDriver<T>(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: T,
  a: usize, lda: i32, b: usize, ldb: i32, beta: T, c: usize, ldc: i32, scratch: usize, lower: bool,
): void {
  if (k <= 0) {
    // An empty inner dimension: the product is zero, so C = beta·C (BLAS semantics; beta = 0
    // overwrites without reading). The blocked loop below would never touch C at all.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const q = at<T>(c, i * ldc + j);
        store<T>(q, beta == 0 ? <T>0 : beta * load<T>(q));
      }
    }
    return;
  }
  const NR = nr<T>();
  const KC = kcOf<T>(), MC = mcOf<T>(), NC = ncOf<T>();
  const kcMax = min(k, KC);
  const mcMax = min(roundUp(m, MR), MC);
  const packedA = (scratch + 15) & ~15;
  const packedB = packedA + <usize>(mcMax * kcMax) * sizeof<T>();
  const nbMax = min(roundUp(n, NR), NC);
  const tmp = packedB + <usize>(kcMax * nbMax) * sizeof<T>();
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    const ncPad = roundUp(nc, NR);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // beta applies once, on the first pass over the inner dimension; later passes accumulate.
      const betaNow: T = pc == 0 ? beta : <T>1;
      packB<T>(transB, b, ldb, n, pc, kc, jc, ncPad, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (lower && jc > ic + mc - 1) continue;
        const mcPad = roundUp(mc, MR);
        packA<T>(transA, a, lda, m, ic, mcPad, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const j = jc + jr;
          const cols = min(NR, nc - jr);
          const bp = packedB + <usize>(jr * kc) * sizeof<T>();
          for (let ir = 0; ir < mc; ir += MR) {
            const i = ic + ir;
            if (lower && j > i + MR - 1) continue;
            const rows = min(MR, mc - ir);
            const ap = packedA + <usize>(ir * kc) * sizeof<T>();
            const cp = at<T>(c, i * ldc + j);
            if (ASC_FEATURE_SIMD) tileSimd<T>(kc, ap, bp, cp, ldc, alpha, betaNow, rows, cols, tmp);
            else tileScalar<T>(kc, ap, bp, cp, ldc, alpha, betaNow, rows, cols, tmp);
          }
        }
      }
    }
  }
}

/** Copies the lower triangle of the n×n matrix C onto its upper triangle. */
@inline function mirrorLower<T>(c: usize, n: i32, ldc: i32): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) store<T>(at<T>(c, i * ldc + j), load<T>(at<T>(c, j * ldc + i)));
  }
}

// ---- GEMV --------------------------------------------------------------------------------------


/** y[i] += s·a[i], i < n */
@inline function axpyv<T>(s: T, a: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vs = v128.splat<T>(s);
    for (; i + L <= n; i += L) v128.store(at<T>(y, i), madd<T>(vs, v128.load(at<T>(a, i)), v128.load(at<T>(y, i))));
  }
  for (; i < n; i++) store<T>(at<T>(y, i), load<T>(at<T>(y, i)) + s * load<T>(at<T>(a, i)));
}

/**
 * y = alpha·op(A)·x + beta·y, A m×n row-major (stride lda). No transpose: one dot product per row.
 * Transposed: y (n) = beta·y, then y += (alpha·x[i])·A[i,:] row by row, so A is read contiguously.
 * beta == 0 never reads y.
 */
@inline function gemv<T>(trans: bool, m: i32, n: i32, alpha: T, a: usize, lda: i32, x: usize, beta: T, y: usize): void {
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const d = alpha * vdot<T>(a + <usize>(i * lda) * sizeof<T>(), x, n);
      const q = at<T>(y, i);
      store<T>(q, beta == 0 ? d : d + beta * load<T>(q));
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const q = at<T>(y, j);
    store<T>(q, beta == 0 ? <T>0 : beta * load<T>(q));
  }
  for (let i = 0; i < m; i++) axpyv<T>(alpha * load<T>(at<T>(x, i)), a + <usize>(i * lda) * sizeof<T>(), y, n);
}

// ---- exports -----------------------------------------------------------------------------------

export function gemm_scratch_bytes_f32(m: i32, n: i32, k: i32): i32 { return scratchBytes<f32>(m, n, k); }
export function gemm_scratch_bytes_f64(m: i32, n: i32, k: i32): i32 { return scratchBytes<f64>(m, n, k); }

/** C = alpha·op(A)·op(B) + beta·C; op(A) m×k, op(B) k×n, C m×n; trans flags 0/1; scratch from gemm_scratch_bytes. */
export function gemm_f32(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, scratch: usize): void {
  gemmDriver<f32>(transA != 0, transB != 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, scratch, false);
}
export function gemm_f64(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, scratch: usize): void {
  gemmDriver<f64>(transA != 0, transB != 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, scratch, false);
}

/**
 * SYRK, C (n×n) = alpha·op(A)·op(A)ᵀ + beta·C. trans = 0: A is n×k, C = A·Aᵀ; trans = 1: A is k×n,
 * C = AᵀA. Only the lower triangle's tiles are computed, then mirrored, so the result is exactly
 * symmetric. Scratch: gemm_scratch_bytes(n, n, k).
 */
export function syrk_f32(trans: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, beta: f32, c: usize, ldc: i32, scratch: usize): void {
  gemmDriver<f32>(trans != 0, trans == 0, n, n, k, alpha, a, lda, a, lda, beta, c, ldc, scratch, true);
  mirrorLower<f32>(c, n, ldc);
}
export function syrk_f64(trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, beta: f64, c: usize, ldc: i32, scratch: usize): void {
  gemmDriver<f64>(trans != 0, trans == 0, n, n, k, alpha, a, lda, a, lda, beta, c, ldc, scratch, true);
  mirrorLower<f64>(c, n, ldc);
}

/** Copies the lower triangle of the n×n matrix C onto the upper one. */
export function mirror_lower_f32(c: usize, n: i32): void { mirrorLower<f32>(c, n, n); }
export function mirror_lower_f64(c: usize, n: i32): void { mirrorLower<f64>(c, n, n); }

/** y = alpha·op(A)·x + beta·y; A m×n (stride lda); x, y of length n, m (no transpose) or m, n (trans). */
export function gemv_f32(trans: i32, m: i32, n: i32, alpha: f32, a: usize, lda: i32, x: usize, beta: f32, y: usize): void {
  gemv<f32>(trans != 0, m, n, alpha, a, lda, x, beta, y);
}
export function gemv_f64(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  gemv<f64>(trans != 0, m, n, alpha, a, lda, x, beta, y);
}

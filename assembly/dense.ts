// Layer kernels for wl.nn: the dense (fully connected) layer on the packed GEMM, batch gathering,
// dropout and batch normalization. Rows are samples; W is in×out so that Y = X·W + b needs no
// transpose, and the two backward products read X and W transposed through the GEMM's packing
// (free: see gemm.ts):
//   forward   Y (m×out) = X (m×in) · W (in×out) + 1·bᵀ
//   backward  dW = Xᵀ·dY,  db = Σ_rows dY,  dX = dY·Wᵀ
//
// Bias: Y's rows are first set to b, then the GEMM runs with beta = 1 and adds onto them. A fused
// epilogue (adding b in the micro-kernel's store) would save that one pass over Y; measured for the
// 64×784·784×128 layer (bench/nn.bench.js, busy machine), wl.nn.functional.dense (bias pass, GEMM and
// an output allocation) vs the bare GEMM: 946 vs 1 007, 1 123 vs 1 113, 1 037 vs 1 004, 1 287 vs 1 093 µs
// in four runs: the bias is lost in the noise (copying 64×128 floats takes about a microsecond), so
// gemm.ts keeps its single epilogue unchanged.
// One sample (m < MR = 4 rows): GEMM would pack all of W for a product it pads to 4 rows, so each row
// is instead b + Wᵀx by a GEMV over the rows of W (gemvRow), reading W once. The same row-by-row GEMV
// serves a batch whose inputs are mostly zeros (under SPARSE_DENSITY nonzero, e.g. image pixels): it
// touches only the rows of W that nonzero inputs select.
import { at, countWhere, lanes, madd } from './simd';
import { gemm_f32, gemm_f64, gemm_scratch_bytes_f32, gemm_scratch_bytes_f64 } from './gemm';

const MR = 4;

/** C = alpha·op(A)·op(B) + beta·C through gemm.ts's exported kernels (one per dtype). */
@inline function gemmT<T>(transA: bool, transB: bool, m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, beta: T, c: usize, ldc: i32, scratch: usize): void {
  if (sizeof<T>() == 4) gemm_f32(<i32>transA, <i32>transB, m, n, k, 1, a, lda, b, ldb, <f32>beta, c, ldc, scratch);
  else gemm_f64(<i32>transA, <i32>transB, m, n, k, 1, a, lda, b, ldb, <f64>beta, c, ldc, scratch);
}

@inline function scratchBytes<T>(m: i32, n: i32, k: i32): i32 {
  return sizeof<T>() == 4 ? gemm_scratch_bytes_f32(m, n, k) : gemm_scratch_bytes_f64(m, n, k);
}

/** y[0..n) = b[0..n) */
@inline function copyRow<T>(b: usize, y: usize, n: i32): void {
  memory.copy(y, b, <usize>n * sizeof<T>());
}

// For each 4-bit mask of nonzero f32 lanes, the byte shuffle that moves those lanes to the front
// (the rest is don't-care): compaction of 4 inputs per step, with no branch (used by compactNonzero).
const COMPACT_F32 = memory.data<u8>([
  0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, //  0: none
  0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, //  1: 0
  4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, //  2: 1
  0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, //  3: 0 1
  8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, //  4: 2
  0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, //  5: 0 2
  4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, //  6: 1 2
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, //  7: 0 1 2
  12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, //  8: 3
  0, 1, 2, 3, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, //  9: 0 3
  4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, // 10: 1 3
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, // 11: 0 1 3
  8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, // 12: 2 3
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, // 13: 0 2 3
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, // 14: 1 2 3
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 15: all
]);

/**
 * Compacts the nonzero inputs of x[0..k) into (byte offset i·ld of W's row, value) lists; returns
 * their count. Branch-free: a skip test per input mispredicts on sparse data (measured 2× slower at
 * 80 % zeros). f32 with SIMD does 4 inputs per step (lane mask → table shuffle → two 16-byte stores,
 * which may write up to 3 don't-care entries past the count, still inside the k-entry lists): 0.25 vs
 * 0.51 µs for 784 inputs. f64 (2 lanes) keeps the scalar loop.
 */
@inline function compactNonzero<T>(x: usize, k: i32, ld: i32, idx: usize, vals: usize): i32 {
  let nz = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4) {
    const zero = f32x4.splat(0);
    const step = i32x4.splat(4 * ld);
    let offs = i32x4(0, ld, 2 * ld, 3 * ld);
    for (; i + 4 <= k; i += 4) {
      const v = v128.load(at<T>(x, i));
      const mask = i32x4.bitmask(f32x4.ne(v, zero));
      const perm = v128.load(COMPACT_F32 + (<usize>mask << 4));
      v128.store(idx + (<usize>nz << 2), i8x16.swizzle(offs, perm));
      v128.store(at<T>(vals, nz), i8x16.swizzle(v, perm));
      nz += <i32>popcnt(mask);
      offs = i32x4.add(offs, step);
    }
  }
  for (; i < k; i++) {
    const v = load<T>(at<T>(x, i));
    store<i32>(idx + (<usize>nz << 2), i * ld);
    store<T>(at<T>(vals, nz), v);
    nz += i32(v != <T>0);
  }
  return nz;
}

/**
 * y (n) += Σ_i x[i]·W[i, :] for one row x (k). The nonzero inputs are first compacted into (row
 * offset, value) lists in scratch (compactNonzero), so blank pixels and ReLU zeros cost nothing and
 * the main loop has no data-dependent branch. Then the columns go in blocks of 8 vectors (32 f32 /
 * 16 f64 columns), then 2, then 1, whose accumulators stay in registers over the whole list, so y is
 * loaded and stored once per block instead of once per row of W (the axpy-per-row form was
 * store-bound). Each block takes two list entries per step (two independent loads of W in flight,
 * half the loop overhead), after a first odd entry, and adds them in list order: the sums are those
 * of one entry per step. Measured (Node 20, simd build, 784→128 f32, 20 % nonzero): one entry per
 * step 2.53 µs, two per step 1.83, plus the SIMD compaction 1.46; the odd entry handled after the
 * loop instead of before it 2.24 (V8 then allocates the loop's registers worse); blocks of 4
 * vectors slower than 8.
 */
function gemvRow<T>(x: usize, w: usize, y: usize, k: i32, n: i32, scratch: usize): void {
  const S = <usize>sizeof<T>();
  const idx = (scratch + 15) & ~15;
  const vals = idx + ((<usize>k * 4 + 15) & ~15);
  const nz = compactNonzero<T>(x, k, n * <i32>S, idx, vals);
  const odd = nz & 1;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const w0 = <usize>load<i32>(idx), v0 = v128.splat<T>(load<T>(vals)); // the odd entry, if any
    for (; j + 8 * L <= n; j += 8 * L) {
      const yj = at<T>(y, j), wj = at<T>(w, j);
      let a0 = v128.load(yj), a1 = v128.load(yj, 16), a2 = v128.load(yj, 32), a3 = v128.load(yj, 48);
      let a4 = v128.load(yj, 64), a5 = v128.load(yj, 80), a6 = v128.load(yj, 96), a7 = v128.load(yj, 112);
      if (odd) {
        const wr = wj + w0;
        a0 = madd<T>(v0, v128.load(wr), a0);
        a1 = madd<T>(v0, v128.load(wr, 16), a1);
        a2 = madd<T>(v0, v128.load(wr, 32), a2);
        a3 = madd<T>(v0, v128.load(wr, 48), a3);
        a4 = madd<T>(v0, v128.load(wr, 64), a4);
        a5 = madd<T>(v0, v128.load(wr, 80), a5);
        a6 = madd<T>(v0, v128.load(wr, 96), a6);
        a7 = madd<T>(v0, v128.load(wr, 112), a7);
      }
      for (let p = odd; p < nz; p += 2) {
        const wr = wj + <usize>load<i32>(idx + (<usize>p << 2)), wq = wj + <usize>load<i32>(idx + (<usize>p << 2), 4);
        const vs = v128.splat<T>(load<T>(at<T>(vals, p))), vt = v128.splat<T>(load<T>(at<T>(vals, p + 1)));
        a0 = madd<T>(vt, v128.load(wq), madd<T>(vs, v128.load(wr), a0));
        a1 = madd<T>(vt, v128.load(wq, 16), madd<T>(vs, v128.load(wr, 16), a1));
        a2 = madd<T>(vt, v128.load(wq, 32), madd<T>(vs, v128.load(wr, 32), a2));
        a3 = madd<T>(vt, v128.load(wq, 48), madd<T>(vs, v128.load(wr, 48), a3));
        a4 = madd<T>(vt, v128.load(wq, 64), madd<T>(vs, v128.load(wr, 64), a4));
        a5 = madd<T>(vt, v128.load(wq, 80), madd<T>(vs, v128.load(wr, 80), a5));
        a6 = madd<T>(vt, v128.load(wq, 96), madd<T>(vs, v128.load(wr, 96), a6));
        a7 = madd<T>(vt, v128.load(wq, 112), madd<T>(vs, v128.load(wr, 112), a7));
      }
      v128.store(yj, a0); v128.store(yj, a1, 16); v128.store(yj, a2, 32); v128.store(yj, a3, 48);
      v128.store(yj, a4, 64); v128.store(yj, a5, 80); v128.store(yj, a6, 96); v128.store(yj, a7, 112);
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      const yj = at<T>(y, j), wj = at<T>(w, j);
      let a0 = v128.load(yj), a1 = v128.load(yj, 16);
      if (odd) {
        a0 = madd<T>(v0, v128.load(wj + w0), a0);
        a1 = madd<T>(v0, v128.load(wj + w0, 16), a1);
      }
      for (let p = odd; p < nz; p += 2) {
        const wr = wj + <usize>load<i32>(idx + (<usize>p << 2)), wq = wj + <usize>load<i32>(idx + (<usize>p << 2), 4);
        const vs = v128.splat<T>(load<T>(at<T>(vals, p))), vt = v128.splat<T>(load<T>(at<T>(vals, p + 1)));
        a0 = madd<T>(vt, v128.load(wq), madd<T>(vs, v128.load(wr), a0));
        a1 = madd<T>(vt, v128.load(wq, 16), madd<T>(vs, v128.load(wr, 16), a1));
      }
      v128.store(yj, a0); v128.store(yj, a1, 16);
    }
    for (; j + L <= n; j += L) {
      const yj = at<T>(y, j), wj = at<T>(w, j);
      let a = v128.load(yj);
      if (odd) a = madd<T>(v0, v128.load(wj + w0), a);
      for (let p = odd; p < nz; p += 2) {
        const wr = wj + <usize>load<i32>(idx + (<usize>p << 2)), wq = wj + <usize>load<i32>(idx + (<usize>p << 2), 4);
        a = madd<T>(v128.splat<T>(load<T>(at<T>(vals, p + 1))), v128.load(wq), madd<T>(v128.splat<T>(load<T>(at<T>(vals, p))), v128.load(wr), a));
      }
      v128.store(yj, a);
    }
  }
  for (; j < n; j++) {
    const wj = at<T>(w, j);
    let s = load<T>(at<T>(y, j));
    for (let p = 0; p < nz; p++) s += load<T>(at<T>(vals, p)) * load<T>(wj + <usize>load<i32>(idx + (<usize>p << 2)));
    store<T>(at<T>(y, j), s);
  }
}

/**
 * Fraction of nonzero inputs below which the row-by-row sparse GEMV beats the packed GEMM. Measured
 * (Node 20, simd build, 784→128 f32, time of GEMV ÷ GEMM) at densities 0.1 / 0.2 / 0.3 / 0.4 / 0.6:
 * 64 rows 0.44 / 0.66 / 0.90 / 1.14 / 1.56, 1 000 rows 0.39 / 0.68 / 0.85 / 1.15 / 1.56: the crossover
 * is near 1/3. MNIST-like pixels (≈ 19 % nonzero) gain ≈ 1.5×; dense inputs never take this path.
 * Re-measured with the faster GEMV (SIMD compaction, two entries per step; busy machine, GEMV ÷ GEMM at
 * 0.2 / 0.3 / 0.4 / 0.5 / 0.6): 784→128 1 000 rows 0.40 / 0.57 / 0.73 / 0.94 / 1.14 (Node), 0.41 / 0.59 /
 * 0.76 / 0.99 / 1.12 (Deno): the crossover moved to ≈ 0.5 for wide layers; but 128→10 (1 000 rows) gives
 * 1.28 / 1.54 / 1.82 / 1.72 / 1.93 — a 10-column layer has no full 8-vector block and its GEMV loses even
 * at 0.2. A threshold that depends on the output width is the next step; 0.3 is kept until then.
 */
const SPARSE_DENSITY: f64 = 0.3;

@inline function denseForward<T>(x: usize, w: usize, b: usize, y: usize, m: i32, nIn: i32, nOut: i32, scratch: usize): void {
  for (let r = 0; r < m; r++) copyRow<T>(b, at<T>(y, r * nOut), nOut);
  if (m < MR || <f64>countWhere<T>(x, m * nIn, false) < SPARSE_DENSITY * <f64>m * <f64>nIn) {
    for (let r = 0; r < m; r++) gemvRow<T>(at<T>(x, r * nIn), w, at<T>(y, r * nOut), nIn, nOut, scratch);
    return;
  }
  gemmT<T>(false, false, m, nOut, nIn, x, nIn, w, nOut, <T>1, y, nOut, scratch);
}

/** db[j] = Σ_r dy[r][j] */
@inline function columnSums<T>(dy: usize, db: usize, m: i32, n: i32): void {
  memory.fill(db, 0, <usize>n * sizeof<T>());
  for (let r = 0; r < m; r++) {
    const row = at<T>(dy, r * n);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= n; j += L) v128.store(at<T>(db, j), v128.add<T>(v128.load(at<T>(db, j)), v128.load(at<T>(row, j))));
    }
    for (; j < n; j++) store<T>(at<T>(db, j), load<T>(at<T>(db, j)) + load<T>(at<T>(row, j)));
  }
}

@inline function denseBackward<T>(x: usize, w: usize, dy: usize, dx: usize, dw: usize, db: usize, m: i32, nIn: i32, nOut: i32, scratch: usize): void {
  gemmT<T>(true, false, nIn, nOut, m, x, nIn, dy, nOut, <T>0, dw, nOut, scratch);
  columnSums<T>(dy, db, m, nOut);
  if (dx != 0) gemmT<T>(false, true, m, nIn, nOut, dy, nOut, w, nOut, <T>0, dx, nIn, scratch);
}

@inline function denseScratch<T>(m: i32, nIn: i32, nOut: i32): i32 {
  const gemv = nIn * (4 + sizeof<T>()) + 48; // gemvRow's index and value lists, 16-byte aligned
  return max(gemv, max(scratchBytes<T>(m, nOut, nIn), max(scratchBytes<T>(nIn, nOut, m), scratchBytes<T>(m, nIn, nOut))));
}

// ---- batch normalization (Ioffe & Szegedy 2015), per column over the rows of a batch ----------

/**
 * Training: per column j, mean and biased variance over the m rows; xhat = (x − mean)·invstd,
 * y = gamma·xhat + beta; running stats move by `momentum` (the running variance is the unbiased
 * one, as in PyTorch). Keeps xhat (m×n) and invstd (n) for the backward pass.
 */
@inline function batchnormTrain<T>(x: usize, y: usize, xhat: usize, invstd: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, m: i32, n: i32, momentum: T, eps: T): void {
  for (let j = 0; j < n; j++) {
    let s: T = 0;
    for (let r = 0; r < m; r++) s += load<T>(at<T>(x, r * n + j));
    const mu = s / <T>m;
    let q: T = 0;
    for (let r = 0; r < m; r++) {
      const d = load<T>(at<T>(x, r * n + j)) - mu;
      q += d * d;
    }
    const variance = q / <T>m;
    const unbiased = m > 1 ? q / <T>(m - 1) : variance;
    const is = <T>1 / <T>Math.sqrt(<f64>(variance + eps));
    store<T>(at<T>(invstd, j), is);
    store<T>(at<T>(runMean, j), (<T>1 - momentum) * load<T>(at<T>(runMean, j)) + momentum * mu);
    store<T>(at<T>(runVar, j), (<T>1 - momentum) * load<T>(at<T>(runVar, j)) + momentum * unbiased);
    const g = load<T>(at<T>(gamma, j)), bt = load<T>(at<T>(beta, j));
    for (let r = 0; r < m; r++) {
      const h = (load<T>(at<T>(x, r * n + j)) - mu) * is;
      store<T>(at<T>(xhat, r * n + j), h);
      store<T>(at<T>(y, r * n + j), g * h + bt);
    }
  }
}

/** Inference: y = gamma·(x − runMean)/√(runVar + eps) + beta. */
@inline function batchnormEval<T>(x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, m: i32, n: i32, eps: T): void {
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) {
      const is = <T>1 / <T>Math.sqrt(<f64>(load<T>(at<T>(runVar, j)) + eps));
      const v = (load<T>(at<T>(x, r * n + j)) - load<T>(at<T>(runMean, j))) * is;
      store<T>(at<T>(y, r * n + j), load<T>(at<T>(gamma, j)) * v + load<T>(at<T>(beta, j)));
    }
  }
}

/** dbeta = Σdy, dgamma = Σdy·xhat, dx = gamma·invstd/m · (m·dy − dbeta − xhat·dgamma), per column. */
@inline function batchnormBackward<T>(dy: usize, xhat: usize, invstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize, m: i32, n: i32): void {
  for (let j = 0; j < n; j++) {
    let sb: T = 0, sg: T = 0;
    for (let r = 0; r < m; r++) {
      const g = load<T>(at<T>(dy, r * n + j));
      sb += g;
      sg += g * load<T>(at<T>(xhat, r * n + j));
    }
    store<T>(at<T>(dbeta, j), sb);
    store<T>(at<T>(dgamma, j), sg);
    if (dx == 0) continue;
    const k = load<T>(at<T>(gamma, j)) * load<T>(at<T>(invstd, j)) / <T>m;
    for (let r = 0; r < m; r++) {
      const g = load<T>(at<T>(dy, r * n + j));
      store<T>(at<T>(dx, r * n + j), k * (<T>m * g - sb - load<T>(at<T>(xhat, r * n + j)) * sg));
    }
  }
}

// ---- dropout (inverted: kept values are scaled by 1/(1−p) in training, identity at inference) ----

/** mask holds uniforms in [0, 1) on entry; on exit 1/(1−p) where u ≥ p, else 0; y = x·mask. */
@inline function dropout<T>(x: usize, mask: usize, y: usize, n: i32, p: T): void {
  const keep = <T>1 / (<T>1 - p);
  for (let i = 0; i < n; i++) {
    const k = load<T>(at<T>(mask, i)) >= p ? keep : <T>0;
    store<T>(at<T>(mask, i), k);
    store<T>(at<T>(y, i), load<T>(at<T>(x, i)) * k);
  }
}

// ---- exports ----------------------------------------------------------------------------------

/** Y = X·W + b; X m×in, W in×out, b out, Y m×out; scratch from dense_scratch_bytes. */
export function dense_forward_f32(x: usize, w: usize, b: usize, y: usize, m: i32, nIn: i32, nOut: i32, scratch: usize): void { denseForward<f32>(x, w, b, y, m, nIn, nOut, scratch); }
export function dense_forward_f64(x: usize, w: usize, b: usize, y: usize, m: i32, nIn: i32, nOut: i32, scratch: usize): void { denseForward<f64>(x, w, b, y, m, nIn, nOut, scratch); }
/** dW = Xᵀ·dY, db = Σ dY, and dX = dY·Wᵀ unless dx is 0. */
export function dense_backward_f32(x: usize, w: usize, dy: usize, dx: usize, dw: usize, db: usize, m: i32, nIn: i32, nOut: i32, scratch: usize): void { denseBackward<f32>(x, w, dy, dx, dw, db, m, nIn, nOut, scratch); }
export function dense_backward_f64(x: usize, w: usize, dy: usize, dx: usize, dw: usize, db: usize, m: i32, nIn: i32, nOut: i32, scratch: usize): void { denseBackward<f64>(x, w, dy, dx, dw, db, m, nIn, nOut, scratch); }
export function dense_scratch_bytes_f32(m: i32, nIn: i32, nOut: i32): i32 { return denseScratch<f32>(m, nIn, nOut); }
export function dense_scratch_bytes_f64(m: i32, nIn: i32, nOut: i32): i32 { return denseScratch<f64>(m, nIn, nOut); }
/** Column sums of a rows×cols block (db of a bias). */
export function column_sums_f32(a: usize, out: usize, rows: i32, cols: i32): void { columnSums<f32>(a, out, rows, cols); }
export function column_sums_f64(a: usize, out: usize, rows: i32, cols: i32): void { columnSums<f64>(a, out, rows, cols); }

/** dst row r = src row idx[r] (int32 indices), rows of rowBytes bytes: one kernel for every dtype. */
export function gather_rows(src: usize, rowBytes: i32, idx: usize, n: i32, dst: usize): void {
  const rb = <usize>rowBytes;
  for (let r = 0; r < n; r++) memory.copy(dst + <usize>r * rb, src + <usize>load<i32>(idx + (<usize>r << 2)) * rb, rb);
}

export function batchnorm_train_f32(x: usize, y: usize, xhat: usize, invstd: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, m: i32, n: i32, momentum: f32, eps: f32): void { batchnormTrain<f32>(x, y, xhat, invstd, gamma, beta, runMean, runVar, m, n, momentum, eps); }
export function batchnorm_train_f64(x: usize, y: usize, xhat: usize, invstd: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, m: i32, n: i32, momentum: f64, eps: f64): void { batchnormTrain<f64>(x, y, xhat, invstd, gamma, beta, runMean, runVar, m, n, momentum, eps); }
export function batchnorm_eval_f32(x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, m: i32, n: i32, eps: f32): void { batchnormEval<f32>(x, y, gamma, beta, runMean, runVar, m, n, eps); }
export function batchnorm_eval_f64(x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, m: i32, n: i32, eps: f64): void { batchnormEval<f64>(x, y, gamma, beta, runMean, runVar, m, n, eps); }
export function batchnorm_backward_f32(dy: usize, xhat: usize, invstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize, m: i32, n: i32): void { batchnormBackward<f32>(dy, xhat, invstd, gamma, dx, dgamma, dbeta, m, n); }
export function batchnorm_backward_f64(dy: usize, xhat: usize, invstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize, m: i32, n: i32): void { batchnormBackward<f64>(dy, xhat, invstd, gamma, dx, dgamma, dbeta, m, n); }
export function dropout_f32(x: usize, mask: usize, y: usize, n: i32, p: f32): void { dropout<f32>(x, mask, y, n, p); }
export function dropout_f64(x: usize, mask: usize, y: usize, n: i32, p: f64): void { dropout<f64>(x, mask, y, n, p); }

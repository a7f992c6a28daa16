// Singular value decomposition by one-sided Jacobi (Hestenes 1958; de Rijk 1989; Golub & Van Loan
// §8.6.3), preconditioned by a Householder QR with column pivoting (Drmač & Veselić 2008):
// B·P = Q·R, then one-sided Jacobi orthogonalizes the columns of the small N×N factor Rᵀ, and
// U = Q·V'. For 1000×50 the QR step does the O(M·N²) work once instead of in every sweep. Measured
// (Node 20, simd, f64): 1000×50 takes 2.4 ms for the whole SVD with QR, while plain one-sided
// Jacobi on the 1000-long columns needs 5.4 ms for its 9 sweeps alone; 200×50: 0.94 vs 1.43 ms;
// square 50×50: 0.71 vs 0.63 ms, so the QR step costs about 10 % where it cannot help and is kept
// for one code path. Pivoting and working on Rᵀ instead of R cut the sweeps from 9/10/11/13 to
// 8/8/9/10 for 1000×50, 50×50, 100×100, 200×200 (200×200: 67 → 52 ms).
//
// Layout: the kernel works on G = Bᵀ (N×M, row i = column i of the tall M×N matrix B), so every
// Householder reflection, every rotation and every dot product runs over contiguous rows.
import { at } from './simd';
import { vaxpy, vdot, vrotTau, vscale, vamax, vzero, epsOf, sortDesc, pow2Scale } from './vecops';

/**
 * g: N×M, the columns of the tall matrix B (M ≥ N ≥ 1) as rows; scaled and overwritten.
 * s: N singular values out, descending. ut: the left singular vectors of B as rows, N×M (thin) or
 * M×M (full = 1). vt: N×N, the right singular vectors as rows (B = utᵀ·diag(s)·vt).
 * work: 2N² + 4N elements of T, then 2N i32. Returns the number of Jacobi sweeps (61: no convergence).
 */
@inline function svdJacobi<T>(g: usize, M: i32, N: i32, full: i32, s: usize, ut: usize, vt: usize, work: usize): i32 {
  const h = work; // N×N: row i = row i of R (a column of Rᵀ), rotated into a column of U'·Σ
  const wv = at<T>(h, N * N); // N×N: rows = columns of V', the left singular vectors of R
  const beta = at<T>(wv, N * N);
  const sv = at<T>(beta, N); // first R's diagonal, later the unsorted singular values
  const nrm = at<T>(sv, N);
  const nrm0 = at<T>(nrm, N);
  const perm = at<T>(nrm0, N); // i32: the descending order of the singular values
  const col = at<i32>(perm, N); // i32: col[j] = the column of B that pivoting moved to position j
  const eps = epsOf<T>();

  // Scale (exactly, by a power of two) so that max |b_ij| is in [1, 2): no overflow or underflow in squared norms.
  const amax = vamax<T>(g, N * M);
  const scale = pow2Scale<T>(amax);
  vscale<T>(scale, g, N * M);

  // Householder QR with column pivoting, B·P = Q·R (Businger & Golub 1965; Golub & Van Loan
  // Algorithm 5.4.1), on the rows of G: step j moves the remaining column of largest norm to
  // position j, builds reflector j from row j (positions j..M−1) and stores it there; R[j][i]
  // (i > j) ends up in g[i][j]. Remaining norms are downdated, and recomputed once they have lost
  // two digits to cancellation.
  for (let i = 0; i < N; i++) {
    const row = at<T>(g, i * M);
    const v = vdot<T>(row, row, M);
    store<T>(at<T>(nrm, i), v);
    store<T>(at<T>(nrm0, i), v);
    store<i32>(at<i32>(col, i), i);
  }
  for (let j = 0; j < N; j++) {
    let best = j;
    for (let i = j + 1; i < N; i++) if (load<T>(at<T>(nrm, i)) > load<T>(at<T>(nrm, best))) best = i;
    if (best != j) {
      swapRows<T>(at<T>(g, j * M), at<T>(g, best * M), M);
      swapT<T>(at<T>(nrm, j), at<T>(nrm, best));
      swapT<T>(at<T>(nrm0, j), at<T>(nrm0, best));
      const cj = load<i32>(at<i32>(col, j));
      store<i32>(at<i32>(col, j), load<i32>(at<i32>(col, best)));
      store<i32>(at<i32>(col, best), cj);
    }
    const L = M - j;
    const v = at<T>(g, j * M + j);
    const x0 = load<T>(v);
    const tail = vdot<T>(at<T>(v, 1), at<T>(v, 1), L - 1);
    if (tail == 0) {
      store<T>(at<T>(beta, j), 0);
      store<T>(at<T>(sv, j), x0);
    } else {
      const norm = sqrt<T>(x0 * x0 + tail);
      const alpha: T = x0 >= 0 ? -norm : norm;
      store<T>(v, x0 - alpha);
      const bj: T = <T>1 / (norm * (norm + abs<T>(x0)));
      store<T>(at<T>(beta, j), bj);
      store<T>(at<T>(sv, j), alpha);
      for (let i = j + 1; i < N; i++) {
        const row = at<T>(g, i * M + j);
        vaxpy<T>(-bj * vdot<T>(v, row, L), v, row, L);
      }
    }
    for (let i = j + 1; i < N; i++) {
      const x = load<T>(at<T>(g, i * M + j));
      let r = load<T>(at<T>(nrm, i)) - x * x;
      if (r <= <T>0.01 * load<T>(at<T>(nrm0, i))) {
        const rest = at<T>(g, i * M + j + 1);
        r = vdot<T>(rest, rest, M - j - 1);
        store<T>(at<T>(nrm0, i), r);
      }
      store<T>(at<T>(nrm, i), r);
    }
  }
  // H: row j = row j of R = (0…, R_jj, g[j+1][j], …, g[N−1][j]).
  for (let j = 0; j < N; j++) {
    const row = at<T>(h, j * N);
    vzero<T>(row, N);
    store<T>(at<T>(row, j), load<T>(at<T>(sv, j)));
    for (let i = j + 1; i < N; i++) store<T>(at<T>(row, i), load<T>(at<T>(g, i * M + j)));
  }
  vzero<T>(wv, N * N);
  for (let i = 0; i < N; i++) store<T>(at<T>(wv, i * N + i), <T>1);

  // One-sided Jacobi on the columns of X = Rᵀ (the rows of H): X·V' = U'·Σ, so R = V'·Σ·U'ᵀ and
  // B = (Q·V')·Σ·(P·U')ᵀ. With a pivoted R, Rᵀ is far closer to orthogonal columns than R, and
  // the sweeps drop (Drmač & Veselić 2008). Squared norms are recomputed each sweep and updated
  // exactly per rotation between.
  // Stopping rule of LAPACK dgesvj: a pair is orthogonal once |cos| ≤ √N·eps (N the length of the
  // rotated rows). The orthogonality of V ends at this threshold: with N·eps it was 1.8e-14 on a
  // 120×80 matrix, with √N·eps 2e-15, in the same 9 sweeps.
  const tol: T = eps * sqrt<T>(<T>max(N, 1));
  const maxSweeps = 60;
  let sweep = 1;
  for (; sweep <= maxSweeps; sweep++) {
    for (let i = 0; i < N; i++) {
      const row = at<T>(h, i * N);
      store<T>(at<T>(nrm, i), vdot<T>(row, row, N));
    }
    let rotated = 0;
    for (let p = 0; p < N - 1; p++) {
      const hp = at<T>(h, p * N);
      for (let q = p + 1; q < N; q++) {
        const alpha = load<T>(at<T>(nrm, p));
        const bq = load<T>(at<T>(nrm, q));
        if (alpha == 0 || bq == 0) continue;
        const hq = at<T>(h, q * N);
        const gamma = vdot<T>(hp, hq, N);
        if (abs<T>(gamma) <= tol * sqrt<T>(alpha) * sqrt<T>(bq)) continue;
        rotated++;
        // The rotation that diagonalizes the 2×2 Gram matrix [α γ; γ β] (smaller angle).
        const zeta: T = (bq - alpha) / (<T>2 * gamma);
        let t: T;
        if (abs<T>(zeta) * eps > <T>1) t = <T>0.5 / zeta;
        else {
          t = <T>1 / (abs<T>(zeta) + sqrt<T>(<T>1 + zeta * zeta));
          if (zeta < 0) t = -t;
        }
        const c: T = <T>1 / sqrt<T>(<T>1 + t * t);
        const sn: T = c * t;
        // Rutishauser's form (old value plus a small correction, see vrotTau): with c·x − s·y the
        // accumulated rotations left U 14× and the singular values 14–27× less accurate than
        // LAPACK's dgesdd (120×80, f64); in this form they match it.
        const tau: T = sn / (<T>1 + c);
        vrotTau<T>(hp, hq, N, sn, tau);
        vrotTau<T>(at<T>(wv, p * N), at<T>(wv, q * N), N, sn, tau);
        store<T>(at<T>(nrm, p), alpha - t * gamma);
        store<T>(at<T>(nrm, q), bq + t * gamma);
      }
    }
    if (rotated == 0) break;
  }

  // Singular values are the row norms of H; U' (R's right singular vectors) its normalized rows.
  let smax: T = 0;
  for (let i = 0; i < N; i++) {
    const row = at<T>(h, i * N);
    const si = sqrt<T>(vdot<T>(row, row, N));
    store<T>(at<T>(sv, i), si);
    smax = max<T>(smax, si);
  }
  // A row is "zero" when it is below rounding level: its direction is noise, so it is replaced by
  // a unit vector orthogonal to all the others (V stays orthonormal for rank-deficient B).
  const tiny: T = smax * eps * eps;
  for (let i = 0; i < N; i++) {
    const si = load<T>(at<T>(sv, i));
    const good = si > tiny && si > 0;
    if (good) vscale<T>(<T>1 / si, at<T>(h, i * N), N);
    store<T>(at<T>(nrm, i), good ? <T>1 : <T>0);
  }
  for (let i = 0; i < N; i++) {
    if (load<T>(at<T>(nrm, i)) != 0) continue;
    const row = at<T>(h, i * N);
    for (let cand = 0; cand < N; cand++) {
      vzero<T>(row, N);
      store<T>(at<T>(row, cand), <T>1);
      completeAgainst<T>(row, h, nrm, N, N, i);
      completeAgainst<T>(row, h, nrm, N, N, i); // twice is enough (Kahan–Parlett)
      const len = sqrt<T>(vdot<T>(row, row, N));
      if (len > <T>0.5) {
        vscale<T>(<T>1 / len, row, N);
        break;
      }
    }
    store<T>(at<T>(nrm, i), <T>1);
  }

  sortDesc<T>(sv, perm, N);
  const rowsU = full ? M : N;
  for (let k = 0; k < rowsU; k++) {
    // Row k of Uᵀ = Q·[v'_k; 0] (thin) or Q·e_k (k ≥ N, the orthogonal complement for full = 1).
    const row = at<T>(ut, k * M);
    vzero<T>(row, M);
    if (k < N) memory.copy(row, at<T>(wv, load<i32>(at<i32>(perm, k)) * N), <usize>N << alignof<T>());
    else store<T>(at<T>(row, k), <T>1);
    for (let j = N - 1; j >= 0; j--) {
      const bj = load<T>(at<T>(beta, j));
      if (bj == 0) continue;
      const v = at<T>(g, j * M + j);
      const x = at<T>(row, j);
      vaxpy<T>(-bj * vdot<T>(v, x, M - j), v, x, M - j);
    }
  }
  // Row k of Vᵀ = (P·u'_k)ᵀ: entry j of u'_k belongs to column col[j] of B.
  const unscale: T = <T>1 / scale;
  for (let k = 0; k < N; k++) {
    const pk = load<i32>(at<i32>(perm, k));
    store<T>(at<T>(s, k), load<T>(at<T>(sv, pk)) * unscale);
    const src = at<T>(h, pk * N);
    const dst = at<T>(vt, k * N);
    for (let j = 0; j < N; j++) store<T>(at<T>(dst, load<i32>(at<i32>(col, j))), load<T>(at<T>(src, j)));
  }
  return sweep;
}

@inline function swapT<T>(x: usize, y: usize): void {
  const t = load<T>(x);
  store<T>(x, load<T>(y));
  store<T>(y, t);
}

@inline function swapRows<T>(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) swapT<T>(at<T>(x, i), at<T>(y, i));
}

/** row ← row − Σ (row·h_j) h_j over the rows j ≠ skip of h flagged 1 in `flags` (one Gram–Schmidt pass). */
@inline function completeAgainst<T>(row: usize, h: usize, flags: usize, rows: i32, len: i32, skip: i32): void {
  for (let j = 0; j < rows; j++) {
    if (j == skip || load<T>(at<T>(flags, j)) == 0) continue;
    const hj = at<T>(h, j * len);
    vaxpy<T>(-vdot<T>(row, hj, len), hj, row, len);
  }
}

export function svd_jacobi_f32(g: usize, M: i32, N: i32, full: i32, s: usize, ut: usize, vt: usize, work: usize): i32 { return svdJacobi<f32>(g, M, N, full, s, ut, vt, work); }
export function svd_jacobi_f64(g: usize, M: i32, N: i32, full: i32, s: usize, ut: usize, vt: usize, work: usize): i32 { return svdJacobi<f64>(g, M, N, full, s, ut, vt, work); }

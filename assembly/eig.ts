// Symmetric eigen-solvers. Both work on a scaled, symmetrized copy of S (max |s_ij| in [1, 2), so no
// intermediate overflows or underflows) and keep every hot loop on contiguous rows:
//  - cyclic Jacobi with threshold (Rutishauser 1971 'jacobi' in the Handbook for Automatic
//    Computation II; Golub & Van Loan §8.5): accurate, simple, best for small n;
//  - Householder tridiagonalization + implicit QL or QR with Wilkinson's shift, chosen per block as
//    LAPACK dsteqr does (Golub & Van Loan §8.3): several times fewer flops, best for large n.
// Eigenvectors are accumulated as ROWS of a work matrix (the transpose of the usual V), so each
// rotation updates two contiguous rows; the final step writes them out as columns.
import { at } from './simd';
import { vaxpy, vaxpy2, vdot, vrot, vrotTau, vscale, vzero, hypot2, epsOf, safminOf, sortDesc, pow2Scale, symvRow } from './vecops';

/** a = (s + sᵀ)/2 · scale, n×n with row stride lda. Returns the scale (a power of two near 1 / max |s_ij|). */
@inline function symmetrizedCopy<T>(s: usize, a: usize, n: i32, lda: i32): T {
  let amax: T = 0;
  for (let i = 0, nn = n * n; i < nn; i++) amax = max<T>(amax, abs<T>(load<T>(at<T>(s, i))));
  const scale = pow2Scale<T>(amax);
  const half: T = <T>0.5 * scale;
  for (let i = 0; i < n; i++) {
    store<T>(at<T>(a, i * lda + i), load<T>(at<T>(s, i * n + i)) * scale);
    for (let j = i + 1; j < n; j++) {
      // scaled before the sum (both products are exact): s_ij + s_ji overflows for |s| near the largest float
      const v = load<T>(at<T>(s, i * n + j)) * half + load<T>(at<T>(s, j * n + i)) * half;
      store<T>(at<T>(a, i * lda + j), v);
      store<T>(at<T>(a, j * lda + i), v);
    }
  }
  return scale;
}

@inline function setIdentity<T>(z: usize, n: i32): void {
  vzero<T>(z, n * n);
  for (let i = 0; i < n; i++) store<T>(at<T>(z, i * n + i), <T>1);
}

/**
 * Sorts the eigenvalues d (descending) into w (times `unscale`) and, when `vecs` is not 0, writes
 * the eigenvector rows of z as the COLUMNS of vecs (n×n): vecs[i][j] = z[perm[j]][i].
 */
@inline function finish<T>(d: usize, z: usize, n: i32, w: usize, vecs: usize, perm: usize, unscale: T): void {
  sortDesc<T>(d, perm, n);
  for (let j = 0; j < n; j++) store<T>(at<T>(w, j), load<T>(at<T>(d, load<i32>(at<i32>(perm, j)))) * unscale);
  if (vecs == 0) return;
  for (let j = 0; j < n; j++) {
    const row = at<T>(z, load<i32>(at<i32>(perm, j)) * n);
    for (let i = 0; i < n; i++) store<T>(at<T>(vecs, i * n + j), load<T>(at<T>(row, i)));
  }
}

/**
 * Cyclic Jacobi with threshold (Rutishauser's 'jacobi'; the form of Numerical Recipes' jacobi).
 * s: n×n input (read only). w: n eigenvalues out, descending. vecs: n×n out (eigenvectors as
 * columns) or 0 for values only. work: n·(n + lanes) + n² + 3n elements of T, then n i32.
 * Returns the number of sweeps (maxSweeps + 1 means it did not converge).
 */
@inline function jacobi<T>(s: usize, n: i32, w: usize, vecs: usize, work: usize): i32 {
  const nn = n * n;
  // Rows padded by 16 bytes so that, for power-of-two n, the strided column writes below do not all
  // map to the same few L1 cache sets. (On this shared machine the measured effect stayed within
  // the noise, ±15 % at n = 96..256; the padding costs nothing.)
  const lda = n + 16 / sizeof<T>();
  const a = work;
  const z = at<T>(a, n * lda);
  const d = at<T>(z, nn);
  const b = at<T>(d, n);
  const dz = at<T>(b, n);
  const perm = at<T>(dz, n);
  const wantVectors = vecs != 0;
  const scale = symmetrizedCopy<T>(s, a, n, lda);
  if (wantVectors) setIdentity<T>(z, n);
  for (let i = 0; i < n; i++) {
    const v = load<T>(at<T>(a, i * lda + i));
    store<T>(at<T>(d, i), v);
    store<T>(at<T>(b, i), v);
    store<T>(at<T>(dz, i), 0);
  }
  const maxSweeps = 60;
  let sweep = 1;
  for (; sweep <= maxSweeps; sweep++) {
    let sm: T = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) sm += abs<T>(load<T>(at<T>(a, p * lda + q)));
    }
    // Exact zero is reached: negligible elements are set to zero below (after sweep 4), and the
    // quadratic convergence underflows the rest.
    if (sm == 0) break;
    const tresh: T = sweep < 4 ? (<T>0.2 * sm) / <T>(n * n) : <T>0;
    for (let p = 0; p < n - 1; p++) {
      const rowp = at<T>(a, p * lda);
      for (let q = p + 1; q < n; q++) {
        const apq = load<T>(at<T>(rowp, q));
        const g: T = <T>100 * abs<T>(apq);
        const dp = load<T>(at<T>(d, p));
        const dq = load<T>(at<T>(d, q));
        if (sweep > 4 && abs<T>(dp) + g == abs<T>(dp) && abs<T>(dq) + g == abs<T>(dq)) {
          store<T>(at<T>(rowp, q), 0);
          store<T>(at<T>(a, q * lda + p), 0);
        } else if (abs<T>(apq) > tresh) {
          // Rutishauser's stable rotation: t = tan of the smaller angle that zeroes a_pq,
          // t = sgn(θ)/(|θ| + √(θ² + 1)) with θ = h/(2a_pq), h = d_q − d_p. Multiplied through by
          // 2|a_pq| it needs one division less on the critical path (the next rotation waits for
          // this one): t = 2·sgn(h)·a_pq/(|h| + √(h² + 4a_pq²)). No overflow: |a_ij| ≤ 2 after
          // scaling; an a_pq² that underflows gives t = a_pq/h, Rutishauser's own limit.
          const hh = dq - dp;
          const ah = abs<T>(hh);
          let t: T = (<T>2 * apq) / (ah + sqrt<T>(hh * hh + <T>4 * apq * apq));
          if (hh < 0) t = -t;
          const r: T = sqrt<T>(<T>1 + t * t);
          const c: T = <T>1 / r;
          const sn: T = t * c;
          const tau: T = t / (<T>1 + r); // = s/(1 + c), computed beside c instead of after it
          const dt = t * apq;
          store<T>(at<T>(dz, p), load<T>(at<T>(dz, p)) - dt);
          store<T>(at<T>(dz, q), load<T>(at<T>(dz, q)) + dt);
          store<T>(at<T>(d, p), dp - dt);
          store<T>(at<T>(d, q), dq + dt);
          // Jᵀ A J: rows p and q are rotated as contiguous rows; by symmetry the rotated columns
          // are copies of them, and the 2×2 block is known (a_pq = 0, the diagonal lives in d).
          // Column q is copied now (later rows of this p-loop read it); column p only after the
          // p-loop, since until then every read of a_kp goes through row p.
          const rowq = at<T>(a, q * lda);
          vrotTau<T>(rowp, rowq, n, sn, tau);
          store<T>(at<T>(rowp, q), 0);
          store<T>(at<T>(rowq, p), 0);
          for (let k = 0; k < n; k++) store<T>(at<T>(a, k * lda + q), load<T>(at<T>(rowq, k)));
          if (wantVectors) vrotTau<T>(at<T>(z, p * n), at<T>(z, q * n), n, sn, tau);
        }
      }
      for (let k = 0; k < n; k++) store<T>(at<T>(a, k * lda + p), load<T>(at<T>(rowp, k)));
    }
    // Rutishauser: fold the accumulated diagonal updates in once per sweep (less rounding).
    for (let i = 0; i < n; i++) {
      const v = load<T>(at<T>(b, i)) + load<T>(at<T>(dz, i));
      store<T>(at<T>(b, i), v);
      store<T>(at<T>(d, i), v);
      store<T>(at<T>(dz, i), 0);
    }
  }
  finish<T>(d, z, n, w, vecs, perm, <T>1 / scale);
  return sweep;
}

// The 2×2 eigenproblem of dlaev2 (a kernel cannot return a tuple): rt1 the eigenvalue of larger
// absolute value, rt2 the other, (cs1, sn1) the unit eigenvector of rt1.
let ev1: f64 = 0, ev2: f64 = 0, evc: f64 = 0, evs: f64 = 0;

/** Eigen-decomposition of [[a, b], [b, c]], LAPACK dlaev2 (accurate rt2 from rt1 by the determinant). */
@inline function laev2(a: f64, b: f64, c: f64): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  const acmx = Math.abs(a) > Math.abs(c) ? a : c;
  const acmn = Math.abs(a) > Math.abs(c) ? c : a;
  let rt: f64;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) * (adf / ab));
  else rt = ab * Math.SQRT2;
  let sgn1: i32;
  if (sm < 0) {
    ev1 = 0.5 * (sm - rt);
    sgn1 = -1;
    ev2 = (acmx / ev1) * acmn - (b / ev1) * b;
  } else if (sm > 0) {
    ev1 = 0.5 * (sm + rt);
    sgn1 = 1;
    ev2 = (acmx / ev1) * acmn - (b / ev1) * b;
  } else {
    ev1 = 0.5 * rt;
    ev2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: f64;
  let sgn2: i32;
  if (df >= 0) { cs = df + rt; sgn2 = 1; } else { cs = df - rt; sgn2 = -1; }
  let cs1: f64, sn1: f64;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab == 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 == sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  evc = cs1;
  evs = sn1;
}

/**
 * Eigenvalues (and, with wantVectors, the rotations applied to the rows of z) of the symmetric
 * tridiagonal (d, e), e[i] = T[i][i+1]: implicit QL or QR with Wilkinson's shift, LAPACK dsteqr.
 * The matrix splits where |e_i| ≤ eps·√|d_i|·√|d_i+1| (relative to its neighbours, not to ‖T‖), and
 * each unreduced block is iterated QL when its larger end is at the bottom and QR when it is at
 * the top, so that a graded matrix is always chased from its small end: EISPACK's tql2 (QL only,
 * absolute deflation) lost all relative accuracy of the small eigenvalues of a matrix graded
 * large-to-small (relative error 1, LAPACK 3e-14). The matrix arrives scaled to max |a_ij| in
 * [1, 2), so dsteqr's block scaling is not needed. Returns the iterations, −1 past 30n of them.
 */
@inline function steqr<T>(d: usize, e: usize, z: usize, n: i32, wantVectors: bool): i32 {
  const eps = <f64>epsOf<T>();
  const eps2 = eps * eps;
  const safmin = <f64>safminOf<T>();
  const nmaxit = 30 * n;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) store<T>(at<T>(e, l1 - 1), 0);
    let m = l1;
    for (; m < n - 1; m++) {
      const tst = Math.abs(<f64>load<T>(at<T>(e, m)));
      if (tst == 0) break;
      if (tst <= Math.sqrt(Math.abs(<f64>load<T>(at<T>(d, m)))) * Math.sqrt(Math.abs(<f64>load<T>(at<T>(d, m + 1)))) * eps) {
        store<T>(at<T>(e, m), 0);
        break;
      }
    }
    let l = l1;
    let lend = m;
    l1 = m + 1;
    if (lend == l) continue;
    if (Math.abs(<f64>load<T>(at<T>(d, lend))) < Math.abs(<f64>load<T>(at<T>(d, l)))) {
      const t = l;
      l = lend;
      lend = t;
    }
    if (lend > l) {
      // QL: deflates at the top (l), chases from the bottom (mm) up
      while (l <= lend) {
        let mm = l;
        for (; mm < lend; mm++) {
          const em = <f64>load<T>(at<T>(e, mm));
          if (em * em <= eps2 * Math.abs(<f64>load<T>(at<T>(d, mm))) * Math.abs(<f64>load<T>(at<T>(d, mm + 1))) + safmin) break;
        }
        if (mm < lend) store<T>(at<T>(e, mm), 0);
        let p = <f64>load<T>(at<T>(d, l));
        if (mm == l) { // d[l] is an eigenvalue
          l++;
          continue;
        }
        if (mm == l + 1) { // a 2×2 block: closed form
          laev2(p, <f64>load<T>(at<T>(e, l)), <f64>load<T>(at<T>(d, l + 1)));
          if (wantVectors) vrot<T>(at<T>(z, (l + 1) * n), at<T>(z, l * n), n, <T>evc, <T>evs);
          store<T>(at<T>(d, l), <T>ev1);
          store<T>(at<T>(d, l + 1), <T>ev2);
          store<T>(at<T>(e, l), 0);
          l += 2;
          continue;
        }
        if (jtot == nmaxit) return -1;
        jtot++;
        const el = <f64>load<T>(at<T>(e, l));
        let g = (<f64>load<T>(at<T>(d, l + 1)) - p) / (2 * el);
        let r = hypot2<f64>(g, 1);
        g = <f64>load<T>(at<T>(d, mm)) - p + el / (g + (g >= 0 ? r : -r));
        let s: f64 = 1, c: f64 = 1;
        p = 0;
        for (let i = mm - 1; i >= l; i--) {
          const ei = <f64>load<T>(at<T>(e, i));
          const f = s * ei;
          const b = c * ei;
          r = hypot2<f64>(g, f); // dlartg(g, f)
          if (r == 0) { c = 1; s = 0; } else { c = g / r; s = f / r; }
          if (i != mm - 1) store<T>(at<T>(e, i + 1), <T>r);
          g = <f64>load<T>(at<T>(d, i + 1)) - p;
          r = (<f64>load<T>(at<T>(d, i)) - g) * s + 2 * c * b;
          p = s * r;
          store<T>(at<T>(d, i + 1), <T>(g + p));
          g = c * r - b;
          if (wantVectors) vrot<T>(at<T>(z, (i + 1) * n), at<T>(z, i * n), n, <T>c, <T>-s);
        }
        store<T>(at<T>(d, l), <T>(<f64>load<T>(at<T>(d, l)) - p));
        store<T>(at<T>(e, l), <T>g);
      }
    } else {
      // QR: deflates at the bottom (l), chases from the top (mm) down
      while (l >= lend) {
        let mm = l;
        for (; mm > lend; mm--) {
          const em = <f64>load<T>(at<T>(e, mm - 1));
          if (em * em <= eps2 * Math.abs(<f64>load<T>(at<T>(d, mm))) * Math.abs(<f64>load<T>(at<T>(d, mm - 1))) + safmin) break;
        }
        if (mm > lend) store<T>(at<T>(e, mm - 1), 0);
        let p = <f64>load<T>(at<T>(d, l));
        if (mm == l) {
          l--;
          continue;
        }
        if (mm == l - 1) {
          laev2(<f64>load<T>(at<T>(d, l - 1)), <f64>load<T>(at<T>(e, l - 1)), p);
          if (wantVectors) vrot<T>(at<T>(z, l * n), at<T>(z, (l - 1) * n), n, <T>evc, <T>evs);
          store<T>(at<T>(d, l - 1), <T>ev1);
          store<T>(at<T>(d, l), <T>ev2);
          store<T>(at<T>(e, l - 1), 0);
          l -= 2;
          continue;
        }
        if (jtot == nmaxit) return -1;
        jtot++;
        const el = <f64>load<T>(at<T>(e, l - 1));
        let g = (<f64>load<T>(at<T>(d, l - 1)) - p) / (2 * el);
        let r = hypot2<f64>(g, 1);
        g = <f64>load<T>(at<T>(d, mm)) - p + el / (g + (g >= 0 ? r : -r));
        let s: f64 = 1, c: f64 = 1;
        p = 0;
        for (let i = mm; i <= l - 1; i++) {
          const ei = <f64>load<T>(at<T>(e, i));
          const f = s * ei;
          const b = c * ei;
          r = hypot2<f64>(g, f);
          if (r == 0) { c = 1; s = 0; } else { c = g / r; s = f / r; }
          if (i != mm) store<T>(at<T>(e, i - 1), <T>r);
          g = <f64>load<T>(at<T>(d, i)) - p;
          r = (<f64>load<T>(at<T>(d, i + 1)) - g) * s + 2 * c * b;
          p = s * r;
          store<T>(at<T>(d, i), <T>(g + p));
          g = c * r - b;
          if (wantVectors) vrot<T>(at<T>(z, (i + 1) * n), at<T>(z, i * n), n, <T>c, <T>s);
        }
        store<T>(at<T>(d, l), <T>(<f64>load<T>(at<T>(d, l)) - p));
        store<T>(at<T>(e, l - 1), <T>g);
      }
    }
  }
  return jtot;
}

/**
 * Householder tridiagonalization Qᵀ A Q = T (d on the diagonal, e above it), followed by implicit
 * QL/QR (steqr). Only the upper triangle of the trailing block is kept, so the matrix–vector product
 * and the rank-2 update both run over contiguous row segments. Q is accumulated as Z = Qᵀ (rows), and the QL/QR
 * rotations act on rows of Z. Same arguments as jacobi; work: 2n² + 4n elements of T, then n i32.
 * Returns the total number of QL/QR iterations (−1 if some eigenvalue did not converge).
 */
@inline function tridiagonalQL<T>(s: usize, n: i32, w: usize, vecs: usize, work: usize): i32 {
  const nn = n * n;
  const a = work;
  const z = at<T>(a, nn);
  const d = at<T>(z, nn);
  const e = at<T>(d, n);
  const beta = at<T>(e, n);
  const p = at<T>(beta, n);
  const perm = at<T>(p, n);
  const wantVectors = vecs != 0;
  const scale = symmetrizedCopy<T>(s, a, n, n);

  // Householder tridiagonalization (Golub & Van Loan Algorithm 8.3.1). Step k maps the part of
  // column k below the diagonal — equal to row k right of the diagonal, contiguous — onto e1.
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    const rowk = at<T>(a, k * n);
    const v = at<T>(rowk, k + 1);
    store<T>(at<T>(d, k), load<T>(at<T>(rowk, k)));
    const x0 = load<T>(v);
    const tail = vdot<T>(at<T>(v, 1), at<T>(v, 1), m - 1);
    if (tail == 0) {
      store<T>(at<T>(e, k), x0);
      store<T>(at<T>(beta, k), 0);
      continue;
    }
    const norm = sqrt<T>(x0 * x0 + tail);
    const alpha: T = x0 >= 0 ? -norm : norm;
    store<T>(v, x0 - alpha);
    const bk: T = <T>1 / (norm * (norm + abs<T>(x0)));
    store<T>(at<T>(e, k), alpha);
    store<T>(at<T>(beta, k), bk);
    // p = β·B·v, then w = p − (β/2)(vᵀp)·v, then B ← B − v·wᵀ − w·vᵀ (B = trailing m×m block).
    // Only B's upper triangle is read and updated (row i from its diagonal on): B·v takes, per
    // row, a dot product for p_i and an axpy for the symmetric half, in one pass over the row.
    vzero<T>(p, m);
    for (let i = 0; i < m; i++) {
      const row = at<T>(a, (k + 1 + i) * n + k + 1 + i);
      const vi = load<T>(at<T>(v, i));
      const rest = m - i - 1;
      const dot = symvRow<T>(at<T>(row, 1), at<T>(v, i + 1), at<T>(p, i + 1), vi, rest);
      store<T>(at<T>(p, i), load<T>(at<T>(p, i)) + load<T>(row) * vi + dot);
    }
    vscale<T>(bk, p, m);
    const kk: T = <T>0.5 * bk * vdot<T>(v, p, m);
    vaxpy<T>(-kk, v, p, m);
    for (let i = 0; i < m; i++) {
      vaxpy2<T>(-load<T>(at<T>(v, i)), at<T>(p, i), -load<T>(at<T>(p, i)), at<T>(v, i), at<T>(a, (k + 1 + i) * n + k + 1 + i), m - i);
    }
  }
  if (n >= 2) {
    store<T>(at<T>(d, n - 2), load<T>(at<T>(a, (n - 2) * n + n - 2)));
    store<T>(at<T>(e, n - 2), load<T>(at<T>(a, (n - 2) * n + n - 1)));
  }
  store<T>(at<T>(d, n - 1), load<T>(at<T>(a, nn - 1)));
  store<T>(at<T>(e, n - 1), 0);

  if (wantVectors) {
    // Z = Qᵀ = H_{n-3}···H_0, accumulated backwards so that each step only touches the trailing
    // block: Z ← Z·H_k updates rows k+1.. of Z at columns k+1.. (a dot and an axpy per row).
    setIdentity<T>(z, n);
    for (let k = n - 3; k >= 0; k--) {
      const bk = load<T>(at<T>(beta, k));
      if (bk == 0) continue;
      const m = n - k - 1;
      const v = at<T>(a, k * n + k + 1);
      for (let i = k + 1; i < n; i++) {
        const row = at<T>(z, i * n + k + 1);
        vaxpy<T>(-bk * vdot<T>(row, v, m), v, row, m);
      }
    }
  }

  const iterations = steqr<T>(d, e, z, n, wantVectors);
  finish<T>(d, z, n, w, vecs, perm, <T>1 / scale);
  return iterations;
}

/** max |s_ij − s_ji| / max |s_ij| (0 for S = 0): how far S is from symmetric, relative to its size. */
@inline function asymmetry<T>(s: usize, n: i32): T {
  let m: T = 0;
  let amax: T = 0;
  for (let i = 0; i < n; i++) {
    amax = max<T>(amax, abs<T>(load<T>(at<T>(s, i * n + i))));
    for (let j = i + 1; j < n; j++) {
      const x = load<T>(at<T>(s, i * n + j));
      const y = load<T>(at<T>(s, j * n + i));
      amax = max<T>(amax, max<T>(abs<T>(x), abs<T>(y)));
      m = max<T>(m, abs<T>(x - y));
    }
  }
  return amax > 0 ? m / amax : <T>0;
}

export function eigh_jacobi_f32(s: usize, n: i32, w: usize, vecs: usize, work: usize): i32 { return jacobi<f32>(s, n, w, vecs, work); }
export function eigh_jacobi_f64(s: usize, n: i32, w: usize, vecs: usize, work: usize): i32 { return jacobi<f64>(s, n, w, vecs, work); }
export function eigh_tridiagonal_f32(s: usize, n: i32, w: usize, vecs: usize, work: usize): i32 { return tridiagonalQL<f32>(s, n, w, vecs, work); }
export function eigh_tridiagonal_f64(s: usize, n: i32, w: usize, vecs: usize, work: usize): i32 { return tridiagonalQL<f64>(s, n, w, vecs, work); }
export function asymmetry_f32(s: usize, n: i32): f32 { return asymmetry<f32>(s, n); }
export function asymmetry_f64(s: usize, n: i32): f64 { return asymmetry<f64>(s, n); }

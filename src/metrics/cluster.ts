// Clustering metrics, as scikit-learn's sklearn.metrics.silhouette_score and adjusted_rand_score.
import { ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { itemSize } from '../core/dtype.js';
import { kernel, typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { pairwiseDistances } from '../linalg/distance.js';
import { encodeLabels, readX, release } from '../base/index.js';
import { dtypeOf } from '../cluster/common.js';

// Rows of distances computed at once: at most this many elements (32 MiB in float64).
const BLOCK_ELEMENTS = 1 << 22;

/**
 * Mean silhouette coefficient of the clustering `labels` of X (n×d), Euclidean distances:
 * s(i) = (b(i) − a(i)) / max(a(i), b(i)), 0 for a sample alone in its cluster. Needs 2 ≤ clusters ≤ n − 1.
 * O(n²·d) in Wasm, in blocks of rows so memory stays O(n).
 */
export function silhouetteScore(X: unknown, labels: unknown): number {
  const rt = runtime('wl.metrics.silhouetteScore()');
  const x = readX(rt, X, 'X', dtypeOf(X));
  const heap = rt.heap;
  const temps: number[] = [];
  const mats: Matrix[] = [];
  try {
    const n = x.matrix.rows, d = x.matrix.cols;
    const { classes, codes } = encodeLabels(labels, n, 'labels');
    const k = classes.length;
    if (k < 2 || k > n - 1) throw new ValidationError(`labels: the silhouette needs between 2 and n − 1 = ${n - 1} clusters, got ${k}`);
    const sizes = new Float64Array(k);
    for (const c of codes) sizes[c]++;
    const lab = heap.alloc(n * 4);
    temps.push(lab);
    heap.i32.set(codes, lab >>> 2);
    const b = Math.max(1, Math.min(n, Math.floor(BLOCK_ELEMENTS / n)));
    const sums = heap.alloc(b * k * 8);
    temps.push(sums);
    const size = itemSize(x.matrix.dtype);
    let total = 0;
    for (let i0 = 0; i0 < n; i0 += b) {
      const rows = Math.min(b, n - i0);
      const block = Matrix.alloc(rt, rows, d, x.matrix.dtype);
      mats.push(block);
      kernel(rt.kernels, 'copy_bytes')(x.matrix.ptr + i0 * d * size, block.ptr, rows * d * size);
      const dist = pairwiseDistances(block, x.matrix, { metric: 'euclidean' });
      mats.push(dist);
      typed(rt.kernels, 'cluster_distance_sums', dist.dtype)(dist.ptr, lab, rows, n, k, i0, sums);
      const s = heap.f64.subarray(sums >>> 3, (sums >>> 3) + rows * k);
      for (let r = 0; r < rows; r++) {
        const own = codes[i0 + r];
        if (sizes[own] === 1) continue; // s(i) = 0
        const a = s[r * k + own] / (sizes[own] - 1);
        let nearest = Infinity;
        for (let c = 0; c < k; c++) if (c !== own) nearest = Math.min(nearest, s[r * k + c] / sizes[c]);
        const m = Math.max(a, nearest);
        total += m > 0 ? (nearest - a) / m : 0;
      }
      for (const m of mats.splice(0)) m.dispose();
    }
    return total / n;
  } finally {
    for (const m of mats) m.dispose();
    for (const p of temps) heap.free(p);
    release(x);
  }
}

/**
 * Adjusted Rand index of two labelings of the same samples (numbers or strings): 1 for identical
 * partitions up to renaming, about 0 for independent ones (Hubert & Arabie 1985; scikit-learn's pair
 * confusion form). O(n) in TypeScript: a contingency count, no per-feature work.
 */
export function adjustedRandScore(labelsTrue: unknown, labelsPred: unknown): number {
  const n = (labelsTrue as ArrayLike<unknown>)?.length;
  if (typeof n !== 'number') throw new ValidationError('labelsTrue: expected an array of labels');
  const a = encodeLabels(labelsTrue, n, 'labelsTrue');
  if ((labelsPred as ArrayLike<unknown>)?.length !== n) throw new ShapeError(`labelsPred: expected ${n} labels (like labelsTrue), got ${(labelsPred as ArrayLike<unknown>)?.length}`);
  const b = encodeLabels(labelsPred, n, 'labelsPred');
  const ka = a.classes.length, kb = b.classes.length;
  const cells = new Map<number, number>();
  const rowSums = new Float64Array(ka), colSums = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    const key = a.codes[i] * kb + b.codes[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rowSums[a.codes[i]]++;
    colSums[b.codes[i]]++;
  }
  let sumSquares = 0;
  let cross1 = 0, cross2 = 0;
  for (const [key, v] of cells) {
    sumSquares += v * v;
    cross1 += v * colSums[key % kb];
    cross2 += v * rowSums[Math.floor(key / kb)];
  }
  const tp = sumSquares - n;
  const fp = cross1 - sumSquares;
  const fn = cross2 - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

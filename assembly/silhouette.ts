// Silhouette coefficient support: for a block of b samples with their distances to all n samples
// (b×n, from the GEMM-based pairwise distances), the sum of distances to each cluster (b×k f64) in
// one pass; the caller forms a(i), b(i) and s(i) from these O(b·k) sums. The block holds samples
// first..first+b−1, whose self-distances are skipped.
import { at } from './simd';

@inline function clusterSums<T>(dist: usize, labels: usize, b: i32, n: i32, k: i32, first: i32, out: usize): void {
  memory.fill(out, 0, <usize>(b * k) << 3);
  for (let i = 0; i < b; i++) {
    const row = dist + <usize>(i * n) * sizeof<T>();
    const o = out + (<usize>(i * k) << 3);
    for (let j = 0; j < n; j++) {
      if (j == first + i) continue; // a sample's distance to itself is 0 (the dot trick leaves ~√ε)
      const slot = o + (<usize>load<i32>(labels + (<usize>j << 2)) << 3);
      store<f64>(slot, load<f64>(slot) + <f64>load<T>(at<T>(row, j)));
    }
  }
}

export function cluster_distance_sums_f32(dist: usize, labels: usize, b: i32, n: i32, k: i32, first: i32, out: usize): void { clusterSums<f32>(dist, labels, b, n, k, first, out); }
export function cluster_distance_sums_f64(dist: usize, labels: usize, b: i32, n: i32, k: i32, first: i32, out: usize): void { clusterSums<f64>(dist, labels, b, n, k, first, out); }

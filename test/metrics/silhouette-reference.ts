// Plain-TypeScript silhouette coefficient (Rousseeuw 1987), brute force over all pairs: the reference
// for metrics.silhouetteScore. As scikit-learn: a sample alone in its cluster scores 0, and so does
// one with a = b = 0 (sklearn's nan_to_num).
export function bruteSilhouette(X: number[][], labels: number[]): number {
  const d = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, p) => s + (v - b[p]) ** 2, 0));
  const ks = [...new Set(labels)];
  let total = 0;
  X.forEach((x, i) => {
    const same = X.filter((_, j) => labels[j] === labels[i] && j !== i);
    if (same.length === 0) return;
    const a = same.reduce((s, z) => s + d(x, z), 0) / same.length;
    const b = Math.min(...ks.filter((k) => k !== labels[i]).map((k) => {
      const o = X.filter((_, j) => labels[j] === k);
      return o.reduce((s, z) => s + d(x, z), 0) / o.length;
    }));
    const mx = Math.max(a, b);
    total += mx > 0 ? (b - a) / mx : 0;
  });
  return total / X.length;
}

// Data for the classifier tests: the bundled datasets standardized as the reference files state
// ("(x − mean) / std with the population std").
import { dataset } from '../helpers';

export interface Labeled {
  X: number[][];
  y: number[];
}

/** Columns scaled to zero mean and unit population variance. */
export function standardize(rows: number[][]): number[][] {
  const n = rows.length, d = rows[0].length;
  const mean = new Array(d).fill(0), sd = new Array(d).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j] += v / n));
  for (const r of rows) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / n));
  return rows.map((r) => r.map((v, j) => (v - mean[j]) / Math.sqrt(sd[j])));
}

/** A bundled CSV whose last column is the label, standardized. */
export function labeled(name: string): Labeled {
  const { rows } = dataset(name);
  return { X: standardize(rows.map((r) => r.slice(0, -1))), y: rows.map((r) => r[r.length - 1]) };
}

/** max |a − b| */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** max |a| */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

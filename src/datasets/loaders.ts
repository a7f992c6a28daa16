// The bundled datasets, synchronously: `import { loadIris } from 'wasmlearn/datasets'`. This module is
// its own bundle (build/bundle/esm/datasets.js), pure JS with no Wasm, so the core bundle carries no
// data; `wl.datasets.loadIris()` in the core loads it on first use (async).
import { breastCancer, digits, iris, wine } from './bundled.js';

/** A dataset: X (n×d), y (n class indices), the names of the d features and of the classes. */
export interface Dataset {
  X: number[][];
  y: number[];
  featureNames: string[];
  targetNames: string[];
}

function fromCsv(set: { featureNames: string[]; targetNames: string[]; csv: string }): Dataset {
  const X: number[][] = [];
  const y: number[] = [];
  for (const line of set.csv.split('\n')) {
    const row = line.split(',').map(Number);
    y.push(row.pop()!);
    X.push(row);
  }
  return { X, y, featureNames: [...set.featureNames], targetNames: [...set.targetNames] };
}

/** Iris: 150 × 4 (cm), 3 classes (setosa, versicolor, virginica). */
export function loadIris(): Dataset {
  return fromCsv(iris);
}

/** Wine: 178 × 13 chemical measurements, 3 cultivars. */
export function loadWine(): Dataset {
  return fromCsv(wine);
}

/** Breast cancer (Wisconsin diagnostic): 569 × 30, 2 classes (0 malignant, 1 benign). */
export function loadBreastCancer(): Dataset {
  return fromCsv(breastCancer);
}

/** Digits: 1 797 8×8 images (pixels 0–16, row-major), 10 classes. */
export function loadDigits(): Dataset {
  const s = digits.rows;
  const X: number[][] = [];
  const y: number[] = [];
  for (let o = 0; o < s.length; o += 65) {
    const row = new Array<number>(64);
    for (let j = 0; j < 64; j++) row[j] = parseInt(s[o + j], 17);
    X.push(row);
    y.push(Number(s[o + 64]));
  }
  return { X, y, featureNames: [...digits.featureNames], targetNames: [...digits.targetNames] };
}

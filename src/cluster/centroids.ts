// What KMeans and MiniBatchKMeans share once fitted: k centers in the heap, the training labels and
// inertia, and the methods that only need the centers (predict, transform, score).
import type { Matrix } from '../core/matrix.js';
import { pairwiseDistances } from '../linalg/distance.js';
import { Clusterer, release } from '../base/index.js';
import { readFitted } from './common.js';
import { nearest } from './kmeans_kernels.js';

/** The fitted state every centroid model keeps. */
export interface CentroidState {
  nFeatures: number;
  /** k×d, in the dtype of the data fitted. */
  centers: Matrix;
  labels: Int32Array;
  inertia: number;
  nIter: number;
}

/** Base of the k-means estimators: predict/transform/score and the fitted attributes from the centers. */
export abstract class CentroidClusterer<P extends object, S extends CentroidState> extends Clusterer<P, S> {
  /** Index of the nearest center for each row of X (n×d). */
  predict(X: unknown): Int32Array {
    return this.#nearest(X, 'predict').labels;
  }

  /** Euclidean distances of each row of X to every center: a new n×k Matrix. */
  transform(X: unknown): Matrix {
    const s = this.fitted('transform');
    const x = readFitted(this.rt(), X, s.nFeatures, s.centers.dtype);
    try {
      return pairwiseDistances(x.matrix, s.centers, { metric: 'euclidean' });
    } finally {
      release(x);
    }
  }

  /** fit(X) then transform(X). */
  fitTransform(X: unknown): Matrix {
    return this.fit(X).transform(X);
  }

  /** Negative inertia of X against the fitted centers (scikit-learn's score). */
  score(X: unknown): number {
    return -this.#nearest(X, 'score').inertia;
  }

  /** Cluster of each training row. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }
  /** The k centers (k×d). */
  get clusterCenters(): number[][] {
    return this.fitted('clusterCenters').centers.toArray();
  }
  /** Σ over training rows of the squared distance to their center. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }
  /** Iterations (KMeans: Lloyd/Elkan iterations of the best run; MiniBatchKMeans: passes over the data). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  #nearest(X: unknown, what: string): { labels: Int32Array; inertia: number } {
    const s = this.fitted(what);
    const x = readFitted(this.rt(), X, s.nFeatures, s.centers.dtype);
    try {
      return nearest(this.rt(), x.matrix, s.centers);
    } finally {
      release(x);
    }
  }
}

// wasmlearn: WebAssembly-accelerated numerics and machine learning.
export { init, features, memory, type InitOptions, Runtime } from './runtime/load.js';
export type { Build, Features } from './runtime/features.js';
export type { MemoryStats } from './runtime/heap.js';
export { scope, keep, type Tracker } from './runtime/scope.js';
export * from './errors.js';
export { Matrix } from './core/matrix.js';
export type { DType } from './core/dtype.js';
export type { MatrixLike, NumericArray } from './core/validate.js';
export { matrix, zeros, ones, full, eye, type MatrixOptions } from './core/create.js';
export { add, sub, mul, div, scale, axpy, fill, dot, sum, min, max, clone, transpose, type OutOptions } from './core/ops.js';
export * as random from './core/random.js';
export * as linalg from './linalg/index.js';
// array essentials: axis reductions, elementwise math with broadcasting (add/sub/mul/div above), shaping, statistics
export { mean, var, std, argmin, argmax, type Axis, type ReduceOptions, type VarOptions, type ArgOptions } from './core/reduce.js';
export { exp, log, log1p, expm1, sqrt, abs, square, sign, tanh, sigmoid, pow, clip, maximum, minimum } from './core/math.js';
export type { Operand } from './core/ops.js';
export { take, slice, hstack, vstack, reshape, diag, argsort, type TakeOptions, type Range, type DiagOptions, type ArgsortOptions } from './core/shape.js';
export { cov, corrcoef, type CovOptions, type CorrcoefOptions } from './stats/index.js';
// model files: toJSON() of every estimator and network, read back by wl.load()
export { load } from './io/load.js';
export * as io from './io/index.js';
// estimators: the contract (base classes for every model), linear models, preprocessing, metrics,
// model selection, pipelines
export { Estimator, Regressor, Classifier, Transformer, Clusterer, type Task, type CommonOptions, type WarningHandler } from './base/estimator.js';
export type { Classes, Labels, Label } from './base/labels.js';
export * from './linear_model/index.js';
export * as metrics from './metrics/index.js';
export * as preprocessing from './preprocessing/index.js';
// optimizers and autodiff
export * as optim from './optim/index.js';
export * as autograd from './autograd/index.js';
// neural networks: wl.nn (layers, Sequential) and wl.nn.functional (activation / loss / dense kernels)
export * as nn from './nn/index.js';
// clustering, neighbours, naive Bayes
export { KMeans, type KMeansOptions } from './cluster/kmeans.js';
export { AgglomerativeClustering, type AgglomerativeOptions, type Linkage } from './cluster/agglomerative.js';
export { KNeighborsClassifier, KNeighborsRegressor, type KNeighborsOptions, type Neighbors } from './neighbors/knn.js';
export { GaussianNB, type GaussianNBOptions } from './naive_bayes/gaussian.js';
export { PCA, type PCAOptions, type PCASolver } from './decomposition/pca.js';
// classifiers: logistic regression, SGD, linear and kernel SVMs
export { LogisticRegression, type LogisticRegressionOptions, type LogisticPenalty } from './linear_model/logistic.js';
export { SGDClassifier, SGDRegressor, type SGDClassifierOptions, type SGDRegressorOptions } from './linear_model/sgd.js';
export { LinearSVC, type LinearSVCOptions } from './svm/linear_svc.js';
export { SVC, type SVCOptions, type SVCKernel } from './svm/svc.js';
// decision trees and random forests
export * from './tree/index.js';
export { MiniBatchKMeans, type MiniBatchKMeansOptions } from './cluster/minibatch.js';
export * as datasets from './datasets/index.js';
export * as modelSelection from './model_selection/index.js';
export * as pipeline from './pipeline/index.js';

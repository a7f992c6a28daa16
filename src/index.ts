// wasmlearn: WebAssembly-accelerated numerics and machine learning.
export { init, features, memory, type InitOptions, Runtime } from './runtime/load.js';
export type { Build, Features } from './runtime/features.js';
export type { MemoryStats } from './runtime/heap.js';
export { scope, keep } from './runtime/scope.js';
export * from './errors.js';
export { Matrix } from './core/matrix.js';
export type { DType } from './core/dtype.js';
export type { MatrixLike, NumericArray } from './core/validate.js';
export { matrix, zeros, ones, full, eye, type MatrixOptions } from './core/create.js';
export { add, sub, mul, div, scale, axpy, fill, dot, sum, min, max, clone, transpose, type OutOptions } from './core/ops.js';
export * as random from './core/random.js';
export * as linalg from './linalg/index.js';
// model files: toJSON() of every estimator and network, read back by wl.load()
export { load } from './io/load.js';
export * as io from './io/index.js';
// estimators: the contract (base classes for every model), linear models, preprocessing, metrics,
// model selection, pipelines
export { Estimator, Regressor, Classifier, Transformer, Clusterer, type Task, type CommonOptions, type WarningHandler } from './base/estimator.js';
export type { Classes, Labels, Label } from './base/labels.js';
export * from './linear_model/index.js';
export * as metrics from './metrics/index.js';
// optimizers and autodiff
export * as optim from './optim/index.js';
// decision trees and random forests
export * from './tree/index.js';

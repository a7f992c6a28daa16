// The module's exports: every kernel, by subject. Kernels are pure functions over pointers and
// sizes; the TypeScript facade validates, allocates and owns every block.
export * from './memory';
export * from './elementwise';
export * from './reduce';
export * from './random';
export * from './gemm';
export * from './distance';
export * from './eig';
export * from './svd';
export * from './factor';
// estimators: linear models, scalers
export * from './linear';
// optimizers (fused update steps, penalties, L-BFGS) and autodiff backward kernels
export * from './optimizer';
// decision trees and forests (tree growth, presort, prediction)
export * from './tree';

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
// array essentials: axis reductions, elementwise math and broadcasting, shaping, sorting
export * from './axis';
export * from './math';
export * from './shape';
export * from './sort';
// estimators: linear models, scalers
export * from './linear';
export * from './cd';
export * from './preprocess';
// optimizers (fused update steps, penalties, L-BFGS) and autodiff backward kernels
export * from './optimizer';
export * from './autograd';
// neural networks: activations (+ derivatives), losses (value + gradient), dense/batchnorm/dropout layers
export * from './activation';
export * from './loss';
export * from './dense';
// clustering, neighbours, naive Bayes
export * from './kmeans';
export * from './linkage';
export * from './neighbors';
export * from './naive_bayes';
export * from './silhouette';
// classifiers: logistic loss/gradient and linear scores, SGD, SVMs (SMO, liblinear dual CD)
export * from './logistic';
export * from './sgd';
export * from './svm';
// decision trees and forests (tree growth, presort, prediction)
export * from './tree';

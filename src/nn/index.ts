// wl.nn: neural networks. Layers and the Sequential container; `functional` holds the activation,
// loss and dense kernels on matrices (the same kernels the layers run).
export * as functional from './functional.js';
export type { Activation, Loss, ActivationOptions, LossOptions, LossResult } from './functional.js';
export { Layer, Dense, ReLU, LeakyReLU, ELU, Sigmoid, Tanh, Softplus, GELU, Softmax, Dropout, BatchNorm1d, type DenseOptions, type BatchNormOptions } from './layers.js';
export { Sequential, type FitOptions, type History, type Logs, type EarlyStopping, type PredictOptions } from './sequential.js';

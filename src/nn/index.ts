// wl.nn: neural networks. `functional` holds the activation, loss and dense kernels on matrices.
export * as functional from './functional.js';
export type { Activation, Loss, ActivationOptions, LossOptions, LossResult } from './functional.js';

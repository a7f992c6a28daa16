// wl.optim: optimizers over Matrix parameters, learning-rate schedules, gradient clipping and
// penalties, and minimize() for user functions.
export { Optimizer, SGD, Adam, AdamW, RMSProp, Adagrad, fromJSON } from './optimizer.js';
export type { ParamGroup, OptimizerJSON, SGDOptions, AdamOptions, RMSPropOptions, AdagradOptions } from './optimizer.js';
export * as schedules from './schedules.js';
export { StepLR, ExponentialLR, CosineAnnealingLR, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './schedules.js';
export { clipGradNorm, clipGradValue, addPenaltyGrad, type PenaltyOptions } from './gradients.js';
export { minimize, numericGrad, type Objective, type ValueAndGrad, type MinimizeOptions, type MinimizeResult } from './minimize.js';

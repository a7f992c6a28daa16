// The estimator contract and the helpers every model uses (see estimator.ts).
export { Estimator, Regressor, Classifier, Transformer, Clusterer, registerEstimator, type Task, type EstimatorClass, type CommonOptions, type WarningHandler } from './estimator.js';
export { readX, readTargets, checkFeatures, release, type Input, type Target, type Targets, type Borrowed } from './input.js';
export { encodeLabels, decodeLabels, codesFor, classesToJSON, classesFromJSON, type Classes, type Labels, type Label, type EncodedLabels } from './labels.js';
export { checkReal, checkInt, checkBool, checkChoice, checkSeed } from './params.js';

// Decision trees and random forests (CART in assembly/tree.ts).
export { DecisionTreeClassifier, DecisionTreeRegressor, type DecisionTreeClassifierOptions, type DecisionTreeRegressorOptions } from './decision_tree.js';
export { RandomForestClassifier, RandomForestRegressor, type ForestOptions } from './forest.js';
export type { TreeOptions, MaxFeatures } from './options.js';
export type { Criterion } from './grow.js';
export type { ExportedTree, ExportedNode, ExportTextOptions } from './structure.js';

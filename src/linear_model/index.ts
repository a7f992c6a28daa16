export { LinearRegression, type LinearRegressionOptions } from './linear_regression.js';
export { Ridge, type RidgeOptions } from './ridge.js';
export { Lasso, ElasticNet, type LassoOptions, type ElasticNetOptions } from './coordinate_descent.js';

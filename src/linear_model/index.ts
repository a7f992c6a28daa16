export { LinearRegression, type LinearRegressionOptions } from './linear_regression.js';

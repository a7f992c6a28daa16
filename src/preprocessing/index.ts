export { PolynomialFeatures, type PolynomialFeaturesOptions } from './polynomial.js';
export { StandardScaler, MinMaxScaler, type StandardScalerOptions, type MinMaxScalerOptions } from './scalers.js';
export { LabelEncoder, OneHotEncoder, type OneHotEncoderOptions } from './encoders.js';

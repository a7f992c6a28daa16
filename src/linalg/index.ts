// wl.linalg: dense linear algebra on Matrix values.
export { cholesky } from './cholesky.js';
export { qr, type QrOptions } from './qr.js';
export { solve, inv, det, slogdet, type SolveOptions } from './solve.js';
export { norm, type NormOrder } from './norm.js';

// wl.linalg: dense linear algebra on Matrix.
export { matmul, gemm, gemv, gram, type MatmulOptions, type GemmOptions, type GemvOptions, type GramOptions } from './matmul.js';
export { pairwiseDistances, type DistanceMetric, type PairwiseOptions } from './distance.js';
export { eigh, eigvalsh, type EighOptions, type EighResult, type EighMethod } from './eigh.js';
export { svd, type SvdOptions, type SvdResult } from './svd.js';
export { cholesky } from './cholesky.js';
export { qr, type QrOptions } from './qr.js';
export { solve, inv, det, slogdet, rcond, type SolveOptions, type InvOptions, type IllConditionedCallback } from './solve.js';
export { norm, type NormOrder } from './norm.js';
export { lstsq, type LstsqOptions, type LstsqResult } from './lstsq.js';
export { pinv, type PinvOptions } from './pinv.js';

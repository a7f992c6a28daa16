// wl.linalg: dense linear algebra on Matrix (one kernel call per decomposition).
export { eigh, eigvalsh, type EighOptions, type EighResult, type EighMethod } from './eigh.js';
export { svd, type SvdOptions, type SvdResult } from './svd.js';

// CART decision trees (Breiman, Friedman, Olshen & Stone, 1984): one Wasm call grows a whole tree.
//
// The algorithm is scikit-learn's, step for step, so that a tree grown from the same random seed is
// scikit-learn's tree node for node (sklearn/tree/_splitter.pyx BestSplitter.node_split, _criterion.pyx,
// _tree.pyx DepthFirstTreeBuilder and BestFirstTreeBuilder, version 1.2):
//   - features are drawn at random per node (a partial Fisher–Yates over `features`, with known-constant
//     features kept in a prefix that is never drawn again below the node), up to `maxFeatures` non-constant
//     ones; a constant feature found does not count against `maxFeatures`;
//   - along a feature, candidate thresholds are midpoints between consecutive distinct values (values
//     within FEATURE_THRESHOLD = 1e-7 count as equal), a candidate leaving fewer than `minSamplesLeaf`
//     samples or `minWeightLeaf` weight on a side is skipped, the best "proxy improvement" wins, ties go
//     to the first candidate visited;
//   - the random stream is scikit-learn's `our_rand_r` (xorshift32) from the same 31-bit start state, which
//     the TypeScript side draws like numpy's RandomState (src/tree/random_state.ts).
// What differs is how samples are kept in order. scikit-learn copies and sorts the node's values at every
// node and feature (introsort, O(n log n)). Here every column is argsorted once (`tree_argsort`, shared
// by all the trees of a forest), and each node keeps, for every feature, its samples in that feature's
// order, a contiguous segment [start, end) of one list per feature; a split stably partitions each
// non-constant feature's segment by a left/right flag per sample (SLIQ, Mehta, Agrawal & Rissanen 1996):
// O(n) per node and feature, against O(n log n) for sorting. Features that are constant in a node are
// never drawn below it (depth-first), so their lists are not partitioned at all. The cost: d lists
// of n indices per fit, and every non-constant list is partitioned at every split even when only
// maxFeatures of them were scanned. bench/trees.bench.js compares the whole fit with scikit-learn's.
//
// Layouts (both sides compute them the same way; src/tree/grow.ts):
//   X is column-major (feature f at xt + f·n), T = f32 | f64. y: i32 class indices (nClasses > 0) or f64
//   values (nClasses = 0). w: f64 weight per sample (bootstrap counts in a forest); weight 0 leaves the
//   sample out, as scikit-learn does.
//   Output, for a capacity of `cap` nodes: f64 threshold[cap], impurity[cap], weightedNNodeSamples[cap],
//   value[cap·nOut]; then i32 feature[cap], left[cap], right[cap], nNodeSamples[cap]. A leaf has
//   feature −2, threshold −2, children −1 (scikit-learn's TREE_UNDEFINED and TREE_LEAF).
import { at } from './simd';

const FEATURE_THRESHOLD: f64 = 1e-7;
const EPSILON: f64 = 2.220446049250313e-16; // np.finfo(np.double).eps
const LEAF: i32 = -1;
const UNDEFINED: i32 = -2;

const GINI = 0;
const ENTROPY = 1;
const SQUARED_ERROR = 2;
const FRIEDMAN_MSE = 3;

// A builder-stack / frontier record: start, end, depth, parent, isLeft, nConstant, statsFeature, nodeId,
// pos, isLeaf (i32) then impurity, improvement, impurityLeft, impurityRight (f64).
const REC = 64;
const R_START = 0, R_END = 4, R_DEPTH = 8, R_PARENT = 12, R_LEFT = 16, R_NCONST = 20, R_FSTATS = 24, R_NODE = 28, R_POS = 32, R_ISLEAF = 36;
const R_IMP = 40, R_IMPROVE = 48, R_IMPL = 56;
// impurityRight lives in a second f64 beside impurityLeft only in frontier records, which are wider.
const FREC = 72;
const R_IMPR = 64;

// ---- the state of one tree build (scalars only; every array is in the caller's blocks) ----
let gXt: usize = 0, gN: i32 = 0, gD: i32 = 0, gY: usize = 0, gW: usize = 0, gM: i32 = 0, gK: i32 = 0, gCrit: i32 = 0;
let gIdx: usize = 0, gTmp: usize = 0, gFlag: usize = 0, gFeatures: usize = 0, gConst: usize = 0;
let gTotal: usize = 0, gLeftC: usize = 0;
let gMinLeaf: i32 = 1, gMinWeightLeaf: f64 = 0, gMaxFeatures: i32 = 0, gWTotal: f64 = 0;
let gRand: u32 = 1;
let gBestFirst: bool = false;
let gLogTable: usize = 0;
// the node's totals (nodeStats) and the best split found (nodeSplit)
let nW: f64 = 0, nSum: f64 = 0, nSqSum: f64 = 0, nSqC: f64 = 0, nEntC: f64 = 0;
let bPos: i32 = 0, bFeature: i32 = 0, bThreshold: f64 = 0, bImprovement: f64 = 0, bImpL: f64 = 0, bImpR: f64 = 0, bNConst: i32 = 0;
// output arrays
let oThr: usize = 0, oImp: usize = 0, oWN: usize = 0, oVal: usize = 0, oFeat: usize = 0, oLeft: usize = 0, oRight: usize = 0, oN: usize = 0;
let gNodes: i32 = 0;

/** scikit-learn's our_rand_r: xorshift32, result reduced to [0, 2^31). */
@inline function randR(): u32 {
  let s = gRand;
  if (s == 0) s = 1;
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  gRand = s;
  return s % 0x80000000;
}

@inline function randInt(low: i32, high: i32): i32 {
  return low + <i32>(randR() % <u32>(high - low));
}

@inline function xlogx(x: f64): f64 {
  return x > 0 ? x * Math.log(x) : 0;
}

/** c·log c, from the table of integer counts when every weight is an integer (always, in practice). */
@inline function clogc(c: f64): f64 {
  return gLogTable ? f64at(gLogTable, <i32>c) : xlogx(c);
}

@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function seti32(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function setf64(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** The sorted list of feature f (gM entries). */
@inline function list(f: i32): usize {
  return gIdx + (<usize>f * <usize>gM << 2);
}

@inline function xval<T>(f: i32, s: i32): T {
  return load<T>(at<T>(gXt + <usize>f * <usize>gN * sizeof<T>(), s));
}

/** Weighted totals of the node [start, end), read from the list of feature f (valid for this node). */
function nodeStats(f: i32, start: i32, end: i32): void {
  const l = list(f);
  let w: f64 = 0;
  if (gK > 0) {
    for (let k = 0; k < gK; k++) setf64(gTotal, k, 0);
    for (let p = start; p < end; p++) {
      const s = i32at(l, p);
      const ws = f64at(gW, s);
      const c = i32at(gY, s);
      setf64(gTotal, c, f64at(gTotal, c) + ws);
      w += ws;
    }
    let sq: f64 = 0, ent: f64 = 0;
    for (let k = 0; k < gK; k++) {
      const c = f64at(gTotal, k);
      sq += c * c;
      ent += xlogx(c);
    }
    nSqC = sq;
    nEntC = ent;
  } else {
    let sum: f64 = 0, sq: f64 = 0;
    for (let p = start; p < end; p++) {
      const s = i32at(l, p);
      const ws = f64at(gW, s);
      const y = f64at(gY, s);
      w += ws;
      sum += ws * y;
      sq += ws * y * y;
    }
    nSum = sum;
    nSqSum = sq;
  }
  nW = w;
}

/** Impurity of the node from its totals (scikit-learn's node_impurity). */
function nodeImpurity(): f64 {
  if (gCrit == GINI) return 1.0 - nSqC / (nW * nW);
  if (gCrit == ENTROPY) {
    let e: f64 = 0;
    for (let k = 0; k < gK; k++) {
      const c = f64at(gTotal, k);
      if (c > 0) {
        const p = c / nW;
        e -= p * Math.log(p);
      }
    }
    return e / Math.LN2;
  }
  const mean = nSum / nW;
  return nSqSum / nW - mean * mean;
}

/** Scans the candidate thresholds of feature f over [start, end); updates the best split. Returns the best proxy. */
function scanFeature<T>(f: i32, start: i32, end: i32, bestProxy: f64): f64 {
  const l = list(f);
  const col = gXt + <usize>f * <usize>gN * sizeof<T>();
  const minLeaf = gMinLeaf;
  const minW = gMinWeightLeaf;
  const wNode = nW;
  let cur = load<T>(at<T>(col, i32at(l, start)));
  let wL: f64 = 0;
  if (gK > 0) {
    const leftC = gLeftC;
    for (let k = 0; k < gK; k++) setf64(leftC, k, 0);
    const gini = gCrit == GINI;
    let sqL: f64 = 0, sqR = nSqC;
    for (let p = start; p < end - 1; p++) {
      const s = i32at(l, p);
      const c = i32at(gY, s);
      const ws = f64at(gW, s);
      const a = f64at(leftC, c);
      const b = f64at(gTotal, c) - a;
      const a2 = a + ws, b2 = b - ws;
      setf64(leftC, c, a2);
      // Σ count² is exact in f64 for integer weights, so it may be updated incrementally.
      if (gini) {
        sqL += a2 * a2 - a * a;
        sqR += b2 * b2 - b * b;
      }
      wL += ws;
      const next = load<T>(at<T>(col, i32at(l, p + 1)));
      if (next <= cur + <T>FEATURE_THRESHOLD) {
        cur = next;
        continue;
      }
      const pos = p + 1;
      const wR = wNode - wL;
      if (pos - start >= minLeaf && end - pos >= minLeaf && wL >= minW && wR >= minW) {
        let proxy: f64;
        if (gini) {
          proxy = sqL / wL + sqR / wR;
        } else {
          // Σ c·log c is recomputed over the classes, not updated: candidates with the same counts then
          // get bit-identical proxies (ties go to the first drawn feature, as in scikit-learn).
          let eL: f64 = 0, eR: f64 = 0;
          for (let k = 0; k < gK; k++) {
            const a = f64at(leftC, k);
            eL += clogc(a);
            eR += clogc(f64at(gTotal, k) - a);
          }
          proxy = (eL - clogc(wL)) + (eR - clogc(wR)); // symmetric: a mirrored split ties exactly
        }
        if (proxy > bestProxy) {
          bestProxy = proxy;
          setBest<T>(f, pos, cur, next);
        }
      }
      cur = next;
    }
  } else {
    const friedman = gCrit == FRIEDMAN_MSE;
    const sumT = nSum;
    let sumL: f64 = 0;
    for (let p = start; p < end - 1; p++) {
      const s = i32at(l, p);
      const ws = f64at(gW, s);
      sumL += ws * f64at(gY, s);
      wL += ws;
      const next = load<T>(at<T>(col, i32at(l, p + 1)));
      if (next <= cur + <T>FEATURE_THRESHOLD) {
        cur = next;
        continue;
      }
      const pos = p + 1;
      const wR = wNode - wL;
      if (pos - start >= minLeaf && end - pos >= minLeaf && wL >= minW && wR >= minW) {
        const sumR = sumT - sumL;
        let proxy: f64;
        if (friedman) {
          const diff = wR * sumL - wL * sumR;
          proxy = diff * diff / (wL * wR);
        } else {
          proxy = sumL * sumL / wL + sumR * sumR / wR;
        }
        if (proxy > bestProxy) {
          bestProxy = proxy;
          setBest<T>(f, pos, cur, next);
        }
      }
      cur = next;
    }
  }
  return bestProxy;
}

@inline function setBest<T>(f: i32, pos: i32, lo: T, hi: T): void {
  bPos = pos;
  bFeature = f;
  // the midpoint as a sum of halves cannot overflow; if it rounds onto `hi`, keep `lo` (scikit-learn)
  let t = <f64>lo / 2.0 + <f64>hi / 2.0;
  if (t == <f64>hi || t == Infinity || t == -Infinity) t = <f64>lo;
  bThreshold = t;
}

/**
 * scikit-learn's BestSplitter.node_split for the node [start, end) whose features[0, nKnownConst) are
 * known to be constant. Leaves the split in b*; bPos == end when there is none. On a split, every
 * non-constant feature's list is partitioned into [start, bPos) ∪ [bPos, end).
 */
function nodeSplit<T>(start: i32, end: i32, impurity: f64, nKnownConst: i32): void {
  const features = gFeatures, constants = gConst;
  bPos = end;
  bFeature = 0;
  bThreshold = 0;
  bImprovement = -Infinity;
  bImpL = Infinity;
  bImpR = Infinity;
  let bestProxy = -Infinity;
  let fI = gD;
  let nVisited = 0, nFoundConst = 0, nDrawnConst = 0, nTotalConst = nKnownConst;
  while (fI > nTotalConst && (nVisited < gMaxFeatures || nVisited <= nFoundConst + nDrawnConst)) {
    nVisited++;
    let fJ = randInt(nDrawnConst, fI - nFoundConst);
    if (fJ < nKnownConst) {
      // a known constant: move it into the drawn prefix
      const t = i32at(features, nDrawnConst);
      seti32(features, nDrawnConst, i32at(features, fJ));
      seti32(features, fJ, t);
      nDrawnConst++;
      continue;
    }
    fJ += nFoundConst;
    const f = i32at(features, fJ);
    const l = list(f);
    const first = xval<T>(f, i32at(l, start));
    const last = xval<T>(f, i32at(l, end - 1));
    if (last <= first + <T>FEATURE_THRESHOLD) {
      seti32(features, fJ, i32at(features, nTotalConst));
      seti32(features, nTotalConst, f);
      nFoundConst++;
      nTotalConst++;
      continue;
    }
    fI--;
    seti32(features, fJ, i32at(features, fI));
    seti32(features, fI, f);
    bestProxy = scanFeature<T>(f, start, end, bestProxy);
  }
  if (bPos < end) {
    // Best-first growth starts every node with no known constant features (as scikit-learn does), so a
    // child may draw any feature: every list must stay valid.
    partition(start, end, gBestFirst ? 0 : nTotalConst);
    childrenImpurity(start, end, impurity);
  }
  // scikit-learn's invariant for constant features: restore the known prefix, append the new ones
  memory.copy(features, constants, <usize>nKnownConst << 2);
  memory.copy(constants + (<usize>nKnownConst << 2), features + (<usize>nKnownConst << 2), <usize>nFoundConst << 2);
  bNConst = nTotalConst;
}

/** Stably partitions every non-constant feature's segment by the best split's sides. */
function partition(start: i32, end: i32, nConst: i32): void {
  const bl = list(bFeature);
  const flag = gFlag;
  for (let p = start; p < bPos; p++) store<u8>(flag + <usize>i32at(bl, p), 1);
  for (let p = bPos; p < end; p++) store<u8>(flag + <usize>i32at(bl, p), 0);
  const tmp = gTmp;
  for (let j = nConst; j < gD; j++) {
    const f = i32at(gFeatures, j);
    if (f == bFeature) continue;
    const l = list(f);
    let w = start, r = 0;
    for (let p = start; p < end; p++) {
      const s = i32at(l, p);
      if (load<u8>(flag + <usize>s)) {
        seti32(l, w, s);
        w++;
      } else {
        seti32(tmp, r, s);
        r++;
      }
    }
    memory.copy(l + (<usize>w << 2), tmp, <usize>r << 2);
  }
}

/** Impurities of the two children of the best split and its weighted impurity decrease. */
function childrenImpurity(start: i32, end: i32, impurity: f64): void {
  const l = list(bFeature);
  const pos = bPos;
  let wL: f64 = 0;
  let impL: f64, impR: f64;
  if (gK > 0) {
    const leftC = gLeftC;
    for (let k = 0; k < gK; k++) setf64(leftC, k, 0);
    for (let p = start; p < pos; p++) {
      const s = i32at(l, p);
      const ws = f64at(gW, s);
      const c = i32at(gY, s);
      setf64(leftC, c, f64at(leftC, c) + ws);
      wL += ws;
    }
    const wR = nW - wL;
    if (gCrit == GINI) {
      let sqL: f64 = 0, sqR: f64 = 0;
      for (let k = 0; k < gK; k++) {
        const a = f64at(leftC, k), b = f64at(gTotal, k) - a;
        sqL += a * a;
        sqR += b * b;
      }
      impL = 1.0 - sqL / (wL * wL);
      impR = 1.0 - sqR / (wR * wR);
    } else {
      let eL: f64 = 0, eR: f64 = 0;
      for (let k = 0; k < gK; k++) {
        const a = f64at(leftC, k), b = f64at(gTotal, k) - a;
        if (a > 0) eL -= (a / wL) * Math.log(a / wL);
        if (b > 0) eR -= (b / wR) * Math.log(b / wR);
      }
      impL = eL / Math.LN2;
      impR = eR / Math.LN2;
    }
    bImprovement = (nW / gWTotal) * (impurity - (wR / nW) * impR - (wL / nW) * impL);
  } else {
    let sumL: f64 = 0, sqL: f64 = 0;
    for (let p = start; p < pos; p++) {
      const s = i32at(l, p);
      const ws = f64at(gW, s);
      const y = f64at(gY, s);
      wL += ws;
      sumL += ws * y;
      sqL += ws * y * y;
    }
    const wR = nW - wL;
    const sumR = nSum - sumL, sqR = nSqSum - sqL;
    const mL = sumL / wL, mR = sumR / wR;
    impL = sqL / wL - mL * mL;
    impR = sqR / wR - mR * mR;
    if (gCrit == FRIEDMAN_MSE) {
      const diff = wR * sumL - wL * sumR;
      bImprovement = diff * diff / (wL * wR * nW);
    } else {
      bImprovement = (nW / gWTotal) * (impurity - (wR / nW) * impR - (wL / nW) * impL);
    }
  }
  bImpL = impL;
  bImpR = impR;
}

/** Appends a node; writes its value from the node totals (class weights, or the weighted mean). */
function addNode(parent: i32, isLeft: bool, isLeaf: bool, impurity: f64, nSamples: i32): i32 {
  const id = gNodes++;
  if (parent >= 0) seti32(isLeft ? oLeft : oRight, parent, id);
  if (isLeaf) {
    seti32(oFeat, id, UNDEFINED);
    setf64(oThr, id, <f64>UNDEFINED);
  } else {
    seti32(oFeat, id, bFeature);
    setf64(oThr, id, bThreshold);
  }
  seti32(oLeft, id, LEAF);
  seti32(oRight, id, LEAF);
  setf64(oImp, id, impurity);
  seti32(oN, id, nSamples);
  setf64(oWN, id, nW);
  if (gK > 0) {
    memory.copy(oVal + (<usize>id * <usize>gK << 3), gTotal, <usize>gK << 3);
  } else {
    setf64(oVal, id, nSum / nW);
  }
  return id;
}

/** Unsets a node's split (best-first: a node with a split that the leaf budget does not allow). */
function makeLeaf(id: i32): void {
  seti32(oFeat, id, UNDEFINED);
  setf64(oThr, id, <f64>UNDEFINED);
  seti32(oLeft, id, LEAF);
  seti32(oRight, id, LEAF);
}

/** Bytes of scratch `tree_build` needs: lists d·m, tmp m, flags n, the c·log c table (Σw ≤ 4n), features and constants d, stack/frontier cap records, class totals 2K. */
export function tree_work_bytes(n: i32, d: i32, m: i32, nClasses: i32, cap: i32): f64 {
  return <f64>d * m * 4 + <f64>m * 4 + <f64>n + 16 + <f64>(4 * n + 1) * 8 + 16 + <f64>d * 8 + <f64>(cap + 2) * FREC + <f64>(2 * nClasses + 2) * 8 + 64;
}

/**
 * Grows one tree. `order` holds every column's argsort over all n samples (tree_argsort); samples of
 * weight 0 are dropped from it. maxDepth < 0 means unlimited; maxLeafNodes > 0 grows best-first
 * (largest impurity decrease first) as scikit-learn does, else depth-first. `seed` is the 31-bit start
 * state of scikit-learn's rand_r stream. Returns the node count.
 */
function build<T>(
  xt: usize, n: i32, d: i32, y: usize, w: usize, order: usize, nClasses: i32, criterion: i32,
  maxDepth: i32, minSamplesSplit: i32, minSamplesLeaf: i32, minWeightLeaf: f64, minImpurityDecrease: f64,
  maxFeatures: i32, maxLeafNodes: i32, seed: u32, work: usize, out: usize, cap: i32,
): i32 {
  gXt = xt; gN = n; gD = d; gY = y; gW = w; gK = nClasses; gCrit = criterion;
  gMinLeaf = minSamplesLeaf; gMinWeightLeaf = minWeightLeaf; gMaxFeatures = maxFeatures;
  gRand = seed;
  gBestFirst = maxLeafNodes > 0;
  if (maxDepth < 0) maxDepth = i32.MAX_VALUE;

  // the samples with weight, in each column's order
  let m = 0;
  let wTotal: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ws = f64at(w, i);
    if (ws != 0) {
      m++;
      wTotal += ws;
    }
  }
  gM = m;
  gWTotal = wTotal;
  let p = work;
  gIdx = p; p += <usize>d * <usize>m << 2;
  gTmp = p; p += <usize>m << 2;
  gFlag = p; p += (<usize>n + 15) & ~15;
  gFeatures = p; p += <usize>d << 2;
  gConst = p; p += <usize>d << 2;
  gTotal = p; p += <usize>(nClasses + 1) << 3;
  gLeftC = p; p += <usize>(nClasses + 1) << 3;
  p = (p + 15) & ~15;
  // entropy: a table of c·log c for the integer counts 0..Σw when the weights are integers
  gLogTable = 0;
  if (criterion == ENTROPY) {
    let integral = true;
    for (let i = 0; i < n; i++) {
      const ws = f64at(w, i);
      if (ws != Math.floor(ws)) integral = false;
    }
    if (integral && wTotal <= <f64>n * 4) {
      gLogTable = p;
      const top = <i32>wTotal;
      for (let c = 0; c <= top; c++) setf64(p, c, xlogx(<f64>c));
      p += (<usize>(top + 1) << 3);
      p = (p + 15) & ~15;
    }
  }
  const recs = p;
  for (let f = 0; f < d; f++) {
    const src = order + (<usize>f * <usize>n << 2);
    const dst = list(f);
    if (m == n) {
      memory.copy(dst, src, <usize>n << 2);
    } else {
      let j = 0;
      for (let i = 0; i < n; i++) {
        const s = i32at(src, i);
        if (f64at(w, s) != 0) seti32(dst, j++, s);
      }
    }
    seti32(gFeatures, f, f);
    seti32(gConst, f, f);
  }

  oThr = out;
  oImp = oThr + (<usize>cap << 3);
  oWN = oImp + (<usize>cap << 3);
  oVal = oWN + (<usize>cap << 3);
  const nOut = nClasses > 0 ? nClasses : 1;
  oFeat = oVal + (<usize>cap * <usize>nOut << 3);
  oLeft = oFeat + (<usize>cap << 2);
  oRight = oLeft + (<usize>cap << 2);
  oN = oRight + (<usize>cap << 2);
  gNodes = 0;
  if (m == 0) return 0;

  if (maxLeafNodes > 0) return bestFirst<T>(maxDepth, minSamplesSplit, minWeightLeaf, minImpurityDecrease, maxLeafNodes, recs);

  // depth-first (a stack; the left child is popped first, so nodes are numbered in preorder)
  let sp = 0;
  pushRecord(recs, sp++, 0, m, 0, -1, 0, 0, 0, Infinity);
  let first = true;
  while (sp > 0) {
    const r = recs + <usize>(--sp) * REC;
    const start = load<i32>(r, R_START), end = load<i32>(r, R_END), depth = load<i32>(r, R_DEPTH);
    const parent = load<i32>(r, R_PARENT), isLeft = load<i32>(r, R_LEFT) != 0, nConst = load<i32>(r, R_NCONST);
    const fStats = load<i32>(r, R_FSTATS);
    let impurity = load<f64>(r, R_IMP);
    const nNode = end - start;
    nodeStats(fStats, start, end);
    let isLeaf = depth >= maxDepth || nNode < minSamplesSplit || nNode < 2 * minSamplesLeaf || nW < 2 * minWeightLeaf;
    if (first) {
      impurity = nodeImpurity();
      first = false;
    }
    isLeaf = isLeaf || impurity <= EPSILON;
    if (!isLeaf) {
      nodeSplit<T>(start, end, impurity, nConst);
      isLeaf = bPos >= end || bImprovement + EPSILON < minImpurityDecrease;
    }
    const id = addNode(parent, isLeft, isLeaf, impurity, nNode);
    if (!isLeaf) {
      const pos = bPos, f = bFeature, c = bNConst, iL = bImpL, iR = bImpR;
      pushRecord(recs, sp++, pos, end, depth + 1, id, 0, c, f, iR);
      pushRecord(recs, sp++, start, pos, depth + 1, id, 1, c, f, iL);
    }
  }
  return gNodes;
}

@inline function pushRecord(recs: usize, i: i32, start: i32, end: i32, depth: i32, parent: i32, isLeft: i32, nConst: i32, fStats: i32, impurity: f64): void {
  const r = recs + <usize>i * REC;
  store<i32>(r, start, R_START);
  store<i32>(r, end, R_END);
  store<i32>(r, depth, R_DEPTH);
  store<i32>(r, parent, R_PARENT);
  store<i32>(r, isLeft, R_LEFT);
  store<i32>(r, nConst, R_NCONST);
  store<i32>(r, fStats, R_FSTATS);
  store<f64>(r, impurity, R_IMP);
}

/**
 * Grows a node (scikit-learn's BestFirstTreeBuilder._add_split_node): adds it to the tree, finds its
 * split unless it is a leaf, and writes a frontier record.
 */
function addSplitNode<T>(
  rec: usize, start: i32, end: i32, impurity: f64, isFirst: bool, isLeft: bool, parent: i32, depth: i32, nConst: i32, fStats: i32,
  maxDepth: i32, minSamplesSplit: i32, minWeightLeaf: f64, minImpurityDecrease: f64,
): void {
  const nNode = end - start;
  nodeStats(fStats, start, end);
  let isLeaf = depth >= maxDepth || nNode < minSamplesSplit || nNode < 2 * gMinLeaf || nW < 2 * minWeightLeaf;
  if (isFirst) impurity = nodeImpurity();
  isLeaf = isLeaf || impurity <= EPSILON;
  if (!isLeaf) {
    nodeSplit<T>(start, end, impurity, nConst);
    isLeaf = bPos >= end || bImprovement + EPSILON < minImpurityDecrease;
  }
  const id = addNode(parent, isLeft, isLeaf, impurity, nNode);
  store<i32>(rec, id, R_NODE);
  store<i32>(rec, start, R_START);
  store<i32>(rec, end, R_END);
  store<i32>(rec, depth, R_DEPTH);
  store<i32>(rec, isLeaf ? 1 : 0, R_ISLEAF);
  store<f64>(rec, impurity, R_IMP);
  if (isLeaf) {
    store<i32>(rec, end, R_POS);
    store<f64>(rec, 0, R_IMPROVE);
    store<f64>(rec, impurity, R_IMPL);
    store<f64>(rec, impurity, R_IMPR);
    store<i32>(rec, nConst, R_NCONST);
    store<i32>(rec, fStats, R_FSTATS);
  } else {
    store<i32>(rec, bPos, R_POS);
    store<f64>(rec, bImprovement, R_IMPROVE);
    store<f64>(rec, bImpL, R_IMPL);
    store<f64>(rec, bImpR, R_IMPR);
    store<i32>(rec, bNConst, R_NCONST);
    store<i32>(rec, bFeature, R_FSTATS);
  }
}

/** A max-heap of frontier records by improvement, records moved by value. */
function heapPush(heap: usize, size: i32, tmp: usize): void {
  // the new record is at index `size`; sift it up
  let i = size;
  memory.copy(tmp, heap + <usize>i * FREC, FREC);
  const v = load<f64>(tmp, R_IMPROVE);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pr = heap + <usize>parent * FREC;
    if (!(load<f64>(pr, R_IMPROVE) < v)) break;
    memory.copy(heap + <usize>i * FREC, pr, FREC);
    i = parent;
  }
  memory.copy(heap + <usize>i * FREC, tmp, FREC);
}

/**
 * Moves the top record into `outRec` and restores the heap of size-1 records. libstdc++'s pop_heap
 * step for step (the hole goes down to a leaf along the larger child, right on ties, then the last
 * record climbs back up), so that records of equal improvement leave in scikit-learn's order.
 */
function heapPop(heap: usize, size: i32, outRec: usize): void {
  memory.copy(outRec, heap, FREC);
  const len = size - 1;
  if (len == 0) return;
  const value = heap + <usize>len * FREC;
  const v = load<f64>(value, R_IMPROVE);
  let hole = 0, second = 0;
  while (second < (len - 1) / 2) {
    second = 2 * (second + 1);
    if (load<f64>(heap + <usize>second * FREC, R_IMPROVE) < load<f64>(heap + <usize>(second - 1) * FREC, R_IMPROVE)) second--;
    memory.copy(heap + <usize>hole * FREC, heap + <usize>second * FREC, FREC);
    hole = second;
  }
  if ((len & 1) == 0 && second == (len - 2) / 2) {
    second = 2 * (second + 1);
    memory.copy(heap + <usize>hole * FREC, heap + <usize>(second - 1) * FREC, FREC);
    hole = second - 1;
  }
  let parent = (hole - 1) / 2;
  while (hole > 0 && load<f64>(heap + <usize>parent * FREC, R_IMPROVE) < v) {
    memory.copy(heap + <usize>hole * FREC, heap + <usize>parent * FREC, FREC);
    hole = parent;
    parent = (hole - 1) / 2;
  }
  memory.copy(heap + <usize>hole * FREC, value, FREC);
}

function bestFirst<T>(maxDepth: i32, minSamplesSplit: i32, minWeightLeaf: f64, minImpurityDecrease: f64, maxLeafNodes: i32, recs: usize): i32 {
  // recs: [0] and [1] are scratch records, the heap starts at [2]
  const cur = recs, tmp = recs + FREC;
  const heap = recs + 2 * FREC;
  let size = 0;
  let maxSplitNodes = maxLeafNodes - 1;
  addSplitNode<T>(heap, 0, gM, Infinity, true, false, -1, 0, 0, 0, maxDepth, minSamplesSplit, minWeightLeaf, minImpurityDecrease);
  heapPush(heap, size++, tmp);
  while (size > 0) {
    heapPop(heap, size--, cur);
    const id = load<i32>(cur, R_NODE);
    const depth = load<i32>(cur, R_DEPTH);
    if (load<i32>(cur, R_ISLEAF) != 0 || maxSplitNodes <= 0) {
      makeLeaf(id);
      continue;
    }
    maxSplitNodes--;
    const start = load<i32>(cur, R_START), end = load<i32>(cur, R_END), pos = load<i32>(cur, R_POS);
    const nConst = load<i32>(cur, R_NCONST), fStats = load<i32>(cur, R_FSTATS);
    const iL = load<f64>(cur, R_IMPL), iR = load<f64>(cur, R_IMPR);
    addSplitNode<T>(heap + <usize>size * FREC, start, pos, iL, false, true, id, depth + 1, 0, fStats, maxDepth, minSamplesSplit, minWeightLeaf, minImpurityDecrease);
    heapPush(heap, size++, tmp);
    addSplitNode<T>(heap + <usize>size * FREC, pos, end, iR, false, false, id, depth + 1, 0, fStats, maxDepth, minSamplesSplit, minWeightLeaf, minImpurityDecrease);
    heapPush(heap, size++, tmp);
  }
  return gNodes;
}

export function tree_build_f32(
  xt: usize, n: i32, d: i32, y: usize, w: usize, order: usize, nClasses: i32, criterion: i32,
  maxDepth: i32, minSamplesSplit: i32, minSamplesLeaf: i32, minWeightLeaf: f64, minImpurityDecrease: f64,
  maxFeatures: i32, maxLeafNodes: i32, seed: u32, work: usize, out: usize, cap: i32,
): i32 {
  return build<f32>(xt, n, d, y, w, order, nClasses, criterion, maxDepth, minSamplesSplit, minSamplesLeaf, minWeightLeaf, minImpurityDecrease, maxFeatures, maxLeafNodes, seed, work, out, cap);
}

export function tree_build_f64(
  xt: usize, n: i32, d: i32, y: usize, w: usize, order: usize, nClasses: i32, criterion: i32,
  maxDepth: i32, minSamplesSplit: i32, minSamplesLeaf: i32, minWeightLeaf: f64, minImpurityDecrease: f64,
  maxFeatures: i32, maxLeafNodes: i32, seed: u32, work: usize, out: usize, cap: i32,
): i32 {
  return build<f64>(xt, n, d, y, w, order, nClasses, criterion, maxDepth, minSamplesSplit, minSamplesLeaf, minWeightLeaf, minImpurityDecrease, maxFeatures, maxLeafNodes, seed, work, out, cap);
}

// ---- presorting ----

/** The bits of x as an unsigned integer that sorts like x (negative: all bits flipped; else the sign bit set). */
@inline function sortKey<T>(x: T): u64 {
  if (sizeof<T>() == 4) {
    const b = <u64>reinterpret<u32>(<f32>x);
    return (b & 0x80000000) ? (~b & 0xffffffff) : (b | 0x80000000);
  }
  const b = reinterpret<u64>(<f64>x);
  return (b & 0x8000000000000000) ? ~b : (b | 0x8000000000000000);
}

/**
 * order[f·n + k] = the sample with the k-th smallest value of column f (xt column-major, d×n).
 * LSD radix sort on order-preserving integer keys, one byte per pass (Knuth, TAOCP vol. 3 §5.2.5),
 * passes whose byte is the same for every key skipped: O(n) per column. It replaced an introsort on
 * (value, index) pairs that took 3× longer on 10 000 normal values. Ties keep index order (stable).
 * `scratch` holds 2n keys (u64), 2n indices (i32) and 8 histograms of 256 counts.
 */
function argsortColumns<T>(xt: usize, n: i32, d: i32, order: usize, scratch: usize): void {
  const bytes = sizeof<T>();
  const keyA = scratch, keyB = keyA + (<usize>n << 3);
  const idxA = keyB + (<usize>n << 3), idxB = idxA + (<usize>n << 2);
  const hist = (idxB + (<usize>n << 2) + 15) & ~15;
  for (let f = 0; f < d; f++) {
    const col = xt + <usize>f * <usize>n * bytes;
    memory.fill(hist, 0, <usize>bytes * 256 * 4);
    for (let i = 0; i < n; i++) {
      const k = sortKey<T>(load<T>(at<T>(col, i)));
      store<u64>(keyA + (<usize>i << 3), k);
      seti32(idxA, i, i);
      for (let b = 0; b < <i32>bytes; b++) {
        const h = hist + (<usize>(b * 256 + <i32>((k >> (<u64>b * 8)) & 255)) << 2);
        store<i32>(h, load<i32>(h) + 1);
      }
    }
    let srcK = keyA, srcI = idxA, dstK = keyB, dstI = idxB;
    for (let b = 0; b < <i32>bytes; b++) {
      const h = hist + (<usize>(b * 256) << 2);
      // skip a byte every key shares
      let trivial = false;
      for (let v = 0; v < 256; v++) {
        const c = i32at(h, v);
        if (c == n) trivial = true;
        if (c != 0) break;
      }
      if (trivial) continue;
      let sum = 0;
      for (let v = 0; v < 256; v++) {
        const c = i32at(h, v);
        seti32(h, v, sum);
        sum += c;
      }
      const shift = <u64>b * 8;
      for (let i = 0; i < n; i++) {
        const k = load<u64>(srcK + (<usize>i << 3));
        const slot = h + (<usize>(<i32>((k >> shift) & 255)) << 2);
        const pos = load<i32>(slot);
        store<i32>(slot, pos + 1);
        store<u64>(dstK + (<usize>pos << 3), k);
        seti32(dstI, pos, i32at(srcI, i));
      }
      let t = srcK; srcK = dstK; dstK = t;
      t = srcI; srcI = dstI; dstI = t;
    }
    memory.copy(order + (<usize>f * <usize>n << 2), srcI, <usize>n << 2);
  }
}

/** Bytes of scratch tree_argsort needs for n values. */
export function tree_argsort_bytes(n: i32): f64 {
  return <f64>n * 24 + 16 + 8 * 256 * 4;
}

export function tree_argsort_f32(xt: usize, n: i32, d: i32, order: usize, scratch: usize): void {
  argsortColumns<f32>(xt, n, d, order, scratch);
}

export function tree_argsort_f64(xt: usize, n: i32, d: i32, order: usize, scratch: usize): void {
  argsortColumns<f64>(xt, n, d, order, scratch);
}

// ---- prediction ----

/** The leaf of row `row` (x row-major, d columns) in the tree rooted at `root` (absolute child indices). */
@inline function leafOf<T>(row: usize, feature: usize, threshold: usize, left: usize, right: usize, root: i32): i32 {
  let node = root;
  let l = i32at(left, node);
  while (l >= 0) {
    const v = <f64>load<T>(at<T>(row, i32at(feature, node)));
    node = v <= f64at(threshold, node) ? l : i32at(right, node);
    l = i32at(left, node);
  }
  return node;
}

/**
 * out (n×nOut, f64) = the mean over the trees of each tree's leaf value for each row; with `normalize`,
 * each leaf's values are divided by their sum first (class weights → probabilities, as scikit-learn's
 * predict_proba). Node arrays hold every tree; roots[t] is tree t's root, child indices are absolute.
 */
function forestPredict<T>(
  x: usize, n: i32, d: i32, feature: usize, threshold: usize, left: usize, right: usize, value: usize, nOut: i32,
  roots: usize, nTrees: i32, normalize: i32, out: usize,
): void {
  memory.fill(out, 0, <usize>n * <usize>nOut << 3);
  const inv = 1.0 / <f64>nTrees;
  for (let t = 0; t < nTrees; t++) {
    const root = i32at(roots, t);
    for (let i = 0; i < n; i++) {
      const leaf = leafOf<T>(x + <usize>i * <usize>d * sizeof<T>(), feature, threshold, left, right, root);
      const v = value + (<usize>leaf * <usize>nOut << 3);
      const o = out + (<usize>i * <usize>nOut << 3);
      let scale = inv;
      if (normalize) {
        let s: f64 = 0;
        for (let k = 0; k < nOut; k++) s += f64at(v, k);
        if (s > 0) scale = inv / s;
      }
      for (let k = 0; k < nOut; k++) setf64(o, k, f64at(o, k) + f64at(v, k) * scale);
    }
  }
}

export function forest_predict_f32(x: usize, n: i32, d: i32, feature: usize, threshold: usize, left: usize, right: usize, value: usize, nOut: i32, roots: usize, nTrees: i32, normalize: i32, out: usize): void {
  forestPredict<f32>(x, n, d, feature, threshold, left, right, value, nOut, roots, nTrees, normalize, out);
}

export function forest_predict_f64(x: usize, n: i32, d: i32, feature: usize, threshold: usize, left: usize, right: usize, value: usize, nOut: i32, roots: usize, nTrees: i32, normalize: i32, out: usize): void {
  forestPredict<f64>(x, n, d, feature, threshold, left, right, value, nOut, roots, nTrees, normalize, out);
}

/** out[i·nTrees + t] = the leaf of row i in tree t, as an index local to that tree (node − roots[t]). */
function forestApply<T>(x: usize, n: i32, d: i32, feature: usize, threshold: usize, left: usize, right: usize, roots: usize, nTrees: i32, out: usize): void {
  for (let t = 0; t < nTrees; t++) {
    const root = i32at(roots, t);
    for (let i = 0; i < n; i++) {
      const leaf = leafOf<T>(x + <usize>i * <usize>d * sizeof<T>(), feature, threshold, left, right, root);
      seti32(out, i * nTrees + t, leaf - root);
    }
  }
}

export function forest_apply_f32(x: usize, n: i32, d: i32, feature: usize, threshold: usize, left: usize, right: usize, roots: usize, nTrees: i32, out: usize): void {
  forestApply<f32>(x, n, d, feature, threshold, left, right, roots, nTrees, out);
}

export function forest_apply_f64(x: usize, n: i32, d: i32, feature: usize, threshold: usize, left: usize, right: usize, roots: usize, nTrees: i32, out: usize): void {
  forestApply<f64>(x, n, d, feature, threshold, left, right, roots, nTrees, out);
}

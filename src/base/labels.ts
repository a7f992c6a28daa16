// Class labels: numbers or strings, kept in scikit-learn's order (np.unique: ascending numbers, or
// strings in code-unit order). Classifiers fit on the codes 0..k-1 and decode predictions back, so
// kernels only ever see integers. Every classifier uses these helpers, so that all of them agree on
// the order of `classes` (and thus of predictProba's columns).
import { ModelFormatError, ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { describe } from '../core/validate.js';
import { decodeArray, encodeArray } from '../io/format.js';

export type Label = number | string;
/** The sorted distinct labels: all numbers or all strings. */
export type Classes = number[] | string[];
/** Predicted labels, one per sample: a Float64Array for numeric classes, string[] for string classes. */
export type Labels = Float64Array | string[];

export interface EncodedLabels {
  classes: Classes;
  /** codes[i] = index of y[i] in classes. */
  codes: Int32Array;
}

function readLabelArray(y: unknown, n: number, name: string): ArrayLike<unknown> {
  if (y instanceof Matrix) {
    if (y.cols !== 1 && y.rows !== 1) throw new ShapeError(`${name}: expected one label per sample (a vector), got a ${y.rows}×${y.cols} Matrix`);
    // n < 0: any length (LabelEncoder, which has no X to match)
    if (n >= 0 && y.size !== n) throw new ShapeError(`${name}: expected ${n} labels (one per sample of X), got a ${y.rows}×${y.cols} Matrix`);
    return y.toTypedArray();
  }
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new ValidationError(`${name}: expected an array of labels (numbers or strings, one per sample), got ${describe(y)}`);
  const arr = y as ArrayLike<unknown>;
  if (arr.length !== n) throw new ShapeError(`${name}: expected ${n} labels (one per sample of X), got ${arr.length}`);
  return arr;
}

/** Sorts and indexes the labels y of n samples (n < 0: any count). ShapeError/ValidationError name `name`. */
export function encodeLabels(y: unknown, n: number, name = 'y'): EncodedLabels {
  const arr = readLabelArray(y, n, name);
  if (arr.length === 0) throw new ValidationError(`${name}: expected at least one label`);
  const kind = typeof arr[0];
  if (kind !== 'number' && kind !== 'string') throw new ValidationError(`${name}[0]: expected a number or a string label, got ${describe(arr[0])}`);
  const seen = new Map<Label, number>();
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== kind) throw new ValidationError(`${name}[${i}]: expected a ${kind} label like ${name}[0] (labels are all numbers or all strings), got ${describe(v)}`);
    if (kind === 'number' && !Number.isFinite(v)) throw new ValidationError(`${name}[${i}]: expected a finite label, got ${v}`);
    if (!seen.has(v as Label)) seen.set(v as Label, 0);
  }
  const classes = [...seen.keys()] as Label[];
  if (kind === 'number') (classes as number[]).sort((a, b) => a - b);
  else (classes as string[]).sort();
  classes.forEach((c, i) => seen.set(c, i));
  const codes = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) codes[i] = seen.get(arr[i] as Label)!;
  return { classes: classes as Classes, codes };
}

/**
 * Codes of y against known classes (for scoring and metrics); a label outside `classes` is a
 * ValidationError naming it.
 */
export function codesFor(y: unknown, classes: Classes, n: number, name = 'y'): Int32Array {
  const arr = readLabelArray(y, n, name);
  const index = new Map<Label, number>();
  (classes as Label[]).forEach((c, i) => index.set(c, i));
  const codes = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const c = index.get(arr[i] as Label);
    if (c === undefined) throw new ValidationError(`${name}[${i}]: label ${describe(arr[i])} is not one of the classes seen in fit (${(classes as Label[]).slice(0, 10).join(', ')}${classes.length > 10 ? ', …' : ''})`);
    codes[i] = c;
  }
  return codes;
}

/** Labels from codes: a Float64Array for numeric classes, a string[] for string classes. */
export function decodeLabels(codes: ArrayLike<number>, classes: Classes): Labels {
  if (typeof classes[0] === 'string') {
    const out: string[] = new Array(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i]] as string;
    return out;
  }
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i]] as number;
  return out;
}

/** `classes` for a model file: numbers as an encoded float64 array, strings as a JSON array. */
export function classesToJSON(classes: Classes): unknown {
  return typeof classes[0] === 'string' ? [...(classes as string[])] : encodeArray(Float64Array.from(classes as number[]));
}

/** Reads `classes` back from a model file: at least `min` distinct values, sorted, all one kind. */
export function classesFromJSON(value: unknown, field: string, min = 1): Classes {
  let classes: Classes;
  if (Array.isArray(value)) {
    if (value.length > 1 << 20) throw new ModelFormatError(`${field}: too many classes (${value.length})`);
    if (!value.every((v) => typeof v === 'string' && v.length <= 1 << 16)) throw new ModelFormatError(`${field}: expected an array of strings`);
    classes = value as string[];
  } else {
    classes = Array.from(decodeArray(value, field, 'float64', [-1]));
  }
  if (classes.length < min) throw new ModelFormatError(`${field}: expected at least ${min} classes, got ${classes.length}`);
  for (let i = 1; i < classes.length; i++) {
    if (!((classes as Label[])[i - 1] < (classes as Label[])[i])) throw new ModelFormatError(`${field}: classes must be distinct and sorted`);
  }
  return classes;
}

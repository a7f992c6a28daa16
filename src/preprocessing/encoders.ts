// Label and one-hot encoding. Categories are numbers or strings, sorted as scikit-learn does.
import { Matrix } from '../core/matrix.js';
import { ModelFormatError, NotFittedError, ShapeError, ValidationError } from '../errors.js';
import { describe } from '../core/validate.js';
import { readObject, envelope, type ModelJSON } from '../io/format.js';
import { registerModel } from '../io/load.js';
import { registerEstimator, Transformer, type CommonOptions } from '../base/estimator.js';
import { classesFromJSON, classesToJSON, codesFor, decodeLabels, encodeLabels, type Classes, type Labels } from '../base/labels.js';
import { readX, release } from '../base/input.js';
import { checkChoice } from '../base/params.js';
import { runtime } from '../runtime/load.js';

/**
 * Encodes labels as 0..k−1 (scikit-learn's LabelEncoder). It works on y (a vector of labels), not
 * on X, and holds no Wasm memory, so it is a plain helper rather than an Estimator: fit(y) →
 * classes; transform(y) → Int32Array codes; inverseTransform(codes) → labels.
 */
export class LabelEncoder {
  #classes: Classes | undefined;

  /** Learns the sorted distinct labels. Returns this. */
  fit(y: unknown): this {
    const n = (y as ArrayLike<unknown>)?.length;
    this.#classes = encodeLabels(y, typeof n === 'number' ? n : -1, 'y').classes;
    return this;
  }

  /** Index of every label in classes; an unseen label is a ValidationError. */
  transform(y: unknown): Int32Array {
    const classes = this.#fitted('transform');
    const n = (y as ArrayLike<unknown>)?.length;
    return codesFor(y, classes, typeof n === 'number' ? n : -1, 'y');
  }

  fitTransform(y: unknown): Int32Array {
    return this.fit(y).transform(y);
  }

  /** Labels of codes (integers in [0, classes.length)). */
  inverseTransform(codes: ArrayLike<number>): Labels {
    const classes = this.#fitted('inverseTransform');
    if (!Array.isArray(codes) && !ArrayBuffer.isView(codes)) throw new ValidationError(`codes: expected an array of integers, got ${describe(codes)}`);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (!Number.isInteger(c) || c < 0 || c >= classes.length) throw new ValidationError(`codes[${i}]: expected an integer in [0, ${classes.length}), got ${describe(c)}`);
    }
    return decodeLabels(codes, classes);
  }

  /** The sorted distinct labels (a copy). */
  get classes(): Classes {
    return [...this.#fitted('classes')] as Classes;
  }

  toJSON(): ModelJSON {
    return envelope('LabelEncoder', {}, this.#classes ? { classes: classesToJSON(this.#classes) } : null);
  }

  #fitted(what: string): Classes {
    if (!this.#classes) throw new NotFittedError(`LabelEncoder: ${what} is not available before fit(); call fit(y) first`);
    return this.#classes;
  }
}

registerModel('LabelEncoder', (model) => {
  readObject(model.params, 'model.params', []);
  const enc = new LabelEncoder();
  if (model.state !== null) {
    const state = readObject(model.state, 'model.state', ['classes']);
    const classes = classesFromJSON(state.classes, 'model.state.classes');
    enc.fit(classes);
  }
  return enc;
});

// ---- OneHotEncoder ----

export interface OneHotEncoderOptions {
  /** 'error' (default): an unseen category at transform is a ValidationError; 'ignore': its columns are all 0. */
  handleUnknown: 'error' | 'ignore';
}

interface OneHotState {
  nFeatures: number;
  /** Sorted categories per input feature. */
  categories: Classes[];
}

/** Reads categorical X: rows of numbers or strings (or a numeric Matrix). */
function readCategorical(X: unknown, name: string): { rows: (number | string)[][]; d: number } {
  if (X instanceof Matrix || (X !== null && typeof X === 'object' && !Array.isArray(X) && 'data' in X)) {
    const x = readX(runtime(), X, name);
    try {
      return { rows: x.matrix.toArray(), d: x.matrix.cols };
    } finally {
      release(x);
    }
  }
  if (!Array.isArray(X)) throw new ValidationError(`${name}: expected rows of categories (numbers or strings), got ${describe(X)}`);
  if (X.length === 0) throw new ValidationError(`${name}: expected at least one row, got an empty array`);
  if (!Array.isArray(X[0]) && !ArrayBuffer.isView(X[0])) throw new ShapeError(`${name}: expected a 2-D array (rows of categories), got ${describe(X[0])} in row 0`);
  const d = (X[0] as ArrayLike<unknown>).length;
  if (d === 0) throw new ValidationError(`${name}: expected at least one column, got rows of length 0`);
  const rows: (number | string)[][] = [];
  for (let i = 0; i < X.length; i++) {
    const r = X[i] as ArrayLike<unknown>;
    if ((!Array.isArray(r) && !ArrayBuffer.isView(r)) || r.length !== d) throw new ValidationError(`${name}: ragged rows: row ${i} is not an array of ${d} values (like row 0)`);
    const row: (number | string)[] = [];
    for (let j = 0; j < d; j++) {
      const v = r[j];
      if (typeof v === 'string') row.push(v);
      else if (typeof v === 'number' && Number.isFinite(v)) row.push(v);
      else throw new ValidationError(`${name}[${i}][${j}]: expected a finite number or a string category, got ${describe(v)}`);
    }
    rows.push(row);
  }
  return { rows, d };
}

/** One column of 0/1 per (feature, category) pair (scikit-learn's OneHotEncoder, dense output). */
export class OneHotEncoder extends Transformer<OneHotEncoderOptions, OneHotState> {
  static readonly kind = 'OneHotEncoder';
  static readonly task = 'transformer';
  static readonly defaults: OneHotEncoderOptions = { handleUnknown: 'error' };

  constructor(options?: Partial<OneHotEncoderOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: OneHotEncoderOptions): void {
    checkChoice(p.handleUnknown, this.kind, 'handleUnknown', ['error', 'ignore']);
  }

  /** Learns the categories of every column of X (rows of numbers or strings). Returns this. */
  fit(X: unknown, _y?: unknown): this {
    this.params();
    this.rt();
    const { rows, d } = readCategorical(X, 'X');
    const categories: Classes[] = [];
    for (let j = 0; j < d; j++) categories.push(encodeLabels(rows.map((r) => r[j]), rows.length, `X[:, ${j}]`).classes);
    return this.commit({ nFeatures: d, categories });
  }

  /** The n×Σ|categories| indicator matrix (a new Matrix). */
  transform(X: unknown): Matrix {
    const state = this.fitted('transform');
    const ignore = this.getParams().handleUnknown === 'ignore';
    const { rows, d } = readCategorical(X, 'X');
    if (d !== state.nFeatures) throw new ShapeError(`X: expected ${state.nFeatures} features per sample (as in fit), got ${d}`);
    const offsets: number[] = [];
    let m = 0;
    const index = state.categories.map((cats) => {
      offsets.push(m);
      m += cats.length;
      return new Map<number | string, number>((cats as (number | string)[]).map((c, i) => [c, i]));
    });
    const out = Matrix.alloc(this.rt(), rows.length, m, 'float64');
    const data = out.data;
    data.fill(0);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < d; j++) {
        const c = index[j].get(rows[i][j]);
        if (c === undefined) {
          if (ignore) continue;
          out.dispose();
          throw new ValidationError(`X[${i}][${j}]: unknown category ${describe(rows[i][j])} (not seen in fit); use handleUnknown: 'ignore' to encode it as all zeros`);
        }
        data[i * m + offsets[j] + c] = 1;
      }
    }
    return out;
  }

  /** The sorted categories of every input feature (copies). */
  get categories(): Classes[] {
    return this.fitted('categories').categories.map((c) => [...c] as Classes);
  }

  /** Output column names 'x0_a', 'x1_3', … (or from inputFeatures). */
  getFeatureNamesOut(inputFeatures?: string[]): string[] {
    const s = this.fitted('getFeatureNamesOut');
    const names = inputFeatures ?? Array.from({ length: s.nFeatures }, (_, j) => `x${j}`);
    if (!Array.isArray(names) || names.length !== s.nFeatures) throw new ValidationError(`inputFeatures: expected ${s.nFeatures} names`);
    return s.categories.flatMap((cats, j) => (cats as (number | string)[]).map((c) => `${names[j]}_${c}`));
  }

  protected saveState(s: OneHotState): Record<string, unknown> {
    return { categories: s.categories.map(classesToJSON) };
  }

  protected loadState(s: Record<string, unknown>, nFeatures: number): OneHotState {
    for (const key of Object.keys(s)) if (key !== 'categories') throw new ModelFormatError(`model.state: unknown key "${key}"`);
    if (!Array.isArray(s.categories) || s.categories.length !== nFeatures) throw new ModelFormatError(`model.state.categories: expected ${nFeatures} category lists`);
    const categories = s.categories.map((c, j) => classesFromJSON(c, `model.state.categories[${j}]`));
    const total = categories.reduce((a, c) => a + c.length, 0);
    if (total > 1 << 20) throw new ModelFormatError(`model.state.categories: ${total} output columns is too many`);
    return { nFeatures, categories };
  }
}

registerEstimator(OneHotEncoder);

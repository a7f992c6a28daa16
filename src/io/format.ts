// The model file format shared by every estimator and network: `toJSON()` writes it, `wl.load()` reads it.
// A model file is untrusted input, so reading is defensive: every field is checked for type, range and
// shape before anything is allocated, unknown or prototype-polluting keys are refused, and every failure
// is a ModelFormatError that names the field. Arrays travel as base64 little-endian bytes, not decimal
// text: exact, and about a third of the size.
import { ModelFormatError } from '../errors.js';

export const FORMAT = 'wasmlearn';
/** The newest format version this build reads and writes. */
export const FORMAT_VERSION = 1;

/** The envelope of every saved model. `params` are constructor options; `state` is the fitted state. */
export interface ModelJSON {
  format: typeof FORMAT;
  version: number;
  kind: string;
  params: Record<string, unknown>;
  state: Record<string, unknown> | null;
}

export type ArrayDType = 'float64' | 'float32' | 'int32';
type TypedArrayOf<D extends ArrayDType> = D extends 'float64' ? Float64Array : D extends 'float32' ? Float32Array : Int32Array;

/** An array in a model file: dtype, shape, and the little-endian bytes in base64. */
export interface EncodedArray {
  dtype: ArrayDType;
  shape: number[];
  data: string;
}

// No model needs more elements than this in one array (2^28 float64 = 2 GiB, beyond wasm32's reach):
// a file that claims more is refused before anything is allocated.
const MAX_ELEMENTS = 2 ** 28;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Encodes a typed array with its shape (default: one dimension). */
export function encodeArray(values: Float64Array | Float32Array | Int32Array, shape: number[] = [values.length]): EncodedArray {
  const dtype: ArrayDType = values instanceof Float64Array ? 'float64' : values instanceof Float32Array ? 'float32' : 'int32';
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return { dtype, shape: shape.slice(), data: toBase64(littleEndian ? bytes : swapped(bytes, values.BYTES_PER_ELEMENT)) };
}

/**
 * Decodes and checks an encoded array: its dtype must be `dtype`, its shape `shape` when given
 * (a -1 entry matches any length), every value finite. Throws ModelFormatError naming `field`.
 */
export function decodeArray<D extends ArrayDType>(value: unknown, field: string, dtype: D, shape?: number[]): TypedArrayOf<D> {
  const obj = readObject(value, field, ['dtype', 'shape', 'data']);
  if (obj.dtype !== dtype) throw new ModelFormatError(`${field}.dtype: expected '${dtype}', got ${describe(obj.dtype)}`);
  const dims = obj.shape;
  if (!Array.isArray(dims) || dims.length < 1 || dims.length > 4 || !dims.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ModelFormatError(`${field}.shape: expected 1 to 4 non-negative integers, got ${describe(dims)}`);
  }
  if (shape) {
    const fits = shape.length === dims.length && shape.every((d, i) => d === -1 || d === dims[i]);
    if (!fits) throw new ModelFormatError(`${field}.shape: expected [${shape.join(', ')}], got [${dims.join(', ')}]`);
  }
  const length = (dims as number[]).reduce((a, b) => a * b, 1);
  if (length > MAX_ELEMENTS) throw new ModelFormatError(`${field}.shape: [${dims.join(', ')}] is too large (more than ${MAX_ELEMENTS} elements)`);
  if (typeof obj.data !== 'string') throw new ModelFormatError(`${field}.data: expected a base64 string, got ${describe(obj.data)}`);
  const itemBytes = dtype === 'float64' ? 8 : 4;
  // Check the encoded length first, so that a huge string is never decoded for a small shape.
  const expectedChars = 4 * Math.ceil((length * itemBytes) / 3);
  if (obj.data.length !== expectedChars) {
    throw new ModelFormatError(`${field}.data: expected ${length} ${dtype} values (${expectedChars} base64 characters), got ${obj.data.length} characters`);
  }
  let bytes = fromBase64(obj.data, field);
  if (!littleEndian) bytes = swapped(bytes, itemBytes);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const out = (dtype === 'float64' ? new Float64Array(buffer) : dtype === 'float32' ? new Float32Array(buffer) : new Int32Array(buffer)) as TypedArrayOf<D>;
  if (dtype !== 'int32') {
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) throw new ModelFormatError(`${field}: value ${i} is ${out[i]}; a model holds finite numbers only`);
    }
  }
  return out;
}

/** The envelope for a model of `kind`. */
export function envelope(kind: string, params: Record<string, unknown>, state: Record<string, unknown> | null): ModelJSON {
  return { format: FORMAT, version: FORMAT_VERSION, kind, params, state };
}

/** Parses a model file (a JSON string or an already parsed object) and checks its envelope. */
export function readEnvelope(json: unknown): ModelJSON {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ModelFormatError(`model: not valid JSON (${(error as Error).message})`);
    }
  }
  const obj = readObject(value, 'model', ['format', 'version', 'kind', 'params', 'state']);
  if (obj.format !== FORMAT) throw new ModelFormatError(`model.format: expected '${FORMAT}', got ${describe(obj.format)}`);
  if (!Number.isInteger(obj.version) || (obj.version as number) < 1) {
    throw new ModelFormatError(`model.version: expected a positive integer, got ${describe(obj.version)}`);
  }
  if ((obj.version as number) > FORMAT_VERSION) {
    throw new ModelFormatError(`model.version: ${obj.version} is newer than this wasmlearn reads (${FORMAT_VERSION}); upgrade wasmlearn`);
  }
  if (typeof obj.kind !== 'string') throw new ModelFormatError(`model.kind: expected a string, got ${describe(obj.kind)}`);
  const params = readObject(obj.params, 'model.params');
  const state = obj.state === null ? null : readObject(obj.state, 'model.state');
  return { format: FORMAT, version: obj.version as number, kind: obj.kind, params, state };
}

/**
 * A plain object (not an array, not null) whose keys are all in `allowed` when given, and none of
 * which is `__proto__`, `constructor` or `prototype`. Missing keys read as undefined.
 */
export function readObject(value: unknown, field: string, allowed?: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelFormatError(`${field}: expected an object, got ${describe(value)}`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new ModelFormatError(`${field}: expected a plain object`);
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ModelFormatError(`${field}: the key "${key}" is not allowed in a model file`);
    if (allowed && !allowed.includes(key)) throw new ModelFormatError(`${field}: unknown key "${key}"; expected ${allowed.join(', ')}`);
    out[key] = (value as Record<string, unknown>)[key];
  }
  return out;
}

/** A number from a model file: finite, an integer when asked, in [min, max]. */
export function readNumber(value: unknown, field: string, { integer = false, min = -Infinity, max = Infinity } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? 'an integer' : 'a finite number';
    const range = min === -Infinity && max === Infinity ? '' : ` in [${min}, ${max}]`;
    throw new ModelFormatError(`${field}: expected ${kind}${range}, got ${describe(value)}`);
  }
  return value;
}

/** A string from a model file, one of `choices` when given. */
export function readString<S extends string>(value: unknown, field: string, choices?: readonly S[]): S {
  if (typeof value !== 'string' || (choices && !choices.includes(value as S))) {
    throw new ModelFormatError(`${field}: expected ${choices ? 'one of ' + choices.map((c) => `'${c}'`).join(', ') : 'a string'}, got ${describe(value)}`);
  }
  return value as S;
}

// ---- base64 without Buffer (the SDK runs in browsers and workers too) ----

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    chunk += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? ALPHABET[n & 63] : '=');
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

function fromBase64(text: string, field: string): Uint8Array {
  if (text.length % 4 !== 0) throw new ModelFormatError(`${field}.data: base64 length must be a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const isPad = c === 61 && i + 4 === text.length && j >= 4 - padding;
      const v = isPad ? 0 : c < 128 ? LOOKUP[c] : -1;
      if (v < 0) throw new ModelFormatError(`${field}.data: invalid base64 character at ${i + j}`);
      n = (n << 6) | v;
    }
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j];
  return out;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

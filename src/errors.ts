// Every error wasmlearn throws. Messages name the argument or option and what was expected,
// so that a user can fix the call from the message alone.

/** Base class of every error thrown by wasmlearn. */
export class WasmlearnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An API was used before `await wl.init()` resolved. */
export class NotInitializedError extends WasmlearnError {
  constructor(what = 'this function') {
    super(`wasmlearn is not initialized: ${what} needs the WebAssembly module. Call \`await wl.init()\` once before using the library.`);
  }
}

/** Bad values: NaN/±Infinity, empty input, ragged rows, non-numeric cells, unknown dtype. */
export class ValidationError extends WasmlearnError {}

/** Dimensions that do not fit together. */
export class ShapeError extends ValidationError {}

/** An unknown option, or an option out of range. */
export class InvalidParameterError extends WasmlearnError {}

/** `predict`, `transform` or a fitted attribute was used before `fit`. */
export class NotFittedError extends WasmlearnError {}

/** A disposed Matrix, estimator or network was used. */
export class DisposedError extends WasmlearnError {}

/** `wl.load` was given something that is not a valid model of a known kind and version. */
export class ModelFormatError extends WasmlearnError {}

/** The WebAssembly memory cannot hold the request. The instance stays usable. */
export class OutOfMemoryError extends WasmlearnError {}

/** The WebAssembly module could not be loaded or instantiated in this runtime. */
export class LoadError extends WasmlearnError {}

/**
 * A bug in wasmlearn, not in the caller's input: a WebAssembly trap inside a kernel or the allocator
 * (e.g. "memory access out of bounds"), or heap bookkeeping that no longer adds up. The message says
 * so; please report it with the call that caused it. The instance may be unusable afterwards.
 */
export class InternalError extends WasmlearnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`wasmlearn internal error (a bug in wasmlearn, not in your input; please report it): ${message}`);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

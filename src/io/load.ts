// `wl.load`: one entry point for every saved estimator and network. Each model family registers a
// reader for its kind when its module is evaluated; the reader receives a checked envelope and must
// check its own params and state (src/io/format.ts has the readers) before allocating anything.
import { ModelFormatError } from '../errors.js';
import { readEnvelope, type ModelJSON } from './format.js';

export type ModelReader = (model: ModelJSON) => unknown;

const readers = new Map<string, ModelReader>();

/** Registers the reader for models of `kind` (a class name such as 'KMeans'). */
export function registerModel(kind: string, reader: ModelReader): void {
  readers.set(kind, reader);
}

/** The kinds `wl.load` can read, sorted. */
export function modelKinds(): string[] {
  return [...readers.keys()].sort();
}

/**
 * Rebuilds an estimator or network from `toJSON()` output (an object or its JSON text). A model file
 * is untrusted input: anything malformed — wrong kind or version, truncated or oversized arrays,
 * NaN weights, unexpected keys — throws ModelFormatError before any memory is allocated.
 */
export function load(json: unknown): any {
  const model = readEnvelope(json);
  const reader = readers.get(model.kind); // a Map: 'toString' or '__proto__' find nothing
  if (!reader) throw new ModelFormatError(`model.kind: unknown kind ${JSON.stringify(model.kind.slice(0, 60))}; expected one of ${modelKinds().join(', ') || '(none registered)'}`);
  return reader(model);
}

// Ownership of heap blocks: scope(fn) frees every tracked object created while fn runs, except
// those it returns (or keep()s); they move to the enclosing scope. A FinalizationRegistry frees
// blocks whose owner was garbage-collected undisposed: a safety net, not the plan (it may run late
// or never).
import type { Heap } from './heap.js';

/** Anything that owns heap memory. */
export interface Disposable {
  dispose(): void;
  readonly disposed: boolean;
}

const stack: Set<Disposable>[] = [];

/** Records a new owner in the innermost open scope. */
export function track<T extends Disposable>(owner: T): T {
  stack[stack.length - 1]?.add(owner);
  return owner;
}

/** Takes `owner` out of every open scope so that no scope frees it. Returns it. */
export function keep<T extends Disposable>(owner: T): T {
  for (const s of stack) s.delete(owner);
  return owner;
}

/**
 * Runs `fn` and frees every Matrix (or other owner) it created, except what it returns: a
 * Matrix, or arrays / plain objects holding them. Works for async `fn`: the scope stays open until
 * the promise settles (objects created by other code running concurrently in that time are
 * counted to the innermost open scope, so do not interleave async scopes).
 */
export function scope<R>(fn: () => R): R {
  const frame = new Set<Disposable>();
  stack.push(frame);
  let result: R;
  try {
    result = fn();
  } catch (error) {
    close(frame, undefined);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        close(frame, value);
        return value;
      },
      (error) => {
        close(frame, undefined);
        throw error;
      },
    ) as R;
  }
  close(frame, result);
  return result;
}

function close(frame: Set<Disposable>, result: unknown): void {
  const index = stack.lastIndexOf(frame);
  if (index >= 0) stack.splice(index, 1);
  const kept = new Set<Disposable>();
  collect(result, kept, 0);
  const parent = stack[index - 1];
  for (const owner of frame) {
    if (kept.has(owner)) parent?.add(owner);
    else if (!owner.disposed) owner.dispose();
  }
}

/** Finds owners inside a returned value: the value itself, arrays, Maps/Sets and plain objects. */
function collect(value: unknown, out: Set<Disposable>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (typeof (value as Disposable).dispose === 'function' && 'disposed' in (value as object)) {
    out.add(value as Disposable);
    return;
  }
  if (Array.isArray(value) || value instanceof Set) {
    for (const v of value) collect(v, out, depth + 1);
  } else if (value instanceof Map) {
    for (const v of value.values()) collect(v, out, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, out, depth + 1);
  }
}

/** Frees a block when its owner is garbage-collected without dispose(). */
const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<{ heap: Heap; ptr: number }>(({ heap, ptr }) => heap.free(ptr))
    : undefined;

export function guard(owner: object, heap: Heap, ptr: number): void {
  registry?.register(owner, { heap, ptr }, owner);
}

export function unguard(owner: object): void {
  registry?.unregister(owner);
}

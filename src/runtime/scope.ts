// Ownership of heap blocks: scope(fn) frees every tracked object created while fn runs, except
// those it returns (or keep()s); they move to the enclosing scope. A FinalizationRegistry frees
// blocks whose owner was garbage-collected undisposed: a safety net, not the plan (it may run late
// or never).
//
// Which scope created an object is known exactly only while code runs synchronously: the stack
// below holds the scopes whose callback is executing right now. After an `await`, other code (a
// second async scope, a timer) may run in between, so an async scope stops collecting implicitly
// at its first `await` and collects only what its callback hands to `track` from then on. Two
// async scopes running concurrently therefore never free each other's matrices.
import { InvalidParameterError } from '../errors.js';
import type { Heap } from './heap.js';

/** Anything that owns heap memory. */
export interface Disposable {
  dispose(): void;
  readonly disposed: boolean;
}

/** Adds `owner` to the scope it is called for; returns it. */
export type Tracker = <T extends Disposable>(owner: T) => T;

interface Frame {
  owners: Set<Disposable>;
  /** The scope that was innermost when this one opened (receives what this one returns). */
  parent: Frame | undefined;
  closed: boolean;
}

/** Scopes whose callback is running synchronously now, innermost last. */
const stack: Frame[] = [];
/** Async scopes waiting for their promise (no longer on the stack). */
const waiting = new Set<Frame>();

/** Records a new owner in the innermost scope whose callback is running synchronously. */
export function track<T extends Disposable>(owner: T): T {
  stack[stack.length - 1]?.owners.add(owner);
  return owner;
}

/** Takes `owner` out of every open scope so that no scope frees it. Returns it. */
export function keep<T extends Disposable>(owner: T): T {
  for (const f of stack) f.owners.delete(owner);
  for (const f of waiting) f.owners.delete(owner);
  return owner;
}

/**
 * Runs `fn` and frees every Matrix (or other owner) it created, except what it returns: the value
 * itself or anything reachable from it (arrays, plain objects, Maps — keys and values — and Sets,
 * at any depth, cycles included). Returned owners move to the enclosing scope.
 *
 * Async `fn`: what it creates before its first `await` is collected as above; after that, pass
 * each new Matrix you want freed to the tracker `fn` receives (`wl.scope(async (track) => { …
 * const t = track(wl.matmul(a, b)); … })`). The scope frees what it collected once the promise
 * settles, except what the promise's value reaches, and never frees objects created by other
 * code running concurrently (another async scope's results included).
 */
export function scope<R>(fn: (track: Tracker) => R): R {
  if (typeof fn !== 'function') {
    throw new InvalidParameterError(`wl.scope: expected a function to run, got ${fn === null ? 'null' : typeof fn}`);
  }
  const frame: Frame = { owners: new Set(), parent: stack[stack.length - 1], closed: false };
  const tracker: Tracker = (owner) => {
    if (frame.closed) return owner; // the scope is over: the owner belongs to whoever holds it
    keep(owner);
    frame.owners.add(owner);
    return owner;
  };
  stack.push(frame);
  let result: R;
  try {
    result = fn(tracker);
  } catch (error) {
    unstack(frame);
    close(frame, undefined);
    throw error;
  }
  unstack(frame);
  if (isThenable(result)) {
    waiting.add(frame);
    return Promise.resolve(result).then(
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

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';
}

function unstack(frame: Frame): void {
  const index = stack.lastIndexOf(frame);
  if (index >= 0) stack.splice(index, 1);
}

function close(frame: Frame, result: unknown): void {
  if (frame.closed) return;
  frame.closed = true;
  waiting.delete(frame);
  const kept = reachable(result);
  // The parent may be a scope that has closed meanwhile (an async child outliving it): then the
  // kept owners simply belong to whoever holds the result.
  let parent = frame.parent;
  while (parent?.closed) parent = parent.parent;
  for (const owner of frame.owners) {
    if (kept.has(owner)) parent?.owners.add(owner);
    else if (!owner.disposed) owner.dispose();
  }
}

/** Every owner reachable from a value through arrays, Sets, Maps (keys and values) and plain objects. */
function reachable(root: unknown): Set<Disposable> {
  const out = new Set<Disposable>();
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const value = todo.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (typeof (value as Disposable).dispose === 'function' && 'disposed' in value) {
      out.add(value as Disposable);
      continue;
    }
    if (ArrayBuffer.isView(value)) continue;
    if (Array.isArray(value) || value instanceof Set) {
      for (const v of value) todo.push(v);
    } else if (value instanceof Map) {
      for (const [k, v] of value) todo.push(k, v);
    } else {
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) for (const v of Object.values(value)) todo.push(v);
    }
  }
  return out;
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

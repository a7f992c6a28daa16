// The recording hook of automatic differentiation (src/autograd). While wl.autograd.valueAndGrad
// runs its function, `tape` holds a recorder and every differentiable op reports what it computed
// with one line: `if (tape !== null) tape.record('add', [A, B], out);`. Otherwise `tape` is null and
// that line is the whole cost. Core only defines the hook; the gradients live in src/autograd.
import type { Matrix } from './matrix.js';

/** What an op reports: its name, its operands (numbers are constants), its result, and what the gradient needs. */
export interface Recorder {
  record(op: string, inputs: readonly unknown[], output: Matrix | number, attrs?: Readonly<Record<string, unknown>>): void;
}

/** The recorder of the running valueAndGrad, or null when nothing is being recorded. */
export let tape: Recorder | null = null;

/** @internal Installs a recorder (or null); returns the previous one. */
export function setTape(recorder: Recorder | null): Recorder | null {
  const previous = tape;
  tape = recorder;
  return previous;
}

// Hyper-parameter checks. Constructors only store options (an unknown name is refused at once, as a
// typo would otherwise be silently ignored); values are checked at fit, as scikit-learn does, so that
// setParams() can change several related options in any order. Every error names the estimator and
// the option.
import { InvalidParameterError } from '../errors.js';
import { describe } from '../core/validate.js';

/** Throws InvalidParameterError naming `owner.name` unless `ok`. */
function fail(owner: string, name: string, expected: string, value: unknown): never {
  throw new InvalidParameterError(`${owner}: option "${name}" must be ${expected}, got ${describe(value)}`);
}

/** A finite number in the interval given by min/max (open ends with minOpen/maxOpen). */
export function checkReal(
  value: unknown,
  owner: string,
  name: string,
  { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false }: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean } = {},
): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
  if (!ok) {
    const lo = min === -Infinity ? '' : `${minOpen ? '>' : '>='} ${min}`;
    const hi = max === Infinity ? '' : `${maxOpen ? '<' : '<='} ${max}`;
    fail(owner, name, `a finite number${lo || hi ? ' ' + [lo, hi].filter(Boolean).join(' and ') : ''}`, value);
  }
  return value as number;
}

/** An integer in [min, max]. */
export function checkInt(value: unknown, owner: string, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(owner, name, `an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`}`, value);
  }
  return value;
}

/** true or false. */
export function checkBool(value: unknown, owner: string, name: string): boolean {
  if (typeof value !== 'boolean') fail(owner, name, 'true or false', value);
  return value;
}

/** One of the listed strings. */
export function checkChoice<S extends string>(value: unknown, owner: string, name: string, choices: readonly S[]): S {
  if (typeof value !== 'string' || !choices.includes(value as S)) fail(owner, name, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  return value as S;
}

/** A seed: undefined (fresh randomness) or an integer. */
export function checkSeed(value: unknown, owner: string, name = 'seed'): number | undefined {
  if (value === undefined || value === null) return undefined;
  return checkInt(value, owner, name, -(2 ** 53), 2 ** 53);
}

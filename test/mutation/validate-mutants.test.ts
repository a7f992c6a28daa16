// Tests written for mutants of src/core/validate.ts and src/runtime/scope.ts that the area test files let
// survive (npm run mutate:src): every branch of the option and integer checks, at its boundaries.
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

const wl = await getWl();

describe('option objects (checkOptions)', () => {
  it.each([
    ['null', null],
    ['a number', 3],
    ['a string', 'float32'],
    ['an array', ['dtype']],
  ])('rejects %s in place of an options object, naming the function', (_, options) => {
    expect(() => wl.matrix([[1]], options as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.matrix([[1]], options as never)).toThrow(/^wl\.matrix: expected an options object/);
  });

  it('accepts undefined and {} as "no options", and lists the allowed keys for an unknown one', () => {
    expect(wl.matrix([[1, 2]], undefined).toArray()).toEqual([[1, 2]]);
    expect(wl.matrix([[1, 2]], {}).dtype).toBe('float64');
    expect(() => wl.matrix([[1]], { dtyp: 'float32' } as never)).toThrow('wl.matrix: unknown option "dtyp"; expected one of dtype, rows, cols');
  });

  it('rejects an option given as null, naming it', () => {
    expect(() => wl.diag(wl.eye(2), { k: null } as never)).toThrow('wl.diag: option "k" is null');
  });
});

describe('integers (checkInteger)', () => {
  it('accepts both ends of the range and rejects one past each, with the range in the message', () => {
    const a = wl.eye(3);
    expect(wl.diag(a, { k: 2 ** 30 }).size).toBe(0);
    expect(wl.diag(a, { k: -(2 ** 30) }).size).toBe(0);
    expect(() => wl.diag(a, { k: 2 ** 30 + 1 })).toThrow(`k: expected an integer in [${-(2 ** 30)}, ${2 ** 30}], got ${2 ** 30 + 1}`);
    expect(() => wl.diag(a, { k: -(2 ** 30) - 1 })).toThrow(wl.InvalidParameterError);
    expect(() => wl.diag(a, { k: 0.5 })).toThrow(/k: expected an integer/);
    expect(() => wl.diag(a, { k: '1' as never })).toThrow(/k: expected an integer/);
  });

  it('zeros(0, n) is allowed (min 0 inclusive) and -1 is not, with ">= 0" in the message', () => {
    expect(wl.zeros(0, 3).shape).toEqual([0, 3]);
    expect(() => wl.zeros(-1, 3)).toThrow('rows: expected an integer >= 0, got -1');
    expect(() => wl.zeros(2, NaN)).toThrow(/cols: expected an integer >= 0/);
  });
});

// What a user sees first: console.log(m), util.inspect(m), String(m) show the values like NumPy
// (shape, dtype, rows; the corners of a large matrix), never the runtime internals.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

describe('Matrix display', () => {
  it('String(m) and util.inspect(m) show shape, dtype and the values', async () => {
    const wl = await getWl();
    const A = wl.matrix([[1, 2.5, -3], [0.1, 5, 1e20]]);
    const expected = 'Matrix(2×3, float64)\n[[    1,   2.5,    -3],\n [  0.1,     5, 1e+20]]';
    expect(String(A)).toBe(expected);
    expect(`${A}`).toBe(expected);
    expect(inspect(A)).toBe(expected);
    expect(inspect({ A })).toContain('Matrix(2×3, float64)');
    expect(inspect(A)).not.toMatch(/runtime|kernels|heap/);
    const F = wl.matrix([[Math.PI, -1e-7]], { dtype: 'float32' });
    expect(String(F)).toBe('Matrix(1×2, float32)\n[[3.1415927,     -1e-7]]'); // 8 significant digits, as NumPy
    const E = wl.zeros(0, 4);
    expect(String(E)).toBe('Matrix(0×4, float64) []');
    A.dispose();
    expect(String(A)).toBe('Matrix(2×3, float64, disposed)');
    F.dispose();
    E.dispose();
  });

  it('a matrix of more than 1000 elements shows its corners, NumPy-style', async () => {
    const wl = await getWl();
    const M = wl.matrix({ data: Array.from({ length: 40 * 30 }, (_, i) => i), rows: 40, cols: 30 });
    const lines = String(M).split('\n');
    expect(lines[0]).toBe('Matrix(40×30, float64)');
    expect(lines.length).toBe(1 + 7); // 3 rows, '...', 3 rows
    expect(lines[1]).toMatch(/^\[\[\s*0,\s+1,\s+2,\s+\.\.\.,\s+27,\s+28,\s+29\],$/);
    expect(lines[4]).toBe(' ...,');
    expect(lines[7]).toMatch(/^ \[\s*1170,\s+1171,\s+1172,\s+\.\.\.,\s+1197,\s+1198,\s+1199\]\]$/);
    const small = wl.ones(10, 100); // exactly 1000 elements: printed in full
    expect(String(small).split('\n').length).toBe(11);
    M.dispose();
    small.dispose();
  });

  it('[Symbol.dispose] frees the matrix (what `using` calls)', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const m = wl.zeros(2, 2);
    const key = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
    (m as unknown as Record<symbol, () => void>)[key]();
    expect(m.disposed).toBe(true);
    expect(wl.memory().blocksInUse).toBe(base);
  });
});

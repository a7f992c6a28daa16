// `export *` in assembly/index.ts silently keeps only one of two kernels with the same name (the
// first file wins), so a clash corrupts memory at run time instead of failing the build. Check it here.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('no two assembly files export a function of the same name', () => {
  const dir = new URL('../../assembly/', import.meta.url);
  const owners = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const m of text.matchAll(/^export function (\w+)/gm)) owners.set(m[1], [...(owners.get(m[1]) ?? []), file]);
  }
  const clashes = [...owners].filter(([, files]) => files.length > 1).map(([name, files]) => `${name}: ${files.join(', ')}`);
  expect(clashes).toEqual([]);
});

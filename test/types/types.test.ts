// The published declarations type-check in a consumer under strict, lib ES2022 (no DOM), @types/node
// and no skipLibCheck; `using` works on a Matrix; `norm(A, 3)` is a type error (test/types/consumer.ts).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bin } from '../helpers';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('published types', () => {
  it('a strict ES2022 + @types/node consumer type-checks without skipLibCheck', () => {
    let output = '';
    try {
      execFileSync(bin('tsc'), ['-p', 'test/types/tsconfig.json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });
});

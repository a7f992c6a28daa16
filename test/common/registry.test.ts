// Every Estimator subclass the package exports must have an entry in the registry, so that the
// common checks run on it; every entry must name an exported estimator.
import { describe, expect, it } from 'vitest';
import { getWl, type WL } from '../helpers';
import { REGISTRY, resolve } from './registry';

/** Export paths ('Ridge', 'preprocessing.StandardScaler') of concrete Estimator subclasses. */
function exportedEstimators(wl: WL): string[] {
  const found = new Set<string>();
  const visit = (obj: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const [key, value] of Object.entries(obj)) {
      if (typeof value === 'function' && value.prototype instanceof wl.Estimator) {
        const abstractBase = [wl.Regressor, wl.Classifier, wl.Transformer, wl.Clusterer].includes(value as never);
        if (!abstractBase) found.add(prefix + key);
      } else if (value !== null && typeof value === 'object' && depth < 2 && !(value instanceof Array) && key !== 'default') {
        visit(value as Record<string, unknown>, `${prefix}${key}.`, depth + 1);
      }
    }
  };
  visit(wl as unknown as Record<string, unknown>, '', 0);
  return [...found].sort();
}

describe('the estimator registry', () => {
  it('registers every exported estimator (by the Estimator prototype chain)', async () => {
    const wl = await getWl();
    const exported = exportedEstimators(wl);
    expect(exported).toContain('LinearRegression');
    const registered = REGISTRY.map((e) => e.name);
    const missing = exported.filter((name) => !registered.includes(name));
    expect(missing, 'exported estimators missing from test/common/registry.ts').toEqual([]);
  });

  it('has entries that resolve to exported Estimator classes, each once, with a known task', async () => {
    const wl = await getWl();
    const names = REGISTRY.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of REGISTRY) {
      const Cls = resolve(wl, entry.name);
      expect(typeof Cls, entry.name).toBe('function');
      expect(Cls.prototype, entry.name).toBeInstanceOf(wl.Estimator);
      expect(Cls.task, entry.name).toBe(entry.task);
      expect(wl.io.modelKinds(), entry.name).toContain(Cls.kind);
    }
  });
});

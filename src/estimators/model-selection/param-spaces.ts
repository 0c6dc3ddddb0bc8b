// Parameter spaces: ParameterGrid, ParameterSampler and scipy-like distributions, seeded by our Rng.
// Imports estimators and tensor only.
import { ValueError, describe } from '../../core/errors.ts';
import { Rng } from '../../tensor/rng.ts';
import { type RandomState, seedRng } from '../utils/random.ts';
import { warn } from '../../core/warnings.ts';
import { isTypedArray } from '../../core/objects.ts';

// ------------------------------------------------------ parameter spaces

/** One grid: each parameter name with the list of values to try. */
export type ParamGridSpec = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];

/** A distribution RandomizedSearchCV can sample: `rvs` draws one value from our Rng. */
export interface Distribution<T = unknown> {
  rvs(rng: Rng): T;
}

/** Parameter distributions: value lists (sampled uniformly) or {@link Distribution}s. */
export type ParamDistributionsSpec =
  Record<string, readonly unknown[] | Distribution> | readonly Record<string, readonly unknown[] | Distribution>[];

export function gridList<T>(spec: T | readonly T[], what: string): T[] {
  if (Array.isArray(spec)) return spec.slice() as T[];
  if (typeof spec === 'object' && spec !== null) return [spec as T];
  throw new ValueError(`${what} should be an object or an array of objects, got: ${describe(spec)}`);
}

/**
 * scikit-learn's ParameterGrid: every combination of the listed values, keys
 * in sorted order with the last varying fastest; a list of grids is their
 * concatenation.
 *
 * @example
 * new ParameterGrid({ alpha: [1e-4, 1e-2], hiddenLayerSizes: [[10], [30]] }).toArray(); // 4 objects
 */
export class ParameterGrid implements Iterable<Record<string, unknown>> {
  private readonly grids: [string, unknown[]][][];

  constructor(paramGrid: ParamGridSpec) {
    this.grids = gridList(paramGrid, 'Parameter grid').map((g) => {
      if (typeof g !== 'object' || g === null || Array.isArray(g))
        throw new ValueError(`Parameter grid is not an object (${describe(g)})`);
      return Object.keys(g)
        .sort()
        .map((k): [string, unknown[]] => {
          const v = (g as Record<string, unknown>)[k];
          if (!Array.isArray(v) && !isTypedArray(v))
            throw new ValueError(
              `Parameter grid for parameter '${k}' needs to be an array, but got ${describe(v)} ` +
                `instead. Single values need to be wrapped in an array with one element.`,
            );
          if ((v as ArrayLike<unknown>).length === 0)
            throw new ValueError(`Parameter grid for parameter '${k}' need to be a non-empty sequence, got: []`);
          return [k, Array.from(v as ArrayLike<unknown>)];
        });
    });
  }

  /** The number of combinations. */
  get length(): number {
    return this.grids.reduce((s, g) => s + g.reduce((p, [, v]) => p * v.length, 1), 0);
  }

  /** Combination `index` (scikit-learn's `__getitem__`). */
  at(index: number): Record<string, unknown> {
    if (!Number.isInteger(index) || index < 0)
      throw new ValueError(`ParameterGrid index must be a non-negative integer; got ${describe(index)}`);
    let ind = index;
    for (const g of this.grids) {
      const total = g.reduce((p, [, v]) => p * v.length, 1);
      if (ind >= total) {
        ind -= total;
        continue;
      }
      const out: Record<string, unknown> = {};
      for (let i = g.length - 1; i >= 0; i--) {
        const [k, v] = g[i] as [string, unknown[]];
        out[k] = v[ind % v.length];
        ind = Math.floor(ind / v.length);
      }
      return Object.fromEntries(g.map(([k]) => [k, out[k]]));
    }
    throw new ValueError(`ParameterGrid index out of range: ${index} >= ${this.length}`);
  }

  *[Symbol.iterator](): Iterator<Record<string, unknown>> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  toArray(): Record<string, unknown>[] {
    return Array.from(this);
  }
}

export function isDistribution(v: unknown): v is Distribution {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Distribution).rvs === 'function';
}

/**
 * scikit-learn's ParameterSampler: `nIter` draws from the distributions. When
 * every entry is a value list, draws are without replacement from the grid
 * (at most its size, with a warning); otherwise each parameter is drawn
 * independently (lists uniformly, distributions through `rvs`).
 */
export class ParameterSampler implements Iterable<Record<string, unknown>> {
  private readonly dists: Record<string, readonly unknown[] | Distribution>[];
  readonly nIter: number;
  readonly randomState: RandomState;

  constructor(paramDistributions: ParamDistributionsSpec, nIter: number, randomState: RandomState = null) {
    this.dists = gridList(paramDistributions, 'Parameter distribution').map((d) => {
      if (typeof d !== 'object' || d === null || Array.isArray(d))
        throw new ValueError(`Parameter distribution is not an object (${describe(d)})`);
      for (const [k, v] of Object.entries(d)) {
        if (!isDistribution(v) && !Array.isArray(v) && !isTypedArray(v))
          throw new ValueError(
            `Parameter grid for parameter '${k}' is not an array or a distribution (value=${describe(v)})`,
          );
        if (!isDistribution(v) && (v as ArrayLike<unknown>).length === 0)
          throw new ValueError(`Parameter grid for parameter '${k}' need to be a non-empty sequence, got: []`);
      }
      return d;
    });
    if (!Number.isInteger(nIter) || nIter < 1)
      throw new ValueError(
        `The 'nIter' parameter must be an int in the range [1, inf). Got ${describe(nIter)} instead.`,
      );
    this.nIter = nIter;
    this.randomState = randomState;
  }

  *[Symbol.iterator](): Iterator<Record<string, unknown>> {
    yield* this.toArray();
  }

  toArray(): Record<string, unknown>[] {
    const rng = seedRng(this.randomState, 'ParameterSampler');
    if (this.dists.every((d) => Object.values(d).every((v) => !isDistribution(v)))) {
      const grid = new ParameterGrid(this.dists as Record<string, unknown[]>[]);
      const size = grid.length;
      let n = this.nIter;
      if (size < n) {
        warn(
          'UserWarning',
          `The total space of parameters ${size} is smaller than nIter=${n}. Running ${size} iterations. For exhaustive searches, use GridSearchCV.`,
        );
        n = size;
      }
      return sampleWithoutReplacement(size, n, rng).map((i) => grid.at(i));
    }
    const out: Record<string, unknown>[] = [];
    for (let it = 0; it < this.nIter; it++) {
      const d = this.dists[rng.int(this.dists.length)] as Record<string, readonly unknown[] | Distribution>;
      const params: Record<string, unknown> = {};
      for (const k of Object.keys(d).sort()) {
        const v = d[k] as readonly unknown[] | Distribution;
        params[k] = isDistribution(v) ? v.rvs(rng) : v[rng.int(v.length)];
      }
      out.push(params);
    }
    return out;
  }
}

/** k distinct integers from [0, n), in draw order. */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): number[] {
  if (n <= 1 << 20) {
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(n - i);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    return pool.slice(0, k);
  }
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < k) {
    const j = rng.int(n);
    if (!seen.has(j)) {
      seen.add(j);
      out.push(j);
    }
  }
  return out;
}

export function checkFinite(name: string, ...vs: number[]): void {
  for (const v of vs)
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValueError(`${name}: arguments must be finite numbers; got ${describe(v)}.`);
}

/**
 * Distributions for RandomizedSearchCV's `paramDistributions`, named after
 * scipy.stats: `uniform(loc, scale)` on [loc, loc + scale), `loguniform(a, b)`
 * on [a, b) uniform in log space, `randint(low, high)` integers in [low, high).
 *
 * @example
 * new RandomizedSearchCV({ estimator: clf, paramDistributions: { optimizer__learningRate: distributions.loguniform(1e-4, 1e-1) }, nIter: 8, randomState: 0 });
 */
export const distributions = Object.freeze({
  uniform(loc = 0, scale = 1): Distribution<number> {
    checkFinite('uniform', loc, scale);
    if (scale <= 0) throw new ValueError(`uniform: scale must be > 0; got ${scale}.`);
    return { rvs: (rng: Rng) => loc + scale * rng.float() };
  },
  loguniform(a: number, b: number): Distribution<number> {
    checkFinite('loguniform', a, b);
    if (!(a > 0 && b > a)) throw new ValueError(`loguniform: expected 0 < a < b; got a=${a}, b=${b}.`);
    const la = Math.log(a),
      lb = Math.log(b);
    return { rvs: (rng: Rng) => Math.exp(la + (lb - la) * rng.float()) };
  },
  randint(low: number, high: number): Distribution<number> {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low)
      throw new ValueError(`randint: expected integers low < high; got low=${describe(low)}, high=${describe(high)}.`);
    return { rvs: (rng: Rng) => low + rng.int(high - low) };
  },
});

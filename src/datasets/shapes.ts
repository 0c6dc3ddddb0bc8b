// 2-D toy datasets and Gaussian blobs: makeMoons, makeCircles and makeBlobs with scikit-learn 1.2.1's
// parameters and construction. Randomness comes from our seeded Rng (same seed, same data on every
// runtime; the numbers differ from NumPy's), the curves from portable sin/cos, so without shuffle and
// noise the points equal scikit-learn's. A bad randomState is refused by seedRng. Imports src/core, tensor,
// the estimators' random state and portable-math.
import { ValueError, describe } from '../core/errors.ts';
import { checkOptionNames, optionsOf } from '../core/objects.ts';
import { linspace } from '../core/numeric.ts';
import { validateParams, interval, nullable, satisfies, bool, either } from '../core/param-validation.ts';
import type { Rng } from '../tensor/rng.ts';
import { seedRng, type RandomState } from '../estimators/utils/random.ts';
import { pcos, psin } from './portable-math.ts';

/** A generated dataset: rows of features and one target per row. */
export type Dataset = [X: number[][], y: number[]];

/** scikit-learn's `shuffle(X, y)`: the rows of both in one random order. */
export function shuffleRows<T, U>(X: T[], y: U[], rng: Rng): [T[], U[]] {
  const idx = rng.shuffle(Array.from({ length: X.length }, (_, i) => i));
  return [idx.map((i) => X[i] as T), idx.map((i) => y[i] as U)];
}

/** Adds N(0, noise^2) to every value, row by row (NumPy's normal(scale=noise, size=X.shape)). */
function addNoise(X: number[][], noise: number | null, rng: Rng): void {
  if (noise === null) return;
  for (const row of X) for (let j = 0; j < row.length; j++) row[j] = (row[j] as number) + noise * rng.normal();
}

function splitCount(nSamples: number | readonly [number, number], owner: string): [number, number] {
  if (typeof nSamples === 'number') return [Math.floor(nSamples / 2), nSamples - Math.floor(nSamples / 2)];
  if (Array.isArray(nSamples) && nSamples.length === 2 && nSamples.every((v) => Number.isInteger(v) && v >= 0))
    return [nSamples[0], nSamples[1]];
  throw new ValueError(
    `${owner}: \`nSamples\` can be either an int or a two-element tuple. Got ${describe(nSamples)}.`,
  );
}

const TWO_CURVES = {
  nSamples: either(
    interval('int', '[1, inf)'),
    satisfies('an array of two ints', (v) => Array.isArray(v) && v.length === 2),
  ),
  shuffle: bool,
  noise: nullable(interval('float', '[0.0, inf)')),
};

/** Options of {@link makeMoons}. */
export interface MakeMoonsOptions {
  /** Total points (split evenly, the outer moon gets the smaller half), or [outer, inner] (default 100). */
  nSamples?: number | readonly [number, number];
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (default null: none). */
  noise?: number | null;
  randomState?: RandomState;
}

/**
 * Two interleaving half circles (scikit-learn's make_moons): a binary problem no straight line separates.
 *
 * @example
 * const [X, y] = makeMoons({ nSamples: 200, noise: 0.1, randomState: 0 });
 */
export function makeMoons(options: MakeMoonsOptions = {}): Dataset {
  options = optionsOf('makeMoons', options);
  checkOptionNames('makeMoons', options, ['nSamples', 'shuffle', 'noise', 'randomState']);
  const o = { nSamples: 100, shuffle: true, noise: null, randomState: null, ...options };
  validateParams('makeMoons', o, TWO_CURVES);
  const [nOut, nIn] = splitCount(o.nSamples, 'makeMoons');
  const rng = seedRng(o.randomState, 'makeMoons');
  const out = linspace(0, Math.PI, nOut),
    inn = linspace(0, Math.PI, nIn);
  let X = [...out.map((t) => [pcos(t), psin(t)]), ...inn.map((t) => [1 - pcos(t), 1 - psin(t) - 0.5])];
  let y = [...out.map(() => 0), ...inn.map(() => 1)];
  if (o.shuffle) [X, y] = shuffleRows(X, y, rng);
  addNoise(X, o.noise, rng);
  return [X, y];
}

/** Options of {@link makeCircles}. */
export interface MakeCirclesOptions extends MakeMoonsOptions {
  /** Scale of the inner circle, in [0, 1) (default 0.8). */
  factor?: number;
}

/**
 * A large circle containing a smaller one (scikit-learn's make_circles): a binary problem for non-linear
 * models.
 *
 * @example
 * const [X, y] = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.05, randomState: 0 });
 */
export function makeCircles(options: MakeCirclesOptions = {}): Dataset {
  options = optionsOf('makeCircles', options);
  checkOptionNames('makeCircles', options, ['nSamples', 'shuffle', 'noise', 'randomState', 'factor']);
  const o = { nSamples: 100, shuffle: true, noise: null, randomState: null, factor: 0.8, ...options };
  validateParams('makeCircles', o, { ...TWO_CURVES, factor: interval('float', '(-inf, inf)') });
  if (o.factor >= 1 || o.factor < 0) throw new ValueError(`'factor' has to be between 0 and 1. Got ${o.factor}.`);
  const [nOut, nIn] = splitCount(o.nSamples, 'makeCircles');
  const rng = seedRng(o.randomState, 'makeCircles');
  const out = linspace(0, 2 * Math.PI, nOut, false),
    inn = linspace(0, 2 * Math.PI, nIn, false);
  let X = [...out.map((t) => [pcos(t), psin(t)]), ...inn.map((t) => [pcos(t) * o.factor, psin(t) * o.factor])];
  let y = [...out.map(() => 0), ...inn.map(() => 1)];
  if (o.shuffle) [X, y] = shuffleRows(X, y, rng);
  addNoise(X, o.noise, rng);
  return [X, y];
}

/** Options of {@link makeBlobs}. */
export interface MakeBlobsOptions {
  /** Total points (divided among the centers) or the count of each blob (default 100). */
  nSamples?: number | readonly number[];
  /** Features per point when the centers are drawn (default 2). */
  nFeatures?: number;
  /** How many centers to draw (default 3), or the centers themselves. */
  centers?: number | readonly (readonly number[])[] | null;
  /** Standard deviation of every blob, or one per blob (default 1). */
  clusterStd?: number | readonly number[];
  /** The box the drawn centers are uniform in (default [-10, 10]). */
  centerBox?: readonly [number, number];
  shuffle?: boolean;
  randomState?: RandomState;
  /** Also return the centers, as a third element. */
  returnCenters?: boolean;
}

/**
 * Isotropic Gaussian blobs for clustering and classification (scikit-learn's make_blobs); y is each
 * point's blob.
 *
 * @example
 * const [X, y] = makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.6, randomState: 0 });
 */
export function makeBlobs(options: MakeBlobsOptions & { returnCenters: true }): [number[][], number[], number[][]];
export function makeBlobs(options?: MakeBlobsOptions): Dataset;
export function makeBlobs(options: MakeBlobsOptions = {}): Dataset | [number[][], number[], number[][]] {
  options = optionsOf('makeBlobs', options);
  const keys = [
    'nSamples',
    'nFeatures',
    'centers',
    'clusterStd',
    'centerBox',
    'shuffle',
    'randomState',
    'returnCenters',
  ];
  checkOptionNames('makeBlobs', options, keys);
  const o = {
    nSamples: 100 as number | readonly number[],
    nFeatures: 2,
    centers: null as MakeBlobsOptions['centers'],
    clusterStd: 1 as number | readonly number[],
    centerBox: [-10, 10] as readonly [number, number],
    shuffle: true,
    randomState: null as RandomState,
    returnCenters: false,
    ...options,
  };
  const ints = (v: unknown): boolean => Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0);
  validateParams('makeBlobs', o, {
    nSamples: either(interval('int', '[1, inf)'), satisfies('an array of ints >= 0', ints)),
    nFeatures: interval('int', '[1, inf)'),
    centers: satisfies(
      'an int >= 1, an array of rows of numbers or None',
      (v) =>
        v === null ||
        (Number.isInteger(v) && (v as number) >= 1) ||
        (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r))),
    ),
    clusterStd: satisfies('a number >= 0 or an array of them', (v) =>
      typeof v === 'number' ? v >= 0 : Array.isArray(v) && v.every((s) => typeof s === 'number' && s >= 0),
    ),
    centerBox: satisfies(
      'an array [min, max]',
      (v) => Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === 'number'),
    ),
    shuffle: bool,
    returnCenters: bool,
  });
  const rng = seedRng(o.randomState, 'makeBlobs');
  const [lo, hi] = o.centerBox;
  const draw = (k: number, d: number): number[][] =>
    Array.from({ length: k }, () => Array.from({ length: d }, () => rng.uniform(lo, hi)));
  let centers: number[][];
  let nFeatures = o.nFeatures;
  let perCenter: number[];
  if (typeof o.nSamples === 'number') {
    const c = o.centers ?? 3;
    centers = typeof c === 'number' ? draw(c, nFeatures) : c.map((r) => r.slice());
    const k = centers.length;
    perCenter = Array.from(
      { length: k },
      (_, i) => Math.floor((o.nSamples as number) / k) + (i < (o.nSamples as number) % k ? 1 : 0),
    );
  } else {
    const k = o.nSamples.length;
    const given = o.centers ?? null;
    centers =
      given === null
        ? draw(k, nFeatures)
        : typeof given === 'number'
          ? draw(given, nFeatures)
          : given.map((r) => r.slice());
    if (centers.length !== k)
      throw new ValueError(
        `Length of \`n_samples\` not consistent with number of centers. Got n_samples = ${describe(o.nSamples)} and centers = ${describe(centers)}`,
      );
    perCenter = o.nSamples.slice();
  }
  nFeatures = (centers[0] as number[]).length;
  if (centers.some((r) => r.length !== nFeatures || r.some((v) => typeof v !== 'number' || !Number.isFinite(v))))
    throw new ValueError(`makeBlobs: centers must be rows of ${nFeatures} finite numbers; got ${describe(centers)}.`);
  const stds = typeof o.clusterStd === 'number' ? centers.map(() => o.clusterStd as number) : o.clusterStd.slice();
  if (stds.length !== centers.length)
    throw new ValueError(
      `Length of \`clusters_std\` not consistent with number of centers. Got centers = ${describe(centers)} and cluster_std = ${describe(o.clusterStd)}`,
    );
  let X: number[][] = [];
  let y: number[] = [];
  perCenter.forEach((n, i) => {
    const c = centers[i] as number[],
      s = stds[i] as number;
    for (let r = 0; r < n; r++) {
      X.push(c.map((m) => m + s * rng.normal()));
      y.push(i);
    }
  });
  if (o.shuffle) [X, y] = shuffleRows(X, y, rng);
  return o.returnCenters ? [X, y, centers] : [X, y];
}

// makeRegression and the low-rank matrices behind its `effectiveRank`: scikit-learn 1.2.1's
// make_regression and make_low_rank_matrix, drawing from our seeded Rng in scikit-learn's order (QR by
// Householder reflections; exp from portable-math). Imports src/core, tensor, utils and shapes.
import { checkOptionNames, optionsOf } from '../core/objects.ts';
import { bool, interval, nullable, validateParams } from '../core/param-validation.ts';
import type { Rng } from '../tensor/rng.ts';
import { seedRng, type RandomState } from '../estimators/utils/random.ts';
import { pexp } from './portable-math.ts';
import { shuffleRows } from './shapes.ts';

/** Options of {@link makeRegression} (scikit-learn's parameters, camelCase, with its defaults). */
export interface MakeRegressionOptions {
  nSamples?: number;
  nFeatures?: number;
  /** Features with a non-zero coefficient (default 10). */
  nInformative?: number;
  /** Outputs (default 1: y is number[]; more: number[][]). */
  nTargets?: number;
  bias?: number;
  /** Approximate rank of X (null: well-conditioned Gaussian X). */
  effectiveRank?: number | null;
  /** Share of the singular values' fat tail when effectiveRank is set (default 0.5). */
  tailStrength?: number;
  /** Standard deviation of the Gaussian noise on y (default 0). */
  noise?: number;
  shuffle?: boolean;
  /** Also return the coefficients, as a third element. */
  coef?: boolean;
  randomState?: RandomState;
}

/** Q of the economic QR of an m x n matrix (m >= n), by Householder reflections. */
function orthonormalColumns(A: number[][]): number[][] {
  const m = A.length,
    n = (A[0] as number[]).length;
  const R = A.map((r) => r.slice());
  const vs: number[][] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += ((R[i] as number[])[k] as number) * ((R[i] as number[])[k] as number);
    norm = Math.sqrt(norm);
    const x0 = (R[k] as number[])[k] as number;
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Array<number>(m).fill(0);
    for (let i = k; i < m; i++) v[i] = (R[i] as number[])[k] as number;
    v[k] = x0 - alpha;
    let vn = 0;
    for (let i = k; i < m; i++) vn += (v[i] as number) * (v[i] as number);
    if (vn > 0) {
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += (v[i] as number) * ((R[i] as number[])[j] as number);
        const f = (2 * dot) / vn;
        for (let i = k; i < m; i++) (R[i] as number[])[j] = ((R[i] as number[])[j] as number) - f * (v[i] as number);
      }
    }
    vs.push(vn > 0 ? v.map((x) => x / Math.sqrt(vn)) : v);
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const Q = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k] as number[];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += (v[i] as number) * ((Q[i] as number[])[j] as number);
      for (let i = k; i < m; i++)
        (Q[i] as number[])[j] = ((Q[i] as number[])[j] as number) - 2 * dot * (v[i] as number);
    }
  }
  return Q;
}

const normalRows = (rng: Rng, n: number, d: number): number[][] =>
  Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));

/** scikit-learn's make_low_rank_matrix: U diag(s) V^T with bell-shaped singular values plus a tail. */
function lowRankMatrix(nSamples: number, nFeatures: number, rank: number, tail: number, rng: Rng): number[][] {
  const n = Math.min(nSamples, nFeatures);
  const u = orthonormalColumns(normalRows(rng, nSamples, n));
  const v = orthonormalColumns(normalRows(rng, nFeatures, n));
  const s = Array.from(
    { length: n },
    (_, i) => (1 - tail) * pexp(-1 * ((i / rank) * (i / rank))) + tail * pexp((-0.1 * i) / rank),
  );
  return u.map((ur) =>
    Array.from({ length: nFeatures }, (_, j) => {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += (ur[k] as number) * (s[k] as number) * ((v[j] as number[])[k] as number);
      return acc;
    }),
  );
}

/**
 * A random regression problem (scikit-learn's make_regression): y is a random linear model of
 * `nInformative` of the features (coefficients uniform in [0, 100)), plus `bias` and Gaussian `noise`.
 * Same seed, same data on every runtime (our generator, not NumPy's).
 *
 * @example
 * const [X, y] = makeRegression({ nSamples: 200, nFeatures: 5, noise: 10, randomState: 0 });
 * const [X2, y2, coef] = makeRegression({ nFeatures: 3, nInformative: 2, coef: true, randomState: 1 });
 */
export function makeRegression(
  options: MakeRegressionOptions & { coef: true },
): [number[][], number[] | number[][], number[] | number[][]];
export function makeRegression(options?: MakeRegressionOptions & { nTargets?: 1 }): [number[][], number[]];
export function makeRegression(options?: MakeRegressionOptions): [number[][], number[] | number[][]];
export function makeRegression(
  options: MakeRegressionOptions = {},
): [number[][], number[] | number[][]] | [number[][], number[] | number[][], number[] | number[][]] {
  options = optionsOf('makeRegression', options);
  const keys = [
    'nSamples',
    'nFeatures',
    'nInformative',
    'nTargets',
    'bias',
    'effectiveRank',
    'tailStrength',
    'noise',
    'shuffle',
    'coef',
    'randomState',
  ];
  checkOptionNames('makeRegression', options, keys);
  const o = {
    nSamples: 100,
    nFeatures: 100,
    nInformative: 10,
    nTargets: 1,
    bias: 0,
    effectiveRank: null as number | null,
    tailStrength: 0.5,
    noise: 0,
    shuffle: true,
    coef: false,
    randomState: null as RandomState,
    ...options,
  };
  validateParams('makeRegression', o, {
    nSamples: interval('int', '[1, inf)'),
    nFeatures: interval('int', '[1, inf)'),
    nInformative: interval('int', '[0, inf)'),
    nTargets: interval('int', '[1, inf)'),
    bias: interval('float', '(-inf, inf)'),
    effectiveRank: nullable(interval('float', '(0, inf)')),
    tailStrength: interval('float', '[0, 1]'),
    noise: interval('float', '[0, inf)'),
    shuffle: bool,
    coef: bool,
  });
  const { nSamples, nFeatures, nTargets } = o;
  const nInformative = Math.min(nFeatures, o.nInformative);
  const rng = seedRng(o.randomState, 'makeRegression');
  let X =
    o.effectiveRank === null
      ? normalRows(rng, nSamples, nFeatures)
      : lowRankMatrix(nSamples, nFeatures, o.effectiveRank, o.tailStrength, rng);
  let truth = Array.from({ length: nFeatures }, (_, j) =>
    Array.from({ length: nTargets }, () => (j < nInformative ? 100 * rng.float() : 0)),
  );
  let Y = X.map((row) =>
    Array.from({ length: nTargets }, (_, t) => {
      let s = 0;
      for (let j = 0; j < nFeatures; j++) s += (row[j] as number) * ((truth[j] as number[])[t] as number);
      return s + o.bias;
    }),
  );
  if (o.noise > 0)
    for (const r of Y) for (let t = 0; t < nTargets; t++) r[t] = (r[t] as number) + o.noise * rng.normal();
  if (o.shuffle) {
    [X, Y] = shuffleRows(X, Y, rng);
    const cols = rng.shuffle(Array.from({ length: nFeatures }, (_, j) => j));
    X = X.map((row) => cols.map((c) => row[c] as number));
    truth = cols.map((c) => truth[c] as number[]);
  }
  const y = nTargets === 1 ? Y.map((r) => r[0] as number) : Y;
  if (!o.coef) return [X, y];
  return [X, y, nTargets === 1 ? truth.map((r) => r[0] as number) : truth];
}

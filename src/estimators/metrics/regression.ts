// Regression metrics: R^2, mean squared and absolute error, with scikit-learn's multi-output rules.
// Imports metrics/core only.
import { ValueError } from '../../core/errors.ts';
import { average, parseWeights, psum, sumAxis0, warn } from './core.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import { type Mat, type NumberMatrix, type NumericArray, parse } from '../utils/multiclass.ts';

// ------------------------------------------------------------------ regression

/** How multi-output regression scores combine: per output, their mean, variance-weighted (r2 only), or custom weights. */
export type MultiOutput = 'raw_values' | 'uniform_average' | 'variance_weighted' | NumericArray;

/** Options of the regression metrics. */
export interface RegressionOptions {
  sampleWeight?: NumericArray;
  /** Default 'uniform_average'. */
  multioutput?: MultiOutput;
}

export interface RegTargets {
  n: number;
  k: number;
  t: Float64Array;
  p: Float64Array;
  w: Float64Array | undefined;
  mo: 'raw_values' | 'uniform_average' | 'variance_weighted' | Float64Array;
}

export function regParse(y: unknown, name: string): Mat {
  const p = parse(y, name);
  if (p.dim === 2) return p;
  if (p.kind !== null && p.kind !== 'number')
    throw new ValueError(`${name} must hold numbers for a regression metric; got ${p.kind}s.`);
  const data = Float64Array.from(p.values as number[]);
  return { dim: 2, n: data.length, k: 1, data, float32: false };
}

export function checkRegTargets(yTrue: unknown, yPred: unknown, options: RegressionOptions): RegTargets {
  const t = regParse(yTrue, 'yTrue');
  const p = regParse(yPred, 'yPred');
  checkConsistentLength(t.n, p.n);
  if (t.k !== p.k) throw new ValueError(`yTrue and yPred have different number of output (${t.k}!=${p.k})`);
  const mo = options.multioutput ?? 'uniform_average';
  let moOut: RegTargets['mo'];
  if (typeof mo === 'string') {
    if (mo !== 'raw_values' && mo !== 'uniform_average' && mo !== 'variance_weighted') {
      throw new ValueError(
        `Allowed 'multioutput' string values are ('raw_values', 'uniform_average', 'variance_weighted'). You provided multioutput='${mo}'`,
      );
    }
    moOut = mo;
  } else {
    const mw = parseWeights(mo, 'multioutput') as Float64Array;
    if (t.k === 1) throw new ValueError('Custom weights are useful only in multi-output cases.');
    if (mw.length !== t.k)
      throw new ValueError(`There must be equally many custom weights (${mw.length}) as outputs (${t.k}).`);
    moOut = mw;
  }
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.n, p.n, w?.length);
  return { n: t.n, k: t.k, t: t.data, p: p.data, w, mo: moOut };
}

/** np.average(a, axis=0, weights=w) of a row-major n x k matrix. */
export function averageAxis0(a: Float64Array, n: number, k: number, w: Float64Array | undefined): Float64Array {
  if (w === undefined) return sumAxis0(a, n, k).map((v) => v / n);
  const aw = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) aw[i * k + j] = (a[i * k + j] as number) * (w[i] as number);
  const scl = psum(w);
  if (scl === 0) throw new ValueError("Weights sum to zero, can't be normalized");
  return sumAxis0(aw, n, k).map((v) => v / scl);
}

export function combineOutputs(errors: Float64Array, mo: RegTargets['mo'], metric: string): number | number[] {
  if (mo === 'raw_values') return Array.from(errors);
  if (mo === 'uniform_average') return average(errors);
  if (mo === 'variance_weighted')
    throw new ValueError(`multioutput='variance_weighted' is only defined for r2Score, not ${metric}.`);
  return average(errors, mo);
}

/**
 * Mean squared error (or its root with `squared: false`), per output then combined.
 *
 * @example
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]);                    // 0.375
 * meanSquaredError([[0.5, 1], [-1, 1]], [[0, 2], [-1, 2]], { multioutput: 'raw_values' }); // [0.125, 1]
 */
export function meanSquaredError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options: RegressionOptions & { squared?: boolean; multioutput: 'raw_values' },
): number[];
export function meanSquaredError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options?: RegressionOptions & { squared?: boolean; multioutput?: 'uniform_average' | NumericArray },
): number;
export function meanSquaredError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options?: RegressionOptions & { squared?: boolean },
): number | number[];
export function meanSquaredError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options: RegressionOptions & { squared?: boolean } = {},
): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const sq = new Float64Array(r.n * r.k);
  for (let i = 0; i < sq.length; i++) {
    const d = (r.t[i] as number) - (r.p[i] as number);
    sq[i] = d * d;
  }
  let errors = averageAxis0(sq, r.n, r.k, r.w);
  if (options.squared === false) errors = errors.map(Math.sqrt);
  return combineOutputs(errors, r.mo, 'meanSquaredError');
}

/**
 * Mean absolute error, per output then combined.
 *
 * @example
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function meanAbsoluteError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options: RegressionOptions & { multioutput: 'raw_values' },
): number[];
export function meanAbsoluteError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options?: RegressionOptions & { multioutput?: 'uniform_average' | NumericArray },
): number;
export function meanAbsoluteError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options?: RegressionOptions,
): number | number[];
export function meanAbsoluteError(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options: RegressionOptions = {},
): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const ad = new Float64Array(r.n * r.k);
  for (let i = 0; i < ad.length; i++) ad[i] = Math.abs((r.p[i] as number) - (r.t[i] as number));
  return combineOutputs(averageAxis0(ad, r.n, r.k, r.w), r.mo, 'meanAbsoluteError');
}

/**
 * Coefficient of determination R² = 1 - SS_res / SS_tot per output, then
 * combined. With `forceFinite` (default true) a constant y_true scores 1 when
 * predicted perfectly and 0 otherwise instead of NaN / -Infinity. Fewer than two
 * samples give NaN and a warning.
 *
 * @example
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486...
 */
export function r2Score(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options: RegressionOptions & { forceFinite?: boolean; multioutput: 'raw_values' },
): number[];
export function r2Score(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options?: RegressionOptions & {
    forceFinite?: boolean;
    multioutput?: 'uniform_average' | 'variance_weighted' | NumericArray;
  },
): number;
export function r2Score(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options?: RegressionOptions & { forceFinite?: boolean },
): number | number[];
export function r2Score(
  yTrue: NumericArray | NumberMatrix,
  yPred: NumericArray | NumberMatrix,
  options: RegressionOptions & { forceFinite?: boolean } = {},
): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const { n, k, w } = r;
  if (n < 2) {
    warn('R^2 score is not well-defined with less than two samples.');
    return NaN;
  }
  const num = new Float64Array(n * k),
    den = new Float64Array(n * k);
  const mean = averageAxis0(r.t, n, k, w);
  for (let i = 0; i < n; i++) {
    const wi = w ? (w[i] as number) : 1;
    for (let j = 0; j < k; j++) {
      const d = (r.t[i * k + j] as number) - (r.p[i * k + j] as number);
      const c = (r.t[i * k + j] as number) - (mean[j] as number);
      num[i * k + j] = wi * (d * d);
      den[i * k + j] = wi * (c * c);
    }
  }
  const numerator = sumAxis0(num, n, k);
  const denominator = sumAxis0(den, n, k);
  return explainedScores(numerator, denominator, options.forceFinite !== false, r.mo);
}

/**
 * `1 - numerator / denominator` per output (R^2, explained variance), with scikit-learn's forceFinite rule
 * (a perfect fit scores 1, a constant target 0), combined as multioutput asks.
 */
export function explainedScores(
  numerator: Float64Array,
  denominator: Float64Array,
  forceFinite: boolean,
  mo: RegTargets['mo'],
): number | number[] {
  const k = numerator.length;
  const scores = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const a = numerator[j] as number,
      b = denominator[j] as number;
    if (!forceFinite) scores[j] = 1 - a / b;
    else scores[j] = a === 0 ? 1 : b === 0 ? 0 : 1 - a / b;
  }
  if (mo === 'raw_values') return Array.from(scores);
  if (mo === 'uniform_average') return average(scores);
  if (mo === 'variance_weighted')
    return denominator.some((v) => v !== 0) ? average(scores, denominator) : average(scores);
  return average(scores, mo);
}

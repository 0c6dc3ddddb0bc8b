// More regression metrics: mean absolute percentage error, median absolute error, max error and the
// explained variance score, with scikit-learn 1.2.1's multi-output rules. Imports the regression helpers.
import { ValueError } from '../../core/errors.ts';
import { FLOAT64_EPS, sortedMedian } from '../../core/numeric.ts';
import type { NumberMatrix, NumericArray } from '../utils/multiclass.ts';
import {
  type RegressionOptions,
  averageAxis0,
  checkRegTargets,
  combineOutputs,
  explainedScores,
} from './regression.ts';

type Y = NumericArray | NumberMatrix;

/**
 * Mean absolute percentage error: mean |y_pred - y_true| / max(|y_true|, eps), per output then combined.
 * A fraction, not a percentage (0.1 is 10 %); near-zero truths give huge values, as in scikit-learn.
 *
 * @example
 * meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.3273...
 */
export function meanAbsolutePercentageError(
  yTrue: Y,
  yPred: Y,
  options: RegressionOptions & { multioutput: 'raw_values' },
): number[];
export function meanAbsolutePercentageError(yTrue: Y, yPred: Y, options?: RegressionOptions): number;
export function meanAbsolutePercentageError(yTrue: Y, yPred: Y, options: RegressionOptions = {}): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const ape = new Float64Array(r.n * r.k);
  for (let i = 0; i < ape.length; i++)
    ape[i] = Math.abs((r.p[i] as number) - (r.t[i] as number)) / Math.max(Math.abs(r.t[i] as number), FLOAT64_EPS);
  return combineOutputs(averageAxis0(ape, r.n, r.k, r.w), r.mo, 'meanAbsolutePercentageError');
}

/** NumPy's median of a column, or scikit-learn's `_weighted_percentile(…, 50)` with weights. */
function columnMedian(values: Float64Array, w: Float64Array | undefined): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  if (w === undefined) return sortedMedian(order.map((i) => values[i] as number));
  const cdf = new Float64Array(n);
  let acc = 0;
  order.forEach((i, k) => (cdf[k] = acc += w[i] as number));
  let target = 0.5 * (cdf[n - 1] as number);
  if (target === 0) target = Number.MIN_VALUE; // NumPy's nextafter(0, 1): skip leading zero weights
  let idx = 0;
  while (idx < n && (cdf[idx] as number) < target) idx++;
  return values[order[Math.min(idx, n - 1)] as number] as number;
}

/**
 * Median absolute error (robust to outliers), per output then combined; with sample weights, the
 * weighted median as scikit-learn computes it.
 *
 * @example
 * medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function medianAbsoluteError(
  yTrue: Y,
  yPred: Y,
  options: RegressionOptions & { multioutput: 'raw_values' },
): number[];
export function medianAbsoluteError(yTrue: Y, yPred: Y, options?: RegressionOptions): number;
export function medianAbsoluteError(yTrue: Y, yPred: Y, options: RegressionOptions = {}): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const errors = new Float64Array(r.k);
  const col = new Float64Array(r.n);
  for (let j = 0; j < r.k; j++) {
    for (let i = 0; i < r.n; i++) col[i] = Math.abs((r.p[i * r.k + j] as number) - (r.t[i * r.k + j] as number));
    errors[j] = columnMedian(col, r.w);
  }
  return combineOutputs(errors, r.mo, 'medianAbsoluteError');
}

/**
 * The largest absolute error (single-output targets only).
 *
 * @example
 * maxError([3, 2, 7, 1], [4, 2, 7, 1]); // 1
 */
export function maxError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix): number {
  const r = checkRegTargets(yTrue, yPred, {});
  if (r.k > 1) throw new ValueError('Multioutput not supported in max_error');
  let m = 0;
  for (let i = 0; i < r.n; i++) m = Math.max(m, Math.abs((r.t[i] as number) - (r.p[i] as number)));
  return m;
}

/**
 * Explained variance: 1 - Var(y_true - y_pred) / Var(y_true), per output then combined (like R² but
 * blind to a constant bias). With `forceFinite` (default true) constant truths score 1 or 0 instead of
 * NaN / -Infinity.
 *
 * @example
 * explainedVarianceScore([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9571...
 */
export function explainedVarianceScore(
  yTrue: Y,
  yPred: Y,
  options: RegressionOptions & { forceFinite?: boolean; multioutput: 'raw_values' },
): number[];
export function explainedVarianceScore(
  yTrue: Y,
  yPred: Y,
  options?: RegressionOptions & { forceFinite?: boolean },
): number;
export function explainedVarianceScore(
  yTrue: Y,
  yPred: Y,
  options: RegressionOptions & { forceFinite?: boolean } = {},
): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const { n, k, w } = r;
  const diff = new Float64Array(n * k);
  for (let i = 0; i < diff.length; i++) diff[i] = (r.t[i] as number) - (r.p[i] as number);
  const diffAvg = averageAxis0(diff, n, k, w);
  const tAvg = averageAxis0(r.t, n, k, w);
  const num = new Float64Array(n * k),
    den = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      num[i * k + j] = ((diff[i * k + j] as number) - (diffAvg[j] as number)) ** 2;
      den[i * k + j] = ((r.t[i * k + j] as number) - (tAvg[j] as number)) ** 2;
    }
  const numerator = averageAxis0(num, n, k, w);
  const denominator = averageAxis0(den, n, k, w);
  return explainedScores(numerator, denominator, options.forceFinite !== false, r.mo);
}

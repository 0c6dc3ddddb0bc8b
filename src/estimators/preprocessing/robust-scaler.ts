// RobustScaler: centring on the median and scaling by an interquantile range, with NumPy's linear
// percentiles and SciPy's normal quantile for `unitVariance` (scikit-learn 1.2.1). Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { FLOAT64_EPS as EPS } from '../../core/numeric.ts';
import { bool, satisfies } from '../../core/param-validation.ts';
import { registerEstimator } from '../base.ts';
import {
  BaseTransformer,
  type TableX,
  checkFeatures,
  featureNamesIn,
  nullableNumberArray,
  readMatrix,
  setFeatureNamesIn,
  toRows,
  validateParams,
} from './transformer.ts';

export const ROBUST_DEFAULTS = Object.freeze({
  withCentering: true,
  withScaling: true,
  quantileRange: Object.freeze([25, 75]) as readonly [number, number],
  unitVariance: false,
});

/** RobustScaler's parameters. */
export type RobustScalerParams = {
  withCentering?: boolean;
  withScaling?: boolean;
  /** The percentiles whose difference is the scale (default [25, 75], the interquartile range). */
  quantileRange?: readonly [number, number];
  /** Divide the scale by the normal distribution's range over `quantileRange`, so normal data gets unit variance. */
  unitVariance?: boolean;
};

/**
 * scikit-learn's RobustScaler: `(x - center_) / scale_`, with the column medians as `center_` and the
 * spread between two percentiles (NumPy's linear interpolation) as `scale_` (ranges below 10 eps count
 * as 1), so outliers barely move the statistics.
 *
 * @example
 * const rs = new RobustScaler({ quantileRange: [10, 90] }).fit(XTrain);
 * rs.center_; rs.scale_; rs.transform(XTest);
 */
export class RobustScaler extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = ROBUST_DEFAULTS;
  declare withCentering: boolean;
  declare withScaling: boolean;
  declare quantileRange: readonly [number, number];
  declare unitVariance: boolean;
  /** Per-column median; null without `withCentering`. */
  declare center_: number[] | null;
  /** Per-column percentile range; null without `withScaling`. */
  declare scale_: number[] | null;
  declare nFeaturesIn_: number;
  declare featureNamesIn_?: string[];

  constructor(params: RobustScalerParams = {}) {
    super(params);
  }

  /** Computes the medians and percentile ranges of X. */
  fit(X: TableX, _y?: unknown): this {
    validateParams(this, {
      withCentering: bool,
      withScaling: bool,
      quantileRange: satisfies(
        'an array of two numbers',
        (v) => Array.isArray(v) && v.length === 2 && v.every((q) => typeof q === 'number'),
      ),
      unitVariance: bool,
    });
    const [qMin, qMax] = this.quantileRange;
    if (!(0 <= qMin && qMin <= qMax && qMax <= 100)) throw new ValueError(`Invalid quantile range: (${qMin}, ${qMax})`);
    const { data, n, d, names } = readMatrix(X, this.constructor.name);
    const columns = Array.from({ length: d }, (_, j) => {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = data[i * d + j] as number;
      return c.sort();
    });
    this.center_ = this.withCentering ? columns.map(median) : null;
    if (this.withScaling) {
      const adjust = this.unitVariance ? normalPpf(qMax / 100) - normalPpf(qMin / 100) : 1;
      this.scale_ = columns.map((c) => {
        const range = percentile(c, qMax) - percentile(c, qMin);
        // scikit-learn's _handle_zeros_in_scale: ranges below 10 eps divide by 1.
        const s = range < 10 * EPS ? 1 : range;
        return this.unitVariance ? s / adjust : s;
      });
    } else this.scale_ = null;
    this.nFeaturesIn_ = d;
    setFeatureNamesIn(this, names);
    return this;
  }

  /** `(x - center_) / scale_` (each part only when enabled). */
  transform(X: TableX): number[][] {
    this.checkIsFitted('nFeaturesIn_');
    const { data, n, d } = readMatrix(X, this.constructor.name, this);
    checkFeatures(this.constructor.name, d, this.nFeaturesIn_);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      let v = data[i] as number;
      if (this.withCentering && this.center_) v -= this.center_[i % d] as number;
      if (this.withScaling && this.scale_) v /= this.scale_[i % d] as number;
      out[i] = v;
    }
    return toRows(out, n, d);
  }

  fitTransform(X: TableX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** Undoes `transform`: `x * scale_ + center_`. */
  inverseTransform(X: TableX): number[][] {
    this.checkIsFitted('nFeaturesIn_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    checkFeatures(this.constructor.name, d, this.nFeaturesIn_);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      let v = data[i] as number;
      if (this.withScaling && this.scale_) v *= this.scale_[i % d] as number;
      if (this.withCentering && this.center_) v += this.center_[i % d] as number;
      out[i] = v;
    }
    return toRows(out, n, d);
  }

  /** The input names (one output per input column). */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('nFeaturesIn_');
    return featureNamesIn(this, inputFeatures);
  }

  protected isFitted(): boolean {
    return this.nFeaturesIn_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { center_: this.center_, scale_: this.scale_, nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['center_', 'scale_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    this.nFeaturesIn_ = d as number;
    this.center_ = nullableNumberArray('center_', s.center_, d as number);
    this.scale_ = nullableNumberArray('scale_', s.scale_, d as number);
  }
}

/** NumPy's median of a sorted column: the middle value, or the mean of the two middle ones. */
function median(sorted: Float64Array): number {
  const n = sorted.length,
    h = n >> 1;
  return n % 2 === 1 ? (sorted[h] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}

/** NumPy's `percentile(method='linear')` of a sorted column, with its `_lerp` (exact at both ends). */
export function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return sorted[n - 1] as number;
  const lo = Math.floor(virtual);
  const a = sorted[lo] as number,
    b = sorted[lo + 1] as number;
  const t = virtual - lo;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The standard normal quantile (SciPy's `norm.ppf`), by Wichura's algorithm AS 241 (PPND16), accurate to
 * about 1e-16 relative.
 */
export function normalPpf(p: number): number {
  if (p <= 0) return p === 0 ? -Infinity : NaN;
  if (p >= 1) return p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

registerEstimator(RobustScaler, 'RobustScaler');

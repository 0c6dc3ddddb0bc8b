// RobustScaler: centring on the median and scaling by an interquantile range, with NumPy's linear
// percentiles and SciPy's normal quantile (Cephes' ndtri) for `unitVariance` (scikit-learn 1.2.1). Imports the
// transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { FLOAT64_EPS as EPS, sortedMedian } from '../../core/numeric.ts';
import { bool, satisfies } from '../../core/param-validation.ts';
import { registerBuiltIn } from '../base.ts';
import {
  BaseTransformer,
  type TableX,
  featureNamesIn,
  nullableNumberArray,
  readMatrix,
  setFeatureNamesIn,
  scaleColumns,
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
    this.center_ = this.withCentering ? columns.map(sortedMedian) : null;
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
    return scaleColumns(this, X, this.withCentering ? this.center_ : null, this.withScaling ? this.scale_ : null, {
      fitted: this,
    });
  }

  fitTransform(X: TableX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** Undoes `transform`: `x * scale_ + center_`. */
  inverseTransform(X: TableX): number[][] {
    this.checkIsFitted('nFeaturesIn_');
    return scaleColumns(this, X, this.withCentering ? this.center_ : null, this.withScaling ? this.scale_ : null, {
      inverse: true,
    });
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

const P0 = [
  -5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1,
  -1.23916583867381258016,
];
const Q0 = [
  1.95448858338141759834, 4.67627912898881538453, 8.63602421390890590575e1, -2.25462687854119370527e2,
  2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142,
];
const P1 = [
  4.05544892305962419923, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1,
  1.46849561928858024014e1, 2.18663306850790267539, -1.40256079171354495875e-1, -3.50424626827848203418e-2,
  -8.57456785154685413611e-4,
];
const Q1 = [
  1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1,
  2.50464946208309415979, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4,
];
const P2 = [
  3.2377489177694603597, 6.91522889068984211695, 3.93881025292474443415, 1.33303460815807542389,
  2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6,
  6.2397453918498329373e-9,
];
const Q2 = [
  6.02427039364742014255, 3.67983563856160859403, 1.37702099489081330271, 2.1623699359449663589e-1,
  1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9,
];

/** Cephes' polevl: the polynomial with coefficients c (highest degree first). */
function polevl(x: number, c: readonly number[]): number {
  let a = c[0] as number;
  for (let i = 1; i < c.length; i++) a = a * x + (c[i] as number);
  return a;
}

/** Cephes' p1evl: as polevl, with an implicit leading coefficient 1. */
function p1evl(x: number, c: readonly number[]): number {
  let a = x + (c[0] as number);
  for (let i = 1; i < c.length; i++) a = a * x + (c[i] as number);
  return a;
}

/** The standard normal quantile: SciPy's `norm.ppf`, which is Cephes' `ndtri` (ported as is, so they agree exactly). */
export function normalPpf(p: number): number {
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (!(p > 0 && p < 1)) return NaN;
  const expm2 = 0.13533528323661269189;
  let y = p,
    upper = true;
  if (y > 1 - expm2) {
    y = 1 - y;
    upper = false;
  }
  if (y > expm2) {
    y -= 0.5;
    const y2 = y * y;
    return (y + y * ((y2 * polevl(y2, P0)) / p1evl(y2, Q0))) * 2.50662827463100050242;
  }
  const x = Math.sqrt(-2 * Math.log(y));
  const x0 = x - Math.log(x) / x;
  const z = 1 / x;
  const x1 = x < 8 ? (z * polevl(z, P1)) / p1evl(z, Q1) : (z * polevl(z, P2)) / p1evl(z, Q2);
  return upper ? -(x0 - x1) : x0 - x1;
}

registerBuiltIn(RobustScaler, 'RobustScaler');

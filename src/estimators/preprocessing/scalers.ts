// StandardScaler and MinMaxScaler with scikit-learn 1.2.1's statistics (population std, weighted and
// incremental means). Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { checkSampleWeight } from '../utils/validation.ts';
import { FLOAT64_EPS as EPS } from '../../core/numeric.ts';
import { bool } from '../../core/param-validation.ts';
import { registerBuiltIn } from '../base.ts';
import {
  BaseTransformer,
  featureNamesIn,
  nullableNumberArray,
  numberArray,
  readMatrix,
  setFeatureNamesIn,
  type TableX,
  scaleColumns,
  validateParams,
} from './transformer.ts';

// ------------------------------------------------------------- StandardScaler

export const STANDARD_DEFAULTS = Object.freeze({ withMean: true, withStd: true });

/** StandardScaler's parameters. */
export type StandardScalerParams = { withMean?: boolean; withStd?: boolean };

/**
 * scikit-learn's StandardScaler: `(x - mean_) / scale_` per column, with the
 * population standard deviation; columns whose variance is indistinguishable
 * from zero get scale 1 (scikit-learn's constant-feature test). `partialFit`
 * updates the statistics incrementally (Chan, Golub and LeVeque), and
 * `sampleWeight` weights them, both as in scikit-learn 1.2.1.
 *
 * @example
 * const scaler = new StandardScaler();
 * const Xs = scaler.fitTransform(XTrain); // scaler.mean_, scaler.scale_
 * scaler.transform(XTest);
 */
export class StandardScaler extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = STANDARD_DEFAULTS;
  declare withMean: boolean;
  declare withStd: boolean;
  /** Per-column mean; null when neither centring nor scaling. */
  declare mean_: number[] | null;
  /** Per-column population variance; null without `withStd`. */
  declare var_: number[] | null;
  /** Per-column scale (sqrt of var_, 1 for constant columns); null without `withStd`. */
  declare scale_: number[] | null;
  /** Samples (or the sum of their weights) seen so far. */
  declare nSamplesSeen_: number;
  declare nFeaturesIn_: number;
  /** The input's column names, when it had them (records, `{ columns, data }`). */
  declare featureNamesIn_?: string[];

  constructor(params: StandardScalerParams = {}) {
    super(params);
  }

  /** Computes mean_, var_ and scale_ from X (forgetting any earlier fit). */
  fit(X: TableX, _y?: unknown, options: { sampleWeight?: ArrayLike<number> | null } = {}): this {
    this.reset();
    return this.partialFit(X, _y, options);
  }

  /** Updates the statistics with one more batch of rows. */
  partialFit(X: TableX, _y?: unknown, options: { sampleWeight?: ArrayLike<number> | null } = {}): this {
    validateParams(this, { withMean: bool, withStd: bool });
    const name = this.constructor.name;
    const first = this.nSamplesSeen_ === undefined;
    const { data, n, d, names } = readMatrix(X, name, first ? undefined : this);
    if (first) setFeatureNamesIn(this, names);
    const w = checkSampleWeight(options.sampleWeight, n);
    if (first) {
      this.nFeaturesIn_ = d;
      this.nSamplesSeen_ = 0;
      this.mean_ = new Array<number>(d).fill(0);
      this.var_ = this.withStd ? new Array<number>(d).fill(0) : null;
    }
    if (!this.withMean && !this.withStd) {
      this.mean_ = null;
      this.var_ = null;
      this.nSamplesSeen_ += n;
    } else {
      const lastMean = this.mean_ ?? new Array<number>(d).fill(0);
      const r = incrementalMeanAndVar(data, n, d, lastMean, this.var_, this.nSamplesSeen_, w);
      this.mean_ = r.mean;
      this.var_ = r.variance;
      this.nSamplesSeen_ = r.count;
    }
    if (this.withStd) {
      const v = this.var_ as number[],
        m = this.mean_ as number[],
        ns = this.nSamplesSeen_;
      // scikit-learn's _is_constant_feature: a variance within the two-pass algorithm's error bound is zero.
      this.scale_ = v.map((vj, j) => (vj <= ns * EPS * vj + (ns * (m[j] as number) * EPS) ** 2 ? 1 : Math.sqrt(vj)));
    } else this.scale_ = null;
    return this;
  }

  /** `(x - mean_) / scale_` (each part only when enabled). */
  transform(X: TableX): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    return scaleColumns(this, X, this.withMean ? this.mean_ : null, this.withStd ? this.scale_ : null, {
      fitted: this,
    });
  }

  fitTransform(X: TableX, y?: unknown, options: { sampleWeight?: ArrayLike<number> | null } = {}): number[][] {
    return this.fit(X, y, options).transform(X);
  }

  /** Undoes `transform`: `x * scale_ + mean_`. */
  inverseTransform(X: TableX): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    return scaleColumns(this, X, this.withMean ? this.mean_ : null, this.withStd ? this.scale_ : null, {
      inverse: true,
    });
  }

  private reset(): void {
    for (const k of ['mean_', 'var_', 'scale_', 'nSamplesSeen_', 'nFeaturesIn_'])
      delete (this as Record<string, unknown>)[k];
  }

  /** The input names (one output per input column), as scikit-learn's OneToOneFeatureMixin. */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('nSamplesSeen_');
    return featureNamesIn(this, inputFeatures);
  }

  protected isFitted(): boolean {
    return this.nSamplesSeen_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return {
      mean_: this.mean_,
      var_: this.var_,
      scale_: this.scale_,
      nSamplesSeen_: this.nSamplesSeen_,
      nFeaturesIn_: this.nFeaturesIn_,
    };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['mean_', 'var_', 'scale_', 'nSamplesSeen_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (typeof s.nSamplesSeen_ !== 'number' || !(s.nSamplesSeen_ >= 0))
      throw new ValueError(`fromJSON: nSamplesSeen_ must be a number >= 0; got ${describe(s.nSamplesSeen_)}`);
    this.nFeaturesIn_ = d as number;
    this.nSamplesSeen_ = s.nSamplesSeen_;
    this.mean_ = nullableNumberArray('mean_', s.mean_, d as number);
    this.var_ = nullableNumberArray('var_', s.var_, d as number);
    this.scale_ = nullableNumberArray('scale_', s.scale_, d as number);
  }
}

/**
 * scikit-learn's `_incremental_mean_and_var` (float64, no NaN): the corrected
 * two-pass algorithm on the new batch, merged with the running statistics.
 */
export function incrementalMeanAndVar(
  X: Float64Array,
  n: number,
  d: number,
  lastMean: number[],
  lastVar: number[] | null,
  lastCount: number,
  w: Float64Array | null,
): { mean: number[]; variance: number[] | null; count: number } {
  let newCount = n;
  if (w !== null) {
    newCount = 0;
    for (let i = 0; i < n; i++) newCount += w[i] as number;
  }
  const count = lastCount + newCount;
  const newSum = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    for (let j = 0; j < d; j++)
      newSum[j] = (newSum[j] as number) + (w === null ? (X[i * d + j] as number) : wi * (X[i * d + j] as number));
  }
  const mean = newSum.map((s, j) => ((lastMean[j] as number) * lastCount + s) / count);
  if (lastVar === null) return { mean, variance: null, count };
  const correction = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    for (let j = 0; j < d; j++) {
      const t = (X[i * d + j] as number) - (newSum[j] as number) / newCount;
      correction[j] = (correction[j] as number) + wi * t;
      sq[j] = (sq[j] as number) + wi * t * t;
    }
  }
  const variance = sq.map((s, j) => {
    const newUnnormalized = s - (correction[j] as number) ** 2 / newCount;
    if (lastCount === 0) return newUnnormalized / count;
    const lastSum = (lastMean[j] as number) * lastCount;
    const lastOverNew = lastCount / newCount;
    const updated =
      (lastVar[j] as number) * lastCount +
      newUnnormalized +
      (lastOverNew / count) * (lastSum / lastOverNew - (newSum[j] as number)) ** 2;
    return updated / count;
  });
  return { mean, variance, count };
}

// --------------------------------------------------------------- MinMaxScaler

export const MINMAX_DEFAULTS = Object.freeze({
  featureRange: Object.freeze([0, 1]) as readonly [number, number],
  clip: false,
});

/** MinMaxScaler's parameters. */
export type MinMaxScalerParams = { featureRange?: readonly [number, number]; clip?: boolean };

/**
 * scikit-learn's MinMaxScaler: `x * scale_ + min_` maps each column's
 * [dataMin_, dataMax_] onto `featureRange` (constant columns: scale 1);
 * `clip` clamps transformed values into the range.
 *
 * @example
 * const mm = new MinMaxScaler({ featureRange: [-1, 1] }).fit(XTrain);
 * mm.transform(XTest);
 */
export class MinMaxScaler extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = MINMAX_DEFAULTS;
  declare featureRange: readonly [number, number];
  declare clip: boolean;
  declare min_: number[];
  declare scale_: number[];
  declare dataMin_: number[];
  declare dataMax_: number[];
  declare dataRange_: number[];
  declare nSamplesSeen_: number;
  declare nFeaturesIn_: number;
  /** The input's column names, when it had them (records, `{ columns, data }`). */
  declare featureNamesIn_?: string[];

  constructor(params: MinMaxScalerParams = {}) {
    super(params);
  }

  /** Computes the per-column minimum and maximum of X (forgetting any earlier fit). */
  fit(X: TableX, _y?: unknown): this {
    delete (this as Record<string, unknown>).nSamplesSeen_;
    return this.partialFit(X);
  }

  /** Widens the running minimum and maximum with one more batch. */
  partialFit(X: TableX, _y?: unknown): this {
    validateParams(this, {
      featureRange: (v) =>
        Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))
          ? null
          : 'an array of two finite numbers [min, max]',
      clip: bool,
    });
    const [lo, hi] = this.featureRange;
    if (!(lo < hi))
      throw new ValueError(`Minimum of desired feature range must be smaller than maximum. Got [${lo}, ${hi}].`);
    const name = this.constructor.name;
    const first = this.nSamplesSeen_ === undefined;
    const { data, n, d, names } = readMatrix(X, name, first ? undefined : this);
    if (first) setFeatureNamesIn(this, names);
    const dmin = new Array<number>(d).fill(Infinity),
      dmax = new Array<number>(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j] as number;
        if (v < (dmin[j] as number)) dmin[j] = v;
        if (v > (dmax[j] as number)) dmax[j] = v;
      }
    }
    if (first) {
      this.nFeaturesIn_ = d;
      this.nSamplesSeen_ = n;
    } else {
      for (let j = 0; j < d; j++) {
        dmin[j] = Math.min(this.dataMin_[j] as number, dmin[j] as number);
        dmax[j] = Math.max(this.dataMax_[j] as number, dmax[j] as number);
      }
      this.nSamplesSeen_ += n;
    }
    const range = dmax.map((m, j) => m - (dmin[j] as number));
    // scikit-learn's _handle_zeros_in_scale: ranges below 10 eps count as zero and divide by 1.
    this.scale_ = range.map((r) => (hi - lo) / (r < 10 * EPS ? 1 : r));
    this.min_ = dmin.map((m, j) => lo - m * (this.scale_[j] as number));
    this.dataMin_ = dmin;
    this.dataMax_ = dmax;
    this.dataRange_ = range;
    return this;
  }

  /** `x * scale_ + min_`, clamped to featureRange when `clip`. */
  transform(X: TableX): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    return scaleColumns(this, X, this.min_, this.scale_, {
      inverse: true,
      fitted: this,
      clip: this.clip ? this.featureRange : null,
    });
  }

  fitTransform(X: TableX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** Undoes `transform`: `(x - min_) / scale_`. */
  inverseTransform(X: TableX): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    return scaleColumns(this, X, this.min_, this.scale_);
  }

  /** The input names (one output per input column), as scikit-learn's OneToOneFeatureMixin. */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('nSamplesSeen_');
    return featureNamesIn(this, inputFeatures);
  }

  protected isFitted(): boolean {
    return this.nSamplesSeen_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return {
      min_: this.min_,
      scale_: this.scale_,
      dataMin_: this.dataMin_,
      dataMax_: this.dataMax_,
      dataRange_: this.dataRange_,
      nSamplesSeen_: this.nSamplesSeen_,
      nFeaturesIn_: this.nFeaturesIn_,
    };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, [
      'min_',
      'scale_',
      'dataMin_',
      'dataMax_',
      'dataRange_',
      'nSamplesSeen_',
      'nFeaturesIn_',
    ]);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (!Number.isInteger(s.nSamplesSeen_) || (s.nSamplesSeen_ as number) < 1)
      throw new ValueError(`fromJSON: nSamplesSeen_ must be a positive integer; got ${describe(s.nSamplesSeen_)}`);
    this.nFeaturesIn_ = d as number;
    this.nSamplesSeen_ = s.nSamplesSeen_ as number;
    this.min_ = numberArray('min_', s.min_, d as number);
    this.scale_ = numberArray('scale_', s.scale_, d as number);
    this.dataMin_ = numberArray('dataMin_', s.dataMin_, d as number);
    this.dataMax_ = numberArray('dataMax_', s.dataMax_, d as number);
    this.dataRange_ = numberArray('dataRange_', s.dataRange_, d as number);
  }
}

registerBuiltIn(StandardScaler, 'StandardScaler');
registerBuiltIn(MinMaxScaler, 'MinMaxScaler');

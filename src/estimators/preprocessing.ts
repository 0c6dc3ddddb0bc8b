// scikit-learn's preprocessing transformers: StandardScaler, MinMaxScaler, OneHotEncoder and LabelEncoder,
// with their fitted attributes, numerics (float64) and JSON round trip. Imports estimators, nn's config helpers and tensor only; no Node built-ins.

import { InvalidParameterError, ValueError, describe } from '../errors.ts';
import { isRecord, pickKeys } from '../nn/config.ts';
import { BaseEstimator } from './base.ts';
import { checkX, checkSampleWeight, uniqueLabels, type Label, type XLike } from './validation.ts';
import type { LabelArray } from './metrics.ts';
import type { EstimatorJSON } from './wrappers.ts';

const EPS = 2.220446049250313e-16; // np.finfo(np.float64).eps

/** One cell of a categorical table: OneHotEncoder columns hold numbers, strings or booleans. */
export type Cell = number | string | boolean;
/** Rows of cells (strings allowed), as OneHotEncoder and pipelines that start with one accept. */
export type CellsX = readonly (readonly Cell[])[];

// ------------------------------------------------------------------ helpers

type Check = (v: unknown) => string | null; // null when valid, else what was expected

const bool: Check = (v) => (typeof v === 'boolean' ? null : "an instance of 'bool'");

/** scikit-learn's `_validate_params`: every parameter against its constraint, unknown names refused. */
function validateParams(est: BaseEstimator, table: Record<string, Check>): void {
  const name = est.constructor.name;
  for (const [k, v] of Object.entries(est.getParams())) {
    const check = Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined;
    if (check === undefined) throw new InvalidParameterError(`${name} got an unexpected parameter '${k}'. Valid parameters are: ${Object.keys(table).join(', ')}.`);
    const expected = check(v);
    if (expected !== null) throw new InvalidParameterError(`The '${k}' parameter of ${name} must be ${expected}. Got ${describe(v)} instead.`);
  }
}

/** X as a row-major float64 matrix (validated by checkX: rectangular, numeric, finite, non-empty). */
function readMatrix(X: XLike, estimator: string): { data: Float64Array; n: number; d: number } {
  const t = checkX(X, { estimator, dtype: 'float64' });
  return { data: t.data as Float64Array, n: t.shape[0] as number, d: t.shape[1] as number };
}

function toRows(data: ArrayLike<number>, n: number, d: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(d);
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] as number;
    out[i] = row;
  }
  return out;
}

function checkFeatures(est: string, got: number, expected: number): void {
  if (got !== expected) throw new ValueError(`X has ${got} features, but ${est} is expecting ${expected} features as input.`);
}

function numberArray(where: string, v: unknown, length: number): number[] {
  if (!Array.isArray(v) || v.length !== length || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new ValueError(`fromJSON: ${where} must be an array of ${length} finite numbers; got ${describe(v)}`);
  }
  return v.slice() as number[];
}

function nullableNumberArray(where: string, v: unknown, length: number): number[] | null {
  return v === null ? null : numberArray(where, v, length);
}

/**
 * What the transformers here share: the fit / transform / fitTransform /
 * inverseTransform interface, the fitted-state JSON frame (the estimators'
 * `EstimatorJSON`) and `fromJSON` with key checks.
 */
export abstract class BaseTransformer extends BaseEstimator {
  abstract fit(X: unknown, y?: unknown, options?: Record<string, unknown>): this;
  abstract transform(X: unknown): unknown;
  /** Fits, then transforms the same X (scikit-learn's TransformerMixin). */
  abstract fitTransform(X: unknown, y?: unknown, options?: Record<string, unknown>): unknown;
  abstract inverseTransform(X: unknown): unknown;

  /** Whether `fit` has run. */
  protected abstract isFitted(): boolean;
  /** The fitted attributes as JSON values. */
  protected abstract fittedState(): Record<string, unknown>;
  /** Restores (and validates) the fitted attributes written by `fittedState`. */
  protected abstract loadFittedState(state: Record<string, unknown>): void;

  /** Parameters and fitted attributes, in the estimators' JSON format. */
  toJSON(): EstimatorJSON {
    return { format: 'scikeras-ts/estimator', version: 1, className: this.constructor.name, params: JSON.parse(JSON.stringify(this.getParams())) as Record<string, unknown>, omittedParams: [], fitted: this.isFitted() ? this.fittedState() : null };
  }

  /**
   * Rebuilds a transformer from `toJSON()` output (an object or its JSON
   * string). Unknown keys anywhere are refused; `overrides` replace parameters.
   *
   * @example
   * const again = StandardScaler.fromJSON(JSON.stringify(scaler));
   */
  static fromJSON<T extends BaseTransformer>(this: (new (p: Record<string, unknown>) => T) & { defaults: Readonly<Record<string, unknown>> }, json: unknown, overrides: Record<string, unknown> = {}): T {
    const j = pickKeys('estimator JSON', typeof json === 'string' ? JSON.parse(json) : json, ['format', 'version', 'className', 'params', 'omittedParams', 'fitted']);
    if (j.format !== 'scikeras-ts/estimator' || j.version !== 1) throw new ValueError(`fromJSON: unsupported format ${describe(j.format)} version ${describe(j.version)}`);
    if (j.className !== this.name) throw new ValueError(`fromJSON: the JSON holds a ${describe(j.className)}, not a ${this.name}`);
    const params = pickKeys('params', j.params, Object.keys(this.defaults));
    const est = new this({ ...params, ...pickKeys('overrides', overrides, Object.keys(this.defaults)) });
    if (j.fitted !== null && j.fitted !== undefined) {
      if (!isRecord(j.fitted)) throw new ValueError(`fromJSON: fitted must be an object or null; got ${describe(j.fitted)}`);
      est.loadFittedState(j.fitted);
    }
    return est;
  }
}

// ------------------------------------------------------------- StandardScaler

const STANDARD_DEFAULTS = Object.freeze({ withMean: true, withStd: true });

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

  constructor(params: StandardScalerParams = {}) {
    super(params);
  }

  /** Computes mean_, var_ and scale_ from X (forgetting any earlier fit). */
  fit(X: XLike, _y?: unknown, options: { sampleWeight?: ArrayLike<number> | null } = {}): this {
    this.reset();
    return this.partialFit(X, _y, options);
  }

  /** Updates the statistics with one more batch of rows. */
  partialFit(X: XLike, _y?: unknown, options: { sampleWeight?: ArrayLike<number> | null } = {}): this {
    validateParams(this, { withMean: bool, withStd: bool });
    const name = this.constructor.name;
    const { data, n, d } = readMatrix(X, name);
    const first = this.nSamplesSeen_ === undefined;
    if (!first) checkFeatures(name, d, this.nFeaturesIn_);
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
      const v = this.var_ as number[], m = this.mean_ as number[], ns = this.nSamplesSeen_;
      // scikit-learn's _is_constant_feature: a variance within the two-pass algorithm's error bound is zero.
      this.scale_ = v.map((vj, j) => (vj <= ns * EPS * vj + (ns * (m[j] as number) * EPS) ** 2 ? 1 : Math.sqrt(vj)));
    } else this.scale_ = null;
    return this;
  }

  /** `(x - mean_) / scale_` (each part only when enabled). */
  transform(X: XLike): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    checkFeatures(this.constructor.name, d, this.nFeaturesIn_);
    const out = new Float64Array(data);
    const mean = this.withMean ? this.mean_ : null;
    const scale = this.withStd ? this.scale_ : null;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = out[i * d + j] as number;
        if (mean) v -= mean[j] as number;
        if (scale) v /= scale[j] as number;
        out[i * d + j] = v;
      }
    }
    return toRows(out, n, d);
  }

  fitTransform(X: XLike, y?: unknown, options: { sampleWeight?: ArrayLike<number> | null } = {}): number[][] {
    return this.fit(X, y, options).transform(X);
  }

  /** Undoes `transform`: `x * scale_ + mean_`. */
  inverseTransform(X: XLike): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    checkFeatures(this.constructor.name, d, this.nFeaturesIn_);
    const out = new Float64Array(data);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = out[i * d + j] as number;
        if (this.withStd && this.scale_) v *= this.scale_[j] as number;
        if (this.withMean && this.mean_) v += this.mean_[j] as number;
        out[i * d + j] = v;
      }
    }
    return toRows(out, n, d);
  }

  private reset(): void {
    for (const k of ['mean_', 'var_', 'scale_', 'nSamplesSeen_', 'nFeaturesIn_']) delete (this as Record<string, unknown>)[k];
  }

  protected isFitted(): boolean {
    return this.nSamplesSeen_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { mean_: this.mean_, var_: this.var_, scale_: this.scale_, nSamplesSeen_: this.nSamplesSeen_, nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['mean_', 'var_', 'scale_', 'nSamplesSeen_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1) throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (typeof s.nSamplesSeen_ !== 'number' || !(s.nSamplesSeen_ >= 0)) throw new ValueError(`fromJSON: nSamplesSeen_ must be a number >= 0; got ${describe(s.nSamplesSeen_)}`);
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
function incrementalMeanAndVar(X: Float64Array, n: number, d: number, lastMean: number[], lastVar: number[] | null, lastCount: number, w: Float64Array | null): { mean: number[]; variance: number[] | null; count: number } {
  let newCount = n;
  if (w !== null) {
    newCount = 0;
    for (let i = 0; i < n; i++) newCount += w[i] as number;
  }
  const count = lastCount + newCount;
  const newSum = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    for (let j = 0; j < d; j++) newSum[j] = (newSum[j] as number) + (w === null ? (X[i * d + j] as number) : wi * (X[i * d + j] as number));
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
    const updated = (lastVar[j] as number) * lastCount + newUnnormalized + (lastOverNew / count) * (lastSum / lastOverNew - (newSum[j] as number)) ** 2;
    return updated / count;
  });
  return { mean, variance, count };
}

// --------------------------------------------------------------- MinMaxScaler

const MINMAX_DEFAULTS = Object.freeze({ featureRange: Object.freeze([0, 1]) as readonly [number, number], clip: false });

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

  constructor(params: MinMaxScalerParams = {}) {
    super(params);
  }

  /** Computes the per-column minimum and maximum of X (forgetting any earlier fit). */
  fit(X: XLike, _y?: unknown): this {
    delete (this as Record<string, unknown>).nSamplesSeen_;
    return this.partialFit(X);
  }

  /** Widens the running minimum and maximum with one more batch. */
  partialFit(X: XLike, _y?: unknown): this {
    validateParams(this, {
      featureRange: (v) => (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? null : 'an array of two finite numbers [min, max]'),
      clip: bool,
    });
    const [lo, hi] = this.featureRange;
    if (!(lo < hi)) throw new ValueError(`Minimum of desired feature range must be smaller than maximum. Got [${lo}, ${hi}].`);
    const name = this.constructor.name;
    const { data, n, d } = readMatrix(X, name);
    const first = this.nSamplesSeen_ === undefined;
    if (!first) checkFeatures(name, d, this.nFeaturesIn_);
    const dmin = new Array<number>(d).fill(Infinity), dmax = new Array<number>(d).fill(-Infinity);
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
  transform(X: XLike): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    checkFeatures(this.constructor.name, d, this.nFeaturesIn_);
    const [lo, hi] = this.featureRange;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = (data[i * d + j] as number) * (this.scale_[j] as number) + (this.min_[j] as number);
        if (this.clip) v = Math.min(Math.max(v, lo), hi);
        out[i * d + j] = v;
      }
    }
    return toRows(out, n, d);
  }

  fitTransform(X: XLike, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** Undoes `transform`: `(x - min_) / scale_`. */
  inverseTransform(X: XLike): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    checkFeatures(this.constructor.name, d, this.nFeaturesIn_);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = ((data[i * d + j] as number) - (this.min_[j] as number)) / (this.scale_[j] as number);
    return toRows(out, n, d);
  }

  protected isFitted(): boolean {
    return this.nSamplesSeen_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { min_: this.min_, scale_: this.scale_, dataMin_: this.dataMin_, dataMax_: this.dataMax_, dataRange_: this.dataRange_, nSamplesSeen_: this.nSamplesSeen_, nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['min_', 'scale_', 'dataMin_', 'dataMax_', 'dataRange_', 'nSamplesSeen_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1) throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (!Number.isInteger(s.nSamplesSeen_) || (s.nSamplesSeen_ as number) < 1) throw new ValueError(`fromJSON: nSamplesSeen_ must be a positive integer; got ${describe(s.nSamplesSeen_)}`);
    this.nFeaturesIn_ = d as number;
    this.nSamplesSeen_ = s.nSamplesSeen_ as number;
    this.min_ = numberArray('min_', s.min_, d as number);
    this.scale_ = numberArray('scale_', s.scale_, d as number);
    this.dataMin_ = numberArray('dataMin_', s.dataMin_, d as number);
    this.dataMax_ = numberArray('dataMax_', s.dataMax_, d as number);
    this.dataRange_ = numberArray('dataRange_', s.dataRange_, d as number);
  }
}

// -------------------------------------------------------------- OneHotEncoder

const ONEHOT_DEFAULTS = Object.freeze({ categories: 'auto' as 'auto' | Cell[][], handleUnknown: 'error' as 'error' | 'ignore' });

/** OneHotEncoder's parameters. */
export type OneHotEncoderParams = { categories?: 'auto' | Cell[][]; handleUnknown?: 'error' | 'ignore' };

type Kind = 'number' | 'string' | 'boolean';

/** X as columns of cells, each column of one kind (scikit-learn: "uniformly strings or numbers"). */
function readCells(X: unknown, estimator: string): { cols: Cell[][]; n: number; d: number } {
  let rows: readonly (readonly unknown[])[];
  if (Array.isArray(X) && X.length > 0 && Array.isArray(X[0])) rows = X as unknown[][];
  else {
    // Numeric input (a Tensor, a typed array with a shape, ...) and bad input get checkX's validation and messages.
    const m = readMatrix(X as XLike, estimator);
    rows = toRows(m.data, m.n, m.d);
  }
  const n = rows.length;
  const d = (rows[0] as unknown[]).length;
  if (d === 0) throw new ValueError(`Found array with 0 feature(s) (shape=(${n}, 0)) while a minimum of 1 is required by ${estimator}.`);
  const cols: Cell[][] = Array.from({ length: d }, () => new Array<Cell>(n));
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== d) throw new ValueError(`X has inconsistent row lengths: row 0 has ${d} values but row ${i} ${Array.isArray(row) ? `has ${row.length}` : `is ${describe(row)}`}.`);
    for (let j = 0; j < d; j++) {
      const v = row[j] as unknown;
      if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean') {
        throw new ValueError(`${estimator}: X[${i}][${j}] must be a finite number, a string or a boolean; got ${describe(v)}. Missing values are not encoded as a category here; impute them first.`);
      }
      (cols[j] as Cell[])[i] = v as Cell;
    }
  }
  return { cols, n, d };
}

function kindsOf(values: readonly unknown[]): Kind[] {
  return [...new Set(values.map((v) => typeof v as Kind))].sort();
}

function cellList(values: readonly Cell[]): string {
  return `[${values.map(describe).join(', ')}]`;
}

/**
 * scikit-learn's OneHotEncoder (dense output): one 0/1 column per category of
 * each input column. Columns may hold numbers, strings or booleans (one kind
 * per column); `categories_` are sorted. Unknown categories at transform
 * throw (`handleUnknown: 'error'`) or encode as all zeros (`'ignore'`).
 *
 * @example
 * const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([['red', 1], ['blue', 2]]);
 * enc.transform([['blue', 1]]);   // [[1, 0, 1, 0]]
 * enc.categories_;                // [['blue', 'red'], [1, 2]]
 */
export class OneHotEncoder extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = ONEHOT_DEFAULTS;
  declare categories: 'auto' | Cell[][];
  declare handleUnknown: 'error' | 'ignore';
  /** The categories of each input column, sorted (or as given). */
  declare categories_: Cell[][];
  declare nFeaturesIn_: number;

  constructor(params: OneHotEncoderParams = {}) {
    super(params);
  }

  /** Learns the categories of every column (or checks X against the given ones). */
  fit(X: CellsX | XLike, _y?: unknown): this {
    validateParams(this, {
      categories: (v) => (v === 'auto' || (Array.isArray(v) && v.every((c) => Array.isArray(c) && c.length > 0 && kindsOf(c).length === 1 && c.every((x) => ['number', 'string', 'boolean'].includes(typeof x)))) ? null : "'auto' or an array with one non-empty array of numbers, strings or booleans (one kind) per column"),
      handleUnknown: (v) => (v === 'error' || v === 'ignore' ? null : "a str among {'error', 'ignore'}"),
    });
    const name = this.constructor.name;
    const { cols, d } = readCells(X, name);
    if (this.categories !== 'auto' && this.categories.length !== d) {
      throw new ValueError(`Shape mismatch: if categories is an array, it has to be of shape (n_features,). Got ${this.categories.length} category lists for ${d} columns.`);
    }
    const cats: Cell[][] = [];
    for (let j = 0; j < d; j++) {
      const col = cols[j] as Cell[];
      const kinds = kindsOf(col);
      if (kinds.length > 1) throw new ValueError(`Encoders require their input to be uniformly strings or numbers. Got ${cellList(kinds)} in column ${j}.`);
      if (this.categories === 'auto') {
        cats.push(uniqueLabels(col as LabelArray) as Cell[]);
        continue;
      }
      const given = (this.categories[j] as Cell[]).slice();
      if (typeof given[0] === 'number' && given.some((c, k) => k > 0 && (c as number) <= (given[k - 1] as number))) {
        throw new ValueError(`Unsorted categories are not supported for numerical categories (column ${j}: ${cellList(given)}).`);
      }
      if (this.handleUnknown === 'error') {
        const known = new Set<Cell>(given);
        const unknown = [...new Set(col.filter((v) => !known.has(v)))];
        if (unknown.length > 0) throw new ValueError(`Found unknown categories ${cellList(uniqueLabels(unknown as LabelArray))} in column ${j} during fit`);
      }
      cats.push(given);
    }
    this.categories_ = cats;
    this.nFeaturesIn_ = d;
    return this;
  }

  /** The 0/1 matrix: for each input column, one column per category in `categories_` order. */
  transform(X: CellsX | XLike): number[][] {
    this.checkIsFitted('categories_');
    const name = this.constructor.name;
    const { cols, n, d } = readCells(X, name);
    checkFeatures(name, d, this.nFeaturesIn_);
    const width = this.categories_.reduce((s, c) => s + c.length, 0);
    const out: number[][] = Array.from({ length: n }, () => new Array<number>(width).fill(0));
    let offset = 0;
    for (let j = 0; j < d; j++) {
      const cats = this.categories_[j] as Cell[];
      const index = new Map<Cell, number>(cats.map((c, k) => [c, k]));
      const col = cols[j] as Cell[];
      const unknown: Cell[] = [];
      for (let i = 0; i < n; i++) {
        const k = index.get(col[i] as Cell);
        if (k === undefined) unknown.push(col[i] as Cell);
        else (out[i] as number[])[offset + k] = 1;
      }
      if (unknown.length > 0 && this.handleUnknown === 'error') {
        const kinds = kindsOf(unknown);
        throw new ValueError(`Found unknown categories ${cellList(kinds.length === 1 ? uniqueLabels(unknown as LabelArray) : [...new Set(unknown)])} in column ${j} during transform`);
      }
      offset += cats.length;
    }
    return out;
  }

  fitTransform(X: CellsX | XLike, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** The categories back from a one-hot matrix (argmax per block); an all-zero block gives null with `handleUnknown: 'ignore'`. */
  inverseTransform(X: XLike): (Cell | null)[][] {
    this.checkIsFitted('categories_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    const width = this.categories_.reduce((s, c) => s + c.length, 0);
    if (d !== width) throw new ValueError(`Shape of the passed X data is not correct. Expected ${width} columns, got ${d}.`);
    const out: (Cell | null)[][] = Array.from({ length: n }, () => new Array<Cell | null>(this.nFeaturesIn_));
    let offset = 0;
    this.categories_.forEach((cats, j) => {
      const allZero: number[] = [];
      for (let i = 0; i < n; i++) {
        let best = 0, sum = 0;
        for (let k = 0; k < cats.length; k++) {
          const v = data[i * d + offset + k] as number;
          sum += v;
          if (v > (data[i * d + offset + best] as number)) best = k;
        }
        if (sum === 0) allZero.push(i);
        (out[i] as (Cell | null)[])[j] = sum === 0 && this.handleUnknown === 'ignore' ? null : (cats[best] as Cell);
      }
      if (allZero.length > 0 && this.handleUnknown === 'error') {
        throw new ValueError(`Samples [${allZero.join(' ')}] can not be inverted when handleUnknown='error' because they contain all zeros`);
      }
      offset += cats.length;
    });
    return out;
  }

  /** Output column names `<input>_<category>` (inputs default to x0, x1, ...). */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.checkIsFitted('categories_');
    const names = inputFeatures ?? Array.from({ length: this.nFeaturesIn_ }, (_, j) => `x${j}`);
    if (names.length !== this.nFeaturesIn_) throw new ValueError(`inputFeatures should have length equal to number of features (${this.nFeaturesIn_}), got ${names.length}`);
    return this.categories_.flatMap((cats, j) => cats.map((c) => `${names[j]}_${String(c)}`));
  }

  protected isFitted(): boolean {
    return this.categories_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { categories_: this.categories_.map((c) => c.slice()), nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['categories_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    const cats = s.categories_;
    if (!Number.isInteger(d) || (d as number) < 1) throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (!Array.isArray(cats) || cats.length !== d || !cats.every((c) => Array.isArray(c) && c.length > 0 && kindsOf(c).length === 1 && c.every((x) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))))) {
      throw new ValueError(`fromJSON: categories_ must hold ${describe(d)} non-empty arrays of numbers, strings or booleans (one kind each); got ${describe(cats)}`);
    }
    this.nFeaturesIn_ = d as number;
    this.categories_ = (cats as Cell[][]).map((c) => c.slice());
  }
}

// --------------------------------------------------------------- LabelEncoder

type Labels = readonly number[] | readonly string[] | readonly boolean[];

function readLabels(y: unknown, name: string): Label[] {
  const arr = ArrayBuffer.isView(y) && !(y instanceof DataView) ? Array.from(y as unknown as ArrayLike<number>) : y;
  if (!Array.isArray(arr)) throw new ValueError(`${name}: y must be a 1-D array of labels; got ${describe(y)}.`);
  arr.forEach((v, i) => {
    if (Array.isArray(v)) throw new ValueError(`${name}: y should be a 1d array, got an array of rows (row ${i} is ${describe(v)}) instead.`);
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean') throw new ValueError(`${name}: y[${i}] must be a finite number, a string or a boolean; got ${describe(v)}.`);
  });
  return arr as Label[];
}

/**
 * scikit-learn's LabelEncoder: labels to 0..K-1 in the order of the sorted
 * `classes_`, and back.
 *
 * @example
 * const le = new LabelEncoder().fit(['paris', 'tokyo', 'paris']);
 * le.classes_;                 // ['paris', 'tokyo']
 * le.transform(['tokyo']);     // [1]
 * le.inverseTransform([0]);    // ['paris']
 */
export class LabelEncoder extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({});
  /** The sorted distinct labels seen at fit. */
  declare classes_: Label[];

  constructor(params: Record<string, never> = {}) {
    super(params);
  }

  /** Learns the sorted distinct labels of y. */
  fit(y: Labels | ArrayLike<number>): this {
    validateParams(this, {});
    this.classes_ = uniqueLabels(readLabels(y, this.constructor.name) as LabelArray);
    return this;
  }

  /** Each label's index in `classes_`; an unseen label throws. */
  transform(y: Labels | ArrayLike<number>): number[] {
    this.checkIsFitted('classes_');
    const labels = readLabels(y, this.constructor.name);
    const index = new Map<Label, number>(this.classes_.map((c, k) => [c, k]));
    const unseen = [...new Set(labels.filter((l) => !index.has(l)))];
    if (unseen.length > 0) throw new ValueError(`y contains previously unseen labels: ${cellList(unseen)}`);
    return labels.map((l) => index.get(l) as number);
  }

  fitTransform(y: Labels | ArrayLike<number>): number[] {
    return this.fit(y).transform(y);
  }

  /** The labels of indices 0..K-1; anything else throws. */
  inverseTransform(y: ArrayLike<number>): Label[] {
    this.checkIsFitted('classes_');
    const idx = Array.from(readLabels(y, this.constructor.name));
    const bad = [...new Set(idx.filter((i) => typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= this.classes_.length))];
    if (bad.length > 0) throw new ValueError(`y contains previously unseen labels: ${cellList(bad)}`);
    return idx.map((i) => this.classes_[i as number] as Label);
  }

  protected isFitted(): boolean {
    return this.classes_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { classes_: this.classes_.slice() };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['classes_']);
    const c = s.classes_;
    if (!Array.isArray(c) || kindsOf(c).length > 1 || !c.every((x) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)))) {
      throw new ValueError(`fromJSON: classes_ must be an array of numbers, strings or booleans (one kind); got ${describe(c)}`);
    }
    this.classes_ = c.slice() as Label[];
  }
}

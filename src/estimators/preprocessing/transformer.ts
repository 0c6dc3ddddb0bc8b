// The transformers' shared base (fit / transform / fitTransform / inverseTransform, parameter checks,
// feature names in and out, JSON) and input helpers: numeric matrices from any table form. Imports
// src/core, the estimators' base and utils.
import { InvalidParameterError, ValueError, describe } from '../../core/errors.ts';
import { isRecord, pickKeys } from '../../core/objects.ts';
import { validateParams as validateTable, type Constraint } from '../../core/param-validation.ts';
import { warn } from '../../core/warnings.ts';
import { BaseEstimator, estimatorJSON, readEstimatorJSON, type EstimatorJSON, type EstimatorType } from '../base.ts';
import { checkX, type XLike } from '../utils/validation.ts';
import {
  type ColumnsData,
  type Records,
  type Table,
  isColumnsData,
  isMissing,
  isRecords,
  readTable,
} from '../utils/tabular.ts';

/** One cell of a categorical table: encoders take numbers, strings and booleans, mixed in a column if need be. */
export type Cell = number | string | boolean;
/** Rows of cells (strings allowed), as the encoders and pipelines that start with one accept. */
export type CellsX = readonly (readonly Cell[])[];
/** What the numeric transformers take: a matrix, or a table of numbers with named columns. */
export type TableX = XLike | Records | ColumnsData;

// ------------------------------------------------------------------ helpers

/** scikit-learn's `_validate_params` for a transformer: every parameter against its constraint, unknown names refused. */
export function validateParams(est: BaseEstimator, table: Readonly<Record<string, Constraint>>): void {
  const name = est.constructor.name;
  for (const k of Object.keys(est.getParams())) {
    if (!Object.prototype.hasOwnProperty.call(table, k)) {
      throw new InvalidParameterError(
        `${name} got an unexpected parameter '${k}'. Valid parameters are: ${Object.keys(table).join(', ')}.`,
      );
    }
  }
  validateTable(name, est, table);
}

/** What a fitted transformer knows of its input's columns. */
export interface FittedColumns {
  nFeaturesIn_: number;
  featureNamesIn_?: string[];
}

/**
 * X as a row-major float64 matrix (rectangular, numeric, finite, non-empty), with its column names when X
 * is records or `{ columns, data }`. With `fitted`, named columns are put in the order seen at fit and the
 * number of features must be the fitted one.
 */
export function readMatrix(
  X: unknown,
  estimator: string,
  fitted?: FittedColumns,
): { data: Float64Array; n: number; d: number; names: string[] | null } {
  if (!isRecords(X) && !isColumnsData(X)) {
    const t = checkX(X, { estimator, dtype: 'float64' });
    const m = { data: t.data as Float64Array, n: t.shape[0] as number, d: t.shape[1] as number, names: null };
    if (fitted !== undefined) {
      checkFeatureNames(fitted, null, estimator);
      checkFeatures(estimator, m.d, fitted.nFeaturesIn_);
    }
    return m;
  }
  const table = fitted === undefined ? readTable(X, estimator) : alignTable(readTable(X, estimator), fitted, estimator);
  const { n, d, rows } = table;
  const names = table.names as string[];
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as unknown[];
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v === 'number' && Number.isFinite(v)) data[i * d + j] = v;
      else if (typeof v === 'boolean') data[i * d + j] = v ? 1 : 0;
      else if (isMissing(v))
        throw new ValueError(
          `Input X contains a missing value (${describe(v)}) in column '${names[j]}' (row ${i}). ${estimator} does not ` +
            `accept missing values; impute them first (SimpleImputer) or drop those rows.`,
        );
      else
        throw new ValueError(
          typeof v === 'number'
            ? `Input X contains infinity or a value too large for dtype('float64') in column '${names[j]}' (row ${i}).`
            : `X must be numeric: found ${describe(v)} in column '${names[j]}' (row ${i}). Encode categorical ` +
                `columns (OneHotEncoder or OrdinalEncoder in a ColumnTransformer) first.`,
        );
    }
  }
  return { data, n, d, names };
}

/**
 * A table whose named columns are put in the order seen at fit (records carry no column order of their
 * own); columns unseen at fit or missing now are refused with scikit-learn's message.
 */
export function alignTable(t: Table, fitted: FittedColumns, estimator: string): Table {
  const expected = fitted.featureNamesIn_;
  checkFeatureNames(fitted, t.names, estimator);
  if (expected === undefined || t.names === null) {
    if (t.d !== fitted.nFeaturesIn_) checkFeatures(estimator, t.d, fitted.nFeaturesIn_);
    return t;
  }
  const given = t.names;
  const unseen = given.filter((c) => !expected.includes(c)).sort();
  const missing = expected.filter((c) => !given.includes(c)).sort();
  if (unseen.length > 0 || missing.length > 0) {
    const list = (names: string[]): string =>
      names
        .slice(0, 5)
        .map((c) => `- ${c}\n`)
        .join('') + (names.length > 5 ? '- ...\n' : '');
    throw new ValueError(
      'The feature names should match those that were passed during fit.\n' +
        (unseen.length > 0 ? `Feature names unseen at fit time:\n${list(unseen)}` : '') +
        (missing.length > 0 ? `Feature names seen at fit time, yet now missing:\n${list(missing)}` : '') +
        `(${estimator} was fitted on the columns ${expected.join(', ')})`,
    );
  }
  if (given.every((c, j) => c === expected[j])) return t;
  const at = expected.map((c) => given.indexOf(c));
  return { n: t.n, d: t.d, names: expected.slice(), rows: t.rows.map((r) => at.map((j) => r[j])) };
}

/** scikit-learn's `_check_feature_names(reset=False)` warnings when one of fit and now had names and the other not. */
function checkFeatureNames(fitted: FittedColumns, names: string[] | null, estimator: string): void {
  if (names !== null && fitted.featureNamesIn_ === undefined)
    warn('UserWarning', `X has feature names, but ${estimator} was fitted without feature names`);
  else if (names === null && fitted.featureNamesIn_ !== undefined)
    warn('UserWarning', `X does not have valid feature names, but ${estimator} was fitted with feature names`);
}

/** Sets `featureNamesIn_` from the fitted input's column names, or removes it (scikit-learn's reset). */
export function setFeatureNamesIn(est: object, names: readonly string[] | null): void {
  if (names !== null) (est as FittedColumns).featureNamesIn_ = names.slice();
  else delete (est as FittedColumns).featureNamesIn_;
}

/**
 * scikit-learn's `_check_feature_names_in`: the given names (which must match `featureNamesIn_` and the
 * number of features), else `featureNamesIn_`, else x0, x1, ...
 */
export function featureNamesIn(est: FittedColumns, inputFeatures?: readonly string[] | null): string[] {
  if (inputFeatures !== undefined && inputFeatures !== null) {
    if (!Array.isArray(inputFeatures) || inputFeatures.some((f) => typeof f !== 'string'))
      throw new ValueError(`inputFeatures must be an array of strings; got ${describe(inputFeatures)}.`);
    const known = est.featureNamesIn_;
    if (known !== undefined && (known.length !== inputFeatures.length || known.some((f, j) => f !== inputFeatures[j])))
      throw new ValueError('input_features is not equal to feature_names_in_');
    if (inputFeatures.length !== est.nFeaturesIn_)
      throw new ValueError(
        `input_features should have length equal to number of features (${est.nFeaturesIn_}), got ${inputFeatures.length}`,
      );
    return inputFeatures.slice();
  }
  if (est.featureNamesIn_ !== undefined) return est.featureNamesIn_.slice();
  return Array.from({ length: est.nFeaturesIn_ }, (_, j) => `x${j}`);
}

/**
 * The per-column affine map every scaler applies: `(x - center[j]) / scale[j]`, or with `inverse`
 * `x * scale[j] + center[j]` (a null part is skipped), then clipped to `clip` when given. X is read with the
 * fitted column names when `fitted` is given, and must have the fitted number of features.
 */
export function scaleColumns(
  est: { nFeaturesIn_: number; constructor: { name: string } },
  X: unknown,
  center: ArrayLike<number> | null,
  scale: ArrayLike<number> | null,
  options: { inverse?: boolean; fitted?: FittedColumns; clip?: readonly [number, number] | null } = {},
): number[][] {
  const name = est.constructor.name;
  const { data, n, d } = readMatrix(X, name, options.fitted);
  if (options.fitted === undefined) checkFeatures(name, d, est.nFeaturesIn_);
  const out = new Float64Array(n * d);
  const clip = options.clip ?? null;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let v = data[i * d + j] as number;
      if (options.inverse) {
        if (scale) v *= scale[j] as number;
        if (center) v += center[j] as number;
      } else {
        if (center) v -= center[j] as number;
        if (scale) v /= scale[j] as number;
      }
      if (clip) v = Math.min(Math.max(v, clip[0]), clip[1]);
      out[i * d + j] = v;
    }
  }
  return toRows(out, n, d);
}

export function toRows(data: ArrayLike<number>, n: number, d: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(d);
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] as number;
    out[i] = row;
  }
  return out;
}

export function checkFeatures(est: string, got: number, expected: number): void {
  if (got !== expected)
    throw new ValueError(`X has ${got} features, but ${est} is expecting ${expected} features as input.`);
}

export function numberArray(where: string, v: unknown, length: number): number[] {
  if (!Array.isArray(v) || v.length !== length || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new ValueError(`fromJSON: ${where} must be an array of ${length} finite numbers; got ${describe(v)}`);
  }
  return v.slice() as number[];
}

export function nullableNumberArray(where: string, v: unknown, length: number): number[] | null {
  return v === null ? null : numberArray(where, v, length);
}

/**
 * What the transformers here share: the fit / transform / fitTransform /
 * inverseTransform interface, the fitted-state JSON frame (the estimators'
 * `EstimatorJSON`) and `fromJSON` with key checks.
 */
export abstract class BaseTransformer extends BaseEstimator {
  static override readonly estimatorType: EstimatorType | null = 'transformer';
  abstract fit(X: unknown, y?: unknown, options?: Record<string, unknown>): this;
  abstract transform(X: unknown): unknown;
  /** Fits, then transforms the same X (scikit-learn's TransformerMixin). */
  abstract fitTransform(X: unknown, y?: unknown, options?: Record<string, unknown>): unknown;
  // inverseTransform: defined by the transformers whose scikit-learn class has one (not Normalizer, PolynomialFeatures).

  /** Whether `fit` has run. */
  protected abstract isFitted(): boolean;
  /** The fitted attributes as JSON values. */
  protected abstract fittedState(): Record<string, unknown>;
  /** Restores (and validates) the fitted attributes written by `fittedState`. */
  protected abstract loadFittedState(state: Record<string, unknown>): void;

  /** Parameters and fitted attributes, in the estimators' JSON format. */
  toJSON(): EstimatorJSON {
    const params: Record<string, unknown> = {};
    const omittedParams: string[] = [];
    for (const [k, v] of Object.entries(this.getParams())) {
      if (typeof v === 'function') omittedParams.push(k);
      // JSON has no NaN or infinity (a NaN unknownValue or missingValues would come back as null).
      else if (typeof v === 'number' && !Number.isFinite(v)) params[k] = { $number: String(v) };
      else params[k] = JSON.parse(JSON.stringify(v)) as unknown;
    }
    return estimatorJSON(this, params, omittedParams, this.isFitted() ? this.fittedStateWithNames() : null);
  }

  private fittedStateWithNames(): Record<string, unknown> {
    const names = (this as { featureNamesIn_?: string[] }).featureNamesIn_;
    return names === undefined ? this.fittedState() : { ...this.fittedState(), featureNamesIn_: names.slice() };
  }

  /**
   * Rebuilds a transformer from `toJSON()` output (an object or its JSON
   * string). Unknown keys anywhere are refused; `overrides` replace parameters.
   *
   * @example
   * const again = StandardScaler.fromJSON(JSON.stringify(scaler));
   */
  static fromJSON<T extends BaseTransformer>(
    this: (new (p: Record<string, unknown>) => T) & { defaults: Readonly<Record<string, unknown>> },
    json: unknown,
    overrides: Record<string, unknown> = {},
  ): T {
    const j = readEstimatorJSON(json, this);
    const params = pickKeys('params', j.params, Object.keys(this.defaults));
    for (const [k, v] of Object.entries(params)) {
      if (isRecord(v) && Object.keys(v).length === 1 && typeof v.$number === 'string')
        params[k] = v.$number === 'NaN' ? NaN : v.$number === 'Infinity' ? Infinity : -Infinity;
    }
    const given = pickKeys('overrides', overrides, Object.keys(this.defaults));
    const omitted = Array.isArray(j.omittedParams) ? (j.omittedParams as unknown[]) : [];
    const lacking = omitted.filter((k) => typeof k !== 'string' || !(k in given));
    if (lacking.length > 0)
      throw new ValueError(
        `${this.name}.fromJSON: the parameters ${lacking.map(describe).join(', ')} were functions, which JSON cannot ` +
          `hold; pass them again in overrides: ${this.name}.fromJSON(json, { ${lacking.join(', ')} }).`,
      );
    const est = new this({ ...params, ...given });
    if (j.fitted !== null && j.fitted !== undefined) {
      if (!isRecord(j.fitted))
        throw new ValueError(`fromJSON: fitted must be an object or null; got ${describe(j.fitted)}`);
      const { featureNamesIn_: names, ...state } = j.fitted;
      est.loadFittedState(state);
      if (names !== undefined) {
        const d = (est as unknown as { nFeaturesIn_?: number }).nFeaturesIn_;
        if (
          !Array.isArray(names) ||
          names.some((c) => typeof c !== 'string') ||
          (d !== undefined && names.length !== d)
        )
          throw new ValueError(
            `fromJSON: featureNamesIn_ must be an array of ${d ?? 'n'} column names; got ${describe(names)}`,
          );
        setFeatureNamesIn(est, names as string[]);
      }
    }
    return est;
  }
}

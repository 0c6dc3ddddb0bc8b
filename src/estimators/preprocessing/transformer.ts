// The transformers' shared base (fit / transform / fitTransform / inverseTransform, parameter checks,
// JSON) and input helpers. Imports estimators' base and validation, and tensor.
import { InvalidParameterError, ValueError, describe } from '../../core/errors.ts';
import { isRecord, pickKeys } from '../../core/objects.ts';
import { BaseEstimator } from '../base.ts';
import { checkX, type XLike } from '../utils/validation.ts';
import type { EstimatorJSON } from '../wrappers/index.ts';


/** One cell of a categorical table: OneHotEncoder columns hold numbers, strings or booleans. */
export type Cell = number | string | boolean;
/** Rows of cells (strings allowed), as OneHotEncoder and pipelines that start with one accept. */
export type CellsX = readonly (readonly Cell[])[];

// ------------------------------------------------------------------ helpers

export type Check = (v: unknown) => string | null; // null when valid, else what was expected

export const bool: Check = (v) => (typeof v === 'boolean' ? null : "an instance of 'bool'");

/** scikit-learn's `_validate_params`: every parameter against its constraint, unknown names refused. */
export function validateParams(est: BaseEstimator, table: Record<string, Check>): void {
  const name = est.constructor.name;
  for (const [k, v] of Object.entries(est.getParams())) {
    const check = Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined;
    if (check === undefined) throw new InvalidParameterError(`${name} got an unexpected parameter '${k}'. Valid parameters are: ${Object.keys(table).join(', ')}.`);
    const expected = check(v);
    if (expected !== null) throw new InvalidParameterError(`The '${k}' parameter of ${name} must be ${expected}. Got ${describe(v)} instead.`);
  }
}

/** X as a row-major float64 matrix (validated by checkX: rectangular, numeric, finite, non-empty). */
export function readMatrix(X: XLike, estimator: string): { data: Float64Array; n: number; d: number } {
  const t = checkX(X, { estimator, dtype: 'float64' });
  return { data: t.data as Float64Array, n: t.shape[0] as number, d: t.shape[1] as number };
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
  if (got !== expected) throw new ValueError(`X has ${got} features, but ${est} is expecting ${expected} features as input.`);
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

// The transformers' shared base (fit / transform / fitTransform / inverseTransform, parameter checks,
// JSON) and input helpers. Imports src/core, the estimators' base and utils.
import { InvalidParameterError, ValueError, describe } from '../../core/errors.ts';
import { isRecord, pickKeys } from '../../core/objects.ts';
import { validateParams as validateTable, type Constraint } from '../../core/param-validation.ts';
import {
  BaseEstimator,
  estimatorClassName,
  readEstimatorJSON,
  type EstimatorJSON,
  type EstimatorType,
} from '../base.ts';
import { checkX, type XLike } from '../utils/validation.ts';

/** One cell of a categorical table: OneHotEncoder columns hold numbers, strings or booleans. */
export type Cell = number | string | boolean;
/** Rows of cells (strings allowed), as OneHotEncoder and pipelines that start with one accept. */
export type CellsX = readonly (readonly Cell[])[];

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
  abstract inverseTransform(X: unknown): unknown;

  /** Whether `fit` has run. */
  protected abstract isFitted(): boolean;
  /** The fitted attributes as JSON values. */
  protected abstract fittedState(): Record<string, unknown>;
  /** Restores (and validates) the fitted attributes written by `fittedState`. */
  protected abstract loadFittedState(state: Record<string, unknown>): void;

  /** Parameters and fitted attributes, in the estimators' JSON format. */
  toJSON(): EstimatorJSON {
    const params = JSON.parse(JSON.stringify(this.getParams())) as Record<string, unknown>;
    return {
      format: 'scikeras-ts/estimator',
      version: 1,
      className: estimatorClassName(this),
      params,
      omittedParams: [],
      fitted: this.isFitted() ? this.fittedState() : null,
    };
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
    const est = new this({ ...params, ...pickKeys('overrides', overrides, Object.keys(this.defaults)) });
    if (j.fitted !== null && j.fitted !== undefined) {
      if (!isRecord(j.fitted))
        throw new ValueError(`fromJSON: fitted must be an object or null; got ${describe(j.fitted)}`);
      est.loadFittedState(j.fitted);
    }
    return est;
  }
}

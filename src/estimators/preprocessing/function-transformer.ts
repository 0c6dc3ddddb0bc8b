// FunctionTransformer: a user function as a transformer (scikit-learn 1.2.1's parameters, inverse check,
// feature names); the functions are left out of JSON and given back to fromJSON. Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { bool, satisfies } from '../../core/param-validation.ts';
import { warn } from '../../core/warnings.ts';
import { registerBuiltIn } from '../base.ts';
import { readTable } from '../utils/tabular.ts';
import {
  BaseTransformer,
  featureNamesIn,
  readMatrix,
  setFeatureNamesIn,
  toRows,
  validateParams,
} from './transformer.ts';

// `any` by default: a FunctionTransformer restored from JSON (its func given back) takes whatever its func takes.
/** A function of X (and the keyword arguments object, when given). */
export type TransformFn<In = any, Out = unknown> = (X: In, kwArgs?: Record<string, unknown>) => Out;

/** FunctionTransformer's parameters (`F`: the type of func, so transform returns what func returns). */
export type FunctionTransformerParams<F extends TransformFn = TransformFn<unknown>> = {
  /** X => X'; null: the identity. */
  func?: F | null;
  /** The inverse of func; null: the identity. */
  inverseFunc?: TransformFn | null;
  /** Check X (a numeric matrix, given to func as number[][]) before calling func. */
  validate?: boolean;
  /** At fit, warn when inverseFunc(func(X)) is not X (on every 100th row), as scikit-learn does. */
  checkInverse?: boolean;
  /** 'one-to-one' (output names = input names) or (transformer, inputNames) => names; null: no names. */
  featureNamesOut?:
    'one-to-one' | ((transformer: FunctionTransformer<F>, inputFeatures: string[] | null) => string[]) | null;
  /** Second argument of func. */
  kwArgs?: Record<string, unknown> | null;
  /** Second argument of inverseFunc. */
  invKwArgs?: Record<string, unknown> | null;
};

/**
 * scikit-learn's FunctionTransformer: `transform(X)` is `func(X)`, `inverseTransform(X)` is
 * `inverseFunc(X)` (each the identity when null). Without `validate`, X reaches func as given (records
 * included); the output goes on as func returns it. In JSON the functions are left out (`omittedParams`):
 * pass them again to `fromJSON` (or through Pipeline.fromJSON's overrides).
 *
 * @example
 * const log1p = new FunctionTransformer({ func: (X: number[][]) => X.map((r) => r.map(Math.log1p)),
 *   inverseFunc: (X: number[][]) => X.map((r) => r.map(Math.expm1)), featureNamesOut: 'one-to-one' });
 * log1p.fitTransform([[0, 1], [2, 3]]);
 */
export class FunctionTransformer<F extends TransformFn = TransformFn<unknown>> extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    func: null as TransformFn | null,
    inverseFunc: null as TransformFn | null,
    validate: false,
    checkInverse: true,
    featureNamesOut: null as FunctionTransformerParams['featureNamesOut'],
    kwArgs: null as Record<string, unknown> | null,
    invKwArgs: null as Record<string, unknown> | null,
  });
  declare func: F | null;
  declare inverseFunc: TransformFn | null;
  declare validate: boolean;
  declare checkInverse: boolean;
  declare featureNamesOut: FunctionTransformerParams<F>['featureNamesOut'];
  declare kwArgs: Record<string, unknown> | null;
  declare invKwArgs: Record<string, unknown> | null;
  /** Set at fit when X has rows (undefined for input that is not a table). */
  declare nFeaturesIn_?: number;
  declare featureNamesIn_?: string[];
  /** Whether fit has run. */
  declare private fitted_: boolean;

  constructor(params: FunctionTransformerParams<F> = {}) {
    super(params);
  }

  /** Checks the parameters, records X's columns and checks the inverse (nothing is learnt). */
  fit(X: unknown, _y?: unknown): this {
    const fnOrNull = satisfies('a callable or None', (v) => v === null || typeof v === 'function');
    const objOrNull = satisfies(
      "an instance of 'dict' or None",
      (v) => v === null || (typeof v === 'object' && !Array.isArray(v)),
    );
    validateParams(this, {
      func: fnOrNull,
      inverseFunc: fnOrNull,
      validate: bool,
      checkInverse: bool,
      featureNamesOut: satisfies(
        "a callable, a str among {'one-to-one'} or None",
        (v) => v === null || v === 'one-to-one' || typeof v === 'function',
      ),
      kwArgs: objOrNull,
      invKwArgs: objOrNull,
    });
    const Xc = this.checkInput(X, true);
    if (this.checkInverse && this.func !== null && this.inverseFunc !== null) this.checkInverseOn(Xc);
    this.fitted_ = true;
    return this;
  }

  /** `func(X)` (the identity when func is null). */
  transform(X: Parameters<F>[0]): ReturnType<F> {
    return this.apply(this.func, this.checkInput(X, false), this.kwArgs) as ReturnType<F>;
  }

  fitTransform(X: Parameters<F>[0], y?: unknown): ReturnType<F> {
    return this.fit(X, y).transform(X);
  }

  /** `inverseFunc(X)` (the identity when inverseFunc is null). */
  inverseTransform(X: unknown): unknown {
    const Xc = this.validate ? matrixRows(X, this.constructor.name) : X;
    return this.apply(this.inverseFunc, Xc, this.invKwArgs);
  }

  /** The output names: the input names ('one-to-one') or what the featureNamesOut function returns. */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    const names =
      this.nFeaturesIn_ !== undefined || (inputFeatures !== undefined && inputFeatures !== null)
        ? featureNamesIn(
            {
              nFeaturesIn_: this.nFeaturesIn_ ?? (inputFeatures as string[]).length,
              ...(this.featureNamesIn_ ? { featureNamesIn_: this.featureNamesIn_ } : {}),
            },
            inputFeatures,
          )
        : null;
    if (this.featureNamesOut === 'one-to-one') {
      if (names === null)
        throw new ValueError(
          'Unable to generate feature names without n_features_in_ (fit first or pass inputFeatures).',
        );
      return names;
    }
    if (typeof this.featureNamesOut === 'function') return this.featureNamesOut(this, names);
    throw new ValueError(
      "This 'FunctionTransformer' has no attribute 'get_feature_names_out': set featureNamesOut to 'one-to-one' " +
        'or to a function (transformer, inputFeatures) => names.',
    );
  }

  private apply(fn: TransformFn | null, X: unknown, kw: Record<string, unknown> | null): unknown {
    if (fn === null) return X;
    const f = fn as (X: unknown, kw?: Record<string, unknown>) => unknown;
    return kw === null ? f(X) : f(X, kw);
  }

  /** scikit-learn's `_check_input`: a numeric matrix with `validate`, else X as given (its columns recorded at fit). */
  private checkInput(X: unknown, reset: boolean): unknown {
    const name = this.constructor.name;
    if (this.validate) {
      const m = readMatrix(
        X,
        name,
        reset || this.nFeaturesIn_ === undefined ? undefined : (this as { nFeaturesIn_: number }),
      );
      if (reset) {
        this.nFeaturesIn_ = m.d;
        setFeatureNamesIn(this, m.names);
      }
      return toRows(m.data, m.n, m.d);
    }
    if (reset) {
      let t: ReturnType<typeof readTable> | null = null;
      try {
        t = readTable(X, name);
      } catch {
        t = null; // not a table (a 1-D array, text, ...): func may still take it
      }
      if (t !== null) this.nFeaturesIn_ = t.d;
      else delete this.nFeaturesIn_;
      setFeatureNamesIn(this, t?.names ?? null);
    }
    return X;
  }

  /** scikit-learn's `_check_inverse_transform`: every max(1, n / 100)-th row through func and back. */
  private checkInverseOn(X: unknown): void {
    const { data, n, d } = (() => {
      try {
        return readMatrix(X, this.constructor.name);
      } catch {
        throw new ValueError("'checkInverse' is only supported when all the elements in `X` is numerical.");
      }
    })();
    const step = Math.max(1, Math.floor(n / 100));
    const idx: number[] = [];
    for (let i = 0; i < n; i += step) idx.push(i);
    const rows = idx.map((i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    const back = this.inverseTransform(this.transform(rows as Parameters<F>[0]));
    let ok = Array.isArray(back) && back.length === rows.length;
    for (let k = 0; ok && k < rows.length; k++) {
      const r = (back as unknown[])[k];
      ok = Array.isArray(r) && r.length === d;
      for (let j = 0; ok && j < d; j++) {
        const a = (rows[k] as number[])[j] as number,
          b = (r as unknown[])[j];
        ok = typeof b === 'number' && Math.abs(a - b) <= 1e-9 + 1e-7 * Math.abs(b);
      }
    }
    if (!ok)
      warn(
        'UserWarning',
        "The provided functions are not strictly inverse of each other. If you are sure you want to proceed regardless, set 'checkInverse=false'.",
      );
  }

  protected isFitted(): boolean {
    return this.fitted_ === true;
  }

  protected fittedState(): Record<string, unknown> {
    return { nFeaturesIn_: this.nFeaturesIn_ ?? null };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (d !== null && (!Number.isInteger(d) || (d as number) < 1))
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer or null; got ${describe(d)}`);
    if (d === null) delete this.nFeaturesIn_;
    else this.nFeaturesIn_ = d as number;
    this.fitted_ = true;
  }
}

function matrixRows(X: unknown, name: string): number[][] {
  const m = readMatrix(X, name);
  return toRows(m.data, m.n, m.d);
}

registerBuiltIn(FunctionTransformer, 'FunctionTransformer');

// The estimator contract shared by every estimator: parameters are own
// properties (defaults in one frozen object per class, plus any user or routed
// key), getParams / setParams / clone, and the one NotFitted check.
// Imports nn (for copying models and optimizers in clone) and tensor.

import { InvalidParameterError, NotFittedError, ValueError, describe } from '../core/errors.ts';
import { isForbiddenKey } from '../core/objects.ts';
import { Sequential } from '../nn/sequential.ts';
import { Optimizer, optimizerFromJSON } from '../nn/optimizers.ts';

/** Anything with scikit-learn's parameter interface. */
export interface ParamsLike {
  getParams(options?: { deep?: boolean }): Record<string, unknown>;
  setParams(params: Record<string, unknown>): unknown;
}

export function isEstimator(v: unknown): v is ParamsLike {
  return typeof v === 'object' && v !== null && typeof (v as ParamsLike).getParams === 'function' && typeof (v as ParamsLike).setParams === 'function';
}

/**
 * Base of every estimator. A parameter is an own property whose name neither
 * starts nor ends with `_` (fitted attributes end with `_`, private state
 * starts with `_`). The constructor stores defaults and given values untouched;
 * validation happens in `fit`.
 */
export abstract class BaseEstimator implements ParamsLike {
  /** The parameter list with defaults; subclasses override it. */
  static readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({});
  /**
   * Whether the constructor takes parameters beyond `defaults` (SciKeras's wrappers: user parameters for
   * the build function). Otherwise a class that lists its parameters refuses others, as scikit-learn's
   * constructors do (a typo or a snake_case name would else be a parameter nothing reads).
   */
  static readonly acceptsExtraParams: boolean = false;

  constructor(params: Record<string, unknown> = {}) {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new ValueError(`${new.target.name}: expected one options object, got ${describe(params)}`);
    }
    const cls = new.target as unknown as { defaults: Record<string, unknown>; acceptsExtraParams: boolean };
    const defaults = cls.defaults;
    const strict = !cls.acceptsExtraParams && Object.keys(defaults).length > 0;
    for (const [k, v] of Object.entries(defaults)) defineParam(this, k, v);
    for (const [k, v] of Object.entries(params)) {
      checkParamName(new.target.name, k);
      // Even where extra parameters are welcome, `batch_size` beside a real `batchSize` is a mistake, not a new parameter.
      if (!Object.prototype.hasOwnProperty.call(defaults, k) && (strict || camelTwin(k, defaults) !== null)) throw unexpectedParameter(new.target.name, k, defaults);
      defineParam(this, k, v);
    }
  }

  /** Every parameter (own property not starting or ending with `_`); `deep` adds `name__param` of nested estimators. */
  getParams(options: { deep?: boolean } = {}): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this)) {
      if (k.startsWith('_') || k.endsWith('_')) continue;
      const v = (this as Record<string, unknown>)[k];
      out[k] = v;
      if (options.deep && isEstimator(v)) for (const [sk, sv] of Object.entries(v.getParams({ deep: true }))) out[`${k}__${sk}`] = sv;
    }
    return out;
  }

  /** Sets parameters (existing names, routed `prefix__name` keys, or `nested__param`); unknown names throw. */
  setParams(params: Record<string, unknown>): this {
    const own = this.getParams();
    const nested = new Map<string, Record<string, unknown>>();
    for (const [k, v] of Object.entries(params)) {
      checkParamName(this.constructor.name, k);
      const cut = k.indexOf('__');
      const head = cut > 0 ? k.slice(0, cut) : k;
      if (Object.prototype.hasOwnProperty.call(own, k)) defineParam(this, k, v);
      else if (cut > 0 && isEstimator(own[head])) {
        const m = nested.get(head) ?? {};
        m[k.slice(cut + 2)] = v;
        nested.set(head, m);
      } else if (cut > 0 && this.acceptsRoutedKey(head)) defineParam(this, k, v);
      else throw invalidParameter(this, k, v);
    }
    for (const [head, p] of nested) (own[head] as ParamsLike).setParams(p);
    return this;
  }

  /** Whether `prefix__name` keys are parameters of this estimator (the SciKeras wrappers route them). */
  protected acceptsRoutedKey(_prefix: string): boolean {
    return false;
  }

  /** Throws scikit-learn's NotFittedError unless `attribute` is set. */
  protected checkIsFitted(attribute: string): void {
    if ((this as Record<string, unknown>)[attribute] === undefined) {
      throw new NotFittedError(`This ${this.constructor.name} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`);
    }
  }

  toString(): string {
    const defaults = (this.constructor as unknown as { defaults: Record<string, unknown> }).defaults;
    const changed = Object.entries(this.getParams()).filter(([k, v]) => !(k in defaults) || JSON.stringify(defaults[k]) !== JSON.stringify(v));
    return `${this.constructor.name}(${changed.map(([k, v]) => `${k}=${typeof v === 'function' ? (v.name || 'function') : JSON.stringify(v) ?? String(v)}`).join(', ')})`;
  }
}

function defineParam(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** An unknown constructor parameter, with the camelCase spelling when the key is a snake_case twin of a real one. */
function unexpectedParameter(cls: string, key: string, known: Readonly<Record<string, unknown>>): InvalidParameterError {
  const camel = camelTwin(key, known);
  const hint = camel !== null ? ` (parameters are camelCase here: did you mean '${camel}'?)` : '';
  return new InvalidParameterError(`${cls} got an unexpected parameter '${key}'${hint}. Valid parameters are: ${Object.keys(known).join(', ')}.`);
}

/** The camelCase parameter a snake_case key stands for (`batch_size` -> `batchSize`), if there is one. */
function camelTwin(key: string, known: Readonly<Record<string, unknown>>): string | null {
  const camel = key.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return camel !== key && Object.prototype.hasOwnProperty.call(known, camel) ? camel : null;
}

function checkParamName(cls: string, key: string): void {
  if (isForbiddenKey(key)) throw new ValueError(`${cls}: the parameter name '${key}' is not allowed`);
  if (key.startsWith('_') || key.endsWith('_')) throw new ValueError(`${cls}: parameter names cannot start or end with '_' (got '${key}'); those are reserved for private state and fitted attributes`);
}

function invalidParameter(est: BaseEstimator, key: string, value: unknown): ValueError {
  const name = est.constructor.name;
  return new ValueError(
    `Invalid parameter '${key}' for estimator ${name}. Valid parameters are: ${Object.keys(est.getParams()).join(', ')}.\n` +
      `This issue can likely be resolved by setting this parameter in the ${name} constructor:\n` +
      `\`new ${name}({ ${key}: ${describe(value)} })\`\n` +
      'Check the list of available parameters with `Object.keys(estimator.getParams())`.',
    'invalid_parameter',
  );
}

/** A deep copy of a parameter value: arrays and plain objects copied, models and optimizers rebuilt, estimators cloned, functions shared. */
export function copyParam(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyParam);
  if (v instanceof Sequential) return v.clone();
  if (v instanceof Optimizer) return optimizerFromJSON({ className: v.className, config: v.getConfig() });
  if (v instanceof BaseEstimator) return clone(v);
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!isForbiddenKey(k)) out[k] = copyParam(x);
    return out;
  }
  return v; // class instances the user owns (callbacks, custom metrics) are shared, as scikit-learn's clone would deep-copy only what it can
}

/**
 * A new unfitted estimator with equal parameters (scikit-learn's `clone`).
 *
 * @example
 * const fresh = clone(fitted); // same params, no fitted attributes
 */
export function clone<T extends ParamsLike>(estimator: T): T {
  if (!isEstimator(estimator)) throw new ValueError(`clone: expected an estimator (with getParams/setParams), got ${describe(estimator)}`);
  const params = estimator.getParams({ deep: false });
  const copied: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) copied[k] = copyParam(v);
  const Ctor = estimator.constructor as new (p: Record<string, unknown>) => T;
  return new Ctor(copied);
}

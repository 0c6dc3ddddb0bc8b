// The estimator contract shared by every estimator: parameters are own properties (defaults in one
// frozen object per class, plus any user or routed key), getParams / setParams / clone, tags
// (estimatorType, routing prefixes), the one NotFitted check, and the registry that restores estimators
// from JSON by class name. Imports src/core and nn (to copy models and optimizers in clone).

import { InvalidParameterError, NotFittedError, ValueError, describe } from '../core/errors.ts';
import { isForbiddenKey, isRecord, parseJSONText, pickKeys } from '../core/objects.ts';
import { Sequential } from '../nn/sequential.ts';
import { Optimizer, optimizerFromJSON } from '../nn/optimizers.ts';
import type { FromJSONOptions } from '../nn/serialization.ts';

/** How deep estimators may nest (a Pipeline in a search in a Pipeline ...): deeper is refused, never a stack overflow. */
export const MAX_NESTING = 64;
let nestingDepth = 0;

/**
 * Runs `f` one level deeper into nested estimators (getParams, clone, toString, JSON, tags recurse through
 * them); past MAX_NESTING levels it throws a ValueError instead of overflowing the stack.
 */
export function nested<T>(f: () => T): T {
  if (nestingDepth >= MAX_NESTING) {
    throw new ValueError(
      `Estimators are nested more than ${MAX_NESTING} levels deep (a Pipeline or search inside another, ...); flatten the nesting.`,
    );
  }
  nestingDepth++;
  try {
    return f();
  } finally {
    nestingDepth--;
  }
}

/** Anything with scikit-learn's parameter interface. */
export interface ParamsLike {
  getParams(options?: { deep?: boolean }): Record<string, unknown>;
  setParams(params: Record<string, unknown>): unknown;
}

/** scikit-learn's kinds of estimator (`_estimator_type`): model selection asks it, never the class. */
export type EstimatorType = 'classifier' | 'regressor' | 'transformer';

/** What a Pipeline step, a search or cross-validation can use: parameters, fit, and the methods its place needs. */
export interface StepEstimator extends ParamsLike {
  fit(X: unknown, y?: unknown, options?: Record<string, unknown>): unknown;
  /** Optional: fit without blocking (the estimators here, and Pipeline). */
  fitAsync?(X: unknown, y?: unknown, options?: Record<string, unknown>): Promise<unknown>;
  transform?(X: unknown): unknown;
  fitTransform?(X: unknown, y?: unknown, options?: Record<string, unknown>): unknown;
  inverseTransform?(X: unknown): unknown;
  predict?(X: unknown): unknown;
  predictProba?(X: unknown): number[][];
  score?(X: unknown, y: unknown, options?: Record<string, unknown>): number;
  toJSON?(): unknown;
  /** The tag isClassifier reads. */
  readonly estimatorType?: EstimatorType | null;
}

export function isEstimator(v: unknown): v is ParamsLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ParamsLike).getParams === 'function' &&
    typeof (v as ParamsLike).setParams === 'function'
  );
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
  /** What this class is (scikit-learn's `_estimator_type`); Pipeline and the searches report their final step's. */
  static readonly estimatorType: EstimatorType | null = null;
  /** Prefixes whose `prefix__name` keys are parameters too (SciKeras's routed parameters); none by default. */
  static readonly routingPrefixes: readonly string[] = [];

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
      if (!Object.prototype.hasOwnProperty.call(defaults, k) && (strict || camelTwin(k, defaults) !== null))
        throw unexpectedParameter(new.target.name, k, defaults);
      defineParam(this, k, v);
    }
    // A user's subclass is returned behind a proxy that keeps these values against its class fields.
    if (!builtIns.has(new.target)) return new Proxy(this, KEEP_PARAMS as ProxyHandler<this>);
  }

  /** The estimator's kind, read from its class (scikit-learn's `_estimator_type`). */
  get estimatorType(): EstimatorType | null {
    return (this.constructor as typeof BaseEstimator).estimatorType;
  }

  /** Every parameter (own property not starting or ending with `_`); `deep` adds `name__param` of nested estimators. */
  getParams(options: { deep?: boolean } = {}): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this)) {
      if (k.startsWith('_') || k.endsWith('_')) continue;
      const v = (this as Record<string, unknown>)[k];
      out[k] = v;
      if (options.deep && isEstimator(v))
        for (const [sk, sv] of Object.entries(nested(() => v.getParams({ deep: true })))) out[`${k}__${sk}`] = sv;
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
      } else if (cut > 0 && (this.constructor as typeof BaseEstimator).routingPrefixes.includes(head))
        defineParam(this, k, v);
      else throw invalidParameter(this, k, v);
    }
    for (const [head, p] of nested) (own[head] as ParamsLike).setParams(p);
    return this;
  }

  /** Throws scikit-learn's NotFittedError unless `attribute` is set. */
  protected checkIsFitted(attribute: string): void {
    if ((this as Record<string, unknown>)[attribute] === undefined) {
      throw new NotFittedError(
        `This ${this.constructor.name} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`,
      );
    }
  }

  toString(): string {
    const defaults = (this.constructor as unknown as { defaults: Record<string, unknown> }).defaults;
    const changed = Object.entries(this.getParams()).filter(
      ([k, v]) => !(k in defaults) || JSON.stringify(defaults[k]) !== JSON.stringify(v),
    );
    const shown = (v: unknown): string =>
      typeof v === 'function' ? v.name || 'function' : (JSON.stringify(v) ?? String(v));
    return `${estimatorClassName(this)}(${changed.map(([k, v]) => `${k}=${shown(v)}`).join(', ')})`;
  }
}

let definingParam = false;

function defineParam(target: object, key: string, value: unknown): void {
  definingParam = true;
  try {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } finally {
    definingParam = false;
  }
}

/**
 * TypeScript (useDefineForClassFields, the default from ES2022) defines a subclass's fields after the base
 * constructor returns: `hiddenLayerSizes!: number[]` would reset the parameter to undefined, and
 * `hiddenLayerSizes = [50]` would replace the value the constructor was given. A field definition (a full
 * data descriptor, not an assignment, not ours) over a parameter the constructor set is ignored: the
 * constructor's value stays, so getParams and clone agree with what was passed. Write
 * `declare hiddenLayerSizes: number[]` to declare a parameter's type without a field.
 */
const KEEP_PARAMS: ProxyHandler<object> = {
  defineProperty: (target, key, desc) =>
    // A field definition carries a full descriptor (an assignment only a value); ours set definingParam.
    (!definingParam &&
      desc.configurable === true &&
      desc.writable === true &&
      typeof key === 'string' &&
      !/^_|_$/.test(key) &&
      Object.prototype.hasOwnProperty.call(target, key)) ||
    Reflect.defineProperty(target, key, desc),
};

/** The package's own estimator classes, which declare no fields over their parameters (no proxy for them). */
const builtIns = new WeakSet<object>();

/** registerEstimator for the package's own classes. @internal */
export function registerBuiltIn<C extends RestorableClass>(cls: C, name: string): C {
  builtIns.add(cls);
  return registerEstimator(cls, name);
}

/** An unknown constructor parameter, with the camelCase spelling when the key is a snake_case twin of a real one. */
function unexpectedParameter(
  cls: string,
  key: string,
  known: Readonly<Record<string, unknown>>,
): InvalidParameterError {
  const camel = camelTwin(key, known);
  const hint = camel !== null ? ` (parameters are camelCase here: did you mean '${camel}'?)` : '';
  return new InvalidParameterError(
    `${cls} got an unexpected parameter '${key}'${hint}. Valid parameters are: ${Object.keys(known).join(', ')}.`,
  );
}

/** The camelCase parameter a snake_case key stands for (`batch_size` -> `batchSize`), if there is one. */
function camelTwin(key: string, known: Readonly<Record<string, unknown>>): string | null {
  const camel = key.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return camel !== key && Object.prototype.hasOwnProperty.call(known, camel) ? camel : null;
}

function checkParamName(cls: string, key: string): void {
  if (isForbiddenKey(key)) throw new ValueError(`${cls}: the parameter name '${key}' is not allowed`);
  if (key.startsWith('_') || key.endsWith('_'))
    throw new ValueError(
      `${cls}: parameter names cannot start or end with '_' (got '${key}'); those are reserved for private state and fitted attributes`,
    );
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
  if (v instanceof BaseEstimator) return nested(() => clone(v));
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
  if (!isEstimator(estimator))
    throw new ValueError(`clone: expected an estimator (with getParams/setParams), got ${describe(estimator)}`);
  const params = estimator.getParams({ deep: false });
  const copied: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) copied[k] = copyParam(v);
  const Ctor = estimator.constructor as new (p: Record<string, unknown>) => T;
  return new Ctor(copied);
}

/** scikit-learn's `is_classifier`: the estimator's tag (Pipeline and the searches report their final step's). */
export function isClassifier(est: unknown): boolean {
  return estimatorTypeOf(est) === 'classifier';
}

/** scikit-learn's `is_regressor`. */
export function isRegressor(est: unknown): boolean {
  return estimatorTypeOf(est) === 'regressor';
}

/** The kind an estimator reports: its `estimatorType` tag (or scikit-learn's `_estimator_type` on foreign objects). */
export function estimatorTypeOf(est: unknown): EstimatorType | null {
  if (typeof est !== 'object' || est === null) return null;
  const o = est as { estimatorType?: unknown; _estimatorType?: unknown };
  const t = o.estimatorType ?? o._estimatorType;
  return t === 'classifier' || t === 'regressor' || t === 'transformer' ? t : null;
}

/**
 * scikit-learn's `_name_estimators`: each estimator's lowercased class name (a string such as
 * 'passthrough' as itself, null as 'none'), numbered `-1`, `-2`, ... where names repeat. makePipeline and
 * makeColumnTransformer name their steps with it.
 */
export function nameEstimators(estimators: readonly unknown[]): string[] {
  const names = estimators.map((e) =>
    typeof e === 'string' ? e.toLowerCase() : e === null ? 'none' : (e as object).constructor.name.toLowerCase(),
  );
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  for (const [k, v] of [...count]) if (v === 1) count.delete(k);
  for (let i = names.length - 1; i >= 0; i--) {
    const n = names[i] as string;
    const c = count.get(n);
    if (c !== undefined) {
      names[i] = `${n}-${c}`;
      count.set(n, c - 1);
    }
  }
  return names;
}

// ------------------------------------------------------------------ JSON and the class registry

/** The JSON form of an estimator (parameters, and the fitted state when fitted). */
export interface EstimatorJSON {
  format: 'scikeras-ts/estimator';
  version: 1;
  className: string;
  params: Record<string, unknown>;
  omittedParams: string[];
  fitted: null | Record<string, unknown>;
}

/** A class estimatorFromJSON can restore: a constructor with a static `fromJSON`. */
export interface RestorableClass {
  readonly name: string;
  fromJSON(json: unknown, overrides?: Record<string, unknown>, options?: FromJSONOptions): StepEstimator;
}

const byName = new Map<string, RestorableClass>();
const byClass = new Map<unknown, string>();

/**
 * Makes a class restorable by name from JSON (inside a Pipeline, a search, or through
 * estimatorFromJSON), as Keras's `register_keras_serializable` does for layers. The built-in estimators
 * register themselves the same way. `name` defaults to the class name (give one explicitly if your
 * bundler renames classes); a name already taken by another class is an error. `options.workerModule`
 * (`import.meta.url` of the registering module) lets searches with `nJobs` fit the class in workers.
 *
 * @example
 * class MyMLP extends MLPClassifier {}
 * registerEstimator(MyMLP);
 * Pipeline.fromJSON(JSON.stringify(makePipeline(new StandardScaler(), new MyMLP()))); // works
 */
export function registerEstimator<C extends RestorableClass>(
  cls: C,
  name: string = cls?.name,
  options: RegisterOptions = {},
): C {
  const workerModule = options?.workerModule;
  if (workerModule !== undefined && typeof workerModule !== 'string')
    throw new ValueError(`registerEstimator: workerModule must be a URL; got ${describe(workerModule)}`);
  if (typeof cls !== 'function' || typeof (cls as RestorableClass).fromJSON !== 'function') {
    throw new ValueError(`registerEstimator: expected an estimator class with a static fromJSON, got ${describe(cls)}`);
  }
  if (typeof name !== 'string' || name === '' || isForbiddenKey(name))
    throw new ValueError(`registerEstimator: bad class name ${describe(name)}`);
  const taken = byName.get(name);
  if (taken !== undefined && taken !== cls)
    throw new ValueError(
      `registerEstimator: the name '${name}' is already registered for another class; pass a distinct name: registerEstimator(${name}, 'My${name}')`,
    );
  byName.set(name, cls);
  byClass.set(cls, name);
  if (workerModule !== undefined) workerModules.set(name, workerModule);
  return cls;
}

/** registerEstimator's options. */
export interface RegisterOptions {
  /**
   * The URL of the module that registers the class (`import.meta.url`): a search or crossValidate with
   * `nJobs` imports it in its workers to fit the class there (scikeras-ts/threads).
   */
  workerModule?: string;
}

const workerModules = new Map<string, string>();

/**
 * How a worker gets the registered class `name`: 'built-in', the module given as registerEstimator's
 * `workerModule`, or null (the class is unknown or registered without one).
 */
export function workerModuleOf(name: string): string | 'built-in' | null {
  const cls = byName.get(name);
  if (cls === undefined) return null;
  if (builtIns.has(cls)) return 'built-in';
  return workerModules.get(name) ?? null;
}

/** The name an estimator's JSON records for its class: the registered one, else the class's own name. */
export function estimatorClassName(est: object): string {
  return classNameOf(est.constructor);
}

/** The JSON frame every estimator saves in (`className` is the estimator's registered name). */
export function estimatorJSON(
  est: object,
  params: Record<string, unknown>,
  omittedParams: string[],
  fitted: null | Record<string, unknown>,
): EstimatorJSON {
  return {
    format: 'scikeras-ts/estimator',
    version: 1,
    className: estimatorClassName(est),
    params,
    omittedParams,
    fitted,
  };
}

/** The registered name of a class, else its own name. */
export function classNameOf(cls: { readonly name: string }): string {
  return byClass.get(cls) ?? cls.name;
}

/** Whether the estimator's exact class is registered (so its JSON can be restored by name). */
export function isRegisteredEstimator(est: object): boolean {
  return byClass.has(est.constructor);
}

/**
 * The JSON of an estimator held inside another (a Pipeline step, a search's estimator), refused with the
 * way out when its class cannot be restored by name. `where` names its place (`Pipeline.toJSON: step 'mlp'`).
 */
export function nestedEstimatorJSON(est: StepEstimator, where: string): unknown {
  const toJSON = est.toJSON;
  if (!isRegisteredEstimator(est) || typeof toJSON !== 'function') {
    const cls = estimatorClassName(est);
    throw new ValueError(
      `${where} is a ${cls}, which cannot be serialised: only classes given to registerEstimator ` +
        `(the built-in estimators are) can be restored; call registerEstimator(${cls}).`,
    );
  }
  return toJSON.call(est);
}

/** The registered class names, for messages. */
export function registeredEstimatorNames(): string[] {
  return [...byName.keys()];
}

/**
 * Restores an estimator from its `toJSON()` output (an object or JSON text), by the class name it
 * holds: any built-in estimator, Pipeline, search, or a class given to registerEstimator.
 */
export function estimatorFromJSON(
  json: unknown,
  overrides: Record<string, unknown> = {},
  options: FromJSONOptions = {},
): StepEstimator {
  const j = parseJSONText('estimatorFromJSON', json);
  if (!isRecord(j)) throw new ValueError(`estimatorFromJSON: expected an estimator's JSON object; got ${describe(j)}`);
  const cls = j.className;
  const Ctor = typeof cls === 'string' ? byName.get(cls) : undefined;
  if (Ctor === undefined) {
    throw new ValueError(
      `estimatorFromJSON: unknown estimator class ${describe(cls)}. Registered classes: ${registeredEstimatorNames().join(', ')}; ` +
        `register your own with registerEstimator(${typeof cls === 'string' ? cls : 'YourClass'}).`,
    );
  }
  return Ctor.fromJSON(j, overrides, options);
}

/**
 * Reads the frame of an estimator's JSON (format, version, keys) for the class `cls`, refusing anything
 * else (restoring a MLPRegressor's JSON as a MLPClassifier is refused).
 */
export function readEstimatorJSON(
  json: unknown,
  cls: { readonly name: string },
): { params: Record<string, unknown>; omittedParams: unknown; fitted: unknown } {
  const j = pickKeys('estimator JSON', parseJSONText('fromJSON', json), [
    'format',
    'version',
    'className',
    'params',
    'omittedParams',
    'fitted',
  ]);
  if (j.format !== 'scikeras-ts/estimator' || j.version !== 1)
    throw new ValueError(`fromJSON: unsupported format ${describe(j.format)} version ${describe(j.version)}`);
  const expected = classNameOf(cls);
  if (j.className !== expected)
    throw new ValueError(`fromJSON: the JSON holds a ${describe(j.className)}, not a ${expected}`);
  if (!isRecord(j.params)) throw new ValueError(`fromJSON: params must be an object; got ${describe(j.params)}`);
  return { params: j.params, omittedParams: j.omittedParams, fitted: j.fitted };
}

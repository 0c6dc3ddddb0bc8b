// scikit-learn's Pipeline and makePipeline: named steps, nested `step__param` parameters, clone, and a
// JSON round trip that restores steps through the estimator registry. Imports src/core, base and utils:
// no concrete estimator.

import { ValueError, describe } from '../../core/errors.ts';
import { optionsOf, parseJSONText, pickKeys } from '../../core/objects.ts';
import { print } from '../../core/warnings.ts';
import { clock } from '../../core/async.ts';
import {
  BaseEstimator,
  estimatorFromJSON,
  estimatorTypeOf,
  isEstimator,
  nameEstimators,
  nested,
  nestedEstimatorJSON,
  registerBuiltIn,
  type EstimatorType,
  type StepEstimator,
} from '../base.ts';
import { fitMaybeAsync, splitAsyncOptions, type AsyncFitOptions } from '../utils/fit-driver.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import { checkNumericFor, stepsFeatureNamesOut } from './step-output.ts';
import type { ClassesOfEstimator, PredictionOf } from '../utils/prediction-types.ts';

/** A step: its name and its estimator, or 'passthrough' / null for a step that does nothing. */
export type Step = readonly [name: string, estimator: StepEstimator | 'passthrough' | null];

/**
 * The bound of a Pipeline's steps type. The estimator is `unknown` here so that a step written out keeps its
 * own type (against StepEstimator, TypeScript would widen `new MLPClassifier()` to its most general
 * predictions); the steps are checked when the pipeline validates them.
 */
export type StepLike = readonly [name: string, estimator: unknown];

/** Pipeline's parameters. */
export type PipelineParams<S extends readonly StepLike[] = readonly Step[]> = { steps?: S; verbose?: boolean };

/** The steps by name: each name with its own estimator's type when the steps are written out. */
export type NamedSteps<S extends readonly StepLike[]> = { [K in S[number] as K[0]]: K[1] };

/** The final step's estimator. */
export type FinalStep<S extends readonly StepLike[]> = S extends readonly [...unknown[], readonly [string, infer E]]
  ? E
  : S[number][1];

const PIPELINE_DEFAULTS = Object.freeze({ steps: null as readonly Step[] | null, verbose: false });

/** The JSON form of a Pipeline. */
export interface PipelineJSON {
  format: 'scikeras-ts/pipeline';
  version: 1;
  className: 'Pipeline';
  params: { verbose: boolean };
  steps: [string, unknown][];
}

function isPassthrough(e: unknown): e is 'passthrough' | null {
  return e === 'passthrough' || e === null;
}

function hasMethod(e: unknown, name: string): boolean {
  return typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>)[name] === 'function';
}

/**
 * scikit-learn's Pipeline: transformers applied in order, then a final
 * estimator. Parameters of a step are `name__param` (`mlp__alpha`,
 * `mlp__optimizer__learningRate` for a KerasClassifier step,
 * `scaler__withMean`); a step name alone replaces the step. Fitting fits the
 * steps in place; `clone` deep-copies them.
 *
 * @example
 * const pipe = new Pipeline({ steps: [['scaler', new StandardScaler()], ['mlp', new MLPClassifier({ maxIter: 100 })]] });
 * pipe.setParams({ mlp__alpha: 1e-3 }).fit(XTrain, yTrain).score(XTest, yTest);
 */
export class Pipeline<const S extends readonly StepLike[] = readonly Step[]> extends BaseEstimator {
  static override readonly defaults: Readonly<Record<string, unknown>> = PIPELINE_DEFAULTS;
  declare steps: S;
  declare verbose: boolean;

  /** The steps as the code below reads them (their types are S's for users). */
  private get list(): readonly Step[] {
    return this.steps as unknown as readonly Step[];
  }

  /** `params` may be the steps array itself. The steps' types carry to namedSteps, predict and classes_. */
  constructor(params?: PipelineParams<S> | S) {
    super(Array.isArray(params) ? { steps: params } : ((params ?? {}) as Record<string, unknown>));
  }

  /** `steps` and `verbose`; with `deep`, also each step by name and its parameters as `name__param`. */
  override getParams(options: { deep?: boolean } = {}): Record<string, unknown> {
    const out: Record<string, unknown> = { steps: this.list, verbose: this.verbose };
    if (!options.deep || !Array.isArray(this.list)) return out;
    for (const step of this.list) {
      if (!Array.isArray(step) || typeof step[0] !== 'string') continue;
      const [name, est] = step;
      out[name] = est;
      if (isEstimator(est))
        for (const [k, v] of Object.entries(nested(() => est.getParams({ deep: true })))) out[`${name}__${k}`] = v;
    }
    return out;
  }

  /**
   * Sets `steps` first, then whole steps by name, then `verbose` and nested
   * `name__param` keys (passed to the step's own setParams). Unknown names
   * throw, listing the valid ones.
   */
  override setParams(params: Record<string, unknown>): this {
    const rest: Record<string, unknown> = { ...params };
    if (Object.prototype.hasOwnProperty.call(rest, 'steps')) {
      this.steps = rest.steps as S;
      delete rest.steps;
    }
    const names = Array.isArray(this.list) ? this.list.map((s) => s[0]) : [];
    const nested = new Map<string, Record<string, unknown>>();
    for (const [k, v] of Object.entries(rest)) {
      if (k === 'verbose') this.verbose = v as boolean;
      else if (names.includes(k))
        this.steps = this.list.map((s): Step => (s[0] === k ? ([k, v] as Step) : s)) as readonly Step[] as S;
      else {
        const cut = k.indexOf('__');
        const head = cut > 0 ? k.slice(0, cut) : '';
        if (!names.includes(head)) throw this.invalidParameter(k, v);
        const m = nested.get(head) ?? {};
        m[k.slice(cut + 2)] = v;
        nested.set(head, m);
      }
    }
    for (const [head, p] of nested) {
      const est = (this.list.find((s) => s[0] === head) as Step)[1];
      if (!isEstimator(est))
        throw new ValueError(
          `Invalid parameter '${head}__${Object.keys(p)[0]}' for estimator Pipeline: step '${head}' is ${describe(est)}, which has no parameters.`,
          'invalid_parameter',
        );
      est.setParams(p);
    }
    return this;
  }

  private invalidParameter(key: string, value: unknown): ValueError {
    return new ValueError(
      `Invalid parameter '${key}' for estimator Pipeline. Valid parameters are: ${Object.keys(this.getParams({ deep: true })).join(', ')}.\n` +
        `Step parameters are written '<step name>__<parameter>' (e.g. 'mlp__alpha'); got ${describe(value)} for '${key}'.`,
      'invalid_parameter',
    );
  }

  override toString(): string {
    const steps = Array.isArray(this.list)
      ? this.list.map(([n, e]) => `('${n}', ${isPassthrough(e) ? describe(e) : nested(() => String(e))})`).join(', ')
      : describe(this.list);
    return `Pipeline(steps=[${steps}]${this.verbose ? ', verbose=true' : ''})`;
  }

  /** The steps by name (`pipe.namedSteps.mlp` has the type of the step called 'mlp'). */
  get namedSteps(): NamedSteps<S> {
    this.validateSteps();
    return Object.fromEntries(this.list.map(([n, e]) => [n, e])) as NamedSteps<S>;
  }

  /** The last step's estimator. */
  get finalEstimator(): FinalStep<S> {
    this.validateSteps();
    return (this.list[this.list.length - 1] as Step)[1] as FinalStep<S>;
  }

  /** The final step's kind (scikit-learn's Pipeline delegates `_estimator_type` to it). */
  override get estimatorType(): EstimatorType | null {
    if (!Array.isArray(this.list) || this.list.length === 0) return null;
    return nested(() => estimatorTypeOf((this.list[this.list.length - 1] as readonly unknown[])[1]));
  }

  /** The final estimator's classes (classifiers only). */
  get classes_(): ClassesOfEstimator<FinalStep<S>> {
    return (this.finalEstimator as { classes_?: unknown } | null)?.classes_ as ClassesOfEstimator<FinalStep<S>>;
  }

  /** Number of features the first step was fitted on. */
  get nFeaturesIn_(): number | undefined {
    this.validateSteps();
    const first = this.list.find(([, e]) => !isPassthrough(e));
    return (first?.[1] as { nFeaturesIn_?: number } | undefined)?.nFeaturesIn_;
  }

  /** scikit-learn's `_validate_steps`: unique names without `__`, transformers before a final estimator. */
  private validateSteps(): void {
    const steps = this.list as unknown;
    if (
      !Array.isArray(steps) ||
      steps.length === 0 ||
      !steps.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string')
    ) {
      throw new ValueError(
        `Pipeline: steps must be a non-empty array of [name, estimator] pairs; got ${describe(steps)}.`,
      );
    }
    const names = (steps as Step[]).map((s) => s[0]);
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    if (dup.length > 0) throw new ValueError(`Names provided are not unique: [${names.map(describe).join(', ')}]`);
    const conflict = names.filter((n) => n in PIPELINE_DEFAULTS);
    if (conflict.length > 0)
      throw new ValueError(
        `Estimator names conflict with constructor arguments: [${conflict.map(describe).join(', ')}]`,
      );
    const dunder = names.filter((n) => n.includes('__') || n === '');
    if (dunder.length > 0)
      throw new ValueError(
        `Estimator names must not contain __ (nor be empty): got [${dunder.map(describe).join(', ')}]`,
      );
    (steps as Step[]).forEach(([name, e], i) => {
      if (isPassthrough(e)) return;
      if (i < steps.length - 1) {
        if (!(hasMethod(e, 'fit') || hasMethod(e, 'fitTransform')) || !hasMethod(e, 'transform')) {
          throw new ValueError(
            `All intermediate steps should be transformers and implement fit and transform ` +
              `or be the string 'passthrough'. Step '${name}' (${describe(e)}) doesn't.`,
          );
        }
      } else if (!hasMethod(e, 'fit')) {
        throw new ValueError(
          `Last step of Pipeline should implement fit or be the string 'passthrough'. Step '${name}' (${describe(e)}) doesn't.`,
        );
      }
    });
  }

  /** `name__param` fit arguments split by step. */
  private routeFitParams(options: Record<string, unknown>): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>(this.list.map(([n]) => [n, {}]));
    for (const [k, v] of Object.entries(options)) {
      const cut = k.indexOf('__');
      const step = cut > 0 ? out.get(k.slice(0, cut)) : undefined;
      if (step === undefined) {
        throw new ValueError(
          `Pipeline.fit does not accept the '${k}' parameter. You can pass parameters to specific steps of your ` +
            `pipeline using the stepname__parameter format, e.g. \`pipe.fit(X, y, { mlp__sampleWeight: sampleWeight })\`.`,
        );
      }
      step[k.slice(cut + 2)] = v;
    }
    return out;
  }

  private log(i: number, name: string, t0: number): void {
    if (this.verbose)
      print(
        `[Pipeline] ........ (step ${i + 1} of ${this.list.length}) Processing ${name}, total=${((clock() - t0) / 1000).toFixed(1)}s`,
      );
  }

  /** Fits every transformer (transforming X as it goes) and returns X for the final step. */
  private fitTransformers(X: unknown, y: unknown, routed: Map<string, Record<string, unknown>>): unknown {
    let Xt = X;
    for (let i = 0; i < this.list.length - 1; i++) {
      const [name, est] = this.list[i] as Step;
      if (isPassthrough(est)) continue;
      const t0 = clock();
      const opts = routed.get(name) as Record<string, unknown>;
      Xt = est.fitTransform
        ? est.fitTransform(Xt, y, opts)
        : (est.fit(Xt, y, opts), (est.transform as (x: unknown) => unknown)(Xt));
      this.log(i, name, t0);
    }
    return Xt;
  }

  private transformAllButLast(X: unknown): unknown {
    let Xt = X;
    for (let i = 0; i < this.list.length - 1; i++) {
      const est = (this.list[i] as Step)[1];
      if (!isPassthrough(est)) Xt = (est.transform as (x: unknown) => unknown)(Xt);
    }
    checkNumericFor(Xt, this.list.slice(0, -1), this.list[this.list.length - 1] as Step);
    return Xt;
  }

  /**
   * The output column names: each step's `getFeatureNamesOut` fed the names of the one before
   * (scikit-learn's Pipeline.get_feature_names_out; every step must provide it).
   *
   * @example
   * makePipeline(columnTransformer, new PolynomialFeatures()).fit(records).getFeatureNamesOut();
   */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.validateSteps();
    return stepsFeatureNamesOut(this.list, inputFeatures);
  }

  /** The column names the first step was fitted with (records and `{ columns, data }`). */
  get featureNamesIn_(): string[] | undefined {
    this.validateSteps();
    const first = this.list.find(([, e]) => !isPassthrough(e));
    return (first?.[1] as { featureNamesIn_?: string[] } | undefined)?.featureNamesIn_;
  }

  private final(method: string): StepEstimator {
    this.validateSteps();
    const [name, est] = this.list[this.list.length - 1] as Step;
    if (isPassthrough(est) || !hasMethod(est, method))
      throw new ValueError(`This Pipeline's final step '${name}' (${describe(est)}) has no ${method} method.`);
    return est;
  }

  /**
   * Fits the transformers in order, then the final estimator on the
   * transformed X. `options` holds `step__argument` fit arguments.
   */
  fit(X: unknown, y?: unknown, options: Record<string, unknown> = {}): this {
    const { Xt, name, est, opts } = this.fitUpToFinal(X, y, optionsOf('Pipeline.fit', options));
    if (est !== null) {
      const t0 = clock();
      est.fit(Xt, y, opts);
      this.log(this.list.length - 1, name, t0);
    }
    return this;
  }

  /** Fits the transformers; returns X for the final step, with its name, estimator (null: passthrough) and fit arguments. */
  private fitUpToFinal(
    X: unknown,
    y: unknown,
    options: Record<string, unknown>,
  ): { Xt: unknown; name: string; est: StepEstimator | null; opts: Record<string, unknown> } {
    this.validateSteps();
    const routed = this.routeFitParams(optionsOf('Pipeline.fitTransform', options));
    const Xt = this.fitTransformers(X, y, routed);
    const [name, est] = this.list[this.list.length - 1] as Step;
    checkNumericFor(Xt, this.list.slice(0, -1), [name, est]);
    return { Xt, name, est: isPassthrough(est) ? null : est, opts: routed.get(name) ?? {} };
  }

  /**
   * `fit` without blocking where the final estimator has fitAsync (the transformers are quick and
   * run at once); `signal`, `yieldMs` and `yieldEvery` go to the final estimator.
   */
  async fitAsync(X: unknown, y?: unknown, options: Record<string, unknown> & AsyncFitOptions = {}): Promise<this> {
    const [async, rest] = splitAsyncOptions(optionsOf('Pipeline.fitAsync', options));
    const { Xt, name, est, opts } = this.fitUpToFinal(X, y, rest);
    if (est !== null) {
      const t0 = clock();
      await fitMaybeAsync(est, Xt, y, opts, async);
      this.log(this.list.length - 1, name, t0);
    }
    return this;
  }

  /** X through the transformers, then the final estimator's predict (of its type where TypeScript knows it). */
  predict(X: unknown): PredictionOf<FinalStep<S>> {
    const est = this.final('predict');
    return (est.predict as (x: unknown) => PredictionOf<FinalStep<S>>)(this.transformAllButLast(X));
  }

  /** X through the transformers, then the final estimator's predictProba. */
  predictProba(X: unknown): number[][] {
    const est = this.final('predictProba');
    return (est.predictProba as (x: unknown) => number[][])(this.transformAllButLast(X));
  }

  /** X through the transformers, then the final estimator's score (accuracy for classifiers, R^2 for regressors). */
  score(X: unknown, y: unknown, options: { sampleWeight?: ArrayLike<number> } = {}): number {
    const est = this.final('score');
    return (est.score as (x: unknown, y: unknown, o: unknown) => number)(this.transformAllButLast(X), y, options);
  }

  /** X through every step (the final one must be a transformer or 'passthrough'). */
  transform(X: unknown): unknown {
    this.validateSteps();
    const last = (this.list[this.list.length - 1] as Step)[1];
    const Xt = this.transformAllButLast(X);
    return isPassthrough(last) ? Xt : (this.final('transform').transform as (x: unknown) => unknown)(Xt);
  }

  /** Fits every step and returns the transformed X (the final step must be a transformer or 'passthrough'). */
  fitTransform(X: unknown, y?: unknown, options: Record<string, unknown> = {}): unknown {
    this.validateSteps();
    const routed = this.routeFitParams(optionsOf('Pipeline.fitTransform', options));
    const Xt = this.fitTransformers(X, y, routed);
    const [name, last] = this.list[this.list.length - 1] as Step;
    if (isPassthrough(last)) return Xt;
    const opts = routed.get(name) as Record<string, unknown>;
    if (last.fitTransform) return last.fitTransform(Xt, y, opts);
    last.fit(Xt, y, opts);
    return (this.final('transform').transform as (x: unknown) => unknown)(Xt);
  }

  /** Every step's inverseTransform, last step first. */
  inverseTransform(X: unknown): unknown {
    this.validateSteps();
    let Xt = X;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const [name, est] = this.list[i] as Step;
      if (isPassthrough(est)) continue;
      if (!hasMethod(est, 'inverseTransform'))
        throw new ValueError(
          `Pipeline.inverseTransform: step '${name}' (${describe(est)}) has no inverseTransform method.`,
        );
      Xt = (est.inverseTransform as (x: unknown) => unknown)(Xt);
    }
    return Xt;
  }

  /** Parameters and each step's own JSON (fitted state included), restorable with `Pipeline.fromJSON`. */
  toJSON(): PipelineJSON {
    this.validateSteps();
    const steps = this.list.map(([name, est]): [string, unknown] => {
      if (isPassthrough(est)) return [name, est];
      return [name, nested(() => nestedEstimatorJSON(est, `Pipeline.toJSON: step '${name}'`))];
    });
    return {
      format: 'scikeras-ts/pipeline',
      version: 1,
      className: 'Pipeline',
      params: { verbose: this.verbose },
      steps,
    };
  }

  /**
   * Rebuilds a pipeline from `toJSON()` output (an object or its JSON
   * string); each step is restored by its class name. Parameters JSON cannot
   * hold (a KerasClassifier's build function) go in `overrides` by step name.
   *
   * @example
   * const again = Pipeline.fromJSON(JSON.stringify(pipe), { keras: { model: buildFn } });
   */
  static fromJSON(
    json: unknown,
    overrides: Record<string, Record<string, unknown>> = {},
    options: FromJSONOptions = {},
  ): Pipeline {
    const j = pickKeys('pipeline JSON', parseJSONText('Pipeline.fromJSON', json), [
      'format',
      'version',
      'className',
      'params',
      'steps',
    ]);
    if (j.format !== 'scikeras-ts/pipeline' || j.version !== 1 || j.className !== 'Pipeline') {
      throw new ValueError(
        `Pipeline.fromJSON: unsupported format ${describe(j.format)} version ${describe(j.version)} class ${describe(j.className)}`,
      );
    }
    const params = pickKeys('pipeline params', j.params, ['verbose']);
    if (!Array.isArray(j.steps))
      throw new ValueError(`Pipeline.fromJSON: steps must be an array; got ${describe(j.steps)}`);
    const names = new Set<string>();
    const steps = j.steps.map((s: unknown): Step => {
      if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string')
        throw new ValueError(`Pipeline.fromJSON: each step must be [name, estimator JSON]; got ${describe(s)}`);
      const [name, body] = s as [string, unknown];
      names.add(name);
      const ov = Object.prototype.hasOwnProperty.call(overrides, name) ? overrides[name] : undefined;
      if (isPassthrough(body)) return [name, body];
      return [name, nested(() => estimatorFromJSON(body, ov ?? {}, options))];
    });
    for (const k of Object.keys(overrides))
      if (!names.has(k))
        throw new ValueError(
          `Pipeline.fromJSON: overrides name the step '${k}', which is not one of ${[...names].join(', ')}.`,
        );
    const pipe = new Pipeline({
      steps,
      ...(params.verbose === undefined ? {} : { verbose: params.verbose as boolean }),
    });
    pipe.validateSteps();
    return pipe;
  }
}

/**
 * scikit-learn's `make_pipeline`: a Pipeline whose step names are the
 * lowercased class names, numbered `-1`, `-2`, ... where they repeat.
 *
 * @example
 * makePipeline(new StandardScaler(), new MLPClassifier()).namedSteps; // { standardscaler, mlpclassifier }
 */
export function makePipeline<const E extends readonly (StepEstimator | 'passthrough' | null)[]>(
  ...estimators: E
): Pipeline<{ readonly [I in keyof E]: readonly [string, E[I]] }> {
  const names = nameEstimators(estimators);
  const steps = estimators.map((e, i) => [names[i] as string, e] as Step);
  return new Pipeline({ steps } as PipelineParams) as unknown as Pipeline<{
    readonly [I in keyof E]: readonly [string, E[I]];
  }>;
}

registerBuiltIn(Pipeline, 'Pipeline');

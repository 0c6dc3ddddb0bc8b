// Hyper-parameter search: GridSearchCV and RandomizedSearchCV (every candidate fitted on a clone,
// cvResults_, ranks, refit). Imports the other model-selection files, estimators and tensor only.
import { NotFittedError, ValueError, describe } from '../../core/errors.ts';
import { isRecord } from '../../core/objects.ts';
import {
  BaseEstimator,
  clone,
  estimatorClassName,
  estimatorTypeOf,
  isClassifier,
  isEstimator,
  nested,
  registerBuiltIn,
  type EstimatorJSON,
  type EstimatorType,
  type ParamsLike,
  type StepEstimator,
} from '../base.ts';
import type { ClassesOfEstimator, PredictionOf } from '../utils/prediction-types.ts';
import { print } from '../../core/warnings.ts';
import { clock } from '../../core/async.ts';
import { optionsOf } from '../../core/objects.ts';
import { bool, satisfies, validateParams } from '../../core/param-validation.ts';
import { checkConsistentLength, normalizeX, normalizeY, numSamples } from '../utils/validation.ts';
import {
  runFitCalls,
  runFitCallsAsync,
  splitAsyncOptions,
  type AsyncFitOptions,
  type FitCalls,
} from '../utils/fit-driver.ts';
import type { Fold } from './split.ts';
import {
  type CvSpec,
  type FitResult,
  type ScoreFn,
  type Scoring,
  checkErrorScore,
  checkEstimator,
  checkNJobs,
  checkScoreValue,
  fitAndScoreSteps,
  fmtParams,
  makeFolds,
  mean,
  reportFitFailures,
  resolveScoring,
  std,
} from './fit-and-score.ts';
import { type ParamDistributionsSpec, type ParamGridSpec, ParameterGrid, ParameterSampler } from './param-spaces.ts';
import { buildCvResults, type CvResults } from './search-results.ts';
import { parallelFits } from './parallel-fits.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import { searchFromJSON, searchToJSON } from './search-json.ts';

// ---------------------------------------------------------------- searches

/** What `onProgress` receives after each candidate (times in seconds). */
export interface SearchProgress {
  /** 0-based index of the candidate just evaluated. */
  candidate: number;
  nCandidates: number;
  params: Record<string, unknown>;
  testScores: number[];
  meanTestScore: number;
  stdTestScore: number;
  /** Seconds spent fitting this candidate (all folds). */
  fitTime: number;
  /** Seconds since the search started. */
  elapsed: number;
}

export const SEARCH_DEFAULTS = {
  estimator: null as StepEstimator | null,
  scoring: null as Scoring,
  refit: true,
  cv: null as CvSpec,
  verbose: 0,
  errorScore: NaN as number | 'raise',
  returnTrainScore: false,
  onProgress: null as ((p: SearchProgress) => void) | null,
  /**
   * Fits run at once on the workers of scikeras-ts/threads (`await useThreads()` first): 2 or more, or -1
   * for all the pool's threads; null or 1 (the default) fits one after another.
   */
  nJobs: null as number | null,
};

/** Options shared by GridSearchCV and RandomizedSearchCV (everything but the estimator and its space). */
export type SearchOptions = {
  -readonly [K in Exclude<keyof typeof SEARCH_DEFAULTS, 'estimator'>]?: (typeof SEARCH_DEFAULTS)[K];
};
/** Parameters shared by GridSearchCV and RandomizedSearchCV, the estimator E included. */
export type SearchParams<E extends StepEstimator = StepEstimator> = SearchOptions & { estimator?: E | null };

/** The keys a search may set: `getParams({ deep: true })` plus routed keys of any Keras wrapper inside. */
export function describeValidParams(est: ParamsLike): string {
  const deep = est.getParams({ deep: true });
  const keys = Object.keys(deep).sort();
  // Estimators that take routed parameters (SciKeras's wrappers) say so through their `routingPrefixes` tag.
  const routers: [path: string, prefixes: readonly string[]][] = [];
  const visit = (e: unknown, path: string): void => {
    const prefixes =
      typeof e === 'object' && e !== null
        ? (e.constructor as { routingPrefixes?: unknown }).routingPrefixes
        : undefined;
    if (Array.isArray(prefixes) && prefixes.length > 0) routers.push([path, prefixes as string[]]);
  };
  visit(est, '');
  for (const [k, v] of Object.entries(deep)) if (isEstimator(v)) visit(v, `${k}__`);
  let text = `Valid parameters are: ${keys.join(', ')}.`;
  for (const [p, prefixes] of routers) {
    const w = (p === '' ? est : deep[p.slice(0, -2)]) as object;
    text +=
      `\n${w.constructor.name}${p === '' ? '' : ` (at '${p.slice(0, -2)}')`} also accepts routed parameters ` +
      `'${p}<prefix>__<name>' for the prefixes ${prefixes.join(', ')} (e.g. '${p}optimizer__learningRate'). ` +
      `A parameter of its build function (e.g. '${p}hiddenLayerSizes') must either be set in the constructor first ` +
      `(new ${w.constructor.name}({ model, hiddenLayerSizes: [100] })) or be searched as '${p}model__hiddenLayerSizes'.`;
  }
  return text;
}

/** Every key of every candidate is tried on a fresh clone, so a misspelt name fails before any fit, listing the valid ones. */
export function checkCandidateKeys(
  est: StepEstimator,
  candidates: readonly Record<string, unknown>[],
  owner: string,
): void {
  const tried = new Set<string>();
  for (const cand of candidates) {
    for (const [k, v] of Object.entries(cand)) {
      if (tried.has(k)) continue;
      tried.add(k);
      try {
        clone(est).setParams({ [k]: v });
      } catch (e) {
        if (!(e instanceof ValueError) || e.code !== 'invalid_parameter') throw e;
        throw new ValueError(
          `${owner}: invalid parameter '${k}' for estimator ${est.constructor.name}. ${describeValidParams(est)}`,
          'invalid_parameter',
        );
      }
    }
  }
}

/**
 * The machinery of GridSearchCV and RandomizedSearchCV (scikit-learn's
 * BaseSearchCV): every candidate is a `clone` of the estimator with
 * `setParams(candidate)`, fitted and scored on each fold; then the best
 * candidate is refitted on all the data. Not used directly.
 */
export abstract class BaseSearchCV<E extends StepEstimator = StepEstimator> extends BaseEstimator {
  declare estimator: E;
  declare scoring: Scoring;
  declare refit: boolean;
  declare cv: CvSpec;
  declare verbose: number;
  declare errorScore: number | 'raise';
  declare nJobs: number | null;
  declare returnTrainScore: boolean;
  declare onProgress: ((p: SearchProgress) => void) | null;

  declare cvResults_: CvResults;
  declare bestIndex_: number;
  declare bestScore_: number;
  declare bestParams_: Record<string, unknown>;
  /** The estimator refitted on all the data with bestParams_ (with `refit`, the default). */
  declare bestEstimator_: E;
  /** Seconds spent refitting the best candidate on all the data. */
  declare refitTime_: number;
  declare nSplits_: number;
  /** The scoring function used (names resolved). */
  declare scorer_: ScoreFn;
  declare multimetric_: false;

  /** The searched estimator's kind (scikit-learn's searches delegate `_estimator_type`). */
  override get estimatorType(): EstimatorType | null {
    return nested(() => estimatorTypeOf(this.estimator));
  }

  /** The candidate parameter sets, in evaluation order. */
  protected abstract candidates(): Record<string, unknown>[];

  private validate(): void {
    const name = this.constructor.name;
    checkEstimator(this.estimator, name);
    validateParams(name, this, {
      refit: bool,
      verbose: satisfies('an int', (v) => Number.isInteger(v) || typeof v === 'boolean'),
      returnTrainScore: bool,
      onProgress: satisfies('a function or null', (v) => v === null || typeof v === 'function'),
    });
    checkErrorScore(this.errorScore);
    checkNJobs(this.nJobs, this.constructor.name);
  }

  /**
   * Evaluates every candidate on every fold, fills `cvResults_`, picks
   * `bestIndex_` / `bestParams_` / `bestScore_` and, with `refit`, fits
   * `bestEstimator_` on all of X, y. `fitParams` go to every fit (arrays with
   * one entry per sample are split with the data), except `groups`: the group
   * labels for a group-aware `cv` (GroupKFold, StratifiedGroupKFold).
   */
  fit(X: unknown, y?: unknown, fitParams: Record<string, unknown> = {}): this {
    runFitCalls(this.search(X, y, optionsOf(`${this.constructor.name}.fit`, fitParams)));
    return this;
  }

  /**
   * `fit` without blocking: every fit goes through the estimator's fitAsync (a Pipeline's final step
   * included), so a page stays responsive and `onProgress` can repaint; `signal` stops the search
   * with an AbortError.
   */
  async fitAsync(X: unknown, y?: unknown, fitParams: Record<string, unknown> & AsyncFitOptions = {}): Promise<this> {
    const [async, rest] = splitAsyncOptions(optionsOf(`${this.constructor.name}.fitAsync`, fitParams));
    await runFitCallsAsync(this.search(X, y, rest), async);
    return this;
  }

  private *search(X: unknown, y: unknown, params: Record<string, unknown>): FitCalls<void> {
    // `groups` is the splitter's, not a fit argument (scikit-learn's fit(X, y, groups=None, **fit_params)).
    const { groups, ...fitParams } = params;
    this.validate();
    const name = this.constructor.name;
    const base = this.estimator;
    const candidates = this.candidates();
    if (candidates.length === 0) throw new ValueError('No fits were performed. Were there no candidates?');
    checkCandidateKeys(base, candidates, name);
    const Xn = normalizeX(X),
      yn = normalizeY(y);
    if (yn !== undefined && yn !== null) checkConsistentLength(numSamples(Xn), numSamples(yn));
    const folds = makeFolds(this.cv, Xn, yn, isClassifier(base), groups);
    const scorer = resolveScoring(this.scoring);
    const errorScore = this.errorScore;
    const verbose = Number(this.verbose);
    const nC = candidates.length,
      nS = folds.length;
    if (verbose > 0) print(`Fitting ${nS} folds for each of ${nC} candidates, totalling ${nC * nS} fits`);
    const start = clock();
    const all: FitResult[][] = candidates.map(() => []);
    const o = { returnTrainScore: this.returnTrainScore, fitParams, errorScore };
    // Results are taken in job order (candidate-major), whether fitted here or on workers (nJobs).
    const take = (job: number, r: FitResult): void => {
      const ci = Math.floor(job / nS),
        si = job % nS;
      const params = candidates[ci] as Record<string, unknown>;
      if (verbose > 1)
        print(
          `[CV ${si + 1}/${nS}; ${ci + 1}/${nC}] END ${fmtParams(params)}; ` +
            `score=${r.testScore.toFixed(3)} total time=${(r.fitTime + r.scoreTime).toFixed(1)}s`,
        );
      const rs = all[ci] as FitResult[];
      rs.push(r);
      if (si < nS - 1) return;
      const scores = rs.map((x) => x.testScore);
      const progress: SearchProgress = {
        candidate: ci,
        nCandidates: nC,
        params,
        testScores: scores,
        meanTestScore: mean(scores),
        stdTestScore: std(scores),
        fitTime: rs.reduce((s, x) => s + x.fitTime, 0),
        elapsed: (clock() - start) / 1000,
      };
      if (verbose > 0)
        print(
          `[${name}] candidate ${ci + 1}/${nC} {${fmtParams(params)}}: mean test score ${progress.meanTestScore.toFixed(4)} ` +
            `(std ${progress.stdTestScore.toFixed(4)}), ${progress.elapsed.toFixed(1)}s elapsed`,
        );
      if (this.onProgress) this.onProgress(progress);
    };
    const jobs = candidates.flatMap((params) => folds.map((_, fold) => ({ params, fold })));
    const batch = { owner: name, base, X: Xn, y: yn, folds, jobs, scoring: this.scoring };
    const call = parallelFits(this.nJobs, { ...batch, options: { ...o, returnEstimator: false } }, take);
    if (call !== null) yield call;
    else
      for (let job = 0; job < jobs.length; job++) {
        const { params, fold } = jobs[job] as { params: Record<string, unknown>; fold: number };
        take(job, yield* fitAndScoreSteps(base, Xn, yn, folds[fold] as Fold, params, scorer, o));
      }
    reportFitFailures(all.flat(), errorScore);
    const cvResults = buildCvResults(candidates, all, this.returnTrainScore);
    const ranks = cvResults.rankTestScore;
    const bestIndex = ranks.indexOf(Math.min(...ranks));
    const bestParams = { ...(candidates[bestIndex] as Record<string, unknown>) };
    // The refit may fail or be aborted: the fitted attributes change together, after it.
    let best: E | null = null;
    let refitTime = 0;
    if (this.refit) {
      const t0 = clock();
      best = clone(base).setParams(bestParams) as E;
      yield { est: best, X: Xn, y: yn, options: fitParams };
      refitTime = (clock() - t0) / 1000;
    }
    this.cvResults_ = cvResults;
    this.nSplits_ = nS;
    this.scorer_ = scorer;
    this.multimetric_ = false;
    this.bestIndex_ = bestIndex;
    this.bestScore_ = cvResults.meanTestScore[bestIndex] as number;
    this.bestParams_ = bestParams;
    if (best !== null) {
      this.bestEstimator_ = best;
      this.refitTime_ = refitTime;
    } else delete (this as Record<string, unknown>).bestEstimator_;
  }

  private best(method: string): E {
    this.checkIsFitted('cvResults_');
    if (!this.refit) {
      throw new NotFittedError(
        `This ${this.constructor.name} instance was initialized with refit=false. ${method} is available only ` +
          `after refitting on the best parameters. You can refit an estimator manually using the bestParams_ attribute`,
      );
    }
    const e = this.bestEstimator_;
    if (typeof (e as unknown as Record<string, unknown>)[method] !== 'function')
      throw new ValueError(`This ${this.constructor.name}'s best estimator (${String(e)}) has no ${method} method.`);
    return e;
  }

  /** The best estimator's predictions (of its type where TypeScript knows the estimator). */
  predict(X: unknown): PredictionOf<E> {
    return (this.best('predict').predict as (x: unknown) => PredictionOf<E>)(X);
  }

  /** The best estimator's class probabilities. */
  predictProba(X: unknown): number[][] {
    return (this.best('predictProba').predictProba as (x: unknown) => number[][])(X);
  }

  /** The best estimator's transform. */
  transform(X: unknown): unknown {
    return (this.best('transform').transform as (x: unknown) => unknown)(X);
  }

  /** The best estimator's inverseTransform. */
  inverseTransform(X: unknown): unknown {
    return (this.best('inverseTransform').inverseTransform as (x: unknown) => unknown)(X);
  }

  /** The search's scoring of the best estimator on X, y (its own `score` when `scoring` is null). */
  score(X: unknown, y: unknown): number {
    const est = this.best('fit');
    if (this.scorer_ === undefined)
      throw new ValueError(
        `${this.constructor.name}.score: the scoring function was not saved in the JSON this search was restored ` +
          'from; pass it back: fromJSON(json, { scoring }).',
      );
    return checkScoreValue(this.scorer_(est, normalizeX(X), normalizeY(y)));
  }

  /** The best estimator's classes. */
  get classes_(): ClassesOfEstimator<E> {
    return (this.best('fit') as { classes_?: unknown }).classes_ as ClassesOfEstimator<E>;
  }

  /** Parameters (the estimator as its own JSON) and, once fitted, cvResults_ and the best estimator. */
  toJSON(): EstimatorJSON {
    const fitted = this.cvResults_ !== undefined;
    return searchToJSON(estimatorClassName(this), {
      params: this.getParams(),
      fitted: fitted
        ? {
            cvResults_: this.cvResults_,
            bestIndex_: this.bestIndex_,
            bestScore_: this.bestScore_,
            bestParams_: this.bestParams_,
            ...(this.bestEstimator_ === undefined ? {} : { bestEstimator_: this.bestEstimator_ }),
            ...(this.refitTime_ === undefined ? {} : { refitTime_: this.refitTime_ }),
            nSplits_: this.nSplits_,
          }
        : null,
    });
  }

  /**
   * Rebuilds a search from `toJSON()` output (an object or JSON text), fitted or not; the estimator and
   * best estimator are restored by class name (registerEstimator). `overrides` gives back parameters JSON
   * cannot hold (a scoring function, distributions); its `estimator` is an estimator to use instead, or the
   * overrides for restoring the saved one (`{ estimator: { model: buildFn } }` for a KerasClassifier).
   * `maxParams` bounds the size of the models restored (see Sequential.fromJSON).
   */
  static fromJSON<T extends BaseSearchCV>(
    this: new (params: never) => T,
    json: unknown,
    overrides: Record<string, unknown> = {},
    options: FromJSONOptions = {},
  ): T {
    const { params, fitted } = searchFromJSON(json, this, overrides, options);
    const search = new (this as unknown as new (params: Record<string, unknown>) => T)(params);
    if (fitted !== null) {
      const { scorer, ...state } = fitted;
      Object.assign(search, state, { multimetric_: false });
      if (scorer !== null) search.scorer_ = scorer;
    }
    return search;
  }
}

/** GridSearchCV's parameters. */
export type GridSearchParams<E extends StepEstimator = StepEstimator> = SearchParams<E> & { paramGrid?: ParamGridSpec };

/** scikit-learn's positional form `(estimator, space, options)` as the options object (the first argument decides). */
function searchParams(owner: string, space: string, a: unknown, b: unknown, options: unknown): Record<string, unknown> {
  if (!isEstimator(a)) {
    if (b !== undefined)
      throw new ValueError(
        `${owner}: the first argument is neither an estimator nor an options object; got ${describe(a)}. ` +
          `Write new ${owner}(estimator, ${space}, options) or new ${owner}({ estimator, ${space}, ... }).`,
      );
    return (a ?? {}) as Record<string, unknown>;
  }
  if (options !== undefined && !isRecord(options))
    throw new ValueError(`${owner}: options must be an object; got ${describe(options)}.`);
  for (const k of ['estimator', space])
    if (isRecord(options) && k in options)
      throw new ValueError(`${owner}: '${k}' is given twice, as an argument and in the options.`);
  return { ...(options as Record<string, unknown> | undefined), estimator: a, [space]: b };
}

/**
 * scikit-learn's GridSearchCV: every combination of `paramGrid`, scored by
 * cross-validation. Any parameter the estimator exposes can be searched,
 * including nested pipeline parameters (`mlp__alpha`), routed Keras
 * parameters (`optimizer__learningRate`) and build-function parameters
 * declared in a KerasClassifier's constructor (`hiddenLayerSizes`).
 * `bestEstimator_`, `predict` and `classes_` have the searched estimator's types.
 *
 * @example
 * const search = new GridSearchCV(
 *   makePipeline(new StandardScaler(), new MLPClassifier({ maxIter: 100, randomState: 0 })),
 *   { mlpclassifier__alpha: [1e-4, 1e-2], mlpclassifier__hiddenLayerSizes: [[10], [30]] },
 *   { cv: 3 },
 * ).fit(X, y);                                   // or new GridSearchCV({ estimator, paramGrid, cv: 3 })
 * search.bestParams_; search.bestScore_; search.cvResults_.meanTestScore; search.bestEstimator_.predict(X);
 */
export class GridSearchCV<E extends StepEstimator = StepEstimator> extends BaseSearchCV<E> {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    ...SEARCH_DEFAULTS,
    paramGrid: null as ParamGridSpec | null,
  });
  declare paramGrid: ParamGridSpec;

  /** scikit-learn's positional form. */
  constructor(estimator: E, paramGrid: ParamGridSpec, options?: SearchOptions);
  /** The options object. */
  constructor(params?: GridSearchParams<E>);
  constructor(a?: E | GridSearchParams<E>, paramGrid?: ParamGridSpec, options?: SearchOptions) {
    super(searchParams('GridSearchCV', 'paramGrid', a, paramGrid, options));
  }

  protected candidates(): Record<string, unknown>[] {
    if (this.paramGrid === null || this.paramGrid === undefined)
      throw new ValueError(
        'GridSearchCV: paramGrid is required (an object of parameter name -> array of values, or an array of such objects).',
      );
    return new ParameterGrid(this.paramGrid).toArray();
  }
}

/** RandomizedSearchCV's options beside the estimator and its distributions. */
export type RandomizedSearchOptions = SearchOptions & { nIter?: number; randomState?: number | null };
/** RandomizedSearchCV's parameters. */
export type RandomizedSearchParams<E extends StepEstimator = StepEstimator> = SearchParams<E> &
  RandomizedSearchOptions & { paramDistributions?: ParamDistributionsSpec };

/**
 * scikit-learn's RandomizedSearchCV: `nIter` candidates drawn from
 * `paramDistributions` (arrays sampled uniformly, or objects with
 * `rvs(rng)` such as {@link distributions}), seeded by `randomState`.
 *
 * @example
 * new RandomizedSearchCV(clf, { optimizer__learningRate: distributions.loguniform(1e-4, 1e-1), hiddenLayerSizes: [[16], [32]] }, { nIter: 6, randomState: 0 }).fit(X, y);
 */
export class RandomizedSearchCV<E extends StepEstimator = StepEstimator> extends BaseSearchCV<E> {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    ...SEARCH_DEFAULTS,
    paramDistributions: null as ParamDistributionsSpec | null,
    nIter: 10,
    randomState: null as number | null,
  });
  declare paramDistributions: ParamDistributionsSpec;
  declare nIter: number;
  declare randomState: number | null;

  /** scikit-learn's positional form. */
  constructor(estimator: E, paramDistributions: ParamDistributionsSpec, options?: RandomizedSearchOptions);
  /** The options object. */
  constructor(params?: RandomizedSearchParams<E>);
  constructor(
    a?: E | RandomizedSearchParams<E>,
    paramDistributions?: ParamDistributionsSpec,
    options?: RandomizedSearchOptions,
  ) {
    super(searchParams('RandomizedSearchCV', 'paramDistributions', a, paramDistributions, options));
  }

  protected candidates(): Record<string, unknown>[] {
    if (this.paramDistributions === null || this.paramDistributions === undefined)
      throw new ValueError(
        'RandomizedSearchCV: paramDistributions is required (an object of parameter name -> array of values or distribution).',
      );
    return new ParameterSampler(this.paramDistributions, this.nIter, this.randomState).toArray();
  }
}

registerBuiltIn(GridSearchCV, 'GridSearchCV');
registerBuiltIn(RandomizedSearchCV, 'RandomizedSearchCV');

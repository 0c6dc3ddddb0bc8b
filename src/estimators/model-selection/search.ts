// Hyper-parameter search: GridSearchCV and RandomizedSearchCV (every candidate fitted on a clone,
// cvResults_, ranks, refit). Imports the other model-selection files, estimators and tensor only.
import { NotFittedError, ValueError } from '../../core/errors.ts';
import {
  BaseEstimator,
  clone,
  estimatorTypeOf,
  isClassifier,
  isEstimator,
  nested,
  type EstimatorType,
  type ParamsLike,
  type StepEstimator,
} from '../base.ts';
import { warn, print } from '../../core/warnings.ts';
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

/** `cvResults_`: one entry per candidate in every column (scikit-learn's `cv_results_`, camelCase). */
export interface CvResults {
  params: Record<string, unknown>[];
  meanFitTime: number[];
  stdFitTime: number[];
  meanScoreTime: number[];
  stdScoreTime: number[];
  meanTestScore: number[];
  stdTestScore: number[];
  rankTestScore: number[];
  meanTrainScore?: number[];
  stdTrainScore?: number[];
  /** `split<k>TestScore`, `split<k>TrainScore`, and `param_<name>` (undefined where a candidate lacks the parameter). */
  [column: string]: unknown[] | undefined;
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
  /** Accepted for scikit-learn code; the fits run one after another (one JavaScript thread). */
  nJobs: null as number | null,
};

/** Parameters shared by GridSearchCV and RandomizedSearchCV. */
export type SearchParams = { -readonly [K in keyof typeof SEARCH_DEFAULTS]?: (typeof SEARCH_DEFAULTS)[K] };

/** scikit-learn's `rankdata(-means, method='min')`, with NaN means tied below the worst. */
export function rankMin(means: readonly number[]): number[] {
  if (means.every((m) => Number.isNaN(m))) return means.map(() => 1);
  const finite = means.filter((m) => !Number.isNaN(m));
  const floor = Math.min(...finite) - 1;
  const v = means.map((m) => (Number.isNaN(m) ? floor : m));
  return v.map((m) => 1 + v.filter((o) => o > m).length);
}

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
export abstract class BaseSearchCV extends BaseEstimator {
  declare estimator: StepEstimator;
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
  declare bestEstimator_: StepEstimator;
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
    const all: FitResult[][] = [];
    for (let ci = 0; ci < nC; ci++) {
      const params = candidates[ci] as Record<string, unknown>;
      const rs: FitResult[] = [];
      for (let si = 0; si < nS; si++) {
        const r = yield* fitAndScoreSteps(base, Xn, yn, folds[si] as Fold, params, scorer, {
          returnTrainScore: this.returnTrainScore,
          fitParams,
          errorScore,
        });
        if (verbose > 1)
          print(
            `[CV ${si + 1}/${nS}; ${ci + 1}/${nC}] END ${fmtParams(params)}; ` +
              `score=${r.testScore.toFixed(3)} total time=${(r.fitTime + r.scoreTime).toFixed(1)}s`,
          );
        rs.push(r);
      }
      all.push(rs);
      const scores = rs.map((r) => r.testScore);
      const progress: SearchProgress = {
        candidate: ci,
        nCandidates: nC,
        params,
        testScores: scores,
        meanTestScore: mean(scores),
        stdTestScore: std(scores),
        fitTime: rs.reduce((s, r) => s + r.fitTime, 0),
        elapsed: (clock() - start) / 1000,
      };
      if (verbose > 0)
        print(
          `[${name}] candidate ${ci + 1}/${nC} {${fmtParams(params)}}: mean test score ${progress.meanTestScore.toFixed(4)} ` +
            `(std ${progress.stdTestScore.toFixed(4)}), ${progress.elapsed.toFixed(1)}s elapsed`,
        );
      if (this.onProgress) this.onProgress(progress);
    }
    reportFitFailures(all.flat(), errorScore);
    const cvResults = this.buildResults(candidates, all);
    const ranks = cvResults.rankTestScore;
    const bestIndex = ranks.indexOf(Math.min(...ranks));
    const bestParams = { ...(candidates[bestIndex] as Record<string, unknown>) };
    // The refit may fail or be aborted: the fitted attributes change together, after it.
    let best: StepEstimator | null = null;
    let refitTime = 0;
    if (this.refit) {
      const t0 = clock();
      best = clone(base).setParams(bestParams) as StepEstimator;
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

  private buildResults(candidates: Record<string, unknown>[], all: FitResult[][]): CvResults {
    const nS = (all[0] as FitResult[]).length;
    const col = (f: (r: FitResult) => number): number[][] => all.map((rs) => rs.map(f));
    const fit = col((r) => r.fitTime),
      score = col((r) => r.scoreTime),
      test = col((r) => r.testScore);
    const res: CvResults = {
      params: candidates.map((c) => ({ ...c })),
      meanFitTime: fit.map(mean),
      stdFitTime: fit.map(std),
      meanScoreTime: score.map(mean),
      stdScoreTime: score.map(std),
      meanTestScore: test.map(mean),
      stdTestScore: test.map(std),
      rankTestScore: [],
    };
    const names: string[] = [];
    for (const c of candidates) for (const k of Object.keys(c)) if (!names.includes(k)) names.push(k);
    for (const k of names)
      res[`param_${k}`] = candidates.map((c) => (Object.prototype.hasOwnProperty.call(c, k) ? c[k] : undefined));
    for (let s = 0; s < nS; s++) res[`split${s}TestScore`] = test.map((r) => r[s] as number);
    res.rankTestScore = rankMin(res.meanTestScore);
    if (res.meanTestScore.some((m) => !Number.isFinite(m)))
      warn('UserWarning', `One or more of the test scores are non-finite: [${res.meanTestScore.join(', ')}]`);
    if (this.returnTrainScore) {
      const train = col((r) => r.trainScore);
      for (let s = 0; s < nS; s++) res[`split${s}TrainScore`] = train.map((r) => r[s] as number);
      res.meanTrainScore = train.map(mean);
      res.stdTrainScore = train.map(std);
      if (res.meanTrainScore.some((m) => !Number.isFinite(m)))
        warn('UserWarning', `One or more of the train scores are non-finite: [${res.meanTrainScore.join(', ')}]`);
    }
    return res;
  }

  private best(method: string): StepEstimator {
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

  /** The best estimator's predictions. */
  predict(X: unknown): unknown {
    return (this.best('predict').predict as (x: unknown) => unknown)(X);
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
    return checkScoreValue(this.scorer_(this.best('fit'), normalizeX(X), normalizeY(y)));
  }

  /** The best estimator's classes. */
  get classes_(): unknown {
    return (this.best('fit') as { classes_?: unknown }).classes_;
  }
}

/** GridSearchCV's parameters. */
export type GridSearchParams = SearchParams & { paramGrid?: ParamGridSpec };

/**
 * scikit-learn's GridSearchCV: every combination of `paramGrid`, scored by
 * cross-validation. Any parameter the estimator exposes can be searched,
 * including nested pipeline parameters (`mlp__alpha`), routed Keras
 * parameters (`optimizer__learningRate`) and build-function parameters
 * declared in a KerasClassifier's constructor (`hiddenLayerSizes`).
 *
 * @example
 * const search = new GridSearchCV({
 *   estimator: makePipeline(new StandardScaler(), new MLPClassifier({ maxIter: 100, randomState: 0 })),
 *   paramGrid: { mlpclassifier__alpha: [1e-4, 1e-2], mlpclassifier__hiddenLayerSizes: [[10], [30]] },
 *   cv: 3,
 * }).fit(X, y);
 * search.bestParams_; search.bestScore_; search.cvResults_.meanTestScore;
 */
export class GridSearchCV extends BaseSearchCV {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    ...SEARCH_DEFAULTS,
    paramGrid: null as ParamGridSpec | null,
  });
  declare paramGrid: ParamGridSpec;

  constructor(params: GridSearchParams = {}) {
    super(params as Record<string, unknown>);
  }

  protected candidates(): Record<string, unknown>[] {
    if (this.paramGrid === null || this.paramGrid === undefined)
      throw new ValueError(
        'GridSearchCV: paramGrid is required (an object of parameter name -> array of values, or an array of such objects).',
      );
    return new ParameterGrid(this.paramGrid).toArray();
  }
}

/** RandomizedSearchCV's parameters. */
export type RandomizedSearchParams = SearchParams & {
  paramDistributions?: ParamDistributionsSpec;
  nIter?: number;
  randomState?: number | null;
};

/**
 * scikit-learn's RandomizedSearchCV: `nIter` candidates drawn from
 * `paramDistributions` (arrays sampled uniformly, or objects with
 * `rvs(rng)` such as {@link distributions}), seeded by `randomState`.
 *
 * @example
 * new RandomizedSearchCV({ estimator: clf, paramDistributions: { optimizer__learningRate: distributions.loguniform(1e-4, 1e-1), hiddenLayerSizes: [[16], [32]] }, nIter: 6, randomState: 0 }).fit(X, y);
 */
export class RandomizedSearchCV extends BaseSearchCV {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    ...SEARCH_DEFAULTS,
    paramDistributions: null as ParamDistributionsSpec | null,
    nIter: 10,
    randomState: null as number | null,
  });
  declare paramDistributions: ParamDistributionsSpec;
  declare nIter: number;
  declare randomState: number | null;

  constructor(params: RandomizedSearchParams = {}) {
    super(params as Record<string, unknown>);
  }

  protected candidates(): Record<string, unknown>[] {
    if (this.paramDistributions === null || this.paramDistributions === undefined)
      throw new ValueError(
        'RandomizedSearchCV: paramDistributions is required (an object of parameter name -> array of values or distribution).',
      );
    return new ParameterSampler(this.paramDistributions, this.nIter, this.randomState).toArray();
  }
}

// Cross-validation and hyper-parameter search: crossValidate / crossValScore, GridSearchCV, RandomizedSearchCV,
// ParameterGrid / ParameterSampler and scipy-like distributions, with scikit-learn 1.2.1's semantics. Imports estimators and tensor only; no Node built-ins.

import { NotFittedError, ValueError, describe } from '../errors.ts';
import { Rng } from '../tensor/rng.ts';
import { Tensor } from '../tensor/tensor.ts';
import { tensor, isNdArrayLike } from '../tensor/create.ts';
import { take } from '../tensor/ops.ts';
import { BaseEstimator, clone, isEstimator, type ParamsLike } from './base.ts';
import { BaseWrapper, KerasClassifier } from './wrappers.ts';
import { MLPClassifier, MLPRegressor } from './mlp.ts';
import { Pipeline, type StepEstimator } from './pipeline.ts';
import { KFold, StratifiedKFold, type Fold, type RandomState, type SampleSource } from './split.ts';
import { getScorer, typeOfTarget, type LabelArray, type Target } from './metrics.ts';
import { ROUTING_PREFIXES } from './routing.ts';
import { warn } from './warnings.ts';

declare const console: { log(...args: unknown[]): void };

function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

// ------------------------------------------------------------------ types

/** A scoring function: greater is better. */
export type ScoringFn = (estimator: StepEstimator, X: unknown, y: unknown) => number;
/** A scoring name (see `getScorerNames()`), a function, or null for the estimator's own `score`. */
export type Scoring = string | ScoringFn | null;
/** Something that splits samples into folds (KFold, StratifiedKFold, or your own). */
export interface Splitter {
  split(X: SampleSource, y?: unknown, groups?: unknown): Iterable<Fold>;
}
/** `cv`: a number of folds (stratified for classifiers, as scikit-learn), a splitter, or explicit [train, test] pairs. */
export type CvSpec = number | Splitter | readonly (readonly [readonly number[], readonly number[]])[] | null;

/** Options of {@link crossValidate} and {@link crossValScore}. */
export interface CrossValidateOptions {
  /** Folds: an integer (default 5; StratifiedKFold for classifiers on binary/multiclass y, else KFold), a splitter or [train, test] pairs. */
  cv?: CvSpec;
  /** A scoring name ('accuracy', 'f1_macro', 'roc_auc', 'neg_log_loss', 'r2', ...), a function (estimator, X, y) => number, or null for estimator.score. */
  scoring?: Scoring;
  /** Also score each fitted fold on its training data. */
  returnTrainScore?: boolean;
  /** Also return the fitted estimator of each fold. */
  returnEstimator?: boolean;
  /** Fit arguments; arrays with one entry per sample (sampleWeight, ...) are split with the data. */
  fitParams?: Record<string, unknown>;
  /** The score of a fold whose fit fails (default NaN, with a warning), or 'raise' to rethrow. */
  errorScore?: number | 'raise';
  /** > 0: one line per fold. */
  verbose?: number;
}

/** What {@link crossValidate} returns (times in seconds). */
export interface CrossValidateResult {
  testScore: number[];
  fitTime: number[];
  scoreTime: number[];
  trainScore?: number[];
  estimator?: StepEstimator[];
}

// ---------------------------------------------------------------- helpers

/** Whether an estimator is a classifier (scikit-learn's `is_classifier`), looking through pipelines and searches. */
export function isClassifier(est: unknown): boolean {
  if (est instanceof KerasClassifier) return true;
  if (est instanceof Pipeline) return Array.isArray(est.steps) && est.steps.length > 0 && isClassifier((est.steps[est.steps.length - 1] as readonly unknown[])[1]);
  if (est instanceof BaseSearchCV) return isClassifier(est.estimator);
  if (typeof est !== 'object' || est === null) return false;
  const t = (est as { estimatorType?: unknown; _estimatorType?: unknown }).estimatorType ?? (est as { _estimatorType?: unknown })._estimatorType;
  return t === 'classifier';
}

function isTyped(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** y as an array (Tensors and `{ data, shape }` become arrays) so folds can index it and metrics read it. */
function normalizeY(y: unknown): unknown {
  if (y === undefined || y === null || Array.isArray(y) || isTyped(y)) return y;
  const t = y instanceof Tensor ? y : isNdArrayLike(y) ? tensor(y, { dtype: 'float64' }) : null;
  if (t !== null) return t.ndim === 1 ? Array.from(t.data) : t.toArray();
  if (typeof y === 'object' && 'data' in y && 'shape' in y) {
    const o = y as { data: ArrayLike<number>; shape: number[] };
    return normalizeY(tensor(Float64Array.from(o.data), { shape: o.shape, dtype: 'float64' }));
  }
  throw new ValueError(`y must be an array of labels or values, a typed array or a Tensor; got ${describe(y)}.`);
}

/** X as something folds can index row by row (arrays and typed arrays kept, ndarrays and `{ data, shape }` as Tensors). */
function normalizeX(X: unknown): unknown {
  if (Array.isArray(X) || X instanceof Tensor) return X;
  if (isNdArrayLike(X)) return tensor(X, { dtype: 'float64' });
  if (typeof X === 'object' && X !== null && 'data' in X && 'shape' in X && isTyped((X as { data: unknown }).data)) {
    const o = X as { data: ArrayLike<number>; shape: number[] };
    return tensor(Float64Array.from(o.data), { shape: o.shape, dtype: 'float64' });
  }
  throw new ValueError(`X must be an array of rows, a Tensor, a typed array with a shape or an ndarray; got ${describe(X)}.`);
}

function numSamples(X: unknown): number {
  return X instanceof Tensor ? (X.shape[0] as number) : (X as ArrayLike<unknown>).length;
}

/** Rows `idx` of X or entries of y, in the same kind of container. */
function takeRows(a: unknown, idx: readonly number[]): unknown {
  if (a === undefined || a === null) return a;
  if (Array.isArray(a)) return idx.map((i) => a[i]);
  if (a instanceof Tensor) return take(a, idx);
  const typed = a as Float64Array;
  const out = new (typed.constructor as new (n: number) => Float64Array)(idx.length);
  idx.forEach((i, j) => { out[j] = typed[i] as number; });
  return out;
}

/** Fit arguments with one entry per sample are split like the data (scikit-learn's `_check_fit_params`). */
function splitFitParams(params: Record<string, unknown>, n: number, idx: readonly number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = (Array.isArray(v) || isTyped(v)) && (v as ArrayLike<unknown>).length === n ? takeRows(v, idx) : v;
  return out;
}

/** The folds of `cv` for X, y (scikit-learn's `check_cv`). */
function makeFolds(cv: CvSpec | undefined, X: unknown, y: unknown, classifier: boolean): Fold[] {
  const spec = cv ?? 5;
  let folds: Iterable<Fold>;
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec)) throw new ValueError(`cv must be an integer number of folds, a splitter or [train, test] pairs; got ${describe(spec)}.`);
    let stratify = false;
    if (classifier && (Array.isArray(y) || isTyped(y))) {
      const t = typeOfTarget(y as Target);
      stratify = t === 'binary' || t === 'multiclass';
    }
    folds = stratify ? new StratifiedKFold(spec).split(X as SampleSource, y as LabelArray) : new KFold(spec).split(X as SampleSource);
  } else if (Array.isArray(spec)) folds = spec as Fold[];
  else if (typeof spec === 'object' && spec !== null && typeof (spec as Splitter).split === 'function') folds = (spec as Splitter).split(X as SampleSource, y);
  else throw new ValueError(`Expected cv as an integer, a splitter with a split(X, y) method (KFold, StratifiedKFold) or an array of [train, test] index pairs. Got ${describe(spec)}.`);
  const n = numSamples(X);
  const out = Array.from(folds, (f, i): Fold => {
    if (!Array.isArray(f) || f.length !== 2 || !Array.isArray(f[0]) || !Array.isArray(f[1]) || ![...f[0], ...f[1]].every((j) => Number.isInteger(j) && j >= 0 && j < n)) {
      throw new ValueError(`cv: fold ${i} must be [train indices, test indices] with indices in [0, ${n}); got ${describe(f)}.`);
    }
    return [f[0].slice(), f[1].slice()];
  });
  if (out.length === 0) throw new ValueError('No fits were performed. Was the CV iterator empty?');
  return out;
}

type ScoreFn = (est: StepEstimator, X: unknown, y: unknown) => number;

/** The scoring as one function (scikit-learn's `check_scoring`). */
function resolveScoring(scoring: Scoring | undefined): ScoreFn {
  let fn: ScoreFn;
  if (scoring === null || scoring === undefined) {
    fn = (est, X, y) => {
      if (typeof est.score !== 'function') throw new ValueError(`If no scoring is specified, the estimator passed should have a 'score' method. The estimator ${String(est)} does not.`);
      return est.score(X, y);
    };
  } else if (typeof scoring === 'string') {
    const s = getScorer(scoring);
    fn = (est, X, y) => {
      const method = s.needsProba ? 'predictProba' : 'predict';
      const m = est[method];
      if (typeof m !== 'function') throw new ValueError(`The scoring '${s.name}' needs ${method}, which ${String(est)} does not have.`);
      return s.score(y as Target, (m as (x: unknown) => unknown).call(est, X) as Target);
    };
  } else if (typeof scoring === 'function') fn = scoring;
  else throw new ValueError(`scoring must be a scoring name (see getScorerNames()), a function (estimator, X, y) => number, or null; got ${describe(scoring)}.`);
  return fn;
}

/** A score that is not a number is a bug in the scoring, never an `errorScore` (scikit-learn checks it outside its try). */
function checkScoreValue(v: unknown): number {
  if (typeof v !== 'number') throw new ValueError(`scoring must return a number, got ${describe(v)} instead.`);
  return v;
}

interface FitResult {
  testScore: number;
  trainScore: number;
  fitTime: number;
  scoreTime: number;
  error: string | null;
  estimator: StepEstimator;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function checkErrorScore(v: unknown): number | 'raise' {
  if (v === 'raise' || typeof v === 'number') return v;
  throw new ValueError(`errorScore must be a number (NaN by default) or 'raise'; got ${describe(v)}.`);
}

/** scikit-learn's `_fit_and_score`: one clone, its parameters set, fitted on train and scored on test. */
function fitAndScore(base: StepEstimator, X: unknown, y: unknown, fold: Fold, params: Record<string, unknown> | null, scorer: ScoreFn, o: { returnTrainScore: boolean; fitParams: Record<string, unknown>; errorScore: number | 'raise' }): FitResult {
  const est = clone(base);
  if (params !== null) est.setParams(params);
  const [train, test] = fold;
  const Xtr = takeRows(X, train), ytr = takeRows(y, train);
  const fitParams = splitFitParams(o.fitParams, numSamples(X), train);
  const t0 = now();
  try {
    est.fit(Xtr, ytr, fitParams);
  } catch (e) {
    if (o.errorScore === 'raise') throw e;
    return { testScore: o.errorScore, trainScore: o.errorScore, fitTime: (now() - t0) / 1000, scoreTime: 0, error: errorText(e), estimator: est };
  }
  const fitTime = (now() - t0) / 1000;
  const score = (Xs: unknown, ys: unknown): number => {
    let v: unknown;
    try {
      v = scorer(est, Xs, ys);
    } catch (e) {
      if (o.errorScore === 'raise') throw e;
      warn('UserWarning', `Scoring failed. The score on this train-test partition for these parameters will be set to ${o.errorScore}. Details: \n${errorText(e)}`);
      return o.errorScore;
    }
    return checkScoreValue(v);
  };
  const t1 = now();
  const testScore = score(takeRows(X, test), takeRows(y, test));
  const trainScore = o.returnTrainScore ? score(Xtr, ytr) : NaN;
  const scoreTime = (now() - t1) / 1000; // train scoring included, as scikit-learn's score_time
  return { testScore, trainScore, fitTime, scoreTime, error: null, estimator: est };
}

/** scikit-learn's `_warn_or_raise_about_fit_failures`. */
function reportFitFailures(results: FitResult[], errorScore: number | 'raise'): void {
  const errors = results.map((r) => r.error).filter((e): e is string => e !== null);
  if (errors.length === 0) return;
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  const summary = [...counts].map(([e, k]) => `${'-'.repeat(80)}\n${k} fits failed with the following error:\n${e}`).join('\n');
  if (errors.length === results.length) {
    throw new ValueError(`\nAll the ${results.length} fits failed.\nIt is very likely that your model is misconfigured.\nYou can try to debug the error by setting errorScore: 'raise'.\n\nBelow are more details about the failures:\n${summary}`);
  }
  warn('UserWarning', `FitFailedWarning: \n${errors.length} fits failed out of a total of ${results.length}.\nThe score on these train-test partitions for these parameters will be set to ${errorScore}.\nIf these failures are not expected, you can try to debug them by setting errorScore: 'raise'.\n\nBelow are more details about the failures:\n${summary}`);
}

function checkEstimator(est: unknown, owner: string): StepEstimator {
  if (!isEstimator(est) || typeof (est as { fit?: unknown }).fit !== 'function') throw new ValueError(`${owner}: estimator must have fit, getParams and setParams (an estimator of this package or a Pipeline); got ${describe(est)}.`);
  return est as StepEstimator;
}

function checkOptions(options: object, valid: readonly string[], owner: string): void {
  for (const k of Object.keys(options)) if (!valid.includes(k)) throw new ValueError(`${owner}: unknown option '${k}'. Valid options are: ${valid.join(', ')}.`);
}

function fmtValue(v: unknown): string {
  if (typeof v === 'function') return v.name || 'function';
  if (isEstimator(v)) return String(v);
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s;
}

function fmtParams(p: Record<string, unknown>): string {
  return Object.entries(p).map(([k, v]) => `${k}=${fmtValue(v)}`).join(', ');
}

const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: readonly number[]): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) * (v - m), 0) / a.length);
};

// ------------------------------------------------------- cross-validation

const CV_OPTIONS = ['cv', 'scoring', 'returnTrainScore', 'returnEstimator', 'fitParams', 'errorScore', 'verbose'] as const;

/**
 * scikit-learn's `cross_validate`: fits a clone of the estimator on each
 * training fold and scores it on the test fold; times in seconds.
 *
 * @example
 * const r = crossValidate(makePipeline(new StandardScaler(), new MLPClassifier()), X, y, { cv: 5, scoring: 'f1_macro', returnTrainScore: true });
 * r.testScore; r.trainScore; r.fitTime;
 */
export function crossValidate(estimator: StepEstimator, X: unknown, y?: unknown, options: CrossValidateOptions = {}): CrossValidateResult {
  checkOptions(options, CV_OPTIONS, 'crossValidate');
  const est = checkEstimator(estimator, 'crossValidate');
  const Xn = normalizeX(X), yn = normalizeY(y);
  if (yn !== undefined && yn !== null && (yn as ArrayLike<unknown>).length !== numSamples(Xn)) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${numSamples(Xn)}, ${(yn as ArrayLike<unknown>).length}]`);
  }
  const folds = makeFolds(options.cv, Xn, yn, isClassifier(est));
  const scorer = resolveScoring(options.scoring);
  const errorScore = checkErrorScore(options.errorScore ?? NaN);
  const o = { returnTrainScore: options.returnTrainScore ?? false, fitParams: options.fitParams ?? {}, errorScore };
  const results = folds.map((fold, i) => {
    const r = fitAndScore(est, Xn, yn, fold, null, scorer, o);
    if ((options.verbose ?? 0) > 0) console.log(`[CV] END fold ${i + 1}/${folds.length}; score=${r.testScore.toFixed(3)} total time=${(r.fitTime + r.scoreTime).toFixed(1)}s`);
    return r;
  });
  reportFitFailures(results, errorScore);
  const out: CrossValidateResult = { testScore: results.map((r) => r.testScore), fitTime: results.map((r) => r.fitTime), scoreTime: results.map((r) => r.scoreTime) };
  if (o.returnTrainScore) out.trainScore = results.map((r) => r.trainScore);
  if (options.returnEstimator) out.estimator = results.map((r) => r.estimator);
  return out;
}

/**
 * scikit-learn's `cross_val_score`: the test score of each fold.
 *
 * @example
 * crossValScore(new MLPClassifier({ maxIter: 100, randomState: 0 }), X, y, { cv: 3 }); // [0.95, 0.97, 0.96]
 */
export function crossValScore(estimator: StepEstimator, X: unknown, y?: unknown, options: Omit<CrossValidateOptions, 'returnTrainScore' | 'returnEstimator'> = {}): number[] {
  checkOptions(options, CV_OPTIONS.filter((k) => k !== 'returnTrainScore' && k !== 'returnEstimator'), 'crossValScore');
  return crossValidate(estimator, X, y, options).testScore;
}

// ------------------------------------------------------ parameter spaces

/** One grid: each parameter name with the list of values to try. */
export type ParamGridSpec = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];

/** A distribution RandomizedSearchCV can sample: `rvs` draws one value from our Rng. */
export interface Distribution<T = unknown> {
  rvs(rng: Rng): T;
}

/** Parameter distributions: value lists (sampled uniformly) or {@link Distribution}s. */
export type ParamDistributionsSpec = Record<string, readonly unknown[] | Distribution> | readonly Record<string, readonly unknown[] | Distribution>[];

function gridList<T>(spec: T | readonly T[], what: string): T[] {
  if (Array.isArray(spec)) return spec.slice() as T[];
  if (typeof spec === 'object' && spec !== null) return [spec as T];
  throw new ValueError(`${what} should be an object or an array of objects, got: ${describe(spec)}`);
}

/**
 * scikit-learn's ParameterGrid: every combination of the listed values, keys
 * in sorted order with the last varying fastest; a list of grids is their
 * concatenation.
 *
 * @example
 * new ParameterGrid({ alpha: [1e-4, 1e-2], hiddenLayerSizes: [[10], [30]] }).toArray(); // 4 objects
 */
export class ParameterGrid implements Iterable<Record<string, unknown>> {
  private readonly grids: [string, unknown[]][][];

  constructor(paramGrid: ParamGridSpec) {
    this.grids = gridList(paramGrid, 'Parameter grid').map((g) => {
      if (typeof g !== 'object' || g === null || Array.isArray(g)) throw new ValueError(`Parameter grid is not an object (${describe(g)})`);
      return Object.keys(g).sort().map((k): [string, unknown[]] => {
        const v = (g as Record<string, unknown>)[k];
        if (!Array.isArray(v) && !isTyped(v)) throw new ValueError(`Parameter grid for parameter '${k}' needs to be an array, but got ${describe(v)} instead. Single values need to be wrapped in an array with one element.`);
        if ((v as ArrayLike<unknown>).length === 0) throw new ValueError(`Parameter grid for parameter '${k}' need to be a non-empty sequence, got: []`);
        return [k, Array.from(v as ArrayLike<unknown>)];
      });
    });
  }

  /** The number of combinations. */
  get length(): number {
    return this.grids.reduce((s, g) => s + g.reduce((p, [, v]) => p * v.length, 1), 0);
  }

  /** Combination `index` (scikit-learn's `__getitem__`). */
  at(index: number): Record<string, unknown> {
    if (!Number.isInteger(index) || index < 0) throw new ValueError(`ParameterGrid index must be a non-negative integer; got ${describe(index)}`);
    let ind = index;
    for (const g of this.grids) {
      const total = g.reduce((p, [, v]) => p * v.length, 1);
      if (ind >= total) {
        ind -= total;
        continue;
      }
      const out: Record<string, unknown> = {};
      for (let i = g.length - 1; i >= 0; i--) {
        const [k, v] = g[i] as [string, unknown[]];
        out[k] = v[ind % v.length];
        ind = Math.floor(ind / v.length);
      }
      return Object.fromEntries(g.map(([k]) => [k, out[k]]));
    }
    throw new ValueError(`ParameterGrid index out of range: ${index} >= ${this.length}`);
  }

  *[Symbol.iterator](): Iterator<Record<string, unknown>> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  toArray(): Record<string, unknown>[] {
    return Array.from(this);
  }
}

function isDistribution(v: unknown): v is Distribution {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Distribution).rvs === 'function';
}

function seedRng(randomState: RandomState, owner: string): Rng {
  if (randomState instanceof Rng) return randomState;
  if (randomState === null || randomState === undefined) return new Rng(Math.floor(Math.random() * 4294967296));
  if (typeof randomState === 'number' && Number.isInteger(randomState)) return new Rng(randomState);
  throw new ValueError(`${owner}: randomState must be an integer, an Rng or null; got ${describe(randomState)}.`);
}

/**
 * scikit-learn's ParameterSampler: `nIter` draws from the distributions. When
 * every entry is a value list, draws are without replacement from the grid
 * (at most its size, with a warning); otherwise each parameter is drawn
 * independently (lists uniformly, distributions through `rvs`).
 */
export class ParameterSampler implements Iterable<Record<string, unknown>> {
  private readonly dists: Record<string, readonly unknown[] | Distribution>[];
  readonly nIter: number;
  readonly randomState: RandomState;

  constructor(paramDistributions: ParamDistributionsSpec, nIter: number, randomState: RandomState = null) {
    this.dists = gridList(paramDistributions, 'Parameter distribution').map((d) => {
      if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new ValueError(`Parameter distribution is not an object (${describe(d)})`);
      for (const [k, v] of Object.entries(d)) {
        if (!isDistribution(v) && !Array.isArray(v) && !isTyped(v)) throw new ValueError(`Parameter grid for parameter '${k}' is not an array or a distribution (value=${describe(v)})`);
        if (!isDistribution(v) && (v as ArrayLike<unknown>).length === 0) throw new ValueError(`Parameter grid for parameter '${k}' need to be a non-empty sequence, got: []`);
      }
      return d;
    });
    if (!Number.isInteger(nIter) || nIter < 1) throw new ValueError(`The 'nIter' parameter must be an int in the range [1, inf). Got ${describe(nIter)} instead.`);
    this.nIter = nIter;
    this.randomState = randomState;
  }

  *[Symbol.iterator](): Iterator<Record<string, unknown>> {
    yield* this.toArray();
  }

  toArray(): Record<string, unknown>[] {
    const rng = seedRng(this.randomState, 'ParameterSampler');
    if (this.dists.every((d) => Object.values(d).every((v) => !isDistribution(v)))) {
      const grid = new ParameterGrid(this.dists as Record<string, unknown[]>[]);
      const size = grid.length;
      let n = this.nIter;
      if (size < n) {
        warn('UserWarning', `The total space of parameters ${size} is smaller than nIter=${n}. Running ${size} iterations. For exhaustive searches, use GridSearchCV.`);
        n = size;
      }
      return sampleWithoutReplacement(size, n, rng).map((i) => grid.at(i));
    }
    const out: Record<string, unknown>[] = [];
    for (let it = 0; it < this.nIter; it++) {
      const d = this.dists[rng.int(this.dists.length)] as Record<string, readonly unknown[] | Distribution>;
      const params: Record<string, unknown> = {};
      for (const k of Object.keys(d).sort()) {
        const v = d[k] as readonly unknown[] | Distribution;
        params[k] = isDistribution(v) ? v.rvs(rng) : v[rng.int(v.length)];
      }
      out.push(params);
    }
    return out;
  }
}

/** k distinct integers from [0, n), in draw order. */
function sampleWithoutReplacement(n: number, k: number, rng: Rng): number[] {
  if (n <= 1 << 20) {
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(n - i);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    return pool.slice(0, k);
  }
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < k) {
    const j = rng.int(n);
    if (!seen.has(j)) {
      seen.add(j);
      out.push(j);
    }
  }
  return out;
}

function checkFinite(name: string, ...vs: number[]): void {
  for (const v of vs) if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${name}: arguments must be finite numbers; got ${describe(v)}.`);
}

/**
 * Distributions for RandomizedSearchCV's `paramDistributions`, named after
 * scipy.stats: `uniform(loc, scale)` on [loc, loc + scale), `loguniform(a, b)`
 * on [a, b) uniform in log space, `randint(low, high)` integers in [low, high).
 *
 * @example
 * new RandomizedSearchCV({ estimator: clf, paramDistributions: { optimizer__learningRate: distributions.loguniform(1e-4, 1e-1) }, nIter: 8, randomState: 0 });
 */
export const distributions = Object.freeze({
  uniform(loc = 0, scale = 1): Distribution<number> {
    checkFinite('uniform', loc, scale);
    if (scale <= 0) throw new ValueError(`uniform: scale must be > 0; got ${scale}.`);
    return { rvs: (rng: Rng) => loc + scale * rng.float() };
  },
  loguniform(a: number, b: number): Distribution<number> {
    checkFinite('loguniform', a, b);
    if (!(a > 0 && b > a)) throw new ValueError(`loguniform: expected 0 < a < b; got a=${a}, b=${b}.`);
    const la = Math.log(a), lb = Math.log(b);
    return { rvs: (rng: Rng) => Math.exp(la + (lb - la) * rng.float()) };
  },
  randint(low: number, high: number): Distribution<number> {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new ValueError(`randint: expected integers low < high; got low=${describe(low)}, high=${describe(high)}.`);
    return { rvs: (rng: Rng) => low + rng.int(high - low) };
  },
});

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

const SEARCH_DEFAULTS = {
  estimator: null as StepEstimator | null,
  scoring: null as Scoring,
  refit: true,
  cv: null as CvSpec,
  verbose: 0,
  errorScore: NaN as number | 'raise',
  returnTrainScore: false,
  onProgress: null as ((p: SearchProgress) => void) | null,
};

/** Parameters shared by GridSearchCV and RandomizedSearchCV. */
export type SearchParams = { -readonly [K in keyof typeof SEARCH_DEFAULTS]?: (typeof SEARCH_DEFAULTS)[K] };

/** scikit-learn's `rankdata(-means, method='min')`, with NaN means tied below the worst. */
function rankMin(means: readonly number[]): number[] {
  if (means.every((m) => Number.isNaN(m))) return means.map(() => 1);
  const finite = means.filter((m) => !Number.isNaN(m));
  const floor = Math.min(...finite) - 1;
  const v = means.map((m) => (Number.isNaN(m) ? floor : m));
  return v.map((m) => 1 + v.filter((o) => o > m).length);
}

/** The keys a search may set: `getParams({ deep: true })` plus routed keys of any Keras wrapper inside. */
function describeValidParams(est: ParamsLike): string {
  const deep = est.getParams({ deep: true });
  const keys = Object.keys(deep).sort();
  const wrappers: string[] = [];
  const visit = (e: unknown, path: string): void => {
    if (e instanceof BaseWrapper && !(e instanceof MLPClassifier) && !(e instanceof MLPRegressor)) wrappers.push(path);
  };
  visit(est, '');
  for (const [k, v] of Object.entries(deep)) if (isEstimator(v)) visit(v, `${k}__`);
  let text = `Valid parameters are: ${keys.join(', ')}.`;
  for (const p of wrappers) {
    const w = (p === '' ? est : deep[p.slice(0, -2)]) as BaseWrapper;
    text += `\n${w.constructor.name}${p === '' ? '' : ` (at '${p.slice(0, -2)}')`} also accepts routed parameters '${p}<prefix>__<name>' for the prefixes ${ROUTING_PREFIXES.join(', ')} (e.g. '${p}optimizer__learningRate'). ` +
      `A parameter of its build function (e.g. '${p}hiddenLayerSizes') must either be set in the constructor first (new ${w.constructor.name}({ model, hiddenLayerSizes: [100] })) or be searched as '${p}model__hiddenLayerSizes'.`;
  }
  return text;
}

/** Every key of every candidate is tried on a fresh clone, so a misspelt name fails before any fit, listing the valid ones. */
function checkCandidateKeys(est: StepEstimator, candidates: readonly Record<string, unknown>[], owner: string): void {
  const tried = new Set<string>();
  for (const cand of candidates) {
    for (const [k, v] of Object.entries(cand)) {
      if (tried.has(k)) continue;
      tried.add(k);
      try {
        clone(est).setParams({ [k]: v });
      } catch (e) {
        if (!(e instanceof ValueError) || e.code !== 'invalid_parameter') throw e;
        throw new ValueError(`${owner}: invalid parameter '${k}' for estimator ${est.constructor.name}. ${describeValidParams(est)}`, 'invalid_parameter');
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

  /** The candidate parameter sets, in evaluation order. */
  protected abstract candidates(): Record<string, unknown>[];

  private validate(): void {
    const name = this.constructor.name;
    checkEstimator(this.estimator, name);
    const bad = (k: string, expected: string, v: unknown): never => {
      throw new ValueError(`The '${k}' parameter of ${name} must be ${expected}. Got ${describe(v)} instead.`, 'invalid_parameter');
    };
    if (typeof this.refit !== 'boolean') bad('refit', "an instance of 'bool'", this.refit);
    if (!Number.isInteger(this.verbose) && typeof this.verbose !== 'boolean') bad('verbose', 'an int', this.verbose);
    if (typeof this.returnTrainScore !== 'boolean') bad('returnTrainScore', "an instance of 'bool'", this.returnTrainScore);
    if (this.onProgress !== null && typeof this.onProgress !== 'function') bad('onProgress', 'a function or null', this.onProgress);
    checkErrorScore(this.errorScore);
  }

  /**
   * Evaluates every candidate on every fold, fills `cvResults_`, picks
   * `bestIndex_` / `bestParams_` / `bestScore_` and, with `refit`, fits
   * `bestEstimator_` on all of X, y. `fitParams` go to every fit (arrays with
   * one entry per sample are split with the data).
   */
  fit(X: unknown, y?: unknown, fitParams: Record<string, unknown> = {}): this {
    this.validate();
    const name = this.constructor.name;
    const base = this.estimator;
    const candidates = this.candidates();
    if (candidates.length === 0) throw new ValueError('No fits were performed. Were there no candidates?');
    checkCandidateKeys(base, candidates, name);
    const Xn = normalizeX(X), yn = normalizeY(y);
    if (yn !== undefined && yn !== null && (yn as ArrayLike<unknown>).length !== numSamples(Xn)) {
      throw new ValueError(`Found input variables with inconsistent numbers of samples: [${numSamples(Xn)}, ${(yn as ArrayLike<unknown>).length}]`);
    }
    const folds = makeFolds(this.cv, Xn, yn, isClassifier(base));
    const scorer = resolveScoring(this.scoring);
    const errorScore = this.errorScore;
    const verbose = Number(this.verbose);
    const nC = candidates.length, nS = folds.length;
    if (verbose > 0) console.log(`Fitting ${nS} folds for each of ${nC} candidates, totalling ${nC * nS} fits`);
    const start = now();
    const all: FitResult[][] = [];
    candidates.forEach((params, ci) => {
      const rs = folds.map((fold, si) => {
        const r = fitAndScore(base, Xn, yn, fold, params, scorer, { returnTrainScore: this.returnTrainScore, fitParams, errorScore });
        if (verbose > 1) console.log(`[CV ${si + 1}/${nS}; ${ci + 1}/${nC}] END ${fmtParams(params)}; score=${r.testScore.toFixed(3)} total time=${(r.fitTime + r.scoreTime).toFixed(1)}s`);
        return r;
      });
      all.push(rs);
      const scores = rs.map((r) => r.testScore);
      const progress: SearchProgress = { candidate: ci, nCandidates: nC, params, testScores: scores, meanTestScore: mean(scores), stdTestScore: std(scores), fitTime: rs.reduce((s, r) => s + r.fitTime, 0), elapsed: (now() - start) / 1000 };
      if (verbose > 0) console.log(`[${name}] candidate ${ci + 1}/${nC} {${fmtParams(params)}}: mean test score ${progress.meanTestScore.toFixed(4)} (std ${progress.stdTestScore.toFixed(4)}), ${progress.elapsed.toFixed(1)}s elapsed`);
      if (this.onProgress) this.onProgress(progress);
    });
    reportFitFailures(all.flat(), errorScore);
    this.cvResults_ = this.buildResults(candidates, all);
    this.nSplits_ = nS;
    this.scorer_ = scorer;
    this.multimetric_ = false;
    const ranks = this.cvResults_.rankTestScore;
    this.bestIndex_ = ranks.indexOf(Math.min(...ranks));
    this.bestScore_ = this.cvResults_.meanTestScore[this.bestIndex_] as number;
    this.bestParams_ = { ...(candidates[this.bestIndex_] as Record<string, unknown>) };
    if (this.refit) {
      const t0 = now();
      const best = clone(base).setParams(this.bestParams_) as StepEstimator;
      best.fit(Xn, yn, fitParams);
      this.bestEstimator_ = best;
      this.refitTime_ = (now() - t0) / 1000;
    } else delete (this as Record<string, unknown>).bestEstimator_;
    return this;
  }

  private buildResults(candidates: Record<string, unknown>[], all: FitResult[][]): CvResults {
    const nS = (all[0] as FitResult[]).length;
    const col = (f: (r: FitResult) => number): number[][] => all.map((rs) => rs.map(f));
    const fit = col((r) => r.fitTime), score = col((r) => r.scoreTime), test = col((r) => r.testScore);
    const res: CvResults = {
      params: candidates.map((c) => ({ ...c })),
      meanFitTime: fit.map(mean), stdFitTime: fit.map(std),
      meanScoreTime: score.map(mean), stdScoreTime: score.map(std),
      meanTestScore: test.map(mean), stdTestScore: test.map(std), rankTestScore: [],
    };
    const names: string[] = [];
    for (const c of candidates) for (const k of Object.keys(c)) if (!names.includes(k)) names.push(k);
    for (const k of names) res[`param_${k}`] = candidates.map((c) => (Object.prototype.hasOwnProperty.call(c, k) ? c[k] : undefined));
    for (let s = 0; s < nS; s++) res[`split${s}TestScore`] = test.map((r) => r[s] as number);
    res.rankTestScore = rankMin(res.meanTestScore);
    if (res.meanTestScore.some((m) => !Number.isFinite(m))) warn('UserWarning', `One or more of the test scores are non-finite: [${res.meanTestScore.join(', ')}]`);
    if (this.returnTrainScore) {
      const train = col((r) => r.trainScore);
      for (let s = 0; s < nS; s++) res[`split${s}TrainScore`] = train.map((r) => r[s] as number);
      res.meanTrainScore = train.map(mean);
      res.stdTrainScore = train.map(std);
      if (res.meanTrainScore.some((m) => !Number.isFinite(m))) warn('UserWarning', `One or more of the train scores are non-finite: [${res.meanTrainScore.join(', ')}]`);
    }
    return res;
  }

  private best(method: string): StepEstimator {
    this.checkIsFitted('cvResults_');
    if (!this.refit) {
      throw new NotFittedError(`This ${this.constructor.name} instance was initialized with refit=false. ${method} is available only after refitting on the best parameters. You can refit an estimator manually using the bestParams_ attribute`);
    }
    const e = this.bestEstimator_;
    if (typeof (e as unknown as Record<string, unknown>)[method] !== 'function') throw new ValueError(`This ${this.constructor.name}'s best estimator (${String(e)}) has no ${method} method.`);
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
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({ ...SEARCH_DEFAULTS, paramGrid: null as ParamGridSpec | null });
  declare paramGrid: ParamGridSpec;

  constructor(params: GridSearchParams = {}) {
    super(params as Record<string, unknown>);
  }

  protected candidates(): Record<string, unknown>[] {
    if (this.paramGrid === null || this.paramGrid === undefined) throw new ValueError('GridSearchCV: paramGrid is required (an object of parameter name -> array of values, or an array of such objects).');
    return new ParameterGrid(this.paramGrid).toArray();
  }
}

/** RandomizedSearchCV's parameters. */
export type RandomizedSearchParams = SearchParams & { paramDistributions?: ParamDistributionsSpec; nIter?: number; randomState?: number | null };

/**
 * scikit-learn's RandomizedSearchCV: `nIter` candidates drawn from
 * `paramDistributions` (arrays sampled uniformly, or objects with
 * `rvs(rng)` such as {@link distributions}), seeded by `randomState`.
 *
 * @example
 * new RandomizedSearchCV({ estimator: clf, paramDistributions: { optimizer__learningRate: distributions.loguniform(1e-4, 1e-1), hiddenLayerSizes: [[16], [32]] }, nIter: 6, randomState: 0 }).fit(X, y);
 */
export class RandomizedSearchCV extends BaseSearchCV {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({ ...SEARCH_DEFAULTS, paramDistributions: null as ParamDistributionsSpec | null, nIter: 10, randomState: null as number | null });
  declare paramDistributions: ParamDistributionsSpec;
  declare nIter: number;
  declare randomState: number | null;

  constructor(params: RandomizedSearchParams = {}) {
    super(params as Record<string, unknown>);
  }

  protected candidates(): Record<string, unknown>[] {
    if (this.paramDistributions === null || this.paramDistributions === undefined) throw new ValueError('RandomizedSearchCV: paramDistributions is required (an object of parameter name -> array of values or distribution).');
    return new ParameterSampler(this.paramDistributions, this.nIter, this.randomState).toArray();
  }
}

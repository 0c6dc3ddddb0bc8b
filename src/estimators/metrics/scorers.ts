// The scorer registry: scikit-learn scoring names to metric calls with their sign, built on first
// use so a single metric tree-shakes. Imports the other metric files.
import { ValueError, describe } from '../../core/errors.ts';
import { accuracyScore, f1Score, precisionScore, recallScore } from './classification.ts';
import { balancedAccuracyScore } from './confusion-matrix.ts';
import { type Average, pyList } from './core.ts';
import {
  type LabelArray,
  type NumberMatrix,
  type NumericArray,
  type Target,
  parse,
  typeOfTarget,
} from '../utils/multiclass.ts';
import { column, logLoss, parseScores, rocAucScore } from './probabilistic.ts';
import { meanAbsoluteError, meanSquaredError, r2Score } from './regression.ts';
import { matthewsCorrcoef } from './agreement.ts';
import { averagePrecisionScore } from './ranking.ts';
import { brierScoreLoss, topKAccuracyScore } from './proba-scores.ts';
import {
  explainedVarianceScore,
  maxError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
} from './regression-errors.ts';

// ------------------------------------------------------------------ scorers

/**
 * A named metric as cross-validation and grid search use it (scikit-learn's
 * scorer objects, minus the estimator call). The caller runs the estimator:
 * `predictProba(X)` when `needsProba`, else `predict(X)`, and passes that
 * output to `score`, which returns `sign * metric` so that greater is better.
 *
 * @example
 * const s = getScorer('neg_log_loss');
 * const out = s.needsProba ? model.predictProba(XTest) : model.predict(XTest);
 * s.score(yTest, out); // -logLoss(yTest, out)
 */
export interface Scorer {
  /** scikit-learn's scoring name, e.g. 'f1_macro'. */
  readonly name: string;
  /** Whether `score` takes predictProba's n x K probabilities (else predict's labels or values). */
  readonly needsProba: boolean;
  /** +1 for scores, -1 for losses (the `neg_` names); `score` has already applied it. */
  readonly sign: 1 | -1;
  /** The metric times `sign`. For binary targets an n x 2 probability matrix is reduced to its column 1, as scikit-learn's scorers do. */
  score(yTrue: Target, output: Target, sampleWeight?: NumericArray): number;
}

export function sw(w: NumericArray | undefined): { sampleWeight?: NumericArray } {
  return w === undefined ? {} : { sampleWeight: w };
}

/** Column 1 of an n x 2 probability matrix when y_true is binary (scikit-learn's `_select_proba_binary`). */
export function positiveColumn(yTrue: Target, out: Target): NumericArray | NumberMatrix {
  const s = parseScores(out, 'yPred');
  if (s.is2d && s.k === 2 && typeOfTarget(yTrue) === 'binary') return column(s, 1);
  return out as NumericArray | NumberMatrix;
}

export function labelsOnly(y: Target, name: string): LabelArray {
  const p = parse(y, name);
  if (p.dim === 2) throw new ValueError(`${name} must be a 1-D array of labels; got a ${p.n} x ${p.k} matrix.`);
  return y as LabelArray;
}

export type ScoreFn = (yTrue: Target, out: Target, w: NumericArray | undefined) => number;

export function prfScorer(metric: 'precision' | 'recall' | 'f1', average: Average): ScoreFn {
  const fn = metric === 'precision' ? precisionScore : metric === 'recall' ? recallScore : f1Score;
  return (t, o, w) => fn(t, o, { average, ...sw(w) });
}

export function rocScorer(multiClass: 'raise' | 'ovr' | 'ovo', average: 'macro' | 'weighted'): ScoreFn {
  return (t, o, w) => rocAucScore(t, positiveColumn(t, o), { multiClass, average, ...sw(w) });
}

// Built on first use, so importing one metric does not keep every scorer (and metric) in a bundle.
export let scorerTable: Record<string, { needsProba: boolean; sign: 1 | -1; fn: ScoreFn }> | null = null;
export function scorerRegistry(): Record<string, { needsProba: boolean; sign: 1 | -1; fn: ScoreFn }> {
  return (scorerTable ??= {
    accuracy: { needsProba: false, sign: 1, fn: (t, o, w) => accuracyScore(t, o, sw(w)) },
    balanced_accuracy: {
      needsProba: false,
      sign: 1,
      fn: (t, o, w) => balancedAccuracyScore(labelsOnly(t, 'yTrue'), labelsOnly(o, 'yPred'), sw(w)),
    },
    precision: { needsProba: false, sign: 1, fn: prfScorer('precision', 'binary') },
    precision_macro: { needsProba: false, sign: 1, fn: prfScorer('precision', 'macro') },
    precision_micro: { needsProba: false, sign: 1, fn: prfScorer('precision', 'micro') },
    precision_weighted: { needsProba: false, sign: 1, fn: prfScorer('precision', 'weighted') },
    recall: { needsProba: false, sign: 1, fn: prfScorer('recall', 'binary') },
    recall_macro: { needsProba: false, sign: 1, fn: prfScorer('recall', 'macro') },
    recall_micro: { needsProba: false, sign: 1, fn: prfScorer('recall', 'micro') },
    recall_weighted: { needsProba: false, sign: 1, fn: prfScorer('recall', 'weighted') },
    f1: { needsProba: false, sign: 1, fn: prfScorer('f1', 'binary') },
    f1_macro: { needsProba: false, sign: 1, fn: prfScorer('f1', 'macro') },
    f1_micro: { needsProba: false, sign: 1, fn: prfScorer('f1', 'micro') },
    f1_weighted: { needsProba: false, sign: 1, fn: prfScorer('f1', 'weighted') },
    roc_auc: { needsProba: true, sign: 1, fn: rocScorer('raise', 'macro') },
    roc_auc_ovr: { needsProba: true, sign: 1, fn: rocScorer('ovr', 'macro') },
    roc_auc_ovo: { needsProba: true, sign: 1, fn: rocScorer('ovo', 'macro') },
    roc_auc_ovr_weighted: { needsProba: true, sign: 1, fn: rocScorer('ovr', 'weighted') },
    roc_auc_ovo_weighted: { needsProba: true, sign: 1, fn: rocScorer('ovo', 'weighted') },
    neg_log_loss: {
      needsProba: true,
      sign: -1,
      fn: (t, o, w) => logLoss(labelsOnly(t, 'yTrue'), positiveColumn(t, o), sw(w)),
    },
    r2: { needsProba: false, sign: 1, fn: (t, o, w) => r2Score(t as NumericArray, o as NumericArray, sw(w)) },
    neg_mean_squared_error: {
      needsProba: false,
      sign: -1,
      fn: (t, o, w) => meanSquaredError(t as NumericArray, o as NumericArray, sw(w)),
    },
    neg_root_mean_squared_error: {
      needsProba: false,
      sign: -1,
      fn: (t, o, w) => meanSquaredError(t as NumericArray, o as NumericArray, { squared: false, ...sw(w) }),
    },
    neg_mean_absolute_error: {
      needsProba: false,
      sign: -1,
      fn: (t, o, w) => meanAbsoluteError(t as NumericArray, o as NumericArray, sw(w)),
    },
    matthews_corrcoef: {
      needsProba: false,
      sign: 1,
      fn: (t, o, w) => matthewsCorrcoef(labelsOnly(t, 'yTrue'), labelsOnly(o, 'yPred'), sw(w)),
    },
    // scikit-learn's threshold scorers read decision_function, else predict_proba (column 1 for binary y).
    average_precision: {
      needsProba: true,
      sign: 1,
      fn: (t, o, w) => averagePrecisionScore(t, positiveColumn(t, o), sw(w)) as number,
    },
    top_k_accuracy: {
      needsProba: true,
      sign: 1,
      fn: (t, o, w) => topKAccuracyScore(labelsOnly(t, 'yTrue'), positiveColumn(t, o), sw(w)),
    },
    neg_brier_score: {
      needsProba: true,
      sign: -1,
      fn: (t, o, w) => brierScoreLoss(labelsOnly(t, 'yTrue'), positiveColumn(t, o), sw(w)),
    },
    explained_variance: {
      needsProba: false,
      sign: 1,
      fn: (t, o, w) => explainedVarianceScore(t as NumericArray, o as NumericArray, sw(w)),
    },
    max_error: { needsProba: false, sign: -1, fn: (t, o) => maxError(t as NumericArray, o as NumericArray) },
    neg_mean_absolute_percentage_error: {
      needsProba: false,
      sign: -1,
      fn: (t, o, w) => meanAbsolutePercentageError(t as NumericArray, o as NumericArray, sw(w)),
    },
    neg_median_absolute_error: {
      needsProba: false,
      sign: -1,
      fn: (t, o, w) => medianAbsoluteError(t as NumericArray, o as NumericArray, sw(w)),
    },
  });
}

/** The scoring names {@link getScorer} accepts, sorted. */
export function getScorerNames(): string[] {
  return Object.keys(scorerRegistry()).sort();
}

/**
 * The scorer for a scikit-learn scoring name ('accuracy', 'f1_macro',
 * 'roc_auc', 'neg_log_loss', 'r2', 'neg_mean_squared_error', ...). Unknown
 * names throw a ValueError listing the valid ones.
 *
 * @example
 * const s = getScorer('f1_weighted');
 * s.score(yTest, model.predict(XTest));
 */
export function getScorer(name: string): Scorer {
  const table = scorerRegistry();
  const entry = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (entry === undefined) {
    throw new ValueError(
      `${describe(name)} is not a valid scoring value. Valid options are ${pyList(getScorerNames())}.`,
    );
  }
  const { needsProba, sign, fn } = entry;
  return Object.freeze({
    name,
    needsProba,
    sign,
    score: (yTrue: Target, output: Target, sampleWeight?: NumericArray): number =>
      sign * fn(yTrue, output, sampleWeight),
  });
}

/** Options of {@link makeScorer}; every other key is passed to the metric with each call (scikit-learn's **kwargs). */
export interface MakeScorerOptions {
  /** true (default) for a score, false for a loss (the scorer then returns its negative). */
  greaterIsBetter?: boolean;
  /** Call predictProba instead of predict (for binary targets the metric gets column 1, as scikit-learn does). */
  needsProba?: boolean;
  /** A decision score (scikit-learn's needs_threshold): here predictProba, column 1 for binary targets. */
  needsThreshold?: boolean;
  [metricOption: string]: unknown;
}

/**
 * scikit-learn's `make_scorer`: a scorer (usable as `scoring` in crossValScore, crossValidate and the
 * searches) from a metric `(yTrue, yPred, options?) => number`. Extra keys are the metric's options.
 *
 * @example
 * const f2 = makeScorer(fbetaScore, { beta: 2 });
 * const negMape = makeScorer(meanAbsolutePercentageError, { greaterIsBetter: false });
 * new GridSearchCV({ estimator, paramGrid, scoring: f2 });
 */
export function makeScorer(
  scoreFunc: (yTrue: never, yPred: never, options: never) => number | number[],
  options: MakeScorerOptions = {},
): Scorer {
  if (typeof scoreFunc !== 'function')
    throw new ValueError(
      `makeScorer: scoreFunc must be a function (yTrue, yPred, options?) => number; got ${describe(scoreFunc)}.`,
    );
  const { greaterIsBetter = true, needsProba = false, needsThreshold = false, ...kwargs } = options;
  if (needsProba && needsThreshold)
    throw new ValueError('Set either needsProba or needsThreshold to true, but not both.');
  const sign: 1 | -1 = greaterIsBetter ? 1 : -1;
  const proba = needsProba || needsThreshold;
  const fn = scoreFunc as unknown as (t: unknown, o: unknown, opts?: Record<string, unknown>) => unknown;
  const hasKwargs = Object.keys(kwargs).length > 0;
  return Object.freeze({
    name: `makeScorer(${scoreFunc.name || 'anonymous'})`,
    needsProba: proba,
    sign,
    score: (yTrue: Target, output: Target, sampleWeight?: NumericArray): number => {
      const out = proba ? positiveColumn(yTrue, output) : output;
      const opts = sampleWeight === undefined ? kwargs : { ...kwargs, sampleWeight };
      const v = hasKwargs || sampleWeight !== undefined ? fn(yTrue, out, opts) : fn(yTrue, out);
      if (typeof v !== 'number')
        throw new ValueError(
          `makeScorer(${scoreFunc.name || 'anonymous'}): the metric returned ${describe(v)}, not a number.`,
        );
      return sign * v;
    },
  });
}

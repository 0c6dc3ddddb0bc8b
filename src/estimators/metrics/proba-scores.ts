// Scores of probabilities and decision values: brierScoreLoss, hingeLoss and topKAccuracyScore with
// scikit-learn 1.2.1's label rules, formulas and messages. Imports metrics/core and utils.
import { ValueError } from '../../core/errors.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import {
  type Label,
  type LabelArray,
  type NumberMatrix,
  type NumericArray,
  type Vec,
  parse,
  sortedUnique,
  typeOf,
} from '../utils/multiclass.ts';
import { average, parseWeights, psum, warn } from './core.ts';
import { parseScores } from './probabilistic.ts';
import { checkPosLabel } from './ranking.ts';
import { matchLabel } from './classification.ts';

function labels1d(y: LabelArray, name: string): Vec {
  const p = parse(y, name);
  if (p.dim !== 1)
    throw new ValueError(`${name} should be a 1d array, got an array of shape (${p.n}, ${p.k}) instead.`);
  return p;
}

/**
 * scikit-learn's `brier_score_loss`: the mean squared difference between the predicted probability of
 * the positive class and the outcome (0 best). Binary targets only; the positive class is `posLabel`,
 * else 1 for {0, 1} / {-1, 1} labels, else the greater numeric label.
 *
 * @example
 * brierScoreLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // 0.0375
 */
export function brierScoreLoss(
  yTrue: LabelArray,
  yProb: NumericArray | NumberMatrix,
  options: { sampleWeight?: NumericArray; posLabel?: Label | null } = {},
): number {
  const t = labels1d(yTrue, 'yTrue');
  const s = parseScores(yProb, 'yProb');
  if (s.k !== 1) throw new ValueError(`yProb should be a 1d array, got an array of shape (${s.n}, ${s.k}) instead.`);
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.values.length, s.n, w?.length);
  const type = typeOf(t);
  if (type !== 'binary')
    throw new ValueError(`Only binary classification is supported. The type of the target is ${type}.`);
  let hi = -Infinity,
    lo = Infinity;
  for (const p of s.data) {
    hi = Math.max(hi, p);
    lo = Math.min(lo, p);
  }
  if (hi > 1) throw new ValueError('yProb contains values greater than 1.');
  if (lo < 0) throw new ValueError('yProb contains values less than 0.');
  let pos: Label;
  try {
    pos = checkPosLabel(options.posLabel, t.values);
  } catch (e) {
    const classes = sortedUnique(t.values);
    // scikit-learn keeps its old rule for numbers: the greater label is the positive one.
    if (t.kind === 'string') throw e;
    pos = classes[classes.length - 1] as Label;
  }
  const sq = Float64Array.from(t.values, (v, i) => ((v === pos ? 1 : 0) - (s.data[i] as number)) ** 2);
  return average(sq, w);
}

/**
 * scikit-learn's `hinge_loss`: the mean of max(0, 1 - margin). Binary: decision values for the greater
 * label (labels mapped to -1 / +1). Multiclass (Crammer-Singer): n x K decision values, margin = the true
 * class's value minus the largest other.
 *
 * @example
 * hingeLoss([-1, 1, 1], [-2.18, 2.36, 0.09]); // 0.3033...
 */
export function hingeLoss(
  yTrue: LabelArray,
  predDecision: NumericArray | NumberMatrix,
  options: { labels?: readonly Label[]; sampleWeight?: NumericArray } = {},
): number {
  const t = labels1d(yTrue, 'yTrue');
  const s = parseScores(predDecision, 'pred_decision');
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.values.length, s.n, w?.length);
  const n = t.values.length;
  const unique = sortedUnique(options.labels ?? t.values);
  const losses = new Float64Array(n);
  if (unique.length > 2) {
    if (s.k === 1)
      throw new ValueError(
        'The shape of pred_decision cannot be 1d array with a multiclass target. pred_decision shape must be ' +
          `(nSamples, nClasses), that is (${n}, ${unique.length}). Got: (${s.n},)`,
      );
    if (unique.length !== s.k) {
      if (options.labels === undefined)
        throw new ValueError('Please include all labels in yTrue or pass labels as third argument');
      throw new ValueError(
        'The shape of pred_decision is not consistent with the number of classes. With a multiclass target, ' +
          `pred_decision shape must be (nSamples, nClasses), that is (${n}, ${unique.length}). Got: (${s.n}, ${s.k})`,
      );
    }
    const index = new Map<Label, number>(unique.map((c, j) => [c, j]));
    for (let i = 0; i < n; i++) {
      const yi = index.get(t.values[i] as Label);
      if (yi === undefined) throw new ValueError(`y contains previously unseen labels: ${String(t.values[i])}`);
      let other = -Infinity;
      for (let j = 0; j < s.k; j++) if (j !== yi) other = Math.max(other, s.data[i * s.k + j] as number);
      losses[i] = Math.max(1 - ((s.data[i * s.k + yi] as number) - other), 0);
    }
  } else {
    if (s.k !== 1)
      throw new ValueError(`pred_decision should be a 1d array for a binary target; got (${s.n}, ${s.k}).`);
    const classes = sortedUnique(t.values);
    for (let i = 0; i < n; i++) {
      const sign = classes.length === 2 && t.values[i] === classes[1] ? 1 : -1;
      losses[i] = Math.max(1 - sign * (s.data[i] as number), 0);
    }
  }
  return average(losses, w);
}

/** Options of {@link topKAccuracyScore}. */
export interface TopKAccuracyOptions {
  /** How many of the highest-scored classes count as a hit (default 2). */
  k?: number;
  /** true (default): the fraction of hits; false: their (weighted) count. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
  /** All class labels in yScore's column order (sorted), when y_true lacks some. */
  labels?: readonly Label[];
}

/**
 * scikit-learn's `top_k_accuracy_score`: the fraction of samples whose true class is among the `k`
 * classes with the highest scores (ties: the later column first, as NumPy's stable argsort reversed).
 *
 * @example
 * topKAccuracyScore([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], { k: 2 }); // 0.75
 */
export function topKAccuracyScore(
  yTrue: LabelArray,
  yScore: NumericArray | NumberMatrix,
  options: TopKAccuracyOptions = {},
): number {
  const k = options.k ?? 2;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`k must be a positive integer; got ${String(k)}.`);
  const t = labels1d(yTrue, 'yTrue');
  let type = typeOf(t);
  if (type === 'binary' && options.labels !== undefined && options.labels.length > 2) type = 'multiclass';
  if (type !== 'binary' && type !== 'multiclass')
    throw new ValueError(`y type must be 'binary' or 'multiclass', got '${type}' instead.`);
  const s = parseScores(yScore, 'yScore');
  if (type === 'binary' && s.k !== 1)
    throw new ValueError(
      `\`yTrue\` is binary while yScore is 2d with ${s.k} classes. If \`yTrue\` does not contain all the labels, \`labels\` must be provided.`,
    );
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.values.length, s.n, w?.length);
  const nScoreClasses = s.k === 1 ? 2 : s.k;
  let classes: Label[];
  if (options.labels === undefined) {
    classes = sortedUnique(t.values);
    if (classes.length !== nScoreClasses)
      throw new ValueError(
        `Number of classes in 'yTrue' (${classes.length}) not equal to the number of classes in 'yScore' ` +
          `(${nScoreClasses}).You can provide a list of all known classes by assigning it to the \`labels\` parameter.`,
      );
  } else {
    classes = sortedUnique(options.labels);
    if (classes.length !== options.labels.length) throw new ValueError("Parameter 'labels' must be unique.");
    if (classes.some((c, j) => c !== options.labels?.[j])) throw new ValueError("Parameter 'labels' must be ordered.");
    if (classes.length !== nScoreClasses)
      throw new ValueError(
        `Number of given labels (${classes.length}) not equal to the number of classes in 'yScore' (${nScoreClasses}).`,
      );
    if (t.values.some((v) => !classes.includes(matchLabel(v, classes))))
      throw new ValueError("'yTrue' contains labels not in parameter 'labels'.");
  }
  const nClasses = classes.length;
  if (k >= nClasses)
    warn(
      `'k' (${k}) greater than or equal to 'nClasses' (${nClasses}) will result in a perfect score and is therefore meaningless.`,
    );
  const index = new Map<Label, number>(classes.map((c, j) => [c, j]));
  const enc = t.values.map((v) => index.get(matchLabel(v, classes)) as number);
  const n = enc.length;
  const hits = new Float64Array(n);
  if (type === 'binary') {
    if (k === 1) {
      let inUnit = true;
      for (const v of s.data) if (v < 0 || v > 1) inUnit = false;
      const threshold = inUnit ? 0.5 : 0;
      for (let i = 0; i < n; i++) hits[i] = ((s.data[i] as number) > threshold ? 1 : 0) === enc[i] ? 1 : 0;
    } else hits.fill(1);
  } else {
    for (let i = 0; i < n; i++) {
      const order = Array.from({ length: s.k }, (_, j) => j)
        .sort((a, b) => (s.data[i * s.k + a] as number) - (s.data[i * s.k + b] as number))
        .reverse();
      hits[i] = order.slice(0, k).includes(enc[i] as number) ? 1 : 0;
    }
  }
  if (options.normalize ?? true) return average(hits, w);
  if (w === undefined) return psum(hits);
  return psum(hits.map((h, i) => h * (w[i] as number)));
}

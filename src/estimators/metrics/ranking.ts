// Curves and areas over scores: rocCurve, precisionRecallCurve and averagePrecisionScore with
// scikit-learn 1.2.1's thresholds, positive-label rules and messages. Imports metrics/core,
// the binary curve and the one-vs-rest averaging of probabilistic.ts.
import { ValueError } from '../../core/errors.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import {
  type Label,
  type LabelArray,
  type Mat,
  type NumberMatrix,
  type NumericArray,
  type Target,
  type Vec,
  parse,
  sortedUnique,
  typeOf,
} from '../utils/multiclass.ts';
import { parseWeights, psum, pyList, pyRepr, warn } from './core.ts';
import { matchLabel } from './classification.ts';
import { binaryClfCurve, dropIntermediate, type BinaryCurve } from './binary-curve.ts';
import { type RocAverage, averageBinaryScore, parseScores } from './probabilistic.ts';

/** The positive class of a binary curve: given, or 1 when y_true's labels are {0, 1}, {-1, 1} or one of them (scikit-learn's `_check_pos_label_consistency`). */
export function checkPosLabel(posLabel: Label | null | undefined, values: readonly Label[]): Label {
  const classes = sortedUnique(values);
  if (posLabel !== null && posLabel !== undefined) return matchLabel(posLabel, classes);
  const nums = classes.map((c) => (typeof c === 'boolean' ? Number(c) : c));
  const ok = [[0, 1], [-1, 1], [0], [-1], [1]].some(
    (set) => set.length === nums.length && set.every((v, i) => v === nums[i]),
  );
  if (!ok)
    throw new ValueError(
      `yTrue takes value in {${classes.map(pyRepr).join(', ')}} and posLabel is not specified: either make ` +
        'yTrue take value in {0, 1} or {-1, 1} or pass posLabel explicitly.',
    );
  return matchLabel(1, classes);
}

/** Truth, scores and weights of a binary curve, checked as scikit-learn's `_binary_clf_curve` checks them. */
function binaryInputs(
  yTrue: LabelArray,
  yScore: NumericArray | NumberMatrix,
  posLabel: Label | null | undefined,
  sampleWeight: NumericArray | undefined,
): { y: Uint8Array; s: Float64Array; w: Float64Array | undefined } {
  const t = parse(yTrue, 'yTrue');
  const type = typeOf(t);
  if (t.dim !== 1 || !(type === 'binary' || (type === 'multiclass' && posLabel !== null && posLabel !== undefined)))
    throw new ValueError(`${type} format is not supported`);
  const s = parseScores(yScore, 'yScore');
  if (s.k !== 1) throw new ValueError(`yScore should be a 1d array, got an array of shape (${s.n}, ${s.k}) instead.`);
  const w = parseWeights(sampleWeight);
  checkConsistentLength(t.values.length, s.n, w?.length);
  const pos = checkPosLabel(posLabel, t.values);
  return { y: Uint8Array.from(t.values, (v) => (v === pos ? 1 : 0)), s: s.data, w };
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** The positive class (default 1, when y_true's labels are {0, 1} or {-1, 1}). */
  posLabel?: Label | null;
  sampleWeight?: NumericArray;
  /** Drop thresholds that are not corners of the curve (default true). */
  dropIntermediate?: boolean;
}

/**
 * scikit-learn's `roc_curve` for a binary target: false- and true-positive rates at each threshold
 * (descending; the first threshold is the top score + 1, so the curve starts at (0, 0)).
 *
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [1.8, 0.8, 0.4, 0.35, 0.1] }
 */
export function rocCurve(
  yTrue: LabelArray,
  yScore: NumericArray | NumberMatrix,
  options: RocCurveOptions = {},
): { fpr: number[]; tpr: number[]; thresholds: number[] } {
  const { y, s, w } = binaryInputs(yTrue, yScore, options.posLabel, options.sampleWeight);
  let c: BinaryCurve = binaryClfCurve(y, s, w);
  if (options.dropIntermediate ?? true) c = dropIntermediate(c);
  const fps = [0, ...c.fps],
    tps = [0, ...c.tps];
  const thresholds = [(c.thresholds[0] as number) + 1, ...c.thresholds];
  const lastF = fps[fps.length - 1] as number,
    lastT = tps[tps.length - 1] as number;
  if (lastF <= 0) warn('No negative samples in yTrue, false positive value should be meaningless');
  if (lastT <= 0) warn('No positive samples in yTrue, true positive value should be meaningless');
  return {
    fpr: fps.map((v) => (lastF <= 0 ? NaN : v / lastF)),
    tpr: tps.map((v) => (lastT <= 0 ? NaN : v / lastT)),
    thresholds,
  };
}

/** precision, recall (decreasing) and thresholds (increasing) of a binary curve, as scikit-learn returns them. */
function prCurve(c: BinaryCurve): { precision: number[]; recall: number[]; thresholds: number[] } {
  const n = c.tps.length;
  const precision = c.tps.map((t, i) => {
    const ps = t + (c.fps[i] as number);
    return ps !== 0 ? t / ps : 0;
  });
  const last = c.tps[n - 1] as number;
  let recall: number[];
  if (last === 0) {
    warn('No positive class found in yTrue, recall is set to one for all thresholds.');
    recall = c.tps.map(() => 1);
  } else recall = c.tps.map((t) => t / last);
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: c.thresholds.slice().reverse(),
  };
}

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurveOptions {
  /** The positive class (default 1, when y_true's labels are {0, 1} or {-1, 1}). */
  posLabel?: Label | null;
  sampleWeight?: NumericArray;
}

/**
 * scikit-learn's `precision_recall_curve` for a binary target: precision and recall at each threshold
 * (thresholds increasing); the last point is precision 1, recall 0, with no threshold.
 *
 * @example
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { precision: [0.5, 0.667, 0.5, 1, 1], recall: [1, 1, 0.5, 0.5, 0], thresholds: [0.1, 0.35, 0.4, 0.8] }
 */
export function precisionRecallCurve(
  yTrue: LabelArray,
  probasPred: NumericArray | NumberMatrix,
  options: PrecisionRecallCurveOptions = {},
): { precision: number[]; recall: number[]; thresholds: number[] } {
  const { y, s, w } = binaryInputs(yTrue, probasPred, options.posLabel, options.sampleWeight);
  return prCurve(binaryClfCurve(y, s, w));
}

/** The step-function area under a binary precision-recall curve. */
function binaryAveragePrecision(y: Uint8Array, s: Float64Array, w: Float64Array | undefined): number {
  const { precision, recall } = prCurve(binaryClfCurve(y, s, w));
  const terms = new Float64Array(recall.length - 1);
  for (let i = 0; i < terms.length; i++)
    terms[i] = ((recall[i + 1] as number) - (recall[i] as number)) * (precision[i] as number);
  return -psum(terms);
}

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionOptions {
  /** Multilabel averaging: 'macro' (default), 'micro', 'weighted', 'samples', or null for per-label values. */
  average?: RocAverage;
  /** The positive class of a binary target (default 1; fixed to 1 for multilabel indicators). */
  posLabel?: Label;
  sampleWeight?: NumericArray;
}

/**
 * scikit-learn's `average_precision_score`: the mean of precisions at each threshold weighted by the
 * increase in recall (no interpolation). Binary targets with 1-D scores, or multilabel indicators with
 * n x K scores, averaged as `average` says.
 *
 * @example
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333...
 */
export function averagePrecisionScore(
  yTrue: Target,
  yScore: NumericArray | NumberMatrix,
  options: AveragePrecisionOptions = {},
): number | number[] {
  const t = parse(yTrue, 'yTrue');
  const type = typeOf(t);
  const posLabel = options.posLabel ?? 1;
  const w = parseWeights(options.sampleWeight);
  const avg = options.average === undefined ? 'macro' : options.average;
  if (type === 'multilabel-indicator') {
    if (posLabel !== 1)
      throw new ValueError(
        'Parameter posLabel is fixed to 1 for multilabel-indicator yTrue. Do not set posLabel or set posLabel to 1.',
      );
    const m = t as Mat;
    const s = parseScores(yScore, 'yScore');
    if (s.k !== m.k || s.n !== m.n)
      throw new ValueError(`yTrue and yScore have different shape: (${m.n}, ${m.k}) and (${s.n}, ${s.k}).`);
    checkConsistentLength(m.n, s.n, w?.length);
    const Y = Uint8Array.from(m.data, (v) => (v !== 0 ? 1 : 0));
    return averageBinaryScore(Y, s.data, m.n, m.k, avg, w, binaryAveragePrecision);
  }
  if (type !== 'binary') throw new ValueError(`${type} format is not supported`);
  const present = sortedUnique((t as Vec).values);
  if (present.length === 2 && !present.includes(matchLabel(posLabel, present)))
    throw new ValueError(`posLabel=${pyRepr(posLabel)} is not a valid label. It should be one of ${pyList(present)}`);
  const { y, s, w: ww } = binaryInputs(yTrue as LabelArray, yScore, posLabel, options.sampleWeight);
  return binaryAveragePrecision(y, s, ww);
}

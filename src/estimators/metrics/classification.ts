// Classification metrics: accuracy, precision / recall / F-scores (scikit-learn 1.2.1 semantics and
// messages). Imports metrics/core and utils.
import { ValueError, describe } from '../../core/errors.ts';
import {
  type Average,
  type Checked,
  type ZeroDivision,
  average,
  checkTargets,
  parseWeights,
  presentLabels,
  psum,
  pyList,
  pyRepr,
  pyStr,
  pyTuple,
  warn,
} from './core.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import { type Label, type NumericArray, type Target, type Vec, lengthOf } from '../utils/multiclass.ts';

// ------------------------------------------------------------------ accuracy

export function weightedSum(score: ArrayLike<number>, w: Float64Array | undefined, normalize: boolean): number {
  if (normalize) return average(score, w);
  if (w !== undefined) {
    const prod = new Float64Array(score.length);
    for (let i = 0; i < score.length; i++) prod[i] = (score[i] as number) * (w[i] as number);
    return psum(prod);
  }
  return psum(score);
}

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** true (default): the fraction of correct samples; false: their (weighted) count. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
}

/**
 * Fraction (or count) of samples whose prediction equals the truth. For 2-D
 * multilabel indicators a sample counts only if its whole row matches
 * (subset accuracy).
 *
 * @example
 * accuracyScore([0, 1, 2, 2], [0, 2, 2, 2]);                       // 0.75
 * accuracyScore(['a', 'b'], ['a', 'a'], { normalize: false });      // 1
 */
export function accuracyScore(yTrue: Target, yPred: Target, options: AccuracyOptions = {}): number {
  const c = checkTargets(yTrue, yPred);
  const n = lengthOf(c.t);
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(n, n, w?.length);
  const score = new Float64Array(n);
  if (c.t.dim === 2 && c.p.dim === 2) {
    const { k } = c.t;
    for (let i = 0; i < n; i++) {
      let same = 1;
      for (let j = 0; j < k; j++) if ((c.t.data[i * k + j] as number) !== (c.p.data[i * k + j] as number)) same = 0;
      score[i] = same;
    }
  } else {
    const t = (c.t as Vec).values;
    const p = (c.p as Vec).values;
    for (let i = 0; i < n; i++) score[i] = t[i] === p[i] ? 1 : 0;
  }
  return weightedSum(score, w, options.normalize ?? true);
}

// ------------------------------------------------------------------ precision, recall, F-scores

/** Options shared by precision / recall / F-scores. */
export interface PrfOptions {
  /** The labels to score, in output order (default: every label in y_true or y_pred, sorted). Ignored for average 'binary'. */
  labels?: readonly Label[];
  /** The positive class for average 'binary' (default 1; booleans match 1/0 as Python's True == 1). */
  posLabel?: Label | null;
  /** 'binary' (default), 'micro', 'macro', 'weighted', 'samples' (multilabel), or null for per-label values. */
  average?: Average | null;
  sampleWeight?: NumericArray;
  /** Value of 0/0 ratios: 'warn' (default: 0 and a console warning), 0 or 1. */
  zeroDivision?: ZeroDivision;
}

/** Per-label or averaged precision, recall, F-beta and support (support is null once averaged). */
export interface PrfResult<T extends number | number[] = number | number[]> {
  precision: T;
  recall: T;
  fScore: T;
  support: number[] | null;
}

export type WarnFor = ReadonlySet<'precision' | 'recall' | 'f-score'>;
export const WARN_ALL: WarnFor = /* @__PURE__ */ new Set(['precision', 'recall', 'f-score'] as const);

export function checkZeroDivision(z: unknown): ZeroDivision {
  if (z === 'warn' || z === 0 || z === 1) return z;
  throw new ValueError(`Got zeroDivision=${typeof z === 'string' ? z : String(z)}. Must be one of ["warn", 0, 1]`);
}

export function warnPrf(average: Average | null, modifier: string, msgStart: string, size: number): void {
  let axis0 = 'sample',
    axis1 = 'label';
  if (average === 'samples') [axis0, axis1] = [axis1, axis0];
  const where = size === 1 ? 'due to' : `in ${axis1}s with`;
  warn(
    `${msgStart} ill-defined and being set to 0.0 ${where} no ${modifier} ${axis0}s. Use \`zeroDivision\` parameter to control this behavior.`,
  );
}

export function prfDivide(
  num: Float64Array,
  den: Float64Array,
  metric: 'precision' | 'recall',
  modifier: string,
  average: Average | null,
  warnFor: WarnFor,
  zd: ZeroDivision,
): Float64Array {
  const out = new Float64Array(num.length);
  let any = false;
  for (let i = 0; i < num.length; i++) {
    if ((den[i] as number) === 0) {
      any = true;
      out[i] = zd === 1 ? 1 : 0;
    } else {
      out[i] = (num[i] as number) / (den[i] as number);
    }
  }
  if (any && zd === 'warn' && warnFor.has(metric)) {
    const title = metric === 'precision' ? 'Precision' : 'Recall';
    warnPrf(average, modifier, warnFor.has('f-score') ? `${title} and F-score are` : `${title} is`, out.length);
  }
  return out;
}

/** Matches posLabel against the present labels as Python's `in` would (True == 1). */
export function matchLabel(label: Label, present: readonly Label[]): Label {
  if (present.length && typeof present[0] === 'boolean' && typeof label === 'number' && (label === 0 || label === 1))
    return label === 1;
  if (present.length && typeof present[0] === 'number' && typeof label === 'boolean') return label ? 1 : 0;
  return label;
}

export interface Counts {
  tp: Float64Array;
  pred: Float64Array;
  true: Float64Array;
  /** Whether sums are float (weighted) as opposed to integer counts. */
  weighted: boolean;
}

/** scikit-learn's multilabel_confusion_matrix, reduced to tp / predicted / true sums. */
export function counts(c: Checked, labels: readonly Label[], w: Float64Array | undefined, samplewise: boolean): Counts {
  if (c.t.dim === 2 && c.p.dim === 2) {
    const { n, k } = c.t;
    const tdata = c.t.data;
    const pdata = c.p.data;
    const cols = labels as number[];
    for (const l of cols) {
      if (typeof l !== 'number' || !Number.isInteger(l))
        throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${pyRepr(l)}.`);
      if (l > k - 1)
        throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${l} > ${k - 1}`);
      if (l < 0) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${l} < 0`);
    }
    if (samplewise) {
      const tp = new Float64Array(n),
        pred = new Float64Array(n),
        tru = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let a = 0,
          b = 0,
          d = 0;
        for (const j of cols) {
          const tv = (tdata[i * k + j] as number) !== 0;
          const pv = (pdata[i * k + j] as number) !== 0;
          if (tv && pv) a++;
          if (pv) b++;
          if (tv) d++;
        }
        const wi = w ? (w[i] as number) : 1;
        tp[i] = a * wi;
        pred[i] = b * wi;
        tru[i] = d * wi;
      }
      return { tp, pred, true: tru, weighted: w !== undefined };
    }
    const L = cols.length;
    const tp = new Float64Array(L),
      pred = new Float64Array(L),
      tru = new Float64Array(L);
    cols.forEach((j, li) => {
      for (let i = 0; i < n; i++) {
        const wi = w ? (w[i] as number) : 1;
        const tv = (tdata[i * k + j] as number) !== 0;
        const pv = (pdata[i * k + j] as number) !== 0;
        if (tv && pv) tp[li] = (tp[li] as number) + wi;
        if (pv) pred[li] = (pred[li] as number) + wi;
        if (tv) tru[li] = (tru[li] as number) + wi;
      }
    });
    return { tp, pred, true: tru, weighted: w !== undefined };
  }
  const t = (c.t as Vec).values;
  const p = (c.p as Vec).values;
  const index = new Map<Label, number>();
  labels.forEach((l, i) => {
    if (!index.has(l)) index.set(l, i);
  });
  const L = labels.length;
  const tp = new Float64Array(L),
    pred = new Float64Array(L),
    tru = new Float64Array(L);
  for (let i = 0; i < t.length; i++) {
    const wi = w ? (w[i] as number) : 1;
    const ti = index.get(t[i] as Label);
    const pi = index.get(p[i] as Label);
    if (ti !== undefined) tru[ti] = (tru[ti] as number) + wi;
    if (pi !== undefined) pred[pi] = (pred[pi] as number) + wi;
    if (ti !== undefined && t[i] === p[i]) tp[ti] = (tp[ti] as number) + wi;
  }
  // A label listed twice gets the first occurrence's counts, as scikit-learn's searchsorted does.
  labels.forEach((l, i) => {
    const first = index.get(l) as number;
    if (first !== i) {
      tp[i] = tp[first] as number;
      pred[i] = pred[first] as number;
      tru[i] = tru[first] as number;
    }
  });
  return { tp, pred, true: tru, weighted: w !== undefined };
}

export const AVERAGES: readonly (Average | null)[] = [null, 'micro', 'macro', 'weighted', 'samples'];

/** scikit-learn's precision_recall_fscore_support, parameterised by which 0/0 warnings to emit. */
export function prfs(
  yTrue: Target,
  yPred: Target,
  o: PrfOptions,
  beta: number,
  warnFor: WarnFor,
  defaultAverage: Average | null,
): PrfResult & { weightedSupport: boolean } {
  const zd = checkZeroDivision(o.zeroDivision ?? 'warn');
  if (!(beta >= 0)) throw new ValueError('beta should be >=0 in the F-beta score');
  const avg = o.average === undefined ? defaultAverage : o.average;
  if (avg !== 'binary' && !AVERAGES.includes(avg))
    throw new ValueError(`average has to be one of ${pyTuple(AVERAGES)}`);
  const c = checkTargets(yTrue, yPred);
  const present = presentLabels(c);
  let labels: readonly Label[] | undefined = o.labels;
  const posLabel = o.posLabel === undefined ? 1 : o.posLabel;
  if (avg === 'binary') {
    if (c.type === 'binary') {
      const pos = matchLabel(posLabel ?? 1, present);
      if (!present.includes(pos) && present.length >= 2) {
        throw new ValueError(`posLabel=${pyStr(pos)} is not a valid label. It should be one of ${pyList(present)}`);
      }
      labels = [pos];
    } else {
      const opts: (Average | null)[] =
        c.type === 'multiclass'
          ? [null, 'micro', 'macro', 'weighted']
          : [null, 'micro', 'macro', 'weighted', 'samples'];
      throw new ValueError(
        `Target is ${c.type} but average='binary'. Please choose another average setting, one of [${opts.map((o) => (o === null ? 'null' : `'${o}'`)).join(', ')}].`,
      );
    }
  } else if (posLabel !== null && posLabel !== 1 && posLabel !== true) {
    warn(
      `Note that posLabel (set to ${pyRepr(posLabel)}) is ignored when average != 'binary' ` +
        `(got ${pyRepr(avg)}). You may use labels=[posLabel] to specify a single positive class.`,
    );
  }
  const samplewise = avg === 'samples';
  if (samplewise && c.t.dim !== 2)
    throw new ValueError('Samplewise metrics are not available outside of multilabel classification.');
  const w = parseWeights(o.sampleWeight);
  checkConsistentLength(lengthOf(c.t), lengthOf(c.p), w?.length);
  const selected = labels ?? present;
  const raw = counts(c, selected, w, samplewise);
  const weighted = raw.weighted;
  let tp = raw.tp;
  // scikit-learn rebuilds the sums from its 2 x 2 matrices as tp + fp and tp + fn;
  // with float weights that can move the last bit, which a printed support shows.
  let pred = raw.pred.map((v, i) => (tp[i] as number) + (v - (tp[i] as number)));
  let tru = raw.true.map((v, i) => (tp[i] as number) + (v - (tp[i] as number)));
  if (avg === 'micro') {
    tp = Float64Array.of(psum(tp));
    pred = Float64Array.of(psum(pred));
    tru = Float64Array.of(psum(tru));
  }
  const b2 = beta * beta;
  const precision = prfDivide(tp, pred, 'precision', 'predicted', avg, warnFor, zd);
  const recall = prfDivide(tp, tru, 'recall', 'true', avg, warnFor, zd);
  if (zd === 'warn' && warnFor.size === 1 && warnFor.has('f-score')) {
    if (tru.some((v, i) => v === 0 && pred[i] === 0)) warnPrf(avg, 'true nor predicted', 'F-score is', tru.length);
  }
  let fScore: Float64Array;
  if (beta === Infinity) fScore = recall;
  else {
    fScore = new Float64Array(precision.length);
    for (let i = 0; i < fScore.length; i++) {
      const p = precision[i] as number,
        r = recall[i] as number;
      let denom = b2 * p + r;
      if (denom === 0) denom = 1;
      fScore[i] = ((1 + b2) * p * r) / denom;
    }
  }
  let weights: ArrayLike<number> | undefined;
  if (avg === 'weighted') {
    weights = tru;
    if (psum(tru) === 0) {
      const zv = zd === 1 ? 1 : 0;
      if (psum(pred) === 0) return { precision: zv, recall: zv, fScore: zv, support: null, weightedSupport: weighted };
      return { precision: 0, recall: zv, fScore: 0, support: null, weightedSupport: weighted };
    }
  } else if (avg === 'samples') {
    weights = w;
  }
  if (avg !== null) {
    return {
      precision: average(precision, weights),
      recall: average(recall, weights),
      fScore: average(fScore, weights),
      support: null,
      weightedSupport: weighted,
    };
  }
  return {
    precision: Array.from(precision),
    recall: Array.from(recall),
    fScore: Array.from(fScore),
    support: Array.from(tru),
    weightedSupport: weighted,
  };
}

/**
 * Precision, recall, F-beta and support per label (average null, the default
 * here as in scikit-learn) or averaged.
 *
 * @example
 * const { precision, recall, fScore, support } = precisionRecallFscoreSupport(['a', 'b', 'b'], ['a', 'b', 'a']);
 * // precision [0.5, 1], recall [1, 0.5], support [1, 2]
 */
export function precisionRecallFscoreSupport(
  yTrue: Target,
  yPred: Target,
  options: PrfOptions & { beta?: number } = {},
): PrfResult {
  const r = prfs(yTrue, yPred, options, options.beta ?? 1, WARN_ALL, null);
  return { precision: r.precision, recall: r.recall, fScore: r.fScore, support: r.support };
}

/**
 * Precision tp / (tp + fp). Default average 'binary' with posLabel 1; for
 * string labels pass `posLabel`, or choose another average.
 *
 * @example
 * precisionScore([0, 1, 1, 0], [0, 1, 0, 1]);                                // 0.5
 * precisionScore(['a', 'b', 'c'], ['a', 'c', 'c'], { average: 'macro' });   // 0.5
 * precisionScore([0, 1, 2], [0, 2, 2], { average: null });                   // [1, 0, 0.5]
 */
export function precisionScore(yTrue: Target, yPred: Target, options: PrfOptions & { average: null }): number[];
export function precisionScore(yTrue: Target, yPred: Target, options?: PrfOptions & { average?: Average }): number;
export function precisionScore(yTrue: Target, yPred: Target, options?: PrfOptions): number | number[];
export function precisionScore(yTrue: Target, yPred: Target, options: PrfOptions = {}): number | number[] {
  return prfs(yTrue, yPred, options, 1, new Set(['precision']), 'binary').precision;
}

/**
 * Recall tp / (tp + fn); same options as {@link precisionScore}.
 *
 * @example
 * recallScore([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 */
export function recallScore(yTrue: Target, yPred: Target, options: PrfOptions & { average: null }): number[];
export function recallScore(yTrue: Target, yPred: Target, options?: PrfOptions & { average?: Average }): number;
export function recallScore(yTrue: Target, yPred: Target, options?: PrfOptions): number | number[];
export function recallScore(yTrue: Target, yPred: Target, options: PrfOptions = {}): number | number[] {
  return prfs(yTrue, yPred, options, 1, new Set(['recall']), 'binary').recall;
}

/**
 * F1, the harmonic mean of precision and recall; same options as {@link precisionScore}.
 *
 * @example
 * f1Score([0, 1, 2, 2], [0, 2, 2, 1], { average: 'weighted' });
 */
export function f1Score(yTrue: Target, yPred: Target, options: PrfOptions & { average: null }): number[];
export function f1Score(yTrue: Target, yPred: Target, options?: PrfOptions & { average?: Average }): number;
export function f1Score(yTrue: Target, yPred: Target, options?: PrfOptions): number | number[];
export function f1Score(yTrue: Target, yPred: Target, options: PrfOptions = {}): number | number[] {
  return prfs(yTrue, yPred, options, 1, WARN_ALL, 'binary').fScore;
}

/**
 * F-beta: (1 + beta²)·P·R / (beta²·P + R); beta < 1 favours precision. `beta` is required.
 *
 * @example
 * fbetaScore([0, 1, 1, 0], [0, 1, 0, 1], { beta: 0.5 });
 */
export function fbetaScore(
  yTrue: Target,
  yPred: Target,
  options: PrfOptions & { beta: number; average: null },
): number[];
export function fbetaScore(
  yTrue: Target,
  yPred: Target,
  options: PrfOptions & { beta: number; average?: Average },
): number;
export function fbetaScore(yTrue: Target, yPred: Target, options: PrfOptions & { beta: number }): number | number[];
export function fbetaScore(yTrue: Target, yPred: Target, options: PrfOptions & { beta: number }): number | number[] {
  if (typeof options?.beta !== 'number')
    throw new ValueError(`fbetaScore: options.beta must be a number; got ${describe(options?.beta)}.`);
  return prfs(yTrue, yPred, options, options.beta, new Set(['f-score']), 'binary').fScore;
}

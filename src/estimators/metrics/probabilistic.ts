// Metrics on scores and probabilities: ROC AUC (binary, one-vs-rest, one-vs-one) and log loss.
// Imports metrics/core and metrics/classification only.
import { ValueError, describe } from '../../core/errors.ts';
import { weightedSum } from './classification.ts';
import { binaryClfCurve, dropIntermediate } from './binary-curve.ts';
import { FLOAT32_EPS, FLOAT64_EPS } from '../../core/numeric.ts';
import {
  average,
  npArrayStr,
  parseWeights,
  psum,
  pyFloatRepr,
  pyList,
  pyStr,
  pyTuple,
  sumAxis0,
  warn,
} from './core.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import {
  type Label,
  type LabelArray,
  type Mat,
  type NumberMatrix,
  type NumericArray,
  type Target,
  type Vec,
  isRow,
  mixError,
  parse,
  sortedUnique,
  typeOf,
} from '../utils/multiclass.ts';

// ------------------------------------------------------------------ ROC AUC

export interface Scores {
  n: number;
  k: number;
  is2d: boolean;
  data: Float64Array;
  float32: boolean;
}

export function parseScores(y: unknown, name: string): Scores {
  const p = parse(y, name);
  if (p.dim === 2) return { n: p.n, k: p.k, is2d: true, data: p.data, float32: p.float32 };
  if (p.kind !== null && p.kind !== 'number') throw new ValueError(`${name} must hold numbers; got ${p.kind}s.`);
  const isColumn = Array.isArray(y) && y.length > 0 && isRow(y[0]);
  return {
    n: p.values.length,
    k: 1,
    is2d: isColumn,
    data: Float64Array.from(p.values as number[]),
    float32: y instanceof Float32Array,
  };
}

export function column(s: Scores, j: number): Float64Array {
  if (s.k === 1) return s.data;
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = s.data[i * s.k + j] as number;
  return out;
}

/** fpr / tpr of scikit-learn's roc_curve (drop_intermediate=True) for 0/1 truth. */
export function rocPoints(
  y: Uint8Array,
  score: Float64Array,
  w: Float64Array | undefined,
): { fpr: Float64Array; tpr: Float64Array } {
  const { fps, tps } = dropIntermediate(binaryClfCurve(y, score, w));
  tps.unshift(0);
  fps.unshift(0);
  const lastF = fps[fps.length - 1] as number;
  const lastT = tps[tps.length - 1] as number;
  if (lastF <= 0) warn('No negative samples in yTrue, false positive value should be meaningless');
  if (lastT <= 0) warn('No positive samples in yTrue, true positive value should be meaningless');
  return {
    fpr: Float64Array.from(fps, (v) => (lastF <= 0 ? NaN : v / lastF)),
    tpr: Float64Array.from(tps, (v) => (lastT <= 0 ? NaN : v / lastT)),
  };
}

/** np.trapz on an increasing (or decreasing) x, as scikit-learn's `auc`. */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let direction = 1;
  let anyNeg = false,
    allNonPos = true;
  for (let i = 1; i < x.length; i++) {
    const d = (x[i] as number) - (x[i - 1] as number);
    if (d < 0) anyNeg = true;
    if (d > 0) allNonPos = false;
  }
  if (anyNeg) {
    if (allNonPos) direction = -1;
    else throw new ValueError(`x is neither increasing nor decreasing : ${describe(Array.from(x))}.`);
  }
  const parts = new Float64Array(x.length - 1);
  for (let i = 1; i < x.length; i++)
    parts[i - 1] = (((x[i] as number) - (x[i - 1] as number)) * ((y[i] as number) + (y[i - 1] as number))) / 2;
  return direction * psum(parts);
}

export function binaryRocAuc(
  y: Uint8Array,
  score: Float64Array,
  w: Float64Array | undefined,
  maxFpr: number | null,
): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  if (pos === 0 || pos === y.length)
    throw new ValueError('Only one class present in yTrue. ROC AUC score is not defined in that case.');
  const { fpr, tpr } = rocPoints(y, score, w);
  if (maxFpr === null || maxFpr === 1) return auc(fpr, tpr);
  if (!(maxFpr > 0 && maxFpr <= 1))
    throw new ValueError(`Expected maxFpr in range (0, 1], got: ${pyFloatRepr(maxFpr)}`);
  let stop = 0;
  while (stop < fpr.length && (fpr[stop] as number) <= maxFpr) stop++;
  const x0 = fpr[stop - 1] as number,
    x1 = fpr[stop] as number,
    y0 = tpr[stop - 1] as number,
    y1 = tpr[stop] as number;
  const yInterp = ((y1 - y0) / (x1 - x0)) * (maxFpr - x0) + y0;
  const partial = auc([...fpr.slice(0, stop), maxFpr], [...tpr.slice(0, stop), yInterp]);
  const minArea = 0.5 * maxFpr ** 2;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

/** scikit-learn's _average_binary_score over indicator columns (multilabel and one-vs-rest), for any binary metric. */
export function averageBinaryScore(
  Y: Uint8Array,
  S: Float64Array,
  n: number,
  k: number,
  avg: RocAverage,
  w: Float64Array | undefined,
  metric: (y: Uint8Array, score: Float64Array, w: Float64Array | undefined) => number,
): number | number[] {
  const options = [null, 'micro', 'macro', 'weighted', 'samples'] as const;
  if (!(options as readonly unknown[]).includes(avg))
    throw new ValueError(`average has to be one of ${pyTuple(options)}`);
  checkConsistentLength(n, n, w?.length);
  if (avg === 'micro') {
    const ww = w ? Float64Array.from({ length: n * k }, (_, i) => w[Math.floor(i / k)] as number) : undefined;
    return metric(Y, S, ww);
  }
  let averageWeight: Float64Array | undefined;
  let scoreWeight = w;
  if (avg === 'weighted') {
    const yw = new Float64Array(n * k);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) yw[i * k + j] = (Y[i * k + j] as number) * (w ? (w[i] as number) : 1);
    averageWeight = sumAxis0(yw, n, k);
    if (Math.abs(psum(averageWeight)) <= 1e-8) return 0;
  }
  const samples = avg === 'samples';
  if (samples) {
    averageWeight = w;
    scoreWeight = undefined;
  }
  const m = samples ? n : k;
  const scores = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    const len = samples ? k : n;
    const yc = new Uint8Array(len),
      sc = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const idx = samples ? c * k + i : i * k + c;
      yc[i] = Y[idx] as number;
      sc[i] = S[idx] as number;
    }
    scores[c] = metric(yc, sc, scoreWeight);
  }
  if (avg === null) return Array.from(scores);
  if (averageWeight !== undefined) for (let c = 0; c < m; c++) if ((averageWeight[c] as number) === 0) scores[c] = 0;
  return average(scores, averageWeight);
}

export type RocAverage = 'micro' | 'macro' | 'weighted' | 'samples' | null;

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /**
   * Multiclass / multilabel averaging: 'macro' (default), 'weighted', 'micro', 'samples' (multilabel),
   * null for per-class values (per pair of classes with multiClass 'ovo').
   */
  average?: RocAverage;
  sampleWeight?: NumericArray;
  /** Standardised partial AUC up to this false-positive rate (binary only). */
  maxFpr?: number | null;
  /** Multiclass strategy: 'ovr' (one-vs-rest) or 'ovo' (one-vs-one); the default 'raise' refuses multiclass targets, as scikit-learn does. */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** Multiclass only: the labels of yScore's columns (sorted, unique); default: the sorted labels of y_true. */
  labels?: readonly Label[];
}

/**
 * Area under the ROC curve. Binary: yScore is a score per sample (higher means
 * the greater label), or an n x 2 probability matrix whose column 1 is used (as
 * scikit-learn's `roc_auc` scorer does). Multiclass: n x K probabilities with
 * `multiClass: 'ovr' | 'ovo'`. Multilabel: n x K indicators and scores.
 *
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);                       // 0.75
 * rocAucScore(y, model.predictProba(X), { multiClass: 'ovr', average: 'weighted' });
 */
export function rocAucScore(
  yTrue: Target,
  yScore: NumericArray | NumberMatrix,
  options: RocAucOptions & { average: null },
): number | number[];
export function rocAucScore(
  yTrue: Target,
  yScore: NumericArray | NumberMatrix,
  options?: RocAucOptions & { average?: Exclude<RocAverage, null> },
): number;
export function rocAucScore(
  yTrue: Target,
  yScore: NumericArray | NumberMatrix,
  options?: RocAucOptions,
): number | number[];
export function rocAucScore(
  yTrue: Target,
  yScore: NumericArray | NumberMatrix,
  options: RocAucOptions = {},
): number | number[] {
  const t = parse(yTrue, 'yTrue');
  const type = typeOf(t);
  const s = parseScores(yScore, 'yScore');
  const avg = options.average === undefined ? 'macro' : options.average;
  const maxFpr = options.maxFpr ?? null;
  const w = parseWeights(options.sampleWeight);
  if (type === 'multiclass' || (type === 'binary' && s.is2d && s.k > 2)) {
    if (maxFpr !== null && maxFpr !== 1) {
      throw new ValueError(
        `Partial AUC computation not available in multiclass setting, 'maxFpr' must ` +
          `be set to \`null\`, received \`maxFpr=${pyFloatRepr(maxFpr)}\` instead`,
      );
    }
    const multiClass = options.multiClass ?? 'raise';
    if (multiClass === 'raise') throw new ValueError("multiClass must be in ('ovo', 'ovr')");
    return multiclassRocAuc(t as Vec, s, options.labels, multiClass, avg, w);
  }
  if (type === 'binary') {
    const v = t as Vec;
    const scores = s.k === 2 ? column(s, 1) : s.k === 1 ? s.data : null;
    if (scores === null)
      throw new ValueError(
        `yScore for a binary yTrue must be 1-D scores or an n x 2 probability matrix; got ${s.n} x ${s.k}.`,
      );
    checkConsistentLength(v.values.length, s.n, w?.length);
    const classes = sortedUnique(v.values);
    const y = Uint8Array.from(v.values, (l) => (classes.length === 2 && l === classes[1] ? 1 : 0));
    return binaryRocAuc(y, scores, w, maxFpr);
  }
  if (type === 'multilabel-indicator') {
    const m = t as Mat;
    if (!s.is2d || s.k !== m.k)
      throw new ValueError(
        `yScore must be an n x ${m.k} matrix for this multilabel yTrue; got ${s.is2d ? `${s.n} x ${s.k}` : `${s.n} values`}.`,
      );
    checkConsistentLength(m.n, s.n, w?.length);
    return averageBinaryScore(
      Uint8Array.from(m.data, (x) => (x !== 0 ? 1 : 0)),
      s.data,
      m.n,
      m.k,
      avg,
      w,
      (yc, sc, wc) => binaryRocAuc(yc, sc, wc, maxFpr),
    );
  }
  throw new ValueError(`${type} format is not supported`);
}

export function multiclassRocAuc(
  t: Vec,
  s: Scores,
  labelsOpt: readonly Label[] | undefined,
  multiClass: string,
  avg: RocAverage,
  w: Float64Array | undefined,
): number | number[] {
  checkConsistentLength(t.values.length, s.n, w?.length);
  for (let i = 0; i < s.n; i++) {
    let rs = 0;
    for (let j = 0; j < s.k; j++) rs += s.data[i * s.k + j] as number;
    if (!(Math.abs(1 - rs) <= 1e-8 + 1e-5 * Math.abs(rs))) {
      throw new ValueError(
        'Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes',
      );
    }
  }
  const options: RocAverage[] =
    multiClass === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted', null];
  if (!options.includes(avg))
    throw new ValueError(`average must be one of ${pyTuple(options)} for multiclass problems`);
  if (multiClass !== 'ovo' && multiClass !== 'ovr') {
    throw new ValueError(
      `multiClass='${multiClass}' is not supported for multiclass ROC AUC, multiClass must be in ('ovo', 'ovr')`,
    );
  }
  let classes: Label[];
  if (labelsOpt !== undefined) {
    classes = sortedUnique(labelsOpt);
    if (classes.length !== labelsOpt.length) throw new ValueError("Parameter 'labels' must be unique");
    if (classes.some((c, i) => c !== labelsOpt[i])) throw new ValueError("Parameter 'labels' must be ordered");
    if (classes.length !== s.k)
      throw new ValueError(
        `Number of given labels, ${classes.length}, not equal to the number of columns in 'yScore', ${s.k}`,
      );
    const set = new Set(classes);
    if (t.values.some((v) => !set.has(v))) throw new ValueError("'yTrue' contains labels not in parameter 'labels'");
  } else {
    classes = sortedUnique(t.values);
    if (classes.length !== s.k)
      throw new ValueError("Number of classes in yTrue not equal to the number of columns in 'yScore'");
  }
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const enc = t.values.map((v) => index.get(v) as number);
  const n = s.n,
    k = s.k;
  if (multiClass === 'ovo') {
    if (w !== undefined)
      throw new ValueError(
        "sampleWeight is not supported for multiclass one-vs-one ROC AUC, 'sampleWeight' must be null in this case.",
      );
    const present = [...new Set(enc)].sort((a, b) => a - b);
    const pairScores: number[] = [];
    const prevalence: number[] = [];
    for (let ai = 0; ai < present.length; ai++) {
      for (let bi = ai + 1; bi < present.length; bi++) {
        const a = present[ai] as number,
          b = present[bi] as number;
        const rows: number[] = [];
        for (let i = 0; i < n; i++) if (enc[i] === a || enc[i] === b) rows.push(i);
        prevalence.push(rows.length / n);
        const aTrue = Uint8Array.from(rows, (i) => (enc[i] === a ? 1 : 0));
        const bTrue = Uint8Array.from(rows, (i) => (enc[i] === b ? 1 : 0));
        const sa = binaryRocAuc(
          aTrue,
          Float64Array.from(rows, (i) => s.data[i * k + a] as number),
          undefined,
          null,
        );
        const sb = binaryRocAuc(
          bTrue,
          Float64Array.from(rows, (i) => s.data[i * k + b] as number),
          undefined,
          null,
        );
        pairScores.push((sa + sb) / 2);
      }
    }
    // average null: the score of every pair of classes present in y_true, pairs in order (0,1), (0,2), ..., (1,2), ...
    // (scikit-learn 1.2.1 refuses average=None here; these are the values its macro average is taken over).
    if (avg === null) return pairScores;
    return average(pairScores, avg === 'weighted' ? prevalence : undefined);
  }
  const Y = new Uint8Array(n * k);
  for (let i = 0; i < n; i++) Y[i * k + (enc[i] as number)] = 1;
  return averageBinaryScore(Y, s.data, n, k, avg, w, (yc, sc, wc) => binaryRocAuc(yc, sc, wc, null));
}

// ------------------------------------------------------------------ log loss

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 - eps]; 'auto' (default) is the machine epsilon of yProb's dtype (float64 unless a Float32Array). */
  eps?: number | 'auto';
  /** true (default): mean loss per sample; false: the (weighted) sum. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
  /** All class labels, in yProb's column order (sorted); default: the sorted labels of y_true. */
  labels?: readonly Label[];
}

/**
 * Cross-entropy of predicted probabilities. yProb is n x K (columns in sorted
 * label order, as predictProba returns them) or, for two classes, the
 * probability of the greater label per sample. Rows are clipped to
 * [eps, 1 - eps] and renormalised, as scikit-learn 1.2.1 does.
 *
 * @example
 * logLoss(['ham', 'spam', 'spam'], [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7]]);
 * logLoss([0, 1, 1], [0.1, 0.8, 0.7]);
 */
export function logLoss(yTrue: LabelArray, yProb: NumericArray | NumberMatrix, options: LogLossOptions = {}): number {
  const s = parseScores(yProb, 'yPred');
  const eps =
    options.eps === undefined || options.eps === 'auto' ? (s.float32 ? FLOAT32_EPS : FLOAT64_EPS) : options.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5))
    throw new ValueError(`eps must be 'auto' or a number in [0, 0.5); got ${describe(options.eps)}.`);
  const t = parse(yTrue, 'yTrue');
  if (t.dim !== 1) throw new ValueError(`logLoss: yTrue must be a 1-D array of labels; got a ${t.n} x ${t.k} matrix.`);
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(s.n, t.values.length, w?.length);
  let classes: Label[];
  if (options.labels !== undefined) {
    const lp = parse(options.labels, 'labels') as Vec;
    if (lp.kind !== null && t.kind !== null && lp.kind !== t.kind) throw mixError(lp.kind, t.kind);
    classes = sortedUnique(lp.values);
  } else {
    classes = sortedUnique(t.values);
  }
  if (classes.length === 1) {
    if (options.labels === undefined)
      throw new ValueError(
        `yTrue contains only one label (${pyStr(classes[0] as Label)}). Please provide the true labels explicitly through the labels argument.`,
      );
    throw new ValueError(
      `The labels array needs to contain at least two labels for log_loss, got ${npArrayStr(classes)}.`,
    );
  }
  const C = classes.length;
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const unseen = [...new Set(t.values.filter((v) => !index.has(v)))];
  // scikit-learn 1.2.1 silently scores such rows as 0 loss; refusing them is safer.
  if (unseen.length) throw new ValueError(`yTrue contains labels not in labels: ${pyList(sortedUnique(unseen))}.`);
  const k = s.k === 1 ? 2 : s.k;
  if (C !== k) {
    if (options.labels === undefined) {
      throw new ValueError(
        `yTrue and yPred contain different number of classes ${C}, ${k}. Please provide the true ` +
          `labels explicitly through the labels argument. Classes found in yTrue: ${npArrayStr(classes)}`,
      );
    }
    throw new ValueError(
      `The number of classes in labels is different from that in yPred. Classes found in labels: ${npArrayStr(classes)}`,
    );
  }
  const n = s.n;
  const loss = new Float64Array(n);
  const row = new Float64Array(k);
  const clip = (x: number): number => Math.min(Math.max(x, eps), 1 - eps);
  for (let i = 0; i < n; i++) {
    if (s.k === 1) {
      const p = clip(s.data[i] as number);
      row[0] = 1 - p;
      row[1] = p;
    } else {
      for (let j = 0; j < k; j++) row[j] = clip(s.data[i * k + j] as number);
    }
    const rowSum = psum(row);
    const terms = new Float64Array(k);
    const cls = index.get(t.values[i] as Label) as number;
    terms[cls] = Math.log((row[cls] as number) / rowSum);
    loss[i] = -psum(terms);
  }
  return weightedSum(loss, w, options.normalize ?? true);
}

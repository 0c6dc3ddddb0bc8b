// The confusion matrix, balanced accuracy and the classification report (scikit-learn 1.2.1 semantics
// and text). Imports metrics/core, metrics/classification and utils.
import { ValueError, describe } from '../../core/errors.ts';
import {
  type Average,
  type ZeroDivision,
  checkTargets,
  formatFixed,
  parseWeights,
  presentLabels,
  psum,
  pyFloatRepr,
  pyStr,
  rjust,
  warn,
} from './core.ts';
import { WARN_ALL, prfs, type PrfOptions } from './classification.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import { type Label, type NumericArray, type Target, type Vec } from '../utils/multiclass.ts';
import { warn as emitWarning } from '../../core/warnings.ts';

// ------------------------------------------------------------------ confusion matrix and report

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Row / column order, and the only labels counted (default: sorted labels of y_true and y_pred). */
  labels?: readonly Label[];
  sampleWeight?: NumericArray;
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); 0/0 becomes 0. */
  normalize?: 'true' | 'pred' | 'all' | null;
}

/**
 * The confusion matrix C: C[i][j] counts samples of true label i predicted as j.
 *
 * @example
 * confusionMatrix(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog']); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: Target, yPred: Target, options: ConfusionMatrixOptions = {}): number[][] {
  const c = checkTargets(yTrue, yPred);
  if (c.type !== 'binary' && c.type !== 'multiclass') throw new ValueError(`${c.type} is not supported`);
  const t = (c.t as Vec).values;
  const p = (c.p as Vec).values;
  let labels: readonly Label[];
  if (options.labels === undefined) labels = presentLabels(c);
  else {
    labels = options.labels;
    if (labels.length === 0) throw new ValueError("'labels' should contains at least one label.");
    if (t.length === 0) return labels.map(() => labels.map(() => 0));
    const inTrue = new Set(t);
    if (!labels.some((l) => inTrue.has(l))) throw new ValueError('At least one label specified must be in yTrue');
  }
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.length, p.length, w?.length);
  const normalize = options.normalize ?? null;
  if (normalize !== null && normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') {
    throw new ValueError("normalize must be one of {'true', 'pred', 'all', null}");
  }
  const L = labels.length;
  const index = new Map<Label, number>();
  labels.forEach((l, i) => index.set(l, i));
  const cm: Float64Array[] = labels.map(() => new Float64Array(L));
  for (let i = 0; i < t.length; i++) {
    const ti = index.get(t[i] as Label);
    const pi = index.get(p[i] as Label);
    if (ti === undefined || pi === undefined) continue;
    const row = cm[ti] as Float64Array;
    row[pi] = (row[pi] as number) + (w ? (w[i] as number) : 1);
  }
  if (normalize !== null) {
    let total = 0;
    const colSums = new Float64Array(L);
    if (normalize === 'all') total = psum(Float64Array.from(cm.flatMap((r) => Array.from(r))));
    if (normalize === 'pred')
      for (const r of cm) for (let j = 0; j < L; j++) colSums[j] = (colSums[j] as number) + (r[j] as number);
    for (const r of cm) {
      const rowSum = normalize === 'true' ? psum(r) : 0;
      for (let j = 0; j < L; j++) {
        const d = normalize === 'true' ? rowSum : normalize === 'pred' ? (colSums[j] as number) : total;
        r[j] = nanToNum((r[j] as number) / d);
      }
    }
  }
  return cm.map((r) => Array.from(r));
}

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyOptions {
  sampleWeight?: NumericArray;
  /** Rescale so that chance scores 0 and perfect 1. */
  adjusted?: boolean;
}

/**
 * The mean recall over the classes of y_true (scikit-learn's balanced_accuracy_score): robust to
 * imbalanced classes; classes only predicted are dropped with a warning.
 *
 * @example
 * balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 */
export function balancedAccuracyScore(yTrue: Target, yPred: Target, options: BalancedAccuracyOptions = {}): number {
  const cm = confusionMatrix(
    yTrue,
    yPred,
    options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight },
  );
  const perClass: number[] = [];
  let dropped = false;
  cm.forEach((row, i) => {
    const r = (row[i] as number) / psum(Float64Array.from(row));
    if (Number.isNaN(r)) dropped = true;
    else perClass.push(r);
  });
  if (dropped) emitWarning('UserWarning', 'yPred contains classes not in yTrue');
  let score = psum(Float64Array.from(perClass)) / perClass.length;
  if (options.adjusted) {
    const chance = 1 / perClass.length;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

export function nanToNum(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  return x;
}

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Labels to report, in order (default: sorted labels of y_true and y_pred). */
  labels?: readonly Label[];
  /** Display names of the labels (default: the labels as Python prints them). */
  targetNames?: readonly string[];
  sampleWeight?: NumericArray;
  /** Decimal places of the text layout (default 2). */
  digits?: number;
  /** Return the numbers as an object instead of text. */
  outputDict?: boolean;
  zeroDivision?: ZeroDivision;
}

/** One row of a classification report. */
export interface ReportRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}

/** {@link classificationReport} with `outputDict: true`: rows by label name and by average ('accuracy' is a bare number). */
export type ClassificationReportDict = Record<string, ReportRow | number>;

/**
 * scikit-learn's classification report: per-label precision, recall, F1 and
 * support, then accuracy (or micro avg), macro avg and weighted avg (and samples
 * avg for multilabel), laid out exactly as scikit-learn prints it.
 *
 * @example
 * console.log(classificationReport(yTrue, yPred, { digits: 3 }));
 * const d = classificationReport(yTrue, yPred, { outputDict: true });
 * (d['macro avg'] as ReportRow)['f1-score'];
 */
export function classificationReport(
  yTrue: Target,
  yPred: Target,
  options: ClassificationReportOptions & { outputDict: true },
): ClassificationReportDict;
export function classificationReport(
  yTrue: Target,
  yPred: Target,
  options?: ClassificationReportOptions & { outputDict?: false },
): string;
export function classificationReport(
  yTrue: Target,
  yPred: Target,
  options?: ClassificationReportOptions,
): string | ClassificationReportDict;
export function classificationReport(
  yTrue: Target,
  yPred: Target,
  options: ClassificationReportOptions = {},
): string | ClassificationReportDict {
  const c = checkTargets(yTrue, yPred);
  const present = presentLabels(c);
  const labelsGiven = options.labels !== undefined;
  const labels = options.labels ?? present;
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0)
    throw new ValueError(`digits must be a non-negative integer; got ${describe(digits)}.`);
  const sameSet = (a: readonly Label[], b: readonly Label[]): boolean => {
    const sa = new Set(a),
      sb = new Set(b);
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
  };
  const microIsAccuracy =
    (c.type === 'multiclass' || c.type === 'binary') && (!labelsGiven || sameSet(labels, present));
  let targetNames = options.targetNames;
  if (targetNames !== undefined && labels.length !== targetNames.length) {
    if (labelsGiven) warn(`labels size, ${labels.length}, does not match size of targetNames, ${targetNames.length}`);
    else
      throw new ValueError(
        `Number of classes, ${labels.length}, does not match size of targetNames, ${targetNames.length}. Try specifying the labels parameter`,
      );
  }
  targetNames ??= labels.map(pyStr);
  const base: PrfOptions = { labels, average: null };
  if (options.sampleWeight !== undefined) base.sampleWeight = options.sampleWeight;
  if (options.zeroDivision !== undefined) base.zeroDivision = options.zeroDivision;
  const per = prfs(yTrue, yPred, base, 1, WARN_ALL, null);
  const P = per.precision as number[],
    R = per.recall as number[],
    F = per.fScore as number[],
    S = per.support as number[];
  const nRows = Math.min(targetNames.length, labels.length);
  const averages: Average[] =
    c.type === 'multilabel-indicator' ? ['micro', 'macro', 'weighted', 'samples'] : ['micro', 'macro', 'weighted'];
  const supportTotal = psum(S);
  const fmtSupport = (s: number): string => (per.weightedSupport ? pyFloatRepr(s) : String(s));
  const avgRows = averages.map((avg) => {
    const heading = avg === 'micro' && microIsAccuracy ? 'accuracy' : `${avg} avg`;
    const r = prfs(yTrue, yPred, { ...base, average: avg }, 1, WARN_ALL, null);
    return { heading, p: r.precision as number, r: r.recall as number, f: r.fScore as number };
  });
  if (options.outputDict) {
    const out: ClassificationReportDict = {};
    for (let i = 0; i < nRows; i++)
      out[targetNames[i] as string] = {
        precision: P[i] as number,
        recall: R[i] as number,
        'f1-score': F[i] as number,
        support: S[i] as number,
      };
    for (const a of avgRows)
      out[a.heading] =
        a.heading === 'accuracy' ? a.p : { precision: a.p, recall: a.r, 'f1-score': a.f, support: supportTotal };
    return out;
  }
  const width = Math.max(...targetNames.map((s) => [...s].length), 'weighted avg'.length, digits);
  const cell = (s: string): string => ' ' + rjust(s, 9);
  let report = rjust('', width) + ' ' + ['precision', 'recall', 'f1-score', 'support'].map(cell).join('') + '\n\n';
  const row = (name: string, p: number, r: number, f: number, s: number): string =>
    rjust(name, width) +
    ' ' +
    cell(formatFixed(p, digits)) +
    cell(formatFixed(r, digits)) +
    cell(formatFixed(f, digits)) +
    cell(fmtSupport(s)) +
    '\n';
  for (let i = 0; i < nRows; i++)
    report += row(targetNames[i] as string, P[i] as number, R[i] as number, F[i] as number, S[i] as number);
  report += '\n';
  for (const a of avgRows) {
    if (a.heading === 'accuracy')
      report +=
        rjust('accuracy', width) +
        ' ' +
        cell('') +
        cell('') +
        cell(formatFixed(a.f, digits)) +
        cell(fmtSupport(supportTotal)) +
        '\n';
    else report += row(a.heading, a.p, a.r, a.f, supportTotal);
  }
  return report;
}

// Agreement between two labelings from their confusion matrix: Matthews' correlation coefficient and
// Cohen's kappa (unweighted, linear, quadratic), with scikit-learn 1.2.1's formulas and sums.
// Imports metrics/core and the confusion matrix.
import { ValueError, describe } from '../../core/errors.ts';
import type { Label, LabelArray, NumericArray } from '../utils/multiclass.ts';
import { psum } from './core.ts';
import { confusionMatrix } from './confusion-matrix.ts';

/** Row sums (contiguous: NumPy's pairwise sum) and column sums (accumulated row by row) of a square matrix. */
function margins(C: number[][]): { rows: number[]; cols: number[] } {
  const k = C.length;
  const cols = new Array<number>(k).fill(0);
  for (const r of C) for (let j = 0; j < k; j++) cols[j] = (cols[j] as number) + (r[j] as number);
  return { rows: C.map((r) => psum(r)), cols };
}

function dot(a: readonly number[], b: readonly number[]): number {
  return psum(a.map((v, i) => v * (b[i] as number)));
}

/**
 * Matthews correlation coefficient (scikit-learn's `matthews_corrcoef`): +1 perfect, 0 chance, -1 total
 * disagreement; the multiclass form from the confusion matrix. 0 when a covariance is zero.
 *
 * @example
 * matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1]); // -0.333...
 */
export function matthewsCorrcoef(
  yTrue: LabelArray,
  yPred: LabelArray,
  options: { sampleWeight?: NumericArray } = {},
): number {
  const C = confusionMatrix(
    yTrue,
    yPred,
    options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight },
  );
  const { rows: tSum, cols: pSum } = margins(C);
  let nCorrect = 0;
  C.forEach((r, i) => (nCorrect += r[i] as number));
  const n = psum(pSum);
  const covYtYp = nCorrect * n - dot(tSum, pSum);
  const covYpYp = n ** 2 - dot(pSum, pSum);
  const covYtYt = n ** 2 - dot(tSum, tSum);
  return covYpYp * covYtYt === 0 ? 0 : covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/** Options of {@link cohenKappaScore}. */
export interface CohenKappaOptions {
  /** The labels of the confusion matrix (default: every label of either labeling, sorted). */
  labels?: readonly Label[];
  /** Disagreement weights: null (default, 0/1), 'linear' (|i - j|) or 'quadratic' ((i - j)^2). */
  weights?: 'linear' | 'quadratic' | null;
  sampleWeight?: NumericArray;
}

/**
 * Cohen's kappa (scikit-learn's `cohen_kappa_score`): agreement between two annotators beyond chance,
 * `1 - sum(W * C) / sum(W * E)` with E the agreement expected from the margins.
 *
 * @example
 * cohenKappaScore([0, 1, 2, 2], [0, 2, 2, 1], { weights: 'quadratic' });
 */
export function cohenKappaScore(y1: LabelArray, y2: LabelArray, options: CohenKappaOptions = {}): number {
  const weights = options.weights ?? null;
  if (weights !== null && weights !== 'linear' && weights !== 'quadratic')
    throw new ValueError(
      `Unknown kappa weighting type. Got weights=${describe(weights)}; use null, 'linear' or 'quadratic'.`,
    );
  const C = confusionMatrix(y1, y2, {
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...(options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }),
  });
  const k = C.length;
  const { rows: sum1, cols: sum0 } = margins(C);
  const total = psum(sum0);
  const num = new Float64Array(k * k),
    den = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights === null ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
      num[i * k + j] = w * ((C[i] as number[])[j] as number);
      den[i * k + j] = w * (((sum0[i] as number) * (sum1[j] as number)) / total);
    }
  }
  return 1 - psum(num) / psum(den);
}

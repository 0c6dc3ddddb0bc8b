// Scores (accuracy, R^2) from raw network outputs and min/median/max summaries,
// shared by every framework's runner. Imports src/estimators metrics only.

import { r2Score } from '../src/estimators/index.ts';
import type { Task } from './workloads.ts';

/** Accuracy (threshold 0.5 or argmax) or R^2 of `outputs` (rows x `units`, row-major) against `y`. */
export function scoreOutputs(task: Task, outputs: ArrayLike<number>, y: ArrayLike<number>, units: number): number {
  const n = y.length;
  if (task === 'regression')
    return r2Score(
      Float64Array.from(y),
      Float64Array.from({ length: n }, (_, i) => outputs[i * units] as number),
    );
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let label: number;
    if (task === 'binary') label = (outputs[i] as number) >= 0.5 ? 1 : 0;
    else {
      label = 0;
      for (let j = 1; j < units; j++)
        if ((outputs[i * units + j] as number) > (outputs[i * units + label] as number)) label = j;
    }
    if (label === y[i]) hits++;
  }
  return hits / n;
}

/** Smallest, median and largest of a sample. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** Min / median / max of at least one value (the median of an even count is the mean of the middle two). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { min: s[0] as number, median, max: s[s.length - 1] as number };
}

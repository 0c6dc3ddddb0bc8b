// Keras' confusion-matrix metrics: Precision and Recall at one threshold, and AUC over Keras' evenly spaced
// thresholds (ROC or PR curve, Riemann sums or the PR interpolation of Davis & Goadrich), accumulated over an
// epoch. Every output of every sample is one prediction, weighted by its sample's weight. Imports tensor only.

import { ShapeError, ValueError } from '../core/errors.ts';
import { among, bool, interval, nullable, validateParams } from '../core/param-validation.ts';
import type { Tensor } from '../tensor/tensor.ts';

// Keras' divide_no_nan.
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function checkShapes(name: string, yTrue: Tensor, yPred: Tensor): void {
  if (yTrue.size !== yPred.size)
    throw new ShapeError(
      `metric '${name}': yTrue has ${yTrue.size} values for yPred of shape [${yPred.shape}]; it needs a 0/1 label per output`,
    );
}

export interface ConfusionArgs {
  /** The prediction counts as positive above it (Keras: `y_pred > threshold`); 0.5 by default. */
  thresholds?: number | readonly [number];
  /** Only this output column is counted (Keras' class_id). */
  classId?: number;
  name?: string;
}

/** True positives, false positives and false negatives at one threshold. */
abstract class ConfusionCounts {
  readonly name: string;
  readonly thresholds: number;
  readonly classId: number | null;
  protected tp = 0;
  protected fp = 0;
  protected fn = 0;

  constructor(args: ConfusionArgs, name: string) {
    this.name = args.name ?? name;
    const t = Array.isArray(args.thresholds) && args.thresholds.length === 1 ? args.thresholds[0] : args.thresholds;
    // One threshold: a history holds one value per epoch.
    this.thresholds = t ?? 0.5;
    this.classId = args.classId ?? null;
    validateParams(this.name, this, {
      thresholds: interval('float', '(-inf, inf)'),
      classId: nullable(interval('int', '[0, inf)')),
    });
  }

  resetState(): void {
    this.tp = this.fp = this.fn = 0;
  }

  updateState(yTrue: Tensor, yPred: Tensor, sw: ArrayLike<number> | null): void {
    checkShapes(this.name, yTrue, yPred);
    const n = yPred.shape[0] as number;
    const k = yPred.size / Math.max(n, 1);
    const c = this.classId;
    if (c !== null && c >= k) throw new ValueError(`${this.name}: classId ${c} is not below the ${k} outputs`);
    for (let i = 0; i < n; i++) {
      const w = sw === null ? 1 : (sw[i] as number);
      for (let j = c ?? 0; j < (c === null ? k : c + 1); j++) {
        const pos = yTrue.data[i * k + j] !== 0;
        if ((yPred.data[i * k + j] as number) > this.thresholds) {
          if (pos) this.tp += w;
          else this.fp += w;
        } else if (pos) this.fn += w;
      }
    }
  }

  abstract result(): number;

  /** The options that rebuild this metric (Keras' get_config). */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      thresholds: this.thresholds,
      ...(this.classId === null ? {} : { classId: this.classId }),
    };
  }
}

/** tp / (tp + fp) over the epoch (Keras' Precision). */
export class Precision extends ConfusionCounts {
  constructor(args: ConfusionArgs = {}) {
    super(args, 'precision');
  }
  result(): number {
    return ratio(this.tp, this.tp + this.fp);
  }
}

/** tp / (tp + fn) over the epoch (Keras' Recall). */
export class Recall extends ConfusionCounts {
  constructor(args: ConfusionArgs = {}) {
    super(args, 'recall');
  }
  result(): number {
    return ratio(this.tp, this.tp + this.fn);
  }
}

export interface AUCArgs {
  /** Thresholds: -eps, (i + 1) / (n - 1) for i < n - 2, 1 + eps (Keras: 200). */
  numThresholds?: number;
  curve?: 'ROC' | 'PR';

  /** Predictions are logits: a sigmoid is applied first. */
  fromLogits?: boolean;
  name?: string;
}

/**
 * Keras' AUC: the area under the ROC or PR curve from confusion counts at `numThresholds` evenly spaced thresholds.
 * A prediction p (clipped to [0, 1]) falls in bucket max(ceil(p (n - 1)) - 1, 0), as Keras' optimised update
 * computes it, and counts as positive at every threshold up to its bucket.
 */
export class AUC {
  readonly name: string;
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';

  readonly fromLogits: boolean;
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;

  constructor(args: AUCArgs = {}) {
    this.name = args.name ?? 'auc';
    this.numThresholds = args.numThresholds ?? 200;
    this.curve = String(args.curve ?? 'ROC').toUpperCase() as 'ROC' | 'PR';
    this.fromLogits = args.fromLogits ?? false;
    validateParams(this.name, this, {
      numThresholds: interval('int', '[2, inf)'),
      curve: among('ROC', 'PR'),
      fromLogits: bool,
    });
    this.pos = new Float64Array(this.numThresholds);
    this.neg = new Float64Array(this.numThresholds);
  }

  resetState(): void {
    this.pos.fill(0);
    this.neg.fill(0);
  }

  /** The options that rebuild this metric (Keras' get_config). */
  getConfig(): Record<string, unknown> {
    const { name, numThresholds, curve, fromLogits } = this;
    return { name, numThresholds, curve, fromLogits };
  }

  updateState(yTrue: Tensor, yPred: Tensor, sw: ArrayLike<number> | null): void {
    checkShapes(this.name, yTrue, yPred);
    const n = yPred.shape[0] as number;
    const k = yPred.size / Math.max(n, 1);
    const last = this.numThresholds - 1;
    for (let q = 0; q < yPred.size; q++) {
      let p = yPred.data[q] as number;
      if (this.fromLogits) p = 1 / (1 + Math.exp(-p));
      p = Math.min(Math.max(p, 0), 1);
      const bucket = Math.max(Math.ceil(p * last) - 1, 0);
      const w = sw === null ? 1 : (sw[Math.floor(q / k)] as number);
      if (yTrue.data[q] !== 0) this.pos[bucket] += w;
      else this.neg[bucket] += w;
    }
  }

  result(): number {
    const m = this.numThresholds;
    // Counts at each threshold: a prediction is positive at thresholds 0..bucket.
    const tp = new Float64Array(m),
      fp = new Float64Array(m);
    for (let j = m - 1, a = 0, b = 0; j >= 0; j--) {
      a += this.pos[j] as number;
      b += this.neg[j] as number;
      tp[j] = a;
      fp[j] = b;
    }
    const P = tp[0] as number,
      N = fp[0] as number;
    const at = (a: Float64Array, i: number) => a[i] as number;
    let sum = 0;
    if (this.curve === 'PR') {
      for (let i = 0; i < m - 1; i++) {
        const dtp = at(tp, i) - at(tp, i + 1);
        const p0 = at(tp, i) + at(fp, i),
          p1 = at(tp, i + 1) + at(fp, i + 1);
        const slope = ratio(dtp, Math.max(p0 - p1, 0));
        const intercept = at(tp, i + 1) - slope * p1;
        const safe = p0 > 0 && p1 > 0 ? ratio(p0, Math.max(p1, 0)) : 1;
        // Keras divides by tp + fn at the next threshold: all the positives.
        sum += ratio(slope * (dtp + intercept * Math.log(safe)), P);
      }
      return sum;
    }
    // ROC: trapezoids under recall over the false positive rate.
    for (let i = 0; i < m - 1; i++)
      sum += ((ratio(at(fp, i), N) - ratio(at(fp, i + 1), N)) * (ratio(at(tp, i), P) + ratio(at(tp, i + 1), P))) / 2;
    return sum;
  }
}

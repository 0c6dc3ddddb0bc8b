// MaxAbsScaler: each column divided by its largest absolute value (scikit-learn 1.2.1, with partialFit).
// Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { FLOAT64_EPS as EPS } from '../../core/numeric.ts';
import { registerBuiltIn } from '../base.ts';
import {
  BaseTransformer,
  type TableX,
  featureNamesIn,
  numberArray,
  readMatrix,
  setFeatureNamesIn,
  scaleColumns,
  validateParams,
} from './transformer.ts';

/**
 * scikit-learn's MaxAbsScaler: `x / scale_`, with `scale_` each column's largest absolute value
 * (columns of zeros: 1), so the data lands in [-1, 1] without being shifted (sparsity is kept).
 *
 * @example
 * new MaxAbsScaler().fitTransform([[1, -10], [2, 5]]); // [[0.5, -1], [1, 0.5]]
 */
export class MaxAbsScaler extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({});
  /** Per-column largest absolute value. */
  declare maxAbs_: number[];
  /** Per-column scale (maxAbs_, or 1 where it is 0). */
  declare scale_: number[];
  declare nSamplesSeen_: number;
  declare nFeaturesIn_: number;
  declare featureNamesIn_?: string[];

  constructor(params: Record<string, never> = {}) {
    super(params);
  }

  /** Computes each column's largest absolute value (forgetting any earlier fit). */
  fit(X: TableX, _y?: unknown): this {
    delete (this as Record<string, unknown>).nSamplesSeen_;
    return this.partialFit(X);
  }

  /** Updates the running largest absolute values with one more batch. */
  partialFit(X: TableX, _y?: unknown): this {
    validateParams(this, {});
    const name = this.constructor.name;
    const first = this.nSamplesSeen_ === undefined;
    const { data, n, d, names } = readMatrix(X, name, first ? undefined : this);
    if (first) setFeatureNamesIn(this, names);
    const maxAbs = first ? new Array<number>(d).fill(0) : this.maxAbs_.slice();
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) maxAbs[j] = Math.max(maxAbs[j] as number, Math.abs(data[i * d + j] as number));
    this.maxAbs_ = maxAbs;
    // scikit-learn's _handle_zeros_in_scale: values below 10 eps divide by 1.
    this.scale_ = maxAbs.map((m) => (m < 10 * EPS ? 1 : m));
    this.nSamplesSeen_ = first ? n : this.nSamplesSeen_ + n;
    this.nFeaturesIn_ = d;
    return this;
  }

  /** `x / scale_`. */
  transform(X: TableX): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    return scaleColumns(this, X, null, this.scale_, { fitted: this });
  }

  fitTransform(X: TableX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** Undoes `transform`: `x * scale_`. */
  inverseTransform(X: TableX): number[][] {
    this.checkIsFitted('nSamplesSeen_');
    return scaleColumns(this, X, null, this.scale_, { inverse: true });
  }

  /** The input names (one output per input column). */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('nSamplesSeen_');
    return featureNamesIn(this, inputFeatures);
  }

  protected isFitted(): boolean {
    return this.nSamplesSeen_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return {
      maxAbs_: this.maxAbs_,
      scale_: this.scale_,
      nSamplesSeen_: this.nSamplesSeen_,
      nFeaturesIn_: this.nFeaturesIn_,
    };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['maxAbs_', 'scale_', 'nSamplesSeen_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (!Number.isInteger(s.nSamplesSeen_) || (s.nSamplesSeen_ as number) < 1)
      throw new ValueError(`fromJSON: nSamplesSeen_ must be a positive integer; got ${describe(s.nSamplesSeen_)}`);
    this.nFeaturesIn_ = d as number;
    this.nSamplesSeen_ = s.nSamplesSeen_ as number;
    this.maxAbs_ = numberArray('maxAbs_', s.maxAbs_, d as number);
    this.scale_ = numberArray('scale_', s.scale_, d as number);
  }
}

registerBuiltIn(MaxAbsScaler, 'MaxAbsScaler');

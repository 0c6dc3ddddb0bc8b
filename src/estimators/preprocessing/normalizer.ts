// Normalizer: each sample (row) scaled to unit l1, l2 or max norm (scikit-learn 1.2.1's `normalize`).
// Stateless apart from the input's shape. Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { FLOAT64_EPS as EPS } from '../../core/numeric.ts';
import { among } from '../../core/param-validation.ts';
import { registerBuiltIn } from '../base.ts';
import {
  BaseTransformer,
  type TableX,
  featureNamesIn,
  readMatrix,
  setFeatureNamesIn,
  toRows,
  validateParams,
} from './transformer.ts';

/** Normalizer's parameters. */
export type NormalizerParams = { norm?: 'l1' | 'l2' | 'max' };

/**
 * scikit-learn's Normalizer: every row divided by its norm ('l2': Euclidean, 'l1': sum of absolute
 * values, 'max': largest absolute value); rows of zeros stay zeros. `fit` only records the number of
 * columns; there is no inverse.
 *
 * @example
 * new Normalizer().fitTransform([[3, 4], [0, 0]]); // [[0.6, 0.8], [0, 0]]
 */
export class Normalizer extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    norm: 'l2' as 'l1' | 'l2' | 'max',
  });
  declare norm: 'l1' | 'l2' | 'max';
  declare nFeaturesIn_: number;
  declare featureNamesIn_?: string[];

  constructor(params: NormalizerParams = {}) {
    super(params);
  }

  /** Checks the parameters and records the number of columns (nothing is learnt). */
  fit(X: TableX, _y?: unknown): this {
    validateParams(this, { norm: among('l1', 'l2', 'max') });
    const { d, names } = readMatrix(X, this.constructor.name);
    this.nFeaturesIn_ = d;
    setFeatureNamesIn(this, names);
    return this;
  }

  /** Each row divided by its norm (norms below 10 eps count as 1). */
  transform(X: TableX): number[][] {
    this.checkIsFitted('nFeaturesIn_');
    const { data, n, d } = readMatrix(X, this.constructor.name, this);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let norm = 0;
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j] as number;
        if (this.norm === 'l2') norm += v * v;
        else if (this.norm === 'l1') norm += Math.abs(v);
        else norm = Math.max(norm, Math.abs(v));
      }
      if (this.norm === 'l2') norm = Math.sqrt(norm);
      // scikit-learn's _handle_zeros_in_scale.
      if (norm < 10 * EPS) norm = 1;
      for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j] as number) / norm;
    }
    return toRows(out, n, d);
  }

  fitTransform(X: TableX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** The input names (one output per input column). */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('nFeaturesIn_');
    return featureNamesIn(this, inputFeatures);
  }

  protected isFitted(): boolean {
    return this.nFeaturesIn_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['nFeaturesIn_']);
    if (!Number.isInteger(s.nFeaturesIn_) || (s.nFeaturesIn_ as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(s.nFeaturesIn_)}`);
    this.nFeaturesIn_ = s.nFeaturesIn_ as number;
  }
}

registerBuiltIn(Normalizer, 'Normalizer');

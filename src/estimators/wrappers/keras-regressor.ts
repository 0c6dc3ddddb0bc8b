// SciKeras' KerasRegressor: numeric targets with one or several outputs, R^2 score.
// Imports src/core, tensor, metrics, utils and the base wrapper.
import { ValueError, describe } from '../../core/errors.ts';
import { checkY, type CheckedY, type XLike, type YLike } from '../utils/validation.ts';
import { RegressorTargetEncoder, type TargetEncoder } from './encoders.ts';
import { r2Score } from '../metrics/index.ts';
import { BaseWrapper, type WrapperParams, type WrapperPredictOptions } from './base-wrapper.ts';
import { scoreArgs } from './routing.ts';
import { registerEstimator, type EstimatorType } from '../base.ts';

/**
 * SciKeras' KerasRegressor: numeric targets, one or several outputs;
 * `score` is R^2.
 */
export class KerasRegressor extends BaseWrapper {
  static override readonly estimatorType: EstimatorType | null = 'regressor';

  constructor(params: WrapperParams = {}) {
    super(params);
  }

  /** The transformer for y (SciKeras's `target_encoder`): a RegressorTargetEncoder; override it for other targets. */
  override get targetEncoder(): TargetEncoder {
    return new RegressorTargetEncoder({ dtype: this.floatType() });
  }

  protected override checkTargets(y: CheckedY): void {
    if (y.kind !== 'number')
      throw new ValueError(
        `${this.constructor.name} requires numeric targets; got ${y.kind} values such as ${describe((y.values as unknown[])[0])}.`,
      );
  }

  /** Predictions: number[] for a 1-D y, number[][] for a 2-D one (Keras predict arguments in `options`). */
  override predict(X: XLike, options: WrapperPredictOptions = {}): number[] | number[][] {
    const raw = this.rawPredict(X, options);
    return this.targetEncoder_.inverseTransform(raw) as number[] | number[][];
  }

  /** R^2 (uniform average over outputs), with optional sample weights. */
  score(X: XLike, y: YLike, options: { sampleWeight?: ArrayLike<number> } = {}): number {
    const yc = checkY(y, { estimator: this.constructor.name, numericOnly: true });
    const pred = this.predict(X);
    const args = {
      ...scoreArgs(this.getParams(), ['multioutput', 'forceFinite']),
      ...(options.sampleWeight === undefined ? {} : { sampleWeight: Array.from(options.sampleWeight) }),
    };
    return r2Score(yc.values as number[], pred as number[], args) as number;
  }
}

registerEstimator(KerasRegressor, 'KerasRegressor');

// SciKeras' KerasRegressor: numeric targets with one or several outputs, R^2 score.
// Imports src/core, tensor, metrics, utils and the base wrapper.
import { ValueError, describe } from '../../core/errors.ts';
import { checkY, type CheckedY, type XLike, type YLike } from '../utils/validation.ts';
import { RegressorTargetEncoder, type TargetEncoder } from './encoders.ts';
import { r2Score } from '../metrics/index.ts';
import {
  BaseWrapper,
  type KerasParams,
  type WrapperFitOptions,
  type WrapperParams,
  type WrapperPredictOptions,
} from './base-wrapper.ts';
import type { RegressorBuildArgs } from './build.ts';
import type { RegressorOutput, TargetFor } from '../utils/prediction-types.ts';
import type { AsyncFitOptions } from '../utils/fit-driver.ts';
import { scoreArgs } from './routing.ts';
import { registerBuiltIn, type EstimatorType } from '../base.ts';

/**
 * Typed `fit` / `fitAsync` (interface merging, no run-time code). The class's type parameters: P, what
 * predict returns (`number[]` for a 1-D y, `new KerasRegressor<number[][]>(...)` for several outputs), and A,
 * its build function's argument, inferred from `model` (typed user parameters).
 */
export interface KerasRegressor<P extends RegressorOutput = number[], A extends object = RegressorBuildArgs> {
  fit(X: XLike, y: TargetFor<P>, options?: WrapperFitOptions): this;
  fitAsync(X: XLike, y: TargetFor<P>, options?: WrapperFitOptions & AsyncFitOptions): Promise<this>;
}

/**
 * SciKeras' KerasRegressor: numeric targets, one or several outputs;
 * `score` is R^2.
 */
export class KerasRegressor<
  P extends RegressorOutput = number[],
  A extends object = RegressorBuildArgs,
> extends BaseWrapper {
  static override readonly estimatorType: EstimatorType | null = 'regressor';

  constructor(params?: KerasParams<A>) {
    super((params ?? {}) as WrapperParams);
  }

  /** Exactly one epoch from the current state, initialising on the first call. */
  override partialFit(
    X: XLike,
    y: TargetFor<P>,
    options: { sampleWeight?: ArrayLike<number> | null } & Record<string, unknown> = {},
  ): this {
    return super.partialFit(X, y, options);
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
  override predict(X: XLike, options: WrapperPredictOptions = {}): P {
    const raw = this.rawPredict(X, options);
    return this.targetEncoder_.inverseTransform(raw) as P;
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

registerBuiltIn(KerasRegressor, 'KerasRegressor');

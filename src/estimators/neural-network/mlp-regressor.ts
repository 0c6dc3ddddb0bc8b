// scikit-learn's MLPRegressor: a KerasRegressor built through `_kerasBuildFn` (half squared error, identity
// output); the numerics and bookkeeping are the shared MLPCore's.
// Imports src/core, tensor, nn, metrics, utils, the wrappers and the neural-network modules.

import type { Tensor } from '../../tensor/tensor.ts';
import type { Sequential } from '../../nn/sequential.ts';
import { registerBuiltIn } from '../base.ts';
import { r2Score } from '../metrics/regression.ts';
import type { CheckedY, XLike, YLike } from '../utils/validation.ts';
import { KerasRegressor } from '../wrappers/keras-regressor.ts';
import type { TrainSteps } from '../wrappers/fit-steps.ts';
import type { MLPTargetFor, RegressorOutput } from '../utils/prediction-types.ts';
import type { AsyncFitOptions } from '../utils/fit-driver.ts';
import { MLP_DEFAULTS, validateMLPParams, type MLPConfig, type MLPParams } from './params.ts';
import { readSklearnAttributes, type FromSklearnOptions, type SklearnMLPAttributes } from './from-sklearn.ts';
import { MLPCore, checkPartialFit, ravelColumn, type MLPFitted, type MLPParamMembers } from './mlp-core.ts';

/**
 * scikit-learn's parameters and fitted attributes, declared for the type checker (interface merging: no
 * runtime fields). P is what predict returns: `number[]` for a 1-D y, `new MLPRegressor<number[][]>()` for
 * several outputs; fit takes the y that goes with it.
 */
export interface MLPRegressor<P extends RegressorOutput = number[]> extends MLPParamMembers, MLPFitted {
  fit(X: XLike, y: MLPTargetFor<P>, options?: { sampleWeight?: ArrayLike<number> | null }): this;
  fitAsync(
    X: XLike,
    y: MLPTargetFor<P>,
    options?: { sampleWeight?: ArrayLike<number> | null } & AsyncFitOptions,
  ): Promise<this>;
}

/**
 * scikit-learn's MLPRegressor: half squared error with an identity output,
 * same parameters, defaults, fitted attributes and numerics.
 *
 * @example
 * const reg = new MLPRegressor({ hiddenLayerSizes: [50], maxIter: 500, randomState: 0 }).fit(Xtrain, yTrain);
 * reg.score(Xtest, yTest); // R^2
 */
export class MLPRegressor<P extends RegressorOutput = number[]> extends KerasRegressor<P> {
  static override readonly defaults: Readonly<Record<string, unknown>> = MLP_DEFAULTS;
  static override readonly acceptsExtraParams: boolean = false;
  // scikit-learn's MLPs route nothing and take no Keras fit arguments: such keys are refused, not ignored.
  static override readonly routingPrefixes: readonly string[] = [];
  static override readonly fitArguments: readonly string[] = [];
  // scikit-learn's verbose is no Keras predict argument; batchSize 'auto' predicts all rows at once.
  static override readonly predictParams: readonly string[] = ['batchSize'];
  private readonly _mlp = new MLPCore();

  constructor(params: MLPParams = {}) {
    super(params);
  }

  /**
   * A fitted estimator from scikit-learn's fitted attributes, without training (the README shows the
   * Python snippet that writes them). predict / predictProba / score then equal scikit-learn's (float64:
   * to ~1e-15); nIter_, loss_, coefs_, intercepts_ are set. The attributes decide the outputs, so predict is
   * typed `number[] | number[][]` unless you say which: `MLPRegressor.fromSklearn<number[][]>(attrs)`.
   */
  static fromSklearn<P extends RegressorOutput = RegressorOutput>(
    this: new (p: MLPParams) => MLPRegressor<P>,
    attrs: SklearnMLPAttributes | string,
    options: FromSklearnOptions = {},
  ): MLPRegressor<P> {
    const s = readSklearnAttributes(attrs, 'regressor', options);
    const est = new this(s.params).initialize(s.X, s.y);
    est._mlp.adopt(est, s, est.config().solver);
    return est;
  }

  /** The validated parameters. */
  private config(): MLPConfig {
    return validateMLPParams(this.constructor.name, this);
  }

  protected override checkFitInput(y: YLike, incremental: boolean): YLike {
    const p = this.config();
    if (incremental) checkPartialFit(p);
    return ravelColumn(y);
  }

  protected override fitEncoders(Xt: Tensor, y: CheckedY): void {
    super.fitEncoders(Xt, y);
    this.outActivation_ = 'identity';
  }

  /** The network scikit-learn would train, from this estimator's parameters. */
  override _kerasBuildFn(): Sequential {
    return this._mlp.build(this.config(), this.nFeaturesIn_, this.nOutputs_, 'identity');
  }

  protected override *train(
    Xt: Tensor,
    yc: CheckedY,
    sw: Float64Array | null,
    _kw: Record<string, unknown>,
    incremental: boolean,
  ): TrainSteps {
    const yEnc = this.targetEncoder_.transform(yc.values) as Tensor;
    const score = (Xv: Tensor, rows: readonly number[]): number => {
      const pred = this.targetEncoder_.inverseTransform(this.model_.predict(Xv));
      const truth = rows.map((i) => (yc.values as unknown[])[i]);
      return r2Score(truth as number[], pred as number[]) as number;
    };
    yield* this._mlp.train(this, this.config(), {
      X: Xt,
      y: yEnc,
      sampleWeight: sw,
      incremental,
      rng: this._rng,
      strata: null,
      score,
    });
  }

  get coefs_(): number[][][] {
    return this._mlp.coefs(this);
  }
  set coefs_(v: number[][][]) {
    this._mlp.setWeights(this, v, 'coefs');
  }
  get intercepts_(): number[][] {
    return this._mlp.intercepts(this);
  }
  set intercepts_(v: number[][]) {
    this._mlp.setWeights(this, v, 'intercepts');
  }

  protected override extraState(): Record<string, unknown> {
    return this._mlp.toJSON(this);
  }
  protected override loadExtraState(j: Record<string, unknown>): void {
    this._mlp.loadJSON(this, j);
  }
}

registerBuiltIn(MLPRegressor, 'MLPRegressor');

// scikit-learn's MLPClassifier: a KerasClassifier built through `_kerasBuildFn`, so encoders, validation,
// JSON and clone are the wrapper's; the numerics and bookkeeping are the shared MLPCore's.
// Imports src/core, tensor, nn, metrics, utils, the wrappers and the neural-network modules.

import { ValueError, describe } from '../../core/errors.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { Sequential } from '../../nn/sequential.ts';
import { registerBuiltIn } from '../base.ts';
import { accuracyScore } from '../metrics/classification.ts';
import { uniqueLabels, type Label, type LabelArray } from '../utils/multiclass.ts';
import type { CheckedY, XLike, YLike } from '../utils/validation.ts';
import { KerasClassifier } from '../wrappers/keras-classifier.ts';
import type { ClassifierLabelEncoder } from '../wrappers/encoders.ts';
import type { TrainSteps } from '../wrappers/fit-steps.ts';
import type { ClassesOf, ClassifierOutput, MLPTargetFor } from '../utils/prediction-types.ts';
import type { AsyncFitOptions } from '../utils/fit-driver.ts';
import { MLP_DEFAULTS, validateMLPParams, type MLPConfig, type MLPParams } from './params.ts';
import { readSklearnAttributes, type FromSklearnOptions, type SklearnMLPAttributes } from './from-sklearn.ts';
import { MLPCore, checkPartialFit, ravelColumn, type MLPFitted, type MLPParamMembers } from './mlp-core.ts';

/**
 * scikit-learn's parameters and fitted attributes, declared for the type checker (interface merging: no
 * runtime fields). P is what predict returns: labels of y's type (`Label[]`; `new MLPClassifier<string[]>()`
 * for string labels) or `number[][]` for a multilabel y; fit takes the y that goes with it.
 */
export interface MLPClassifier<P extends ClassifierOutput = Label[]> extends MLPParamMembers, MLPFitted {
  /** The classes seen at fit, sorted, in y's type (a multilabel y: the column indices). */
  classes_: ClassesOf<P>;
  nClasses_: number;
  fit(X: XLike, y: MLPTargetFor<P>, options?: { sampleWeight?: ArrayLike<number> | null }): this;
  fitAsync(
    X: XLike,
    y: MLPTargetFor<P>,
    options?: { sampleWeight?: ArrayLike<number> | null } & AsyncFitOptions,
  ): Promise<this>;
}

/**
 * scikit-learn's MLPClassifier: same parameters (camelCase), defaults,
 * fitted attributes and numerics (solver 'adam', 'sgd' or 'lbfgs'; 'rmsprop'
 * beyond scikit-learn).
 *
 * @example
 * const clf = new MLPClassifier({ hiddenLayerSizes: [100], randomState: 0 }).fit(Xtrain, yTrain);
 * clf.score(Xtest, yTest);
 */
export class MLPClassifier<P extends ClassifierOutput = Label[]> extends KerasClassifier<P> {
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
   * to ~1e-15); nIter_, loss_, coefs_, intercepts_, classes_ are set. The attributes decide the label type
   * and whether the targets are multilabel, so predict is typed `Label[] | number[][]` unless you say which:
   * `MLPClassifier.fromSklearn<string[]>(attrs)`.
   */
  static fromSklearn<P extends ClassifierOutput = ClassifierOutput>(
    this: new (p: MLPParams) => MLPClassifier<P>,
    attrs: SklearnMLPAttributes | string,
    options: FromSklearnOptions = {},
  ): MLPClassifier<P> {
    const s = readSklearnAttributes(attrs, 'classifier', options);
    const est = new this(s.params).initialize(s.X, s.y);
    est._mlp.adopt(est, s, est.config().solver);
    return est;
  }

  /** The validated parameters. */
  private config(): MLPConfig {
    return validateMLPParams(this.constructor.name, this);
  }

  protected override checkFitInput(y: YLike, incremental: boolean, options: Record<string, unknown>): YLike {
    const p = this.config();
    if (incremental) checkPartialFit(p);
    y = ravelColumn(y);
    const labels = Array.isArray(y) && !Array.isArray(y[0]) ? (y as LabelArray) : null;
    if (incremental) {
      if (!this.initialized_ && options.classes === undefined && labels !== null)
        throw new ValueError('classes must be passed on the first call to partialFit.');
      if (this.initialized_ && this.classes_ !== null && labels !== null) {
        const known = new Set(this.classes_);
        const seen = uniqueLabels(labels);
        if (seen.some((l) => !known.has(l))) {
          throw new ValueError(
            `\`y\` has classes not in \`self.classes_\`. \`self.classes_\` has ${describe(this.classes_)}. 'y' has ${describe(seen)}.`,
          );
        }
      }
    } else if (
      p.warmStart &&
      this.initialized_ &&
      this.classes_ !== null &&
      this.targetType_ !== 'multilabel-indicator'
    ) {
      const seen = labels === null ? [] : uniqueLabels(labels);
      const prev = this.classes_;
      if (seen.length > 0 && (seen.length !== prev.length || seen.some((c, i) => c !== prev[i]))) {
        throw new ValueError(
          `warmStart can only be used where \`y\` has the same classes as in the previous ` +
            `call to fit. Previously got ${describe(prev)}, \`y\` has ${describe(seen)}`,
        );
      }
    }
    return y;
  }

  protected override fitEncoders(Xt: Tensor, y: CheckedY): void {
    super.fitEncoders(Xt, y);
    const t = this.targetType_;
    if (t === 'multiclass-multioutput' || t === 'continuous' || t === 'continuous-multioutput') {
      throw new ValueError(
        `Unknown label type: ${t}. MLPClassifier supports binary, multiclass and multilabel-indicator targets.`,
      );
    }
    // scikit-learn has no one-hot target type: rows that happen to sum to 1 are multilabel-indicator,
    // trained with one logistic output per column like any other indicator matrix.
    const encoder = this.targetEncoder_ as ClassifierLabelEncoder;
    if (encoder.targetType_ === 'multiclass-onehot') encoder.targetType_ = 'multilabel-indicator';
    const k = this.nClasses_ as number;
    this.outActivation_ = t === 'multiclass' ? 'softmax' : 'logistic';
    this.nOutputs_ = t === 'multilabel-indicator' || this.outActivation_ === 'softmax' ? k : 1;
  }

  /** The network scikit-learn would train, from this estimator's parameters. */
  override _kerasBuildFn(): Sequential {
    return this._mlp.build(this.config(), this.nFeaturesIn_, this.nOutputs_, this.outActivation_);
  }

  protected override *train(
    Xt: Tensor,
    yc: CheckedY,
    sw: Float64Array | null,
    _kw: Record<string, unknown>,
    incremental: boolean,
  ): TrainSteps {
    const yEnc = this.targetEncoder_.transform(yc.values) as Tensor;
    // Early stopping holds out a stratified split for single-label targets (not multilabel).
    const strata = this.targetType_ === 'multilabel-indicator' ? null : yEnc.data;
    const score = (Xv: Tensor, rows: readonly number[]): number => {
      const labels = this.targetEncoder_.inverseTransform(this.model_.predict(Xv));
      const truth = rows.map((i) => (yc.values as unknown[])[i]);
      return accuracyScore(truth as number[], labels as number[]);
    };
    yield* this._mlp.train(this, this.config(), {
      X: Xt,
      y: yEnc,
      sampleWeight: sw,
      incremental,
      rng: this._rng,
      strata,
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

  /** Natural log of predictProba. */
  predictLogProba(X: XLike): number[][] {
    return this.predictProba(X).map((r) => r.map(Math.log));
  }

  protected override extraState(): Record<string, unknown> {
    return this._mlp.toJSON(this);
  }
  protected override loadExtraState(j: Record<string, unknown>): void {
    this._mlp.loadJSON(this, j);
  }
}

registerBuiltIn(MLPClassifier, 'MLPClassifier');

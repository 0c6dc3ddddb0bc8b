// SciKeras' KerasClassifier: labels of any type (through its target encoder), class weights, predictProba.
// Imports src/core, tensor, metrics, utils and the base wrapper.
import { ValueError, describe } from '../../core/errors.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { isRecord, optionsOf } from '../../core/objects.ts';
import { registerBuiltIn, type EstimatorType } from '../base.ts';
import { checkY, typeOfCheckedTarget, type CheckedY, type XLike, type YLike } from '../utils/validation.ts';
import { uniqueLabels, type Label, type TargetType } from '../utils/multiclass.ts';
import { ClassifierLabelEncoder, type TargetEncoder } from './encoders.ts';
import { accuracyScore } from '../metrics/index.ts';
import {
  BaseWrapper,
  WRAPPER_DEFAULTS,
  type KerasParams,
  type WrapperFitOptions,
  type WrapperOwnParams,
  type WrapperParams,
  type WrapperPredictOptions,
} from './base-wrapper.ts';
import type { ClassifierBuildArgs, UserParams } from './build.ts';
import type { ClassesOf, ClassifierOutput, ElementOf, TargetFor } from '../utils/prediction-types.ts';
import type { AsyncFitOptions } from '../utils/fit-driver.ts';
import { FIT_PARAMS, scoreArgs } from './routing.ts';

export const CLASSIFIER_DEFAULTS: Readonly<WrapperParams> = Object.freeze({ ...WRAPPER_DEFAULTS, classWeight: null });

/** KerasClassifier's own parameters: the wrapper's and `classWeight`. */
export interface ClassifierOwnParams extends WrapperOwnParams {
  classWeight?: Record<string, number> | 'balanced' | null;
}

/** null where a 2-D y may be multiclass-multioutput (no classes_ for it), else nothing. */
type NullFor2D<P> = P extends number[][] ? null : never;
/** `classes_` of a KerasClassifier predicting P (null for a multiclass-multioutput y, which it cannot predict). */
export type KerasClassesOf<P> = ClassesOf<P> | NullFor2D<P>;

/**
 * Typed `fit` / `fitAsync`: the y a classifier predicting P is fitted on (interface merging, no run-time code).
 * The class's type parameters: P, what predict returns (labels of y's type for a 1-D y: `Label[]`, or
 * `new KerasClassifier<string[]>(...)`; `number[][]` for a multilabel y), and A, its build function's
 * argument, inferred from `model` (typed user parameters).
 */
export interface KerasClassifier<
  P extends ClassifierOutput = Label[],
  A extends object = ClassifierBuildArgs<UserParams, P>,
> {
  fit(X: XLike, y: TargetFor<P>, options?: WrapperFitOptions): this;
  fitAsync(X: XLike, y: TargetFor<P>, options?: WrapperFitOptions & AsyncFitOptions): Promise<this>;
}

/**
 * SciKeras' KerasClassifier: labels of any type in, the same type out;
 * `predictProba` gives class probabilities (binary: [1 - p, p]).
 *
 * @example
 * function getClfModel({ hiddenLayerSizes, meta, compileKwargs }: ClassifierBuildArgs<{ hiddenLayerSizes: number[] }>) { ... }
 * const clf = new KerasClassifier({
 *   model: getClfModel, loss: 'sparse_categorical_crossentropy', hiddenLayerSizes: [100],
 *   optimizer: 'adam', optimizer__learningRate: 0.001, epochs: 50, verbose: 0,
 * });
 * clf.fit(X, y).score(X, y);
 */
export class KerasClassifier<
  P extends ClassifierOutput = Label[],
  A extends object = ClassifierBuildArgs<UserParams, P>,
> extends BaseWrapper {
  static override readonly defaults: Readonly<Record<string, unknown>> = CLASSIFIER_DEFAULTS;
  static override readonly estimatorType: EstimatorType | null = 'classifier';
  // classWeight becomes sample weights here, so it is no Keras fit argument (SciKeras's _fit_kwargs).
  static override readonly fitParams: readonly string[] = FIT_PARAMS.filter((k) => k !== 'classWeight');
  declare classWeight: Record<string, number> | 'balanced' | null;
  /** The classes seen at fit, sorted, in y's type. */
  declare classes_: KerasClassesOf<P>;
  declare nClasses_: number | NullFor2D<P>;

  constructor(params?: KerasParams<A, ClassifierOwnParams>) {
    super((params ?? {}) as WrapperParams);
  }

  /**
   * The transformer for y (SciKeras's `target_encoder`): a ClassifierLabelEncoder knowing the loss (categorical
   * cross-entropy trains on one-hot rows) and partialFit's classes. Override it to support other targets; it must
   * accept `{ returnProba: true }` in `inverseTransform` for predictProba.
   */
  override get targetEncoder(): TargetEncoder {
    return new ClassifierLabelEncoder({
      loss: this.loss,
      categories: this.classes_ == null ? 'auto' : this.classes_,
      dtype: this.floatType(),
    });
  }

  /** One epoch; `classes` on the first call fixes the label set (labels not yet seen included). */
  override partialFit(
    X: XLike,
    y: TargetFor<P>,
    options: { sampleWeight?: ArrayLike<number> | null; classes?: readonly ElementOf<P>[] } & Record<
      string,
      unknown
    > = {},
  ): this {
    options = optionsOf('partialFit', options);
    const known = this.initialized_ ? (this.classes_ as Label[] | null) : null;
    if (options.classes !== undefined && known !== null) {
      const given = Array.from(new Set(options.classes as readonly Label[])).sort();
      const have = known.slice().sort();
      if (given.length !== have.length || given.some((c, i) => c !== have[i]))
        throw new ValueError(
          `\`classes=${describe(options.classes)}\` is not the same as on the first call to partialFit. Was: ${describe(known)}`,
        );
    }
    return super.partialFit(X, y, options);
  }

  /** SciKeras: the classes of partialFit's first call (null for fit) are the target encoder's categories. */
  protected override initializeFrom(Xt: Tensor, yc: CheckedY, classes: Label[] | null): void {
    this.classes_ = classes as KerasClassesOf<P>;
    super.initializeFrom(Xt, yc, classes);
  }

  /** scikit-learn's type of y; a binary-looking y with more than two classes given is multiclass. */
  protected override typeOfTarget(y: CheckedY): TargetType {
    const tt = typeOfCheckedTarget(y);
    const classes = this.classes_;
    return classes != null && tt === 'binary' && new Set(classes).size > 2 ? 'multiclass' : tt;
  }

  protected override adjustSampleWeight(sw: Float64Array | null, y: CheckedY): Float64Array | null {
    const cw = this.classWeight;
    if (cw === null || cw === undefined) return sw;
    if (y.ndim !== 1) throw new ValueError('classWeight is only supported for 1-D targets (binary or multiclass)');
    const labels = y.values as Label[];
    const n = labels.length;
    const w = new Float64Array(n);
    if (cw === 'balanced') {
      const counts = new Map<Label, number>();
      for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
      for (let i = 0; i < n; i++) w[i] = n / (counts.size * (counts.get(labels[i] as Label) as number));
    } else if (isRecord(cw)) {
      // scikit-learn's compute_class_weight: keys that are no class are an error when some class has no key.
      const present = uniqueLabels(labels as Parameters<typeof uniqueLabels>[0]);
      const unweighted = present.filter((l) => !Object.prototype.hasOwnProperty.call(cw, String(l)));
      if (unweighted.length > 0 && present.length - unweighted.length !== Object.keys(cw).length) {
        throw new ValueError(`The classes, ${describe(unweighted)}, are not in classWeight`);
      }
      for (let i = 0; i < n; i++) {
        const key = String(labels[i]);
        const v = Object.prototype.hasOwnProperty.call(cw, key) ? cw[key] : 1;
        if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
          throw new ValueError(`classWeight['${key}'] must be a finite number >= 0. Got ${describe(v)} instead.`);
        w[i] = v;
      }
    } else
      throw new ValueError(
        `The 'classWeight' parameter of ${this.constructor.name} must be 'balanced', ` +
          `an object mapping labels to weights, or null. Got ${describe(cw)} instead.`,
      );
    if (sw !== null) for (let i = 0; i < n; i++) w[i] = (w[i] as number) * (sw[i] as number);
    return w;
  }

  /** Labels, in the type y had at fit (rows of 0/1 for a multilabel y; Keras predict arguments in `options`). */
  override predict(X: XLike, options: WrapperPredictOptions = {}): P {
    const raw = this.rawPredict(X, options);
    return this.targetEncoder_.inverseTransform(raw) as P;
  }

  /** Class probabilities, one row per sample (binary: [1 - p, p]); Keras predict arguments in `options`. */
  predictProba(X: XLike, options: WrapperPredictOptions = {}): number[][] {
    const raw = this.rawPredict(X, options);
    return this.targetEncoder_.inverseTransform(raw, { returnProba: true }) as number[][];
  }

  /** Accuracy (exact match for multilabel), with optional sample weights. */
  score(X: XLike, y: YLike, options: { sampleWeight?: ArrayLike<number> } = {}): number {
    const yc = checkY(y, { estimator: this.constructor.name });
    const pred = this.predict(X);
    const args = {
      ...scoreArgs(this.getParams(), ['normalize']),
      ...(options.sampleWeight === undefined ? {} : { sampleWeight: Array.from(options.sampleWeight) }),
    };
    return accuracyScore(yc.values as Label[] as number[], pred as number[], args);
  }
}

registerBuiltIn(KerasClassifier, 'KerasClassifier');

// The wrappers' default encoders, scikit-learn-style transformers as SciKeras's (ClassifierLabelEncoder,
// RegressorTargetEncoder, and the identity its FunctionTransformer() is): labels of any type to the numbers
// a model trains on and model outputs back to labels, with `getMetadata()` for the wrapper's `meta`. A
// subclass of KerasClassifier / KerasRegressor overrides `targetEncoder` / `featureEncoder` to return its
// own. Imports src/core, tensor, the estimators' base, preprocessing's base and utils.

import { ArgumentError, ValueError, describe } from '../../core/errors.ts';
import { isRecord, pickKeys } from '../../core/objects.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { tensor } from '../../tensor/create.ts';
import {
  BaseEstimator,
  estimatorJSON,
  readEstimatorJSON,
  registerEstimator,
  type EstimatorJSON,
  type EstimatorType,
} from '../base.ts';
import { checkY, typeOfCheckedTarget, type CheckedY } from '../utils/validation.ts';
import { uniqueLabels, type Label, type LabelArray, type TargetType } from '../utils/multiclass.ts';
import { isCategoricalLoss } from './compile-args.ts';
import { paramsFromJSON, paramsToJSON } from './serialization.ts';

/** A target encoder: fitted on y; `transform` gives what the model trains on, `inverseTransform` labels. */
export interface TargetEncoder {
  fit(y: unknown): unknown;
  transform(y: unknown): unknown;
  /** Labels from the model's outputs; with `returnProba`, probabilities (KerasClassifier's predictProba). */
  inverseTransform(yPred: Tensor, options?: { returnProba?: boolean }): unknown;
  /** Meta attributes (ending in `_`) the wrapper sets on itself and adds to `meta`. */
  getMetadata?(): Record<string, unknown>;
}

/** A feature encoder: fitted on the validated X (a Tensor), `transform` gives what the model takes. */
export interface FeatureEncoder {
  fit(X: Tensor): unknown;
  transform(X: Tensor): unknown;
  getMetadata?(): Record<string, unknown>;
}

type FloatType = 'float32' | 'float64';

/** The encoders' JSON: parameters JSON can hold (the rest listed as omitted) and the fitted state. */
abstract class Encoder extends BaseEstimator {
  static override readonly estimatorType: EstimatorType | null = 'transformer';
  abstract fit(y: unknown): this;
  abstract transform(y: unknown): unknown;

  /** Fits, then transforms the same data (scikit-learn's TransformerMixin). */
  fitTransform(y: unknown): unknown {
    return this.fit(y).transform(y);
  }
  /** The fitted state as JSON values, or null before fit. */
  protected abstract fittedState(): Record<string, unknown> | null;
  /** Restores (and validates) what fittedState wrote. */
  protected abstract loadFittedState(state: Record<string, unknown>): void;

  toJSON(): EstimatorJSON {
    const { params, omittedParams } = paramsToJSON(this.getParams());
    const fitted = this.fittedState();
    return estimatorJSON(this, params, omittedParams, fitted);
  }

  /** Rebuilds an encoder from `toJSON()` output; `overrides` replace parameters (those JSON could not hold). */
  static fromJSON<T extends Encoder>(
    this: new (p: Record<string, unknown>) => T,
    json: unknown,
    overrides: Record<string, unknown> = {},
  ): T {
    const j = readEstimatorJSON(json, this);
    const est = new this({ ...paramsFromJSON(j.params), ...overrides });
    if (j.fitted != null) {
      if (!isRecord(j.fitted)) throw new ValueError(`fromJSON: fitted must be an object or null`);
      est.loadFittedState(j.fitted);
    }
    return est;
  }
}
/** Serialised form of a label: its type survives JSON. */
type StoredLabel = { t: 'number' | 'string' | 'boolean'; v: number | string | boolean };

export interface ClassifierLabelEncoderParams {
  /** The classifier's loss: categorical cross-entropy trains on one-hot rows. */
  loss?: unknown;
  /** Every class of the whole dataset ('auto': the labels seen by fit). */
  categories?: 'auto' | readonly Label[] | null;
  /** Float type of the encoded targets. */
  dtype?: FloatType;
}

/**
 * KerasClassifier's default target encoder (SciKeras's ClassifierLabelEncoder): binary and multiclass
 * labels become class indices (one-hot rows when the loss is categorical cross-entropy); multilabel
 * indicator matrices pass through; predictions come back as labels of the type y had.
 *
 * @example
 * const enc = new ClassifierLabelEncoder().fit(['b', 'a', 'b']);
 * enc.classes_;                                    // ['a', 'b']
 * enc.inverseTransform(tensor([[0.2], [0.9]]));    // ['a', 'b']
 */
export class ClassifierLabelEncoder extends Encoder {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    loss: null,
    categories: 'auto',
    dtype: 'float32',
  });
  declare loss: unknown;
  declare categories: 'auto' | readonly Label[] | null;
  declare dtype: FloatType;
  /** Sorted distinct labels, in their original type (null for multiclass-multioutput). */
  declare classes_: Label[] | null;
  declare nClasses_: number | null;
  declare nOutputs_: number;
  declare nOutputsExpected_: number;
  /** The target type, 'multiclass-onehot' for one-hot rows. */
  declare targetType_: TargetType | 'multiclass-onehot';
  declare oneHot_: boolean;
  /** Shape of y without the sample dimension ([] for 1-D). */
  declare yTail_: number[];

  constructor(params: ClassifierLabelEncoderParams = {}) {
    super(params as Record<string, unknown>);
  }

  fit(y: unknown): this {
    const yc = checkY(y, { estimator: this.constructor.name });
    const c = this.categories;
    const cats = c === 'auto' || c == null ? null : uniqueLabels(c as LabelArray);
    let targetType: TargetType = typeOfCheckedTarget(yc);
    // Categories given (partialFit's classes): a binary-looking y may be part of a multiclass problem.
    if (targetType === 'binary' && cats !== null && cats.length > 2) targetType = 'multiclass';
    this.yTail_ = yc.ndim === 1 ? [] : [yc.width];
    this.oneHot_ = isCategoricalLoss(this.loss);
    switch (targetType) {
      case 'binary':
      case 'multiclass': {
        const seen = uniqueLabels(firstColumn(yc) as LabelArray);
        const missing = cats === null ? [] : seen.filter((l) => !cats.includes(l));
        if (missing.length > 0) throw unknownCategories(missing, cats as Label[]);
        this.classes_ = cats ?? seen;
        this.targetType_ = targetType;
        break;
      }
      case 'multilabel-indicator': {
        const rows = yc.values as number[][];
        const oneHotRows = rows.every((r) => r.reduce((a, b) => a + b, 0) === 1 && Math.min(...r) === 0);
        this.targetType_ = oneHotRows ? 'multiclass-onehot' : 'multilabel-indicator';
        this.classes_ = Array.from({ length: yc.width }, (_, i) => i);
        break;
      }
      case 'multiclass-multioutput':
        this.targetType_ = targetType;
        this.classes_ = null;
        break;
      default:
        throw new ValueError(
          `Unknown label type: ${targetType}. To implement support, subclass KerasClassifier and override ` +
            '`targetEncoder` with a transformer that supports this label type.',
        );
    }
    this.nClasses_ = this.classes_ === null ? null : this.classes_.length;
    this.nOutputs_ = 1;
    this.nOutputsExpected_ = 1;
    return this;
  }

  /** Numbers for the model: class indices [n], one-hot [n, k], or the numeric rows themselves. */
  transform(y: unknown): Tensor {
    this.checkIsFitted('targetType_');
    const yc = checkY(y, { estimator: this.constructor.name });
    const Ctor = this.dtype === 'float64' ? Float64Array : Float32Array;
    const single = this.targetType_ === 'binary' || this.targetType_ === 'multiclass';
    const width = single ? 1 : this.yTail_[0];
    if (yc.width !== width)
      throw new ValueError(`y has ${yc.width} features, but ${this.constructor.name} is expecting ${width} features.`);
    if (single) {
      const labels = firstColumn(yc);
      const classes = this.classes_ as Label[];
      const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
      const n = labels.length,
        k = classes.length;
      const out = new Ctor(this.oneHot_ ? n * k : n);
      for (let i = 0; i < n; i++) {
        const c = index.get(labels[i] as Label);
        if (c === undefined) throw unknownCategories([labels[i] as Label], classes);
        if (this.oneHot_) out[i * k + c] = 1;
        else out[i] = c;
      }
      return new Tensor(out, this.oneHot_ ? [n, k] : [n]);
    }
    const rows = yc.values as number[][];
    return new Tensor(fitsDtype(Ctor.from(rows.flat()), this.dtype), [rows.length, yc.width]);
  }

  /** Class probabilities from raw outputs: a single sigmoid column becomes [1 - p, p]. */
  probabilities(raw: Tensor | number[] | number[][]): number[][] {
    const t = asTensor(raw);
    const n = t.shape[0] as number;
    const k = t.size / Math.max(n, 1);
    const out: number[][] = new Array(n);
    if (k === 1 && (this.targetType_ === 'binary' || this.nClasses_ === 2)) {
      for (let i = 0; i < n; i++) out[i] = [1 - (t.data[i] as number), t.data[i] as number];
      return out;
    }
    for (let i = 0; i < n; i++) out[i] = Array.from(t.data.subarray(i * k, i * k + k));
    return out;
  }

  /**
   * Labels from raw outputs, in the type and shape y had at fit (ties go to the lower class); with
   * `returnProba`, the class probabilities (binary: [1 - p, p]).
   */
  inverseTransform(
    yPred: Tensor | number[] | number[][],
    options: { returnProba?: boolean } = {},
  ): Label[] | number[][] {
    this.checkIsFitted('targetType_');
    const proba = this.probabilities(yPred);
    if (options.returnProba === true) return proba;
    if (this.targetType_ === 'multiclass-multioutput') {
      throw new ValueError(
        "Class-predictions are not clearly defined for 'multiclass-multioutput' target types: override `targetEncoder`.",
      );
    }
    if (this.targetType_ === 'multilabel-indicator') return proba.map((r) => r.map(roundHalfEven));
    const idx = proba.map((r) => {
      let b = 0;
      for (let j = 1; j < r.length; j++) if ((r[j] as number) > (r[b] as number)) b = j;
      return b;
    });
    if (this.targetType_ === 'multiclass-onehot') return idx.map((c) => proba[0]!.map((_, j) => (j === c ? 1 : 0)));
    const classes = this.classes_ as Label[];
    // Trained on one class: [1 - p, p] still has two columns, but only one label to give (scikit-learn's rule).
    const labels = idx.map((c) => {
      if (classes.length === 1) return classes[0] as Label;
      if (c >= classes.length)
        throw new ValueError(
          `The model predicted class index ${c}, but ${this.constructor.name} was fitted on ${classes.length} classes ` +
            `(${describe(classes)}); the output layer should have ${classes.length === 2 ? '1 or 2' : classes.length} units.`,
        );
      return classes[c] as Label;
    });
    return this.yTail_.length === 0 ? labels : (labels.map((l) => [l]) as unknown as number[][]);
  }

  /** SciKeras's metadata: the wrapper's classes_, nClasses_, nOutputs_ and nOutputsExpected_. */
  getMetadata(): Record<string, unknown> {
    this.checkIsFitted('targetType_');
    return {
      classes_: this.classes_ === null ? null : this.classes_.slice(),
      nClasses_: this.nClasses_,
      nOutputs_: this.nOutputs_,
      nOutputsExpected_: this.nOutputsExpected_,
    };
  }

  protected fittedState(): Record<string, unknown> | null {
    if (this.targetType_ === undefined) return null;
    return {
      classes_: this.classes_ === null ? null : this.classes_.map(storeLabel),
      targetType_: this.targetType_,
      oneHot_: this.oneHot_,
      yTail_: this.yTail_,
    };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['classes_', 'targetType_', 'oneHot_', 'yTail_']);
    const bad = (what: string): ValueError => new ValueError(`encoder JSON: ${what}`);
    if (s.classes_ !== null && !Array.isArray(s.classes_)) throw bad('classes_ must be an array or null');
    const classes = s.classes_ === null ? null : (s.classes_ as unknown[]).map(loadLabel);
    if (
      classes !== null &&
      (new Set(classes.map((c) => typeof c)).size !== 1 || new Set(classes).size !== classes.length)
    )
      throw bad('classes_ must be distinct labels of one type');
    const tt = s.targetType_;
    const types = ['binary', 'multiclass', 'multilabel-indicator', 'multiclass-onehot', 'multiclass-multioutput'];
    if (!types.includes(tt as string)) throw bad(`targetType_ ${describe(tt)}`);
    // (found by the fuzz suite: a binary target without its classes crashed predict)
    if ((classes === null) !== (tt === 'multiclass-multioutput'))
      throw bad(`a ${describe(tt)} target ${classes === null ? 'needs its classes' : 'has no classes'}`);
    this.classes_ = classes;
    this.nClasses_ = classes === null ? null : classes.length;
    this.targetType_ = tt as ClassifierLabelEncoder['targetType_'];
    this.oneHot_ = s.oneHot_ === true;
    this.yTail_ = checkTail(s.yTail_);
    this.nOutputs_ = 1;
    this.nOutputsExpected_ = 1;
  }
}

/**
 * KerasRegressor's default target encoder (SciKeras's RegressorTargetEncoder): numeric targets pass
 * through as [n, outputs]; predictions come back in the shape y had (number[] for 1-D y).
 */
export class RegressorTargetEncoder extends Encoder {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({ dtype: 'float32' });
  declare dtype: FloatType;
  declare nOutputs_: number;
  declare nOutputsExpected_: number;
  declare yTail_: number[];

  constructor(params: { dtype?: FloatType } = {}) {
    super(params);
  }

  fit(y: unknown): this {
    const yc = checkY(y, { estimator: this.constructor.name, numericOnly: true });
    this.yTail_ = yc.ndim === 1 ? [] : [yc.width];
    this.nOutputs_ = yc.width;
    this.nOutputsExpected_ = 1;
    return this;
  }

  transform(y: unknown): Tensor {
    this.checkIsFitted('yTail_');
    const yc = checkY(y, { estimator: this.constructor.name, numericOnly: true });
    if (yc.width !== this.nOutputs_)
      throw new ValueError(
        `Detected \`\`y\`\` to have ${yc.width} outputs, but this ${this.constructor.name} has ${this.nOutputs_} outputs.`,
      );
    const Ctor = this.dtype === 'float64' ? Float64Array : Float32Array;
    const flat = yc.ndim === 1 ? (yc.values as number[]) : (yc.values as number[][]).flat();
    return new Tensor(fitsDtype(Ctor.from(flat), this.dtype), [yc.values.length, yc.width]);
  }

  /** Predictions in the shape y had: number[] for 1-D y, rows otherwise. */
  inverseTransform(yPred: Tensor | number[] | number[][]): number[] | number[][] {
    this.checkIsFitted('yTail_');
    const t = asTensor(yPred);
    const n = t.shape[0] as number;
    const k = t.size / Math.max(n, 1);
    if (this.yTail_.length === 0) {
      if (k !== 1) throw new ValueError(`The model outputs ${k} values per sample but y was 1-D`);
      return Array.from(t.data);
    }
    const out: number[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = Array.from(t.data.subarray(i * k, i * k + k));
    return out;
  }

  /** SciKeras's metadata: the wrapper's nOutputs_ and nOutputsExpected_. */
  getMetadata(): Record<string, unknown> {
    this.checkIsFitted('yTail_');
    return { nOutputs_: this.nOutputs_, nOutputsExpected_: this.nOutputsExpected_ };
  }

  protected fittedState(): Record<string, unknown> | null {
    return this.yTail_ === undefined ? null : { yTail_: this.yTail_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    this.yTail_ = checkTail(pickKeys('fitted state', state, ['yTail_']).yTail_);
    this.nOutputs_ = this.yTail_.length === 0 ? 1 : (this.yTail_[0] as number);
    this.nOutputsExpected_ = 1;
  }
}

/** The default feature encoder (SciKeras's FunctionTransformer()): X passes through unchanged. */
export class IdentityEncoder extends Encoder {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({});

  constructor(params: Record<string, never> = {}) {
    super(params);
  }

  fit(_X?: unknown): this {
    return this;
  }
  transform<T>(X: T): T {
    return X;
  }
  inverseTransform<T>(X: T): T {
    return X;
  }
  protected fittedState(): Record<string, unknown> {
    return {};
  }
  protected loadFittedState(state: Record<string, unknown>): void {
    pickKeys('fitted state', state, []);
  }
}

/** SciKeras's (OrdinalEncoder's) error for labels outside the classes. */
function unknownCategories(missing: readonly Label[], classes: readonly Label[]): ValueError {
  return new ValueError(`Found unknown categories ${describe(missing)} in y; the classes are ${describe(classes)}.`);
}

function firstColumn(y: CheckedY): Label[] {
  return y.ndim === 1 ? (y.values as Label[]) : (y.values as number[][]).map((r) => r[0] as number);
}

function asTensor(v: Tensor | number[] | number[][]): Tensor {
  if (v instanceof Tensor) return v;
  return tensor(v, { dtype: 'float64' });
}

/** y converted to the model's dtype must stay finite (1e308 is finite in float64, Infinity in float32). */
function fitsDtype<T extends Float32Array | Float64Array>(a: T, dtype: FloatType): T {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i] as number)) {
      throw new ValueError(
        `Input y contains a value too large for dtype('${dtype}') (value ${i}); scale the targets or use dtype 'float64'.`,
      );
    }
  }
  return a;
}

function checkTail(v: unknown): number[] {
  if (!Array.isArray(v) || v.length > 1 || v.some((d) => !Number.isInteger(d) || d < 1))
    throw new ValueError(`encoder JSON: bad yTail_ ${describe(v)}`);
  return v as number[];
}

/** NumPy's round: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function storeLabel(l: Label): StoredLabel {
  return { t: typeof l as StoredLabel['t'], v: l };
}

function loadLabel(s: unknown): Label {
  const o = s as StoredLabel;
  if (typeof o !== 'object' || o === null || typeof o.v !== o.t || !['number', 'string', 'boolean'].includes(o.t))
    throw new ValueError(`encoder JSON: bad label ${describe(s)}`);
  return o.v;
}

/** Fits a fresh encoder as SciKeras does (`encoder.fit(data)` is the fitted one), checking it is a transformer. */
export function fitEncoder<T>(encoder: unknown, data: unknown, role: 'targetEncoder' | 'featureEncoder'): T {
  const isTransformer = (e: unknown): e is { fit(d: unknown): unknown } =>
    typeof (e as { fit?: unknown } | null)?.fit === 'function' &&
    typeof (e as { transform?: unknown }).transform === 'function';
  const fitted = isTransformer(encoder) ? encoder.fit(data) : null;
  if (!isTransformer(fitted))
    throw new ArgumentError(
      `${role} must be a transformer whose fit returns it fitted. Got ${describe(encoder)} instead.`,
    );
  return fitted as T;
}

/** A fitted encoder's `getMetadata()`, every key a meta attribute name (ending in one `_`). */
export function encoderMetadata(encoder: unknown, role: string): Record<string, unknown> {
  const get = (encoder as { getMetadata?: unknown }).getMetadata;
  const meta = typeof get === 'function' ? (get.call(encoder) as unknown) : null;
  if (typeof meta !== 'object' || meta === null) return {};
  for (const k of Object.keys(meta))
    if (!/^[A-Za-z]\w*[^_]_$/.test(k)) throw new ValueError(`${role}.getMetadata(): '${k}' must end in one '_'`);
  return { ...meta };
}

/** The JSON of a fitted encoder: its own toJSON (its class registered, to be restored by estimatorFromJSON). */
export function encoderToJSON(encoder: unknown, role: string): unknown {
  const toJSON = (encoder as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') throw new ArgumentError(`${role}_ cannot be saved: it has no toJSON`);
  return toJSON.call(encoder) as unknown;
}

registerEstimator(ClassifierLabelEncoder, 'ClassifierLabelEncoder');
registerEstimator(RegressorTargetEncoder, 'RegressorTargetEncoder');
registerEstimator(IdentityEncoder, 'IdentityEncoder');

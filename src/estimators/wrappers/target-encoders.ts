// Target encoders for the wrappers (SciKeras' ClassifierLabelEncoder and
// RegressorTargetEncoder): labels of any type to the numbers a model trains
// on, and model outputs back to labels in their original type.
// Imports tensor only.

import { ValueError, describe } from '../../core/errors.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { type CheckedY } from '../utils/validation.ts';
import { type Label, type TargetType, uniqueLabels } from '../utils/multiclass.ts';
import type { LabelArray } from '../utils/multiclass.ts';

/** Serialised form of a label: its type survives JSON. */
type StoredLabel = { t: 'number' | 'string' | 'boolean'; v: number | string | boolean };

/**
 * Encodes classification targets: binary and multiclass labels become class
 * indices (or one-hot rows when the loss is categorical cross-entropy);
 * multilabel indicator matrices pass through.
 */
export class ClassifierLabelEncoder {
  /** Sorted distinct labels, in their original type (null for multiclass-multioutput). */
  classes: Label[] | null = null;
  targetType: TargetType | 'multiclass-onehot' = 'binary';
  oneHot = false;
  /** Shape of y at fit without the sample dimension ([] for 1-D). */
  yTail: number[] = [];

  constructor(readonly estimator: string) {}

  fit(y: CheckedY, targetType: TargetType, options: { oneHot: boolean; categories?: readonly Label[] | null }): this {
    this.yTail = y.ndim === 1 ? [] : [y.width];
    this.oneHot = options.oneHot;
    switch (targetType) {
      case 'binary':
      case 'multiclass': {
        const labels = y.ndim === 1 ? (y.values as Label[]) : (y.values as number[][]).map((r) => r[0] as number);
        const seen = uniqueLabels(labels as LabelArray);
        if (options.categories != null) {
          const cats = uniqueLabels(options.categories as LabelArray);
          const missing = seen.filter((l) => !cats.includes(l));
          if (missing.length > 0)
            throw new ValueError(
              `Found unknown categories ${describe(missing)} in y; the classes are ${describe(cats)}.`,
            );
          this.classes = cats;
        } else this.classes = seen;
        this.targetType = targetType;
        break;
      }
      case 'multilabel-indicator': {
        const rows = y.values as number[][];
        const oneHotRows = rows.every((r) => r.reduce((a, b) => a + b, 0) === 1 && Math.min(...r) === 0);
        this.targetType = oneHotRows ? 'multiclass-onehot' : 'multilabel-indicator';
        this.classes = Array.from({ length: y.width }, (_, i) => i);
        break;
      }
      case 'multiclass-multioutput':
        this.targetType = targetType;
        this.classes = null;
        break;
      default:
        throw new ValueError(
          `Unknown label type: ${targetType}. To implement support, subclass KerasClassifier and override the target ` +
            `encoder. (${this.estimator} supports binary, multiclass, multilabel-indicator and one-hot targets.)`,
        );
    }
    return this;
  }

  get nClasses(): number | null {
    return this.classes === null ? null : this.classes.length;
  }

  /** Numbers for the model: class indices [n], one-hot [n, k], or the indicator matrix. */
  transform(y: CheckedY, dtype: 'float32' | 'float64'): Tensor {
    const Ctor = dtype === 'float64' ? Float64Array : Float32Array;
    if (this.targetType === 'binary' || this.targetType === 'multiclass') {
      const labels = y.ndim === 1 ? (y.values as Label[]) : (y.values as number[][]).map((r) => r[0] as number);
      const classes = this.classes as Label[];
      const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
      const n = labels.length,
        k = classes.length;
      const out = new Ctor(this.oneHot ? n * k : n);
      for (let i = 0; i < n; i++) {
        const c = index.get(labels[i] as Label);
        if (c === undefined)
          throw new ValueError(
            `Found unknown categories [${describe(labels[i])}] in y; the classes are ${describe(classes)}.`,
          );
        if (this.oneHot) out[i * k + c] = 1;
        else out[i] = c;
      }
      return new Tensor(out, this.oneHot ? [n, k] : [n]);
    }
    if (y.ndim !== 2) throw new ValueError(`y has 1 dimension, but this ${this.estimator} was fitted on 2-D targets`);
    const rows = y.values as number[][];
    if (rows[0]?.length !== this.yTail[0])
      throw new ValueError(
        `y has ${rows[0]?.length} features (columns), but this ${this.estimator} is expecting ${this.yTail[0]}`,
      );
    return new Tensor(fitsDtype(Ctor.from(rows.flat()), dtype), [rows.length, rows[0]?.length ?? 0]);
  }

  /** Class probabilities from raw outputs: a single sigmoid column becomes [1 - p, p]. */
  probabilities(raw: Tensor): number[][] {
    const n = raw.shape[0];
    const k = raw.size / Math.max(n, 1);
    const out: number[][] = new Array(n);
    if (k === 1 && (this.targetType === 'binary' || this.nClasses === 2)) {
      for (let i = 0; i < n; i++) out[i] = [1 - raw.data[i], raw.data[i]];
      return out;
    }
    for (let i = 0; i < n; i++) out[i] = Array.from(raw.data.subarray(i * k, i * k + k));
    return out;
  }

  /** Labels from raw outputs, in the type and shape y had at fit (ties go to the lower class). */
  inverse(raw: Tensor): Label[] | number[][] {
    if (this.targetType === 'multiclass-multioutput') {
      throw new ValueError(
        "Class-predictions are not clearly defined for 'multiclass-multioutput' target types. " +
          'To implement support, subclass KerasClassifier and override the target encoder.',
      );
    }
    const proba = this.probabilities(raw);
    if (this.targetType === 'multilabel-indicator') return proba.map((r) => r.map(roundHalfEven));
    const idx = proba.map((r) => {
      let b = 0;
      for (let j = 1; j < r.length; j++) if ((r[j] as number) > (r[b] as number)) b = j;
      return b;
    });
    if (this.targetType === 'multiclass-onehot') return idx.map((c) => proba[0]!.map((_, j) => (j === c ? 1 : 0)));
    const classes = this.classes as Label[];
    // Trained on one class: [1 - p, p] still has two columns, but there is only one label to give (scikit-learn's rule).
    const labels = idx.map((c) => {
      if (classes.length === 1) return classes[0] as Label;
      if (c >= classes.length)
        throw new ValueError(
          `The model predicted class index ${c}, but ${this.estimator} was fitted on ${classes.length} classes (${describe(classes)}); ` +
            `the model's output layer should have ${classes.length === 2 ? '1 or 2 units' : `${classes.length} units`}.`,
        );
      return classes[c] as Label;
    });
    return this.yTail.length === 0 ? labels : (labels.map((l) => [l]) as unknown as number[][]);
  }

  toJSON(): Record<string, unknown> {
    return {
      classes: this.classes === null ? null : this.classes.map(storeLabel),
      targetType: this.targetType,
      oneHot: this.oneHot,
      yTail: this.yTail,
    };
  }

  static fromJSON(estimator: string, j: Record<string, unknown>): ClassifierLabelEncoder {
    const e = new ClassifierLabelEncoder(estimator);
    if (j.classes !== null && !Array.isArray(j.classes))
      throw new ValueError(`encoder JSON: classes must be an array or null, got ${describe(j.classes)}`);
    e.classes = j.classes === null ? null : (j.classes as unknown[]).map(loadLabel);
    if (e.classes !== null) {
      const kinds = new Set(e.classes.map((c) => typeof c));
      if (e.classes.length === 0 || kinds.size > 1 || new Set(e.classes).size !== e.classes.length)
        throw new ValueError('encoder JSON: classes must be distinct labels of one type');
    }
    const tt = j.targetType;
    if (
      !['binary', 'multiclass', 'multilabel-indicator', 'multiclass-onehot', 'multiclass-multioutput'].includes(
        tt as string,
      )
    )
      throw new ValueError(`encoder JSON: bad targetType ${describe(tt)}`);
    e.targetType = tt as ClassifierLabelEncoder['targetType'];
    if ((e.classes === null) !== (tt === 'multiclass-multioutput')) {
      throw new ValueError(
        `encoder JSON: a ${describe(tt)} target ${e.classes === null ? 'needs its classes' : 'has no classes'}`,
      );
    }
    e.oneHot = j.oneHot === true;
    e.yTail = checkTail(j.yTail);
    return e;
  }
}

/** Regression targets pass through; the encoder remembers their shape to give predictions back the same way. */
export class RegressorTargetEncoder {
  yTail: number[] = [];
  constructor(readonly estimator: string) {}

  fit(y: CheckedY): this {
    this.yTail = y.ndim === 1 ? [] : [y.width];
    return this;
  }

  get nOutputs(): number {
    return this.yTail.length === 0 ? 1 : (this.yTail[0] as number);
  }

  transform(y: CheckedY, dtype: 'float32' | 'float64'): Tensor {
    const Ctor = dtype === 'float64' ? Float64Array : Float32Array;
    if (y.kind !== 'number') throw new ValueError(`${this.estimator} requires numeric targets; got ${y.kind} labels.`);
    const width = y.ndim === 1 ? 1 : y.width;
    if (width !== this.nOutputs)
      throw new ValueError(
        `Detected \`y\` to have ${width} outputs, but this ${this.estimator} was fitted on ${this.nOutputs}.`,
      );
    if (y.ndim === 1) return new Tensor(fitsDtype(Ctor.from(y.values as number[]), dtype), [y.values.length, 1]);
    const rows = y.values as number[][];
    return new Tensor(fitsDtype(Ctor.from(rows.flat()), dtype), [rows.length, width]);
  }

  inverse(raw: Tensor): number[] | number[][] {
    const n = raw.shape[0];
    const k = raw.size / Math.max(n, 1);
    if (this.yTail.length === 0) {
      if (k !== 1) throw new ValueError(`${this.estimator}: the model outputs ${k} values per sample but y was 1-D`);
      return Array.from(raw.data);
    }
    const out: number[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = Array.from(raw.data.subarray(i * k, i * k + k));
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { yTail: this.yTail };
  }

  static fromJSON(estimator: string, j: Record<string, unknown>): RegressorTargetEncoder {
    const e = new RegressorTargetEncoder(estimator);
    e.yTail = checkTail(j.yTail);
    return e;
  }
}

/** y converted to the model's dtype must stay finite (1e308 is finite in float64, Infinity in float32). */
function fitsDtype<T extends Float32Array | Float64Array>(a: T, dtype: 'float32' | 'float64'): T {
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
    throw new ValueError(`encoder JSON: bad yTail ${describe(v)}`);
  return v as number[];
}

/** NumPy's round: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function storeLabel(l: Label): StoredLabel {
  return { t: typeof l as StoredLabel['t'], v: l };
}

export function loadLabel(s: unknown): Label {
  const o = s as StoredLabel;
  if (typeof o !== 'object' || o === null || typeof o.v !== o.t || !['number', 'string', 'boolean'].includes(o.t))
    throw new ValueError(`encoder JSON: bad label ${describe(s)}`);
  return o.v;
}

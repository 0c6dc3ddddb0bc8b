// What an export is asked to write, found structurally: a Sequential, a fitted estimator (its `model_`,
// `classes_`, `targetType_`), or a fitted Pipeline of scalers ending in one. Reading fitted attributes
// instead of importing the estimator classes keeps interop independent of where those classes live.
// Imports nn and errors only.

import { NotFittedError, ValueError, describe } from '../core/errors.ts';
import { Sequential } from '../nn/index.ts';

/** A label as the classifiers keep them. */
export type ClassLabel = number | string | boolean;

/** How a classifier turns its network's output into labels (the target encoder's rule). */
export type LabelRule = 'argmax' | 'multilabel' | 'onehot';

export type Exportable =
  | { kind: 'sequential'; model: Sequential; what: string }
  | { kind: 'regressor'; model: Sequential; what: string }
  | {
      kind: 'classifier';
      model: Sequential;
      what: string;
      classes: ClassLabel[];
      rule: LabelRule;
      binaryColumn: boolean;
    };

/** A fitted scaler step, as the affine map it applies (scikit-learn's order of operations). */
export type ScalerStep =
  | { kind: 'standard'; what: string; mean: number[] | null; scale: number[] | null }
  | { kind: 'minmax'; what: string; scale: number[]; min: number[]; clip: readonly [number, number] | null };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const className = (v: unknown): string =>
  isObj(v) ? ((v.constructor as { name?: string } | undefined)?.name ?? 'Object') : typeof v;

/** Whether `v` looks like an estimator (scikit-learn's parameter interface and `fit`). */
function isEstimatorLike(v: unknown): v is Obj {
  return isObj(v) && typeof v.getParams === 'function' && typeof v.fit === 'function';
}

/** A Sequential, or a fitted estimator's network; anything else is an error naming it. */
export function resolveNetwork(target: unknown, op: string): Exportable {
  if (target instanceof Sequential) return { kind: 'sequential', model: target, what: `Sequential '${target.name}'` };
  if (isEstimatorLike(target) && !Array.isArray(target.steps)) {
    const what = className(target);
    const model = target.model_;
    if (model === undefined || model === null) {
      throw new NotFittedError(
        `${op}: This ${what} instance is not fitted yet. Call 'fit' with appropriate arguments before exporting it.`,
      );
    }
    if (!(model instanceof Sequential)) {
      throw new ValueError(
        `${op}: ${what}.model_ must be a Sequential to be exported. Got ${describe(model)} instead.`,
      );
    }
    if (typeof target.predictProba === 'function' && 'classes_' in target) return classifier(target, model, what, op);
    if (typeof target.predict === 'function' && 'targetType_' in target) {
      const out = model.outputShape();
      if (typeof target.nOutputs_ === 'number' && (out.length !== 1 || out[0] !== target.nOutputs_)) {
        throw new ValueError(
          `${op}: ${what}.model_ outputs shape [batch,${out.join(',')}] but the estimator was fitted on ${target.nOutputs_} output(s)`,
        );
      }
      return { kind: 'regressor', model, what };
    }
  }
  if (isObj(target) && Array.isArray(target.steps)) {
    throw new ValueError(
      `${op}: a Pipeline cannot be exported here; export its final estimator (pipeline.steps[pipeline.steps.length - 1][1])`,
    );
  }
  throw new ValueError(
    `${op}: expected a Sequential or a fitted MLPClassifier / MLPRegressor / KerasClassifier / KerasRegressor. Got ${describe(target)} instead.`,
  );
}

/** The network's input shape without the batch dimension (building its weights if needed); unknown is an error. */
export function inputShapeOf(model: Sequential, what: string, op: string): number[] {
  const shape = model.getInputShape();
  if (shape === null) {
    throw new ValueError(
      `${op}: the input shape of ${what} is unknown; add layers.input({ shape }) or give the first layer an ` +
        'inputShape (or fit the model) before exporting it',
    );
  }
  if (!model.built) model.build();
  return shape;
}

/** A network target, or a fitted Pipeline: its scaler steps (in order) and final estimator. */
export function resolveTarget(target: unknown, op: string): { scalers: ScalerStep[]; final: Exportable } {
  if (!(isObj(target) && Array.isArray(target.steps))) return { scalers: [], final: resolveNetwork(target, op) };
  const steps = target.steps as unknown[];
  if (steps.length === 0) throw new ValueError(`${op}: the Pipeline has no steps`);
  const scalers: ScalerStep[] = [];
  for (let i = 0; i < steps.length - 1; i++) {
    const [name, est] = steps[i] as [string, unknown];
    if (est === null || est === 'passthrough') continue;
    scalers.push(scaler(name, est, op));
  }
  const [lastName, last] = steps[steps.length - 1] as [string, unknown];
  if (last === null || last === 'passthrough') {
    throw new ValueError(
      `${op}: the Pipeline's final step '${lastName}' is ${describe(last)}; it must be an estimator to export`,
    );
  }
  const final = resolveNetwork(last, `${op} (Pipeline step '${lastName}')`);
  if (final.kind === 'sequential') {
    throw new ValueError(`${op}: the Pipeline's final step '${lastName}' must be an estimator, not a Sequential`);
  }
  return { scalers, final };
}

function numbers(v: unknown): number[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
}

// StandardScaler and MinMaxScaler by their parameters and fitted attributes.
function scaler(name: string, est: unknown, op: string): ScalerStep {
  const what = `step '${name}' (${className(est)})`;
  const supported = 'StandardScaler, MinMaxScaler';
  if (!isObj(est)) {
    throw new ValueError(
      `${op}: Pipeline ${what} cannot be exported to ONNX; supported steps before the estimator: ${supported}`,
    );
  }
  const isStandard = 'withMean' in est && 'withStd' in est;
  const isMinMax = 'featureRange' in est && 'clip' in est;
  if (!isStandard && !isMinMax) {
    throw new ValueError(
      `${op}: Pipeline ${what} cannot be exported to ONNX; supported steps before the estimator: ${supported}`,
    );
  }
  if (est.nSamplesSeen_ === undefined) {
    throw new NotFittedError(
      `${op}: Pipeline ${what} is not fitted yet. Call 'fit' on the Pipeline before exporting it.`,
    );
  }
  if (isStandard) {
    const mean = est.withMean === true ? numbers(est.mean_) : null;
    const scale = est.withStd === true ? numbers(est.scale_) : null;
    return { kind: 'standard', what, mean, scale };
  }
  const scale = numbers(est.scale_),
    min = numbers(est.min_);
  const range = est.featureRange as readonly [number, number];
  if (scale === null || min === null) throw new ValueError(`${op}: Pipeline ${what} has no fitted scale_ / min_`);
  return { kind: 'minmax', what, scale, min, clip: est.clip === true ? [range[0], range[1]] : null };
}

function classifier(est: Obj, model: Sequential, what: string, op: string): Exportable {
  // The encoder's own target type tells one-hot targets (labels are one-hot rows) from multilabel ones.
  const encoder = est.targetEncoder_;
  const encoded = isObj(encoder) && typeof encoder.targetType_ === 'string' ? encoder.targetType_ : est.targetType_;
  const classes = est.classes_;
  if (encoded === 'multiclass-multioutput' || !Array.isArray(classes)) {
    throw new ValueError(
      `${op}: ${what} was fitted on ${describe(est.targetType_)} targets; ` +
        'only binary, multiclass and multilabel-indicator classifiers can be exported',
    );
  }
  const out = model.outputShape();
  const k = out[out.length - 1] as number;
  const n = classes.length;
  const rule: LabelRule =
    encoded === 'multilabel-indicator' ? 'multilabel' : encoded === 'multiclass-onehot' ? 'onehot' : 'argmax';
  const binaryColumn = k === 1 && (encoded === 'binary' || n === 2);
  if (out.length !== 1 || (binaryColumn ? n > 2 : k !== Math.max(n, 1))) {
    const expected = n <= 2 ? '1 or 2 units' : `${n} units`;
    throw new ValueError(
      `${op}: ${what}.model_ outputs shape [batch,${out.join(',')}] but the estimator has ${n} classes; expected ${expected}`,
    );
  }
  return { kind: 'classifier', model, what, classes: classes as ClassLabel[], rule, binaryColumn };
}

// Helpers of the SciKeras test-suite port (adriangb/scikeras v0.13.0 tests/): its build functions
// (mlp_models.py), basic_checks (testing_utils.py, with JSON in place of pickle), scikit-learn's loaders on
// the bundled CSV files, and make_classification / make_regression seeded.
import * as assert from 'uvu/assert';
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import {
  ClassifierLabelEncoder,
  KerasClassifier,
  KerasRegressor,
  checkY,
  estimatorFromJSON,
  registerEstimator,
  typeOfTargetChecked as typeOfCheckedTarget,
  type BuildArgs,
  type ClassifierOutput,
  type CompileKwargs,
  type RegressorOutput,
  type WrapperParams,
  type TargetEncoder,
  type XLike,
  type YLike,
} from '../../src/estimators/index.ts';
import type { Label } from '../../src/estimators/utils/multiclass.ts';
import { ValueError } from '../../src/core/errors.ts';
import { Rng } from '../../src/tensor/rng.ts';
import {
  makeClassification as makeClassificationData,
  makeRegression as makeRegressionData,
} from '../../src/datasets/index.ts';
import { Tensor as TensorClass, type Tensor } from '../../src/tensor/tensor.ts';
import { loadCsv } from './data.ts';

export interface Bunch {
  data: number[][];
  target: number[];
}

/** KerasClassifier or KerasRegressor as SciKeras's parametrised tests take either, any y form. */
export type WrapperClass = new (
  params?: WrapperParams,
) => KerasClassifier<ClassifierOutput> | KerasRegressor<RegressorOutput>;

/** scikit-learn's load_iris (150 rows in its order: the first 100 are classes 0 and 1). */
export function loadIris(): Bunch {
  const d = loadCsv('iris');
  return { data: d.X, target: d.y };
}

/** scikit-learn's load_diabetes (scaled features, the raw target). */
export function loadDiabetes(): Bunch {
  const d = loadCsv('diabetes');
  return { data: d.X, target: d.y };
}

/** scikit-learn's make_classification() (100 samples, 20 features, 2 classes), seeded. */
export function makeClassification(seed = 0): [number[][], number[]] {
  return makeClassificationData({ randomState: seed });
}

/** scikit-learn's make_regression(n_features=8, n_samples=100), seeded. */
export function makeRegression(seed = 0): [number[][], number[]] {
  return makeRegressionData({ nFeatures: 8, nSamples: 100, randomState: seed });
}

/** SciKeras's `np.random.random` / `np.random.uniform`: seeded uniforms in [0, 1). */
export function uniformMatrix(rows: number, cols: number, seed = 1): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.float()));
}

/** SciKeras's `np.random.randint(low, high, size)`: seeded integers. */
export function randint(low: number, high: number, size: number, seed = 2): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: size }, () => low + rng.int(high - low));
}

type Args = BuildArgs & { hiddenLayerSizes?: number[] };

/** Keras's floatx, which SciKeras's conftest sets: here the wrapper's `dtype` parameter. */
function floatx(params: Record<string, unknown> | undefined): 'float32' | 'float64' {
  return params?.dtype === 'float64' ? 'float64' : 'float32';
}

/** mlp_models.dynamic_classifier: binary, multilabel (one softmax layer) and multiclass outputs, compiled with compileKwargs. */
export function dynamicClassifier({ hiddenLayerSizes = [10], meta, compileKwargs, params }: Args): Sequential {
  const model = sequential([layers.input({ shape: [meta.nFeaturesIn_] })], { dtype: floatx(params) });
  for (const units of hiddenLayerSizes) model.add(layers.dense({ units, activation: 'relu' }));
  // As in Python, the default loss is written into compileKwargs itself (a caller may read it back).
  const kw = compileKwargs as Record<string, unknown>;
  if (meta.targetType_ === 'binary') {
    kw.loss ??= 'binary_crossentropy';
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  } else if (meta.targetType_ === 'multilabel-indicator') {
    kw.loss ??= 'binary_crossentropy';
    model.add(layers.dense({ units: meta.nClasses_ as number, activation: 'softmax' }));
  } else {
    kw.loss ??= 'sparse_categorical_crossentropy';
    model.add(layers.dense({ units: meta.nClasses_ as number, activation: 'softmax' }));
  }
  compileWith(model, compileKwargs);
  return model;
}

/** mlp_models.dynamic_regressor: one linear output per target column, mse unless a loss is given. */
export function dynamicRegressor({ hiddenLayerSizes = [10], meta, compileKwargs, params }: Args): Sequential {
  const model = sequential([layers.input({ shape: [meta.nFeaturesIn_] })], { dtype: floatx(params) });
  for (const units of hiddenLayerSizes) model.add(layers.dense({ units, activation: 'relu' }));
  model.add(layers.dense({ units: meta.nOutputs_ }));
  (compileKwargs as Record<string, unknown>).loss ??= 'mse';
  compileWith(model, compileKwargs);
  return model;
}

/** Keras's `model.compile(**compile_kwargs)`. */
export function compileWith(model: Sequential, kw: CompileKwargs): void {
  model.compile(kw as unknown as Parameters<Sequential['compile']>[0]);
}

interface Checkable {
  fit(X: unknown, y: unknown): unknown;
  predict(X: unknown): unknown;
  score(X: unknown, y: unknown): number;
  toJSON(): unknown;
  getParams(): Record<string, unknown>;
}

/**
 * testing_utils.basic_checks: fit, predict and score on the first 100 rows, then a round trip (JSON here,
 * pickle there) must predict and score the same (7 decimals). What JSON cannot hold (a build function)
 * is handed back as fromJSON's overrides.
 */
export function basicChecks(estimator: Checkable, loader: () => Bunch, overrides: Record<string, unknown> = {}): void {
  const data = loader();
  const X = data.data.slice(0, 100);
  const y = data.target.slice(0, 100);
  estimator.fit(X, y);
  estimator.predict(X);
  const score = estimator.score(X, y);
  const text = JSON.stringify(estimator.toJSON());
  const back = estimatorFromJSON(JSON.parse(text), overrides) as unknown as Checkable;
  back.predict(X);
  const again = back.score(X, y);
  assert.ok(Math.abs(score - again) < 1.5e-7, `score ${score} after the round trip: ${again}`);
}

/**
 * multi_output_models.MultiLabelTransformer: a ClassifierLabelEncoder that keeps multilabel-indicator and
 * multiclass-multioutput targets as numeric columns (`split: false`). `split: true` hands one output per column
 * to a multi-output Functional model, which a Sequential cannot be: it is refused for 2-D targets.
 */
export class MultiLabelTransformer extends ClassifierLabelEncoder {
  static override readonly defaults = Object.freeze({ ...ClassifierLabelEncoder.defaults, split: true });
  declare split: boolean;
  declare private multi: boolean;

  override fit(y: unknown): this {
    const yc = checkY(y, { estimator: 'MultiLabelTransformer' });
    const t = typeOfCheckedTarget(yc);
    this.multi = t === 'multilabel-indicator' || t === 'multiclass-multioutput';
    if (!this.multi) return super.fit(y);
    if (this.split) throw new ValueError('MultiLabelTransformer: split outputs need a multi-output model');
    this.targetType_ = t;
    this.yTail_ = [yc.width];
    this.nOutputs_ = yc.width;
    this.nOutputsExpected_ = null as unknown as number;
    this.classes_ = null;
    this.nClasses_ = null;
    return this;
  }

  override transform(y: unknown): Tensor {
    if (!this.multi) return super.transform(y);
    const rows = checkY(y, { estimator: 'MultiLabelTransformer' }).values as number[][];
    return new TensorClass(Float32Array.from(rows.flat()), [rows.length, rows[0]?.length ?? 0]);
  }

  override inverseTransform(yPred: Tensor, options: { returnProba?: boolean } = {}): Label[] | number[][] {
    if (!this.multi) return super.inverseTransform(yPred, options);
    const k = yPred.shape[1] as number;
    const rows = Array.from({ length: yPred.shape[0] as number }, (_, i) =>
      Array.from(yPred.data.subarray(i * k, i * k + k)),
    );
    return options.returnProba ? rows : rows.map((r) => r.map(Math.round));
  }
}
registerEstimator(MultiLabelTransformer);

/** multi_output_models.MultiOutputClassifier: a KerasClassifier with MultiLabelTransformer as its target encoder. */
export class MultiOutputClassifier extends KerasClassifier {
  static override readonly defaults = Object.freeze({ ...KerasClassifier.defaults, split: true });
  declare split: boolean;

  override get targetEncoder(): TargetEncoder {
    return new MultiLabelTransformer({ split: this.split } as Record<string, unknown>) as unknown as TargetEncoder;
  }

  /** sklearn.multioutput.MultiOutputClassifier's score for multilabel targets: exact-match accuracy. */
  override score(X: XLike, y: YLike): number {
    if (this.targetType_ !== 'multilabel-indicator') return super.score(X, y);
    const pred = this.predict(X) as unknown as number[][];
    const truth = y as number[][];
    return pred.filter((r, i) => r.every((v, j) => v === truth[i]?.[j])).length / pred.length;
  }
}
registerEstimator(MultiOutputClassifier);

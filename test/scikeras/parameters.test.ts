// Port of SciKeras v0.13.0 tests/test_parameters.py (camelCase API, same inputs and assertions; Python's
// mock.patch.object on model_.fit / model_.predict becomes an own `fit` / `predict` on the model).
// 13 tests: 12 ported, 1 not applicable (it says why).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError } from '../../src/core/errors.ts';
import { KerasClassifier, KerasRegressor, clone, type BuildArgs } from '../../src/estimators/index.ts';
import {
  layers,
  Sequential,
  type DataLike,
  type FitOptions,
  type History,
  type PredictOptions,
} from '../../src/nn/index.ts';
import type { Tensor } from '../../src/tensor/tensor.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import {
  type WrapperClass,
  dynamicClassifier,
  dynamicRegressor,
  makeClassification,
  randint,
  uniformMatrix,
} from '../helpers/scikeras.ts';

setWarningHandler(() => {});

const allclose = (a: number[], b: number[], rtol = 1e-5, atol = 1e-8): boolean =>
  a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) <= atol + rtol * Math.abs(b[i] as number));
const flat = (v: unknown): number[] => (v as unknown[]).flat() as number[];

/** Python's mock.patch.object(model, 'fit', side_effect=model.fit): records each call's options. */
function spyFit(model: Sequential, check: (options: FitOptions) => void = () => {}): FitOptions[] {
  const calls: FitOptions[] = [];
  model.fit = (x: DataLike, y: DataLike, options: FitOptions = {}): History => {
    calls.push(options);
    check(options);
    return Sequential.prototype.fit.call(model, x, y, options);
  };
  return calls;
}

function spyPredict(model: Sequential, check: (options: PredictOptions) => void = () => {}): PredictOptions[] {
  const calls: PredictOptions[] = [];
  model.predict = (x: DataLike, options: PredictOptions = {}): Tensor => {
    calls.push(options);
    check(options);
    return Sequential.prototype.predict.call(model, x, options);
  };
  return calls;
}

// ---------------------------------------------------------------- TestRandomState

test('TestRandomState.test_random_states (0, 123 x KerasRegressor, KerasClassifier)', () => {
  // np.random.RandomState(0) is not a parameter value here: randomState takes an integer or null.
  const estimators = [
    new KerasRegressor({ model: dynamicRegressor, model__hiddenLayerSizes: [100] }),
    new KerasClassifier({ model: dynamicClassifier, model__hiddenLayerSizes: [100] }),
  ];
  for (const randomState of [0, 123]) {
    for (const estimator of estimators) {
      const [X, y] = makeClassification();
      // With seed
      estimator.setParams({ randomState });
      estimator.fit(X, y);
      let y1 = flat(estimator.predict(X));
      estimator.fit(X, y);
      let y2 = flat(estimator.predict(X));
      assert.ok(allclose(y1, y2));
      if (estimator instanceof KerasRegressor) {
        // Without seed, regressors should NOT give the same results
        estimator.setParams({ randomState: null });
        estimator.fit(X, y);
        y1 = flat(estimator.predict(X));
        estimator.fit(X, y);
        y2 = flat(estimator.predict(X));
        assert.not.ok(allclose(y1, y2));
      }
    }
  }
});

// Not applicable: TensorFlow's environment variables (TF_DETERMINISTIC_OPS, PYTHONHASHSEED) that SciKeras's
// random-state context saves and restores; nothing here reads the environment.
test.skip('TestRandomState.test_random_states_env_vars', () => {});

test('test_sample_weights_fit (float64)', () => {
  // build estimator
  const estimator = new KerasClassifier({
    model: dynamicClassifier,
    model__hiddenLayerSizes: [100],
    epochs: 10,
    randomState: 0,
    dtype: 'float64',
  });
  const estimator1 = clone(estimator);
  const estimator2 = clone(estimator);
  const X = Array.from({ length: 10000 }, () => [1]);
  const y = Array.from({ length: 10000 }, (_, i) => (i < 5000 ? 1 : -1));
  // heavily weight towards y=1 points
  const swFirstClass = y.map((_, i) => (i < 5000 ? 0.8 : 0.2));
  // train estimator 1 with weights, estimator 2 without weights
  estimator1.fit(X, y, { sampleWeight: swFirstClass });
  estimator2.fit(X, y);
  // estimator1 should tilt towards y=1, estimator2 should predict about equally
  const avgDiff = (p: number[][]) => p.reduce((s, r) => s + ((r[1] as number) - (r[0] as number)), 0) / p.length;
  const averageDiffPredProb1 = avgDiff(estimator1.predictProba(X));
  const averageDiffPredProb2 = avgDiff(estimator2.predictProba(X));
  assert.ok(averageDiffPredProb2 < averageDiffPredProb1, `${averageDiffPredProb2} vs ${averageDiffPredProb1}`);
  // equal weighting
  const swEqual = y.map(() => 0.5);
  estimator1.fit(X, y, { sampleWeight: swEqual });
  estimator2.fit(X, y);
  // both estimators should have about the same predictions
  assert.ok(allclose(flat(estimator1.predictProba(X)), flat(estimator2.predictProba(X)), 1e-3, 0));
});

test('test_sample_weights_score', () => {
  const estimator = new KerasRegressor({
    model: dynamicRegressor,
    model__hiddenLayerSizes: [100],
    epochs: 10,
    randomState: 0,
  });
  const estimator1 = clone(estimator);
  const estimator2 = clone(estimator);
  const X = Array.from({ length: 10000 }, () => [1]);
  const y = Array.from({ length: 10000 }, (_, i) => (i < 5000 ? 1 : -1));
  estimator1.fit(X, y);
  estimator2.fit(X, y);
  // heavily weight towards y=1 points
  const badSw = y.map((_, i) => (i < 5000 ? 0.999 : 0.001));
  // score with weights, estimator2 should score higher since the weights "unbalance"
  const score1 = estimator1.score(X, y, { sampleWeight: badSw });
  const score2 = estimator2.score(X, y);
  assert.ok(score2 > score1, `${score2} vs ${score1}`);
});

test('test_build_fn_default_params', () => {
  let est = new KerasClassifier({ model: dynamicClassifier, model__hiddenLayerSizes: [100] });
  assert.equal(est.getParams().model__hiddenLayerSizes, [100]);
  est = new KerasClassifier({ model: dynamicClassifier, model__hiddenLayerSizes: [200] });
  assert.equal(est.getParams().model__hiddenLayerSizes, [200]);
});

test('TestMetricsParam.test_metrics (accuracy, sparse_categorical_accuracy)', () => {
  for (const metric of ['accuracy', 'sparse_categorical_accuracy']) {
    const est = new KerasClassifier({ model: dynamicClassifier, model__hiddenLayerSizes: [100], metrics: [metric] });
    const [X, y] = makeClassification();
    est.fit(X, y);
    assert.is(est.history_[metric]?.length, 1);
  }
});

test("test_class_weight_balanced ('balanced', {0: 0.5, 1: 0.5}, {0: 1, 1: 1})", () => {
  for (const classWeight of ['balanced', { 0: 0.5, 1: 0.5 }, { 0: 1, 1: 1 }] as const) {
    const first = new KerasClassifier({
      model: dynamicClassifier,
      model__hiddenLayerSizes: [],
      classWeight: 'balanced',
    });
    first.fit([[1], [1]], [0, 1]);
    let checked = 0;
    class TestModel extends Sequential {
      override fit(x: DataLike, y: DataLike, options: FitOptions = {}): History {
        const sw = Array.from(options.sampleWeight as Float64Array);
        assert.equal(
          sw.map((v) => v / v),
          [1, 1],
        );
        checked++;
        return super.fit(x, y, options);
      }
    }
    const getModel = () =>
      new TestModel({ layers: [layers.input({ shape: [1] }), layers.dense({ units: 1, activation: 'sigmoid' })] });
    const clf = new KerasClassifier({
      model: getModel,
      loss: 'binary_crossentropy',
      classWeight: classWeight as Record<string, number> | 'balanced',
    });
    clf.fit([[1], [1]], [0, 1]);
    assert.is(checked, 1);
  }
});

test('test_kwargs (KerasClassifier, KerasRegressor)', () => {
  const cases: Array<[WrapperClass, (a: BuildArgs) => Sequential]> = [
    [KerasClassifier, dynamicClassifier as (a: BuildArgs) => Sequential],
    [KerasRegressor, dynamicRegressor as (a: BuildArgs) => Sequential],
  ];
  for (const [Wrapper, builder] of cases) {
    const originalBatchSize = 128;
    const kwargBatchSize = 90;
    const kwargEpochs = 2; // epochs is a special case for fit since SciKeras also uses it internally
    const extraKwargs = { verbose: true }; // chosen because it is not a SciKeras hardcoded param
    const est = new Wrapper({
      model: builder,
      model__hiddenLayerSizes: [100],
      warmStart: true, // for mocking to work properly
      batchSize: originalBatchSize, // test that this is overridden by kwargs
      fit__batchSize: originalBatchSize, // test that this is overridden by kwargs
      predict__batchSize: originalBatchSize, // test that this is overridden by kwargs
      verbose: false, // opposite of the extra_kwargs
    });
    const X = uniformMatrix(100, 10);
    const y = randint(0, 3, 100);
    est.initialize(X, y);
    // check fit
    const fitCalls = spyFit(est.model_);
    est.fit(X, y, { batchSize: kwargBatchSize, epochs: kwargEpochs, ...extraKwargs });
    assert.is(fitCalls.length, 1);
    assert.is(fitCalls[0]?.batchSize, kwargBatchSize);
    assert.is(fitCalls[0]?.epochs, kwargEpochs);
    assert.is(est.history_.loss?.length, kwargEpochs);
    // check predict
    const predictCalls = spyPredict(est.model_);
    est.predict(X, { batchSize: kwargBatchSize, ...extraKwargs });
    assert.is(predictCalls.length, 1);
    assert.is(predictCalls[0]?.batchSize, kwargBatchSize);
    if (est instanceof KerasClassifier) {
      est.predictProba(X, { batchSize: kwargBatchSize, ...extraKwargs });
      assert.is(predictCalls.length, 2);
      assert.is(predictCalls[1]?.batchSize, kwargBatchSize);
    }
    // check that params were restored and extra_kwargs were not stored
    const p = est.getParams();
    for (const paramName of ['batchSize', 'fit__batchSize', 'predict__batchSize'])
      assert.is(p[paramName], originalBatchSize);
    assert.is(est.verbose, false);
  }
});

test('test_partial_fit_epoch_kwargs (epochs, initialEpoch)', () => {
  for (const kwargs of [{ epochs: 1 }, { initialEpoch: 1 }]) {
    const est = new KerasClassifier({ model: dynamicClassifier });
    assert.throws(
      () => est.partialFit([[1]], [1], kwargs),
      (e: unknown) => e instanceof ArgumentError && /Invalid argument/.test((e as Error).message),
    );
  }
});

test("test_batch_size_all_predict (length 10, 100 x prefix '', predict__)", () => {
  for (const length of [10, 100]) {
    for (const prefix of ['', 'predict__']) {
      const y = uniformMatrix(length, 1).map((r) => r[0] as number);
      const X = y.map((v) => [v]);
      const est = new KerasRegressor({ model: dynamicRegressor, hiddenLayerSizes: [], [`${prefix}batchSize`]: -1 });
      est.fit(X, y);
      const calls = spyPredict(est.model_, (kwargs) => assert.is(kwargs.batchSize, X.length));
      est.predict(X);
      assert.is(calls.length, 1);
    }
  }
});

test("test_batch_size_all_fit (length 10, 100 x prefix '', fit__ x validationBatchSize, batchSize)", () => {
  for (const length of [10, 100]) {
    for (const prefix of ['', 'fit__']) {
      for (const base of ['validationBatchSize', 'batchSize'] as const) {
        const y = uniformMatrix(length, 1).map((r) => r[0] as number);
        const X = y.map((v) => [v]);
        // SciKeras's version refits without warmStart, which builds a new model and so never calls the
        // patched fit; with warmStart the model (and its patched fit) is kept, so the check does run.
        const est = new KerasRegressor({
          model: dynamicRegressor,
          hiddenLayerSizes: [],
          [`${prefix}${base}`]: -1,
          warmStart: true,
        });
        est.initialize(X, y);
        const calls = spyFit(est.model_, (kwargs) => assert.is(kwargs[base], X.length));
        est.fit(X, y);
        assert.is(calls.length, 1);
      }
    }
  }
});

/**
 * SciKeras's CustomReg: a feature encoder whose output has no `shape` (FunctionTransformer(lambda x: [x])
 * there; nested arrays here, which the model takes as they are).
 */
class CustomReg extends KerasRegressor {
  override get featureEncoder() {
    const encoder = { fit: () => encoder, transform: (x: Tensor) => x.toArray() };
    return encoder;
  }
}

test("test_batch_size_all_fit_non_array (prefix '', fit__ x validationBatchSize, batchSize)", () => {
  for (const prefix of ['', 'fit__']) {
    for (const base of ['validationBatchSize', 'batchSize']) {
      const y = uniformMatrix(100, 1).map((r) => r[0] as number);
      const X = y.map((v) => [v]);
      const est = new CustomReg({ model: dynamicRegressor, hiddenLayerSizes: [], [`${prefix}${base}`]: -1 });
      assert.throws(() => est.fit(X, y), /requires that `X` implement `shape`/);
    }
  }
});

test('test_batch_size_all_predict_non_array', () => {
  const y = uniformMatrix(100, 1).map((r) => r[0] as number);
  const X = y.map((v) => [v]);
  const est = new CustomReg({ model: dynamicRegressor, hiddenLayerSizes: [], predict__batchSize: -1 });
  est.fit(X, y);
  assert.throws(() => est.predict(X), /requires that `X` implement `shape`/);
});

test.run();

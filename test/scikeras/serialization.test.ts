// Port of SciKeras v0.13.0 tests/test_serialization.py (camelCase API, same inputs and assertions; toJSON /
// fromJSON stand in for pickle, and load_diabetes for fetch_california_housing, a download not bundled here).
// 9 tests: 6 ported, 3 not applicable (each says why).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KerasRegressor, clone, estimatorFromJSON, type BuildArgs } from '../../src/estimators/index.ts';
import {
  sequential,
  layers,
  losses,
  Sequential,
  Adam,
  RMSprop,
  SGD,
  type Callback,
  type Optimizer,
} from '../../src/nn/index.ts';
import { optimizerFromJSON } from '../../src/nn/optimizers.ts';
import { tensor } from '../../src/tensor/create.ts';
import { variable } from '../../src/autograd/variable.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { dynamicRegressor, loadDiabetes, makeRegression, type Bunch } from '../helpers/scikeras.ts';

setWarningHandler(() => {});

function getReg(): Sequential {
  return sequential([layers.input({ shape: [1] }), layers.dense({ units: 1 })]);
}

/** check_pickle: fit, predict, score; after the round trip the score agrees to 2 decimals. */
function checkPickle(estimator: KerasRegressor, loader: () => Bunch, overrides: Record<string, unknown>): void {
  const data = loader();
  const X = data.data.slice(0, 100);
  const y = data.target.slice(0, 100);
  estimator.fit(X, y);
  estimator.predict(X);
  const score = estimator.score(X, y);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(estimator.toJSON())), overrides) as KerasRegressor;
  back.predict(X);
  const scoreNew = back.score(X, y);
  assert.ok(Math.abs(score - scoreNew) < 1.5e-2, `${score} vs ${scoreNew}`);
}

/** CustomLoss(keras.losses.MeanSquaredError): a loss object of a user's class. */
class CustomLoss {
  readonly name = 'mean_squared_error';
  readonly fn = losses.meanSquaredError;
  readonly fromLogits = false;
}

test('test_custom_loss_function', () => {
  const loss = new CustomLoss();
  const estimator = new KerasRegressor({
    model: dynamicRegressor,
    loss: loss as never,
    model__hiddenLayerSizes: [100],
  });
  checkPickle(estimator, loadDiabetes, { model: dynamicRegressor, loss });
});

/** A Sequential subclass. Model JSON holds the architecture, so it comes back as a Sequential: registered or not. */
function buildFnCustomModel({ meta }: BuildArgs): Sequential {
  class CustomModel extends Sequential {}
  const model = new CustomModel({
    layers: [
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: meta.nFeaturesIn_, activation: 'relu' }),
      layers.dense({ units: meta.nOutputs_, activation: 'linear' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'mean_squared_error' });
  return model;
}

test('test_custom_model_registered', () => {
  checkPickle(new KerasRegressor({ model: buildFnCustomModel }), loadDiabetes, { model: buildFnCustomModel });
});

test('test_custom_model_unregistered', () => {
  checkPickle(new KerasRegressor({ model: buildFnCustomModel }), loadDiabetes, { model: buildFnCustomModel });
});

// Not applicable: run_eagerly is a TensorFlow execution mode (graphs or not); nothing here compiles graphs.
test.skip('test_run_eagerly', () => {});

function weightsClose(m1: KerasRegressor, m2: KerasRegressor): boolean {
  const w1 = m1.model_.getWeights();
  const w2 = m2.model_.getWeights();
  assert.is(w1.length, w2.length);
  w1.forEach((a, i) =>
    a.data.forEach((v, j) => {
      const b = (w2[i] as typeof a).data[j] as number;
      assert.ok(Math.abs(v - b) <= 1e-8 + 0.01 * Math.abs(b), `weight ${i}[${j}]: ${v} vs ${b}`);
    }),
  );
  return true;
}

function reload(model: KerasRegressor, overrides: Record<string, unknown>, epoch?: number): KerasRegressor {
  const tmp = estimatorFromJSON(JSON.parse(JSON.stringify(model.toJSON())), overrides) as KerasRegressor;
  assert.is.not(tmp, model);
  if (epoch) {
    assert.is(tmp.currentEpoch, epoch);
    assert.is(model.currentEpoch, epoch);
  }
  return tmp;
}

test("test_partial_fit_pickle ('adam', 'sgd', Adam(), SGD())", () => {
  const [X, y] = makeRegression();
  for (const optim of ['adam', 'sgd', new Adam(), new SGD()] as Array<string | Optimizer>) {
    const m1 = new KerasRegressor({ model: dynamicRegressor, optimizer: optim, randomState: 42, hiddenLayerSizes: [] });
    let m2 = clone(m1);
    const overrides = { model: dynamicRegressor, optimizer: optim };
    // Ensure we can roundtrip before training
    m2 = reload(m2, overrides);
    // Make sure start from same model
    m1.partialFit(X, y);
    m2.partialFit(X, y);
    assert.ok(weightsClose(m1, m2));
    // Train; make sure pickling doesn't affect it
    for (let k = 0; k < 4; k++) {
      m1.partialFit(X, y);
      m2 = reload(m2, overrides, k + 1).partialFit(X, y);
      // Make sure the same model is produced
      assert.ok(weightsClose(m1, m2));
      // Make sure predictions are the same
      const p1 = m1.predict(X) as number[];
      const p2 = m2.predict(X) as number[];
      assert.ok(p1.every((v, i) => Math.abs(v - (p2[i] as number)) <= 1e-8 + 1e-5 * Math.abs(p2[i] as number)));
    }
  }
});

// Not applicable: pickling Keras loss and metric objects. A loss here is a name or a function, a metric a
// name or an object; what JSON holds of them is the name (covered by the model JSON tests in test/nn).
test.skip('test_pickle_loss', () => {});
test.skip('test_pickle_metric', () => {});

// SciKeras marks this xfail ("Optimizer gets deserialized as unbuilt"); an optimizer's JSON here keeps its
// state, so it is ported as a test that must pass.
test('test_pickle_optimizer (Adam, RMSprop, SGD)', () => {
  for (const OptCls of [Adam, RMSprop, SGD]) {
    // Minimize a variable subject to two different loss functions
    const run = (roundTrip: boolean): number => {
      let opt: Optimizer = new OptCls();
      const var1 = variable(tensor([10], { dtype: 'float64' }), { requiresGrad: true });
      const step = (grad: number) => {
        var1.grad = tensor([grad], { dtype: 'float64' });
        opt.apply([var1]);
      };
      step((var1.data[0] as number) ** 2 / 2);
      if (roundTrip) opt = optimizerFromJSON(JSON.parse(JSON.stringify(opt.toJSON())), [var1]);
      step((var1.data[0] as number) ** 2 / 1);
      return var1.data[0] as number;
    };
    const valNoPickle = run(false);
    const valPickle = run(true);
    // Check that the final values are the same
    assert.ok(Math.abs(valNoPickle - valPickle) < 1.5 * 10 ** -0.01, `${OptCls.name}: ${valNoPickle} vs ${valPickle}`);
  }
});

test('test_pickle_with_callbacks', () => {
  class BaseCallback implements Callback {}
  const callbacks = [new BaseCallback()];
  let clf = new KerasRegressor({ model: getReg, loss: 'mse', callbacks });
  // Fit and roundtrip validating only that there are no errors
  clf.fit([[1]], [1]);
  clf = estimatorFromJSON(JSON.parse(JSON.stringify(clf.toJSON())), { model: getReg, callbacks }) as KerasRegressor;
  clf.predict([[1]]);
  clf.partialFit([[1]], [1]);
});

test.run();

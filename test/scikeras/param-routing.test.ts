// Port of SciKeras v0.13.0 tests/test_param_routing.py (camelCase API, same inputs and assertions).
// 6 tests, all ported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KerasClassifier, KerasRegressor, type BuildArgs } from '../../src/estimators/index.ts';
import {
  sequential,
  layers,
  Sequential,
  FIT_OPTION_KEYS,
  PREDICT_OPTION_KEYS,
  type FitOptions,
  type History,
  type DataLike,
} from '../../src/nn/index.ts';
import { FIT_PARAMS, PREDICT_PARAMS } from '../../src/estimators/wrappers/routing.ts';
import { COMPILE_KEYS } from '../../src/estimators/wrappers/compile-args.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { type WrapperClass, dynamicClassifier, dynamicRegressor, randint, uniformMatrix } from '../helpers/scikeras.ts';

setWarningHandler(() => {});

const kerasClassifierBaseMetaSet = [
  'XDtype_',
  'yDtype_',
  'classes_',
  'targetType_',
  'nClasses_',
  'nFeaturesIn_',
  'XShape_',
  'nOutputsExpected_',
  'yNdim_',
  'nOutputs_',
  'featureEncoder_',
  'targetEncoder_',
].sort();

const kerasRegressorBaseMetaSet = [
  'XShape_',
  'nOutputsExpected_',
  'XDtype_',
  'nOutputs_',
  'yDtype_',
  'yNdim_',
  'nFeaturesIn_',
  'targetType_',
  'featureEncoder_',
  'targetEncoder_',
].sort();

// SciKeras's BaseWrapper._compile_kwargs, camelCase.
const WRAPPER_COMPILE_KWARGS = ['optimizer', 'loss', 'metrics', 'lossWeights', 'weightedMetrics', 'runEagerly'];

type Builder = (a: BuildArgs) => Sequential;
const cases: Array<[WrapperClass, Builder, string[]]> = [
  [KerasClassifier, dynamicClassifier as Builder, kerasClassifierBaseMetaSet],
  [KerasRegressor, dynamicRegressor as Builder, kerasRegressorBaseMetaSet],
];

const data = (): [number[][], number[]] => {
  const n = 20,
    d = 3,
    nClasses = 3;
  return [uniformMatrix(n, d), randint(0, nClasses, n)];
};

test('test_routing_basic (KerasClassifier, KerasRegressor)', () => {
  for (const [Wrapper, builder, expectedMeta] of cases) {
    const [X, y] = data();
    const fooVal = {};
    let est: InstanceType<WrapperClass>;
    let calls = 0;
    const buildFn = ({ hiddenLayerSizes, foo, compileKwargs, params, meta }: BuildArgs) => {
      calls++;
      assert.equal(Object.keys(params).sort(), Object.keys(est.getParams()).sort());
      assert.equal(Object.keys(meta).sort(), expectedMeta);
      assert.ok(Object.keys(compileKwargs).every((k) => WRAPPER_COMPILE_KWARGS.includes(k)));
      assert.is(foo, fooVal);
      return builder({ hiddenLayerSizes, compileKwargs, meta } as unknown as BuildArgs);
    };
    est = new Wrapper({ model: buildFn, model__hiddenLayerSizes: [100], model__foo: fooVal });
    est.fit(X, y);
    est = new Wrapper({ model: buildFn, model__hiddenLayerSizes: [100], foo: fooVal });
    est.fit(X, y);
    assert.is(calls, 2);
  }
});

test('test_routing_kwargs (KerasClassifier, KerasRegressor)', () => {
  for (const [Wrapper, builder, expectedMeta] of cases) {
    const [X, y] = data();
    // A build function takes one object: its keys are what Python passes as **kwargs.
    const buildFn = (kwargs: BuildArgs, ...args: unknown[]) => {
      assert.is(args.length, 0, 'No *args should be passed to `build_fn`');
      assert.equal(
        Object.keys(kwargs),
        ['hiddenLayerSizes', 'meta', 'compileKwargs', 'params'],
        'The number and order of **kwargs passed to `build_fn` should be fixed',
      );
      assert.equal(Object.keys(kwargs.meta).sort(), expectedMeta);
      assert.ok(Object.keys(kwargs.compileKwargs).every((k) => WRAPPER_COMPILE_KWARGS.includes(k)));
      const { params: _dropped, ...rest } = kwargs; // dynamic_classifier/regressor don't accept it
      return builder(rest as BuildArgs);
    };
    const est = new Wrapper({ model: buildFn, model__hiddenLayerSizes: [100] });
    est.fit(X, y);
  }
});

test('test_routing_sets (fit, compile, predict)', () => {
  // fit and predict: every SciKeras parameter the wrappers route is an option the model's method reads.
  assert.ok(
    FIT_PARAMS.every((k) => FIT_OPTION_KEYS.includes(k)),
    `${FIT_PARAMS}`,
  );
  assert.ok(
    PREDICT_PARAMS.every((k) => PREDICT_OPTION_KEYS.includes(k)),
    `${PREDICT_PARAMS}`,
  );
  // compile: Sequential.compile has no list of its options; every compile__ key it is given must take effect.
  const model = sequential([layers.input({ shape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })]);
  const args: Record<string, unknown> = {
    optimizer: 'sgd',
    loss: 'binary_crossentropy',
    metrics: ['accuracy'],
    weightedMetrics: ['accuracy'],
    lossSettings: { epsilon: 1e-3 },
  };
  assert.equal(Object.keys(args).sort(), [...COMPILE_KEYS].sort());
  model.compile(args as never);
  assert.equal(model.metricsNames, ['accuracy', 'weighted_accuracy']);
  assert.is(model.optimizer.className, 'SGD');
});

test('test_routed_unrouted_equivalence', () => {
  const [X, y] = data();
  let clf = new KerasClassifier({ model: dynamicClassifier, model__hiddenLayerSizes: [100] });
  clf.fit(X, y);
  clf = new KerasClassifier({ model: dynamicClassifier, hiddenLayerSizes: [100] });
  clf.fit(X, y);
});

test('test_parameter_precedence', () => {
  let called = 0;
  class TestModel extends Sequential {
    override fit(x: DataLike, y: DataLike, options: FitOptions = {}): History {
      const kwargs = { ...options } as Record<string, unknown>;
      assert.equal(kwargs.classWeight, { 0: 0.5, 1: 0.5 });
      assert.is(kwargs.custom, 'fit_keyword');
      delete kwargs.custom;
      called++;
      return super.fit(x, y, kwargs);
    }
  }
  const getModel = () =>
    new TestModel({ layers: [layers.input({ shape: [1] }), layers.dense({ units: 1, activation: 'sigmoid' })] });
  const X = [[1], [2]],
    y = [0, 1];
  const clf = new KerasClassifier({
    model: getModel,
    loss: 'binary_crossentropy',
    fit__class_weight: { 0: 0.5, 1: 0.5 }, // test w/ a built in parameter to make sure we can override them
    fit__custom: 'constructor_routed',
  });
  clf.fit(X, y, { custom: 'fit_keyword' });
  assert.is(called, 1);
});

test('test_exclude_parameters_with_further_routing', () => {
  const getModel = () => sequential([layers.input({ shape: [1] }), layers.dense({ units: 1, activation: 'sigmoid' })]);
  const X = [[1], [2]],
    y = [0, 1];
  const clf = new KerasClassifier({
    model: getModel,
    loss: 'binary_crossentropy',
    optimizer__this_should_not_pass__abc: 'error!',
  });
  clf.fit(X, y);
});

test.run();

// Port of SciKeras v0.13.0 tests/test_errors.py (camelCase API, same inputs and assertions).
// 16 tests: 12 ported, 4 not applicable (each says why).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BaseWrapper,
  KerasClassifier,
  KerasRegressor,
  type BuildArgs,
  type ClassifierOutput,
} from '../../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import { ArgumentError, NotFittedError, ValueError } from '../../src/core/errors.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { compileWith, dynamicClassifier, dynamicRegressor, randint, uniformMatrix } from '../helpers/scikeras.ts';

setWarningHandler(() => {});

const valueError = (re: RegExp) => (e: unknown) => e instanceof ValueError && re.test((e as Error).message);
// SciKeras's TypeError is an ArgumentError here.
const typeError = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test((e as Error).message);

// Not applicable: X of more than two dimensions (SciKeras's allow_nd: X of shape (2, 2, 1)); the wrappers
// here take 2-D X only, so the first fit already refuses it.
test.skip('test_X_shape_change', () => {});

test('test_unknown_param', () => {
  const est = new BaseWrapper();
  // (names are quoted in this package's messages: "Invalid parameter 'test' for estimator")
  assert.throws(
    () => est.setParams({ test: 1 }),
    valueError(
      /Invalid parameter 'test' for estimator [\S\s]*This issue can likely be resolved by setting this parameter/,
    ),
  );
});

test('test_not_fitted_error', () => {
  const estimator = new KerasClassifier({ model: dynamicClassifier });
  const X = uniformMatrix(10, 20);
  // This is in BaseWrapper so it covers KerasRegressor as well
  assert.throws(
    () => estimator.predict(X),
    (e: unknown) => e instanceof NotFittedError,
  );
  assert.throws(
    () => estimator.predictProba(X),
    (e: unknown) => e instanceof NotFittedError,
  );
});

test('TestInvalidBuildFn.test_invalid_build_fn', () => {
  class Model {}
  const clf = new KerasClassifier({ model: new Model() as never });
  assert.throws(() => clf.fit([[0], [1]], [0, 1]), typeError(/``model`` must be/));
});

test('TestInvalidBuildFn.test_no_build_fn', () => {
  class NoBuildFn extends KerasClassifier {}
  const clf = new NoBuildFn();
  assert.throws(() => clf.fit([[0], [1]], [0, 1]), valueError(/must implement ``_kerasBuildFn``/));
});

test('TestInvalidBuildFn.test_call_and_build_fn_function', () => {
  class Clf extends KerasClassifier {
    override _kerasBuildFn(): Sequential {
      return dynamicClassifier({ hiddenLayerSizes: [100] } as never);
    }
  }
  const dummyFunc = () => null as unknown as Sequential;
  const clf = new Clf({ model: dummyFunc });
  assert.throws(() => clf.fit([[0], [1]], [0, 1]), valueError(/cannot implement ``_kerasBuildFn``/));
});

test('test_sample_weights_all_zero', () => {
  const estimator = new KerasClassifier({ model: dynamicClassifier, model__hiddenLayerSizes: [100] });
  const n = 50,
    d = 4;
  const X = uniformMatrix(n, d);
  const y = randint(0, 2, n);
  const sampleWeight = y.map(() => 0);
  assert.throws(() => estimator.fit(X, y, { sampleWeight }), valueError(/only zeros were passed in sampleWeight/));
});

// Not applicable: Python raises on a keyword argument a function does not declare; a JavaScript build
// function receives one object and cannot refuse a key it does not read (`model__bar` reaches it as `bar`).
test.skip('test_build_fn_and_init_signature_do_not_agree', () => {});

function getModel({ compile, meta, compileKwargs }: BuildArgs & { compile: boolean }): Sequential {
  const model = sequential([
    layers.input({ shape: [meta.nFeaturesIn_] }),
    layers.dense({ units: 10, activation: 'relu' }),
    layers.dense({ units: meta.nOutputs_, activation: 'sigmoid' }),
  ]);
  if (compile) compileWith(model, compileKwargs);
  return model;
}

test('test_no_loss (loss null, [null] x compile)', () => {
  for (const loss of [null, [null]]) {
    for (const compile of [true, false]) {
      const est = new KerasRegressor({ model: getModel, loss: loss as never, compile });
      assert.throws(() => est.fit([[0], [1]], [0, 1]), valueError(/.*(?:provide a loss)|(?:Provide a `loss`).*/));
    }
  }
});

test('test_no_optimizer (compile true, false)', () => {
  for (const compile of [true, false]) {
    const est = new KerasRegressor({ model: getModel, loss: 'mse', compile, optimizer: null });
    assert.throws(() => est.fit([[0], [1]], [0, 1]), valueError(/You must provide an optimizer/));
  }
});

// Not applicable: JavaScript has one number type. SciKeras refuses y of float64 after int64 (an unsafe
// cast); here y given as Int32Array, Uint8Array or Float64Array holds the same numbers (the analogous refusal
// here is numbers after strings, tested in test/estimators/wrapper-arguments.test.ts).
test.skip('test_target_dtype_changes_incremental_fit', () => {});

test('test_target_dims_changes_incremental_fit', () => {
  const X = [
    [1, 2],
    [2, 3],
  ];
  const y = [1, 3];
  const est = new KerasClassifier<ClassifierOutput>({ model: dynamicClassifier, hiddenLayerSizes: [100] });
  est.fit(X, y);
  const yNew = y.map((v) => [v]);
  assert.throws(() => est.partialFit(X, yNew), valueError(/y has 2 dimensions, but this /));
});

test('test_target_shape_changes_incremental_fit_clf', () => {
  const X = [
    [1, 2],
    [2, 3],
  ];
  const y = [[1], [3]];
  const est = new KerasClassifier<ClassifierOutput>({ model: dynamicClassifier, hiddenLayerSizes: [100] });
  est.fit(X, y);
  // raised by transformers
  assert.throws(
    () =>
      est.partialFit(
        X,
        y.map((r) => [r[0] as number, r[0] as number]),
      ),
    valueError(/features/),
  );
});

test('test_target_shape_changes_incremental_fit_reg', () => {
  const X = [
    [1, 2],
    [2, 3],
  ];
  const y = [[1], [3]];
  const est = new KerasRegressor<number[][]>({ model: dynamicRegressor, hiddenLayerSizes: [100] });
  est.fit(X, y);
  assert.throws(
    () =>
      est.partialFit(
        X,
        y.map((r) => [r[0] as number, r[0] as number]),
      ),
    valueError(/Detected ``y`` to have /),
  );
});

// Not applicable: the X counterpart of test_target_dtype_changes_incremental_fit (uint8, then float64 X);
// X is converted to the model's float type here, and JavaScript numbers have no integer dtypes.
test.skip('test_X_dtype_changes_incremental_fit', () => {});

test('test_target_classes_change_incremental_fit', () => {
  const X = [
    [1, 2],
    [2, 3],
  ];
  const y = [1, 3];
  const est = new KerasClassifier<ClassifierOutput>({ model: dynamicClassifier, hiddenLayerSizes: [100] });
  est.fit(X, y);
  est.partialFit(X.map((r) => Uint8Array.from(r)) as never, y); // X.astype(np.uint8)
  y[0] = 10;
  assert.throws(() => est.partialFit(X, y), valueError(/Found unknown categories/));
});

test.run();

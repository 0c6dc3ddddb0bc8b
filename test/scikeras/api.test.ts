// Port of SciKeras v0.13.0 tests/test_api.py (camelCase API, same inputs and assertions; JSON round trips
// stand in for pickle). 26 tests: 22 ported (the searches' through their
// toJSON / fromJSON), 4 not applicable (each says why).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  KerasClassifier,
  KerasRegressor,
  GridSearchCV,
  RandomizedSearchCV,
  Pipeline,
  StandardScaler,
  registerEstimator,
  estimatorFromJSON,
  type BuildArgs,
  type CompileKwargs,
  type RegressorOutput,
} from '../../src/estimators/index.ts';
import { sequential, layers, losses, metrics, Sequential, type StatefulMetric } from '../../src/nn/index.ts';
import { NotFittedError } from '../../src/core/errors.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import type { Tensor } from '../../src/tensor/tensor.ts';
import {
  type WrapperClass,
  basicChecks,
  compileWith,
  dynamicClassifier,
  dynamicRegressor,
  loadDiabetes,
  loadIris,
  randint,
  uniformMatrix,
  type Bunch,
} from '../helpers/scikeras.ts';

setWarningHandler(() => {});

type HiddenDim = BuildArgs & { hiddenDim: number };

function buildFnClf({ hiddenDim, meta }: HiddenDim): Sequential {
  const model = sequential();
  model.add(layers.dense({ units: meta.nFeaturesIn_, inputShape: meta.XShape_.slice(1) }));
  model.add(layers.activation({ activation: 'relu' }));
  model.add(layers.dense({ units: hiddenDim }));
  model.add(layers.activation({ activation: 'relu' }));
  model.add(layers.dense({ units: meta.nClasses_ as number }));
  model.add(layers.activation({ activation: 'softmax' }));
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

function buildFnReg({ hiddenDim, meta }: HiddenDim): Sequential {
  const model = sequential();
  model.add(layers.dense({ units: meta.nFeaturesIn_, inputShape: [meta.nFeaturesIn_] }));
  model.add(layers.activation({ activation: 'relu' }));
  model.add(layers.dense({ units: hiddenDim }));
  model.add(layers.activation({ activation: 'relu' }));
  model.add(layers.dense({ units: 1 }));
  model.add(layers.activation({ activation: 'linear' }));
  model.compile({ optimizer: 'sgd', loss: 'mean_absolute_error', metrics: ['accuracy'] });
  return model;
}

class InheritClassBuildFnClf extends KerasClassifier {
  override _kerasBuildFn(_compileKwargs: CompileKwargs, args: BuildArgs): Sequential {
    return buildFnClf(args as HiddenDim);
  }
}
class InheritClassBuildFnReg extends KerasRegressor {
  override _kerasBuildFn(_compileKwargs: CompileKwargs, args: BuildArgs): Sequential {
    return buildFnReg(args as HiddenDim);
  }
}
// pickle finds a class by its module path; JSON finds it by its registered name.
registerEstimator(InheritClassBuildFnClf);
registerEstimator(InheritClassBuildFnReg);

// ---------------------------------------------------------------- TestBasicAPI

test('TestBasicAPI.test_classify_build_fn', () => {
  basicChecks(new KerasClassifier({ model: buildFnClf, hiddenDim: 5 }), loadIris, { model: buildFnClf });
});

test('TestBasicAPI.test_classify_inherit_class_build_fn', () => {
  basicChecks(new InheritClassBuildFnClf({ model: null, hiddenDim: 5 }), loadIris);
});

test('TestBasicAPI.test_regression_build_fn', () => {
  basicChecks(new KerasRegressor({ model: buildFnReg, hiddenDim: 5 }), loadDiabetes, { model: buildFnReg });
});

test('TestBasicAPI.test_regression_inherit_class_build_fn', () => {
  basicChecks(new InheritClassBuildFnReg({ model: null, hiddenDim: 5 }), loadDiabetes);
});

// ---------------------------------------------------------------- TestAdvancedAPIFuncs

type Config = [() => Bunch, WrapperClass, (a: BuildArgs) => Sequential];
// CONFIG's CNNClassifier / CNNClassifierF entries (Conv2D on 8x8 digit images, 4-D X, the Functional API)
// are not applicable: the wrappers take 2-D X and there is no convolution layer. The two MLP entries remain.
const CONFIG: Record<string, Config> = {
  MLPRegressor: [loadDiabetes, KerasRegressor, dynamicRegressor as (a: BuildArgs) => Sequential],
  MLPClassifier: [loadIris, KerasClassifier, dynamicClassifier as (a: BuildArgs) => Sequential],
};

test('TestAdvancedAPIFuncs.test_standalone (MLPRegressor, MLPClassifier)', () => {
  for (const config of ['MLPRegressor', 'MLPClassifier']) {
    const [loader, Model, buildFn] = CONFIG[config] as Config;
    const estimator = new Model({ model: buildFn, epochs: 1, model__hiddenLayerSizes: [] });
    basicChecks(estimator, loader, { model: buildFn });
  }
});

test('TestAdvancedAPIFuncs.test_pipeline', () => {
  for (const config of ['MLPRegressor', 'MLPClassifier']) {
    const [loader, Model, buildFn] = CONFIG[config] as Config;
    const estimator = new Model({ model: buildFn, epochs: 1, model__hiddenLayerSizes: [] });
    const pipe = new Pipeline({
      steps: [
        ['s', new StandardScaler()],
        ['e', estimator],
      ],
    });
    basicChecks(pipe as never, loader, { e: { model: buildFn } });
  }
});

test('TestAdvancedAPIFuncs.test_searchcv_init_params (MLPRegressor, MLPClassifier)', () => {
  for (const config of ['MLPRegressor', 'MLPClassifier']) {
    const [loader, Model, buildFn] = CONFIG[config] as Config;
    const estimator = new Model({ model: buildFn, epochs: 1, validationSplit: 0.1, model__hiddenLayerSizes: [] });
    basicChecks(new GridSearchCV({ estimator, paramGrid: { model__hiddenLayerSizes: [[], [5]] } }) as never, loader, {
      estimator: { model: buildFn },
    });
    basicChecks(
      new RandomizedSearchCV({
        estimator,
        paramDistributions: { epochs: [1, 2, 3], optimizer: ['rmsprop', 'sgd'] },
        nIter: 2,
      }) as never,
      loader,
      { estimator: { model: buildFn } },
    );
  }
});

test('TestAdvancedAPIFuncs.test_searchcv_routed_params (MLPClassifier)', () => {
  const [loader, Model, buildFn] = CONFIG.MLPClassifier as Config;
  const estimator = new Model({ model: buildFn, epochs: 1, model__hiddenLayerSizes: [] });
  const search = new GridSearchCV({
    estimator,
    paramGrid: { model__hiddenLayerSizes: [[], [5]], optimizer: ['sgd', 'adam'] },
  });
  basicChecks(search as never, loader, { estimator: { model: buildFn } });
  const best = search.bestEstimator_ as KerasClassifier;
  assert.ok(['sgd', 'adam'].includes(best.model_.optimizer.className.toLowerCase()));
});

// Not applicable: BaggingClassifier / AdaBoostClassifier (and their regressors) are not part of this package.
test.skip('TestAdvancedAPIFuncs.test_ensemble', () => {});

// Not applicable: CalibratedClassifierCV is not part of this package.
test.skip('TestAdvancedAPIFuncs.test_calibratedclassifiercv', () => {});

// ---------------------------------------------------------------- TestPrebuiltModel

test('TestPrebuiltModel.test_basic (MLPRegressor, MLPClassifier)', () => {
  for (const config of ['MLPRegressor', 'MLPClassifier']) {
    const [loader, Model, buildFn] = CONFIG[config] as Config;
    const data = loader();
    const xTrain = data.data.slice(0, 100);
    const yTrain = data.target.slice(0, 100);
    const nClasses = new Set(yTrain).size;
    const compileKwargs = { optimizer: 'adam', loss: null, metrics: null } as unknown as CompileKwargs;
    const meta =
      config !== 'MLPRegressor'
        ? {
            nClasses_: nClasses,
            targetType_: 'multiclass',
            nFeaturesIn_: (xTrain[0] as number[]).length,
            nOutputsExpected_: 1,
          }
        : { nOutputs_: 1, nFeaturesIn_: (xTrain[0] as number[]).length };
    const kerasModel = buildFn({ meta, hiddenLayerSizes: [100], compileKwargs } as unknown as BuildArgs);
    basicChecks(new Model({ model: kerasModel }), loader);
  }
});

// Not applicable: no BaggingClassifier / AdaBoostClassifier here.
test.skip('TestPrebuiltModel.test_ensemble', () => {});

// ---------------------------------------------------------------- module-level tests

test('test_warm_start', () => {
  const data = loadDiabetes();
  const X = data.data.slice(0, 100);
  const y = data.target.slice(0, 100);
  const estimator = new KerasRegressor({ model: dynamicRegressor, model__hiddenLayerSizes: [100] });
  estimator.fit(X, y);
  let model = estimator.model_;
  // With warm start, successive calls to fit should NOT create a new model
  estimator.setParams({ warmStart: true });
  estimator.fit(X, y);
  assert.is(model, estimator.model_);
  // Without warm start, each call to fit should create a new model instance
  estimator.setParams({ warmStart: false });
  for (let i = 0; i < 3; i++) {
    estimator.fit(X, y);
    assert.is.not(model, estimator.model_);
    model = estimator.model_;
  }
});

/** test_api.CustomMetric: a MeanAbsoluteError metric under its own name. */
class CustomMetric implements StatefulMetric {
  readonly name: string;
  private readonly inner = metrics.meanAbsoluteError();
  constructor({ name = 'custom_metric' }: { name?: string } = {}) {
    this.name = name;
  }
  resetState(): void {
    this.inner.resetState();
  }
  updateState(yTrue: Tensor, yPred: Tensor, sw: ArrayLike<number> | null): void {
    this.inner.updateState(yTrue, yPred, sw);
  }
  result(): number {
    return this.inner.result();
  }
}

// ---------------------------------------------------------------- TestPartialFit

const diabetes100 = (): [number[][], number[]] => {
  const d = loadDiabetes();
  return [d.data.slice(0, 100), d.target.slice(0, 100)];
};

test('TestPartialFit.test_partial_fit', () => {
  const [X, y] = diabetes100();
  const estimator = new KerasRegressor({ model: dynamicRegressor, model__hiddenLayerSizes: [100] });
  estimator.partialFit(X, y);
  // Make sure loss history is incremented
  assert.is(estimator.history_.loss?.length, 1);
  estimator.partialFit(X, y);
  assert.is(estimator.history_.loss?.length, 2);
  // Make sure new model not created
  const model = estimator.model_;
  estimator.partialFit(X, y);
  assert.is(estimator.model_, model, 'Model memory address should remain constant');
});

// The round trip is JSON, which cannot hold a user's metric object: toJSON lists `metrics` in omittedParams
// and fromJSON takes it back, as it takes the build function.
test('TestPartialFit.test_partial_fit_history_metric_names', () => {
  const [X, y] = diabetes100();
  const metricsParam = (): unknown[] => ['mean_squared_error', new CustomMetric({ name: 'custom_metric' })];
  let estimator: KerasRegressor<RegressorOutput> = new KerasRegressor({
    model: dynamicRegressor,
    metrics: metricsParam(),
    model__hiddenLayerSizes: [100],
  });
  estimator.partialFit(X, y);
  // Make custom metric names are preserved
  for (let i = 0; i < 2; i++) {
    const json = estimator.toJSON();
    assert.ok(json.omittedParams.includes('metrics'));
    estimator = KerasRegressor.fromJSON(json, { model: dynamicRegressor, metrics: metricsParam() });
    estimator = estimator.partialFit(X, y);
    assert.equal(Object.keys(estimator.history_).sort(), ['custom_metric', 'loss', 'mean_squared_error']);
    assert.is(estimator.history_.loss?.length, i + 2);
  }
});

test('TestPartialFit.test_partial_fit_history_len', () => {
  const [X, y] = diabetes100();
  const estimator = new KerasRegressor({
    model: dynamicRegressor,
    metrics: 'mean_squared_error',
    model__hiddenLayerSizes: [100],
  });
  for (let k = 0; k < 10; k++) {
    estimator.partialFit(X, y);
    assert.is(estimator.history_.loss?.length, k + 1);
    assert.equal(Object.keys(estimator.history_).sort(), ['loss', 'mean_squared_error']);
  }
});

test('TestPartialFit.test_partial_fit_single_epoch', () => {
  const [X, y] = diabetes100();
  const epochs = 9;
  const partialFitIter = 4;
  const estimator = new KerasRegressor({ model: dynamicRegressor, model__hiddenLayerSizes: [100], epochs });
  // Check that each partial_fit call trains for 1 epoch
  for (let k = 1; k < partialFitIter; k++) {
    estimator.partialFit(X, y);
    assert.is(estimator.history_.loss?.length, k);
  }
  // Check that fit calls still train for the number of epochs specified in the constructor
  estimator.fit(X, y);
  assert.is(estimator.history_.loss?.length, epochs);
});

test('TestPartialFit.test_current_epoch_property (warmStart x epochs prefix)', () => {
  const d = loadDiabetes();
  const X = d.data.slice(0, 10);
  const y = d.target.slice(0, 10);
  for (const warmStart of [true, false]) {
    for (const epochsPrefix of ['', 'fit__']) {
      const epochs = 2;
      const partialFitIter = 3;
      const estimator = new KerasRegressor({ model: dynamicRegressor, model__hiddenLayerSizes: [], warmStart });
      estimator.setParams({ [`${epochsPrefix}epochs`]: epochs });
      // Check that each partial_fit call trains for 1 epoch
      for (let k = 1; k < partialFitIter; k++) {
        estimator.partialFit(X, y);
        assert.is(estimator.currentEpoch, k);
      }
      // Check that fit calls still train for the number of epochs specified in the constructor
      estimator.fit(X, y);
      assert.is(estimator.currentEpoch, epochs);
      // partial_fit is able to resume from a non-zero epoch
      estimator.partialFit(X, y);
      assert.is(estimator.currentEpoch, epochs + 1);
    }
  }
});

// Not applicable: its configs are the CNN classifiers (Conv2D on 4-D digit images, one through the Functional
// API), and the weight-count bounds it checks are those of that convolutional network.
test.skip('TestPartialFit.test_pf_pickle_pf', () => {});

test('TestPartialFit.test_partial_fit_classes_param', () => {
  const clf = new KerasClassifier({
    model: dynamicClassifier,
    loss: 'sparse_categorical_crossentropy',
    model__hiddenLayerSizes: [100],
  });
  const X1 = [
    [1, 4],
    [2, 5],
    [3, 6],
  ];
  const y1 = [1, 2, 2];
  const X2 = X1;
  const y2 = [2, 3, 3];
  const classes = [...new Set([...y1, ...y2])].sort();
  clf.partialFit(X1, y1, { classes });
  clf.score(X1, y1);
  clf.score(X2, y2);
  clf.partialFit(X2, y2);
  clf.score(X1, y1);
  clf.score(X2, y2);
});

// ---------------------------------------------------------------- TestHistory

function forceCompileShorthand({ hiddenLayerSizes, meta, compileKwargs, params }: BuildArgs): Sequential {
  const model = dynamicRegressor({ hiddenLayerSizes, meta, compileKwargs, params } as BuildArgs & {
    hiddenLayerSizes: number[];
  });
  compileWith(model, {
    optimizer: compileKwargs.optimizer,
    loss: compileKwargs.loss,
    metrics: params.metrics as unknown[],
  } as CompileKwargs);
  return model;
}

test('TestHistory.test_history', () => {
  const [X, y] = diabetes100();
  const estimator = new KerasRegressor({ model: dynamicRegressor, model__hiddenLayerSizes: [] });
  estimator.partialFit(X, y);
  assert.type(estimator.history_, 'object');
  assert.ok(Object.keys(estimator.history_).every((k) => typeof k === 'string'));
  assert.ok(Object.values(estimator.history_).every((v) => Array.isArray(v)));
});

test('TestHistory.test_partial_fit_shorthand_metric_name', () => {
  const est = new KerasRegressor({
    model: forceCompileShorthand,
    model__hiddenLayerSizes: [100],
    metrics: ['mae'], // shorthand
  });
  const [X, y] = diabetes100();
  est.fit(X, y);
  assert.ok(!('mae' in est.history_) && 'mean_absolute_error' in est.history_);
});

// ---------------------------------------------------------------- test_compile_model_from_params

/**
 * Loss classes standing in for keras.losses.MeanAbsoluteError, CosineSimilarity and CategoricalHinge: only
 * their class names matter to the check (SciKeras compares `loss_name`s), and every one trains as MAE.
 */
class MeanAbsoluteError {
  readonly name = 'mean_absolute_error';
  readonly fn = losses.meanAbsoluteError;
  readonly fromLogits = false;
}
class CosineSimilarity extends MeanAbsoluteError {}
class CategoricalHinge extends MeanAbsoluteError {}

test('test_compile_model_from_params', () => {
  const [X, y] = diabetes100();
  const OtherLoss = MeanAbsoluteError;
  const nFeatures = (X[0] as number[]).length;
  // build_fn that does not compile
  const buildFn = ({ myLoss = null }: BuildArgs & { myLoss?: unknown }) => {
    const model = sequential();
    model.add(layers.dense({ units: nFeatures, inputShape: [nFeatures] }));
    model.add(layers.activation({ activation: 'relu' }));
    model.add(layers.dense({ units: 1 }));
    model.add(layers.activation({ activation: 'linear' }));
    if (myLoss !== null) model.compile({ loss: myLoss as never });
    return model;
  };

  // Calling with loss=None (or other default) and compiling within build_fn must work
  let lossObj = new OtherLoss();
  let estimator: KerasRegressor = new KerasRegressor({ model: buildFn, myLoss: lossObj });
  estimator.fit(X, y);
  assert.is(estimator.model_.loss, lossObj as never);

  // Passing a value for loss AND compiling with the SAME loss should succeed, and the final loss
  // should be the user-supplied loss
  lossObj = new OtherLoss();
  estimator = new KerasRegressor({ model: buildFn, loss: new OtherLoss() as never, myLoss: lossObj });
  estimator.fit(X, y);
  assert.is(estimator.model_.loss, lossObj as never);

  // Passing a non-default value for loss AND compiling with a DIFFERENT loss should raise a ValueError
  lossObj = new OtherLoss();
  estimator = new KerasRegressor({ model: buildFn, loss: new CosineSimilarity() as never, myLoss: lossObj });
  assert.throws(() => estimator.fit(X, y), / but model compiled with /);

  // The ValueError should appear even if the default is != None
  class DefaultLossNotNone extends KerasRegressor {
    static override readonly defaults = Object.freeze({ ...KerasRegressor.defaults, loss: new CosineSimilarity() });
  }
  lossObj = new OtherLoss();
  estimator = new DefaultLossNotNone({ model: buildFn, myLoss: lossObj });
  estimator.fit(X, y);
  assert.is(estimator.model_.loss, lossObj as never);

  lossObj = new OtherLoss();
  estimator = new DefaultLossNotNone({ model: buildFn, loss: new CategoricalHinge() as never, myLoss: lossObj });
  assert.throws(() => estimator.fit(X, y), / but model compiled with /);
});

test('test_subclassed_model_no_params', () => {
  class MLPClassifier extends KerasClassifier {
    constructor() {
      super();
    }
    override _kerasBuildFn(): Sequential {
      const model = sequential();
      model.add(layers.dense({ units: 2, activation: 'relu', inputShape: [2] }));
      model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ loss: 'binary_crossentropy' });
      return model;
    }
  }
  const clf = new MLPClassifier();
  const X = uniformMatrix(100, 2);
  const y = randint(0, 1, 100);
  clf.fit(X, y);
  clf.predict(X);
});

// ---------------------------------------------------------------- TestInitialize

test('TestInitialize.test_prebuilt_model (KerasClassifier, KerasRegressor)', () => {
  for (const Wrapper of [KerasClassifier, KerasRegressor] as WrapperClass[]) {
    // Define a simple model
    const m1 = sequential([layers.input({ shape: [1] }), layers.dense({ units: 1 })]);
    m1.compile({ loss: 'mae', optimizer: 'adam' });
    // Create some test data
    const X = uniformMatrix(100, 1);
    const y = randint(0, 3, 100);
    // Fit the model
    m1.fit(X, y, { verbose: 0 });
    // Save Keras prediction; Keras outputs 2D despite input being 1D
    const yPredKeras = Array.from(m1.predict(X).data);
    // Make a copy of the model to make sure we don't modify the original
    const m2 = m1.clone();
    // Wrap with SciKeras
    const est = new Wrapper({ model: m2 });
    // Without calling initialize, a NotFittedError is raised
    assert.throws(
      () => est.predict(X),
      (e: unknown) => e instanceof NotFittedError,
    );
    est.initialize(X, y);
    // Save predictions from wrapped model (predict_proba squeezes the single column, as np.squeeze does)
    const yPredScikeras =
      est instanceof KerasClassifier ? est.predictProba(X).flat() : (est.predict(X) as number[]).flat();
    yPredScikeras.forEach((v, i) => assert.ok(Math.abs(v - (yPredKeras[i] as number)) <= 1e-7 * Math.abs(v) + 1e-7));
    // Check that we are still using the same model object
    assert.is(est.model_, m2);
  }
});

function buildModelForPartialWrapping(inputSize = 100): Sequential {
  return sequential([layers.input({ shape: [inputSize] }), layers.dense({ units: 1 })]);
}

test('test_partial_model_build_fn', () => {
  const X = uniformMatrix(100, 1);
  const y = uniformMatrix(100, 1, 3).map((r) => 3 * (r[0] as number));
  // functools.partial(build_model_for_partial_wrapping, input_size=1): a bound function here
  const buildFn = buildModelForPartialWrapping.bind(null, 1);
  let reg = new KerasRegressor({ model: buildFn, loss: 'mse' });
  reg = reg.fit(X, y);
  reg = estimatorFromJSON(JSON.parse(JSON.stringify(reg.toJSON())), { model: buildFn }) as KerasRegressor;
  reg.predict(X);
});

test.run();

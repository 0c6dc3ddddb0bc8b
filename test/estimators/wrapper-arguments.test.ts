// The SciKeras wrappers' argument handling: class weights, routed predict / compile arguments, optimizer
// templates and subclasses, models compiled with custom losses, one-class targets, output-width errors,
// parameter names, and fitAsync.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KerasClassifier, KerasRegressor, clone, crossValScore } from '../../src/estimators/index.ts';
import { sequential, layers, optimizers, losses, Sequential, Adam, SGD } from '../../src/nn/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { ValueError } from '../../src/core/errors.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

setWarningHandler(() => {});
const iris = splitEveryFourth(loadCsv('iris'));
const [X] = standardize(iris.Xtr) as [number[][]];
const y = iris.ytr;

test('clone of a wrapper holding a model compiled with a custom loss can fit', () => {
  const m = sequential([layers.dense({ units: 1, inputShape: [4] })], { seed: 0 });
  m.compile({ loss: (yt, yp) => losses.meanSquaredError(yt, yp), optimizer: optimizers.sgd({ learningRate: 0.01 }) });
  const c = clone(new KerasRegressor({ model: m, verbose: 0, epochs: 2 }));
  c.fit(
    X,
    X.map((r) => r[0] as number),
  );
  assert.ok(c.model_ instanceof Sequential);
  assert.is.not(c.model_, m);
});

test('a KerasClassifier fitted on one class predicts that class, never undefined', () => {
  const build = ({ meta }: { meta: { nFeaturesIn_: number } }) => {
    const model = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [meta.nFeaturesIn_] })], {
      seed: 0,
    });
    model.compile({ loss: 'binary_crossentropy', optimizer: 'adam' });
    return model;
  };
  const k = new KerasClassifier({ model: build, epochs: 2, verbose: 0, randomState: 1 }).fit(
    [
      [0, 1],
      [1, 2],
      [3, 4],
    ],
    ['a', 'a', 'a'],
  );
  assert.equal(
    k.predict([
      [0, 1],
      [9, 9],
      [-9, -9],
    ]),
    ['a', 'a', 'a'],
  );
});

test('a model with more output units than classes is an error at predict, not undefined labels', () => {
  const build = ({ meta }: { meta: { nFeaturesIn_: number } }) => {
    const model = sequential([layers.dense({ units: 5, activation: 'softmax', inputShape: [meta.nFeaturesIn_] })], {
      seed: 0,
    });
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return model;
  };
  const k = new KerasClassifier({ model: build, epochs: 1, verbose: 0, randomState: 0 }).fit(
    [[0], [1], [2]],
    ['a', 'b', 'c'],
  );
  // force a prediction of class index 4 by setting the last unit's bias high
  const w = k.model_.getWeights();
  const bias = w[1]!.data;
  bias[4] = 1e3;
  k.model_.setWeights(w);
  assert.throws(
    () => k.predict([[0]]),
    /The model predicted class index 4, but ClassifierLabelEncoder was fitted on 3 classes \(\['a', 'b', 'c'\]\); the output layer should have 3 units\./,
  );
});

test('the wrappers take user parameters, but not a snake_case twin of a wrapper parameter', () => {
  // SciKeras's user parameters are welcome, but not a snake_case twin of a wrapper parameter
  const build = () => sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
  assert.equal(new KerasClassifier({ model: build, hiddenLayerSizes: [4] }).getParams().hiddenLayerSizes, [4]);
  assert.equal(new KerasClassifier({ model: build, hidden_layer_sizes: [4] }).getParams().hidden_layer_sizes, [4]);
  assert.throws(
    () => new KerasClassifier({ model: build, batch_size: 8 }),
    /KerasClassifier got an unexpected parameter 'batch_size' \(parameters are camelCase here: did you mean 'batchSize'\?\)/,
  );
});

test('an optimizer instance is a template: each fit trains a copy, the parameter is untouched and refits repeat', () => {
  const build = ({ compileKwargs }: { compileKwargs: { optimizer: unknown } }) => {
    const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer as Adam });
    return m;
  };
  const opt = new Adam({ learningRate: 0.01 });
  const e = new KerasClassifier({ model: build, optimizer: opt, epochs: 3, verbose: 0, randomState: 0 });
  const first = e.fit(X, y).predictProba(X.slice(0, 3));
  assert.equal(e.fit(X, y).predictProba(X.slice(0, 3)), first);
  assert.is(opt.toJSON().state?.iterations ?? 0, 0);
  assert.is.not(e.model_.optimizer, opt);
});

test('compile__optimizer / compile__loss replace the plain parameters and take optimizer__ arguments (SciKeras); unknown compile__ keys are errors', () => {
  const seen: unknown[] = [];
  const build = ({ compileKwargs }: { compileKwargs: { optimizer: unknown } }) => {
    seen.push(compileKwargs.optimizer);
    return sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
  };
  // (A `loss` parameter beside compile__loss would have to name the compiled loss: SciKeras compares the two.)
  const e = new KerasClassifier({
    model: build,
    compile__loss: 'sparse_categorical_crossentropy',
    optimizer: 'adam',
    compile__optimizer: 'sgd',
    optimizer__learningRate: 0.3,
    epochs: 1,
    verbose: 0,
    randomState: 0,
  });
  e.fit(X, y);
  assert.is(e.model_.optimizer.className, 'SGD');
  assert.is((e.model_.optimizer as unknown as { learningRate: number }).learningRate, 0.3);
  assert.is(e.model_.loss.name, 'sparse_categorical_crossentropy');
  assert.is((seen[0] as { className: string }).className, 'SGD');
  assert.throws(
    () =>
      new KerasClassifier({ model: build, loss: 'sparse_categorical_crossentropy', compile__foo: 1, verbose: 0 }).fit(
        X,
        y,
      ),
    /compile__foo: unknown compile argument 'foo'. Valid arguments: optimizer, loss, metrics, weightedMetrics, lossSettings/,
  );
});

test("wrapper argument checks: classWeight keys (scikit-learn's rule), initialize lengths, predict__ arguments, classes, warmStart / shuffle types", () => {
  const build = () => {
    const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return m;
  };
  const C = (p: Record<string, unknown> = {}) =>
    new KerasClassifier({ model: build, epochs: 1, verbose: 0, randomState: 0, ...p });
  // scikit-learn 1.2.1: compute_sample_weight({0: 1, 5: 10}, [0, 1, 2, ...]) -> "The classes, [1, 2], are not in class_weight"
  assert.throws(() => C({ classWeight: { 0: 1, 5: 10 } }).fit(X, y), /^The classes, \[1, 2\], are not in classWeight$/);
  assert.ok(C({ classWeight: { 0: 1, 1: 2, 2: 3, 5: 10 } }).fit(X, y).initialized_); // every class weighted: extra keys allowed
  assert.throws(() => C().initialize(X, y.slice(0, 10)), /inconsistent numbers of samples: \[\d+, 10\]/);
  assert.throws(
    () => C({ predict__batchSize: 0 }).fit(X, y).predict(X),
    /predict__batchSize must be a positive integer, or -1 for all rows at once. Got 0 instead./,
  );
  assert.throws(
    () => C({ predict__foo: 1 }).fit(X, y).predict(X),
    /predict\(\) got an unexpected keyword argument 'foo'/,
  );
  assert.is(C({ predict__batchSize: -1 }).fit(X, y).predict(X).length, X.length);
  assert.throws(() => C().fit(X, y, { classes: [0, 1, 2] }), /fit\(\) got an unexpected keyword argument 'classes'/);
  assert.throws(
    () => C().partialFit(X, y, { classes: 3 as unknown as number[] }),
    /partialFit: 'classes' must be a non-empty array of labels. Got 3 instead./,
  );
  assert.throws(
    () =>
      new KerasRegressor({
        model: () => sequential([layers.dense({ units: 1, inputShape: [4] })]),
        loss: 'mse',
        verbose: 0,
      }).partialFit(X, y, { classes: [0, 1] }),
    /KerasRegressor is a regressor/,
  );
  assert.throws(
    () => C({ warmStart: 'yes' }).fit(X, y),
    /The 'warmStart' parameter of KerasClassifier must be an instance of 'bool'. Got 'yes' instead./,
  );
  assert.throws(() => C({ shuffle: 'no' }).fit(X, y), /fit: 'shuffle' must be a boolean. Got 'no' instead./);
});

test("randomState is checked with scikit-learn's message", () => {
  assert.throws(
    () =>
      new KerasRegressor({
        model: () => sequential([layers.dense({ units: 1, inputShape: [4] })]),
        loss: 'mse',
        randomState: 1.5,
        verbose: 0,
      }).fit(
        X,
        X.map((r) => r[0] as number),
      ),
    /The 'randomState' parameter of KerasRegressor must be an int in the range \[0, 4294967295\] or None. Got 1.5 instead./,
  );
});

test('KerasClassifier fitAsync gives the same model as fit', async () => {
  const build = () => {
    const m = sequential([
      layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return m;
  };
  const k = () => new KerasClassifier({ model: build, epochs: 5, verbose: 0, randomState: 3 });
  assert.equal((await k().fitAsync(X, y)).predictProba(X), k().fit(X, y).predictProba(X));
});

test('a wrapper around an unbuilt Sequential clones and cross-validates', () => {
  const seq = () => sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 5 });
  const est = new KerasClassifier({
    model: seq(),
    loss: 'sparse_categorical_crossentropy',
    optimizer: 'adam',
    epochs: 1,
    verbose: 0,
    randomState: 0,
  });
  assert.is(crossValScore(est, X, y, { cv: 2 }).length, 2);
});

test("a user's optimizer subclass is used as it is (its behaviour cannot be rebuilt from a config); classes may be a typed array", () => {
  let steps = 0;
  class CountingSGD extends SGD {
    override apply(weights: Parameters<SGD['apply']>[0]): void {
      steps++;
      super.apply(weights);
    }
  }
  const build = ({ compileKwargs }: { compileKwargs: { optimizer: unknown } }) => {
    const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer as SGD });
    return m;
  };
  new KerasClassifier({
    model: build,
    optimizer: new CountingSGD({ learningRate: 0.1 }),
    epochs: 1,
    batchSize: 1000,
    verbose: 0,
  }).fit(X, y);
  assert.is(steps, 1);
  assert.equal(
    new KerasClassifier({ model: build, optimizer: 'sgd', verbose: 0 }).partialFit(X, y, {
      classes: Int32Array.of(0, 1, 2) as unknown as number[],
    }).classes_,
    [0, 1, 2],
  );
});

test('null options are no options; other non-objects are refused by name', async () => {
  const build = () => {
    const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return m;
  };
  const C = () => new KerasClassifier({ model: build, epochs: 1, verbose: 0, randomState: 0 });
  assert.ok(C().fit(X, y, null as never).initialized_);
  assert.ok(C().partialFit(X, y, null as never).initialized_);
  assert.ok((await C().fitAsync(X, y, null as never)).initialized_);
  assert.throws(
    () => C().fit(X, y, 3 as never),
    (e: unknown) => e instanceof ValueError && /fit: expected an options object, got 3/.test((e as Error).message),
  );
  assert.is(crossValScore(C(), X, y, null as never).length, 5);
});

test('a second fit while a fitAsync of the same estimator runs is refused (the two would train one model in turns)', async () => {
  const build = () => {
    const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return m;
  };
  const est = new KerasClassifier({ model: build, epochs: 30, batchSize: 4, verbose: 0, randomState: 0 });
  const first = est.fitAsync(X, y, { yieldEvery: 1 });
  const refused = (e: unknown) =>
    e instanceof ValueError && /a fitAsync of this estimator is still running/.test((e as Error).message);
  assert.throws(() => est.fit(X, y), refused);
  assert.throws(() => est.partialFit(X, y), refused);
  try {
    await est.fitAsync(X, y);
    assert.unreachable('the second fitAsync must be refused');
  } catch (e) {
    assert.ok(refused(e), String(e));
  }
  await first;
  assert.is(est.history_.loss?.length, 30);
  assert.ok(est.fit(X, y).initialized_, 'fitting again after it ended works');
});

test("dtype: 'float64' with a build function that builds in float32 warns that it trains in float32", () => {
  const warnings: string[] = [];
  const prev = setWarningHandler((c, m) => warnings.push(`${c}: ${m}`));
  try {
    const build = () => {
      const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
      m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
      return m;
    };
    new KerasClassifier({ model: build, dtype: 'float64', epochs: 1, verbose: 0 }).fit(X, y);
    const followed = ({ params }: { params: Record<string, unknown> }) => {
      const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], {
        dtype: params.dtype as 'float64',
      });
      m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
      return m;
    };
    assert.is(
      new KerasClassifier({ model: followed, dtype: 'float64', epochs: 1, verbose: 0 }).fit(X, y).model_.dtype,
      'float64',
    );
  } finally {
    setWarningHandler(prev);
  }
  assert.equal(
    warnings.filter((w) => w.includes('dtype')),
    [
      "UserWarning: KerasClassifier: dtype is 'float64' but the model was built in float32, so it trains and predicts in float32. Build it with sequential({ dtype: params.dtype }) to follow the parameter.",
    ],
  );
});

test.run();

// SciKeras behaviours of KerasClassifier / KerasRegressor (ported from
// adriangb/scikeras tests where they apply).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  KerasClassifier,
  KerasRegressor,
  clone,
  type BuildArgs,
  type CompileKwargs,
} from '../../src/estimators/index.ts';
import { sequential, layers, callbacks, Sequential, Adam, SGD } from '../../src/nn/index.ts';
import { NotFittedError } from '../../src/core/errors.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

const iris = splitEveryFourth(loadCsv('iris'));
const [Xtr, Xte] = standardize(iris.Xtr, iris.Xte) as [number[][], number[][]];
const names = ['setosa', 'versicolor', 'virginica'];

function dynamicClassifier({
  hiddenLayerSizes = [10],
  meta,
  compileKwargs,
}: BuildArgs & { hiddenLayerSizes?: number[] }): Sequential {
  const m = sequential();
  m.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const h of hiddenLayerSizes) m.add(layers.dense({ units: h, activation: 'relu' }));
  if (meta.targetType_ === 'binary') {
    m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    m.compile({
      loss: compileKwargs.loss ?? 'binary_crossentropy',
      optimizer: compileKwargs.optimizer,
      metrics: compileKwargs.metrics as string[],
    });
  } else {
    m.add(layers.dense({ units: meta.nClasses_ as number, activation: 'softmax' }));
    m.compile({
      loss: compileKwargs.loss ?? 'sparse_categorical_crossentropy',
      optimizer: compileKwargs.optimizer,
      metrics: compileKwargs.metrics as string[],
    });
  }
  return m;
}

function dynamicRegressor({
  hiddenLayerSizes = [10],
  meta,
  compileKwargs,
}: BuildArgs & { hiddenLayerSizes?: number[] }): Sequential {
  const m = sequential();
  m.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const h of hiddenLayerSizes) m.add(layers.dense({ units: h, activation: 'relu' }));
  m.add(layers.dense({ units: meta.nOutputs_ }));
  m.compile({ loss: 'mse', optimizer: compileKwargs.optimizer });
  return m;
}

const clf = (extra: Record<string, unknown> = {}) =>
  new KerasClassifier({
    model: dynamicClassifier,
    optimizer: 'adam',
    epochs: 20,
    verbose: 0,
    randomState: 0,
    ...extra,
  });

test('fit/predict/score on string labels; labels come back in their own type', () => {
  const y = iris.ytr.map((v) => names[v] as string);
  const est = clf({ hiddenLayerSizes: [16], epochs: 60 }).fit(Xtr, y);
  const pred = est.predict(Xte) as string[];
  assert.ok(pred.every((p) => names.includes(p)));
  assert.ok(
    est.score(
      Xte,
      iris.yte.map((v) => names[v] as string),
    ) >= 0.85,
  );
  assert.equal(est.classes_, names);
  assert.is(est.nClasses_, 3);
  assert.is(est.targetType_, 'multiclass');
  assert.is(est.nFeaturesIn_, 4);
  assert.equal(est.XShape_, [Xtr.length, 4]);
  const proba = est.predictProba(Xte);
  assert.is(proba.length, Xte.length);
  assert.ok(proba.every((r) => r.length === 3 && Math.abs(r.reduce((a, b) => a + b, 0) - 1) < 1e-5));
});

test('binary targets: boolean labels, predictProba has two columns [1 - p, p]', () => {
  const keep = iris.ytr
    .map((v, i) => [v, i] as const)
    .filter(([v]) => v !== 2)
    .map(([, i]) => i);
  const X = keep.map((i) => Xtr[i] as number[]);
  const y = keep.map((i) => iris.ytr[i] === 1);
  const est = clf({ epochs: 30 }).fit(X, y);
  assert.is(est.targetType_, 'binary');
  assert.equal(est.classes_, [false, true]);
  const p = est.predictProba(X);
  assert.ok(p.every((r) => r.length === 2 && Math.abs((r[0] as number) + (r[1] as number) - 1) < 1e-6));
  assert.ok((est.predict(X) as boolean[]).every((v) => typeof v === 'boolean'));
  assert.ok(est.score(X, y) > 0.95);
});

test('the build function gets user params, model__ params, meta, compileKwargs and params (one object)', () => {
  let seen: BuildArgs | null = null;
  const est = new KerasClassifier({
    model: (args: BuildArgs) => {
      seen = args;
      return dynamicClassifier(args);
    },
    hiddenLayerSizes: [7],
    model__foo: 3,
    optimizer: 'sgd',
    optimizer__learning_rate: 0.15,
    optimizer__momentum: 0.5,
    epochs: 1,
    verbose: 0,
  });
  est.fit(Xtr, iris.ytr);
  const a = seen as unknown as BuildArgs;
  assert.equal(a.hiddenLayerSizes, [7]);
  assert.is(a.foo, 3);
  assert.equal(Object.keys(a.meta).sort(), [
    'XDtype_',
    'XShape_',
    'classes_',
    'featureEncoder_',
    'nClasses_',
    'nFeaturesIn_',
    'nOutputsExpected_',
    'nOutputs_',
    'targetEncoder_',
    'targetType_',
    'yDtype_',
    'yNdim_',
  ]);
  assert.equal(Object.keys(a.params).sort(), Object.keys(est.getParams()).sort());
  const opt = a.compileKwargs.optimizer as SGD;
  assert.instance(opt, SGD);
  assert.ok(Math.abs(opt.learningRate - 0.15) < 1e-9 && Math.abs(opt.momentum - 0.5) < 1e-9);
  assert.is(est.model_.optimizer, opt);
});

test('model__x and x pass the same value; routed keys are real params (get/set/clone)', () => {
  const seen: unknown[] = [];
  const fn = (args: BuildArgs) => {
    seen.push(args.hiddenLayerSizes);
    return dynamicClassifier(args as BuildArgs & { hiddenLayerSizes?: number[] });
  };
  const sizes = [5];
  new KerasClassifier({ model: fn, hiddenLayerSizes: sizes, epochs: 1, verbose: 0 }).fit(Xtr, iris.ytr);
  new KerasClassifier({ model: fn, model__hiddenLayerSizes: sizes, epochs: 1, verbose: 0 }).fit(Xtr, iris.ytr);
  assert.is(seen[0], sizes);
  assert.is(seen[1], sizes);
  const est = clf({ optimizer__learningRate: 0.01, hiddenLayerSizes: [10] });
  assert.is(est.getParams().optimizer__learningRate, 0.01);
  est.setParams({ optimizer__learning_rate: 0.02, hiddenLayerSizes: [3] });
  const c = clone(est);
  assert.is(c.getParams().optimizer__learning_rate, 0.02);
  assert.equal(c.getParams().hiddenLayerSizes, [3]);
  assert.throws(
    () => est.setParams({ nope: 1 }),
    /Invalid parameter 'nope' for estimator KerasClassifier[\s\S]*This issue can likely be resolved by setting this parameter/,
  );
});

test('precedence: fit(X, y, {epochs}) > fit__epochs > epochs; batchSize -1 means all rows', () => {
  const est = clf({ epochs: 1, fit__epochs: 2 });
  est.fit(Xtr, iris.ytr);
  assert.is(est.history_.loss?.length, 2);
  est.fit(Xtr, iris.ytr, { epochs: 3 });
  assert.is(est.history_.loss?.length, 3);
  assert.is(est.getParams().epochs, 1);
  let batches = 0;
  clf({ batchSize: -1, epochs: 1, callbacks: [{ onBatchEnd: () => batches++ }] }).fit(Xtr, iris.ytr);
  assert.is(batches, 1);
  assert.throws(() => clf().fit(Xtr, iris.ytr, { custom: 1 }), /unexpected keyword argument 'custom'/);
});

test('partialFit trains exactly one epoch, appends history, keeps the model; epochs is refused', () => {
  const est = clf({ epochs: 9 });
  est.partialFit(Xtr, iris.ytr);
  const model = est.model_;
  assert.is(est.history_.loss?.length, 1);
  est.partialFit(Xtr, iris.ytr);
  assert.is(est.history_.loss?.length, 2);
  assert.is(est.model_, model);
  assert.is(est.currentEpoch, 2);
  est.fit(Xtr, iris.ytr);
  assert.is(est.history_.loss?.length, 9);
  assert.throws(() => est.partialFit(Xtr, iris.ytr, { epochs: 2 }), /Invalid argument `epochs` to `partialFit`/);
});

test('warmStart keeps model_ across fits; without it each fit builds a new one', () => {
  const a = clf({ warmStart: true, epochs: 1 }).fit(Xtr, iris.ytr);
  const m = a.model_;
  a.fit(Xtr, iris.ytr);
  assert.is(a.model_, m);
  const b = clf({ epochs: 1 }).fit(Xtr, iris.ytr);
  const m2 = b.model_;
  b.fit(Xtr, iris.ytr);
  assert.is.not(b.model_, m2);
});

test('randomState: same seed, same predictions; null differs', () => {
  const p1 = clf({ randomState: 3 }).fit(Xtr, iris.ytr).predictProba(Xte);
  const p2 = clf({ randomState: 3 }).fit(Xtr, iris.ytr).predictProba(Xte);
  assert.equal(p1, p2);
  const reg = (rs: number | null) =>
    new KerasRegressor({ model: dynamicRegressor, optimizer: 'adam', epochs: 3, verbose: 0, randomState: rs })
      .fit(
        Xtr,
        Xtr.map((r) => r[0] as number),
      )
      .predict(Xte);
  assert.not.equal(reg(null), reg(null));
});

test('errors: NotFitted, no loss, compiled-loss mismatch, bad model, _kerasBuildFn rules, feature count', () => {
  assert.throws(
    () => clf().predict(Xte),
    (e: unknown) => e instanceof NotFittedError && /not fitted yet/.test((e as Error).message),
  );
  const uncompiled = ({ meta }: BuildArgs) =>
    sequential([layers.input({ shape: [meta.nFeaturesIn_] }), layers.dense({ units: 3, activation: 'softmax' })]);
  assert.throws(
    () => new KerasClassifier({ model: uncompiled, verbose: 0 }).fit(Xtr, iris.ytr),
    /You must provide a loss or a compiled model/,
  );
  const okUncompiled = new KerasClassifier({
    model: uncompiled,
    loss: 'sparse_categorical_crossentropy',
    verbose: 0,
    epochs: 1,
  }).fit(Xtr, iris.ytr);
  assert.is(okUncompiled.model_.loss.name, 'sparse_categorical_crossentropy');
  const fixedLoss = ({ meta, compileKwargs }: BuildArgs) => {
    const m = sequential([
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer });
    return m;
  };
  assert.throws(
    () => new KerasClassifier({ model: fixedLoss, loss: 'categorical_crossentropy', verbose: 0 }).fit(Xtr, iris.ytr),
    / but model compiled with /,
  );
  assert.throws(
    () => new KerasClassifier({ model: 42 as never, verbose: 0 }).fit(Xtr, iris.ytr),
    /``model`` must be a build function, a Sequential model or null/,
  );
  assert.throws(() => new KerasClassifier({ verbose: 0 }).fit(Xtr, iris.ytr), /you must implement ``_kerasBuildFn``/);
  class Both extends KerasClassifier {
    override _kerasBuildFn(c: CompileKwargs) {
      return dynamicClassifier({
        meta: { nFeaturesIn_: 4, targetType_: 'multiclass', nClasses_: 3 } as never,
        compileKwargs: c,
        params: {},
      });
    }
  }
  assert.throws(
    () => new Both({ model: dynamicClassifier, verbose: 0 }).fit(Xtr, iris.ytr),
    /cannot implement ``_kerasBuildFn`` if using the `model` parameter/,
  );
  const fitted = clf({ epochs: 1 }).fit(Xtr, iris.ytr);
  assert.throws(
    () => fitted.predict([[1, 2, 3]]),
    /X has 3 features, but KerasClassifier is expecting 4 features as input./,
  );
  assert.throws(
    () => clf().fit(Xtr, iris.ytr, { sampleWeight: iris.ytr.map(() => 0) }),
    /only zeros were passed in sampleWeight/,
  );
});

test('a pre-built Sequential is used as is; initialize() makes predict work without fit', () => {
  const m = sequential([layers.input({ shape: [4] }), layers.dense({ units: 3, activation: 'softmax' })], { seed: 1 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const est = new KerasClassifier({ model: m, verbose: 0 });
  assert.throws(
    () => est.predict(Xte),
    (e: unknown) => e instanceof NotFittedError,
  );
  est.initialize(Xtr, iris.ytr);
  assert.is(est.model_, m);
  const direct = m.predict(Xte).toArray() as number[][];
  est
    .predictProba(Xte)
    .forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - (direct[i]?.[j] as number)) < 1e-7)));
});

test('categorical_crossentropy gives one-hot targets; predictions agree with the sparse loss', () => {
  const build = ({ meta, compileKwargs }: BuildArgs) => {
    const m = sequential([
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: meta.nClasses_ as number, activation: 'softmax' }),
    ]);
    m.compile({ loss: compileKwargs.loss as never, optimizer: compileKwargs.optimizer });
    return m;
  };
  const cce = new KerasClassifier({
    model: build,
    loss: 'categorical_crossentropy',
    optimizer: 'adam',
    epochs: 5,
    verbose: 0,
    randomState: 1,
  }).fit(Xtr, iris.ytr);
  const scce = new KerasClassifier({
    model: build,
    loss: 'sparse_categorical_crossentropy',
    optimizer: 'adam',
    epochs: 5,
    verbose: 0,
    randomState: 1,
  }).fit(Xtr, iris.ytr);
  assert.equal(cce.predict(Xte), scce.predict(Xte));
});

test('classWeight balanced becomes sample weights; validationSplit and callbacks reach Keras fit', () => {
  const es = callbacks.earlyStopping({ monitor: 'val_loss', patience: 1 });
  const est = clf({ classWeight: 'balanced', validationSplit: 0.2, epochs: 200, callbacks: [es] }).fit(Xtr, iris.ytr);
  assert.ok(est.history_.val_loss !== undefined);
  assert.ok((est.history_.loss?.length as number) < 200);
});

test('regressor: 1-D and 2-D targets, R^2 score, shape of predictions', () => {
  const y1 = Xtr.map((r) => 2 * (r[0] as number) - (r[1] as number));
  const reg = new KerasRegressor({
    model: dynamicRegressor,
    hiddenLayerSizes: [32],
    optimizer: 'adam',
    optimizer__learningRate: 0.01,
    epochs: 100,
    verbose: 0,
    randomState: 0,
  }).fit(Xtr, y1);
  assert.ok(reg.score(Xtr, y1) > 0.95, `R^2 ${reg.score(Xtr, y1)}`);
  assert.ok(typeof (reg.predict(Xte) as number[])[0] === 'number');
  const y2 = Xtr.map((r) => [r[0] as number, -(r[1] as number)]);
  const reg2 = new KerasRegressor<number[][]>({
    model: dynamicRegressor,
    optimizer: 'adam',
    epochs: 2,
    verbose: 0,
  }).fit(Xtr, y2);
  assert.is(reg2.nOutputs_, 2);
  assert.is(reg2.predict(Xte)[0]?.length, 2);
});

test('JSON round trip: identical predictions, and partialFit continues identically', () => {
  const est = clf({ epochs: 2, optimizer: 'adam' }).fit(
    Xtr,
    iris.ytr.map((v) => names[v] as string),
  );
  const json = JSON.parse(JSON.stringify(est.toJSON()));
  assert.equal(json.omittedParams, ['model']);
  const back = KerasClassifier.fromJSON(json, { model: dynamicClassifier });
  assert.equal(back.predictProba(Xte), est.predictProba(Xte));
  assert.equal(back.predict(Xte), est.predict(Xte));
  est.partialFit(
    Xtr,
    iris.ytr.map((v) => names[v] as string),
  );
  back.partialFit(
    Xtr,
    iris.ytr.map((v) => names[v] as string),
  );
  assert.equal(back.predictProba(Xte), est.predictProba(Xte));
  assert.equal(back.history_, est.history_);
  assert.throws(
    () => KerasClassifier.fromJSON({ ...json, fitted: { ...json.fitted, __proto__x: 1 } }),
    /unknown key '__proto__x'/,
  );
});

test('score__, loss__ and metrics__ routing: used where they apply, refused where they do not', () => {
  const y2 = Xtr.map((r) => [r[0] as number, 100 * (r[1] as number)]);
  const reg = new KerasRegressor<number[][]>({
    model: dynamicRegressor,
    optimizer: 'adam',
    epochs: 5,
    verbose: 0,
    randomState: 0,
  }).fit(Xtr, y2);
  const uniform = reg.score(Xtr, y2);
  reg.setParams({ score__multioutput: 'variance_weighted' });
  assert.is.not(reg.score(Xtr, y2), uniform);
  const counted = clf({ epochs: 1, score__normalize: false }).fit(Xtr, iris.ytr);
  assert.ok(counted.score(Xtr, iris.ytr) > 1, 'normalize false counts correct samples');
  assert.throws(
    () => clf({ score__foo: 1, epochs: 1 }).fit(Xtr, iris.ytr).score(Xtr, iris.ytr),
    /score__foo: the scorer takes score__normalize/,
  );
  assert.throws(
    () => clf({ loss: 'sparse_categorical_crossentropy', loss__reduction: 'sum' }).fit(Xtr, iris.ytr),
    /unknown argument 'reduction'/,
  );
  assert.throws(
    () => clf({ metrics: ['accuracy'], metrics__threshold: 0.3 }).fit(Xtr, iris.ytr),
    /metrics__0: a metric given by name takes no arguments; give a metric class instead/,
  );
});

test('optimizer given as an instance: the model trains a fresh copy with its hyper-parameters', () => {
  const opt = new Adam({ learningRate: 0.01, beta1: 0.8 });
  const est = clf({ optimizer: opt, epochs: 1 }).fit(Xtr, iris.ytr);
  assert.is.not(est.model_.optimizer, opt);
  assert.equal(est.model_.optimizer.getConfig(), opt.getConfig());
  assert.is(est.optimizer, opt);
});

test('the seed notebook subclass pattern: constructor-set properties are real params (get/set/clone)', () => {
  class MyMLP extends KerasClassifier {
    hiddenLayerSizes: number[];
    [routed: string]: unknown;
    constructor({
      hiddenLayerSizes = [100],
      optimizer = 'adam',
      optimizer__learning_rate = 0.001,
      epochs = 200,
      verbose = 0,
      ...kwargs
    }: Record<string, unknown> = {}) {
      super(kwargs);
      this.hiddenLayerSizes = hiddenLayerSizes as number[];
      this.optimizer = optimizer as string;
      this.epochs = epochs as number;
      this.verbose = verbose as 0;
      this['optimizer__learning_rate'] = optimizer__learning_rate;
    }
    override _kerasBuildFn(compileKwargs: CompileKwargs): Sequential {
      const m = sequential([
        layers.input({ shape: [this.nFeaturesIn_] }),
        ...this.hiddenLayerSizes.map((h) => layers.dense({ units: h, activation: 'relu' })),
        layers.dense({ units: this.nClasses_ as number, activation: 'softmax' }),
      ]);
      m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer });
      return m;
    }
  }
  const est = new MyMLP({ hiddenLayerSizes: [8], epochs: 3, randomState: 0 });
  const p = est.getParams();
  assert.equal(p.hiddenLayerSizes, [8]);
  assert.is(p.optimizer, 'adam');
  assert.is(p.optimizer__learning_rate, 0.001);
  assert.is(p.epochs, 3);
  const c = clone(est);
  assert.instance(c, MyMLP);
  assert.equal(c.getParams(), p);
  c.setParams({ hiddenLayerSizes: [4], optimizer__learning_rate: 0.01 });
  c.fit(Xtr, iris.ytr);
  assert.is((c.model_.optimizer as Adam).learningRate, 0.01);
  assert.is(c.model_.getWeights()[0]?.shape[1], 4);
  assert.is(c.history_.loss?.length, 3);
});

test.run();

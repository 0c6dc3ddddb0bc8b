// Regression tests for problems found in review: each failed before its fix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, callbacks, optimizers, losses, Sequential } from '../src/nn/index.ts';
import { MLPClassifier, MLPRegressor, KerasClassifier, KerasRegressor, GridSearchCV, RandomizedSearchCV, Pipeline, StandardScaler, clone, setWarningHandler } from '../src/index.ts';
import { Adam, SGD, Dense } from '../src/nn/index.ts';
import { denseChainInto } from '../src/tensor/index.ts';
import { crossValidate, crossValScore, getScorer, balancedAccuracyScore, KFold } from '../src/index.ts';
import { Rng, tensor } from '../src/tensor/index.ts';
import { loadCsv, splitEveryFourth, standardize } from './helpers/data.ts';

setWarningHandler(() => {});
const iris = splitEveryFourth(loadCsv('iris'));
const [X] = standardize(iris.Xtr) as [number[][]];
const y = iris.ytr;

test('earlyStopping minDelta: a loss that never drops by more than minDelta stops training (Keras)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const h = m.fit(X, y, { epochs: 50, verbose: 0, callbacks: [callbacks.earlyStopping({ monitor: 'loss', patience: 0, minDelta: 10 })] });
  assert.is(h.epoch.length, 2);
});

test('weighted metrics are weighted means (never above 1 for accuracy)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const plain = m.evaluate(X, y).accuracy as number;
  const weighted = m.evaluate(X, y, { sampleWeight: y.map(() => 10) }).accuracy as number;
  assert.ok(Math.abs(plain - weighted) < 1e-6, `${plain} vs ${weighted}`);
  const h = m.fit(X, y, { epochs: 2, verbose: 0, sampleWeight: y.map(() => 10) });
  assert.ok((h.history.accuracy as number[]).every((a) => a >= 0 && a <= 1));
});

test('an MLP restored from JSON continues its fitted state (nIter_, lossCurve_, t_)', () => {
  const a = new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 5, randomState: 0 }).fit(X, y);
  const b = MLPClassifier.fromJSON(JSON.stringify(a.toJSON()));
  a.partialFit(X, y);
  b.partialFit(X, y);
  assert.is(b.nIter_, a.nIter_);
  assert.is(b.t_, a.t_);
  assert.equal(b.lossCurve_, a.lossCurve_);
  const inf = new MLPClassifier({ nIterNoChange: Infinity, maxIter: 2, randomState: 0 }).fit(X, y);
  const back = MLPClassifier.fromJSON(JSON.stringify(inf.toJSON()));
  assert.is(back.getParams().nIterNoChange, Infinity);
});

test("prototype names are not optimizer, loss or parameter names", () => {
  assert.throws(() => optimizers.get('constructor'), /Could not interpret optimizer identifier: 'constructor'/);
  assert.throws(() => losses.get('constructor'), /Could not interpret loss identifier: 'constructor'/);
  assert.throws(() => new MLPClassifier().setParams({ valueOf: 3 }), /Invalid parameter 'valueOf'/);
});

test('crafted estimator JSON is refused with clear errors', () => {
  const fitted = new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 2, randomState: 0 }).fit(X, y);
  const good = JSON.parse(JSON.stringify(fitted.toJSON()));
  const variant = (edit: (j: Record<string, any>) => void) => { const j = JSON.parse(JSON.stringify(good)); edit(j); return j; };
  assert.throws(() => MLPClassifier.fromJSON(variant((j) => { j.fitted.encoder.classes = 'abc'; })), /classes must be an array/);
  assert.throws(() => MLPClassifier.fromJSON(variant((j) => { j.fitted.encoder.classes = [{ t: 'number', v: 0 }, { t: 'number', v: 0 }]; })), /distinct labels/);
  assert.throws(() => MLPClassifier.fromJSON(variant((j) => { j.fitted.model.compile.optimizer.state.slots[1] = []; })), /slot group 1 has 0 entries for 4 weights/);
  assert.throws(() => MLPClassifier.fromJSON(variant((j) => { j.fitted.extra.state = null; })), /MLP state: expected an object/);
  assert.throws(() => MLPClassifier.fromJSON(variant((j) => { j.fitted.extra.state.nIter_ = 'abc'; })), /'nIter_' must be a non-negative integer/);
  assert.throws(() => MLPClassifier.fromJSON(variant((j) => { j.fitted.meta.nFeaturesIn_ = 5; })), /meta.nFeaturesIn_ is 5 but the model takes inputs of shape \[4\]/);
  const withProto = JSON.stringify(good).replace('"history":{', '"history":{"__proto__":[9,9,9],');
  assert.throws(() => MLPClassifier.fromJSON(withProto), /the key '__proto__' is not allowed/);
  assert.throws(() => new Rng(1).setState([0, 0, 0, 0, NaN]), /all-zero state/);
});

test('clone of a wrapper holding a model compiled with a custom loss can fit', () => {
  const m = sequential([layers.dense({ units: 1, inputShape: [4] })], { seed: 0 });
  m.compile({ loss: (yt, yp) => losses.meanSquaredError(yt, yp), optimizer: optimizers.sgd({ learningRate: 0.01 }) });
  const c = clone(new KerasRegressor({ model: m, verbose: 0, epochs: 2 }));
  c.fit(X, X.map((r) => r[0] as number));
  assert.ok(c.model_ instanceof Sequential);
  assert.is.not(c.model_, m);
});

test('predict and evaluate check batchSize; fitAsync with an aborted signal trains nothing', async () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  assert.throws(() => m.predict(X, { batchSize: 2.5 }), /predict: 'batchSize' must be a positive integer. Got 2.5 instead./);
  assert.throws(() => m.evaluate(X, y, { batchSize: NaN }), /evaluate: 'batchSize' must be a positive integer/);
  const before = m.getWeights().map((w) => Array.from(w.data));
  const ctrl = new AbortController();
  ctrl.abort();
  try { await m.fitAsync(X, y, { signal: ctrl.signal, verbose: 0 }); assert.unreachable(); } catch (e) { assert.is((e as Error).name, 'AbortError'); }
  assert.equal(m.getWeights().map((w) => Array.from(w.data)), before);
  assert.ok(tensor([1]).size === 1);
});

test('a classifier fitted on one class predicts that class (scikit-learn), never undefined', () => {
  // scikit-learn 1.2.1: MLPClassifier(max_iter=5, random_state=3).fit([[0,1],[1,2]], [1,1]).predict(...) -> [1, 1]
  const m = new MLPClassifier({ maxIter: 5, randomState: 3 }).fit([[0, 1], [1, 2]], [1, 1]);
  assert.equal(m.predict([[0, 1], [5, 5], [-5, -5]]), [1, 1, 1]);
  assert.is(m.predictProba([[0, 1]])[0]?.length, 2);
  const build = ({ meta }: { meta: { nFeaturesIn_: number } }) => {
    const model = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [meta.nFeaturesIn_] })], { seed: 0 });
    model.compile({ loss: 'binary_crossentropy', optimizer: 'adam' });
    return model;
  };
  const k = new KerasClassifier({ model: build, epochs: 2, verbose: 0, randomState: 1 }).fit([[0, 1], [1, 2], [3, 4]], ['a', 'a', 'a']);
  assert.equal(k.predict([[0, 1], [9, 9], [-9, -9]]), ['a', 'a', 'a']);
});

test('a model with more output units than classes is an error at predict, not undefined labels', () => {
  const build = ({ meta }: { meta: { nFeaturesIn_: number } }) => {
    const model = sequential([layers.dense({ units: 5, activation: 'softmax', inputShape: [meta.nFeaturesIn_] })], { seed: 0 });
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return model;
  };
  const k = new KerasClassifier({ model: build, epochs: 1, verbose: 0, randomState: 0 }).fit([[0], [1], [2]], ['a', 'b', 'c']);
  // force a prediction of class index 4 by setting the last unit's bias high
  const w = k.model_.getWeights();
  const bias = w[1]!.data;
  bias[4] = 1e3;
  k.model_.setWeights(w);
  assert.throws(() => k.predict([[0]]), /The model predicted class index 4, but KerasClassifier was fitted on 3 classes \(\['a', 'b', 'c'\]\); the model's output layer should have 3 units\./);
});

test('the MLPs refuse unknown constructor parameters (scikit-learn raises TypeError), with a camelCase hint', () => {
  const bad = { hidden_layer_sizes: [7] } as unknown as ConstructorParameters<typeof MLPClassifier>[0];
  assert.throws(() => new MLPClassifier(bad), /MLPClassifier got an unexpected parameter 'hidden_layer_sizes' \(parameters are camelCase here: did you mean 'hiddenLayerSizes'\?\)\. Valid parameters are: hiddenLayerSizes, activation,/);
  assert.throws(() => new MLPRegressor({ maxiter: 3 } as unknown as ConstructorParameters<typeof MLPRegressor>[0]), /MLPRegressor got an unexpected parameter 'maxiter'\. Valid/);
  assert.throws(() => new MLPClassifier({ optimizer__learningRate: 0.1 } as unknown as ConstructorParameters<typeof MLPClassifier>[0]), /unexpected parameter 'optimizer__learningRate'/);
  // a subclass that declares more parameters in its defaults may take them
  class Wider extends MLPClassifier {
    static override readonly defaults = { ...MLPClassifier.defaults, note: '' };
  }
  assert.is(new Wider({ note: 'x' } as unknown as ConstructorParameters<typeof MLPClassifier>[0]).getParams().note, 'x');
  assert.is(clone(new MLPClassifier({ maxIter: 3 })).getParams().maxIter, 3);
});

test('the MLPs flatten a one-column y with scikit-learn\'s DataConversionWarning and predict 1-D', () => {
  const seen: string[] = [];
  const prev = setWarningHandler((c, m) => { if (c === 'DataConversionWarning') seen.push(m); });
  try {
    const Xs = [[0], [1], [2], [3]];
    const c = new MLPClassifier({ maxIter: 3, randomState: 0 }).fit(Xs, [[0], [1], [0], [1]]);
    assert.is(c.targetType_, 'binary');
    assert.is(c.predict(Xs).length, 4);
    assert.ok(c.predict(Xs).every((v) => v === 0 || v === 1));
    const r = new MLPRegressor({ maxIter: 3, randomState: 0 }).fit(tensor([[0], [1], [2], [3]]), tensor([[0], [1], [2], [3]]));
    assert.ok((r.predict(Xs) as number[]).every((v) => typeof v === 'number'));
    assert.is(seen.length, 2);
    assert.is(seen[0], 'A column-vector y was passed when a 1d array was expected. Please change the shape of y to (n_samples, ), for example using ravel().');
  } finally {
    setWarningHandler(prev);
  }
});

test('a model keeps a bounded set of scratch buffers however many input lengths it sees', () => {
  const m = sequential([layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), layers.dense({ units: 1 })], { seed: 0 });
  for (let n = 1; n <= 40; n++) m.predict(Array.from({ length: n }, (_, i) => [i, 1, 2]));
  // private field, read on purpose: before the fix there was one arena per length seen (40 here)
  assert.ok((m as unknown as { arenas: Map<string, unknown> }).arenas.size <= 8);
});

test('Sequential JSON round trip: training continues with the same random stream (dropout, shuffling)', () => {
  const Xs = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 7) / 7]);
  const ys = Xs.map((r) => ((r[0] as number) > 0 ? 1 : 0));
  const m = sequential([layers.input({ shape: [3] }), layers.dense({ units: 8, activation: 'relu' }), layers.dropout({ rate: 0.3 }), layers.dense({ units: 2, activation: 'softmax' })], { seed: 0 });
  m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam' });
  m.fit(Xs, ys, { epochs: 2, verbose: 0 });
  const r = Sequential.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.equal(r.rng.getState(), m.rng.getState());
  assert.equal(r.fit(Xs, ys, { epochs: 2, verbose: 0 }).history.loss, m.fit(Xs, ys, { epochs: 2, verbose: 0 }).history.loss);
});

test('Sequential.fromJSON refuses a built model without its weights, and an unknown dtype', () => {
  const m = sequential([layers.dense({ units: 2, inputShape: [3] })], { seed: 0 });
  m.build([3]);
  const j = JSON.parse(JSON.stringify(m.toJSON()));
  assert.throws(() => Sequential.fromJSON({ ...j, weights: [] }), /the model has 2 weight tensors but the JSON gives 0/);
  assert.throws(() => Sequential.fromJSON({ ...j, dtype: 'int8' }), /dtype must be 'float32' or 'float64'. Got 'int8' instead/);
});

test('Keras metrics ignore sample and class weights; weightedMetrics apply them (weighted_ prefix on a clash)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
  const sw: number[] = y.map((_, i) => (i % 3 === 0 ? 5 : i % 3 === 1 ? 1 : 0));
  const pred = (m.predict(X).toArray() as number[][]).map((r) => r.indexOf(Math.max(...r)));
  const hits = pred.map((p, i) => (p === y[i] ? 1 : 0));
  const plain = hits.reduce((a: number, b) => a + b, 0) / hits.length;
  const weighted = hits.reduce((a: number, h, i) => a + h * (sw[i] as number), 0) / sw.reduce((a, b) => a + b, 0);
  const logs = m.evaluate(X, y, { sampleWeight: sw });
  assert.ok(Math.abs((logs.accuracy as number) - plain) < 1e-9, `${logs.accuracy} vs ${plain}`);
  assert.ok(Math.abs((logs.weighted_accuracy as number) - weighted) < 1e-6, `${logs.weighted_accuracy} vs ${weighted}`);
  assert.ok(Math.abs(plain - weighted) > 1e-3); // the data make the two differ
  const h = m.fit(X, y, { epochs: 1, verbose: 0, classWeight: { 0: 9, 1: 1, 2: 1 }, batchSize: 1000, shuffle: false });
  assert.equal(Object.keys(h.history).sort(), ['accuracy', 'loss', 'weighted_accuracy']);
  assert.equal(m.evaluate(X, y, { sampleWeight: y.map(() => 0) }).weighted_accuracy, 0); // Keras' divide_no_nan
});

test('earlyStopping with restoreBestWeights restores the best epoch at the end even without stopping (Keras 3); a missing monitor warns', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: optimizers.sgd({ learningRate: 5 }) });
  const seen: Array<[number, number[]]> = [];
  const recorder = { onEpochEnd: (_e: number, logs: Record<string, number> = {}) => seen.push([logs.loss as number, m.getWeights().flatMap((w) => Array.from(w.data))]) };
  const es = callbacks.earlyStopping({ monitor: 'loss', patience: 100, restoreBestWeights: true });
  m.fit(X, y, { epochs: 6, verbose: 0, callbacks: [recorder, es] });
  const best = seen.reduce((b, s) => (s[0] < b[0] ? s : b));
  assert.is(es.stoppedEpoch, 0);
  assert.equal(m.getWeights().flatMap((w) => Array.from(w.data)), best[1]);
  const warnings: string[] = [];
  const prev = setWarningHandler((c, msg) => warnings.push(`${c}: ${msg}`));
  try {
    m.fit(X, y, { epochs: 1, verbose: 0, callbacks: [callbacks.earlyStopping({ monitor: 'val_accuracy' })] });
  } finally {
    setWarningHandler(prev);
  }
  assert.equal(warnings, ['UserWarning: Early stopping conditioned on metric `val_accuracy` which is not available. Available metrics are: loss']);
});

test('fromLogits: true over a softmax or sigmoid output takes the outputs as logits (Keras), not as probabilities', () => {
  for (const [act, loss, units] of [['softmax', 'sparse_categorical_crossentropy', 3], ['sigmoid', 'binary_crossentropy', 1]] as const) {
    const m = sequential([layers.dense({ units, activation: act, inputShape: [4] })], { seed: 1 });
    m.compile({ loss: losses.get(loss, { fromLogits: true }), optimizer: 'sgd' });
    const target = units === 1 ? y.map((c) => (c === 0 ? 1 : 0)) : y;
    const out = m.predict(X);
    const yt = tensor(units === 1 ? target.map((v) => [v]) : target, { dtype: 'float32' });
    const reference = (units === 1 ? losses.binaryCrossentropy(yt, out, { fromLogits: true }) : losses.sparseCategoricalCrossentropy(yt, out, { fromLogits: true })).data[0] as number;
    const got = m.evaluate(X, target).loss as number;
    assert.ok(Math.abs(got - reference) < 1e-5, `${act}: ${got} vs ${reference}`);
  }
});

test('compile checks lossSettings; Rng seeds are integers and distinct seeds give distinct streams', () => {
  const m = sequential([layers.dense({ units: 1, inputShape: [4] })], { seed: 0 });
  assert.throws(() => m.compile({ loss: 'mse', lossSettings: { outputReduction: 'junk' as 'sum' } }), /lossSettings.outputReduction must be 'mean', 'sum' or 'sklearn'. Got 'junk' instead/);
  assert.throws(() => m.compile({ loss: 'mse', lossSettings: { epsilon: NaN } }), /lossSettings.epsilon must be a number in \(0, 0.5\). Got NaN instead/);
  assert.throws(() => new Rng(1.5), /seed must be an integer/);
  const first = [0, 1, 2 ** 32, 2 ** 32 + 1, -1, 2 ** 32 - 1].map((s) => new Rng(s).uint32());
  assert.is(new Set(first).size, first.length);
  assert.throws(() => new KerasRegressor({ model: () => sequential([layers.dense({ units: 1, inputShape: [4] })]), loss: 'mse', randomState: 1.5, verbose: 0 }).fit(X, X.map((r) => r[0] as number)), /The 'randomState' parameter of KerasRegressor must be an int in the range \[0, 4294967295\] or None. Got 1.5 instead./);
});

test('a wrong number of features names the argument (fit x, validationData x, evaluate x)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const narrow = X.map((r) => r.slice(0, 3));
  assert.throws(() => m.fit(X, y, { verbose: 0, validationData: [narrow, y] }), /fit: expected validationData x of shape \[samples,4\], got \[\d+,3\]/);
  assert.throws(() => m.evaluate(narrow, y), /evaluate: expected x of shape \[samples,4\], got \[\d+,3\]/);
  assert.throws(() => m.fit(narrow, y, { verbose: 0 }), /fit: expected x of shape \[samples,4\], got \[\d+,3\]/);
});

test('searches, Pipeline and the wrappers refuse unknown or snake_case constructor parameters (scikit-learn: TypeError)', () => {
  const mlp = new MLPClassifier({ maxIter: 5 });
  assert.throws(() => new RandomizedSearchCV({ estimator: mlp, paramDistributions: { alpha: [1, 2] }, n_iter: 2 } as never), /RandomizedSearchCV got an unexpected parameter 'n_iter' \(parameters are camelCase here: did you mean 'nIter'\?\)/);
  assert.throws(() => new GridSearchCV({ estimator: mlp, paramGrid: { alpha: [1] }, error_score: 'raise' } as never), /did you mean 'errorScore'/);
  assert.throws(() => new Pipeline({ steps: [['s', new StandardScaler()]], memory: null } as never), /Pipeline got an unexpected parameter 'memory'/);
  // SciKeras's user parameters are still welcome, but not a snake_case twin of a wrapper parameter
  const build = () => sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
  assert.equal(new KerasClassifier({ model: build, hiddenLayerSizes: [4] }).getParams().hiddenLayerSizes, [4]);
  assert.equal(new KerasClassifier({ model: build, hidden_layer_sizes: [4] }).getParams().hidden_layer_sizes, [4]);
  assert.throws(() => new KerasClassifier({ model: build, batch_size: 8 }), /KerasClassifier got an unexpected parameter 'batch_size' \(parameters are camelCase here: did you mean 'batchSize'\?\)/);
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
  const e = new KerasClassifier({ model: build, loss: 'mse', compile__loss: 'sparse_categorical_crossentropy', optimizer: 'adam', compile__optimizer: 'sgd', optimizer__learningRate: 0.3, epochs: 1, verbose: 0, randomState: 0 });
  e.fit(X, y);
  assert.is(e.model_.optimizer.className, 'SGD');
  assert.is((e.model_.optimizer as unknown as { learningRate: number }).learningRate, 0.3);
  assert.is(e.model_.loss.name, 'sparse_categorical_crossentropy');
  assert.is((seen[0] as { className: string }).className, 'SGD');
  assert.throws(() => new KerasClassifier({ model: build, loss: 'sparse_categorical_crossentropy', compile__foo: 1, verbose: 0 }).fit(X, y), /compile__foo: unknown compile argument 'foo'. Valid arguments: optimizer, loss, metrics, weightedMetrics, lossSettings/);
});

test('fitAsync yields by time (a timer can abort a long fit) and checks yieldEvery / yieldMs', async () => {
  const m = sequential([layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), layers.dense({ units: 3, activation: 'softmax' })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const ctrl = new AbortController();
  let batches = 0;
  setTimeout(() => ctrl.abort(), 20);
  try {
    await m.fitAsync(X, y, { epochs: 100000, batchSize: 8, verbose: 0, signal: ctrl.signal, callbacks: [{ onBatchEnd: () => batches++ }] });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  assert.ok(batches > 0 && batches < 100000 * 12, `${batches} batches`);
  assert.ok((await m.fitAsync(X, y, { epochs: 1, verbose: 0, yieldEvery: 2 })).epoch.length === 1);
  for (const bad of [NaN, 0, 2.5, '3']) {
    try { await m.fitAsync(X, y, { epochs: 1, verbose: 0, yieldEvery: bad as number }); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /fitAsync: 'yieldEvery' must be a positive integer \(batches\)/); }
  }
  try { await m.fitAsync(X, y, { epochs: 1, verbose: 0, yieldMs: -1 }); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /'yieldMs' must be a number >= 0/); }
});

test('wrapper argument checks: classWeight keys (scikit-learn\'s rule), initialize lengths, predict__ arguments, classes, warmStart / shuffle types', () => {
  const build = () => {
    const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return m;
  };
  const C = (p: Record<string, unknown> = {}) => new KerasClassifier({ model: build, epochs: 1, verbose: 0, randomState: 0, ...p });
  // scikit-learn 1.2.1: compute_sample_weight({0: 1, 5: 10}, [0, 1, 2, ...]) -> "The classes, [1, 2], are not in class_weight"
  assert.throws(() => C({ classWeight: { 0: 1, 5: 10 } }).fit(X, y), /^The classes, \[1, 2\], are not in class_weight$/);
  assert.ok(C({ classWeight: { 0: 1, 1: 2, 2: 3, 5: 10 } }).fit(X, y).initialized_); // every class weighted: extra keys allowed
  assert.throws(() => C().initialize(X, y.slice(0, 10)), /inconsistent numbers of samples: \[\d+, 10\]/);
  assert.throws(() => C({ predict__batchSize: 0 }).fit(X, y).predict(X), /predict__batchSize must be a positive integer, or -1 for all rows at once. Got 0 instead./);
  assert.throws(() => C({ predict__foo: 1 }).fit(X, y).predict(X), /predict__foo: unknown predict argument 'foo'/);
  assert.is(C({ predict__batchSize: -1 }).fit(X, y).predict(X).length, X.length);
  assert.throws(() => C().fit(X, y, { classes: [0, 1, 2] }), /fit\(\) got an unexpected keyword argument 'classes'/);
  assert.throws(() => C().partialFit(X, y, { classes: 3 as unknown as number[] }), /partialFit: 'classes' must be a non-empty array of labels. Got 3 instead./);
  assert.throws(() => new KerasRegressor({ model: () => sequential([layers.dense({ units: 1, inputShape: [4] })]), loss: 'mse', verbose: 0 }).partialFit(X, y, { classes: [0, 1] }), /KerasRegressor is a regressor/);
  assert.throws(() => C({ warmStart: 'yes' }).fit(X, y), /The 'warmStart' parameter of KerasClassifier must be an instance of 'bool'. Got 'yes' instead./);
  assert.throws(() => C({ shuffle: 'no' }).fit(X, y), /fit: 'shuffle' must be a boolean. Got 'no' instead./);
});

test('estimators have fitAsync: the same result as fit, the event loop keeps turning, and a signal aborts', async () => {
  const build = () => {
    const m = sequential([layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), layers.dense({ units: 3, activation: 'softmax' })]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    return m;
  };
  const k = () => new KerasClassifier({ model: build, epochs: 5, verbose: 0, randomState: 3 });
  assert.equal((await k().fitAsync(X, y)).predictProba(X), k().fit(X, y).predictProba(X));
  const mlp = () => new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 30, randomState: 1 });
  const a = mlp().fit(X, y), b = await mlp().fitAsync(X, y);
  assert.equal(b.coefs_, a.coefs_);
  assert.equal(b.lossCurve_, a.lossCurve_);
  assert.is(b.nIter_, a.nIter_);
  const r = () => new MLPRegressor({ hiddenLayerSizes: [8], maxIter: 20, randomState: 1 });
  const t = X.map((row) => (row[0] as number) - (row[1] as number));
  assert.equal((await r().fitAsync(X, t)).predict(X), r().fit(X, t).predict(X));
  // non-blocking: timers run while a long MLP fit trains; an abort stops it
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 40);
  try {
    await new MLPClassifier({ hiddenLayerSizes: [64], maxIter: 100000, tol: 0, nIterNoChange: 100000, batchSize: 4, randomState: 0 }).fitAsync(X, y, { signal: ctrl.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  } finally {
    clearInterval(timer);
  }
  assert.ok(ticks > 0, 'a timer ran during training');
});

test('second diff review: unbuilt models clone reproducibly, optimizer subclasses are kept, typed classes, nJobs, seed messages, scorer objects', () => {
  // an uncompiled Sequential with an input shape is not built yet: its JSON has no weights, and a clone
  // builds the weights the original would have built
  const seq = () => sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 5 });
  const a = seq();
  const b = a.clone();
  a.build([4]);
  b.build([4]);
  assert.equal(b.getWeights().map((w) => Array.from(w.data)), a.getWeights().map((w) => Array.from(w.data)));
  const legacy = { ...JSON.parse(JSON.stringify(seq().toJSON())), built: undefined }; // JSON written before `built` existed
  assert.ok(Sequential.fromJSON(legacy).built);
  const est = new KerasClassifier({ model: seq(), loss: 'sparse_categorical_crossentropy', optimizer: 'adam', epochs: 1, verbose: 0, randomState: 0 });
  assert.is(crossValScore(est, X, y, { cv: 2 }).length, 2);
  // a user's optimizer subclass is used as it is (its behaviour cannot be rebuilt from a config)
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
  new KerasClassifier({ model: build, optimizer: new CountingSGD({ learningRate: 0.1 }), epochs: 1, batchSize: 1000, verbose: 0 }).fit(X, y);
  assert.is(steps, 1);
  // classes as a typed array
  assert.equal(new KerasClassifier({ model: build, optimizer: 'sgd', verbose: 0 }).partialFit(X, y, { classes: Int32Array.of(0, 1, 2) as unknown as number[] }).classes_, [0, 1, 2]);
  // nJobs is accepted (and checked) for scikit-learn code
  assert.is(new GridSearchCV({ estimator: new MLPClassifier({ maxIter: 2 }), paramGrid: { alpha: [1] }, nJobs: -1 }).getParams().nJobs, -1);
  assert.throws(() => crossValScore(new MLPClassifier({ maxIter: 2 }), X, y, { cv: 2, nJobs: 1.5 }), /crossValidate: 'nJobs' must be an integer or null. Got 1.5 instead./);
  // seeds are checked where they are given
  assert.throws(() => sequential([], { seed: 1.5 }), /sequential: 'seed' must be an integer. Got 1.5 instead./);
  assert.throws(() => new KFold({ nSplits: 2, shuffle: true, randomState: 2 ** 53 }).split(X), /KFold: randomState must be an integer in \[0, 4294967295\], an Rng or null/);
  // scikit-learn 1.2.1: balanced_accuracy_score([0,1,2,0], [0,2,2,0], adjusted=1) -> 0.5 (adjusted is truthy)
  assert.ok(Math.abs(balancedAccuracyScore([0, 1, 2, 0], [0, 2, 2, 0], { adjusted: 1 as unknown as boolean }) - 0.49999999999999994) < 1e-15);
  const byObject = crossValScore(new MLPClassifier({ maxIter: 5, randomState: 0 }), X, y, { cv: 2, scoring: getScorer('accuracy') });
  assert.equal(byObject, crossValScore(new MLPClassifier({ maxIter: 5, randomState: 0 }), X, y, { cv: 2, scoring: 'accuracy' }));
  assert.throws(() => crossValidate(new MLPClassifier({ maxIter: 2 }), X, y, { cv: 2, scoring: { bad: () => 'x' as unknown as number } }), /scoring\['bad'\] must return a number, got 'x' instead./);
});

test('GridSearchCV and Pipeline have fitAsync: the same results as fit, progress while it runs, and a signal stops the search', async () => {
  const pipe = () => new Pipeline({ steps: [['scaler', new StandardScaler()], ['mlp', new MLPClassifier({ hiddenLayerSizes: [6], maxIter: 20, randomState: 0 })]] });
  const p1 = pipe().fit(X, y), p2 = await pipe().fitAsync(X, y);
  assert.equal(p2.predictProba(X), p1.predictProba(X));
  const search = () => new GridSearchCV({ estimator: pipe(), paramGrid: { mlp__alpha: [1e-4, 1e-1] }, cv: 3 });
  const a = search().fit(X, y);
  const seen: number[] = [];
  const b = new GridSearchCV({ estimator: pipe(), paramGrid: { mlp__alpha: [1e-4, 1e-1] }, cv: 3, onProgress: (p) => seen.push(p.candidate) });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    await b.fitAsync(X, y);
  } finally {
    clearInterval(timer);
  }
  assert.equal(b.cvResults_.meanTestScore, a.cvResults_.meanTestScore);
  assert.equal(b.bestParams_, a.bestParams_);
  assert.equal((b.bestEstimator_ as Pipeline).predict(X), (a.bestEstimator_ as Pipeline).predict(X));
  assert.equal(seen, [0, 1]);
  assert.ok(ticks > 0, 'the event loop turned during the search');
  const ctrl = new AbortController();
  ctrl.abort();
  try {
    await search().fitAsync(X, y, { signal: ctrl.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
});

test('predict on a stack of Dense layers runs as one WASM chain with the same bits as layer by layer', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 13) / 13, ((i * 7) % 5) - 2]);
  const nets = [
    () => sequential([layers.input({ shape: [4] }), layers.dense({ units: 32, activation: 'relu' }), layers.dense({ units: 1, activation: 'sigmoid' })], { seed: 1 }),
    () => sequential([layers.dense({ units: 24, activation: 'relu', inputShape: [4] }), layers.dropout({ rate: 0.5 }), layers.dense({ units: 16 }), layers.dense({ units: 3, activation: 'softmax' })], { seed: 2 }),
    () => sequential([layers.dense({ units: 8, inputShape: [4] }), layers.dense({ units: 2, activation: 'tanh' })], { seed: 3 }),
    () => sequential([layers.dense({ units: 20, activation: 'relu', inputShape: [4] }), layers.activation({ activation: 'relu' }), layers.dense({ units: 1 })], { seed: 4 }), // not a plain stack: layer by layer
  ];
  for (const make of nets) {
    const m = make();
    const chained = Array.from(m.predict(rows, { batchSize: 128 }).data);
    const oneByOne = Array.from((m as unknown as { apply(x: unknown, o: object): { data: ArrayLike<number> } }).apply(tensor(rows, { dtype: 'float32' }), { training: false }).data);
    assert.equal(chained, oneByOne);
  }
});

test('last review: fitAsync aborts lbfgs work too, an aborted refit leaves the search as it was, Dense subclasses keep their call, denseChainInto checks its arguments', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  try {
    await new MLPClassifier({ solver: 'lbfgs', maxIter: 50, randomState: 0 }).fitAsync(X, y, { signal: ctrl.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  // a search aborted during its refit keeps the results of its previous fit, all of them
  const grid = (alpha: number[]) => ({ estimator: new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 5, randomState: 0 }), paramGrid: { alpha }, cv: 2 });
  const search = new GridSearchCV(grid([1e-4])).fit(X, y);
  const before = { params: search.bestParams_, alpha: (search.bestEstimator_ as MLPClassifier).alpha };
  const late = new AbortController();
  search.setParams({ paramGrid: { alpha: [0.5] }, onProgress: () => late.abort() }); // aborts after the last candidate, before the refit
  try {
    await search.fitAsync(X, y, { signal: late.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  assert.equal(search.bestParams_, before.params);
  assert.is((search.bestEstimator_ as MLPClassifier).alpha, before.alpha);
  // a Dense subclass that overrides call is run as written, not through the WASM chain
  class Doubled extends Dense {
    override call(x: Parameters<Dense['call']>[0], ctx: Parameters<Dense['call']>[1]) {
      const out = super.call(x, ctx);
      const d = out.data as Float32Array;
      for (let i = 0; i < d.length; i++) d[i] = 2 * (d[i] as number);
      return out;
    }
  }
  const plain = sequential([layers.dense({ units: 3, inputShape: [4] })], { seed: 7 });
  const doubled = sequential([new Doubled({ units: 3, inputShape: [4] })], { seed: 7 });
  const rows = X.slice(0, 64);
  const p = plain.predict(rows).data, d = doubled.predict(rows).data;
  for (let i = 0; i < p.length; i++) assert.is(d[i], 2 * (p[i] as number));
  assert.throws(() => denseChainInto(new Float32Array(3), 2, [{ w: new Float32Array(8), k: 4, n: 2, bias: null, relu: false }], new Float32Array(4)), /denseChainInto: x has 3 values, fewer than 2 rows x 4/);
  assert.throws(() => denseChainInto(new Float32Array(8), 2, [{ w: new Float32Array(8), k: 4, n: 2, bias: null, relu: false }, { w: new Float32Array(3), k: 3, n: 1, bias: null, relu: false }], new Float32Array(2)), /layer 1 takes 3 inputs but layer 0 gives 2/);
});

test.run();

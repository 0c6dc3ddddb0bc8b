// Sequential training behaviour: callbacks (earlyStopping minDelta and best weights), Keras's metric
// weighting, fused losses from logits, argument checks of fit / evaluate / predict / compile, scratch
// buffers, and fitAsync's yielding and aborts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, callbacks, optimizers, losses } from '../../src/nn/index.ts';
import { tensor } from '../../src/tensor/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { NotCompiledError } from '../../src/core/errors.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

setWarningHandler(() => {});
const iris = splitEveryFourth(loadCsv('iris'));
const [X] = standardize(iris.Xtr) as [number[][]];
const y = iris.ytr;

test('earlyStopping minDelta: a loss that never drops by more than minDelta stops training (Keras)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const h = m.fit(X, y, {
    epochs: 50,
    verbose: 0,
    callbacks: [callbacks.earlyStopping({ monitor: 'loss', patience: 0, minDelta: 10 })],
  });
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

test('predict and evaluate check batchSize; fitAsync with an aborted signal trains nothing', async () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  assert.throws(
    () => m.predict(X, { batchSize: 2.5 }),
    /predict: 'batchSize' must be a positive integer. Got 2.5 instead./,
  );
  assert.throws(() => m.evaluate(X, y, { batchSize: NaN }), /evaluate: 'batchSize' must be a positive integer/);
  const before = m.getWeights().map((w) => Array.from(w.data));
  const ctrl = new AbortController();
  ctrl.abort();
  try {
    await m.fitAsync(X, y, { signal: ctrl.signal, verbose: 0 });
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  assert.equal(
    m.getWeights().map((w) => Array.from(w.data)),
    before,
  );
});

test('a model keeps a bounded set of scratch buffers however many input lengths it sees', () => {
  const m = sequential([layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), layers.dense({ units: 1 })], {
    seed: 0,
  });
  for (let n = 1; n <= 40; n++) m.predict(Array.from({ length: n }, (_, i) => [i, 1, 2]));
  // private field, read on purpose: before the fix there was one arena per length seen (40 here)
  assert.ok((m as unknown as { arenas: Map<string, unknown> }).arenas.size <= 8);
});

test('Keras metrics ignore sample and class weights; weightedMetrics apply them (weighted_ prefix on a clash)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({
    loss: 'sparse_categorical_crossentropy',
    optimizer: 'adam',
    metrics: ['accuracy'],
    weightedMetrics: ['accuracy'],
  });
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
  const recorder = {
    onEpochEnd: (_e: number, logs: Record<string, number> = {}) =>
      seen.push([logs.loss as number, m.getWeights().flatMap((w) => Array.from(w.data))]),
  };
  const es = callbacks.earlyStopping({ monitor: 'loss', patience: 100, restoreBestWeights: true });
  m.fit(X, y, { epochs: 6, verbose: 0, callbacks: [recorder, es] });
  const best = seen.reduce((b, s) => (s[0] < b[0] ? s : b));
  assert.is(es.stoppedEpoch, 0);
  assert.equal(
    m.getWeights().flatMap((w) => Array.from(w.data)),
    best[1],
  );
  const warnings: string[] = [];
  const prev = setWarningHandler((c, msg) => warnings.push(`${c}: ${msg}`));
  try {
    m.fit(X, y, { epochs: 1, verbose: 0, callbacks: [callbacks.earlyStopping({ monitor: 'val_accuracy' })] });
  } finally {
    setWarningHandler(prev);
  }
  assert.equal(warnings, [
    'UserWarning: Early stopping conditioned on metric `val_accuracy` which is not available. Available metrics are: loss',
  ]);
});

test('fromLogits: true over a softmax or sigmoid output takes the outputs as logits (Keras), not as probabilities', () => {
  for (const [act, loss, units] of [
    ['softmax', 'sparse_categorical_crossentropy', 3],
    ['sigmoid', 'binary_crossentropy', 1],
  ] as const) {
    const m = sequential([layers.dense({ units, activation: act, inputShape: [4] })], { seed: 1 });
    m.compile({ loss: losses.get(loss, { fromLogits: true }), optimizer: 'sgd' });
    const target = units === 1 ? y.map((c) => (c === 0 ? 1 : 0)) : y;
    const out = m.predict(X);
    const yt = tensor(units === 1 ? target.map((v) => [v]) : target, { dtype: 'float32' });
    const reference = (
      units === 1
        ? losses.binaryCrossentropy(yt, out, { fromLogits: true })
        : losses.sparseCategoricalCrossentropy(yt, out, { fromLogits: true })
    ).data[0] as number;
    const got = m.evaluate(X, target).loss as number;
    assert.ok(Math.abs(got - reference) < 1e-5, `${act}: ${got} vs ${reference}`);
  }
});

test('compile checks lossSettings', () => {
  const m = sequential([layers.dense({ units: 1, inputShape: [4] })], { seed: 0 });
  assert.throws(
    () => m.compile({ loss: 'mse', lossSettings: { outputReduction: 'junk' as 'sum' } }),
    /lossSettings.outputReduction must be 'mean', 'sum' or 'sklearn'. Got 'junk' instead/,
  );
  assert.throws(
    () => m.compile({ loss: 'mse', lossSettings: { epsilon: NaN } }),
    /lossSettings.epsilon must be a number in \(0, 0.5\). Got NaN instead/,
  );
});

test('a wrong number of features names the argument (fit x, validationData x, evaluate x)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const narrow = X.map((r) => r.slice(0, 3));
  assert.throws(
    () => m.fit(X, y, { verbose: 0, validationData: [narrow, y] }),
    /fit: expected validationData x of shape \[samples,4\], got \[\d+,3\]/,
  );
  assert.throws(() => m.evaluate(narrow, y), /evaluate: expected x of shape \[samples,4\], got \[\d+,3\]/);
  assert.throws(() => m.fit(narrow, y, { verbose: 0 }), /fit: expected x of shape \[samples,4\], got \[\d+,3\]/);
});

test('fitAsync yields by time (a timer can abort a long fit) and checks yieldEvery / yieldMs', async () => {
  const m = sequential(
    [
      layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
    { seed: 0 },
  );
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const ctrl = new AbortController();
  let batches = 0;
  setTimeout(() => ctrl.abort(), 20);
  try {
    await m.fitAsync(X, y, {
      epochs: 100000,
      batchSize: 8,
      verbose: 0,
      signal: ctrl.signal,
      callbacks: [{ onBatchEnd: () => batches++ }],
    });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  assert.ok(batches > 0 && batches < 100000 * 12, `${batches} batches`);
  assert.ok((await m.fitAsync(X, y, { epochs: 1, verbose: 0, yieldEvery: 2 })).epoch.length === 1);
  for (const bad of [NaN, 0, 2.5, '3']) {
    try {
      await m.fitAsync(X, y, { epochs: 1, verbose: 0, yieldEvery: bad as number });
      assert.unreachable();
    } catch (e) {
      assert.match((e as Error).message, /fitAsync: 'yieldEvery' must be a positive integer \(batches\)/);
    }
  }
  try {
    await m.fitAsync(X, y, { epochs: 1, verbose: 0, yieldMs: -1 });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /'yieldMs' must be a number >= 0/);
  }
});

test('history keys are the metric names as given (tf.keras): mae, acc, their val_ twins and the long names', () => {
  const m = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [4] })], { seed: 0 });
  const yb = y.map((v) => (v === 0 ? 1 : 0));
  m.compile({ loss: 'binary_crossentropy', optimizer: 'adam', metrics: ['mae', 'acc', 'mean_squared_error'] });
  const h = m.fit(X, yb, { epochs: 2, verbose: 0, validationSplit: 0.2 });
  assert.equal(Object.keys(h.history).sort(), [
    'acc',
    'loss',
    'mae',
    'mean_squared_error',
    'val_acc',
    'val_loss',
    'val_mae',
    'val_mean_squared_error',
  ]);
  assert.equal(Object.keys(m.evaluate(X, yb)).sort(), ['acc', 'loss', 'mae', 'mean_squared_error']);
  const c = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  c.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['sparseCategoricalAccuracy'] });
  assert.equal(Object.keys(c.fit(X, y, { epochs: 1, verbose: 0 }).history).sort(), [
    'loss',
    'sparseCategoricalAccuracy',
  ]);
});

test('epochs: 0 trains nothing and returns an empty history (Keras); a negative count is refused', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const before = m.getWeights().map((w) => Array.from(w.data));
  const h = m.fit(X, y, { epochs: 0, verbose: 0 });
  assert.equal(h, { epoch: [], history: {} });
  assert.equal(
    m.getWeights().map((w) => Array.from(w.data)),
    before,
  );
  assert.throws(() => m.fit(X, y, { epochs: -1, verbose: 0 }), /'epochs' must be a non-negative integer. Got -1/);
});

test('fit, evaluate and trainOnBatch before compile say to call compile (NotCompiledError)', () => {
  const m = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 0 });
  for (const call of [() => m.fit(X, y, { verbose: 0 }), () => m.evaluate(X, y), () => m.trainOnBatch(X, y)])
    assert.throws(
      call,
      (e: unknown) => e instanceof NotCompiledError && /call compile\(\{ loss, optimizer \}\)/.test(String(e)),
    );
});

test.run();

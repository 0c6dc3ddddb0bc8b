import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, optimizers, callbacks, losses, Sequential, regularizers } from '../../src/nn/index.ts';
import { argmax, tensor, Tensor, Rng } from '../../src/tensor/index.ts';
import { variable } from '../../src/autograd/index.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';
import { allclose } from '../helpers/allclose.ts';

const iris = splitEveryFourth(loadCsv('iris'));
const [Xtr, Xte] = standardize(iris.Xtr, iris.Xte) as [number[][], number[][]];

function irisModel(seed = 0): Sequential {
  const m = sequential(
    [
      layers.input({ shape: [4] }),
      layers.dense({ units: 16, activation: 'relu' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
    { seed },
  );
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return m;
}

function accuracy(model: Sequential, X: number[][], y: number[]): number {
  const p = argmax(model.predict(X));
  let ok = 0;
  p.data.forEach((v, i) => (ok += v === y[i] ? 1 : 0));
  return ok / y.length;
}

test('an MLP trained on iris reaches >= 0.9 held-out accuracy', () => {
  const m = irisModel();
  const h = m.fit(Xtr, iris.ytr, { epochs: 100, batchSize: 16, verbose: 0 });
  assert.equal(Object.keys(h.history).sort(), ['accuracy', 'loss']);
  assert.is(h.history.loss?.length, 100);
  assert.ok((h.history.loss?.[99] as number) < (h.history.loss?.[0] as number));
  const acc = accuracy(m, Xte, iris.yte);
  console.log(`  iris held-out accuracy: ${acc.toFixed(4)}`);
  assert.ok(acc >= 0.9, `accuracy ${acc}`);
});

test('determinism: same seed, same bits; another seed differs', () => {
  const a = irisModel(3),
    b = irisModel(3),
    c = irisModel(4);
  for (const m of [a, b, c]) m.fit(Xtr, iris.ytr, { epochs: 5, verbose: 0 });
  assert.equal(Array.from(a.predict(Xte).data), Array.from(b.predict(Xte).data));
  assert.not.equal(Array.from(a.predict(Xte).data), Array.from(c.predict(Xte).data));
});

test('JSON round-trip predicts identically and continues training identically', () => {
  const m = irisModel(1);
  m.fit(Xtr, iris.ytr, { epochs: 3, verbose: 0, seed: 9 });
  const json = JSON.parse(JSON.stringify(m.toJSON()));
  const m2 = Sequential.fromJSON(json);
  assert.equal(Array.from(m2.predict(Xte).data), Array.from(m.predict(Xte).data));
  m.fit(Xtr, iris.ytr, { epochs: 2, verbose: 0, seed: 5 });
  m2.fit(Xtr, iris.ytr, { epochs: 2, verbose: 0, seed: 5 });
  assert.equal(Array.from(m2.predict(Xte).data), Array.from(m.predict(Xte).data));
  assert.is(m2.optimizer.iterations, m.optimizer.iterations);
});

test('fromJSON refuses unknown keys, prototype keys and unknown layers', () => {
  const json = irisModel().toJSON() as unknown as Record<string, unknown>;
  assert.throws(() => Sequential.fromJSON({ ...json, extra: 1 }), /unknown key 'extra'/);
  assert.throws(
    () => Sequential.fromJSON(JSON.parse('{"__proto__": {"polluted": true}, "format": "scikeras-ts/sequential"}')),
    /unknown key '__proto__'/,
  );
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.throws(
    () => Sequential.fromJSON({ ...json, layers: [{ className: 'Evil', config: {} }] }),
    /Unknown layer className 'Evil'/,
  );
  const layersWithProto = JSON.parse('[{"className":"Dense","config":{"units":2,"constructor":{"x":1}}}]');
  assert.throws(() => Sequential.fromJSON({ ...json, layers: layersWithProto }), /unknown key 'constructor'/);
});

test('getWeights stores kernels (in, out); setWeights checks shapes; countParams; summary', () => {
  const m = irisModel();
  m.build();
  const w = m.getWeights();
  assert.equal(
    w.map((t) => t.shape),
    [[4, 16], [16], [16, 3], [3]],
  );
  assert.is(m.countParams(), 4 * 16 + 16 + 16 * 3 + 3);
  assert.throws(() => m.setWeights(w.slice(1)), /has 4 weight tensors, got 3/);
  assert.throws(() => m.setWeights([tensor([[1]]), ...w.slice(1)]), /weight 0 must have shape \[4,16\], got \[1,1\]/);
  assert.match(m.summary({ printFn: () => {} }), /Total params: 131/);
});

test('bad input: NaN, mismatched lengths, bad shapes, unknown names', () => {
  const m = irisModel();
  const bad = Xtr.map((r) => r.slice());
  (bad[3] as number[])[1] = NaN;
  assert.throws(() => m.fit(bad, iris.ytr, { verbose: 0 }), /x contains NaN or infinity/);
  assert.throws(() => m.fit(Xtr, iris.ytr.slice(1), { verbose: 0 }), /different numbers of samples/);
  assert.throws(() => m.predict([[1, 2, 3]]), /expected x of shape \[samples,4\], got \[1,3\]/);
  assert.throws(
    () =>
      m.fit(
        Xtr,
        iris.ytr.map((v) => v + 5),
        { verbose: 0 },
      ),
    /is not a class index in \[0, 3\)/,
  );
  assert.throws(
    () => m.compile({ loss: 'binary_crossentropr' }),
    /Could not interpret loss identifier: 'binary_crossentropr'. Valid names: .*binary_crossentropy/,
  );
  assert.throws(
    () => m.compile({ loss: 'mse', optimizer: 'sgf' }),
    /Could not interpret optimizer identifier: 'sgf'. Valid names: adadelta, adagrad, adam, adamax, adamw, nadam, rmsprop, sgd/,
  );
  assert.throws(
    () => layers.dense({ units: 3, activation: 'relux' as 'relu' }),
    /Unknown activation 'relux'. Valid names: linear, relu, sigmoid, tanh, softmax/,
  );
  assert.throws(
    () =>
      m.compile({ loss: 'mse', metrics: ['acccuracy'] }) ??
      m.fit(
        Xtr,
        Xtr.map((r) => [r[0], r[1], r[2]]),
        { verbose: 0 },
      ),
    /Could not interpret metric identifier: 'acccuracy'/,
  );
  assert.throws(
    () => optimizers.adam({ learningRate: -1 }),
    /The 'learningRate' parameter of Adam must be a float in the range \[0, inf\). Got -1 instead./,
  );
  assert.throws(
    () => optimizers.sgd({ momentum: 2 }),
    /'momentum' parameter of SGD must be a float in the range \[0, 1\]/,
  );
  assert.throws(() => layers.dense({ units: 0 }), /'units' must be a positive integer/);
});

test('a loss turning NaN stops fit with an error naming the epoch; terminateOnNaN stops quietly', () => {
  const X = [[1e30], [2e30], [3e30], [4e30]];
  const y = [1e30, 2e30, 3e30, 4e30];
  const make = () => {
    const m = sequential([layers.dense({ units: 1, inputShape: [1] })], { seed: 0 });
    m.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 1 }) });
    return m;
  };
  assert.throws(() => make().fit(X, y, { epochs: 3, verbose: 0 }), /loss became (Infinity|NaN) in epoch 1\/3/);
  const h = make().fit(X, y, { epochs: 3, verbose: 0, callbacks: [callbacks.terminateOnNaN()] });
  assert.is(h.epoch.length, 1);
});

test('validationSplit takes the last fraction; earlyStopping restores the best weights', () => {
  const m = irisModel(2);
  let bestVal = Infinity;
  let bestWeights: Tensor[] = [];
  const watcher = {
    onEpochEnd: (_e: number, logs: Record<string, number> = {}) => {
      if ((logs.val_loss as number) < bestVal) {
        bestVal = logs.val_loss as number;
        bestWeights = m.getWeights();
      }
    },
  };
  const es = callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
  const h = m.fit(Xtr, iris.ytr, { epochs: 300, verbose: 0, validationSplit: 0.2, callbacks: [watcher, es] });
  assert.ok(h.history.val_loss !== undefined && h.history.val_accuracy !== undefined);
  assert.ok(h.epoch.length < 300, 'stopped early');
  m.getWeights().forEach((w, i) => allclose(w, bestWeights[i] as Tensor, { rtol: 0, atol: 0 }));
});

test('plain-object callbacks see every epoch and batch', () => {
  const m = irisModel();
  let batches = 0,
    epochs = 0;
  m.fit(Xtr, iris.ytr, {
    epochs: 2,
    batchSize: 50,
    verbose: 0,
    callbacks: { onBatchEnd: () => batches++, onEpochEnd: () => epochs++ },
  });
  assert.is(epochs, 2);
  assert.is(batches, 2 * Math.ceil(Xtr.length / 50));
});

test('fitAsync matches fit and honours an AbortSignal', async () => {
  const a = irisModel(7),
    b = irisModel(7);
  a.fit(Xtr, iris.ytr, { epochs: 3, verbose: 0, seed: 1 });
  await b.fitAsync(Xtr, iris.ytr, { epochs: 3, verbose: 0, seed: 1 });
  assert.equal(Array.from(a.predict(Xte).data), Array.from(b.predict(Xte).data));
  const ctrl = new AbortController();
  const c = irisModel(7);
  const p = c.fitAsync(Xtr, iris.ytr, { epochs: 100, verbose: 0, signal: ctrl.signal });
  ctrl.abort();
  try {
    await p;
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
});

test('sampleWeight and classWeight: zero weight on a class removes its pull', () => {
  const m = irisModel(5);
  const cw = { 0: 1, 1: 1, 2: 0 };
  m.fit(Xtr, iris.ytr, { epochs: 60, verbose: 0, classWeight: cw });
  const p = argmax(m.predict(Xte));
  assert.ok(
    !Array.from(p.data).includes(2) || Array.from(p.data).filter((v) => v === 2).length < 3,
    'class 2 is (almost) never predicted',
  );
  const sw = iris.ytr.map((c) => (c === 2 ? 0 : 1));
  const m2 = irisModel(5);
  m2.fit(Xtr, iris.ytr, { epochs: 60, verbose: 0, sampleWeight: sw });
  assert.equal(Array.from(argmax(m2.predict(Xte)).data), Array.from(p.data));
});

test('losses: Keras values on probabilities (clipping 1e-7) and fromLogits', () => {
  const yt = tensor(
    [
      [0, 1],
      [1, 0],
    ],
    { dtype: 'float64' },
  );
  const yp = tensor(
    [
      [0.1, 0.9],
      [0.6, 0.4],
    ],
    { dtype: 'float64' },
  );
  allclose(losses.categoricalCrossentropy(yt, yp), [-(Math.log(0.9) + Math.log(0.6)) / 2], { rtol: 1e-12 });
  allclose(
    losses.sparseCategoricalCrossentropy(tensor([1, 0], { dtype: 'float64' }), yp),
    [-(Math.log(0.9) + Math.log(0.6)) / 2],
    { rtol: 1e-12 },
  );
  allclose(
    losses.binaryCrossentropy(tensor([[1], [0]], { dtype: 'float64' }), tensor([[1], [0.25]], { dtype: 'float64' })),
    [-(Math.log(1 - 1e-7) + Math.log(0.75)) / 2],
    { rtol: 1e-9 },
  );
  allclose(losses.meanSquaredError(tensor([1, 2], { dtype: 'float64' }), tensor([2, 4], { dtype: 'float64' })), [2.5]);
  allclose(losses.meanAbsoluteError(tensor([1, 2], { dtype: 'float64' }), tensor([2, 4], { dtype: 'float64' })), [1.5]);
  const z = tensor([[2, -1]], { dtype: 'float64' });
  const q = [Math.exp(2), Math.exp(-1)];
  allclose(
    losses.categoricalCrossentropy(tensor([[1, 0]], { dtype: 'float64' }), z, { fromLogits: true }),
    [-Math.log((q[0] as number) / ((q[0] as number) + (q[1] as number)))],
    { rtol: 1e-12 },
  );
  // both spellings resolve to the same loss
  assert.is(losses.get('binaryCrossentropy').fn, losses.get('binary_crossentropy').fn);
  assert.is(losses.get('BinaryCrossentropy').name, 'binary_crossentropy');
});

test('optimizer updates follow their documented rules exactly (float64)', () => {
  const w0 = [0.5, -1.5],
    g = [0.2, -0.4];
  const run = (
    opt: ReturnType<typeof optimizers.adam> | ReturnType<typeof optimizers.sgd> | ReturnType<typeof optimizers.rmsprop>,
    steps: number,
  ) => {
    const w = variable(tensor(w0, { dtype: 'float64' }));
    for (let s = 0; s < steps; s++) {
      w.grad = tensor(g, { dtype: 'float64' });
      opt.apply([w]);
    }
    return Array.from(w.data);
  };
  // Adam, 2 steps
  const b1 = 0.9,
    b2 = 0.999,
    lr = 0.01,
    eps = 1e-7;
  const exp = w0.map((w, j) => {
    let m = 0,
      v = 0,
      x = w;
    for (let t = 1; t <= 2; t++) {
      m = b1 * m + (1 - b1) * (g[j] as number);
      v = b2 * v + (1 - b2) * (g[j] as number) ** 2;
      x -= (((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * m) / (Math.sqrt(v) + eps);
    }
    return x;
  });
  allclose(run(optimizers.adam({ learningRate: lr }), 2), exp, { rtol: 1e-15 });
  // SGD with Nesterov momentum, 2 steps
  const mu = 0.9;
  const expS = w0.map((w, j) => {
    let v = 0,
      x = w;
    for (let t = 0; t < 2; t++) {
      v = mu * v - lr * (g[j] as number);
      x += mu * v - lr * (g[j] as number);
    }
    return x;
  });
  allclose(run(optimizers.sgd({ learningRate: lr, momentum: mu, nesterov: true }), 2), expS, { rtol: 1e-15 });
  // RMSprop (Keras 3: eps inside the sqrt), 2 steps
  const expR = w0.map((w, j) => {
    let a = 0,
      x = w;
    for (let t = 0; t < 2; t++) {
      a = 0.9 * a + 0.1 * (g[j] as number) ** 2;
      x -= (lr * (g[j] as number)) / Math.sqrt(a + eps);
    }
    return x;
  });
  allclose(run(optimizers.rmsprop({ learningRate: lr }), 2), expR, { rtol: 1e-15 });
  // names with routed snake_case arguments
  const o = optimizers.get('Adam', { learning_rate: 0.15, beta_1: 0.5 });
  assert.is((o as { learningRate: number }).learningRate, 0.15);
  assert.is((o as unknown as { beta1: number }).beta1, 0.5);
  assert.throws(
    () => optimizers.get('adam', { momentum: 0.5 }),
    /unknown argument 'momentum'. Valid arguments: learningRate, beta1, beta2, epsilon/,
  );
});

test('regression with MSE, an l2 kernel regularizer, dropout and float64', () => {
  const rng = new Rng(1);
  const X = Array.from({ length: 200 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  const y = X.map(([a, b]) => 2 * (a as number) - (b as number) + 0.5);
  const m = sequential(
    [
      layers.dense({
        units: 16,
        activation: 'tanh',
        inputShape: [2],
        kernelRegularizer: regularizers.l2({ l2: 1e-4 }),
      }),
      layers.dropout({ rate: 0.1 }),
      layers.dense({ units: 1 }),
    ],
    { seed: 0, dtype: 'float64' },
  );
  m.compile({ loss: 'mse', optimizer: optimizers.adam({ learningRate: 0.01 }), metrics: ['mae'] });
  const h = m.fit(X, y, { epochs: 80, batchSize: 20, verbose: 0 });
  assert.ok(h.history.mae !== undefined);
  const p = m.predict(X);
  assert.is(p.dtype, 'float64');
  let se = 0,
    ss = 0;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  y.forEach((v, i) => {
    se += (v - (p.data[i] as number)) ** 2;
    ss += (v - mean) ** 2;
  });
  assert.ok(1 - se / ss > 0.95, `R^2 ${1 - se / ss}`);
});

test('training reuses its buffers: the arena stops growing after the first batches', () => {
  const m = irisModel();
  m.fit(Xtr, iris.ytr, { epochs: 1, batchSize: 16, verbose: 0 });
  const arena = m.arena('train:16');
  const n = arena.buffers;
  m.fit(Xtr, iris.ytr, { epochs: 2, batchSize: 16, verbose: 0 });
  assert.is(arena.buffers, n);
});

test('trainOnBatch and evaluate return loss and metrics', () => {
  const m = irisModel();
  const l1 = m.trainOnBatch(Xtr, iris.ytr);
  assert.ok(typeof l1.loss === 'number' && typeof l1.accuracy === 'number');
  const e = m.evaluate(Xte, iris.yte, { batchSize: 7 });
  const e2 = m.evaluate(Xte, iris.yte, { batchSize: 100 });
  allclose(e.loss as number, e2.loss as number, { rtol: 1e-5 });
});

test.run();

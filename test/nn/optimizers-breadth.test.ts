// Adamax, Adagrad and Adadelta trajectories against TensorFlow.js (CPU, float32); Nadam, AdamW, clipping,
// weight decay and the learning-rate schedules against Keras 3's formulas written out here in float64; state and
// schedules through model JSON (training continues bit for bit); names, routed arguments and their validation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { Rng, randomUniform, tensor, type Tensor } from '../../src/tensor/index.ts';
import { Variable } from '../../src/autograd/index.ts';
import { Sequential, getOptimizer, layers, optimizers, sequential, type Optimizer } from '../../src/nn/index.ts';
import { allclose } from '../helpers/allclose.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

const rng = new Rng(21);
const rand = (shape: number[], lo = -1, hi = 1) => randomUniform(shape, { rng, min: lo, max: hi, dtype: 'float64' });

/** Applies `grads` (one per step) to a copy of w0 with `opt`; returns the weights after each step. */
function run(opt: Optimizer, w0: Tensor, grads: Tensor[]): number[][] {
  const w = new Variable(Float64Array.from(w0.data), w0.shape, { requiresGrad: true });
  return grads.map((g) => {
    w.grad = g;
    opt.apply([w]);
    return Array.from(w.data);
  });
}

const W0 = rand([6]);
const GRADS = Array.from({ length: 8 }, () => rand([6], -2, 2));

test('Adamax and Adagrad follow TensorFlow.js step for step', () => {
  const cases: Array<[string, Optimizer, tf.Optimizer]> = [
    ['adamax', optimizers.adamax({ learningRate: 0.05 }), tf.train.adamax(0.05)],
    ['adagrad', optimizers.adagrad({ learningRate: 0.1 }), tf.train.adagrad(0.1)],
  ];
  for (const [name, ours, theirs] of cases) {
    const mine = run(ours, W0, GRADS);
    const v = tf.variable(tf.tensor1d(Array.from(W0.data)));
    GRADS.forEach((g, i) => {
      theirs.applyGradients([{ name: v.name, tensor: tf.tensor1d(Array.from(g.data)) }]);
      allclose(mine[i]!, v.dataSync(), { rtol: 2e-5, atol: 2e-6, msg: `${name} step ${i + 1}` });
    });
  }
});

// TensorFlow.js' Adadelta divides by the accumulator of the previous step (so its first step is the raw gradient);
// Keras 3 divides by the updated one. The reference is Keras'.
test('Adadelta follows Keras 3 (the updated gradient accumulator in the denominator)', () => {
  const [rho, eps, lr] = [0.95, 1e-7, 1];
  const w = Array.from(W0.data);
  const a = w.map(() => 0),
    s = w.map(() => 0);
  const want = GRADS.map((g) => {
    for (let j = 0; j < w.length; j++) {
      const gj = g.data[j]!;
      a[j] = rho * a[j]! + (1 - rho) * gj * gj;
      const d = (-Math.sqrt(s[j]! + eps) * gj) / Math.sqrt(a[j]! + eps);
      s[j] = rho * s[j]! + (1 - rho) * d * d;
      w[j] = w[j]! + lr * d;
    }
    return w.slice();
  });
  run(optimizers.adadelta({ learningRate: lr }), W0, GRADS).forEach((got, i) =>
    allclose(got, want[i]!, { rtol: 1e-14, msg: `adadelta step ${i + 1}` }),
  );
});

test('Nadam follows Keras 3 (u_t = b1 (1 - 0.96^t / 2) and its running product)', () => {
  const [b1, b2, eps, lr] = [0.9, 0.999, 1e-7, 0.01];
  const w = Array.from(W0.data);
  const m = w.map(() => 0),
    v = w.map(() => 0);
  let prod = 1;
  const want = GRADS.map((g, s) => {
    const t = s + 1;
    const u = (k: number) => b1 * (1 - 0.5 * Math.pow(0.96, k));
    prod *= u(t);
    for (let j = 0; j < w.length; j++) {
      const gj = g.data[j]!;
      m[j] = m[j]! + (gj - m[j]!) * (1 - b1);
      v[j] = v[j]! + (gj * gj - v[j]!) * (1 - b2);
      const mHat = (u(t + 1) * m[j]!) / (1 - prod * u(t + 1)) + ((1 - u(t)) * gj) / (1 - prod);
      const vHat = v[j]! / (1 - Math.pow(b2, t));
      w[j] = w[j]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
    return w.slice();
  });
  run(optimizers.nadam({ learningRate: lr }), W0, GRADS).forEach((got, i) =>
    allclose(got, want[i]!, { rtol: 1e-13, msg: `nadam step ${i + 1}` }),
  );
});

test('AdamW is Adam after w <- w - w * weightDecay * lr (Keras 3: weightDecay 0.004)', () => {
  const lr = 0.01;
  const adam = optimizers.adam({ learningRate: lr });
  const decayed = new Variable(Float64Array.from(W0.data), [6], { requiresGrad: true });
  const got = run(optimizers.adamw({ learningRate: lr }), W0, GRADS);
  GRADS.forEach((g, i) => {
    for (let j = 0; j < 6; j++) decayed.data[j] -= decayed.data[j]! * 0.004 * lr;
    decayed.grad = g;
    adam.apply([decayed]);
    allclose(got[i]!, decayed.data, { rtol: 1e-14, msg: `adamw step ${i + 1}` });
  });
  assert.is(optimizers.adamw().weightDecay, 0.004);
});

test('clipnorm, clipvalue and globalClipnorm clip as Keras 3 does before the update', () => {
  const g1 = tensor([3, 4], { dtype: 'float64' }),
    g2 = tensor([0, 12], { dtype: 'float64' });
  const step = (opt: Optimizer) => {
    const a = new Variable(Float64Array.of(0, 0), [2], { requiresGrad: true });
    const b = new Variable(Float64Array.of(0, 0), [2], { requiresGrad: true });
    a.grad = g1;
    b.grad = g2;
    opt.apply([a, b]);
    return [...Array.from(a.data), ...Array.from(b.data)].map((x) => -x);
  };
  allclose(step(optimizers.sgd({ learningRate: 1, clipnorm: 2 })), [1.2, 1.6, 0, 2], { rtol: 1e-15 });
  allclose(step(optimizers.sgd({ learningRate: 1, clipvalue: 3.5 })), [3, 3.5, 0, 3.5], { rtol: 1e-15 });
  // Global norm sqrt(9 + 16 + 144) = 13, clipped to 6.5: every gradient halved.
  allclose(step(optimizers.sgd({ learningRate: 1, globalClipnorm: 6.5 })), [1.5, 2, 0, 6], { rtol: 1e-15 });
  allclose(step(optimizers.sgd({ learningRate: 1, globalClipnorm: 100 })), [3, 4, 0, 12], { rtol: 1e-15 });
  // The gradients themselves are left as they were.
  assert.equal(Array.from(g1.data), [3, 4]);
  assert.throws(
    () => optimizers.adam({ clipnorm: 1, clipvalue: 1 }),
    /only one of clipnorm, clipvalue and globalClipnorm can be set/,
  );
  assert.throws(
    () => optimizers.sgd({ clipnorm: -1 }),
    /The 'clipnorm' parameter of SGD must be a float in the range \(0, inf\) or None/,
  );
  allclose(
    run(optimizers.sgd({ learningRate: 0.5, weightDecay: 0.1 }), tensor([2], { dtype: 'float64' }), [
      tensor([1], { dtype: 'float64' }),
    ])[0]!,
    [2 - 2 * 0.1 * 0.5 - 0.5],
    { rtol: 1e-15 },
  );
});

test("the learning-rate schedules give Keras 3's values, and optimizers read them at each step", () => {
  const S = optimizers.schedules;
  const exp = S.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  assert.is(exp(15), 0.1 * Math.pow(0.5, 1.5));
  assert.is(
    S.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true })(15),
    0.05,
  );
  assert.is(S.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 })(20), 0.1 / 2);
  const pw = S.piecewiseConstantDecay({ boundaries: [100, 110], values: [1, 0.5, 0.1] });
  assert.equal([0, 100, 101, 110, 111].map(pw), [1, 1, 0.5, 0.5, 0.1]);
  const poly = S.polynomialDecay({ initialLearningRate: 0.1, decaySteps: 100, power: 2 });
  assert.is(poly(50), (0.1 - 1e-4) * 0.25 + 1e-4);
  assert.is(poly(500), 1e-4);
  const cyc = S.polynomialDecay({ initialLearningRate: 0.1, decaySteps: 100, cycle: true });
  assert.is(cyc(150), (0.1 - 1e-4) * (1 - 150 / 200) + 1e-4);
  const cos = S.cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 });
  assert.is(cos(50), 0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI / 2)) + 0.1));
  assert.is(cos(1000), 0.1 * 0.1);
  const warm = S.cosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 0.2, warmupSteps: 10 });
  assert.is(warm(5), 0.1);
  assert.is(warm(60), 0.2 * 0.5 * (1 + Math.cos(Math.PI / 2)));
  // SGD with a schedule: step t uses schedule(t) (the iteration count before the update), as Keras.
  const opt = optimizers.sgd({ learningRate: exp });
  const w = run(
    opt,
    tensor([0], { dtype: 'float64' }),
    [1, 2, 3].map(() => tensor([1], { dtype: 'float64' })),
  );
  assert.is(w[2]![0], -(exp(0) + exp(1) + exp(2)));
  assert.is(opt.learningRate, exp(3));
  assert.throws(() => {
    opt.learningRate = 0.1;
  }, /follows a schedule, so it cannot be set/);
});

function model(opt: Optimizer | string): Sequential {
  const m = sequential([layers.dense({ units: 5, inputShape: [3], activation: 'tanh' }), layers.dense({ units: 1 })], {
    seed: 4,
  });
  m.compile({ loss: 'mse', optimizer: opt });
  return m;
}
const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
const Y = X.map((r) => [r[0]! * r[1]! + r[2]!]);

test('every new optimizer, with a schedule and clipping, saves its state in model JSON: training continues bit for bit', () => {
  const S = optimizers.schedules;
  const opts: Array<() => Optimizer> = [
    () => optimizers.adamax({ learningRate: 0.01, clipnorm: 0.5 }),
    () => optimizers.adagrad({ learningRate: 0.05, clipvalue: 0.2 }),
    () => optimizers.adadelta({ learningRate: 1, globalClipnorm: 1 }),
    () =>
      optimizers.nadam({
        learningRate: S.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 5, decayRate: 0.9 }),
      }),
    () =>
      optimizers.adamw({
        learningRate: S.cosineDecay({ initialLearningRate: 0.01, decaySteps: 20, warmupTarget: 0.02, warmupSteps: 4 }),
      }),
    () =>
      optimizers.sgd({
        learningRate: S.piecewiseConstantDecay({ boundaries: [3], values: [0.1, 0.01] }),
        momentum: 0.9,
      }),
  ];
  for (const make of opts) {
    const a = model(make());
    a.fit(X, Y, { epochs: 2, batchSize: 10, shuffle: false, verbose: 0 });
    const json = JSON.parse(JSON.stringify(a.toJSON())) as ReturnType<Sequential['toJSON']>;
    const b = Sequential.fromJSON(json);
    assert.is(b.optimizer.className, a.optimizer.className);
    assert.equal(b.optimizer.getConfig(), a.optimizer.getConfig());
    a.fit(X, Y, { epochs: 2, batchSize: 10, shuffle: false, verbose: 0 });
    b.fit(X, Y, { epochs: 2, batchSize: 10, shuffle: false, verbose: 0 });
    a.getWeights().forEach((w, i) =>
      assert.equal(Array.from(b.getWeights()[i]!.data), Array.from(w.data), `${a.optimizer.className} weight ${i}`),
    );
  }
});

test('names and routed arguments in either spelling; strings compile', () => {
  const o = getOptimizer('Adagrad', { learning_rate: 0.2, initial_accumulator_value: 0.5, global_clipnorm: 3 });
  assert.equal(o.getConfig(), { learningRate: 0.2, globalClipnorm: 3, initialAccumulatorValue: 0.5, epsilon: 1e-7 });
  for (const name of ['adamax', 'adagrad', 'adadelta', 'nadam', 'adamw', 'AdamW', 'ADAMAX'])
    assert.is(model(name).optimizer.className.toLowerCase(), name.toLowerCase());
  assert.equal(getOptimizer('adamw').getConfig(), {
    learningRate: 0.001,
    weightDecay: 0.004,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
  });
  assert.throws(() => getOptimizer('nadam', { rho: 0.9 }), /optimizer 'nadam': unknown argument 'rho'/);
  assert.throws(
    () => optimizers.adadelta({ rho: 1 }),
    /The 'rho' parameter of Adadelta must be a float in the range \[0, 1\)/,
  );
  assert.throws(
    () => optimizers.sgd({ learningRate: { className: 'NoSuchDecay', config: {} } as never }),
    /learningRate: expected a number or a schedule. Got an object instead./,
  );
});

test.run();

// BatchNormalization and LayerNormalization against TensorFlow.js (its CPU backend, float32): inference,
// moving statistics and weights after SGD steps on the same batches; their gradients (and the other new layers')
// checked in float64; Keras' weight order; the moving statistics not trained; frozen layers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { Rng, randomUniform, tensor } from '../../src/tensor/index.ts';
import * as A from '../../src/autograd/index.ts';
import {
  BatchNormalization,
  LayerNormalization,
  PReLU,
  type Layer,
  layers,
  optimizers,
  sequential,
  type Sequential,
} from '../../src/nn/index.ts';
import { allclose } from '../helpers/allclose.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

const rng = new Rng(11);
const rows = (n: number, d: number, lo = -2, hi = 2) =>
  Array.from({ length: n }, () => Array.from(randomUniform([d], { rng, min: lo, max: hi, dtype: 'float64' }).data));
const X = rows(24, 3);
const Y = X.map((r) => [r[0]! - 2 * r[1]! + 0.5, r[2]! * r[0]!]);

/** Dense(4) -> norm -> Dense(2), ours and TensorFlow.js's, with the same initial weights. */
function twins(norm: 'batch' | 'layer'): { ours: Sequential; theirs: tf.Sequential } {
  const ours = sequential(
    [
      layers.dense({ units: 4, inputShape: [3] }),
      norm === 'batch' ? layers.batchNormalization({ momentum: 0.9 }) : layers.layerNormalization(),
      layers.dense({ units: 2 }),
    ],
    { seed: 3 },
  );
  ours.build();
  // Non-trivial gamma and beta, so their use is checked too.
  const w = ours.getWeights();
  w[2] = tensor([1.5, 0.5, 1, 2]);
  w[3] = tensor([0.1, -0.2, 0.3, 0]);
  ours.setWeights(w);
  const theirs = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3] }),
      norm === 'batch' ? tf.layers.batchNormalization({ momentum: 0.9 }) : tf.layers.layerNormalization(),
      tf.layers.dense({ units: 2 }),
    ],
  });
  let at = 0;
  for (const l of theirs.layers) {
    const n = l.getWeights().length;
    l.setWeights(w.slice(at, at + n).map((t) => tf.tensor(Array.from(t.data), t.shape.slice())));
    at += n;
  }
  return { ours, theirs };
}

const ourPredict = (m: Sequential, x: number[][]) => m.predict(tensor(x)).data;
const tfPredict = (m: tf.Sequential, x: number[][]) => (m.predict(tf.tensor2d(x)) as tf.Tensor).dataSync();
// TensorFlow.js keeps each layer's weights in Keras order too (gamma, beta, moving mean, moving variance).
const tfWeights = (m: tf.Sequential) => m.layers.flatMap((l) => l.getWeights().map((t) => Array.from(t.dataSync())));

for (const norm of ['batch', 'layer'] as const) {
  test(`${norm} normalization: inference, then three epochs of SGD, agree with TensorFlow.js`, async () => {
    const { ours, theirs } = twins(norm);
    allclose(ourPredict(ours, X), tfPredict(theirs, X), { rtol: 1e-5, atol: 1e-6, msg: 'before training' });
    ours.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 0.05 }) });
    theirs.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(0.05) });
    const h = ours.fit(X, Y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    const th = await theirs.fit(tf.tensor2d(X), tf.tensor2d(Y), {
      epochs: 3,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    });
    allclose(h.history.loss!, th.history.loss as number[], { rtol: 1e-5, msg: 'loss per epoch' });
    const mine = ours.getWeights().map((t) => Array.from(t.data));
    const tfs = tfWeights(theirs);
    assert.is(mine.length, tfs.length);
    const dw = Math.max(...mine.map((w, i) => allclose(w, tfs[i]!, { rtol: 1e-4, atol: 1e-6, msg: `weight ${i}` })));
    const dp = allclose(ourPredict(ours, X), tfPredict(theirs, X), { rtol: 1e-4, atol: 1e-5, msg: 'after training' });
    console.log(
      `  ${norm} normalization vs tfjs after 9 SGD steps: weights ${dw.toExponential(1)}, outputs ${dp.toExponential(1)}`,
    );
  });
}

test('batchNormalization: moving statistics from the biased batch variance, weights in Keras order, never trained', () => {
  const m = sequential([layers.input({ shape: [2] }), layers.batchNormalization({ momentum: 0.5, name: 'bn' })], {
    dtype: 'float64',
  });
  m.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 0.1 }) });
  const x = [
    [1, 10],
    [3, 14],
    [2, 9],
    [6, 7],
  ];
  m.trainOnBatch(x, [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ]);
  const bn = m.getLayer('bn') as BatchNormalization;
  assert.equal(
    bn.weights().map((w) => w),
    [bn.gamma, bn.beta, bn.movingMean, bn.movingVariance],
  );
  // mean (3, 10), biased variance (3.5, 6.5): moving = 0.5 initial + 0.5 batch.
  allclose(bn.movingMean!.data, [1.5, 5], { rtol: 1e-15 });
  allclose(bn.movingVariance!.data, [0.5 + 0.5 * 3.5, 0.5 + 0.5 * 6.5], { rtol: 1e-15 });
  assert.equal(m.trainableWeights(), [bn.gamma, bn.beta]);
  assert.equal(m.nonTrainableWeights(), [bn.movingMean, bn.movingVariance]);
  assert.is(m.countParams(), 8);
  // Inference uses the moving statistics: (x - mean) / sqrt(var + eps) * gamma + beta.
  const p = m.predict([[2, 6]]).data;
  const g = bn.gamma!.data,
    b = bn.beta!.data;
  allclose(
    p,
    [0, 1].map(
      (j) =>
        ((([2, 6][j] as number) - bn.movingMean!.data[j]!) / Math.sqrt(bn.movingVariance!.data[j]! + 1e-3)) * g[j]! +
        b[j]!,
    ),
    {
      rtol: 1e-14,
    },
  );
});

test('a frozen batchNormalization runs in inference mode and keeps every weight; the others train', () => {
  const m = sequential(
    [
      layers.dense({ units: 3, inputShape: [3], name: 'd' }),
      layers.batchNormalization({ name: 'bn' }),
      layers.dense({ units: 2 }),
    ],
    { seed: 5 },
  );
  m.getLayer('bn').trainable = false;
  m.compile({ loss: 'mse', optimizer: 'adam' });
  const before = m.getWeights();
  m.fit(X, Y, { epochs: 2, batchSize: 8, verbose: 0 });
  const after = m.getWeights();
  [2, 3, 4, 5].forEach((i) => assert.equal(Array.from(after[i]!.data), Array.from(before[i]!.data), `bn weight ${i}`));
  assert.not.equal(Array.from(after[0]!.data), Array.from(before[0]!.data));
  assert.not.equal(Array.from(after[6]!.data), Array.from(before[6]!.data));
  assert.is(m.trainableWeights().length, 4);
  assert.is(m.nonTrainableWeights().length, 4);
});

test('gradients of the new layers, checked in float64 (batch statistics included)', () => {
  const x = randomUniform([5, 4], { rng, min: -2, max: 2, dtype: 'float64' });
  const w = randomUniform([5, 4], { rng, min: -1, max: 1, dtype: 'float64' });
  const ctx = { training: true, rng: new Rng(1) };
  const bn = new BatchNormalization();
  bn.build([4], new Rng(1), 'float64');
  const gamma = randomUniform([4], { rng, min: 0.5, max: 2, dtype: 'float64' });
  const beta = randomUniform([4], { rng, min: -1, max: 1, dtype: 'float64' });
  const bnErr = A.checkGradients(
    (xv, g, b) => {
      bn.gamma = g;
      bn.beta = b;
      return A.sum(A.mul(bn.call(xv, ctx), w));
    },
    [x, gamma, beta],
  );
  assert.ok(bnErr < 1e-7, `batchNormalization (training) ${bnErr}`);
  const inferErr = A.checkGradients(
    (xv, g, b) => {
      bn.gamma = g;
      bn.beta = b;
      return A.sum(A.mul(bn.call(xv, { ...ctx, training: false }), w));
    },
    [x, gamma, beta],
  );
  assert.ok(inferErr < 1e-8, `batchNormalization (inference) ${inferErr}`);
  const ln = new LayerNormalization();
  ln.build([4], new Rng(1), 'float64');
  const lnErr = A.checkGradients(
    (xv, g, b) => {
      ln.gamma = g;
      ln.beta = b;
      return A.sum(A.mul(ln.call(xv), w));
    },
    [x, gamma, beta],
  );
  assert.ok(lnErr < 1e-7, `layerNormalization ${lnErr}`);
  const pr = new PReLU();
  pr.build([4], new Rng(1), 'float64');
  const xs = tensor(
    Array.from(x.data).map((v) => (Math.abs(v) < 0.05 ? 0.2 : v)),
    { shape: [5, 4], dtype: 'float64' },
  );
  const prErr = A.checkGradients(
    (xv, a) => {
      pr.alpha = a;
      return A.sum(A.mul(pr.call(xv), w));
    },
    [xs, gamma],
  );
  assert.ok(prErr < 1e-8, `prelu ${prErr}`);
  for (const l of [layers.leakyReLU({ negativeSlope: 0.25 }), layers.elu({ alpha: 0.7 })]) {
    const err = A.checkGradients((xv) => A.sum(A.mul(l.call(xv), w)), [xs]);
    assert.ok(err < 1e-8, `${l.className} ${err}`);
  }
});

test('layerNormalization normalises each sample over its features (epsilon 1e-3)', () => {
  const m = sequential([layers.input({ shape: [3] }), layers.layerNormalization({ center: false, scale: false })], {
    dtype: 'float64',
  });
  const x = [
    [1, 2, 6],
    [-1, 0, 4],
  ];
  const want = x.flatMap((r) => {
    const mu = (r[0]! + r[1]! + r[2]!) / 3;
    const v = r.reduce((s, t) => s + (t - mu) ** 2, 0) / 3;
    return r.map((t) => (t - mu) / Math.sqrt(v + 1e-3));
  });
  allclose(m.predict(x).data, want, { rtol: 1e-14 });
  assert.is(m.countParams(), 0);
});

test('the activation layers: leakyReLU (Keras 3 default 0.3), elu, prelu (slopes start at 0)', () => {
  const x = [[-2, -0.5, 0, 1.5]];
  const run = (l: Layer) => sequential([layers.input({ shape: [4] }), l], { dtype: 'float64' }).predict(x).data;
  allclose(run(layers.leakyReLU()), [-0.6, -0.15, 0, 1.5], { rtol: 1e-15 });
  allclose(run(layers.elu({ alpha: 2 })), [2 * Math.expm1(-2), 2 * Math.expm1(-0.5), 0, 1.5], { rtol: 1e-15 });
  allclose(run(layers.prelu()), [0, 0, 0, 1.5], { rtol: 1e-15 });
  const shared = sequential([layers.input({ shape: [4] }), layers.prelu({ sharedAxes: [1] })]);
  assert.equal(shared.getWeights()[0]!.shape, [1]);
});

test('gaussianNoise adds N(0, stddev^2) from the fit generator in training and nothing at inference', () => {
  const m = sequential([layers.input({ shape: [3] }), layers.gaussianNoise({ stddev: 0.5 })], { dtype: 'float64' });
  assert.equal(Array.from(m.predict(X.slice(0, 2)).data), X.slice(0, 2).flat());
  const seeded = new Rng(9);
  const noisy = m.apply(tensor(X.slice(0, 2), { dtype: 'float64' }), { training: true, rng: new Rng(9) }).data;
  allclose(
    noisy,
    X.slice(0, 2)
      .flat()
      .map((v) => v + 0.5 * seeded.normal()),
    { rtol: 1e-15 },
  );
});

test.run();

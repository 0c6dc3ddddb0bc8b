// Keras 3's losses: values against TensorFlow.js' Keras losses (CPU, float32) where it has them and against the
// formulas written out here where it differs (0/1 hinge labels, label smoothing, huber's delta); gradients in
// float64; names, classes with options, the fused path with label smoothing, and model JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { Rng, randomUniform, tensor } from '../../src/tensor/index.ts';
import * as A from '../../src/autograd/index.ts';
import { KerasLoss, Sequential, getLoss, layers, losses, optimizers, sequential } from '../../src/nn/index.ts';
import { allclose } from '../helpers/allclose.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

const rng = new Rng(5);
const mat = (n: number, k: number, lo: number, hi: number) =>
  Array.from({ length: n }, () => Array.from(randomUniform([k], { rng, min: lo, max: hi, dtype: 'float64' }).data));
const N = 12,
  K = 4;
const probs = mat(N, K, 0.05, 0.95);
const targets01 = mat(N, K, 0, 1).map((r) => r.map((v) => (v > 0.5 ? 1 : 0)));
const signs = targets01.map((r) => r.map((v) => 2 * v - 1));
const real = mat(N, K, -3, 3);
const realTrue = mat(N, K, -3, 3);
const positive = mat(N, K, 0.1, 4);
const oneHot = Array.from({ length: N }, (_, i) => Array.from({ length: K }, (_, j) => (j === i % K ? 1 : 0)));
const dist = probs.map((r) => {
  const s = r.reduce((a, b) => a + b, 0);
  return r.map((v) => v / s);
});

const ours = (name: string, t: number[][], p: number[][], options: Record<string, unknown> = {}) =>
  getLoss(name, options).fn(tensor(t), tensor(p), {}).data[0]!;

/** TensorFlow.js' Keras loss `name` (mean over the batch), through a model whose output is its input. */
function theirs(name: string, t: number[][], p: number[][]): number {
  const m = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [K] })] });
  m.compile({ loss: name, optimizer: 'sgd' });
  return (m.evaluate(tf.tensor2d(p), tf.tensor2d(t), { batchSize: N }) as tf.Scalar).dataSync()[0]!;
}

test('each loss agrees with TensorFlow.js where it computes the same function', () => {
  const cases: Array<[string, string, number[][], number[][]]> = [
    ['mse', 'meanSquaredError', realTrue, real],
    ['mae', 'meanAbsoluteError', realTrue, real],
    ['mape', 'meanAbsolutePercentageError', realTrue, real],
    ['msle', 'meanSquaredLogarithmicError', positive, positive.map((r) => r.map((v) => v * 1.3))],
    ['hinge', 'hinge', signs, real],
    ['squared_hinge', 'squaredHinge', signs, real],
    ['categorical_hinge', 'categoricalHinge', oneHot, real],
    ['log_cosh', 'logcosh', realTrue, real],
    ['kl_divergence', 'kullbackLeiblerDivergence', dist, probs],
    ['poisson', 'poisson', positive, probs],
    ['cosine_similarity', 'cosineProximity', realTrue, real],
    ['binary_crossentropy', 'binaryCrossentropy', targets01, probs],
    ['categorical_crossentropy', 'categoricalCrossentropy', oneHot, dist],
  ];
  let worst = 0;
  for (const [name, tfName, t, p] of cases) {
    const d = allclose(ours(name, t, p), theirs(tfName, t, p), { rtol: 2e-6, atol: 1e-7, msg: name });
    worst = Math.max(worst, d / Math.abs(theirs(tfName, t, p)));
  }
  console.log(`  losses vs tfjs: worst relative difference ${worst.toExponential(1)}`);
  // tfjs-core's huber loss (mean over every element) is Keras' huber for one delta.
  for (const delta of [1, 0.5])
    allclose(
      ours('huber', realTrue, real, { delta }),
      tf.losses.huberLoss(tf.tensor2d(realTrue), tf.tensor2d(real), undefined, delta).dataSync()[0]!,
      { rtol: 2e-6, msg: `huber delta ${delta}` },
    );
});

test("Keras 3's conversions: 0/1 hinge labels become -1/1, label smoothing moves labels towards 1/2 and 1/K", () => {
  assert.is(ours('hinge', targets01, real), ours('hinge', signs, real));
  assert.is(ours('squared_hinge', targets01, real), ours('squared_hinge', signs, real));
  const ls = 0.2;
  const bceSmoothed = ours('binary_crossentropy', targets01, probs, { labelSmoothing: ls });
  const smoothedBinary = targets01.map((r) => r.map((v) => v * (1 - ls) + 0.5 * ls));
  allclose(bceSmoothed, ours('binary_crossentropy', smoothedBinary, probs), { rtol: 1e-15 });
  const smoothedCat = oneHot.map((r) => r.map((v) => v * (1 - ls) + ls / K));
  allclose(ours('categorical_crossentropy', oneHot, dist, { labelSmoothing: ls }), ours('cce', smoothedCat, dist), {
    rtol: 1e-15,
  });
  // huber's delta: quadratic within, linear beyond, each averaged over outputs and samples.
  const want =
    realTrue
      .flatMap((r, i) =>
        r.map((v, j) => {
          const e = Math.abs(real[i]![j]! - v);
          return e <= 2 ? 0.5 * e * e : 2 * e - 2;
        }),
      )
      .reduce((a, b) => a + b, 0) /
    (N * K);
  allclose(ours('huber', realTrue, real, { delta: 2 }), want, { rtol: 1e-6 });
});

test('every new loss: gradient with respect to the predictions checked in float64, sample weights too', () => {
  const sw = tensor(
    Array.from({ length: N }, (_, i) => (i % 3) + 0.5),
    { dtype: 'float64' },
  );
  const cases: Array<[string, number[][], number[][], Record<string, unknown>?]> = [
    ['huber', realTrue, real.map((r) => r.map((v) => v + 0.01)), { delta: 0.7 }],
    ['log_cosh', realTrue, real],
    ['hinge', signs, real.map((r) => r.map((v) => (Math.abs(1 - v) < 0.05 ? v + 0.1 : v)))],
    ['squared_hinge', signs, real],
    ['categorical_hinge', oneHot, real],
    ['kl_divergence', dist, probs],
    ['poisson', positive, probs],
    ['mape', realTrue, real],
    ['msle', positive, positive.map((r) => r.map((v) => v * 0.7))],
    ['cosine_similarity', realTrue, real],
    ['binary_crossentropy', targets01, probs, { labelSmoothing: 0.1 }],
    ['categorical_crossentropy', oneHot, dist, { labelSmoothing: 0.1 }],
  ];
  for (const [name, t, p, options] of cases) {
    const loss = getLoss(name, options);
    const yt = tensor(t, { dtype: 'float64' });
    for (const w of [null, sw]) {
      const err = A.checkGradients((yp) => loss.fn(yt, yp, { sampleWeight: w }), [tensor(p, { dtype: 'float64' })]);
      assert.ok(err < 1e-7, `${name}${w === null ? '' : ' weighted'}: ${err}`);
    }
  }
});

test('names in either spelling and their aliases; options named and checked', () => {
  const names: Array<[string, string]> = [
    ['Huber', 'huber'],
    ['huber_loss', 'huber'],
    ['logcosh', 'log_cosh'],
    ['logCosh', 'log_cosh'],
    ['kld', 'kl_divergence'],
    ['KLDivergence', 'kl_divergence'],
    ['mape', 'mean_absolute_percentage_error'],
    ['meanSquaredLogarithmicError', 'mean_squared_logarithmic_error'],
    ['squaredHinge', 'squared_hinge'],
    ['CategoricalHinge', 'categorical_hinge'],
    ['cosineSimilarity', 'cosine_similarity'],
    ['poisson', 'poisson'],
  ];
  for (const [given, key] of names) assert.is((getLoss(given) as KerasLoss).key, key, given);
  assert.throws(
    () => getLoss('huber', { labelSmoothing: 0.1 }),
    /loss 'huber': unknown argument 'labelSmoothing'. Valid arguments: fromLogits, name, delta/,
  );
  assert.throws(
    () => getLoss('bce', { label_smoothing: 2 }),
    /The 'labelSmoothing' parameter of binary_crossentropy must be a float in the range \[0, 1\]. Got 2 instead./,
  );
  assert.throws(
    () => getLoss('huber', { delta: 0 }),
    /The 'delta' parameter of huber must be a float in the range \(0, inf\). Got 0 instead./,
  );
  assert.throws(() => getLoss(new losses.Huber(), { delta: 2 }), /cannot be applied to a loss instance/);
});

test('loss classes take one options object; compile uses an instance as given; model JSON keeps the options', () => {
  const h = new losses.Huber({ delta: 0.5, name: 'my_huber' });
  assert.ok(h instanceof KerasLoss);
  assert.equal([h.name, h.key, h.config], ['my_huber', 'huber', { delta: 0.5 }]);
  assert.equal(new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).getConfig(), {
    name: 'binary_crossentropy',
    fromLogits: true,
    labelSmoothing: 0.1,
  });
  const x = real.map((r) => r.slice(0, 3));
  const y = realTrue.map((r) => [r[0]! / 3]);
  const m = sequential([layers.dense({ units: 1, inputShape: [3] })], { seed: 2 });
  m.compile({ loss: h, optimizer: optimizers.adam({ learningRate: 0.01 }) });
  assert.is(m.loss, h);
  m.fit(x, y, { epochs: 2, verbose: 0, shuffle: false });
  const again = Sequential.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.equal([again.loss.name, (again.loss as KerasLoss).config], ['my_huber', { delta: 0.5 }]);
  assert.equal(again.evaluate(x, y), m.evaluate(x, y));
  m.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
  again.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
  assert.equal(Array.from(again.getWeights()[0]!.data), Array.from(m.getWeights()[0]!.data));
});

test('label smoothing on the fused softmax and sigmoid paths equals the loss function on the outputs', () => {
  const x = real.map((r) => r.slice(0, 3));
  for (const [act, loss, y] of [
    ['softmax', 'categorical_crossentropy', oneHot],
    ['sigmoid', 'binary_crossentropy', targets01],
  ] as const) {
    const fused = sequential([layers.dense({ units: K, inputShape: [3], activation: act })], {
      seed: 8,
      dtype: 'float64',
    });
    fused.compile({ loss: getLoss(loss, { labelSmoothing: 0.3 }), optimizer: 'sgd' });
    const f = getLoss(loss, { labelSmoothing: 0.3 }).fn;
    const generic = sequential([layers.dense({ units: K, inputShape: [3], activation: act })], {
      seed: 8,
      dtype: 'float64',
    });
    generic.compile({ loss: { name: 'custom', fn: f, fromLogits: false }, optimizer: 'sgd' });
    allclose(fused.evaluate(x, y).loss!, generic.evaluate(x, y).loss!, { rtol: 1e-9, msg: `${loss} value` });
    fused.trainOnBatch(x, y);
    generic.trainOnBatch(x, y);
    allclose(fused.getWeights()[0]!.data, generic.getWeights()[0]!.data, { rtol: 1e-9, msg: `${loss} step` });
  }
});

test.run();

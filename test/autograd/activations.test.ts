// The element-wise activations beyond relu / sigmoid / tanh: gradients checked in float64 against central
// differences, values against TensorFlow.js (its CPU backend, float32) where it computes the same function,
// and against Keras 3's formulas written out here where it does not (hard_sigmoid, leaky_relu's 0.2, erf).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { tensor, Rng, randomUniform, type Tensor } from '../../src/tensor/index.ts';
import * as A from '../../src/autograd/index.ts';
import { layers, sequential } from '../../src/nn/index.ts';
import { allclose } from '../helpers/allclose.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

const rng = new Rng(7);
const r = (n: number, lo: number, hi: number) => randomUniform([n], { rng, min: lo, max: hi, dtype: 'float64' });
// Inputs away from the kinks (0 for the piecewise ones, +-3 for hard_sigmoid, 0 and 6 for relu6).
const smooth = (lo = -4, hi = 4) =>
  tensor(
    Array.from(r(40, lo, hi).data).map((v) =>
      Math.abs(v) < 0.05 ? v + 0.1 : Math.abs(Math.abs(v) - 3) < 0.05 ? v + 0.1 : v,
    ),
    { dtype: 'float64' },
  );

const OPS: Array<[string, (x: Tensor) => Tensor]> = [
  ['elu', (x) => A.elu(x)],
  ['elu alpha 0.5', (x) => A.elu(x, 0.5)],
  ['selu', (x) => A.selu(x)],
  ['gelu (erf)', (x) => A.gelu(x)],
  ['gelu (tanh approximation)', (x) => A.gelu(x, true)],
  ['softplus', (x) => A.softplus(x)],
  ['softsign', (x) => A.softsign(x)],
  ['silu', (x) => A.silu(x)],
  ['relu6', (x) => A.relu6(A.scale(x, 2))],
  ['leakyRelu', (x) => A.leakyRelu(x)],
  ['leakyRelu 0.3', (x) => A.leakyRelu(x, 0.3)],
  ['hardSigmoid', (x) => A.hardSigmoid(x)],
  ['mish', (x) => A.mish(x)],
];

test('every new activation op: reverse-mode gradient equals central differences in float64', () => {
  for (const [name, f] of OPS) {
    const w = r(40, -1, 1);
    const err = A.checkGradients((x) => A.sum(A.mul(f(x), w)), [smooth()]);
    assert.ok(err < 1e-8, `${name}: max relative gradient error ${err}`);
  }
});

test('erf agrees with reference values to 1e-15 and is odd', () => {
  // erf at 0.1, 0.5, 1, 2, 3.5 as Python's math.erf (the C library's) gives them.
  const ref: Array<[number, number]> = [
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [3.5, 0.9999992569016276],
  ];
  for (const [x, v] of ref) {
    assert.ok(Math.abs(A.erf(x) - v) < 1e-15, `erf(${x}) = ${A.erf(x)}, expected ${v}`);
    assert.is(A.erf(-x), -A.erf(x));
  }
  assert.is(A.erf(0), 0);
  assert.is(A.erf(7), 1);
  assert.ok(Number.isNaN(A.erf(NaN)));
});

test('activations agree with TensorFlow.js (float32) where it computes the same function', () => {
  const xs = Array.from(smooth(-5, 5).data);
  const ours = (f: (x: Tensor) => Tensor) => f(tensor(xs, { dtype: 'float32' })).data;
  const theirs = (f: (x: tf.Tensor) => tf.Tensor) => f(tf.tensor1d(xs)).dataSync();
  const pairs: Array<[string, (x: Tensor) => Tensor, (x: tf.Tensor) => tf.Tensor]> = [
    ['elu', (x) => A.elu(x), (x) => tf.elu(x)],
    ['selu', (x) => A.selu(x), (x) => tf.selu(x)],
    ['softplus', (x) => A.softplus(x), (x) => tf.softplus(x)],
    ['softsign', (x) => A.softsign(x), (x) => tf.div(x, tf.add(1, tf.abs(x)))],
    ['relu6', (x) => A.relu6(x), (x) => tf.relu6(x)],
    ['leakyRelu 0.2', (x) => A.leakyRelu(x), (x) => tf.leakyRelu(x, 0.2)],
    ['exp', (x) => A.exp(x), (x) => tf.exp(x)],
  ];
  for (const [name, o, t] of pairs) allclose(ours(o), theirs(t), { rtol: 2e-6, atol: 1e-6, msg: name });
  // tfjs' activation objects for the composite ones (gelu uses its float32 erf approximation, 1.5e-7).
  const act = (a: string) => {
    const m = tf.sequential({ layers: [tf.layers.activation({ activation: a as 'relu', inputShape: [xs.length] })] });
    return (m.predict(tf.tensor2d([xs])) as tf.Tensor).dataSync();
  };
  allclose(
    ours((x) => A.gelu(x)),
    act('gelu'),
    { rtol: 1e-5, atol: 2e-6, msg: 'gelu' },
  );
  allclose(
    ours((x) => A.gelu(x, true)),
    act('gelu_new'),
    { rtol: 1e-5, atol: 2e-6, msg: 'gelu tanh' },
  );
  allclose(
    ours((x) => A.silu(x)),
    act('swish'),
    { rtol: 2e-6, atol: 1e-6, msg: 'swish' },
  );
  allclose(
    ours((x) => A.mish(x)),
    act('mish'),
    { rtol: 2e-6, atol: 1e-6, msg: 'mish' },
  );
  allclose(
    ours((x) => A.logSoftmax(x.reshape([1, xs.length]))),
    act('logSoftmax'),
    { rtol: 2e-6, atol: 2e-6 },
  );
});

test("Keras 3's hard_sigmoid (relu6(x + 3) / 6) and leaky_relu (slope 0.2) as written in its sources", () => {
  const xs = [-4, -3, -1.5, 0, 0.7, 3, 4.5];
  allclose(
    A.hardSigmoid(tensor(xs, { dtype: 'float64' })),
    xs.map((v) => Math.min(Math.max(v + 3, 0), 6) / 6),
    {
      rtol: 1e-15,
    },
  );
  allclose(
    A.leakyRelu(tensor(xs, { dtype: 'float64' })),
    xs.map((v) => Math.max(v, 0.2 * v)),
    { rtol: 1e-15 },
  );
});

test('activation strings resolve in either spelling; dense and activation layers apply them', () => {
  const x = tensor(
    [
      [0.5, -1.25],
      [2, 0.1],
    ],
    { dtype: 'float64' },
  );
  const names: Array<[string, (t: Tensor) => Tensor]> = [
    ['elu', (t) => A.elu(t)],
    ['selu', (t) => A.selu(t)],
    ['gelu', (t) => A.gelu(t)],
    ['softplus', (t) => A.softplus(t)],
    ['softsign', (t) => A.softsign(t)],
    ['swish', (t) => A.silu(t)],
    ['silu', (t) => A.silu(t)],
    ['relu6', (t) => A.relu6(t)],
    ['leakyRelu', (t) => A.leakyRelu(t, 0.2)],
    ['hard_sigmoid', (t) => A.hardSigmoid(t)],
    ['mish', (t) => A.mish(t)],
    ['exponential', (t) => A.exp(t)],
    ['logSoftmax', (t) => A.logSoftmax(t)],
  ];
  for (const [name, f] of names) {
    const m = sequential([layers.input({ shape: [2] }), layers.activation({ activation: name as 'elu' })], {
      dtype: 'float64',
    });
    assert.equal(Array.from(m.predict(x).data), Array.from(f(x).data), name);
    const d = sequential([layers.dense({ units: 3, inputShape: [2], activation: name as 'elu' })], {
      seed: 1,
      dtype: 'float64',
    });
    const [k, b] = d.getWeights() as [Tensor, Tensor];
    assert.equal(Array.from(d.predict(x).data), Array.from(f(A.add(A.matmul(x, k), b)).data), `dense ${name}`);
  }
  assert.is((layers.activation({ activation: 'swish' as 'silu' }) as { activation: string }).activation, 'silu');
});

test.run();

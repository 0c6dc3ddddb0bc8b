// The Model API additions: summary() as Keras 3 prints it (the fixture is rich's rendering of Keras 3's
// print_summary table for the same model), pop / getLayer / add on a trained base, frozen layers (skipped by the
// optimizer, saved in JSON), weight constraints and bias / activity penalties, the inference chain with the new
// activations, and model JSON of every new layer (bit-identical predictions, training continues identically).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Rng, randomUniform, tensor, type Tensor } from '../../src/tensor/index.ts';
import {
  Sequential,
  constraints,
  layers,
  optimizers,
  regularizers,
  sequential,
  type Dense,
} from '../../src/nn/index.ts';
import { allclose } from '../helpers/allclose.ts';

const rng = new Rng(31);
const X = Array.from({ length: 50 }, () => Array.from(randomUniform([3], { rng, min: -2, max: 2 }).data));
const Y = X.map((r) => [Math.sin(r[0]!) + r[1]! * 0.5, r[2]! > 0 ? 1 : 0]);

test("summary() returns and prints Keras 3's table", () => {
  const m = sequential(
    [
      layers.input({ shape: [3] }),
      layers.dense({ units: 1000, name: 'hidden' }),
      layers.batchNormalization({ name: 'batch_normalization_with_a_long_name' }),
      layers.dense({ units: 3, name: 'frozen_head_with_a_name_longer_than_the_column' }),
    ],
    { name: 'breadth' },
  );
  m.getLayer(2).trainable = false;
  const printed: string[] = [];
  const text = m.summary({ printFn: (s) => printed.push(s) });
  const want = readFileSync(new URL('../fixtures/keras-summary.txt', import.meta.url), 'utf8').replace(/\n$/, '');
  assert.is(text, want);
  assert.equal(printed, [want]);
  const unbuilt = sequential([layers.dense({ units: 2 })], { name: 'u' }).summary({ printFn: () => {} });
  assert.match(unbuilt, /│ dense\S* \(Dense\) +│ \? +│ +0 \(unbuilt\) │/);
});

test('pop, getLayer and add: a new head on a frozen, trained base', () => {
  const base = sequential(
    [
      layers.dense({ units: 8, inputShape: [3], activation: 'relu', name: 'b1' }),
      layers.dense({ units: 2, name: 'old' }),
    ],
    { seed: 2 },
  );
  base.compile({ loss: 'mse', optimizer: 'adam' });
  base.fit(X, Y, { epochs: 3, verbose: 0 });
  assert.is(base.getLayer('b1'), base.layers[0]);
  assert.is(base.getLayer(1).name, 'old');
  assert.throws(() => base.getLayer('nope'), /No such layer: 'nope'. Existing layers are: b1, old./);
  assert.throws(() => base.getLayer(5), /Was asked to retrieve layer at index 5 but model only has 2 layers./);
  assert.is(base.pop().name, 'old');
  const b1 = base.getLayer('b1');
  b1.trainable = false;
  const frozen = b1.weights().map((w) => Array.from(w.data));
  base.add(layers.dense({ units: 1, activation: 'sigmoid', name: 'head' }));
  base.compile({ loss: 'bce', optimizer: optimizers.adam({ learningRate: 0.05 }), metrics: ['accuracy'] });
  const h = base.fit(
    X,
    Y.map((r) => r[1]!),
    { epochs: 5, verbose: 0 },
  );
  assert.ok(h.history.accuracy!.length === 5);
  assert.equal(
    b1.weights().map((w) => Array.from(w.data)),
    frozen,
  );
  assert.equal(base.outputShape(), [1]);
  // Frozen in JSON, and still frozen after loading.
  const json = base.toJSON();
  assert.is(json.layers[0]!.config.trainable, false);
  assert.is(Sequential.fromJSON(json).getLayer('b1').trainable, false);
  const empty = sequential([layers.input({ shape: [2] })]);
  assert.throws(() => empty.pop(), /there are no layers in the model/);
});

test('a model whose layers are all frozen fits without changing', () => {
  const m = sequential([layers.dense({ units: 2, inputShape: [3] })], { seed: 3 });
  m.layers[0]!.trainable = false;
  m.compile({ loss: 'mse', optimizer: 'sgd' });
  const w = m.getWeights().map((t) => Array.from(t.data));
  m.fit(X, Y, { epochs: 1, verbose: 0 });
  m.trainOnBatch(X, Y);
  assert.equal(
    m.getWeights().map((t) => Array.from(t.data)),
    w,
  );
});

test('kernel constraints project the kernel after each step (Keras: w * clip(norm) / (1e-7 + norm), per unit)', () => {
  const colNorms = (t: Tensor) => {
    const [n, k] = t.shape as [number, number];
    return Array.from({ length: k }, (_, j) =>
      Math.sqrt(Array.from({ length: n }, (_, i) => t.data[i * k + j]! ** 2).reduce((a, b) => a + b)),
    );
  };
  const fit = (c: ReturnType<typeof constraints.maxNorm>) => {
    const m = sequential(
      [layers.dense({ units: 4, inputShape: [3], kernelConstraint: c, biasConstraint: constraints.nonNeg() })],
      {
        seed: 9,
        dtype: 'float64',
      },
    );
    m.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 0.5 }) });
    // One step by hand: SGD, then the projection.
    const [k0, b0] = m.getWeights() as [Tensor, Tensor];
    const plain = sequential([layers.dense({ units: 4, inputShape: [3] })], { dtype: 'float64' });
    plain.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 0.5 }) });
    plain.setWeights([k0, b0]);
    plain.trainOnBatch(
      X,
      Y.map((r) => [r[0]!, r[1]!, r[0]!, r[1]!]),
    );
    m.trainOnBatch(
      X,
      Y.map((r) => [r[0]!, r[1]!, r[0]!, r[1]!]),
    );
    return { got: m.getWeights() as [Tensor, Tensor], raw: plain.getWeights() as [Tensor, Tensor] };
  };
  const { got, raw } = fit(constraints.maxNorm({ maxValue: 0.5 }));
  const norms = colNorms(raw[0]);
  allclose(
    got[0].data,
    Array.from(raw[0].data).map((v, i) => (v * Math.min(norms[i % 4]!, 0.5)) / (1e-7 + norms[i % 4]!)),
    { rtol: 1e-14 },
  );
  allclose(
    got[1].data,
    Array.from(raw[1].data).map((v) => Math.max(v, 0)),
    { rtol: 1e-15 },
  );
  colNorms(fit(constraints.unitNorm()).got[0]).forEach((n) => allclose(n, 1, { rtol: 1e-6 }));
});

test('bias and activity penalties: the loss is the data loss plus l2 sum(b^2) plus l1 sum|output| / batch', () => {
  const m = sequential(
    [
      layers.dense({
        units: 3,
        inputShape: [3],
        activation: 'tanh',
        biasInitializer: 'ones',
        biasRegularizer: regularizers.l2({ l2: 0.3 }),
        activityRegularizer: regularizers.l1({ l1: 0.05 }),
      }),
      layers.dense({ units: 2 }),
    ],
    { seed: 4, dtype: 'float64' },
  );
  m.compile({ loss: 'mse', optimizer: 'sgd' });
  const hidden = sequential([m.layers[0] as Dense], { dtype: 'float64' }).predict(X).data;
  const out = m.predict(X).data;
  const mse = Array.from(out).reduce((s, v, i) => s + (v - Y[Math.floor(i / 2)]![i % 2]!) ** 2, 0) / out.length;
  const l2 = 0.3 * 3;
  const act = (0.05 * Array.from(hidden).reduce((s, v) => s + Math.abs(v), 0)) / X.length;
  allclose(m.evaluate(X, Y, { batchSize: 50 }).loss!, mse + l2 + act, { rtol: 1e-12 });
});

test('dense layers with the new activations keep the inference chain bit for bit; other layers fall back', () => {
  const acts = ['gelu', 'elu', 'silu', 'log_softmax', 'hard_sigmoid', 'mish'] as const;
  const big = Array.from({ length: 300 }, () => Array.from(randomUniform([16], { rng, min: -1, max: 1 }).data));
  for (const a of acts) {
    const m = sequential(
      [
        layers.dense({ units: 64, inputShape: [16], activation: 'relu' }),
        layers.dropout({ rate: 0.2 }),
        layers.dense({ units: 8, activation: a }),
      ],
      { seed: 1 },
    );
    const chained = m.predict(big, { batchSize: 300 }).data;
    const layered = m.apply(tensor(big), { training: false }).data;
    assert.equal(Array.from(chained), Array.from(layered), a);
  }
  const withBn = sequential(
    [layers.dense({ units: 8, inputShape: [16] }), layers.batchNormalization(), layers.dense({ units: 2 })],
    {
      seed: 1,
    },
  );
  assert.equal(Array.from(withBn.predict(big).data), Array.from(withBn.apply(tensor(big), { training: false }).data));
});

test('model JSON of every new layer: predictions bit-identical after reload, training continues identically', () => {
  const make = () =>
    sequential(
      [
        layers.input({ shape: [3] }),
        layers.dense({
          units: 8,
          activation: 'selu',
          kernelConstraint: constraints.maxNorm({ maxValue: 3 }),
          biasRegularizer: regularizers.l1l2({ l1: 1e-3, l2: 1e-3 }),
          activityRegularizer: 'l2',
        }),
        layers.batchNormalization({ momentum: 0.8, gammaRegularizer: 'l2' }),
        layers.gaussianNoise({ stddev: 0.1 }),
        layers.leakyReLU({ negativeSlope: 0.1 }),
        layers.dense({ units: 6, activation: 'softplus' }),
        layers.layerNormalization({ epsilon: 1e-5 }),
        layers.prelu({ alphaConstraint: constraints.nonNeg() }),
        layers.elu({ alpha: 0.5 }),
        layers.dense({ units: 2, activation: 'mish' }),
      ],
      { seed: 6 },
    );
  const a = make();
  a.compile({
    loss: 'huber',
    optimizer: optimizers.nadam({ learningRate: 0.01, clipnorm: 1 }),
    metrics: ['mae', 'rmse'],
  });
  a.fit(X, Y, { epochs: 2, batchSize: 16, verbose: 0 });
  const json = JSON.parse(JSON.stringify(a.toJSON())) as ReturnType<Sequential['toJSON']>;
  const b = Sequential.fromJSON(json);
  const plain = (m: Sequential) => JSON.parse(JSON.stringify(m.toJSON())) as unknown;
  assert.equal(plain(b), json);
  assert.equal(Array.from(b.predict(X).data), Array.from(a.predict(X).data));
  const ha = a.fit(X, Y, { epochs: 2, batchSize: 16, verbose: 0 });
  const hb = b.fit(X, Y, { epochs: 2, batchSize: 16, verbose: 0 });
  assert.equal(hb.history, ha.history);
  assert.equal(plain(b), plain(a));
});

test("every new layer reports its weights' shapes before building; model JSON with a wrong one is refused", () => {
  const m = sequential(
    [
      layers.input({ shape: [3] }),
      layers.batchNormalization({ center: false }),
      layers.layerNormalization(),
      layers.prelu({ sharedAxes: [1] }),
      layers.leakyReLU(),
      layers.elu(),
      layers.gaussianNoise({ stddev: 0.1 }),
      layers.dense({ units: 2 }),
    ],
    { seed: 1 },
  );
  m.build();
  for (const l of m.layers)
    assert.equal(
      l.weightShapes([3]),
      l.weights().map((w) => w.shape.slice()),
      l.className,
    );
  const json = JSON.parse(JSON.stringify(m.toJSON())) as ReturnType<Sequential['toJSON']>;
  json.weights[1] = { shape: [4], data: [1, 1, 1, 1] };
  assert.throws(() => Sequential.fromJSON(json), /weight 1 must have shape \[3\]/);
});

test.run();

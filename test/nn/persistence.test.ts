// Sequential persistence: JSON round trips that continue training identically, refusals of malformed
// JSON, clones of unbuilt models, and names that must never resolve (prototype keys).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, optimizers, losses, Sequential, Layer, registerLayer } from '../../src/nn/index.ts';
import { Variable } from '../../src/autograd/index.ts';
import { zeros, type Tensor } from '../../src/tensor/index.ts';
import { ValueError } from '../../src/core/errors.ts';

test('Sequential JSON round trip: training continues with the same random stream (dropout, shuffling)', () => {
  const Xs = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 7) / 7]);
  const ys = Xs.map((r) => ((r[0] as number) > 0 ? 1 : 0));
  const m = sequential(
    [
      layers.input({ shape: [3] }),
      layers.dense({ units: 8, activation: 'relu' }),
      layers.dropout({ rate: 0.3 }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
    { seed: 0 },
  );
  m.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam' });
  m.fit(Xs, ys, { epochs: 2, verbose: 0 });
  const r = Sequential.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.equal(r.rng.getState(), m.rng.getState());
  assert.equal(
    r.fit(Xs, ys, { epochs: 2, verbose: 0 }).history.loss,
    m.fit(Xs, ys, { epochs: 2, verbose: 0 }).history.loss,
  );
});

test('Sequential.fromJSON refuses a built model without its weights, and an unknown dtype', () => {
  const m = sequential([layers.dense({ units: 2, inputShape: [3] })], { seed: 0 });
  m.build([3]);
  const j = JSON.parse(JSON.stringify(m.toJSON()));
  assert.throws(
    () => Sequential.fromJSON({ ...j, weights: [] }),
    /the model has 2 weight tensors but the JSON gives 0/,
  );
  assert.throws(
    () => Sequential.fromJSON({ ...j, dtype: 'int8' }),
    /dtype must be 'float32' or 'float64'. Got 'int8' instead/,
  );
});

test('an unbuilt model clones reproducibly (the clone builds the weights the original would have built); seeds are integers', () => {
  // an uncompiled Sequential with an input shape is not built yet: its JSON has no weights
  const seq = () => sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })], { seed: 5 });
  const a = seq();
  const b = a.clone();
  a.build([4]);
  b.build([4]);
  assert.equal(
    b.getWeights().map((w) => Array.from(w.data)),
    a.getWeights().map((w) => Array.from(w.data)),
  );
  const legacy = { ...JSON.parse(JSON.stringify(seq().toJSON())), built: undefined }; // JSON without the `built` key
  assert.ok(Sequential.fromJSON(legacy).built);
  assert.throws(() => sequential([], { seed: 1.5 }), /sequential: 'seed' must be an integer. Got 1.5 instead./);
});

test('prototype names are not optimizer or loss names', () => {
  assert.throws(() => optimizers.get('constructor'), /Could not interpret optimizer identifier: 'constructor'/);
  assert.throws(() => losses.get('constructor'), /Could not interpret loss identifier: 'constructor'/);
});

test('a small JSON cannot make fromJSON allocate gigabytes: maxParams is checked against the topology first', () => {
  const bomb = (built: boolean) => ({
    format: 'scikeras-ts/sequential',
    version: 1,
    name: 'b',
    dtype: 'float32',
    inputShape: [30000],
    layers: [{ className: 'Dense', config: { name: 'd', units: 30000, activation: 'linear' } }],
    built,
    weights: [],
    compile: null,
    rng: [1, 2, 3, 4, null],
  });
  const refused = (e: unknown) =>
    e instanceof ValueError &&
    /the model has 900030000 parameters, more than maxParams = 50000000; pass fromJSON\(json, \{ maxParams \}\)/.test(
      (e as Error).message,
    );
  for (const built of [false, true]) {
    const t0 = Date.now();
    assert.throws(() => Sequential.fromJSON(JSON.stringify(bomb(built))), refused);
    assert.ok(Date.now() - t0 < 500, 'refused before allocating');
  }
  // a real model loads, and the limit can be lowered or lifted
  const m = sequential([layers.dense({ units: 4, inputShape: [3] })], { seed: 0 });
  m.build([3]);
  const json = JSON.stringify(m.toJSON());
  assert.ok(Sequential.fromJSON(json).built);
  assert.throws(
    () => Sequential.fromJSON(json, { maxParams: 10 }),
    (e: unknown) =>
      e instanceof ValueError && /the model has 16 parameters, more than maxParams = 10/.test((e as Error).message),
  );
  assert.throws(
    () => Sequential.fromJSON(json, { maxParams: -1 }),
    /'maxParams' must be a positive integer or Infinity/,
  );
  // a layer that does not report its weight shapes is held to the limit while it builds
  class Opaque extends Layer {
    static override readonly className = 'OpaqueForLimit';
    override get className(): string {
      return 'OpaqueForLimit';
    }
    w: Variable | null = null;
    override build(
      inputShape: readonly number[],
      rng: Parameters<Layer['build']>[1],
      dtype: Parameters<Layer['build']>[2],
    ): void {
      this.w = new Variable(zeros([inputShape[0] as number, 1000], { dtype }).data, [inputShape[0] as number, 1000], {
        requiresGrad: true,
      });
      super.build(inputShape, rng, dtype);
    }
    call(x: Tensor): Tensor {
      return x;
    }
    outputShape(s: readonly number[]): number[] {
      return s.slice();
    }
    getConfig(): Record<string, unknown> {
      return { name: this.name };
    }
  }
  registerLayer(Opaque);
  const opaque = {
    ...bomb(false),
    inputShape: [100000],
    layers: [{ className: 'OpaqueForLimit', config: { name: 'o' } }],
  };
  assert.throws(
    () => Sequential.fromJSON(opaque),
    /building the model allocates more than maxParams = 50000000 values/,
  );
});

test('saved weights are checked against the topology and the dtype; a config that lost its activation is refused', () => {
  const m = sequential([layers.dense({ units: 2, activation: 'relu', inputShape: [3] })], { seed: 0 });
  m.build([3]);
  const j = JSON.parse(JSON.stringify(m.toJSON()));
  const wrongShape = JSON.parse(JSON.stringify(j));
  wrongShape.weights[0].shape = [2, 3];
  assert.throws(() => Sequential.fromJSON(wrongShape), /weight 0 must have shape \[3,2\] \(float32\), got \[2, 3\]/);
  const huge = JSON.parse(JSON.stringify(j));
  huge.weights[0].data[0] = 1e308;
  assert.throws(() => Sequential.fromJSON(huge), /weight 0 holds values too large for float32/);
  assert.ok(Sequential.fromJSON({ ...huge, dtype: 'float64' }).built, 'float64 holds 1e308');
  const noActivation = JSON.parse(JSON.stringify(j));
  delete noActivation.layers[0].config.activation;
  assert.throws(() => Sequential.fromJSON(noActivation), /Dense config: the key 'activation' is missing/);
  assert.throws(
    () => Sequential.fromJSON('{"format": '),
    (e: unknown) => e instanceof ValueError && /not valid JSON/.test((e as Error).message),
  );
});

test('whatever fit accepts and toJSON writes loads again: overflowing optimizer slots, a learning rate decayed to 0', () => {
  const m = sequential([layers.dense({ units: 1, inputShape: [1] })], { seed: 0 });
  m.compile({ loss: 'mse', optimizer: optimizers.adam({ learningRate: 0.01 }) });
  m.fit([[1e12], [2e12]], [0, 1], { epochs: 1, verbose: 0 });
  const state = m.toJSON().compile?.optimizer.state;
  assert.ok(JSON.stringify(state).includes('Infinity'), 'the second moment overflowed float32');
  const again = Sequential.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.equal(again.optimizer.getState(), m.optimizer.getState());
  const s = sequential([layers.dense({ units: 1, inputShape: [1] })], { seed: 0 });
  s.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 0.1 }) });
  s.fit([[1]], [1], { epochs: 1, verbose: 0 });
  s.optimizer.learningRate = 0;
  assert.is(Sequential.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))).optimizer.learningRate, 0);
  // weights that diverged (allowNonFinite) cannot be saved: refused at toJSON, not written as nulls
  const d = sequential([layers.dense({ units: 1, inputShape: [1] })], { seed: 0 });
  d.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: 1e30 }) });
  d.fit([[1e10], [2e10]], [0, 1], { epochs: 3, verbose: 0, allowNonFinite: true });
  assert.throws(
    () => d.toJSON(),
    (e: unknown) => e instanceof ValueError && /weight \d holds NaN or Infinity/.test((e as Error).message),
  );
});

test('null options are no options for fit, evaluate and predict', () => {
  const m = sequential([layers.dense({ units: 1, inputShape: [1] })], { seed: 0 });
  m.compile({ loss: 'mse', optimizer: 'sgd' });
  assert.is(m.fit([[1], [2]], [1, 2], null as never).epoch.length, 1);
  assert.ok(Number.isFinite(m.evaluate([[1]], [1], null as never).loss as number));
  assert.is(m.predict([[1]], null as never).size, 1);
  assert.throws(() => m.fit([[1]], [1], 5 as never), /fit: expected an options object, got 5/);
});

test.run();

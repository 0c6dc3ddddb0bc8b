// Sequential persistence: JSON round trips that continue training identically, refusals of malformed
// JSON, clones of unbuilt models, and names that must never resolve (prototype keys).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, optimizers, losses, Sequential } from '../../src/nn/index.ts';

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

test.run();

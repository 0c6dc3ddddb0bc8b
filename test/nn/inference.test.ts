// Inference: a stack of Dense layers runs as one WASM chain with the bits of layer-by-layer evaluation;
// layers that are not plain (a Dense subclass with its own call) run as written; denseChainInto checks
// its arguments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, Dense } from '../../src/nn/index.ts';
import { denseChainInto, tensor } from '../../src/tensor/index.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

const iris = splitEveryFourth(loadCsv('iris'));
const [X] = standardize(iris.Xtr) as [number[][]];

test('predict on a stack of Dense layers runs as one WASM chain with the same bits as layer by layer', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 13) / 13, ((i * 7) % 5) - 2]);
  const nets = [
    () =>
      sequential(
        [
          layers.input({ shape: [4] }),
          layers.dense({ units: 32, activation: 'relu' }),
          layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
        { seed: 1 },
      ),
    () =>
      sequential(
        [
          layers.dense({ units: 24, activation: 'relu', inputShape: [4] }),
          layers.dropout({ rate: 0.5 }),
          layers.dense({ units: 16 }),
          layers.dense({ units: 3, activation: 'softmax' }),
        ],
        { seed: 2 },
      ),
    () =>
      sequential([layers.dense({ units: 8, inputShape: [4] }), layers.dense({ units: 2, activation: 'tanh' })], {
        seed: 3,
      }),
    () =>
      sequential(
        [
          layers.dense({ units: 20, activation: 'relu', inputShape: [4] }),
          layers.activation({ activation: 'relu' }),
          layers.dense({ units: 1 }),
        ],
        { seed: 4 },
      ), // not a plain stack: layer by layer
  ];
  for (const make of nets) {
    const m = make();
    const chained = Array.from(m.predict(rows, { batchSize: 128 }).data);
    const oneByOne = Array.from(
      (m as unknown as { apply(x: unknown, o: object): { data: ArrayLike<number> } }).apply(
        tensor(rows, { dtype: 'float32' }),
        { training: false },
      ).data,
    );
    assert.equal(chained, oneByOne);
  }
});

test('a Dense subclass that overrides call runs as written, not through the WASM chain; denseChainInto checks its arguments', () => {
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
  const p = plain.predict(rows).data,
    d = doubled.predict(rows).data;
  for (let i = 0; i < p.length; i++) assert.is(d[i], 2 * (p[i] as number));
  assert.throws(
    () =>
      denseChainInto(
        new Float32Array(3),
        2,
        [{ w: new Float32Array(8), k: 4, n: 2, bias: null, relu: false }],
        new Float32Array(4),
      ),
    /denseChainInto: x has 3 values, fewer than 2 rows x 4/,
  );
  assert.throws(
    () =>
      denseChainInto(
        new Float32Array(8),
        2,
        [
          { w: new Float32Array(8), k: 4, n: 2, bias: null, relu: false },
          { w: new Float32Array(3), k: 3, n: 1, bias: null, relu: false },
        ],
        new Float32Array(2),
      ),
    /layer 1 takes 3 inputs but layer 0 gives 2/,
  );
});

test.run();

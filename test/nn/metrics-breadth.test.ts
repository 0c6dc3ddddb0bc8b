// Keras 3's metrics: Precision, Recall and AUC against the examples of Keras' own docs and an independent
// threshold-by-threshold reference; state over the batches of an epoch; top-k, RMSE; history keys are the names
// given (strings as written, instances by their `name`); metric classes through model JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, randomUniform, tensor } from '../../src/tensor/index.ts';
import { rocAucScore } from '../../src/estimators/index.ts';
import {
  Sequential,
  getMetric,
  layers,
  metrics,
  optimizers,
  sequential,
  type StatefulMetric,
} from '../../src/nn/index.ts';
import { allclose } from '../helpers/allclose.ts';

const col = (v: number[]) => tensor(v.map((x) => [x]));
function measure(m: StatefulMetric, t: number[], p: number[], sw: number[] | null = null): number {
  m.resetState();
  m.updateState(col(t), col(p), sw);
  return m.result();
}

test("the examples of Keras 3's docs: precision, recall, AUC (3 thresholds)", () => {
  const P = new metrics.Precision();
  assert.is(measure(P, [0, 1, 1, 1], [1, 0, 1, 1]), 2 / 3);
  assert.is(measure(P, [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]), 1);
  const R = new metrics.Recall();
  assert.is(measure(R, [0, 1, 1, 1], [1, 0, 1, 1]), 2 / 3);
  assert.is(measure(R, [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]), 1);
  const auc = new metrics.AUC({ numThresholds: 3 });
  assert.is(measure(auc, [0, 0, 1, 1], [0, 0.5, 0.3, 0.9]), 0.75);
  assert.is(measure(auc, [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1]), 1);
  // Precision above a threshold of its own, and of one column.
  assert.is(measure(new metrics.Precision({ thresholds: 0.95 }), [0, 1, 1, 1], [1, 0, 1, 0.9]), 1 / 2);
  assert.is(measure(new metrics.Precision({ thresholds: 0.85 }), [0, 1, 1, 1], [1, 0, 1, 0.9]), 2 / 3);
  const two = new metrics.Recall({ classId: 1 });
  two.updateState(
    tensor([
      [1, 0],
      [0, 1],
      [0, 1],
    ]),
    tensor([
      [0.9, 0.2],
      [0.1, 0.8],
      [0.6, 0.4],
    ]),
    null,
  );
  assert.is(two.result(), 0.5);
});

// An AUC written from Keras' definition: counts at thresholds -eps, 1/(n-1), ..., 1+eps with p > t, then the
// trapezoids of the ROC curve or Davis & Goadrich's interpolation of the PR curve.
function referenceAuc(t: number[], p: number[], n: number, curve: 'ROC' | 'PR'): number {
  const th = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
  const tp = th.map((x) => p.filter((v, i) => v > x && t[i] === 1).length);
  const fp = th.map((x) => p.filter((v, i) => v > x && t[i] === 0).length);
  const pos = t.filter((v) => v === 1).length,
    neg = t.length - pos;
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    if (curve === 'ROC')
      s += (div(fp[i]!, neg) - div(fp[i + 1]!, neg)) * ((div(tp[i]!, pos) + div(tp[i + 1]!, pos)) / 2);
    else {
      const dtp = tp[i]! - tp[i + 1]!;
      const p0 = tp[i]! + fp[i]!,
        p1 = tp[i + 1]! + fp[i + 1]!;
      const slope = div(dtp, Math.max(p0 - p1, 0));
      const ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
      s += div(slope * (dtp + (tp[i + 1]! - slope * p1) * Math.log(ratio)), pos);
    }
  }
  return s;
}

test('AUC (200 thresholds, ROC and PR) equals the threshold-by-threshold reference; ROC is near the exact AUC', () => {
  const rng = new Rng(3);
  const n = 300;
  const p = Array.from(randomUniform([n], { rng, dtype: 'float64' }).data);
  const t = p.map((v) => (rng.float() < 0.25 + 0.5 * v ? 1 : 0));
  for (const curve of ['ROC', 'PR'] as const) {
    const m = new metrics.AUC({ curve });
    // Three batches: the counts accumulate.
    m.resetState();
    for (const [a, b] of [
      [0, 100],
      [100, 250],
      [250, 300],
    ])
      m.updateState(col(t.slice(a, b)), col(p.slice(a, b)), null);
    allclose(m.result(), referenceAuc(t, p, 200, curve), { rtol: 1e-12, msg: curve });
  }
  const exact = rocAucScore(t, p);
  assert.ok(Math.abs(measure(new metrics.AUC(), t, p) - exact) < 3e-3, `close to ${exact}`);
});

test('top-k accuracy counts ties in (tf.math.in_top_k); RMSE is the root of the epoch mean', () => {
  const y = tensor([
    [0, 1, 0, 0],
    [0, 0, 0, 1],
    [1, 0, 0, 0],
  ]);
  const p = tensor([
    [0.1, 0.5, 0.2, 0.2],
    [0.4, 0.3, 0.2, 0.1],
    [0.25, 0.25, 0.25, 0.25],
  ]);
  const top2 = new metrics.TopKCategoricalAccuracy({ k: 2 });
  top2.resetState();
  top2.updateState(y, p, null);
  assert.is(top2.result(), 2 / 3);
  const sparse = new metrics.SparseTopKCategoricalAccuracy({ k: 1 });
  sparse.resetState();
  sparse.updateState(tensor([1, 3, 2]), p, null);
  assert.is(sparse.result(), 2 / 3);
  const rmse = new metrics.RootMeanSquaredError();
  rmse.resetState();
  rmse.updateState(col([0, 0]), col([3, 4]), null);
  rmse.updateState(col([0]), col([5]), null);
  assert.is(rmse.result(), Math.sqrt((9 + 16 + 25) / 3));
});

const rng2 = new Rng(12);
const X = Array.from({ length: 60 }, () => Array.from(randomUniform([3], { rng: rng2, min: -2, max: 2 }).data));
const Y = X.map((r) => [r[0]! + r[1]! * r[2]! > 0 ? 1 : 0]);

test('history keys are the names given; stateful metrics are epoch values, not means of batch values', () => {
  const m = sequential(
    [
      layers.dense({ units: 6, inputShape: [3], activation: 'relu' }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    {
      seed: 1,
    },
  );
  m.compile({
    loss: 'binary_crossentropy',
    optimizer: optimizers.adam({ learningRate: 0.01 }),
    metrics: ['acc', 'AUC', 'precision', new metrics.Recall({ name: 'rec', thresholds: 0.4 }), 'rmse'],
  });
  const h = m.fit(X, Y, { epochs: 2, batchSize: 7, verbose: 0, validationSplit: 0.25 });
  assert.equal(Object.keys(h.history).sort(), [
    'AUC',
    'acc',
    'loss',
    'precision',
    'rec',
    'rmse',
    'val_AUC',
    'val_acc',
    'val_loss',
    'val_precision',
    'val_rec',
    'val_rmse',
  ]);
  // evaluate over batches of 7 gives the values of the whole set.
  const e = m.evaluate(X, Y, { batchSize: 7 });
  const p = Array.from(m.predict(X).data);
  const t = Y.map((r) => r[0]!);
  const tp = (th: number) => p.filter((v, i) => v > th && t[i] === 1).length;
  const fp = (th: number) => p.filter((v, i) => v > th && t[i] === 0).length;
  allclose(e.precision!, tp(0.5) / (tp(0.5) + fp(0.5)), { rtol: 1e-12 });
  allclose(e.rec!, tp(0.4) / t.filter((v) => v === 1).length, { rtol: 1e-12 });
  allclose(e.rmse!, Math.sqrt(p.reduce((s, v, i) => s + (v - t[i]!) ** 2, 0) / p.length), { rtol: 1e-6 });
  allclose(e.AUC!, referenceAuc(t, p, 200, 'ROC'), { rtol: 1e-12 });
  assert.is(getMetric('Precision', 'binary_crossentropy', 1).name, 'Precision');
});

test('metric classes take one options object and go through model JSON', () => {
  const auc = new metrics.AUC({ curve: 'PR', numThresholds: 50, name: 'pr' });
  const m = sequential([layers.dense({ units: 1, inputShape: [3], activation: 'sigmoid' })], { seed: 2 });
  m.compile({
    loss: 'bce',
    optimizer: 'sgd',
    metrics: [auc, new metrics.BinaryAccuracy({ threshold: 0.3 })],
    weightedMetrics: [new metrics.Precision({ thresholds: 0.6 })],
  });
  const again = Sequential.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.equal(again.metricsNames, ['pr', 'binary_accuracy', 'precision']);
  assert.equal(again.evaluate(X, Y), m.evaluate(X, Y));
  assert.throws(
    () => new metrics.Precision({ thresholds: [0.3, 0.5] as never }),
    /The 'thresholds' parameter of precision must be a float in the range \(-inf, inf\). Got \[0.3, 0.5\] instead./,
  );
  assert.throws(
    () => new metrics.AUC({ curve: 'PRGAIN' as 'PR' }),
    /The 'curve' parameter of auc must be a str among \{'ROC', 'PR'\}. Got 'PRGAIN' instead./,
  );
  assert.throws(
    () =>
      new metrics.Precision().updateState(
        tensor([1, 0]),
        tensor([
          [0.2, 0.8],
          [0.6, 0.4],
        ]),
        null,
      ),
    /it needs a 0\/1 label per output/,
  );
});

test.run();

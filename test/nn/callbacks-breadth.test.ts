// The new callbacks: reduceLROnPlateau traced epoch by epoch against Keras 3's rules, learningRateScheduler,
// modelCheckpoint (storage is a function: the saved JSON reloads as the model of that epoch), historyLogger
// (Keras' CSVLogger lines) and lambdaCallback.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, randomUniform } from '../../src/tensor/index.ts';
import {
  ReduceLROnPlateau,
  Sequential,
  callbacks,
  layers,
  optimizers,
  sequential,
  setWarningHandler,
  type CallbackModel,
  type Logs,
} from '../../src/nn/index.ts';

const rng = new Rng(8);
const X = Array.from({ length: 40 }, () => Array.from(randomUniform([2], { rng, min: -1, max: 1 }).data));
const Y = X.map((r) => [r[0]! * 2 - r[1]!]);
const model = (lr = 0.05) => {
  const m = sequential([layers.dense({ units: 4, inputShape: [2], activation: 'tanh' }), layers.dense({ units: 1 })], {
    seed: 3,
  });
  m.compile({ loss: 'mse', optimizer: optimizers.sgd({ learningRate: lr }), metrics: ['mae'] });
  return m;
};

test('reduceLROnPlateau: patience, minDelta, cooldown and minLr as Keras 3 applies them', () => {
  const opt = { learningRate: 1 };
  const fake = { stopTraining: false, getWeights: () => [], setWeights: () => {}, optimizer: opt } as CallbackModel;
  const cb = new ReduceLROnPlateau({ patience: 2, factor: 0.5, minDelta: 0.01, cooldown: 1, minLr: 0.2 });
  cb.setModel(fake);
  cb.onTrainBegin();
  // val_loss improves, stalls (0.995 is within minDelta), the rate halves after 2 epochs, one epoch of cooldown
  // resets the wait, the next improvement (0.98) is the new best, then it stalls again.
  const losses = [1, 0.995, 0.999, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98];
  const seen: number[] = [];
  const logged: number[] = [];
  losses.forEach((v, epoch) => {
    const logs: Logs = { val_loss: v };
    cb.onEpochEnd(epoch, logs);
    logged.push(logs.learning_rate!);
    seen.push(opt.learningRate);
  });
  // Epoch 9 would go below minLr: 0.2 is not above float32(0.2), so it stays.
  assert.equal(seen, [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2]);
  assert.equal(logged, [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2]);
  assert.throws(
    () => new ReduceLROnPlateau({ factor: 1 }),
    /The 'factor' parameter of ReduceLROnPlateau must be a float in the range \[0, 1\). Got 1 instead./,
  );
  const warned: string[] = [];
  const prev = setWarningHandler((_c, m) => warned.push(m));
  cb.onEpochEnd(10, { loss: 1 });
  setWarningHandler(prev);
  assert.match(
    warned[0]!,
    /conditioned on metric `val_loss` which is not available. Available metrics are: loss,learning_rate/,
  );
});

test('reduceLROnPlateau and learningRateScheduler in fit: the learning rate is logged and used', () => {
  const m = model();
  const h = m.fit(X, Y, {
    epochs: 4,
    verbose: 0,
    callbacks: [callbacks.learningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr / 2))],
  });
  assert.equal(h.history.learning_rate, [0.05, 0.05, 0.025, 0.0125]);
  assert.is(m.optimizer.learningRate, 0.0125);
  // The same training by hand: the rate set before each epoch.
  const n = model();
  [0.05, 0.05, 0.025, 0.0125].forEach((lr, epoch) => {
    n.optimizer.learningRate = lr;
    n.fit(X, Y, { epochs: epoch + 1, initialEpoch: epoch, verbose: 0 });
  });
  assert.equal(Array.from(n.getWeights()[0]!.data), Array.from(m.getWeights()[0]!.data));
  const r = model(0.5);
  const hr = r.fit(X, Y, {
    epochs: 6,
    verbose: 0,
    callbacks: [callbacks.reduceLROnPlateau({ monitor: 'loss', patience: 0, minDelta: 10, factor: 0.5 })],
  });
  // The first epoch sets the best value; every later one fails minDelta 10 and halves the rate (logged before).
  assert.equal(hr.history.learning_rate, [0.5, 0.5, 0.25, 0.125, 0.0625, 0.03125]);
});

test('modelCheckpoint hands the JSON of the best epochs to its save function', () => {
  const m = model(0.2);
  const saved: Array<{ epoch: number; json: unknown; val: number }> = [];
  const predictions: number[][] = [];
  const h = m.fit(X, Y, {
    epochs: 6,
    verbose: 0,
    validationSplit: 0.25,
    callbacks: [
      callbacks.modelCheckpoint({
        saveBestOnly: true,
        save: (json, epoch, logs) => saved.push({ epoch, json: JSON.parse(JSON.stringify(json)), val: logs.val_loss! }),
      }),
      callbacks.lambdaCallback({ onEpochEnd: () => predictions.push(Array.from(m.predict(X).data)) }),
    ],
  });
  const vals = h.history.val_loss!;
  const best: number[] = [];
  vals.reduce((b, v, i) => (v < b ? (best.push(i), v) : b), Infinity);
  assert.equal(
    saved.map((s) => s.epoch),
    best,
  );
  for (const s of saved) {
    assert.is(s.val, vals[s.epoch]);
    assert.equal(Array.from(Sequential.fromJSON(s.json).predict(X).data), predictions[s.epoch]);
  }
  const every: number[] = [];
  model().fit(X, Y, {
    epochs: 3,
    verbose: 0,
    callbacks: [callbacks.modelCheckpoint({ save: (_j, e) => every.push(e) })],
  });
  assert.equal(every, [0, 1, 2]);
  assert.throws(
    () => callbacks.modelCheckpoint({} as never),
    /The 'save' parameter of ModelCheckpoint must be a callable. Got undefined instead./,
  );
});

test("historyLogger writes Keras' CSVLogger lines", () => {
  const lines: string[] = [];
  const m = model();
  const h = m.fit(X, Y, {
    epochs: 2,
    verbose: 0,
    validationSplit: 0.25,
    callbacks: [callbacks.historyLogger({ write: (l) => lines.push(l) })],
  });
  assert.is(lines[0], 'epoch,loss,mae,val_loss,val_mae');
  assert.equal(
    lines.slice(1),
    [0, 1].map((e) => [e, ...['loss', 'mae', 'val_loss', 'val_mae'].map((k) => String(h.history[k]![e]!))].join(',')),
  );
  const plain: string[] = [];
  model().fit(X, Y, {
    epochs: 1,
    verbose: 0,
    callbacks: [callbacks.historyLogger({ write: (l) => plain.push(l), separator: ';' })],
  });
  assert.is(plain[0], 'epoch;loss;mae;val_loss;val_mae');
  assert.match(plain[1]!, /^0;[0-9.e-]+;[0-9.e-]+;NA;NA$/);
  const tiny: string[] = [];
  const logger = callbacks.historyLogger({ write: (l) => tiny.push(l) });
  logger.onEpochEnd(3, { loss: 1e-5, acc: 2 });
  assert.equal(tiny, ['epoch,acc,loss,val_acc,val_loss', '3,2,0.00001,NA,NA']);
});

test('lambdaCallback calls the hooks it is given (Keras names for the batch hooks too)', () => {
  const calls: string[] = [];
  model().fit(X, Y, {
    epochs: 1,
    batchSize: 20,
    verbose: 0,
    callbacks: [
      callbacks.lambdaCallback({
        onTrainBegin: () => calls.push('train'),
        onEpochBegin: (e: number) => calls.push(`epoch ${e}`),
        onTrainBatchEnd: (b: number) => calls.push(`batch ${b}`),
        onEpochEnd: (e: number, logs?: Logs) => calls.push(`end ${e} ${Object.keys(logs ?? {}).join(',')}`),
      }),
    ],
  });
  assert.equal(calls, ['train', 'epoch 0', 'batch 0', 'batch 1', 'end 0 loss,mae']);
  assert.throws(() => callbacks.lambdaCallback({ epochEnd: () => {} }), /'epochEnd' must be a hook function named on/);
});

test.run();

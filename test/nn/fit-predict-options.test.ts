// Keras's fit / predict / evaluate options beyond the basics: validationBatchSize, validationFreq,
// validationSteps, stepsPerEpoch, predict / evaluate steps, the test and predict callback hooks, and Keras's
// TypeError (an ArgumentError here) for an option the method does not take.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sequential, layers, type Callback, type Logs } from '../../src/nn/index.ts';
import { ArgumentError, ValueError } from '../../src/core/errors.ts';

const X = Array.from({ length: 40 }, (_, i) => [i / 40, (i % 7) / 7]);
const y = X.map((r) => ((r[0] as number) > 0.5 ? 1 : 0));

function model() {
  const m = sequential([layers.input({ shape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })], { seed: 1 });
  m.compile({ loss: 'binary_crossentropy', optimizer: 'sgd' });
  return m;
}

/** Records every hook call as 'name:batch' (or 'name'). */
function recorder(): { calls: string[]; cb: Callback } {
  const calls: string[] = [];
  const hook =
    (name: string) =>
    (a?: number | Logs): void => {
      calls.push(typeof a === 'number' ? `${name}:${a}` : name);
    };
  const names = [
    'onTrainBegin',
    'onEpochEnd',
    'onTestBegin',
    'onTestEnd',
    'onTestBatchBegin',
    'onTestBatchEnd',
    'onPredictBegin',
    'onPredictEnd',
    'onPredictBatchBegin',
    'onPredictBatchEnd',
  ];
  return { calls, cb: Object.fromEntries(names.map((n) => [n, hook(n)])) as Callback };
}

test('fit validates with the test hooks of its callbacks, validationBatchSize batches, every validationFreq epochs', () => {
  const { calls, cb } = recorder();
  const h = model().fit(X, y, {
    epochs: 4,
    batchSize: 8,
    validationSplit: 0.25,
    validationBatchSize: 4,
    validationFreq: 2,
    verbose: 0,
    callbacks: [cb],
  });
  // 10 validation rows in batches of 4: 3 test batches, run after epochs 2 and 4 only
  assert.equal(h.history.val_loss?.length, 2);
  assert.is(calls.filter((c) => c === 'onTestBegin').length, 2);
  assert.equal(
    calls.filter((c) => c.startsWith('onTestBatchEnd')),
    [
      'onTestBatchEnd:0',
      'onTestBatchEnd:1',
      'onTestBatchEnd:2',
      'onTestBatchEnd:0',
      'onTestBatchEnd:1',
      'onTestBatchEnd:2',
    ],
  );
  // validationSteps limits the validation batches
  const { calls: c2, cb: cb2 } = recorder();
  model().fit(X, y, {
    epochs: 1,
    validationSplit: 0.25,
    validationBatchSize: 4,
    validationSteps: 1,
    verbose: 0,
    callbacks: cb2,
  });
  assert.equal(
    c2.filter((c) => c.startsWith('onTestBatch')),
    ['onTestBatchBegin:0', 'onTestBatchEnd:0'],
  );
});

test('stepsPerEpoch limits the batches of an epoch and cannot exceed them', () => {
  let batches = 0;
  model().fit(X, y, {
    epochs: 2,
    batchSize: 8,
    stepsPerEpoch: 3,
    verbose: 0,
    callbacks: { onBatchEnd: () => batches++ },
  });
  assert.is(batches, 6);
  assert.throws(
    () => model().fit(X, y, { batchSize: 8, stepsPerEpoch: 6, verbose: 0 }),
    (e: unknown) => e instanceof ValueError && /'stepsPerEpoch' is 6 but the data makes 5 batches of 8/.test(String(e)),
  );
});

test('predict and evaluate run their hooks per batch of batchSize; steps limits the rows', () => {
  const m = model();
  const { calls, cb } = recorder();
  const out = m.predict(X, { batchSize: 16, callbacks: [cb], verbose: 0 });
  assert.is(out.shape[0], 40);
  assert.equal(calls, [
    'onPredictBegin',
    'onPredictBatchBegin:0',
    'onPredictBatchEnd:0',
    'onPredictBatchBegin:1',
    'onPredictBatchEnd:1',
    'onPredictBatchBegin:2',
    'onPredictBatchEnd:2',
    'onPredictEnd',
  ]);
  const part = m.predict(X, { batchSize: 16, steps: 2 });
  assert.equal(part.shape, [32, 1]);
  assert.equal(Array.from(part.data), Array.from(out.data.subarray(0, 32)));
  const { calls: ec, cb: ecb } = recorder();
  const logs = m.evaluate(X, y, { batchSize: 32, callbacks: ecb });
  assert.equal(ec, [
    'onTestBegin',
    'onTestBatchBegin:0',
    'onTestBatchEnd:0',
    'onTestBatchBegin:1',
    'onTestBatchEnd:1',
    'onTestEnd',
  ]);
  assert.ok(Number.isFinite(logs.loss));
});

test("an option fit or predict does not take is Keras's TypeError (ArgumentError); a null optimizer cannot compile", () => {
  const m = model();
  assert.throws(
    () => m.fit(X, y, { epoch: 2 } as never),
    (e: unknown) =>
      e instanceof ArgumentError && /^fit\(\) got an unexpected keyword argument 'epoch'/.test((e as Error).message),
  );
  assert.throws(
    () => m.predict(X, { batch_size: 2 } as never),
    (e: unknown) =>
      e instanceof ArgumentError &&
      /^predict\(\) got an unexpected keyword argument 'batch_size'/.test((e as Error).message),
  );
  assert.throws(
    () => m.predict(X, { steps: 0 }),
    (e: unknown) =>
      e instanceof ValueError && /predict: 'steps' must be a positive integer. Got 0 instead./.test(String(e)),
  );
  assert.throws(
    () => m.predict(X, { verbose: 3 }),
    (e: unknown) => e instanceof ValueError && /predict: 'verbose' must be 0, 1, 2 or a boolean/.test(String(e)),
  );
  assert.throws(
    () => sequential([layers.dense({ units: 1, inputShape: [2] })]).compile({ loss: 'mse', optimizer: null as never }),
    (e: unknown) => e instanceof ValueError && /You must provide an optimizer/.test(String(e)),
  );
});

test.run();

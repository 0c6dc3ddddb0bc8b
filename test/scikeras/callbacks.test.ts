// Port of SciKeras v0.13.0 tests/test_callbacks.py (camelCase API, same inputs and assertions).
// 3 tests, all ported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KerasClassifier } from '../../src/estimators/index.ts';
import { sequential, layers, EarlyStopping, SGD, type Callback } from '../../src/nn/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';

setWarningHandler(() => {});

function getClf() {
  return sequential([layers.input({ shape: [1] }), layers.dense({ units: 1, activation: 'sigmoid' })]);
}

test('test_callbacks_prefixes', () => {
  class SentinalCallback implements Callback {
    constructor(readonly callLogs: Record<string, number>) {}
    onTestBegin(): void {
      this.callLogs.on_test_begin = (this.callLogs.on_test_begin ?? 0) + 1;
    }
    onTrainBegin(): void {
      this.callLogs.on_train_begin = (this.callLogs.on_train_begin ?? 0) + 1;
    }
    onPredictBegin(): void {
      this.callLogs.on_predict_begin = (this.callLogs.on_predict_begin ?? 0) + 1;
    }
  }
  const callbacksCallLogs: Record<string, number> = {};
  const fitCallbacksCallLogs: Record<string, number> = {};
  const predictCallbacksCallLogs: Record<string, number> = {};
  const clf = new KerasClassifier({
    model: getClf,
    loss: 'binary_crossentropy',
    callbacks: new SentinalCallback(callbacksCallLogs),
    fit__callbacks: new SentinalCallback(fitCallbacksCallLogs),
    predict__callbacks: new SentinalCallback(predictCallbacksCallLogs),
    validationSplit: 0.1,
  });
  clf.fit(
    Array.from({ length: 100 }, () => [0]),
    Array.from({ length: 100 }, () => 0),
  );
  assert.equal(callbacksCallLogs, { on_train_begin: 1, on_test_begin: 1 });
  assert.equal(fitCallbacksCallLogs, { on_train_begin: 1, on_test_begin: 1 });
  assert.equal(predictCallbacksCallLogs, {});
  clf.predict([[0]]);
  assert.equal(callbacksCallLogs, { on_train_begin: 1, on_test_begin: 1, on_predict_begin: 1 });
  assert.equal(fitCallbacksCallLogs, { on_train_begin: 1, on_test_begin: 1 });
  assert.equal(predictCallbacksCallLogs, { on_predict_begin: 1 });
});

const syntaxes: Array<[string, Record<string, unknown>]> = [
  ['class list syntax', { callbacks: [EarlyStopping], callbacks__0__monitor: 'acc', callbacks__0__min_delta: 1 }],
  [
    'class dict syntax',
    { callbacks: { es: EarlyStopping }, callbacks__es__monitor: 'acc', callbacks__es__min_delta: 1 },
  ],
  ['single class syntax', { callbacks: EarlyStopping, callbacks__monitor: 'acc', callbacks__min_delta: 1 }],
  ['object list sytnax', { callbacks: [new EarlyStopping({ monitor: 'acc', minDelta: 1 })] }],
  ['object dict synax', { callbacks: { es: new EarlyStopping({ monitor: 'acc', minDelta: 1 }) } }],
  ['single object sytnax', { callbacks: new EarlyStopping({ monitor: 'acc', minDelta: 1 }) }],
];

test('test_callback_param_routing_syntax (6 syntaxes)', () => {
  for (const [id, callbackKwargs] of syntaxes) {
    const clf = new KerasClassifier({
      model: getClf,
      epochs: 5,
      loss: 'binary_crossentropy',
      metrics: 'acc',
      ...callbackKwargs,
    });
    clf.fit([[1], [1]], [0, 1]);
    // should early stop after 1-2 epochs since we set the accuracy delta to 1
    assert.ok(clf.currentEpoch < 5, `${id}: trained ${clf.currentEpoch} epochs`);
  }
});

test('test_callback_compiling_args_or_kwargs', () => {
  class ArgsOnlyCallback implements Callback {
    static called = false;
    constructor(...args: unknown[]) {
      assert.equal(args, ['arg0', 'arg1']);
      ArgsOnlyCallback.called = true;
    }
  }
  class KwargsOnlyCallback implements Callback {
    static called = false;
    constructor(...args: unknown[]) {
      assert.equal(args, [{ kwargname: null }]);
      KwargsOnlyCallback.called = true;
    }
  }
  class ArgsAndKwargsCallback implements Callback {
    static called = false;
    constructor(...args: unknown[]) {
      assert.equal(args, ['arg', { kwargname: null }]);
      ArgsAndKwargsCallback.called = true;
    }
  }
  const clf = new KerasClassifier({
    model: getClf,
    epochs: 5,
    optimizer: SGD,
    optimizer__learning_rate: 0.1,
    loss: 'binary_crossentropy',
    callbacks: { args: ArgsOnlyCallback, kwargs: KwargsOnlyCallback, argskwargs: ArgsAndKwargsCallback },
    callbacks__args__1: 'arg1', // passed as an arg
    callbacks__args__0: 'arg0', // unorder the args on purpose, SciKeras should not care about the order of the keys
    callbacks__kwargs__kwargname: null, // passed as a kwarg
    callbacks__argskwargs__0: 'arg', // passed as an arg
    callbacks__argskwargs__kwargname: null, // passed as a kwarg
  });
  clf.fit([[1]], [1]);
  for (const cls of [ArgsOnlyCallback, KwargsOnlyCallback, ArgsAndKwargsCallback]) assert.ok(cls.called);
});

test.run();

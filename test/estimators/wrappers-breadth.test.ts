// KerasClassifier / KerasRegressor with the Keras breadth of nn through SciKeras routing: optimizer strings with
// optimizer__* (clipping and schedules included), losses with loss__* options, metric and callback instances,
// callback classes built from callbacks__*, normalization layers in the build function, and estimator JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KerasClassifier, KerasRegressor, type BuildArgs } from '../../src/estimators/index.ts';
import {
  Adagrad,
  Adamax,
  AdamW,
  KerasLoss,
  Nadam,
  ReduceLROnPlateau,
  layers,
  metrics,
  optimizers,
  sequential,
  type Sequential,
} from '../../src/nn/index.ts';
import { Rng, randomUniform } from '../../src/tensor/index.ts';

const rng = new Rng(17);
const X = Array.from({ length: 80 }, () => Array.from(randomUniform([4], { rng, min: -2, max: 2 }).data));
const yBin = X.map((r) => (r[0]! + r[1]! * r[2]! > 0 ? 1 : 0));
const yReg = X.map((r) => 2 * r[0]! - r[3]! + 0.3 * r[1]! * r[2]!);

function net({ meta, compileKwargs }: BuildArgs): Sequential {
  const out = meta.targetType_ === 'binary' ? { units: 1, activation: 'sigmoid' as const } : { units: meta.nOutputs_ };
  const m = sequential([
    layers.input({ shape: [meta.nFeaturesIn_] }),
    layers.dense({ units: 16, activation: 'gelu' }),
    layers.batchNormalization(),
    layers.leakyReLU(),
    layers.dense(out),
  ]);
  m.compile({
    loss: compileKwargs.loss ?? 'mse',
    optimizer: compileKwargs.optimizer,
    metrics: compileKwargs.metrics as [],
  });
  return m;
}

test('KerasClassifier: adamax with routed clipnorm, label smoothing routed to the loss, metric and callback instances', () => {
  const clf = new KerasClassifier({
    model: net,
    loss: 'binary_crossentropy',
    loss__label_smoothing: 0.1,
    optimizer: 'adamax',
    optimizer__learning_rate: 0.02,
    optimizer__clipnorm: 1,
    metrics: ['auc', new metrics.Precision({ name: 'p' })],
    callbacks: [new ReduceLROnPlateau({ monitor: 'loss', patience: 1 })],
    epochs: 4,
    verbose: 0,
    randomState: 0,
  }).fit(X, yBin);
  const model = clf.model_ as Sequential;
  assert.ok(model.optimizer instanceof Adamax);
  assert.equal([model.optimizer.learningRate <= 0.02, model.optimizer.clipnorm], [true, 1]);
  assert.equal([(model.loss as KerasLoss).key, model.loss.labelSmoothing], ['binary_crossentropy', 0.1]);
  const h = clf.history_ as Record<string, number[]>;
  assert.equal(Object.keys(h).sort(), ['auc', 'learning_rate', 'loss', 'p']);
  assert.ok(clf.score(X, yBin) > 0.6);
  const again = KerasClassifier.fromJSON(JSON.stringify(clf), { model: net });
  assert.equal(again.predictProba(X), clf.predictProba(X));
});

test('KerasRegressor: huber with a routed delta, nadam / adamw / adagrad by name with routed arguments, rmse', () => {
  const cases: Array<[string, Record<string, unknown>, (o: unknown) => boolean]> = [
    ['nadam', { optimizer__learning_rate: 0.01 }, (o) => o instanceof Nadam],
    [
      'adamw',
      { optimizer__weight_decay: 0.01, optimizer__global_clipnorm: 5 },
      (o) => o instanceof AdamW && (o as AdamW).weightDecay === 0.01,
    ],
    [
      'Adagrad',
      { optimizer__initial_accumulator_value: 0.5, optimizer__learning_rate: 0.1 },
      (o) => o instanceof Adagrad,
    ],
  ];
  for (const [opt, routed, check] of cases) {
    const reg = new KerasRegressor({
      model: net,
      loss: 'huber',
      loss__delta: 0.5,
      optimizer: opt,
      ...routed,
      metrics: ['rmse'],
      epochs: 3,
      verbose: 0,
      randomState: 1,
    }).fit(X, yReg);
    const model = reg.model_ as Sequential;
    assert.ok(check(model.optimizer), opt);
    assert.equal((model.loss as KerasLoss).config, { delta: 0.5 });
    assert.ok((reg.history_ as Record<string, number[]>).rmse!.length === 3);
  }
});

test('callback classes are built from callbacks__*; optimizer instances (with schedules) are templates', () => {
  const schedule = optimizers.schedules.exponentialDecay({ initialLearningRate: 0.05, decaySteps: 3, decayRate: 0.5 });
  const template = optimizers.adagrad({ learningRate: schedule });
  const reg = new KerasRegressor({
    model: net,
    loss: 'mse',
    optimizer: template,
    callbacks: ReduceLROnPlateau,
    callbacks__monitor: 'loss',
    callbacks__min_delta: 100,
    callbacks__patience: 0,
    epochs: 2,
    verbose: 0,
    randomState: 2,
  });
  // A schedule cannot be set, and ReduceLROnPlateau refuses to change it: as Keras, a TypeError.
  assert.throws(() => reg.fit(X, yReg), /follows a schedule, so it cannot be set/);
  const fitted = new KerasRegressor({
    model: net,
    loss: 'mse',
    optimizer: template,
    epochs: 2,
    verbose: 0,
    randomState: 2,
  }).fit(X, yReg);
  const used = (fitted.model_ as Sequential).optimizer;
  assert.is.not(used, template);
  assert.equal(used.getConfig(), template.getConfig());
  assert.is(template.iterations, 0);
  const withPatience = new KerasRegressor({
    model: net,
    loss: 'mse',
    optimizer: 'sgd',
    callbacks: ReduceLROnPlateau,
    callbacks__monitor: 'loss',
    callbacks__min_delta: 100,
    callbacks__patience: 0,
    epochs: 3,
    verbose: 0,
  }).fit(X, yReg);
  assert.equal((withPatience.history_ as Record<string, number[]>).learning_rate, [0.01, 0.01, 0.001]);
});

test.run();

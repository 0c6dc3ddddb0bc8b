// SciKeras's notebook: a KerasClassifier build function with its own parameters, meta inside it, a
// KerasRegressor, a Sequential model's predictions as arrays, and Keras history keys.
import {
  KerasClassifier,
  KerasRegressor,
  accuracyScore,
  r2Score,
  type ClassifierBuildArgs,
  type RegressorBuildArgs,
  type BuildArgs,
} from 'scikeras-ts/estimators';
import { layers, sequential, type Sequential } from 'scikeras-ts/nn';

declare const X: number[][];
declare const y: number[];
declare const labels: string[];

function getClfModel({
  hiddenLayerSizes,
  dropout,
  meta,
  compileKwargs,
}: ClassifierBuildArgs<{ hiddenLayerSizes: number[]; dropout: number }>): Sequential {
  const model = sequential();
  model.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const units of hiddenLayerSizes) {
    model.add(layers.dense({ units, activation: 'relu' }));
    model.add(layers.dropout({ rate: dropout }));
  }
  if (meta.targetType_ === 'binary') {
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    model.compile({ loss: 'binary_crossentropy', optimizer: compileKwargs.optimizer });
  } else {
    model.add(layers.dense({ units: meta.nClasses_, activation: 'softmax' }));
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer });
  }
  return model;
}

const clf = new KerasClassifier({
  model: getClfModel,
  hiddenLayerSizes: [100],
  dropout: 0.5,
  optimizer: 'adam',
  optimizer__learningRate: 0.001,
  model__dropout: 0.25,
  epochs: 20,
  verbose: 0,
  randomState: 0,
});
clf.fit(X, y);
accuracyScore(y, clf.predict(X));
const proba: number[][] = clf.predictProba(X);
const classes = clf.classes_;
const nClasses: number = clf.nClasses_;
const loss: number[] = clf.history_.loss!;

// The typed path: a build function's own parameters are required and checked.
// @ts-expect-error 'hiddenLayerSize' is a typo of the build function's 'hiddenLayerSizes'
new KerasClassifier({ model: getClfModel, hiddenLayerSize: [100], dropout: 0.5 });
// @ts-expect-error a build function parameter of the wrong type
new KerasClassifier({ model: getClfModel, hiddenLayerSizes: 100, dropout: 0.5 });
// @ts-expect-error 'dropout' is missing
new KerasClassifier({ model: getClfModel, hiddenLayerSizes: [10] });

// The untyped path, SciKeras's rule: any extra key is a user parameter.
function untyped({ meta, compileKwargs, ...user }: BuildArgs): Sequential {
  const m = sequential([layers.input({ shape: [meta.nFeaturesIn_] }), layers.dense({ units: 1 })]);
  m.compile({ loss: 'mse', optimizer: compileKwargs.optimizer });
  void user.whatever;
  return m;
}
new KerasRegressor({ model: untyped, whatever: 1, anything: 'goes', epochs: 5, verbose: 0 });

// An inline build function gets its argument's type from the estimator.
const inline = new KerasClassifier({
  model: ({ meta, compileKwargs }) => {
    const m = sequential([
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: meta.nClasses_, activation: 'softmax' }),
    ]);
    m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: compileKwargs.optimizer });
    return m;
  },
  epochs: 5,
  verbose: 0,
});
const stringPred = new KerasClassifier<string[]>({ model: inline.model, verbose: 0 }).fit(X, labels).predict(X);
const firstUpper: string = stringPred[0]!.toUpperCase();

function getRegModel({ hiddenLayerSizes, meta, compileKwargs }: RegressorBuildArgs<{ hiddenLayerSizes: number[] }>) {
  const model = sequential([layers.input({ shape: [meta.nFeaturesIn_] })]);
  for (const units of hiddenLayerSizes) model.add(layers.dense({ units, activation: 'relu' }));
  model.add(layers.dense({ units: meta.nOutputs_ }));
  model.compile({ loss: 'mse', optimizer: compileKwargs.optimizer, metrics: ['mae'] });
  return model;
}
const reg = new KerasRegressor({ model: getRegModel, hiddenLayerSizes: [32], epochs: 10, verbose: 0 }).fit(X, y);
const regPred: number[] = reg.predict(X);
const r2: number = r2Score(y, regPred);
const mae: number[] | undefined = reg.history_.mae;

// A Sequential on its own: predictions as nested arrays of a known depth.
const model = sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['acc'] });
const history = model.fit(X, y, { epochs: 3, verbose: 0, validationSplit: 0.2 });
const valAcc: number[] | undefined = history.history.val_acc;
const rowsOut: number[][] = model.predict(X).toArray(2);

export { proba, classes, nClasses, loss, firstUpper, regPred, r2, mae, valAcc, rowsOut };

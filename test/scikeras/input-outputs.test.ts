// Port of SciKeras v0.13.0 tests/test_input_outputs.py (camelCase API, same inputs and assertions; the
// scikit-learn MLPClassifier / MLPRegressor it compares with are this package's ports of them).
// 7 tests: 4 ported, 3 not applicable (each says why).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  KerasClassifier,
  KerasRegressor,
  MLPClassifier,
  MLPRegressor,
  accuracyScore,
  r2Score,
  trainTestSplit,
  type BuildArgs,
  type ClassifierOutput,
  type RegressorOutput,
} from '../../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import { Rng } from '../../src/tensor/rng.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { dynamicClassifier, dynamicRegressor } from '../helpers/scikeras.ts';

setWarningHandler(() => {});

// Not applicable: a Functional model with two inputs fed by a feature encoder that splits X into a list.
test.skip('test_multi_input', () => {});

type Y = number[] | string[] | number[][];
const lossInvarianceCases: Array<[Y, string]> = [
  [[1, 2, 3], 'multiclass'], // ordinal, numeric, sorted
  [[2, 1, 3], 'multiclass'], // ordinal, numeric, sorted
  [
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    'multilabel-indicator',
  ], // one-hot encoded
  [['a', 'b', 'c'], 'multiclass'], // categorical
];

test('test_KerasClassifier_loss_invariance (4 targets)', () => {
  for (const [y, yType] of lossInvarianceCases) {
    const X = y.map((_, i) => [i]);
    const clf1 = new KerasClassifier<ClassifierOutput>({
      model: dynamicClassifier,
      hiddenLayerSizes: [100],
      loss: 'categorical_crossentropy',
      randomState: 0,
    });
    clf1.fit(X, y);
    clf1.partialFit(X, y);
    const y1 = clf1.predict(X);
    if (yType !== 'multilabel-indicator') {
      // sparse_categorical_crossentropy is not compatible with one-hot encoded targets
      const clf2 = new KerasClassifier<ClassifierOutput>({
        model: dynamicClassifier,
        hiddenLayerSizes: [100],
        loss: 'sparse_categorical_crossentropy',
        randomState: 0,
      });
      clf2.fit(X, y);
      // (as written in SciKeras: clf_1's predictions again, so this checks they are deterministic)
      const y2 = clf1.predict(X);
      assert.equal(y1, y2);
    }
  }
});

test('test_KerasClassifier_transformers_can_be_reused (4 targets x 2 losses)', () => {
  for (const [, yType] of lossInvarianceCases) {
    for (const loss of ['categorical_crossentropy', 'sparse_categorical_crossentropy']) {
      if (yType === 'multilabel-indicator' && loss === 'sparse_categorical_crossentropy') continue; // not compatible
      const X1 = [[1], [2], [3]];
      const y1 = [1, 2, 3];
      const clf = new KerasClassifier({ model: dynamicClassifier, hiddenLayerSizes: [100], loss, randomState: 0 });
      clf.fit(X1, y1);
      const tfs = clf.targetEncoder_;
      const X2 = X1,
        y2 = [1, 1, 1]; // only 1 out or 3 classes
      clf.partialFit(X2, y2);
      const tfsNew = clf.targetEncoder_;
      assert.is(tfsNew, tfs); // same transformer was re-used
      assert.equal([...new Set(clf.classes_)].sort(), [...new Set(y1)].sort());
    }
  }
});

// Not applicable: a Functional model with two outputs (Dense(1) and Dense(2)); a Sequential has one output.
test.skip('test_incompatible_output_dimensions', () => {});

/** create_model: linear hidden layers, then one output layer (a Sequential has one; `nUnits` lists one width). */
function createModel(activation: 'sigmoid' | 'softmax', nUnits: number) {
  return ({ meta, hiddenLayerSizes = [200] }: BuildArgs & { hiddenLayerSizes?: number[] }): Sequential => {
    const model = sequential([layers.input({ shape: [meta.nFeaturesIn_] })]);
    for (const size of hiddenLayerSizes) model.add(layers.dense({ units: size }));
    model.add(layers.dense({ units: nUnits, activation }));
    return model;
  };
}

const mlpKwargs = { hiddenLayerSizes: [200], maxIter: 15, randomState: 0 };
const scikerasKwargs = { hiddenLayerSizes: [200], epochs: 15, randomState: 0 };

interface Case {
  name: string;
  sklearnEst: MLPClassifier<ClassifierOutput> | MLPRegressor<RegressorOutput>;
  scikerasEst: KerasClassifier<ClassifierOutput> | KerasRegressor<RegressorOutput>;
  X: number[][];
  y: Y;
  minScore: number;
  scorer: (yTrue: never, yPred: never) => number;
}

const randint = (rng: Rng, low: number, high: number, n: number): number[] =>
  Array.from({ length: n }, () => low + rng.int(high - low));

/**
 * The generators: NumPy's dtypes (float32 ... uint16) are all JavaScript numbers here, so each target comes
 * as numbers, and as strings where SciKeras also tries '<U1'.
 */
function classificationCases(): Case[] {
  const rng = new Rng(0);
  const cases: Case[] = [];
  const withStrings = (name: string, y: number[], make: (y: Y) => Omit<Case, 'name' | 'y'>) => {
    cases.push({ name: `${name} (numbers)`, y, ...make(y) });
    cases.push({ name: `${name} (strings)`, y: y.map(String), ...make(y.map(String)) });
  };
  // single_output_binary_sigmoid
  let y = randint(rng, 0, 2, 2000);
  withStrings('single_output_binary_sigmoid', y, () => ({
    sklearnEst: new MLPClassifier(mlpKwargs),
    scikerasEst: new KerasClassifier({
      model: createModel('sigmoid', 1),
      ...scikerasKwargs,
      loss: 'binary_crossentropy',
    }),
    X: y.map((v) => [v]),
    minScore: 0.95,
    scorer: accuracyScore as never,
  }));
  // single_output_binary_softmax: one-hot rows [y, 1 - y]
  y = randint(rng, 0, 2, 2000);
  cases.push({
    name: 'single_output_binary_softmax',
    y: y.map((v) => [v, 1 - v]),
    sklearnEst: new MLPClassifier(mlpKwargs),
    scikerasEst: new KerasClassifier({
      model: createModel('softmax', 2),
      ...scikerasKwargs,
      loss: 'categorical_crossentropy',
    }),
    X: y.map((v) => [v]),
    minScore: 0.95,
    scorer: accuracyScore as never,
  });
  // single_output_multiclass_sparse
  y = randint(rng, 0, 3, 4000);
  withStrings('single_output_multiclass_sparse', y, () => ({
    sklearnEst: new MLPClassifier(mlpKwargs),
    scikerasEst: new KerasClassifier({
      model: createModel('softmax', 3),
      ...scikerasKwargs,
      loss: 'sparse_categorical_crossentropy',
    }),
    X: y.map((v) => [v]),
    minScore: 0.95,
    scorer: accuracyScore as never,
  }));
  // single_output_multiclass_one_hot
  y = randint(rng, 0, 3, 2000);
  cases.push({
    name: 'single_output_multiclass_one_hot',
    y: y.map((v) => [0, 1, 2].map((c) => (c === v ? 1 : 0))),
    sklearnEst: new MLPClassifier(mlpKwargs),
    scikerasEst: new KerasClassifier({
      model: createModel('softmax', 3),
      ...scikerasKwargs,
      loss: 'categorical_crossentropy',
    }),
    X: y.map((v) => [v]),
    minScore: 0.95,
    scorer: accuracyScore as never,
  });
  // multilabel_indicator_single_sigmoid
  const x = randint(rng, 0, 4, 2000);
  cases.push({
    name: 'multilabel_indicator_single_sigmoid',
    y: x.map((v) => [v === 1 || v === 3 ? 1 : 0, v === 2 || v === 3 ? 1 : 0]),
    sklearnEst: new MLPClassifier(mlpKwargs),
    scikerasEst: new KerasClassifier({ model: createModel('sigmoid', 2), loss: 'bce', ...scikerasKwargs }),
    X: x.map((v) => [v]),
    minScore: 0.4,
    scorer: accuracyScore as never,
  });
  // multilabel_indicator_multiple_sigmoid and multiclass_multioutput split the target over several model
  // outputs (MultiOutputClassifier with split=True): a Functional model's, not a Sequential's.
  return cases;
}

/** Shape and element type of predictions, for comparing ours with scikit-learn's. */
const shapeOf = (p: unknown[]): [number, number, string] => {
  const first = p[0];
  return Array.isArray(first) ? [p.length, first.length, typeof first[0]] : [p.length, 0, typeof first];
};

test('test_output_shapes_and_dtypes_against_sklearn_cls (5 of 7 generators, numbers and strings)', () => {
  for (const c of classificationCases()) {
    const [XTrain, XTest, yTrain, yTest] = trainTestSplit(c.X, c.y as number[], { randomState: 0 });
    c.scikerasEst.initialize(XTrain, yTrain);
    c.scikerasEst.fit(XTrain, yTrain);
    const yOutScikeras = c.scikerasEst.predict(XTest) as unknown[];
    const yOutSklearn = c.sklearnEst.fit(XTrain, yTrain).predict(XTest) as unknown[];
    assert.equal(shapeOf(yOutScikeras), shapeOf(yOutSklearn), c.name);
    const score = c.scorer(yTest as never, yOutScikeras as never);
    assert.ok(score >= c.minScore, `${c.name}: ${score} < ${c.minScore}`);
  }
});

function regressionCases(): Case[] {
  const rng = new Rng(1);
  // use ints so that we get measurable scores
  const y = randint(rng, 0, 2, 1000);
  const X = y.map((v) => [v]);
  const continuous: Case = {
    name: 'continuous',
    y,
    X,
    sklearnEst: new MLPRegressor(mlpKwargs),
    scikerasEst: new KerasRegressor({ model: dynamicRegressor, ...scikerasKwargs }),
    minScore: 0.99,
    scorer: r2Score as never,
  };
  const y2 = randint(rng, 0, 2, 1000);
  const multi: Case = {
    name: 'continuous_multioutput',
    y: y2.map((v) => [v, v]),
    X: y2.map((v) => [v]),
    sklearnEst: new MLPRegressor(mlpKwargs),
    scikerasEst: new KerasRegressor({ model: dynamicRegressor, ...scikerasKwargs }),
    minScore: 0.99,
    scorer: r2Score as never,
  };
  return [continuous, multi];
}

test('test_output_shapes_and_dtypes_against_sklearn_reg (continuous, continuous_multioutput)', () => {
  for (const c of regressionCases()) {
    const [XTrain, XTest, yTrain, yTest] = trainTestSplit(c.X, c.y as number[], { randomState: 0 });
    c.scikerasEst.initialize(XTrain, yTrain);
    c.scikerasEst.fit(XTrain, yTrain);
    const yOutScikeras = c.scikerasEst.predict(XTest) as unknown[];
    const yOutSklearn = c.sklearnEst.fit(XTrain, yTrain).predict(XTest) as unknown[];
    assert.equal(shapeOf(yOutScikeras), shapeOf(yOutSklearn), c.name);
    // (SciKeras also checks the dtype of predictions is floatx: here they are JavaScript numbers.)
    const score = c.scorer(yTest as never, yOutScikeras as never);
    assert.ok(score >= c.minScore, `${c.name}: R^2 ${score} < ${c.minScore}`);
  }
});

// Not applicable: NumPy dtypes of X (float32 ... uint16 pass through unchanged, object becomes floatx);
// X here is JavaScript numbers converted to the model's float type.
test.skip('test_input_dtype_conversion', () => {});

test.run();

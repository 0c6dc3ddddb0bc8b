// Port of SciKeras v0.13.0 tests/test_utils_transformers.py (camelCase API, same inputs and assertions).
// 5 tests: 2 ported, 3 not applicable (TargetReshaper; each says why).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClassifierLabelEncoder } from '../../src/estimators/index.ts';
import { ValueError } from '../../src/core/errors.ts';
import { tensor } from '../../src/tensor/create.ts';
import { uniformMatrix } from '../helpers/scikeras.ts';

// Not applicable: TargetReshaper is SciKeras's reshape step in front of scikit-learn's OrdinalEncoder inside
// ClassifierLabelEncoder; the encoder here reshapes on its own and has no such transformer to test.
test.skip('TestTargetReshaper.test_basic_func', () => {});
test.skip('TestTargetReshaper.test_almost_1d', () => {});
test.skip('TestTargetReshaper.test_inverse_transform_not_fitted', () => {});

const supported: Array<[string, unknown, number[] | number[][]]> = [
  [
    'binary',
    [0, 1, 0],
    [
      [1, 0],
      [0.49, 0.51],
      [0.55, 0.54],
    ],
  ],
  ['binary-1d', [0, 1, 0], [0, 0.51, 0.5]],
  ['binary-2d-singleton-dim', [0, 1, 0], [[0], [0.51], [0.5]]],
  [
    'multiclass',
    [0, 1, 2],
    [
      [1, 0, 0],
      [0.25, 0.75, 0.25],
      [0.33, 0.33, 0.34],
    ],
  ],
  [
    'multiclass-one-hot',
    [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ],
    [
      [0.1, 0.8, 0.1],
      [0.34, 0.33, 0.33],
      [0, 0, 1],
    ],
  ],
  [
    'multilabel-indicator',
    [
      [1, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
    ],
    [
      [0.50001, 0.50001, 0.5],
      [0, 0.75, 0.51],
      [1, 0, 1],
    ],
  ],
];

test('TestClassifierLabelEncoder.test_supported_tasks (6 targets x 3 losses)', () => {
  for (const [id, y, yPred] of supported) {
    for (const loss of ['categorical_crossentropy', 'sparse_categorical_crossentropy', null]) {
      const c = new ClassifierLabelEncoder({ loss }).fit(y);
      const yInv = c.inverseTransform(yPred);
      assert.equal(yInv, y, `${id} / ${loss}`);
    }
  }
});

test('TestClassifierLabelEncoder.test_multiclass_multioutput', () => {
  const c = new ClassifierLabelEncoder();
  const y = [[1, 2, 3]]; // np.column_stack(np.array([1, 2, 3]))
  c.fit(y);
  // classes_ and n_classes_ should be undefined/None
  assert.is(c.classes_, null);
  assert.is(c.nClasses_, null);
  // transform works and returns input array
  const yTf = c.transform(y);
  assert.equal(yTf.toArray(), y);
  // inverse_tf with return_proba = True should work and return the input array untouched
  const yProbs = uniformMatrix(3, 6);
  const yProbsNew = c.inverseTransform(tensor(yProbs, { dtype: 'float64' }), { returnProba: true });
  assert.equal(yProbsNew, yProbs);
  // inverse_tf with return_proba = False raises (a ValueError here: SciKeras raises NotImplementedError)
  assert.throws(
    () => c.inverseTransform(yProbs),
    (e: unknown) => e instanceof ValueError && /Class-predictions are not clearly/.test((e as Error).message),
  );
});

test.run();

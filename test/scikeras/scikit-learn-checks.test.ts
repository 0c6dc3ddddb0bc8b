// Port of SciKeras v0.13.0 tests/test_scikit_learn_checks.py (camelCase API, same inputs and assertions).
// 4 tests: 2 ported, 2 not applicable (scikit-learn's own estimator-check suite).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  KerasClassifier,
  KerasRegressor,
  registerEstimator,
  type BuildArgs,
  type CompileKwargs,
} from '../../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { basicChecks, dynamicClassifier, loadIris } from '../helpers/scikeras.ts';

setWarningHandler(() => {});

// Not applicable: scikit-learn's parametrize_with_checks runs its Python estimator-check suite; the checks that
// translate (clone, params invariance, no attributes in the constructor, idempotent fit, inputs not mutated,
// NotFitted errors, feature counts) are ported for the estimators in test/estimators/mlp.test.ts.
test.skip('test_fully_compliant_estimators_low_precision', () => {});
test.skip('test_fully_compliant_estimators_high_precision', () => {});

/**
 * scikit-learn's check_no_attributes_set_in_init: the constructor sets exactly the parameters (what
 * getParams returns) and nothing else, no fitted attribute among them.
 */
function checkNoAttributesSetInInit(name: string, estimator: object & { getParams(): Record<string, unknown> }): void {
  const own = Object.keys(estimator).filter((k) => !k.startsWith('_'));
  const params = Object.keys(estimator.getParams());
  assert.equal(own.sort(), params.sort(), `${name}: attributes set in the constructor that are not parameters`);
  assert.ok(
    own.every((k) => !k.endsWith('_')),
    `${name}: fitted attributes set in the constructor`,
  );
}

class SubclassedClassifier extends KerasClassifier {
  constructor({
    model__hiddenLayerSizes = [100],
    metrics = null,
    loss = null,
    ...kwargs
  }: Record<string, unknown> = {}) {
    super(kwargs);
    this['model__hiddenLayerSizes'] = model__hiddenLayerSizes;
    this.metrics = metrics;
    this.loss = loss as null;
    this.optimizer = 'sgd';
  }
  [routed: string]: unknown;

  override _kerasBuildFn(compileKwargs: CompileKwargs, { hiddenLayerSizes, meta }: BuildArgs): Sequential {
    return dynamicClassifier({ hiddenLayerSizes, meta, compileKwargs } as BuildArgs & { hiddenLayerSizes: number[] });
  }
}
registerEstimator(SubclassedClassifier);

test('test_no_attributes_set_init_sublcassed', () => {
  const estimator = new SubclassedClassifier();
  checkNoAttributesSetInInit(estimator.constructor.name, estimator);
  basicChecks(estimator, loadIris);
});

test('test_no_attributes_set_init_no_args', () => {
  const buildFn = () => {
    const model = sequential();
    model.add(layers.dense({ units: 1, inputShape: [1], activation: 'relu' }));
    model.add(layers.dense({ units: 1 }));
    model.compile({ loss: 'mse' });
    return model;
  };
  const estimator = new KerasRegressor({ model: buildFn });
  checkNoAttributesSetInInit(estimator.constructor.name, estimator);
  estimator.fit([[1]], [1]);
});

test.run();

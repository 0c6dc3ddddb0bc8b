// The estimator contract: tags (isClassifier / isRegressor read estimatorType; Pipeline and the searches
// report their final step's), routing prefixes as a tag, and the estimator registry behind estimatorFromJSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BaseEstimator,
  clone,
  estimatorFromJSON,
  isClassifier,
  isRegressor,
  registerEstimator,
  type EstimatorType,
} from '../../src/estimators/base.ts';
import { KerasClassifier, KerasRegressor } from '../../src/estimators/wrappers/index.ts';
import { MLPClassifier, MLPRegressor, type MLPParams } from '../../src/estimators/neural-network/index.ts';
import { StandardScaler } from '../../src/estimators/preprocessing/index.ts';
import { Pipeline, makePipeline } from '../../src/estimators/pipeline/index.ts';
import { GridSearchCV } from '../../src/estimators/model-selection/index.ts';
import { InvalidParameterError, ValueError } from '../../src/core/errors.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';

test('isClassifier / isRegressor read the estimatorType tag, through pipelines and searches', () => {
  assert.ok(isClassifier(new KerasClassifier()) && isClassifier(new MLPClassifier()));
  assert.ok(isRegressor(new KerasRegressor()) && isRegressor(new MLPRegressor()));
  assert.not.ok(isClassifier(new MLPRegressor()) || isClassifier(new StandardScaler()));
  assert.is(new StandardScaler().estimatorType, 'transformer');
  assert.ok(isClassifier(makePipeline(new StandardScaler(), new MLPClassifier())));
  assert.ok(isRegressor(makePipeline(new StandardScaler(), new MLPRegressor())));
  assert.ok(
    isClassifier(
      new GridSearchCV({ estimator: makePipeline(new StandardScaler(), new MLPClassifier()), paramGrid: {} }),
    ),
  );
  assert.ok(isRegressor(new GridSearchCV({ estimator: new MLPRegressor(), paramGrid: {} })));
  assert.is(new Pipeline({ steps: [] }).estimatorType, null);
  // Foreign objects: the tag, or scikit-learn's spelling.
  assert.ok(isClassifier({ estimatorType: 'classifier' }) && isClassifier({ _estimatorType: 'classifier' }));
  assert.not.ok(isClassifier(null) || isClassifier(3) || isClassifier({ estimatorType: 'nonsense' }));
});

test('a user estimator declares its kind with a static tag', () => {
  class Majority extends BaseEstimator {
    static override readonly estimatorType: EstimatorType | null = 'classifier';
  }
  assert.ok(isClassifier(new Majority()));
  assert.ok(isClassifier(makePipeline(new StandardScaler(), new Majority() as never)));
});

test('routing prefixes are a tag: the Keras wrappers accept routed keys, the MLPs refuse them', () => {
  const k = new KerasClassifier({ optimizer__learningRate: 0.1 });
  k.setParams({ fit__epochs: 3 });
  assert.is(k.getParams().fit__epochs, 3);
  assert.throws(
    () => new MLPClassifier().setParams({ optimizer__learningRate: 0.1 }),
    (e: unknown) => e instanceof ValueError && /Invalid parameter 'optimizer__learningRate'/.test((e as Error).message),
  );
  assert.throws(
    () => new MLPClassifier({ fit__epochs: 3 } as never),
    (e: unknown) =>
      e instanceof InvalidParameterError && /unexpected parameter 'fit__epochs'/.test((e as Error).message),
  );
});

test('estimatorFromJSON restores every built-in by name, and names registerEstimator for others', () => {
  for (const est of [
    new StandardScaler(),
    new MLPClassifier(),
    new MLPRegressor(),
    new KerasClassifier(),
    new KerasRegressor(),
  ]) {
    const again = estimatorFromJSON(JSON.stringify(est));
    assert.is(again.constructor, est.constructor);
  }
  assert.throws(
    () => estimatorFromJSON({ className: 'Nope' }),
    /unknown estimator class 'Nope'.*registerEstimator\(Nope\)/,
  );
  assert.throws(
    () => estimatorFromJSON('{not json'),
    (e: unknown) => e instanceof ValueError && /not valid JSON/.test((e as Error).message),
  );
  class Renamed extends StandardScaler {}
  registerEstimator(Renamed, 'MyScaler');
  const json = JSON.parse(JSON.stringify(new Renamed())) as { className: string };
  assert.is(
    json.className,
    'MyScaler',
    'the JSON records the registered name, which survives a bundler renaming the class',
  );
  assert.ok(estimatorFromJSON(json) instanceof Renamed);
  assert.throws(
    () => MLPClassifier.fromJSON(JSON.stringify(new MLPRegressor())),
    /the JSON holds a 'MLPRegressor', not a MLPClassifier/,
  );
});

test('maxParams reaches the model through every estimator fromJSON (wrappers, MLPs, Pipeline, estimatorFromJSON)', () => {
  const X = [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  const mlp = new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 3, randomState: 0 });
  setWarningHandler(() => {});
  mlp.fit(X, [0, 1, 1, 0]);
  const pipe = makePipeline(new StandardScaler(), clone(mlp)).fit(X, [0, 1, 1, 0]);
  const tooBig = (e: unknown) =>
    e instanceof ValueError && /the model has 13 parameters, more than maxParams = 5/.test((e as Error).message);
  assert.throws(() => MLPClassifier.fromJSON(JSON.stringify(mlp), {}, { maxParams: 5 }), tooBig);
  assert.throws(() => Pipeline.fromJSON(JSON.stringify(pipe), {}, { maxParams: 5 }), tooBig);
  assert.throws(() => estimatorFromJSON(JSON.stringify(mlp), {}, { maxParams: 5 }), tooBig);
  assert.ok(MLPClassifier.fromJSON(JSON.stringify(mlp), {}, { maxParams: 13 }).initialized_);
  // A search's estimator and best estimator are restored under the same bound.
  const search = new GridSearchCV(clone(mlp), { alpha: [1e-4] }, { cv: 2 }).fit(X, [0, 1, 1, 0]);
  assert.throws(() => GridSearchCV.fromJSON(JSON.stringify(search), {}, { maxParams: 5 }), tooBig);
  assert.throws(() => estimatorFromJSON(JSON.stringify(search), {}, { maxParams: 5 }), tooBig);
  assert.is(GridSearchCV.fromJSON(JSON.stringify(search), {}, { maxParams: 13 }).bestIndex_, 0);
});

test("a subclass's TypeScript fields over parameters keep the constructor's values (useDefineForClassFields)", () => {
  setWarningHandler(() => {});
  // The natural TypeScript subclass: fields that redeclare parameters, which ES2022 class fields define
  // (to undefined, or to the initializer) after the base constructor has set them.
  class MyMLP extends MLPClassifier {
    static override readonly defaults = { ...MLPClassifier.defaults, extra: 3 };
    override hiddenLayerSizes!: number[];
    extra: number = 7;
    constructor(params: MLPParams & { extra?: number } = {}) {
      super(params);
    }
  }
  const m = new MyMLP({ hiddenLayerSizes: [4], extra: 5, maxIter: 20, randomState: 0 });
  assert.equal([m.hiddenLayerSizes, m.extra], [[4], 5]);
  assert.equal(new MyMLP().hiddenLayerSizes, [100]);
  assert.is(new MyMLP().extra, 3, 'static defaults, not the field initializer, give the default');
  const X = [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  m.fit(X, [1, 1, 0, 0]);
  assert.is(m.coefs_[0]?.[0]?.length, 4);
  const c = clone(m);
  assert.equal([c.hiddenLayerSizes, c.extra, c.getParams().maxIter], [[4], 5, 20]);
  // Assignments in the subclass constructor (SciKeras's pattern) and setParams still set parameters.
  class Assigning extends KerasClassifier {
    hiddenLayerSizes!: number[];
    constructor({ hiddenLayerSizes = [100], ...rest }: { hiddenLayerSizes?: number[] } = {}) {
      super(rest);
      this.hiddenLayerSizes = hiddenLayerSizes;
    }
  }
  const a = new Assigning({ hiddenLayerSizes: [9] });
  assert.equal(a.getParams().hiddenLayerSizes, [9]);
  m.setParams({ hiddenLayerSizes: [2] });
  assert.equal(m.hiddenLayerSizes, [2]);
  assert.ok(m instanceof MyMLP && m instanceof MLPClassifier);
  // Built-in classes are plain objects (no proxy in the way of their own loops).
  assert.is(Object.getPrototypeOf(new MLPClassifier()), MLPClassifier.prototype);
});

test.run();

// Pipeline / makePipeline: fitting equals the steps by hand, nested and routed parameters, step replacement,
// clone deep-copies steps, validation messages, fit-argument routing, and the JSON round trip through the class registry.
import { binaryClassifier } from '../helpers/models.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Pipeline, makePipeline, type Step } from '../../src/estimators/pipeline/index.ts';
import { StandardScaler, MinMaxScaler, OneHotEncoder } from '../../src/estimators/preprocessing/index.ts';
import { MLPClassifier, MLPRegressor, type MLPParams } from '../../src/estimators/neural-network/index.ts';
import { KerasClassifier } from '../../src/estimators/wrappers/index.ts';
import { clone, estimatorFromJSON, registerEstimator, type StepEstimator } from '../../src/estimators/base.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { ValueError } from '../../src/core/errors.ts';
import { loadCsv } from '../helpers/data.ts';
import { allclose } from '../helpers/allclose.ts';

// MLPParams types each default as its literal (maxIter: 200), so other values need this cast.

setWarningHandler(() => {}); // ConvergenceWarning from the deliberately short trainings

const cancer = loadCsv('breast_cancer');
const X = cancer.X.slice(0, 150),
  y = cancer.y.slice(0, 150);
const Xnew = cancer.X.slice(150, 170);

const mlp = (p: MLPParams = {}): MLPClassifier =>
  new MLPClassifier({ hiddenLayerSizes: [6], maxIter: 20, randomState: 0, ...p });

const keras = (p: Record<string, unknown> = {}): KerasClassifier =>
  new KerasClassifier({
    model: binaryClassifier,
    hiddenLayerSizes: [5],
    optimizer: 'adam',
    epochs: 2,
    verbose: 0,
    randomState: 0,
    ...p,
  });

test('fit / predict / predictProba / score equal the steps applied by hand', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp()],
    ],
  }).fit(X, y);
  const scaler = new StandardScaler().fit(X);
  const byHand = mlp().fit(scaler.transform(X), y);
  assert.equal(pipe.predict(Xnew), byHand.predict(scaler.transform(Xnew)));
  allclose(pipe.predictProba(Xnew), byHand.predictProba(scaler.transform(Xnew)), { atol: 0, rtol: 0 });
  assert.is(pipe.score(X, y), byHand.score(scaler.transform(X), y));
  assert.equal(pipe.classes_, [0, 1]);
  assert.is(pipe.nFeaturesIn_, 30);
  assert.ok(pipe.namedSteps.scaler instanceof StandardScaler);
  assert.ok(pipe.finalEstimator instanceof MLPClassifier);
});

test('the steps array itself is accepted as the only argument', () => {
  const pipe = new Pipeline([
    ['scaler', new StandardScaler()],
    ['mlp', mlp()],
  ]);
  assert.equal(
    pipe.steps.map((s) => s[0]),
    ['scaler', 'mlp'],
  );
});

test('getParams({ deep: true }) exposes steps, each step and step__param keys', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp()],
    ],
  });
  const deep = pipe.getParams({ deep: true });
  for (const k of [
    'steps',
    'verbose',
    'scaler',
    'mlp',
    'scaler__withMean',
    'scaler__withStd',
    'mlp__alpha',
    'mlp__hiddenLayerSizes',
    'mlp__maxIter',
  ])
    assert.ok(k in deep, k);
  assert.equal(Object.keys(pipe.getParams()), ['steps', 'verbose']);
  assert.is(deep.mlp__maxIter, 20);
});

test('setParams: nested step params, routed params of a KerasClassifier step, step replacement and steps', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', keras()],
    ],
  });
  pipe.setParams({ mlp__optimizer__learningRate: 0.05, scaler__withMean: false, mlp__hiddenLayerSizes: [3] });
  const k = pipe.namedSteps.mlp as KerasClassifier;
  assert.is((k as unknown as Record<string, unknown>).optimizer__learningRate, 0.05);
  assert.is((pipe.namedSteps.scaler as StandardScaler).withMean, false);
  assert.is(pipe.getParams({ deep: true }).mlp__optimizer__learningRate, 0.05);
  pipe.fit(X, y);
  assert.is(k.model_.optimizer.learningRate, 0.05, 'the routed learning rate reached the optimizer');
  const replacement = new MinMaxScaler();
  pipe.setParams({ scaler: replacement });
  assert.is(pipe.namedSteps.scaler, replacement);
  pipe.setParams({ steps: [['only', new StandardScaler()]] as Step[] });
  assert.equal(
    pipe.steps.map((s) => s[0]),
    ['only'],
  );
});

test('setParams refuses unknown names, listing the valid ones', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp()],
    ],
  });
  assert.throws(
    () => pipe.setParams({ mpl__alpha: 1 }),
    (e: Error) =>
      e instanceof ValueError &&
      /Invalid parameter 'mpl__alpha' for estimator Pipeline. Valid parameters are: steps, verbose, scaler, scaler__withMean/.test(
        e.message,
      ),
  );
  assert.throws(() => pipe.setParams({ mlp__alhpa: 1 }), /Invalid parameter 'alhpa' for estimator MLPClassifier/);
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['a', 'passthrough'],
          ['b', mlp()],
        ],
      }).setParams({ a__x: 1 }),
    /step 'a' is 'passthrough', which has no parameters/,
  );
});

test('clone deep-copies the steps and leaves them unfitted; the original is untouched', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp({ alpha: 0.01 })],
    ],
  }).fit(X, y);
  const c = clone(pipe);
  assert.ok(c !== pipe && c.steps !== pipe.steps);
  assert.ok(c.namedSteps.scaler !== pipe.namedSteps.scaler && c.namedSteps.mlp !== pipe.namedSteps.mlp);
  assert.is((c.namedSteps.mlp as MLPClassifier).alpha, 0.01);
  assert.is((c.namedSteps.scaler as StandardScaler).mean_, undefined, 'clone is unfitted');
  c.setParams({ mlp__alpha: 1 });
  assert.is((pipe.namedSteps.mlp as MLPClassifier).alpha, 0.01);
  assert.ok((pipe.namedSteps.mlp as MLPClassifier).initialized_);
  assert.is(
    String(pipe),
    "Pipeline(steps=[('scaler', StandardScaler()), ('mlp', MLPClassifier(hiddenLayerSizes=[6], alpha=0.01, maxIter=20, randomState=0))])",
  );
});

test('makePipeline names steps by lowercased class name, numbering repeats like scikit-learn', () => {
  assert.equal(
    makePipeline(new StandardScaler(), mlp()).steps.map((s) => s[0]),
    ['standardscaler', 'mlpclassifier'],
  );
  assert.equal(
    makePipeline(new StandardScaler(), new MinMaxScaler(), new StandardScaler(), mlp()).steps.map((s) => s[0]),
    ['standardscaler-1', 'minmaxscaler', 'standardscaler-2', 'mlpclassifier'],
  );
});

test('transform, fitTransform and inverseTransform through transformer steps and passthrough', () => {
  const pipe = new Pipeline({
    steps: [
      ['std', new StandardScaler()],
      ['skip', 'passthrough'],
      ['mm', new MinMaxScaler({ featureRange: [-1, 1] })],
    ],
  });
  const Xt = pipe.fitTransform(X) as number[][];
  const byHand = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(new StandardScaler().fitTransform(X));
  allclose(Xt, byHand, { atol: 0, rtol: 0 });
  allclose(
    pipe.transform(Xnew) as number[][],
    new MinMaxScaler({ featureRange: [-1, 1] })
      .fit(new StandardScaler().fitTransform(X))
      .transform(new StandardScaler().fit(X).transform(Xnew)),
    { atol: 0, rtol: 0 },
  );
  allclose(pipe.inverseTransform(Xt) as number[][], X, { atol: 1e-9, rtol: 1e-12 });
  const tail = new Pipeline({
    steps: [
      ['std', new StandardScaler()],
      ['end', 'passthrough'],
    ],
  });
  allclose(tail.fitTransform(X) as number[][], new StandardScaler().fitTransform(X), { atol: 0, rtol: 0 });
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['std', new StandardScaler()],
          ['mlp', mlp()],
        ],
      })
        .fit(X, y)
        .transform(X),
    /final step 'mlp' \(a MLPClassifier\) has no transform method/,
  );
});

test('a OneHotEncoder step takes string columns into an MLP', () => {
  const colors = ['red', 'green', 'blue'];
  const Xc = Array.from({ length: 60 }, (_, i) => [colors[i % 3] as string, i % 2]);
  const yc = Xc.map(([c, b]) => (c === 'red' || b === 1 ? 1 : 0));
  const pipe = makePipeline(
    new OneHotEncoder({ handleUnknown: 'ignore' }),
    new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 300, learningRateInit: 0.05, randomState: 0 }),
  ).fit(Xc, yc);
  assert.is(pipe.score(Xc, yc), 1);
  assert.equal(pipe.predict([['purple', 1]]), [1]);
});

test("step validation follows scikit-learn's messages", () => {
  const s = new StandardScaler();
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['a', s],
          ['a', mlp()],
        ],
      }).fit(X, y),
    /Names provided are not unique: \['a', 'a'\]/,
  );
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['a__b', s],
          ['c', mlp()],
        ],
      }).fit(X, y),
    /Estimator names must not contain __/,
  );
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['steps', s],
          ['c', mlp()],
        ],
      }).fit(X, y),
    /Estimator names conflict with constructor arguments: \['steps'\]/,
  );
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['m', mlp()],
          ['c', mlp()],
        ],
      }).fit(X, y),
    /All intermediate steps should be transformers and implement fit and transform or be the string 'passthrough'. Step 'm'/,
  );
  assert.throws(
    () => new Pipeline({ steps: [] }).fit(X, y),
    /steps must be a non-empty array of \[name, estimator\] pairs/,
  );
  assert.throws(() => new Pipeline().fit(X, y), /got null/);
});

test('fit arguments are routed by step name; unknown ones are refused', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp()],
    ],
  });
  assert.throws(() => pipe.fit(X, y, { sampleWeight: y }), /Pipeline.fit does not accept the 'sampleWeight' parameter/);
  assert.throws(
    () => pipe.fit(X, y, { mlp__sampleWeight: [1, 2] }),
    /sampleWeight has 2 entries, expected 150 \(one per sample\)/,
  );
  const w = y.map((_, i) => (i % 2 === 0 ? 1 : 2));
  const weighted = new StandardScaler().fit(X, null, { sampleWeight: w });
  pipe.fit(X, y, { scaler__sampleWeight: w });
  allclose((pipe.namedSteps.scaler as StandardScaler).mean_ as number[], weighted.mean_ as number[], {
    atol: 0,
    rtol: 0,
  });
});

test('JSON round trip restores every step by class name (fitted MLP, Keras step with its build function omitted)', () => {
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp()],
    ],
  }).fit(X, y);
  const again = Pipeline.fromJSON(JSON.stringify(pipe));
  assert.equal(again.predictProba(Xnew), pipe.predictProba(Xnew));
  assert.equal(again.getParams({ deep: true }).mlp__alpha, pipe.getParams({ deep: true }).mlp__alpha);

  const kp = new Pipeline({
    steps: [
      ['mm', new MinMaxScaler()],
      ['skip', 'passthrough'],
      ['keras', keras()],
    ],
  }).fit(X, y);
  const json = JSON.parse(JSON.stringify(kp));
  const restored = Pipeline.fromJSON(json);
  assert.equal(restored.predictProba(Xnew), kp.predictProba(Xnew));
  const trainable = Pipeline.fromJSON(json, { keras: { model: binaryClassifier } });
  trainable.fit(X, y);
  assert.ok(estimatorFromJSON(JSON.stringify(new MLPRegressor({ maxIter: 5 }))) instanceof MLPRegressor);
});

test('fromJSON refuses unknown classes, unknown keys and overrides for missing steps; toJSON refuses foreign steps', () => {
  const j = JSON.parse(
    JSON.stringify(
      new Pipeline({
        steps: [
          ['scaler', new StandardScaler()],
          ['mlp', mlp()],
        ],
      }),
    ),
  );
  const evil = JSON.parse(JSON.stringify(j));
  evil.steps[0][1].className = 'Function';
  assert.throws(
    () => Pipeline.fromJSON(evil),
    /unknown estimator class 'Function'\. Registered classes: .*StandardScaler.*MinMaxScaler.*; register your own with registerEstimator\(Function\)/,
  );
  evil.steps[0][1].className = 'constructor';
  assert.throws(() => Pipeline.fromJSON(evil), /unknown estimator class 'constructor'/);
  assert.throws(() => Pipeline.fromJSON({ ...j, extra: true }), /pipeline JSON: unknown key 'extra'/);
  assert.throws(() => Pipeline.fromJSON(j, { nope: {} }), /overrides name the step 'nope'/);
  class Custom extends StandardScaler {}
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['c', new Custom()],
          ['mlp', mlp()],
        ],
      }).toJSON(),
    /step 'c' is a Custom, which cannot be serialised.*registerEstimator\(Custom\)/,
  );
});

test('registerEstimator: a user subclass saves and loads inside a Pipeline; a name taken by another class is refused', () => {
  class ScaledMLP extends MLPClassifier {}
  registerEstimator(ScaledMLP);
  const pipe = new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', new ScaledMLP({ hiddenLayerSizes: [4], maxIter: 20, randomState: 0 })],
    ],
  });
  pipe.fit(X, y);
  const again = Pipeline.fromJSON(JSON.stringify(pipe));
  assert.ok(again.namedSteps.mlp instanceof ScaledMLP);
  assert.equal(again.predictProba(X), pipe.predictProba(X));
  class Other extends StandardScaler {}
  Object.defineProperty(Other, 'name', { value: 'ScaledMLP' });
  assert.throws(() => registerEstimator(Other), /the name 'ScaledMLP' is already registered for another class/);
  assert.throws(() => registerEstimator((() => {}) as never), /expected an estimator class with a static fromJSON/);
});

test('Pipeline refuses unknown constructor parameters; fitAsync gives the same model as fit', async () => {
  assert.throws(
    () => new Pipeline({ steps: [['s', new StandardScaler()]], memory: null } as never),
    /Pipeline got an unexpected parameter 'memory'/,
  );
  const pipe = () =>
    new Pipeline({
      steps: [
        ['scaler', new StandardScaler()],
        ['mlp', mlp()],
      ],
    });
  const p1 = pipe().fit(X, y),
    p2 = await pipe().fitAsync(X, y);
  assert.equal(p2.predictProba(X), p1.predictProba(X));
});

test('pipelines nested thousands deep give a library error, never a stack overflow', () => {
  let p: StepEstimator = new MLPClassifier({ maxIter: 2 });
  for (let i = 0; i < 3000; i++)
    p = new Pipeline({
      steps: [
        ['s', new StandardScaler()],
        ['m', p],
      ],
    });
  const deep = p as Pipeline;
  for (const f of [
    () => String(deep),
    () => deep.getParams({ deep: true }),
    () => clone(deep),
    () => JSON.stringify(deep),
    () => deep.estimatorType,
  ]) {
    assert.throws(
      f,
      (e: unknown) => e instanceof ValueError && /nested more than 64 levels deep/.test((e as Error).message),
    );
  }
  let json: unknown = {
    format: 'scikeras-ts/pipeline',
    version: 1,
    className: 'Pipeline',
    params: {},
    steps: [['s', 'passthrough']],
  };
  for (let i = 0; i < 3000; i++)
    json = { format: 'scikeras-ts/pipeline', version: 1, className: 'Pipeline', params: {}, steps: [['m', json]] };
  assert.throws(
    () => Pipeline.fromJSON(json),
    (e: unknown) => e instanceof ValueError,
  );
});

test.run();

// Records and string columns through the workflow: Pipeline, crossValScore, GridSearchCV and a SciKeras
// wrapper take the JavaScript data frame whenever the first step makes it numeric; estimators refuse
// missing values and records with messages that say what to do; a transformer leaving text before an
// estimator is named with its column; every new transformer has the estimator contract (params, clone,
// JSON inside a saved Pipeline through the registry).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ColumnTransformer,
  FunctionTransformer,
  GridSearchCV,
  KerasClassifier,
  MLPClassifier,
  MaxAbsScaler,
  MinMaxScaler,
  Normalizer,
  OneHotEncoder,
  OrdinalEncoder,
  Pipeline,
  PolynomialFeatures,
  RobustScaler,
  SimpleImputer,
  StandardScaler,
  clone,
  crossValPredict,
  crossValScore,
  estimatorFromJSON,
  learningCurve,
  makeBlobs,
  makeMoons,
  ShuffleSplit,
  makeColumnTransformer,
  makePipeline,
  setWarningHandler,
  trainTestSplit,
  type StepEstimator,
} from '../../src/index.ts';
import { binaryClassifier } from '../helpers/models.ts';
import { interval, nullable } from '../../src/core/param-validation.ts';
import { Rng } from '../../src/tensor/rng.ts';

setWarningHandler(() => undefined);

const rng = new Rng(3);
const cities = ['Paris', 'Lima', 'Oslo'];
const records = Array.from({ length: 90 }, (_, i) => ({
  x: i % 7 === 0 ? null : rng.normal() + (i % 2),
  z: rng.normal(),
  city: i % 11 === 0 ? null : (cities[i % 3] as string),
  vip: i % 4 === 0,
}));
const y = records.map((r, i) => ((r.x ?? 0) + (r.city === 'Paris' ? 1 : 0) + 0.3 * ((i * 7) % 3) > 0.8 ? 'yes' : 'no'));
const prep = () =>
  makeColumnTransformer(
    [makePipeline(new SimpleImputer(), new StandardScaler()), ['x', 'z']],
    [
      makePipeline(new SimpleImputer({ strategy: 'most_frequent' }), new OneHotEncoder({ handleUnknown: 'ignore' })),
      ['city'],
    ],
    { remainder: 'passthrough' },
  );
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

test('records flow through Pipeline, crossValScore, trainTestSplit and GridSearchCV', () => {
  const pipe = makePipeline(prep(), new MLPClassifier({ hiddenLayerSizes: [6], maxIter: 200, randomState: 0 }));
  const [tr, te, ytr, yte] = trainTestSplit(records, y, { testSize: 0.3, stratify: y, randomState: 1 });
  pipe.fit(tr, ytr);
  const acc = pipe.score(te, yte);
  assert.ok(acc > 0.6, `held-out accuracy ${acc}`);
  const scores = crossValScore(pipe, records, y, { cv: 3 });
  assert.is(scores.length, 3);
  assert.ok(scores.every((s) => s > 0.5));
  const cd = { columns: ['x', 'z', 'city', 'vip'], data: records.map((r) => [r.x, r.z, r.city, r.vip]) };
  assert.equal(crossValScore(pipe, cd, y, { cv: 3 }), scores, '{ columns, data } gives the same folds and scores');
  const gs = new GridSearchCV({ estimator: pipe, paramGrid: { mlpclassifier__alpha: [1e-4, 1] }, cv: 3 }).fit(
    records,
    y,
  );
  assert.is(gs.cvResults_.meanTestScore.length, 2);
  assert.equal(gs.predict(te), gs.bestEstimator_.predict!(te));
});

test('a SciKeras wrapper after a ColumnTransformer fits on records', () => {
  const pipe = makePipeline(
    prep(),
    new KerasClassifier({
      model: binaryClassifier,
      hiddenLayerSizes: [8],
      epochs: 20,
      verbose: 0,
      randomState: 0,
      optimizer: 'adam',
    }),
  );
  pipe.fit(records, y);
  const p = pipe.predict(records) as string[];
  assert.ok(p.every((v) => v === 'yes' || v === 'no'));
  assert.ok(pipe.score(records, y) > 0.6);
});

test('estimators refuse NaN, missing values and records with messages that say what to do', () => {
  const clf = new MLPClassifier({ maxIter: 5 });
  assert.match(
    messageOf(() =>
      clf.fit(
        [
          [1, NaN],
          [2, 3],
        ],
        [0, 1],
      ),
    ),
    /Input X contains NaN \(row 0, column 1\)\. MLPClassifier does not accept missing values .*SimpleImputer/,
  );
  assert.match(
    messageOf(() =>
      clf.fit(
        [
          [1, null as never],
          [2, 3],
        ],
        [0, 1],
      ),
    ),
    /Input X contains a missing value \(null\) at row 0, column 1\. .*SimpleImputer/,
  );
  assert.match(
    messageOf(() => clf.fit(records as never, y)),
    /X holds records \(objects with named columns\); MLPClassifier needs numbers.*makeColumnTransformer/,
  );
  assert.match(
    messageOf(() => new StandardScaler().fit(records as never)),
    /Input X contains a missing value \(null\) in column 'x' \(row 0\)\. StandardScaler does not accept missing values; impute them first \(SimpleImputer\)/,
  );
  assert.match(
    messageOf(() => new StandardScaler().fit([{ a: 1, c: 'Paris' }] as never)),
    /X must be numeric: found 'Paris' in column 'c' \(row 0\)/,
  );
  assert.match(
    messageOf(() => new OneHotEncoder().fit([{ c: 'a' }, { c: null }])),
    /missing value \(null\) in column 'c' \(row 1\).*SimpleImputer/,
  );
});

test('a transformer that leaves text before an estimator is named, with its column', () => {
  const keepText = new FunctionTransformer({
    func: (X: { columns: string[]; data: unknown[][] }) => X.data,
    featureNamesOut: 'one-to-one',
  });
  const pipe = makePipeline(keepText, new MLPClassifier({ maxIter: 5 }));
  assert.match(
    messageOf(() =>
      pipe.fit(
        {
          columns: ['x', 'city'],
          data: [
            [1, 'Paris'],
            [2, 'Lima'],
          ],
        },
        [0, 1],
      ),
    ),
    /step 'functiontransformer' \(FunctionTransformer\) outputs 'Paris' in column 1 \('city'\), row 0, but step 'mlpclassifier' \(MLPClassifier\) needs numbers/,
  );
  const ct = new ColumnTransformer([['raw', 'passthrough', ['city']]]);
  assert.match(
    messageOf(() => makePipeline(ct, new MLPClassifier()).fit(records, y)),
    /output column 'raw__city' \(from 'raw'\) holds 'Lima' \(row 1\)/,
  );
});

/** Each new transformer, fitted on data it takes, with an input to transform after a JSON round trip. */
const CASES: [string, () => StepEstimator, unknown][] = [
  [
    'SimpleImputer',
    () => new SimpleImputer({ strategy: 'median', addIndicator: true }),
    [
      [1, null],
      [NaN, 4],
      [3, 8],
    ],
  ],
  [
    'OrdinalEncoder',
    () => new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }),
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ],
  ],
  [
    'RobustScaler',
    () => new RobustScaler({ quantileRange: [10, 90], unitVariance: true }),
    [
      [1, 5],
      [2, 7],
      [9, 1],
    ],
  ],
  [
    'MaxAbsScaler',
    () => new MaxAbsScaler(),
    [
      [1, -5],
      [2, 7],
      [-9, 1],
    ],
  ],
  [
    'Normalizer',
    () => new Normalizer({ norm: 'l1' }),
    [
      [1, -5],
      [2, 7],
      [-9, 1],
    ],
  ],
  [
    'PolynomialFeatures',
    () => new PolynomialFeatures({ degree: [1, 2], includeBias: false }),
    [
      [1, 5],
      [2, 7],
    ],
  ],
  [
    'ColumnTransformer',
    () =>
      new ColumnTransformer([
        ['o', new OneHotEncoder(), ['c']],
        ['n', new RobustScaler(), ['v']],
      ]),
    [
      { c: 'a', v: 1 },
      { c: 'b', v: 3 },
      { c: 'a', v: 4 },
    ],
  ],
];

for (const [name, make, X] of CASES) {
  test(`${name}: getParams / setParams / clone, and JSON inside a saved Pipeline (restored by class name)`, () => {
    const est = make();
    const params = est.getParams();
    const c = clone(est);
    assert.equal(Object.keys(c.getParams()), Object.keys(params));
    assert.ok(c !== est);
    (est.fit as (x: unknown) => unknown)(X);
    const out = (est.transform as (x: unknown) => unknown)(X);
    const pipe = new Pipeline([['step', est]]);
    const again = Pipeline.fromJSON(JSON.stringify(pipe));
    assert.equal(again.transform(X), out);
    assert.equal(estimatorFromJSON(JSON.stringify(est)).transform!(X), out);
    assert.throws(() => est.setParams({ notAParameter: 1 }), /Invalid parameter 'notAParameter'/);
  });
}

test('the existing transformers take records too: featureNamesIn_, names out, and both kept in JSON', () => {
  const recs = [
    { a: 1, b: 10, c: 'x' },
    { a: 3, b: 30, c: 'y' },
  ];
  const mm = new MinMaxScaler().fit(recs.map(({ a, b }) => ({ a, b })));
  assert.equal(mm.featureNamesIn_, ['a', 'b']);
  assert.equal(mm.getFeatureNamesOut(), ['a', 'b']);
  assert.equal(mm.transform([{ b: 20, a: 2 }]), [[0.5, 0.5]]);
  const again = MinMaxScaler.fromJSON(JSON.stringify(mm));
  assert.equal(again.featureNamesIn_, ['a', 'b']);
  assert.equal(again.transform([{ b: 20, a: 2 }]), [[0.5, 0.5]]);
  const oh = new OneHotEncoder().fit(recs.map(({ c }) => ({ c })));
  assert.equal(oh.getFeatureNamesOut(), ['c_x', 'c_y']);
  assert.throws(() => mm.getFeatureNamesOut(['p', 'q']), /input_features is not equal to feature_names_in_/);
  assert.equal(new StandardScaler().fit([[1, 2]]).getFeatureNamesOut(), ['x0', 'x1']);
});

test('ColumnTransformer parameters: nested keys list the valid ones; remainder parameters are reachable', () => {
  const ct = new ColumnTransformer({ transformers: [['s', new StandardScaler(), [0]]], remainder: new MaxAbsScaler() });
  assert.ok('remainder' in ct.getParams({ deep: true }));
  ct.setParams({ s__withMean: false });
  assert.is((ct.transformers[0]![1] as StandardScaler).withMean, false);
  assert.match(
    messageOf(() => ct.setParams({ s__nope: 1 })),
    /Invalid parameter 'nope' for estimator StandardScaler/,
  );
  assert.match(
    messageOf(() => ct.setParams({ t__x: 1 })),
    /Invalid parameter 't__x' for estimator ColumnTransformer/,
  );
});

test('null options are no options; other non-objects are refused by name', () => {
  const X = Array.from({ length: 10 }, (_, i) => [i]),
    yy = X.map((_, i) => i % 2);
  const nc = makePipeline(new StandardScaler(), new MLPClassifier({ maxIter: 2, hiddenLayerSizes: [2] }));
  assert.is(crossValPredict(nc, X, yy, null as never).length, 10);
  assert.match(
    messageOf(() => learningCurve(nc, X, yy, 'cv' as never)),
    /learningCurve: expected an options object, got 'cv'/,
  );
  assert.is(new ShuffleSplit(null as never).getNSplits(), 10);
  assert.is(makeMoons(null as never)[0].length, 100);
  assert.match(
    messageOf(() => makeBlobs(3 as never)),
    /makeBlobs: expected an options object, got 3/,
  );
});

test('param-validation: nullable(c) accepts null and what c accepts, and names both otherwise', () => {
  const c = nullable(interval('float', '[0.0, inf)'));
  assert.is(c(null), null);
  assert.is(c(2), null);
  assert.is(c(-1), 'a float in the range [0.0, inf) or None');
  assert.is(c('x'), 'a float in the range [0.0, inf) or None');
});

test.run();

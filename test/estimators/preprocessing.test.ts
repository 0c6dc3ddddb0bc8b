// Preprocessing against scikit-learn 1.2.1 (test/fixtures/preprocessing.json, made by
// scripts/fixtures/make_preprocessing_fixtures.py): scaler statistics and outputs, encoders, errors, JSON, clone.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  StandardScaler,
  MinMaxScaler,
  OneHotEncoder,
  LabelEncoder,
  type Cell,
} from '../../src/estimators/preprocessing/index.ts';
import { clone } from '../../src/estimators/base.ts';
import { NotFittedError, ValueError, InvalidParameterError } from '../../src/core/errors.ts';
import { toCamel } from '../../src/core/objects.ts';
import { tensor } from '../../src/tensor/create.ts';
import { allclose } from '../helpers/allclose.ts';

interface ScalerCase {
  name: string;
  class: 'StandardScaler' | 'MinMaxScaler';
  kwargs: Record<string, unknown>;
  fit: 'fit' | 'weighted' | 'partial' | 'partial_weighted';
  attrs: Record<string, number | number[] | null>;
  transform: number[][];
  fit_transform: number[][] | null;
  inverse: number[][];
}
interface Fixture {
  X: number[][];
  X_test: number[][];
  sample_weight: number[];
  scalers: ScalerCase[];
  onehot: {
    X: Cell[][];
    X_test: Cell[][];
    categories_: Cell[][];
    transform: number[][];
    feature_names_out: string[];
    ignore_transform: number[][];
    ignore_inverse: (Cell | null)[][];
    given_categories: Cell[][];
    given_transform: number[][];
    error_unknown: string;
  };
  labels: Record<
    string,
    { y: (string | number)[]; classes_: (string | number)[]; transform: number[]; inverse: (string | number)[] }
  >;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/preprocessing.json', import.meta.url), 'utf8')) as Fixture;

const TOL = { atol: 1e-10, rtol: 0 };

function camelKwargs(kw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kw).map(([k, v]) => [toCamel(k), v]));
}

function fitCase(c: ScalerCase): StandardScaler | MinMaxScaler {
  const est =
    c.class === 'StandardScaler'
      ? new StandardScaler(camelKwargs(c.kwargs))
      : new MinMaxScaler(camelKwargs(c.kwargs) as never);
  const X = fx.X,
    w = fx.sample_weight;
  if (c.fit === 'fit') est.fit(X);
  else if (c.fit === 'weighted') (est as StandardScaler).fit(X, null, { sampleWeight: w });
  else if (c.fit === 'partial') {
    est.partialFit(X.slice(0, 25));
    est.partialFit(X.slice(25));
  } else {
    (est as StandardScaler).partialFit(X.slice(0, 25), null, { sampleWeight: w.slice(0, 25) });
    (est as StandardScaler).partialFit(X.slice(25), null, { sampleWeight: w.slice(25) });
  }
  return est;
}

const worst: Record<string, number> = { statistics: 0, transform: 0, inverse: 0 };

for (const c of fx.scalers) {
  test(`${c.class} ${c.name} (${c.fit}): fitted attributes and outputs match scikit-learn to 1e-10`, () => {
    const est = fitCase(c);
    for (const [k, v] of Object.entries(c.attrs)) {
      const ours = (est as unknown as Record<string, unknown>)[toCamel(k)];
      if (v === null) {
        assert.is(ours, null, `${k} is null`);
        continue;
      }
      worst.statistics = Math.max(
        worst.statistics as number,
        allclose(ours as number[], v, { ...TOL, msg: `${c.name} ${k}` }),
      );
    }
    assert.is(est.nFeaturesIn_, 6);
    const Xt = est.transform(fx.X_test);
    worst.transform = Math.max(
      worst.transform as number,
      allclose(Xt, c.transform, { ...TOL, msg: `${c.name} transform` }),
    );
    worst.inverse = Math.max(
      worst.inverse as number,
      allclose(est.inverseTransform(Xt), c.inverse, { ...TOL, msg: `${c.name} inverse` }),
    );
    if (c.fit_transform !== null) {
      const fresh = clone(est);
      allclose(fresh.fitTransform(fx.X), c.fit_transform, { ...TOL, msg: `${c.name} fitTransform` });
    }
  });
}

test('agreement summary (max abs diff vs scikit-learn)', () => {
  console.log(
    `  preprocessing vs scikit-learn 1.2.1, max abs diff: statistics ${worst.statistics!.toExponential(2)}, transform ${worst.transform!.toExponential(2)}, inverse ${worst.inverse!.toExponential(2)}`,
  );
  assert.ok((worst.statistics as number) <= 1e-10);
});

test('StandardScaler: constant and float-noise-constant columns get scale 1; Tensor input accepted', () => {
  const s = new StandardScaler().fit(fx.X);
  assert.is(s.scale_![2], 1);
  assert.is(s.scale_![3], 1);
  const t = tensor(fx.X_test.flat(), { shape: [fx.X_test.length, 6], dtype: 'float64' });
  allclose(s.transform(t), s.transform(fx.X_test), { atol: 0, rtol: 0 });
});

test('MinMaxScaler: clip keeps outputs inside featureRange; invalid range is refused', () => {
  const m = new MinMaxScaler({ featureRange: [-1, 2], clip: true }).fit(fx.X);
  for (const row of m.transform(fx.X_test)) for (const v of row) assert.ok(v >= -1 && v <= 2);
  assert.throws(
    () => new MinMaxScaler({ featureRange: [1, 0] }).fit(fx.X),
    (e: Error) =>
      e instanceof ValueError &&
      /Minimum of desired feature range must be smaller than maximum. Got \[1, 0\]/.test(e.message),
  );
  assert.throws(
    () => new MinMaxScaler({ featureRange: [0] as never }).fit(fx.X),
    (e: Error) =>
      e instanceof InvalidParameterError &&
      /'featureRange' parameter of MinMaxScaler must be an array of two finite numbers/.test(e.message),
  );
});

test("parameter validation follows scikit-learn's template; unknown constructor keys are refused at fit", () => {
  assert.throws(
    () => new StandardScaler({ withMean: 1 as never }).fit(fx.X),
    (e: Error) =>
      e instanceof InvalidParameterError &&
      e.message === "The 'withMean' parameter of StandardScaler must be an instance of 'bool'. Got 1 instead.",
  );
  assert.throws(
    () => new StandardScaler({ withmean: false } as never).fit(fx.X),
    /StandardScaler got an unexpected parameter 'withmean'. Valid parameters are: withMean, withStd/,
  );
});

test('OneHotEncoder: categories_, transform and feature names match scikit-learn on string, integer and boolean columns', () => {
  const o = fx.onehot;
  const enc = new OneHotEncoder().fit(o.X);
  assert.equal(enc.categories_, o.categories_);
  assert.equal(enc.transform(o.X), o.transform);
  assert.equal(
    enc.getFeatureNamesOut(),
    o.feature_names_out.map((n) => n.replace('_False', '_false').replace('_True', '_true')),
  );
  assert.equal(new OneHotEncoder().fitTransform(o.X), o.transform);
  assert.equal(enc.inverseTransform(enc.transform(o.X)), o.X);
});

test('OneHotEncoder handleUnknown: error names the categories and column, ignore encodes zeros and inverts to null', () => {
  const o = fx.onehot;
  const enc = new OneHotEncoder().fit(o.X);
  assert.throws(
    () => enc.transform(o.X_test),
    (e: Error) => e instanceof ValueError && e.message === o.error_unknown,
  );
  const ign = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(o.X);
  assert.equal(ign.transform(o.X_test), o.ignore_transform);
  assert.equal(ign.inverseTransform(ign.transform(o.X_test)), o.ignore_inverse);
  assert.throws(
    () => enc.inverseTransform([[0, 0, 0, 1, 0, 0, 1, 0]]),
    /Samples \[0\] can not be inverted when handleUnknown='error'/,
  );
  assert.throws(() => enc.inverseTransform([[0, 1]]), /Expected 8 columns, got 2/);
});

test('OneHotEncoder with given categories matches scikit-learn; bad categories and mixed columns are refused', () => {
  const o = fx.onehot;
  const enc = new OneHotEncoder({ categories: o.given_categories }).fit(o.X);
  assert.equal(enc.transform(o.X_test), o.given_transform);
  assert.throws(
    () =>
      new OneHotEncoder({
        categories: [
          ['a', 'b'],
          [1, 2, 3],
          [false, true],
        ],
      }).fit(o.X),
    /Found unknown categories \['c'\] in column 0 during fit/,
  );
  assert.throws(
    () =>
      new OneHotEncoder({
        categories: [
          ['a', 'b', 'c'],
          [3, 1, 2],
          [false, true],
        ],
      }).fit(o.X),
    /Unsorted categories are not supported for numerical categories/,
  );
  assert.throws(
    () => new OneHotEncoder({ categories: [['a', 'b', 'c']] }).fit(o.X),
    /Shape mismatch: if categories is an array, it has to be of shape \(nFeatures,\)/,
  );
  // Mixed columns (which scikit-learn refuses) are encoded here: numbers, then strings, then booleans.
  const mixed = new OneHotEncoder().fit([['a'], [1], [true], [0.5], ['1']]);
  assert.equal(mixed.categories_, [[0.5, 1, '1', 'a', true]]);
  assert.equal(mixed.transform([[1], ['1'], [true]]), [
    [0, 1, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 0, 1],
  ]);
  assert.throws(
    () => new OneHotEncoder().fit([['a'], [null as never]]),
    /OneHotEncoder: X contains a missing value \(null\) in column 0 \(row 1\)\. .*impute them first \(SimpleImputer/,
  );
  assert.throws(
    () => new OneHotEncoder().fit([['a'], [{} as never]]),
    /X\[1\]\[0\] must be a finite number, a string or a boolean; got an object/,
  );
  assert.throws(
    () => new OneHotEncoder().fit(o.X).transform([['a', 1]]),
    /X has 2 features, but OneHotEncoder is expecting 3 features as input/,
  );
});

test('LabelEncoder: classes_, transform and inverseTransform match scikit-learn; unseen labels throw', () => {
  for (const c of Object.values(fx.labels)) {
    const le = new LabelEncoder().fit(c.y as string[]);
    assert.equal(le.classes_, c.classes_);
    assert.equal(le.transform(c.y as string[]), c.transform);
    assert.equal(new LabelEncoder().fitTransform(c.y as string[]), c.transform);
    assert.equal(le.inverseTransform([0, c.classes_.length - 1]), c.inverse);
  }
  const le = new LabelEncoder().fit(['a', 'b']);
  assert.throws(
    () => le.transform(['a', 'z']),
    (e: Error) => e instanceof ValueError && e.message === "y contains previously unseen labels: ['z']",
  );
  assert.throws(() => le.inverseTransform([2]), /y contains previously unseen labels: \[2\]/);
  assert.throws(() => new LabelEncoder().fit(['a', 1] as never), /Mix of label input types/);
});

test('every transformer throws NotFittedError before fit', () => {
  const cases: [{ transform(x: never): unknown }, unknown][] = [
    [new StandardScaler(), [[1]]],
    [new MinMaxScaler(), [[1]]],
    [new OneHotEncoder(), [['a']]],
    [new LabelEncoder(), ['a']],
  ];
  for (const [est, x] of cases) {
    assert.throws(
      () => est.transform(x as never),
      (e: Error) =>
        e instanceof NotFittedError &&
        e.message ===
          `This ${est.constructor.name} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`,
    );
  }
});

test('transform checks the feature count', () => {
  const s = new StandardScaler().fit(fx.X);
  assert.throws(
    () => s.transform([[1, 2, 3, 4, 5]]),
    (e: Error) =>
      e instanceof ValueError && e.message === 'X has 5 features, but StandardScaler is expecting 6 features as input.',
  );
  assert.throws(
    () => new MinMaxScaler().fit(fx.X).inverseTransform([[1]]),
    /X has 1 features, but MinMaxScaler is expecting 6/,
  );
});

test('toJSON / fromJSON round trip (fitted and unfitted) gives identical outputs', () => {
  const o = fx.onehot;
  const fitted: [
    { toJSON(): unknown; transform(x: never): unknown },
    { fromJSON(j: unknown): { transform(x: never): unknown; getParams(): unknown } },
    unknown,
  ][] = [
    [new StandardScaler({ withMean: false }).fit(fx.X), StandardScaler, fx.X_test],
    [new StandardScaler().fit(fx.X, null, { sampleWeight: fx.sample_weight }), StandardScaler, fx.X_test],
    [new MinMaxScaler({ featureRange: [-1, 2], clip: true }).fit(fx.X), MinMaxScaler, fx.X_test],
    [new OneHotEncoder({ handleUnknown: 'ignore' }).fit(o.X), OneHotEncoder, o.X_test],
    [new LabelEncoder().fit(['b', 'a', 'c']), LabelEncoder, ['c', 'a']],
  ];
  for (const [est, Cls, x] of fitted) {
    const again = Cls.fromJSON(JSON.parse(JSON.stringify(est)));
    assert.equal(again.transform(x as never), est.transform(x as never), est.constructor.name);
    assert.equal(again.getParams(), (est as unknown as { getParams(): unknown }).getParams());
  }
  const unfitted = StandardScaler.fromJSON(JSON.stringify(new StandardScaler({ withStd: false })));
  assert.is(unfitted.withStd, false);
  assert.throws(
    () => unfitted.transform(fx.X),
    (e: Error) => e instanceof NotFittedError,
  );
});

test('fromJSON refuses unknown keys, prototype keys, a wrong class and malformed fitted state', () => {
  const j = new StandardScaler().fit(fx.X).toJSON();
  assert.throws(() => StandardScaler.fromJSON({ ...j, extra: 1 }), /unknown key 'extra'/);
  assert.throws(
    () =>
      StandardScaler.fromJSON(
        '{"format":"scikeras-ts/estimator","version":1,"className":"StandardScaler","params":{"__proto__":{"polluted":true}},"omittedParams":[],"fitted":null}',
      ),
    /unknown key '__proto__'/,
  );
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.throws(() => MinMaxScaler.fromJSON(j), /the JSON holds a 'StandardScaler', not a MinMaxScaler/);
  assert.throws(
    () => StandardScaler.fromJSON({ ...j, fitted: { ...j.fitted, mean_: [1, 2] } }),
    /mean_ must be an array of 6 finite numbers/,
  );
  assert.throws(
    () => StandardScaler.fromJSON({ ...j, fitted: { ...j.fitted, hack_: 1 } }),
    /fitted state: unknown key 'hack_'/,
  );
  assert.throws(
    () =>
      OneHotEncoder.fromJSON({
        ...new OneHotEncoder().fit([['a']]).toJSON(),
        fitted: { categories_: [[]], nFeaturesIn_: 1 },
      }),
    /categories_ must hold/,
  );
});

test('clone: same parameters, deep-copied, unfitted; getParams / setParams', () => {
  const m = new MinMaxScaler({ featureRange: [-1, 1] }).fit(fx.X);
  const c = clone(m);
  assert.equal(c.getParams(), m.getParams());
  assert.ok(c.featureRange !== m.featureRange, 'featureRange array copied');
  assert.is(c.dataMin_, undefined);
  assert.throws(
    () => c.transform(fx.X),
    (e: Error) => e instanceof NotFittedError,
  );
  const s = new StandardScaler();
  assert.equal(s.getParams(), { withMean: true, withStd: true });
  s.setParams({ withMean: false });
  assert.is(s.withMean, false);
  assert.throws(
    () => s.setParams({ withMeen: false }),
    /Invalid parameter 'withMeen' for estimator StandardScaler. Valid parameters are: withMean, withStd/,
  );
  const e = clone(new OneHotEncoder({ categories: [['x', 'y']] }));
  assert.equal(e.categories, [['x', 'y']]);
});

test.run();

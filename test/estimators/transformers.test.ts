// The workflow-II transformers against scikit-learn 1.2.1 (test/fixtures/transformers.json, made by
// scripts/fixtures/make_transformer_fixtures.py): SimpleImputer, OrdinalEncoder, RobustScaler, MaxAbsScaler,
// Normalizer, PolynomialFeatures, FunctionTransformer: statistics, outputs, inverses, feature names, messages.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import { allInTsNames, inTsNames } from '../helpers/ts-names.ts';
import * as assert from 'uvu/assert';
import {
  FunctionTransformer,
  MaxAbsScaler,
  Normalizer,
  OrdinalEncoder,
  PolynomialFeatures,
  RobustScaler,
  SimpleImputer,
  type Cell,
} from '../../src/estimators/preprocessing/index.ts';
import { normalPpf, percentile } from '../../src/estimators/preprocessing/robust-scaler.ts';
import { ValueError } from '../../src/core/errors.ts';
import { toCamel } from '../../src/core/objects.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { allclose } from '../helpers/allclose.ts';

type Num = number | null;
interface Fixture {
  imputer: {
    X: Num[][];
    X_test: Num[][];
    cases: {
      kwargs: Record<string, unknown>;
      columns: number[];
      statistics_: Num[];
      transform: Num[][];
      feature_names_out: string[];
      inverse?: Num[][];
    }[];
  };
  imputer_strings: {
    X: (string | null)[][];
    cases: { kwargs: Record<string, unknown>; statistics_: string[]; transform: string[][] }[];
  };
  imputer_marker: { X: number[][]; statistics_: number[]; transform: number[][] };
  imputer_errors: Record<'mean_strings' | 'fill_value' | 'inverse', string>;
  ordinal: {
    X: Cell[][];
    X_test: Cell[][];
    categories_: Cell[][];
    transform: number[][];
    inverse: Cell[][];
    unknown_transform: number[][];
    unknown_inverse: (Cell | null)[][];
    nan_transform: Num[][];
    feature_names_out: string[];
    errors: Record<'unknown' | 'needs_value' | 'only_with_use' | 'collides', string>;
  };
  scaler_X: number[][];
  scaler_X_test: number[][];
  scalers: {
    name: string;
    attrs: Record<string, number[] | number | null>;
    transform: number[][];
    inverse: number[][];
  }[];
  maxabs_partial: { max_abs_: number[]; scale_: number[]; n_samples_seen_: number };
  normalizer: { X: number[][]; outputs: Record<'l1' | 'l2' | 'max', number[][]> };
  polynomial: {
    kwargs: Record<string, unknown>;
    powers_: number[][];
    n_output_features_: number;
    feature_names_out: string[];
    transform: number[][];
  }[];
  polynomial_errors: Record<'zero_no_bias' | 'bad_range', string>;
  function_transformer: { transform: number[][]; feature_names_out: string[] };
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/transformers.json', import.meta.url), 'utf8')) as Fixture;

const nan = (rows: Num[][]): number[][] => rows.map((r) => r.map((v) => (v === null ? NaN : v)));
const camel = (kw: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(kw).map(([k, v]) => [toCamel(k), v]));
const TOL = { atol: 1e-12, rtol: 1e-12 };
const worst: Record<string, number> = {};
const track = (what: string, d: number): void => {
  worst[what] = Math.max(worst[what] ?? 0, d);
};
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

const warnings: string[] = [];
setWarningHandler((_c, m) => void warnings.push(m));

// ------------------------------------------------------------------ SimpleImputer

for (const c of fx.imputer.cases) {
  test(`SimpleImputer ${JSON.stringify(c.kwargs)}: statistics, transform, names (and inverse) match scikit-learn`, () => {
    const imp = new SimpleImputer(camel(c.kwargs));
    const cols = (rows: Num[][]): number[][] => nan(rows).map((r) => c.columns.map((j) => r[j] as number));
    imp.fit(cols(fx.imputer.X));
    track(
      'imputer',
      allclose(
        imp.statistics_ as number[],
        c.statistics_.map((v) => v ?? NaN),
        { ...TOL, msg: 'statistics_' },
      ),
    );
    const Xt = imp.transform(cols(fx.imputer.X_test));
    track('imputer', allclose(Xt as number[][], nan(c.transform), { ...TOL, msg: 'transform' }));
    assert.equal(imp.getFeatureNamesOut(), c.feature_names_out);
    if (c.inverse) allclose(imp.inverseTransform(Xt) as number[][], nan(c.inverse), { ...TOL, msg: 'inverse' });
  });
}

test('SimpleImputer: null and undefined are missing too; records give featureNamesIn_ and named columns', () => {
  const X = nan(fx.imputer.X);
  const withNulls = X.map((r, i) => r.map((v) => (Number.isNaN(v) ? (i % 2 ? null : undefined) : v)));
  const a = new SimpleImputer({ strategy: 'median' }).fit(X);
  const b = new SimpleImputer({ strategy: 'median' }).fit(withNulls as never);
  allclose(b.statistics_ as number[], a.statistics_ as number[], { atol: 0, rtol: 0 });
  const recs = [
    { a: 1, b: null },
    { a: NaN, b: 4 },
    { a: 3, b: 8 },
  ];
  const imp = new SimpleImputer().fit(recs);
  assert.equal(imp.featureNamesIn_, ['a', 'b']);
  assert.equal(imp.transform([{ b: undefined, a: undefined }]), [[2, 6]], 'records are matched by name');
  assert.equal(imp.getFeatureNamesOut(), ['a', 'b']);
});

test('SimpleImputer on strings (most_frequent, constant) matches scikit-learn', () => {
  for (const c of fx.imputer_strings.cases) {
    const imp = new SimpleImputer(camel(c.kwargs)).fit(fx.imputer_strings.X);
    assert.equal(imp.statistics_, c.statistics_, JSON.stringify(c.kwargs));
    assert.equal(imp.transform(fx.imputer_strings.X), c.transform, JSON.stringify(c.kwargs));
  }
  const m = fx.imputer_marker;
  const imp = new SimpleImputer({ missingValues: -1 }).fit(m.X);
  assert.equal(imp.statistics_, m.statistics_);
  assert.equal(imp.transform(m.X), m.transform);
});

test("SimpleImputer's messages are scikit-learn's", () => {
  const e = allInTsNames(fx.imputer_errors);
  assert.ok(
    messageOf(() =>
      new SimpleImputer().fit([
        ['a', 1],
        ['b', NaN],
      ]),
    ).startsWith(e.mean_strings),
  );
  assert.is(
    messageOf(() => new SimpleImputer({ strategy: 'constant', fillValue: 'x' }).fit([[1, NaN]])),
    e.fill_value,
  );
  assert.is(
    messageOf(() => new SimpleImputer().fit([[1], [NaN]]).inverseTransform([[1]])),
    e.inverse,
  );
  assert.match(
    messageOf(() => new SimpleImputer({ missingValues: -1 }).fit([[1], [NaN]])),
    /Input X contains NaN \(column 0, row 1\), but missingValues is -1/,
  );
  assert.match(
    messageOf(() => new SimpleImputer({ strategy: 'most_frequent' }).fit([[1], [2]]).transform([['a']])),
    /SimpleImputer was fitted on numeric data; X now holds the string 'a' in column 0/,
  );
});

test('SimpleImputer: a dropped empty column comes back as missing in the inverse; JSON keeps NaN statistics, the NaN marker and the indicator', () => {
  const X = nan(fx.imputer.X);
  const imp = new SimpleImputer({ strategy: 'median', addIndicator: true }).fit(X);
  const inv = imp.inverseTransform(imp.transform(nan(fx.imputer.X_test))) as number[][];
  assert.ok(
    inv.every((r) => Number.isNaN(r[3] as number)),
    'column 3 had no observed value at fit',
  );
  allclose(
    inv.map((r) => r[4] as number),
    nan(fx.imputer.X_test).map((r) => r[4] as number),
    { atol: 0, rtol: 0 },
  );
  const again = SimpleImputer.fromJSON(JSON.parse(JSON.stringify(imp)));
  assert.ok(Number.isNaN(again.missingValues as number), 'missingValues NaN survives JSON');
  const Xt = nan(fx.imputer.X_test);
  assert.equal(again.transform(Xt), imp.transform(Xt));
  assert.ok(Number.isNaN(again.statistics_[3] as number));
});

// ------------------------------------------------------------------ OrdinalEncoder

test('OrdinalEncoder: categories_, codes, inverse and names match scikit-learn', () => {
  const o = fx.ordinal;
  const enc = new OrdinalEncoder().fit(o.X);
  assert.equal(
    enc.categories_,
    o.categories_.map((c) => c.map((v) => (v === 0 || v === 1 ? v : v))),
  );
  assert.equal(enc.transform(o.X), o.transform);
  assert.equal(enc.inverseTransform(enc.transform(o.X)), o.X);
  assert.equal(enc.getFeatureNamesOut(), o.feature_names_out);
  const u = new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }).fit(o.X);
  assert.equal(u.transform(o.X_test), o.unknown_transform);
  assert.equal(u.inverseTransform(u.transform(o.X_test)), o.unknown_inverse);
  const n = new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: NaN }).fit(o.X);
  allclose(n.transform(o.X_test), nan(o.nan_transform), { atol: 0, rtol: 0 });
  const again = OrdinalEncoder.fromJSON(JSON.stringify(n));
  assert.ok(Number.isNaN(again.unknownValue as number), 'a NaN unknownValue survives JSON');
  allclose(again.transform(o.X_test), nan(o.nan_transform), { atol: 0, rtol: 0 });
});

test("OrdinalEncoder's messages are scikit-learn's; the unknown category's column is named for records", () => {
  const o = fx.ordinal;
  assert.is(
    messageOf(() => new OrdinalEncoder().fit(o.X).transform(o.X_test)),
    inTsNames(o.errors.unknown),
  );
  assert.is(
    messageOf(() => new OrdinalEncoder({ handleUnknown: 'use_encoded_value' }).fit(o.X)),
    inTsNames(o.errors.needs_value),
  );
  assert.is(
    messageOf(() => new OrdinalEncoder({ unknownValue: 5 }).fit(o.X)),
    inTsNames(o.errors.only_with_use),
  );
  assert.is(
    messageOf(() => new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: 1 }).fit(o.X)),
    inTsNames(o.errors.collides),
  );
  const recs = [
    { size: 'S', city: 'Paris' },
    { size: 'M', city: 'Lima' },
  ];
  const enc = new OrdinalEncoder().fit(recs);
  assert.is(
    messageOf(() => enc.transform([{ size: 'S', city: 'Rome' }])),
    "Found unknown categories ['Rome'] in column 1 ('city') during transform",
  );
  assert.equal(enc.transform([{ city: 'Lima', size: 'S' }]), [[1, 0]], 'records matched by name');
});

test('OrdinalEncoder and OneHotEncoder take mixed columns (numbers < strings < booleans)', () => {
  const enc = new OrdinalEncoder().fit([[3], ['b'], [true], [1], ['a'], [false]]);
  assert.equal(enc.categories_, [[1, 3, 'a', 'b', false, true]]);
  assert.equal(enc.transform([['a'], [true], [3]]), [[2], [5], [1]]);
});

// ------------------------------------------------------------------ scalers

for (const c of fx.scalers) {
  test(`${c.name}: fitted attributes, transform and inverse match scikit-learn`, () => {
    const est =
      c.name === 'maxabs'
        ? new MaxAbsScaler()
        : new RobustScaler(
            c.name === 'robust_range'
              ? { quantileRange: [10, 90] }
              : c.name === 'robust_odd_range'
                ? { quantileRange: [33.3, 71.9] }
                : c.name === 'robust_unit_variance'
                  ? { unitVariance: true }
                  : c.name === 'robust_no_center'
                    ? { withCentering: false }
                    : c.name === 'robust_no_scale'
                      ? { withScaling: false }
                      : {},
          );
    est.fit(fx.scaler_X);
    for (const [k, v] of Object.entries(c.attrs)) {
      const ours = (est as unknown as Record<string, unknown>)[toCamel(k)];
      if (v === null) assert.is(ours, null, k);
      else track('scalers', allclose(ours as number[], v, { ...TOL, msg: `${c.name} ${k}` }));
    }
    const Xt = est.transform(fx.scaler_X_test);
    track('scalers', allclose(Xt, c.transform, { ...TOL, msg: `${c.name} transform` }));
    track('scalers', allclose(est.inverseTransform(Xt), c.inverse, { ...TOL, msg: `${c.name} inverse` }));
  });
}

test('MaxAbsScaler.partialFit matches scikit-learn; RobustScaler refuses a bad range with its message', () => {
  const m = new MaxAbsScaler();
  m.partialFit(fx.scaler_X.slice(0, 11));
  m.partialFit(fx.scaler_X.slice(11));
  allclose(m.maxAbs_, fx.maxabs_partial.max_abs_, { atol: 0, rtol: 0 });
  allclose(m.scale_, fx.maxabs_partial.scale_, { atol: 0, rtol: 0 });
  assert.is(m.nSamplesSeen_, fx.maxabs_partial.n_samples_seen_);
  assert.is(
    messageOf(() => new RobustScaler({ quantileRange: [80, 20] }).fit([[1]])),
    'Invalid quantile range: (80, 20)',
  );
  assert.match(
    messageOf(() => new RobustScaler().fit([[1], [NaN]])),
    /Input X contains NaN \(row 1, column 0\)\. RobustScaler does not accept missing values.*SimpleImputer/,
  );
});

test("NumPy's linear percentile and SciPy's normal quantile, on values whose answers are known", () => {
  assert.is(percentile(Float64Array.from([1, 2, 3, 4]), 50), 2.5);
  assert.is(percentile(Float64Array.from([1, 2, 3, 4]), 100), 4);
  assert.is(percentile(Float64Array.from([10]), 25), 10);
  // scipy.stats.norm.ppf, printed with repr. The central branch is exact; the tails go through Math.log, which
  // may differ from glibc's log in the last bit (0 mismatches in the centre, 18 of 4007 tail points off by
  // at most 5.3e-16 relative, measured on SciPy 1.10).
  assert.is(normalPpf(0.75), 0.6744897501960817);
  assert.is(normalPpf(0.25), -0.6744897501960817);
  allclose(
    [normalPpf(0.9), normalPpf(0.025), normalPpf(1e-10)],
    [1.2815515655446004, -1.9599639845400545, -6.361340902404056],
    {
      atol: 0,
      rtol: 1e-15,
    },
  );
  assert.is(normalPpf(0.5), 0);
  assert.ok(Number.isNaN(normalPpf(1.5)));
});

test('Normalizer (l1, l2, max) matches scikit-learn; a row of zeros stays zeros', () => {
  for (const norm of ['l1', 'l2', 'max'] as const) {
    const out = new Normalizer({ norm }).fit(fx.scaler_X).transform(fx.normalizer.X);
    track('normalizer', allclose(out, fx.normalizer.outputs[norm], { ...TOL, msg: norm }));
    assert.equal(out[out.length - 1], [0, 0, 0, 0, 0]);
  }
  assert.throws(
    () => new Normalizer({ norm: 'l3' as never }).fit([[1]]),
    /'norm' parameter of Normalizer must be a str among/,
  );
});

// ------------------------------------------------------------------ PolynomialFeatures, FunctionTransformer

for (const c of fx.polynomial) {
  test(`PolynomialFeatures ${JSON.stringify(c.kwargs)}: powers_, names and products match scikit-learn`, () => {
    const kw = camel(c.kwargs);
    const pf = new PolynomialFeatures(kw as never).fit(fx.scaler_X.map((r) => r.slice(0, 3)));
    assert.equal(pf.powers_, c.powers_);
    assert.is(pf.nOutputFeatures_, c.n_output_features_);
    assert.equal(pf.getFeatureNamesOut(['a', 'b', 'c']), c.feature_names_out);
    track('polynomial', allclose(pf.transform(fx.scaler_X_test.map((r) => r.slice(0, 3))), c.transform, { ...TOL }));
  });
}

test("PolynomialFeatures' messages are scikit-learn's; it survives JSON", () => {
  assert.is(
    messageOf(() => new PolynomialFeatures({ degree: 0, includeBias: false }).fit([[1]])),
    inTsNames(fx.polynomial_errors.zero_no_bias),
  );
  assert.is(
    messageOf(() => new PolynomialFeatures({ degree: [3, 2] }).fit([[1]])),
    inTsNames(fx.polynomial_errors.bad_range),
  );
  const pf = new PolynomialFeatures({ degree: 3, interactionOnly: true }).fit([{ a: 1, b: 2, c: 3 }]);
  const again = PolynomialFeatures.fromJSON(JSON.stringify(pf));
  assert.equal(again.getFeatureNamesOut(), ['1', 'a', 'b', 'c', 'a b', 'a c', 'b c', 'a b c']);
  assert.equal(again.transform([[1, 2, 3]]), pf.transform([[1, 2, 3]]));
});

test('FunctionTransformer: log1p / expm1 match scikit-learn; the inverse check warns; functions come back through fromJSON', () => {
  const abs = (X: number[][]) => X.map((r) => r.map(Math.abs));
  const ft = new FunctionTransformer({
    func: (X: number[][]) => X.map((r) => r.map(Math.log1p)),
    inverseFunc: (X: number[][]) => X.map((r) => r.map(Math.expm1)),
    featureNamesOut: 'one-to-one',
  }).fit(abs(fx.scaler_X));
  track('function', allclose(ft.transform(abs(fx.scaler_X_test)), fx.function_transformer.transform, TOL));
  assert.equal(ft.getFeatureNamesOut(), fx.function_transformer.feature_names_out);
  warnings.length = 0;
  new FunctionTransformer({
    func: (X: number[][]) => X.map((r) => r.map((v) => v * 2)),
    inverseFunc: (X: number[][]) => X,
  }).fit([[1], [2]]);
  assert.equal(warnings, [
    "The provided functions are not strictly inverse of each other. If you are sure you want to proceed regardless, set 'checkInverse=false'.",
  ]);
  assert.throws(
    () => FunctionTransformer.fromJSON(JSON.stringify(ft)),
    /were functions, which JSON cannot hold; pass them again in overrides/,
  );
  const again = FunctionTransformer.fromJSON(JSON.stringify(ft), {
    func: (X: number[][]) => X.map((r) => r.map(Math.log1p)),
    inverseFunc: null,
  });
  assert.equal(again.transform([[1]]), ft.transform([[1]]));
  assert.throws(
    () => new FunctionTransformer().fit([[1]]).getFeatureNamesOut(),
    /has no attribute 'get_feature_names_out'/,
  );
  assert.equal(
    new FunctionTransformer({
      kwArgs: { k: 3 },
      func: (X: number[], kw?: Record<string, unknown>) => X.length * (kw?.k as number),
    }).transform([1, 2]),
    6,
  );
});

test('agreement summary (max abs diff vs scikit-learn)', () => {
  console.log(
    `  transformers vs scikit-learn 1.2.1, max abs diff: ${Object.entries(worst)
      .map(([k, v]) => `${k} ${v.toExponential(2)}`)
      .join(', ')}`,
  );
  assert.ok(Object.values(worst).every((v) => v <= 1e-12));
});

test('unfitted transformers throw NotFittedError; transform checks the column count', () => {
  for (const est of [
    new SimpleImputer(),
    new OrdinalEncoder(),
    new RobustScaler(),
    new MaxAbsScaler(),
    new Normalizer(),
    new PolynomialFeatures(),
  ])
    assert.throws(() => (est as { transform(x: unknown): unknown }).transform([[1]]), /is not fitted yet/);
  assert.throws(
    () => new RobustScaler().fit([[1, 2]]).transform([[1]]),
    /X has 1 features, but RobustScaler is expecting 2 features/,
  );
  assert.throws(
    () => new MaxAbsScaler().fit([{ a: 1, b: 2 }]).transform([{ a: 1, c: 2 }]),
    (e: Error) =>
      e instanceof ValueError &&
      /Feature names unseen at fit time:\n- c\nFeature names seen at fit time, yet now missing:\n- b/.test(e.message),
  );
});

test.run();

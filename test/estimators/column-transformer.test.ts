// ColumnTransformer against scikit-learn 1.2.1 on a data frame (test/fixtures/transformers.json): the frame's
// rows as records, as { columns, data } and as arrays by index give scikit-learn's outputs, feature names and
// output indices; Pipeline feature names; bad input; nested parameters, clone and JSON inside a Pipeline.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ColumnTransformer, makeColumnTransformer } from '../../src/estimators/compose/index.ts';
import {
  FunctionTransformer,
  MaxAbsScaler,
  OneHotEncoder,
  OrdinalEncoder,
  PolynomialFeatures,
  RobustScaler,
  SimpleImputer,
  StandardScaler,
} from '../../src/estimators/preprocessing/index.ts';
import { Pipeline, makePipeline } from '../../src/estimators/pipeline/index.ts';
import { MLPClassifier } from '../../src/estimators/neural-network/index.ts';
import { clone } from '../../src/estimators/base.ts';
import { allclose } from '../helpers/allclose.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';

setWarningHandler(() => undefined);

type Rec = Record<string, number | string | boolean | null>;
interface Fixture {
  frame: Rec[];
  frame_columns: string[];
  frame_test: Rec[];
  column_transformer: {
    name: string;
    fit_transform: (number | null)[][];
    transform: (number | null)[][];
    feature_names_out: string[];
    output_indices_: Record<string, [number, number]>;
  }[];
  pipeline_feature_names_out: string[];
  pipeline_transform: number[][];
  column_errors: Record<'not_unique' | 'strings_on_array' | 'unknown_column', string>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/transformers.json', import.meta.url), 'utf8')) as Fixture;
const nan = (rows: (number | null)[][]): number[][] => rows.map((r) => r.map((v) => (v === null ? NaN : v)));
const TOL = { atol: 1e-12, rtol: 1e-12 };
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

/** The fixture's ColumnTransformers, built the way the Python script builds them. */
function build(name: string): ColumnTransformer {
  switch (name) {
    case 'impute_scale_onehot':
      return new ColumnTransformer({
        transformers: [
          ['num', makePipeline(new SimpleImputer({ strategy: 'median' }), new StandardScaler()), ['age', 'income']],
          ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
        ],
      });
    case 'remainder_passthrough':
      return new ColumnTransformer({
        transformers: [
          ['imp', new SimpleImputer(), ['age', 'income']],
          ['ord', new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }), ['city']],
        ],
        remainder: 'passthrough',
      });
    case 'remainder_transformer_weights':
      return new ColumnTransformer({
        transformers: [
          ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
          ['drop_me', 'drop', ['member']],
        ],
        remainder: makePipeline(new SimpleImputer(), new RobustScaler()),
        transformerWeights: { cat: 2 },
      });
    case 'by_index_and_mask':
      return new ColumnTransformer({
        transformers: [
          ['first', new MaxAbsScaler(), [4]],
          ['mask', new SimpleImputer({ strategy: 'constant', fillValue: 0 }), [true, false, true, false, false]],
        ],
        verboseFeatureNamesOut: false,
      });
    default:
      return new ColumnTransformer({
        transformers: [
          ['poly', new PolynomialFeatures({ degree: 2, includeBias: false }), ['score']],
          ['keep', 'passthrough', ['member']],
        ],
      });
  }
}

const asColumnsData = (recs: Rec[]) => ({
  columns: fx.frame_columns,
  data: recs.map((r) => fx.frame_columns.map((c) => r[c])),
});
let worst = 0;

for (const c of fx.column_transformer) {
  test(`ColumnTransformer ${c.name}: records and { columns, data } give scikit-learn's output, names and indices`, () => {
    for (const form of ['records', 'columnsData'] as const) {
      const ct = build(c.name);
      const X = form === 'records' ? fx.frame : asColumnsData(fx.frame);
      const Xt = ct.fitTransform(X as never);
      worst = Math.max(worst, allclose(Xt, nan(c.fit_transform), { ...TOL, msg: `${form} fitTransform` }));
      const test_ = form === 'records' ? fx.frame_test : asColumnsData(fx.frame_test);
      worst = Math.max(
        worst,
        allclose(ct.transform(test_ as never), nan(c.transform), { ...TOL, msg: `${form} transform` }),
      );
      assert.equal(ct.getFeatureNamesOut(), c.feature_names_out);
      for (const [k, v] of Object.entries(c.output_indices_))
        assert.equal(ct.outputIndices_[k], v, `outputIndices_.${k}`);
    }
  });
}

test('ColumnTransformer: a data frame given as rows is selected by index and mask, as scikit-learn does on arrays', () => {
  const c = fx.column_transformer.find((x) => x.name === 'by_index_and_mask')!;
  const rows = fx.frame.map((r) => fx.frame_columns.map((k) => r[k]));
  const ct = build('by_index_and_mask');
  allclose(ct.fitTransform(rows as never), nan(c.fit_transform), TOL);
  assert.equal(ct.getFeatureNamesOut(), ['x4', 'x0', 'x2']);
});

test('records may come with keys in another order or extra keys at transform (columns are found by name)', () => {
  const ct = build('impute_scale_onehot').fit(fx.frame as never);
  const shuffled = fx.frame_test.map((r) => ({
    extra: 'x',
    score: r.score,
    city: r.city,
    income: r.income,
    age: r.age,
    member: r.member,
  }));
  const c = fx.column_transformer[0]!;
  allclose(ct.transform(shuffled as never), nan(c.transform), TOL);
  assert.match(
    messageOf(() => ct.transform([{ age: 1, city: 'Paris' }] as never)),
    /columns are missing: \{'income'\} \(ColumnTransformer was fitted with them\)\. Available columns: 'age', 'city'/,
  );
});

test('Pipeline.getFeatureNamesOut and transform after a ColumnTransformer match scikit-learn', () => {
  const pipe = makePipeline(
    new ColumnTransformer([
      ['num', new SimpleImputer(), ['age', 'income']],
      ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
    ]),
    new PolynomialFeatures({ degree: 2, interactionOnly: true, includeBias: false }),
  );
  pipe.fit(fx.frame as never);
  assert.equal(pipe.getFeatureNamesOut(), fx.pipeline_feature_names_out);
  allclose(pipe.transform(fx.frame_test as never) as number[][], fx.pipeline_transform, TOL);
  assert.equal(pipe.featureNamesIn_, fx.frame_columns);
});

test("bad input: scikit-learn's messages, with the available columns, the transformer and the column named", () => {
  const e = fx.column_errors;
  assert.ok(
    messageOf(() =>
      new ColumnTransformer({
        transformers: [
          ['a', 'passthrough', ['age']],
          ['b', new SimpleImputer(), ['age']],
        ],
        verboseFeatureNamesOut: false,
      })
        .fit(fx.frame as never)
        .getFeatureNamesOut(),
    ).startsWith(e.not_unique.replace('verbose_feature_names_out=True', 'verboseFeatureNamesOut: true')),
  );
  const rows = fx.frame.map((r) => fx.frame_columns.map((k) => r[k]));
  assert.ok(
    messageOf(() => new ColumnTransformer([['a', 'passthrough', ['age']]]).fit(rows as never)).startsWith(
      e.strings_on_array.replace('for pandas DataFrames', 'when X has column names'),
    ),
  );
  const unknown = messageOf(() => new ColumnTransformer([['a', 'passthrough', ['agee']]]).fit(fx.frame as never));
  assert.ok(unknown.startsWith(e.unknown_column));
  assert.match(
    unknown,
    /selects the column 'agee', which X does not have\. Available columns: 'age', 'city', 'income', 'member', 'score'/,
  );
  assert.match(
    messageOf(() => new ColumnTransformer([['keep', 'passthrough', ['city']]]).fit(fx.frame as never)),
    /output column 'keep__city' \(from 'keep'\) holds 'Paris' \(row 0\), which is not a number/,
  );
  assert.match(
    messageOf(() => new ColumnTransformer([['i', 'passthrough', [9]]]).fit(rows as never)),
    /all features must be in \[0, 4\] or \[-5, 0\]/,
  );
  assert.match(
    messageOf(() =>
      new ColumnTransformer([['oh', new OneHotEncoder(), ['city']]])
        .fit(fx.frame as never)
        .transform(fx.frame_test as never),
    ),
    /Found unknown categories \['Rome'\] in column 0 \('city'\) during transform/,
  );
  assert.match(
    messageOf(() => new ColumnTransformer([['x', 'nope' as never, [0]]]).fit(rows as never)),
    /All estimators should implement fit and transform/,
  );
  assert.match(
    messageOf(() => new ColumnTransformer({ transformers: [], remainder: 'keep' as never }).fit(rows as never)),
    /The remainder keyword needs to be one of 'drop', 'passthrough', or estimator/,
  );
});

test('a scalar column gives the transformer a 1-D column, as in scikit-learn', () => {
  const seen: unknown[] = [];
  const ft = new FunctionTransformer({
    func: (col: unknown[]) => (seen.push(col), col.map((v) => [v === 'Paris' ? 1 : 0])),
  });
  const out = new ColumnTransformer([['paris', ft, 'city']]).fitTransform(fx.frame.slice(0, 3) as never);
  assert.equal(
    seen[0],
    fx.frame.slice(0, 3).map((r) => r.city),
  );
  assert.equal(
    out,
    fx.frame.slice(0, 3).map((r) => [r.city === 'Paris' ? 1 : 0]),
  );
});

test('makeColumnTransformer names the steps after their classes; nested parameters, clone and JSON in a Pipeline', () => {
  const ct = makeColumnTransformer(
    [new SimpleImputer(), ['age', 'income']],
    [new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
    [new SimpleImputer({ strategy: 'most_frequent' }), ['member']],
    { remainder: 'drop' },
  );
  assert.equal(
    ct.transformers.map((t) => t[0]),
    ['simpleimputer-1', 'onehotencoder', 'simpleimputer-2'],
  );
  ct.setParams({ 'simpleimputer-1__strategy': 'median' });
  assert.is(ct.getParams({ deep: true })['simpleimputer-1__strategy'], 'median');
  const c = clone(ct);
  assert.ok(c.transformers[0]![1] !== ct.transformers[0]![1], 'transformers are cloned');
  const pipe = makePipeline(ct, new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 30, randomState: 0 }));
  const y = fx.frame.map((r) => (r.member ? 'yes' : 'no'));
  pipe.fit(fx.frame as never, y);
  const again = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipe)));
  assert.equal(again.predict(fx.frame_test as never), pipe.predict(fx.frame_test as never));
  assert.equal((again.steps[0]![1] as ColumnTransformer).getFeatureNamesOut(), ct.getFeatureNamesOut());
  assert.throws(() => clone(ct).transform(fx.frame as never), /is not fitted yet/);
});

test('a FunctionTransformer inside a saved ColumnTransformer gets its function back through overrides', () => {
  const ct = new ColumnTransformer([
    [
      'twice',
      new FunctionTransformer({
        func: (X: { data: number[][] }) => X.data.map((r) => r.map((v) => 2 * v)),
        featureNamesOut: 'one-to-one',
      }),
      ['score'],
    ],
  ]);
  ct.fit(fx.frame as never);
  const json = JSON.stringify(ct);
  assert.throws(() => ColumnTransformer.fromJSON(json), /were functions, which JSON cannot hold/);
  const again = ColumnTransformer.fromJSON(json, {
    twice: { func: (X: { data: number[][] }) => X.data.map((r) => r.map((v) => 2 * v)), featureNamesOut: 'one-to-one' },
  });
  assert.equal(again.transform(fx.frame_test as never), ct.transform(fx.frame_test as never));
});

test("toString reads like scikit-learn's repr", () => {
  const ct = new ColumnTransformer({
    transformers: [['s', new StandardScaler({ withMean: false }), ['a']]],
    remainder: 'passthrough',
  });
  assert.is(
    ct.toString(),
    "ColumnTransformer(transformers=[('s', StandardScaler(withMean=false), ['a'])], remainder='passthrough')",
  );
});

test('agreement summary', () => {
  console.log(
    `  ColumnTransformer vs scikit-learn 1.2.1 (records and { columns, data }), max abs diff ${worst.toExponential(2)}`,
  );
  assert.ok(worst <= 1e-12);
});

test.run();

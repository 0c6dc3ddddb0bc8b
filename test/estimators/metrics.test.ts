// Agreement of src/estimators/metrics.ts with scikit-learn 1.2.1 (test/fixtures/metrics.json,
// made by scripts/fixtures/make_metric_fixtures.py), plus input handling and error messages.
import { setWarningHandler } from '../../src/core/warnings.ts';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allclose } from '../helpers/allclose.ts';
import {
  accuracyScore,
  balancedAccuracyScore,
  precisionScore,
  recallScore,
  f1Score,
  fbetaScore,
  precisionRecallFscoreSupport,
  rocAucScore,
  logLoss,
  confusionMatrix,
  classificationReport,
  r2Score,
  meanSquaredError,
  meanAbsoluteError,
  getScorer,
  getScorerNames,
  type ReportRow,
} from '../../src/estimators/metrics/index.ts';
import { typeOfTarget, uniqueLabels } from '../../src/estimators/utils/multiclass.ts';
import { ValueError } from '../../src/core/errors.ts';
import { inTsNames } from '../helpers/ts-names.ts';

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };
interface Case {
  fn: string;
  data: string;
  args: string[];
  kwargs: Record<string, Json>;
  expected: Json;
}
interface Fixture {
  meta: { sklearn: string };
  datasets: Record<string, Record<string, Json>>;
  cases: Case[];
  scorers: { name: string; data: string; output: string; expected: number }[];
  errors: Record<string, string>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8')) as Fixture;

// Zero-division and similar warnings go to the warning handler; keep them for the tests that look.
const warnings: string[] = [];
setWarningHandler((_category, message) => {
  warnings.push(message);
});

const TOL = { atol: 1e-10, rtol: 0 };
let worst = 0;
let compared = 0;

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

type AnyFn = (...a: any[]) => unknown;
const FNS: Record<string, AnyFn> = {
  accuracy_score: accuracyScore,
  balanced_accuracy_score: balancedAccuracyScore,
  precision_score: precisionScore,
  recall_score: recallScore,
  f1_score: f1Score,
  fbeta_score: fbetaScore,
  roc_auc_score: rocAucScore,
  log_loss: logLoss,
  confusion_matrix: confusionMatrix,
  classification_report: classificationReport,
  r2_score: r2Score,
  mean_squared_error: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
};

/** Numeric 1-D columns as Float64Array and rows as Float64Arrays: the typed-array variant of a case. */
function typed(v: Json): unknown {
  if (Array.isArray(v) && v.length && typeof v[0] === 'number') return Float64Array.from(v as number[]);
  if (Array.isArray(v) && v.length && Array.isArray(v[0])) return (v as number[][]).map((r) => Float64Array.from(r));
  return v;
}

function runCase(c: Case, asTyped: boolean): unknown {
  const ds = fx.datasets[c.data] as Record<string, Json>;
  const conv = (v: Json): unknown => (asTyped ? typed(v) : v);
  const pos = c.args.map((a) => conv(ds[a] as Json));
  const kw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.kwargs))
    kw[camel(k)] = typeof v === 'string' && v.startsWith('$') ? conv(ds[v.slice(1)] as Json) : v;
  return (FNS[c.fn] as AnyFn)(...pos, kw);
}

function compare(actual: unknown, expected: Json, msg: string): void {
  if (typeof expected === 'string') {
    assert.is(actual, expected, msg);
  } else if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    const a = actual as Record<string, unknown>;
    assert.equal(Object.keys(a).sort(), Object.keys(expected).sort(), `${msg}: keys`);
    for (const [k, v] of Object.entries(expected)) compare(a[k], v, `${msg}[${k}]`);
  } else {
    worst = Math.max(worst, allclose(actual as number, expected as number, { ...TOL, msg }));
    compared++;
  }
}

const describeCase = (c: Case): string => `${c.fn}(${c.data}: ${c.args.join(', ')}, ${JSON.stringify(c.kwargs)})`;

test(`every metric agrees with scikit-learn ${fx.meta.sklearn} to 1e-10 (plain arrays)`, () => {
  assert.ok(fx.cases.length > 600);
  for (const c of fx.cases) compare(runCase(c, false), c.expected, describeCase(c));
});

test('the same cases with typed-array inputs give the same values', () => {
  for (const c of fx.cases) {
    const ds = fx.datasets[c.data] as Record<string, Json>;
    if (
      c.args.some(
        (a) => Array.isArray(ds[a]) && typeof (ds[a] as Json[])[0] !== 'number' && !Array.isArray((ds[a] as Json[])[0]),
      )
    )
      continue;
    compare(runCase(c, true), c.expected, `typed ${describeCase(c)}`);
  }
});

test('metric kinds covered: binary, 4-class, string, boolean, multilabel, regression, weighted and not', () => {
  const seen = new Set(fx.cases.map((c) => `${c.fn}:${c.data}:${'sample_weight' in c.kwargs}`));
  for (const fn of [
    'accuracy_score',
    'precision_score',
    'recall_score',
    'f1_score',
    'roc_auc_score',
    'log_loss',
    'confusion_matrix',
  ]) {
    for (const ds of ['binary', 'multiclass', 'strings'])
      for (const w of [false, true]) assert.ok(seen.has(`${fn}:${ds}:${w}`), `${fn} ${ds} weighted=${w}`);
  }
  for (const fn of ['r2_score', 'mean_squared_error', 'mean_absolute_error']) {
    for (const ds of ['regression', 'regression3'])
      for (const w of [false, true]) assert.ok(seen.has(`${fn}:${ds}:${w}`), `${fn} ${ds} weighted=${w}`);
  }
});

test('classificationReport text equals scikit-learn, including half-even rounding of exact ties', () => {
  const c = fx.cases.find(
    (x) => x.fn === 'classification_report' && x.data === 'multiclass' && Object.keys(x.kwargs).length === 0,
  ) as Case;
  const ds = fx.datasets.multiclass as Record<string, Json>;
  const text = classificationReport(ds.y_true as number[], ds.y_pred as number[]);
  assert.is(text, c.expected);
  const ties = fx.datasets.ties as Record<string, Json>;
  const report = classificationReport(ties.y_true as number[], ties.y_pred as number[]);
  assert.ok(report.includes('       0.12      0.17'), report); // 0.125 -> 0.12 (toFixed would say 0.13)
  const dict = classificationReport(ds.y_true as number[], ds.y_pred as number[], { outputDict: true });
  assert.is(typeof dict.accuracy, 'number');
  assert.ok(
    Math.abs(
      (dict['macro avg'] as ReportRow)['f1-score'] -
        f1Score(ds.y_true as number[], ds.y_pred as number[], { average: 'macro' }),
    ) < 1e-15,
  );
});

test('scorers agree with scikit-learn scorers (sign included)', () => {
  for (const s of fx.scorers) {
    const ds = fx.datasets[s.data] as Record<string, Json>;
    const scorer = getScorer(s.name);
    assert.is(scorer.needsProba, s.output === 'y_prob', `${s.name} needsProba`);
    const got = scorer.score(ds.y_true as number[], ds[s.output] as number[]);
    worst = Math.max(worst, allclose(got, s.expected, { ...TOL, msg: `scorer ${s.name} on ${s.data}` }));
    compared++;
  }
});

test('scorer registry: names, signs, and unknown names list the valid ones', () => {
  for (const name of [
    'accuracy',
    'precision',
    'recall',
    'f1',
    'f1_macro',
    'f1_weighted',
    'roc_auc',
    'neg_log_loss',
    'r2',
    'neg_mean_squared_error',
    'neg_mean_absolute_error',
  ]) {
    assert.ok(getScorerNames().includes(name), name);
  }
  assert.is(getScorer('neg_log_loss').sign, -1);
  assert.is(getScorer('accuracy').sign, 1);
  assert.is(getScorer('roc_auc').needsProba, true);
  assert.is(getScorer('f1').needsProba, false);
  assert.throws(
    () => getScorer('f1-macro'),
    (e: Error) =>
      e instanceof ValueError &&
      e.message.startsWith("'f1-macro' is not a valid scoring value. Valid options are [") &&
      e.message.includes("'neg_log_loss'"),
  );
  const s = getScorer('accuracy');
  assert.is(s.score([0, 1, 1, 0], [0, 1, 0, 0], [1, 1, 2, 0]), 0.5);
});

test("error messages match scikit-learn's", () => {
  const mc = fx.datasets.multiclass as Record<string, Json>;
  const cases: [string, () => unknown][] = [
    ['inconsistent', () => accuracyScore([0, 1, 1], [0, 1, 1, 0])],
    ['binary_average', () => f1Score([0, 1, 2], [0, 1, 1])],
    [
      'multilabel_binary_average',
      () =>
        f1Score(
          [
            [0, 1],
            [1, 1],
          ],
          [
            [0, 1],
            [1, 0],
          ],
        ),
    ],
    ['mix_types', () => confusionMatrix(['a', 'b'], [1, 0])],
    ['pos_label', () => precisionScore(['a', 'b', 'a'], ['a', 'a', 'b'])],
    ['roc_one_class', () => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9])],
    ['roc_multi_class_raise', () => rocAucScore(mc.y_true as number[], mc.y_prob as number[][])],
    [
      'roc_not_proba',
      () =>
        rocAucScore(
          [0, 1, 2, 2],
          [
            [0.5, 0.5, 0.5],
            [0.5, 0.5, 0.5],
            [0.5, 0.5, 0.5],
            [0.5, 0.5, 0.5],
          ],
          { multiClass: 'ovr' },
        ),
    ],
    ['log_loss_one_label', () => logLoss([1, 1], [0.5, 0.6])],
    [
      'log_loss_columns',
      () =>
        logLoss(
          [0, 1, 2],
          [
            [0.5, 0.5],
            [0.2, 0.8],
            [0.1, 0.9],
          ],
        ),
    ],
    ['cm_no_label_in_true', () => confusionMatrix([0, 1], [0, 1], { labels: [5] })],
    [
      'r2_outputs',
      () =>
        r2Score(
          [
            [0, 0],
            [0, 0],
            [0, 0],
          ],
          [
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
        ),
    ],
    ['multioutput_value', () => r2Score([1, 2], [1, 2], { multioutput: 'bad' as 'raw_values' })],
    ['continuous', () => accuracyScore([0.5, 1.0], [0, 1])],
    ['zero_division', () => f1Score([0, 1], [0, 1], { zeroDivision: 2 as 1 })],
    ['report_target_names', () => classificationReport([0, 1, 2], [0, 1, 1], { targetNames: ['a', 'b'] })],
  ];
  for (const [key, fn] of cases) {
    assert.throws(fn, (e: Error) => {
      assert.instance(e, ValueError, key);
      assert.is(e.message, inTsNames(fx.errors[key] as string), key);
      return true;
    });
  }
});

test('bad inputs: NaN, infinity, mixed label kinds, ragged rows, wrong score shapes', () => {
  const msg = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      assert.instance(e, ValueError);
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };
  assert.is(
    msg(() => accuracyScore([0, NaN], [0, 1])),
    'Input yTrue contains NaN.',
  );
  assert.is(
    msg(() => meanSquaredError([0, 1], [0, NaN])),
    'Input yPred contains NaN.',
  );
  assert.is(
    msg(() => r2Score([0, 1], [0, 1], { sampleWeight: [1, Infinity] })),
    "Input sampleWeight contains infinity or a value too large for dtype('float64').",
  );
  assert.is(
    msg(() => accuracyScore(['a', 1] as unknown as string[], ['a', 'b'])),
    'Mix of label input types (string and number)',
  );
  assert.is(
    msg(() => accuracyScore([true, false], [1, 0])),
    'Mix of label input types (boolean and number)',
  );
  assert.ok(
    msg(() =>
      accuracyScore(
        [[0, 1], [1]],
        [
          [0, 1],
          [1, 1],
        ],
      ),
    ).startsWith('yTrue: row 1 has 1 values; row 0 has 2 values.'),
  );
  assert.ok(
    msg(() =>
      rocAucScore(
        [0, 1, 0, 1],
        [
          [0.1, 0.2, 0.7],
          [0.3, 0.3, 0.4],
          [0.5, 0.2, 0.3],
          [0.1, 0.1, 0.8],
        ],
        { multiClass: 'ovr' },
      ),
    ).includes('Number of classes in yTrue'),
  );
  assert.is(
    msg(() =>
      meanSquaredError(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 4],
        ],
        { multioutput: 'variance_weighted' as 'raw_values' },
      ),
    ),
    "multioutput='variance_weighted' is only defined for r2Score, not meanSquaredError.",
  );
  assert.is(
    msg(() =>
      logLoss(
        ['a', 'b', 'c'],
        [
          [0.2, 0.8],
          [0.5, 0.5],
          [0.1, 0.9],
        ],
        { labels: ['a', 'b'] },
      ),
    ),
    "yTrue contains labels not in labels: ['c'].",
  );
  assert.is(
    msg(() => accuracyScore([0, 1], [0, 1], { sampleWeight: [1, 2, 3] })),
    'Found input variables with inconsistent numbers of samples: [2, 2, 3]',
  );
});

test('warnings: 0/0 precision warns unless zeroDivision is set; pos_label ignored outside binary', () => {
  warnings.length = 0;
  assert.is(precisionScore([0, 1, 1], [0, 0, 0]), 0);
  assert.is(
    warnings.at(-1),
    'Precision is ill-defined and being set to 0.0 due to no predicted samples. Use `zeroDivision` parameter to control this behavior.',
  );
  warnings.length = 0;
  assert.is(precisionScore([0, 1, 1], [0, 0, 0], { zeroDivision: 1 }), 1);
  assert.is(warnings.length, 0);
  f1Score([0, 1, 2], [0, 1, 1], { average: 'macro' });
  assert.is(
    warnings.at(-1),
    'Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zeroDivision` parameter to control this behavior.',
  );
  precisionScore([0, 1, 2], [0, 1, 2], { average: 'macro', posLabel: 2 });
  assert.ok(warnings.at(-1)?.startsWith('Note that posLabel (set to 2) is ignored'));
  warnings.length = 0;
  assert.ok(Number.isNaN(r2Score([1], [2])));
  assert.is(warnings.at(-1), 'R^2 score is not well-defined with less than two samples.');
});

test('labels: sort order, booleans, posLabel True == 1, typeOfTarget', () => {
  assert.equal(uniqueLabels([10, 2, -3], [2]), [-3, 2, 10]);
  assert.equal(uniqueLabels(['b', 'B', 'a']), ['B', 'a', 'b']);
  assert.equal(uniqueLabels([true, false]), [false, true]);
  assert.is(typeOfTarget([0.5, 1]), 'continuous');
  assert.is(
    typeOfTarget([
      [0, 1],
      [1, 1],
    ]),
    'multilabel-indicator',
  );
  assert.is(
    typeOfTarget([
      [0, 2],
      [1, 1],
    ]),
    'multiclass-multioutput',
  );
  assert.is(typeOfTarget(['x', 'y', 'z']), 'multiclass');
  assert.is(precisionScore([true, false, true], [true, true, true]), 2 / 3);
  assert.equal(confusionMatrix([true, false, true], [true, true, true]), [
    [0, 1],
    [0, 2],
  ]);
  const r = precisionRecallFscoreSupport(['a', 'b', 'b'], ['a', 'b', 'a']);
  assert.equal(r.precision, [0.5, 1]);
  assert.equal(r.support, [1, 2]);
  // Column vectors count as 1-D, as scikit-learn's column_or_1d.
  assert.is(accuracyScore([[0], [1], [1]], [0, 1, 0]), 2 / 3);
  assert.is(fbetaScore([0, 1, 1, 0], [0, 1, 0, 1], { beta: Infinity }), recallScore([0, 1, 1, 0], [0, 1, 0, 1]));
});

test('one-vs-one rocAucScore with average null gives the per-pair scores its macro and weighted averages are taken over', () => {
  const ds = fx.datasets.multiclass as { y_true: number[]; y_prob: number[][] };
  const y = ds.y_true,
    p = ds.y_prob;
  const classes = uniqueLabels(y) as number[];
  const pairs = rocAucScore(y, p, { multiClass: 'ovo', average: null }) as number[];
  assert.is(pairs.length, (classes.length * (classes.length - 1)) / 2);
  let i = 0;
  const prevalence: number[] = [];
  for (let a = 0; a < classes.length; a++) {
    for (let b = a + 1; b < classes.length; b++) {
      const rows = y.map((v, r) => (v === classes[a] || v === classes[b] ? r : -1)).filter((r) => r >= 0);
      const aScore = rocAucScore(
        rows.map((r) => (y[r] === classes[a] ? 1 : 0)),
        rows.map((r) => p[r]![a]!),
      );
      const bScore = rocAucScore(
        rows.map((r) => (y[r] === classes[b] ? 1 : 0)),
        rows.map((r) => p[r]![b]!),
      );
      allclose(pairs[i++]!, (aScore + bScore) / 2, { atol: 1e-12, rtol: 0 });
      prevalence.push(rows.length / y.length);
    }
  }
  // the averages scikit-learn returns (checked against its fixtures above) are means of these values
  const mean = pairs.reduce((s, v) => s + v, 0) / pairs.length;
  const weighted = pairs.reduce((s, v, j) => s + v * prevalence[j]!, 0) / prevalence.reduce((s, v) => s + v, 0);
  allclose(rocAucScore(y, p, { multiClass: 'ovo', average: 'macro' }), mean, { atol: 1e-12, rtol: 0 });
  allclose(rocAucScore(y, p, { multiClass: 'ovo', average: 'weighted' }), weighted, { atol: 1e-12, rtol: 0 });
});

test('binary rocAucScore: n x 2 probabilities use column 1; maxFpr gives the McClish-corrected partial AUC', () => {
  const y = [0, 0, 1, 1];
  assert.is(rocAucScore(y, [0.1, 0.4, 0.35, 0.8]), 0.75);
  assert.is(
    rocAucScore(y, [
      [0.9, 0.1],
      [0.6, 0.4],
      [0.65, 0.35],
      [0.2, 0.8],
    ]),
    0.75,
  );
  // scikit-learn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], max_fpr=0.5) == 0.6666666666666666
  assert.ok(Math.abs(rocAucScore(y, [0.1, 0.4, 0.35, 0.8], { maxFpr: 0.5 }) - 0.6666666666666666) < 1e-15);
});

test.after(() => {
  console.log(`  metrics: ${compared} numeric comparisons, max |ours - scikit-learn| = ${worst.toExponential(3)}`);
});

test('balancedAccuracyScore: adjusted is truthy as in scikit-learn', () => {
  // scikit-learn 1.2.1: balanced_accuracy_score([0,1,2,0], [0,2,2,0], adjusted=1) -> 0.5
  assert.ok(
    Math.abs(
      balancedAccuracyScore([0, 1, 2, 0], [0, 2, 2, 0], { adjusted: 1 as unknown as boolean }) - 0.49999999999999994,
    ) < 1e-15,
  );
});

test.run();

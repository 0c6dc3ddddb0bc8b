// The workflow-II metrics against scikit-learn 1.2.1 (test/fixtures/metrics-extra.json, made by
// scripts/fixtures/make_metric_fixtures_extra.py): every case's value (curves element by element), the
// scorers by name, makeScorer, and the messages.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import { allInTsNames } from '../helpers/ts-names.ts';
import * as assert from 'uvu/assert';
import * as metrics from '../../src/estimators/metrics/index.ts';
import { getScorer, makeScorer } from '../../src/estimators/metrics/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { crossValScore } from '../../src/estimators/model-selection/index.ts';
import { allclose } from '../helpers/allclose.ts';
import { NearestCentroid } from '../helpers/nearest-centroid.ts';

type Value = number | string | null | Value[];
interface Case {
  metric: string;
  args: Value[];
  kwargs: Record<string, Value>;
  result: Value;
}
interface Fixture {
  cases: Case[];
  scorers: { name: string; y_true: Value[]; output: Value[]; score: number }[];
  errors: Record<string, string>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/metrics-extra.json', import.meta.url), 'utf8')) as Fixture;
setWarningHandler(() => undefined);

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const NAMES: Record<string, string> = {
  matthews_corrcoef: 'matthewsCorrcoef',
  cohen_kappa_score: 'cohenKappaScore',
  roc_curve: 'rocCurve',
  precision_recall_curve: 'precisionRecallCurve',
  average_precision_score: 'averagePrecisionScore',
  brier_score_loss: 'brierScoreLoss',
  hinge_loss: 'hingeLoss',
  top_k_accuracy_score: 'topKAccuracyScore',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  median_absolute_error: 'medianAbsoluteError',
  max_error: 'maxError',
  explained_variance_score: 'explainedVarianceScore',
};
const num = (v: Value): number | number[] | number[][] =>
  v === null
    ? NaN
    : v === 'inf'
      ? Infinity
      : v === '-inf'
        ? -Infinity
        : Array.isArray(v)
          ? (v.map(num) as number[])
          : (v as number);
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

let worst = 0;
const counts: Record<string, number> = {};
fx.cases.forEach((c, k) => {
  test(`${c.metric} #${k} ${JSON.stringify(c.kwargs).slice(0, 60)}: equals scikit-learn`, () => {
    const name = NAMES[c.metric] as string;
    const fn = (metrics as unknown as Record<string, (...a: unknown[]) => unknown>)[name] as (
      ...a: unknown[]
    ) => unknown;
    const options = Object.fromEntries(Object.entries(c.kwargs).map(([key, v]) => [camel(key), v]));
    const out = fn(...c.args, options);
    let got: unknown = out;
    if (c.metric === 'roc_curve')
      got = [
        (out as { fpr: number[] }).fpr,
        (out as { tpr: number[] }).tpr,
        (out as { thresholds: number[] }).thresholds,
      ];
    if (c.metric === 'precision_recall_curve')
      got = [
        (out as { precision: number[] }).precision,
        (out as { recall: number[] }).recall,
        (out as { thresholds: number[] }).thresholds,
      ];
    worst = Math.max(
      worst,
      allclose(got as number[], num(c.result) as number[], { atol: 1e-12, rtol: 1e-12, msg: c.metric }),
    );
    counts[name] = (counts[name] ?? 0) + 1;
  });
});

test('scorers by name equal scikit-learn (sign included)', () => {
  for (const s of fx.scorers) {
    const scorer = getScorer(s.name);
    const v = scorer.score(s.y_true as never, s.output as never);
    allclose(v, s.score, { atol: 0, rtol: 1e-12, msg: s.name });
  }
  const names = metrics.getScorerNames();
  for (const n of [
    'matthews_corrcoef',
    'average_precision',
    'neg_brier_score',
    'top_k_accuracy',
    'explained_variance',
    'max_error',
    'neg_mean_absolute_percentage_error',
    'neg_median_absolute_error',
  ])
    assert.ok(names.includes(n), n);
});

test('makeScorer: sign, metric options, probabilities (column 1 for a binary target) and use as a scoring', () => {
  const f2 = makeScorer(metrics.fbetaScore, { beta: 2 });
  assert.is(f2.score([0, 1, 1, 1], [0, 1, 0, 0]), metrics.fbetaScore([0, 1, 1, 1], [0, 1, 0, 0], { beta: 2 }));
  const loss = makeScorer(metrics.meanAbsoluteError, { greaterIsBetter: false });
  assert.is(loss.sign, -1);
  assert.is(loss.score([1, 2], [2, 2]), -0.5);
  const brier = makeScorer(metrics.brierScoreLoss, { needsProba: true, greaterIsBetter: false });
  assert.is(brier.needsProba, true);
  assert.is(
    brier.score(
      [0, 1],
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
    ),
    -metrics.brierScoreLoss([0, 1], [0.1, 0.8]),
  );
  assert.throws(
    () => makeScorer(metrics.rocAucScore, { needsProba: true, needsThreshold: true }),
    /Set either needsProba or needsThreshold to true, but not both/,
  );
  const X = [[0], [0.1], [0.2], [1], [1.1], [1.2]],
    y = [0, 0, 0, 1, 1, 1];
  const scores = crossValScore(new NearestCentroid(), X, y, {
    cv: [
      [
        [0, 1, 3, 4],
        [2, 5],
      ],
    ],
    scoring: makeScorer(metrics.matthewsCorrcoef),
  });
  assert.equal(scores, [1]);
  assert.throws(() => makeScorer((() => 'x') as never).score([0], [0]), /the metric returned 'x', not a number/);
});

test("the metrics' messages are scikit-learn's", () => {
  const e = allInTsNames(fx.errors);
  assert.is(
    messageOf(() => metrics.rocCurve(['a', 'b', 'a'], [0.1, 0.5, 0.3])),
    e.pos_label,
  );
  assert.is(
    messageOf(() => metrics.averagePrecisionScore([0, 1, 1], [0.1, 0.5, 0.3], { posLabel: 2 })),
    e.ap_pos_label,
  );
  assert.is(
    messageOf(() => metrics.averagePrecisionScore([0, 1, 2], [0.1, 0.5, 0.3])),
    e.ap_multiclass,
  );
  assert.is(
    messageOf(() => metrics.brierScoreLoss([0, 1, 2], [0.1, 0.5, 0.3])),
    e.brier_multiclass,
  );
  assert.is(
    messageOf(() => metrics.brierScoreLoss([0, 1, 1], [0.1, 1.5, 0.3])),
    e.brier_range,
  );
  assert.is(
    messageOf(() => metrics.brierScoreLoss(['a', 'b', 'a'], [0.1, 0.5, 0.3])),
    e.brier_strings,
  );
  assert.is(
    messageOf(() =>
      metrics.maxError(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 5],
        ],
      ),
    ),
    e.max_error_multioutput,
  );
  assert.is(
    messageOf(() =>
      metrics.topKAccuracyScore(
        [0, 1, 2],
        [
          [0.2, 0.8],
          [0.5, 0.5],
          [0.4, 0.6],
        ],
      ),
    ),
    e.top_k_classes,
  );
  assert.is(
    messageOf(() =>
      metrics.topKAccuracyScore(
        [0.5, 1.5],
        [
          [0.2, 0.8],
          [0.5, 0.5],
        ],
      ),
    ),
    e.top_k_type,
  );
  assert.is(
    messageOf(() =>
      metrics.hingeLoss(
        [0, 1, 2],
        [
          [0.1, 0.2],
          [0.3, 0.4],
          [0.5, 0.6],
        ],
      ),
    ),
    e.hinge_labels,
  );
  assert.ok(
    messageOf(() => metrics.cohenKappaScore([0, 1], [0, 1], { weights: 'cubic' as never })).startsWith(e.kappa!),
  );
  assert.is(
    messageOf(() =>
      metrics.matthewsCorrcoef(
        [
          [0, 1],
          [1, 1],
        ] as never,
        [
          [0, 1],
          [1, 0],
        ] as never,
      ),
    ),
    e.mcc_multilabel,
  );
});

test('agreement summary', () => {
  console.log(
    `  metrics vs scikit-learn 1.2.1: ${fx.cases.length} cases over ${Object.keys(counts).length} functions, max abs diff ${worst.toExponential(2)}`,
  );
  assert.is(Object.keys(counts).length, 12);
  assert.ok(worst <= 1e-12);
});

test.run();

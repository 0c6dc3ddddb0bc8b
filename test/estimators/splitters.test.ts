// The workflow-II splitters and cross-validation tools against scikit-learn 1.2.1 (test/fixtures/splitters.json,
// made by scripts/fixtures/make_model_selection_fixtures.py): exact folds of the deterministic splitters, sizes
// and class counts of the shuffled ones, messages, and crossValPredict / learningCurve / validationCurve /
// grouped crossValScore with a deterministic classifier (NearestCentroid) equal to scikit-learn's.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import { allInTsNames, inTsNames } from '../helpers/ts-names.ts';
import * as assert from 'uvu/assert';
import {
  GroupKFold,
  LeaveOneOut,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  ShuffleSplit,
  StratifiedGroupKFold,
  StratifiedShuffleSplit,
  TimeSeriesSplit,
  crossValPredict,
  crossValScore,
  crossValidate,
  learningCurve,
  validationCurve,
  GridSearchCV,
  KFold,
  type Fold,
} from '../../src/estimators/model-selection/index.ts';
import { npArgsort } from '../../src/estimators/model-selection/group-split.ts';
import { translateTrainSizes } from '../../src/estimators/model-selection/curves.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { NearestCentroid } from '../helpers/nearest-centroid.ts';

type Label = number | string;
interface Fixture {
  group_kfold: { groups: Label[]; n_splits: number; folds: Fold[] }[];
  stratified_group_kfold: { groups: number[]; y: number[]; n_splits: number; folds: Fold[] }[];
  time_series: { n: number; kwargs: Record<string, number>; folds: Fold[] }[];
  shuffle_sizes: { n: number; kwargs: Record<string, number>; n_train: number; n_test: number }[];
  stratified_shuffle: {
    y: Label[];
    kwargs: Record<string, number>;
    classes: Label[];
    counts: { train: number[]; test: number[] }[];
  }[];
  repeated_n_splits: number[];
  errors: Record<string, string>;
  train_sizes: { sizes: number[]; n_max: number; abs: number[] }[];
  train_size_errors: Record<'fractions' | 'counts', string>;
  estimator: {
    X: number[][];
    y: number[];
    groups: number[];
    cross_val_predict: number[];
    cross_val_predict_kfold: number[];
    learning_curve: { train_sizes: number[]; train_scores: number[][]; test_scores: number[][] };
    learning_curve_abs: [number[], number[][], number[][]];
    validation_curve: { train_scores: number[][]; test_scores: number[][] };
    group_cv_score: number[];
    stratified_group_cv_score: number[];
    loo_score_mean: number;
  };
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/splitters.json', import.meta.url), 'utf8')) as Fixture;
const zeros = (n: number): number[][] => Array.from({ length: n }, () => [0]);
const camel = (kw: Record<string, number>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(kw).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
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
let exactFolds = 0;

test('GroupKFold: folds equal scikit-learn on tie-heavy group counts (NumPy argsort order), strings included', () => {
  for (const c of fx.group_kfold) {
    const folds = new GroupKFold({ nSplits: c.n_splits }).split(zeros(c.groups.length), undefined, c.groups);
    assert.equal(folds, c.folds, `${c.groups.length} samples, ${c.n_splits} splits`);
    exactFolds += folds.length;
  }
});

test("npArgsort is NumPy's introsort: ties land where NumPy puts them", () => {
  // np.argsort([2, 1, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 2, 0, 1, 1, 2, 0, 1, 2]) as NumPy 1.24.2 prints it (not the
  // stable order: its quicksort partitions past 16 items)
  const v = [2, 1, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 2, 0, 1, 1, 2, 0, 1, 2];
  assert.equal(npArgsort(v), [9, 17, 4, 13, 1, 3, 6, 7, 15, 18, 10, 14, 16, 0, 11, 8, 5, 2, 12, 19]);
  const sorted = npArgsort([5, 3, 9, 1]).map((i) => [5, 3, 9, 1][i]);
  assert.equal(sorted, [1, 3, 5, 9]);
});

test('StratifiedGroupKFold (no shuffle): folds equal scikit-learn', () => {
  for (const c of fx.stratified_group_kfold) {
    const folds = new StratifiedGroupKFold({ nSplits: c.n_splits }).split(zeros(c.y.length), c.y, c.groups);
    assert.equal(folds, c.folds);
    exactFolds += folds.length;
  }
  const shuffled = new StratifiedGroupKFold({ nSplits: 3, shuffle: true, randomState: 0 });
  const c = fx.stratified_group_kfold[0]!;
  const folds = shuffled.split(zeros(c.y.length), c.y, c.groups);
  const seen = new Set<number>();
  for (const [train, test_] of folds) {
    const trainGroups = new Set(train.map((i) => c.groups[i]));
    assert.ok(
      test_.every((i) => !trainGroups.has(c.groups[i] as number)),
      'no group on both sides',
    );
    test_.forEach((i) => seen.add(i));
  }
  assert.is(seen.size, c.y.length);
  assert.equal(shuffled.split(zeros(c.y.length), c.y, c.groups), folds, 'same seed, same folds');
});

test('TimeSeriesSplit and LeaveOneOut: folds equal scikit-learn', () => {
  for (const c of fx.time_series) {
    const folds = new TimeSeriesSplit(camel(c.kwargs)).split(zeros(c.n));
    assert.equal(folds, c.folds, JSON.stringify(c.kwargs));
    exactFolds += folds.length;
  }
  const loo = new LeaveOneOut();
  assert.equal(loo.split(zeros(3)), [
    [[1, 2], [0]],
    [[0, 2], [1]],
    [[0, 1], [2]],
  ]);
  assert.is(loo.getNSplits(zeros(7)), 7);
});

test('ShuffleSplit and StratifiedShuffleSplit: sizes and class counts equal scikit-learn; a seed repeats', () => {
  for (const c of fx.shuffle_sizes) {
    const ss = new ShuffleSplit({ nSplits: 3, randomState: 0, ...camel(c.kwargs) });
    const folds = ss.split(zeros(c.n));
    assert.is(folds.length, 3);
    for (const [train, test_] of folds) {
      assert.is(train.length, c.n_train, JSON.stringify(c.kwargs));
      assert.is(test_.length, c.n_test);
      assert.is(new Set([...train, ...test_]).size, train.length + test_.length, 'disjoint');
    }
    assert.equal(ss.split(zeros(c.n)), folds);
    assert.is(ss.getNSplits(), 3);
  }
  for (const c of fx.stratified_shuffle) {
    const folds = new StratifiedShuffleSplit({ nSplits: 3, randomState: 0, ...camel(c.kwargs) }).split(
      zeros(c.y.length),
      c.y as never,
    );
    folds.forEach(([train, test_], k) => {
      const counts = (idx: number[]) => c.classes.map((cl) => idx.filter((i) => c.y[i] === cl).length);
      assert.equal(counts(train), c.counts[k]!.train);
      assert.equal(counts(test_), c.counts[k]!.test);
    });
  }
});

test('RepeatedKFold / RepeatedStratifiedKFold: nRepeats x nSplits folds, each repetition a partition, reshuffled', () => {
  assert.equal(
    [new RepeatedKFold({ nSplits: 4, nRepeats: 3 }).getNSplits(), new RepeatedStratifiedKFold().getNSplits()],
    fx.repeated_n_splits,
  );
  const folds = new RepeatedKFold({ nSplits: 3, nRepeats: 2, randomState: 0 }).split(zeros(9));
  assert.is(folds.length, 6);
  for (let r = 0; r < 2; r++)
    assert.equal(
      folds
        .slice(3 * r, 3 * r + 3)
        .flatMap((f) => f[1])
        .sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
  assert.not.equal(folds.slice(0, 3), folds.slice(3, 6), 'the repetitions differ');
  const y = [0, 0, 0, 0, 1, 1, 1, 1, 1];
  const sf = new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 3, randomState: 1 }).split(zeros(9), y);
  assert.is(sf.length, 6);
  for (const [, test_] of sf) {
    assert.is(test_.filter((i) => y[i] === 0).length, 2, 'class 0 split evenly');
    assert.ok([2, 3].includes(test_.filter((i) => y[i] === 1).length), 'class 1 split 2 / 3');
  }
  for (let r = 0; r < 3; r++)
    assert.equal(
      sf
        .slice(2 * r, 2 * r + 2)
        .flatMap((f) => f[1])
        .sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
});

test("splitters' messages are scikit-learn's; wrong-length groups and too many splits are refused", () => {
  const e = allInTsNames(fx.errors);
  assert.is(
    messageOf(() => new GroupKFold(6).split(zeros(10), undefined, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4])),
    e.group_kfold_too_many,
  );
  assert.ok(messageOf(() => new GroupKFold(2).split(zeros(4))).endsWith(e.group_kfold_none!));
  assert.is(
    messageOf(() =>
      crossValScore(new NearestCentroid(), [[0], [0], [0], [0]], [0, 1, 0, 1], {
        groups: [0, 1, 2],
        cv: new GroupKFold(2),
      }),
    ),
    e.group_length,
  );
  assert.match(
    messageOf(() => new GroupKFold(2).split(zeros(4), undefined, [0, 1, 2])),
    /groups has 3 labels for 4 samples/,
  );
  assert.is(
    messageOf(() => new TimeSeriesSplit({ nSplits: 5 }).split(zeros(5))),
    e.time_series_folds,
  );
  assert.is(
    messageOf(() => new TimeSeriesSplit({ nSplits: 3, testSize: 4 }).split(zeros(12))),
    e.time_series_too_many,
  );
  assert.is(
    messageOf(() => new LeaveOneOut().split(zeros(1))),
    e.loo_one,
  );
  assert.is(
    messageOf(() => new RepeatedKFold({ nRepeats: 0 })),
    e.repeats,
  );
  assert.is(
    messageOf(() => new StratifiedGroupKFold(3).split(zeros(4), [0, 0, 1, 1], [0, 1, 2, 3])),
    e.sgkf_classes,
  );
  assert.match(
    messageOf(() => new GroupKFold({ shuffle: true } as never)),
    /unknown option 'shuffle'/,
  );
});

test("learningCurve's train sizes are scikit-learn's (fractions, counts, duplicates removed with a warning)", () => {
  for (const c of fx.train_sizes) assert.equal(translateTrainSizes(c.sizes, c.n_max), c.abs, JSON.stringify(c.sizes));
  assert.ok(warnings.some((w) => w.startsWith("Removed duplicate entries from 'trainSizes'")));
  assert.is(
    messageOf(() => translateTrainSizes([0, 0.5], 10)),
    inTsNames(fx.train_size_errors.fractions),
  );
  assert.is(
    messageOf(() => translateTrainSizes([1, 11], 10)),
    inTsNames(fx.train_size_errors.counts),
  );
});

test('crossValPredict, learningCurve, validationCurve and grouped crossValScore equal scikit-learn (NearestCentroid)', () => {
  const { X, y, groups } = fx.estimator;
  const nc = new NearestCentroid();
  assert.equal(crossValPredict(nc, X, y, { cv: 5 }), fx.estimator.cross_val_predict);
  assert.equal(crossValPredict(nc, X, y, { cv: new KFold(3) }), fx.estimator.cross_val_predict_kfold);
  const lc = learningCurve(nc, X, y, { cv: 5 });
  assert.equal(lc.trainSizes, fx.estimator.learning_curve.train_sizes);
  assert.equal(lc.trainScores, fx.estimator.learning_curve.train_scores);
  assert.equal(lc.testScores, fx.estimator.learning_curve.test_scores);
  const [sizes, tr, te] = fx.estimator.learning_curve_abs;
  const abs = learningCurve(nc, X, y, { cv: new KFold(3), trainSizes: [10, 25, 60], returnTimes: true });
  assert.equal([abs.trainSizes, abs.trainScores, abs.testScores], [sizes, tr, te]);
  assert.is(abs.fitTimes!.length, 3);
  const vc = validationCurve(nc, X, y, {
    paramName: 'metric',
    paramRange: ['euclidean', 'manhattan'],
    cv: new KFold(4),
  });
  assert.equal(vc, {
    trainScores: fx.estimator.validation_curve.train_scores,
    testScores: fx.estimator.validation_curve.test_scores,
  });
  assert.equal(crossValScore(nc, X, y, { cv: new GroupKFold(4), groups }), fx.estimator.group_cv_score);
  assert.equal(
    crossValScore(nc, X, y, { cv: new StratifiedGroupKFold(3), groups }),
    fx.estimator.stratified_group_cv_score,
  );
  const loo = crossValScore(nc, X.slice(0, 30), y.slice(0, 30), { cv: new LeaveOneOut() });
  assert.is(loo.reduce((s, v) => s + v, 0) / loo.length, fx.estimator.loo_score_mean);
  const shuffled = learningCurve(nc, X, y, { cv: 3, trainSizes: [0.5, 1], shuffle: true, randomState: 0 });
  assert.equal(
    shuffled,
    learningCurve(nc, X, y, { cv: 3, trainSizes: [0.5, 1], shuffle: true, randomState: 0 }),
    'seeded',
  );
});

test('groups reach the splitter through crossValidate and GridSearchCV; crossValPredict needs a partition', () => {
  const { X, y, groups } = fx.estimator;
  const seen: unknown[] = [];
  const spy = {
    split: (Xs: unknown, ys: unknown, g: unknown) => (seen.push(g), new GroupKFold(3).split(Xs as never, ys, g)),
  };
  crossValidate(new NearestCentroid(), X, y, { cv: spy, groups });
  const gs = new GridSearchCV({
    estimator: new NearestCentroid(),
    paramGrid: { metric: ['euclidean', 'manhattan'] },
    cv: spy,
  }).fit(X, y, { groups });
  assert.equal(seen, [groups, groups]);
  assert.is(gs.cvResults_.params.length, 2);
  assert.throws(
    () => crossValPredict(new NearestCentroid(), X, y, { cv: new ShuffleSplit({ nSplits: 2, randomState: 0 }) }),
    /cross_val_predict only works for partitions/,
  );
});

test('crossValPredict with predictProba aligns the columns of a fold that lacks a class', () => {
  class Proba extends NearestCentroid {
    predictProba(X: number[][]): number[][] {
      return X.map(() =>
        this.classes_.map((_, k) => (k + 1) / ((this.classes_.length * (this.classes_.length + 1)) / 2)),
      );
    }
  }
  const X = zeros(6),
    y = [0, 0, 1, 1, 2, 2];
  warnings.length = 0;
  const p = crossValPredict(new Proba(), X, y, {
    cv: [
      [
        [0, 1, 2, 3],
        [4, 5],
      ],
      [
        [2, 3, 4, 5],
        [0, 1],
      ],
      [
        [0, 1, 4, 5],
        [2, 3],
      ],
    ],
    method: 'predictProba',
  });
  assert.equal(p[4], [1 / 3, 2 / 3, 0], 'the fold trained on classes 0 and 1 fills class 2 with 0');
  assert.equal(p[0], [0, 1 / 3, 2 / 3]);
  assert.ok(
    warnings.some((w) =>
      w.startsWith('Number of classes in training fold (2) does not match total number of classes (3)'),
    ),
  );
});

test('summary', () => {
  console.log(
    `  splitters vs scikit-learn 1.2.1: ${exactFolds} folds identical (GroupKFold, StratifiedGroupKFold, TimeSeriesSplit)`,
  );
  assert.ok(exactFolds > 40);
});

test.run();

// crossValScore / crossValidate / GridSearchCV / RandomizedSearchCV: folds, determinism, scoring, searches over a Pipeline(StandardScaler, MLP)
// and a KerasClassifier's routed + user parameters, cvResults_ shape and ranks, refit, progress, the valid-parameter error. Tiny data, few epochs.
import { binaryClassifier } from '../helpers/models.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  crossValScore,
  crossValidate,
  GridSearchCV,
  RandomizedSearchCV,
  ParameterGrid,
  ParameterSampler,
  distributions,
  isClassifier,
  type CvResults,
  type SearchProgress,
} from '../../src/estimators/model-selection/index.ts';
import { Pipeline, makePipeline } from '../../src/estimators/pipeline/pipeline.ts';
import { StandardScaler } from '../../src/estimators/preprocessing/index.ts';
import { MLPClassifier, MLPRegressor, type MLPParams } from '../../src/estimators/neural-network/index.ts';
import { KerasClassifier } from '../../src/estimators/wrappers/index.ts';
import { BaseEstimator, clone } from '../../src/estimators/base.ts';
import { KFold, StratifiedKFold } from '../../src/estimators/model-selection/split.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { NotFittedError, ValueError } from '../../src/core/errors.ts';
import { Rng } from '../../src/tensor/rng.ts';
import { loadCsv } from '../helpers/data.ts';
import { allclose } from '../helpers/allclose.ts';

// MLPParams types each default as its literal (maxIter: 200), so other values need this cast.

const warnings: string[] = [];
setWarningHandler((c, m) => {
  if (c !== 'ConvergenceWarning') warnings.push(`${c}: ${m}`);
});

const cancer = loadCsv('breast_cancer');
const X = cancer.X.slice(0, 120),
  y = cancer.y.slice(0, 120);

const mlp = (p: MLPParams = {}): MLPClassifier =>
  new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 15, randomState: 0, ...p });
const scaledMlp = (): Pipeline =>
  new Pipeline({
    steps: [
      ['scaler', new StandardScaler()],
      ['mlp', mlp()],
    ],
  });

/** A fast estimator for the search logic: predicts the label its `bias` parameter names, scored by a lookup. */
class Constant extends BaseEstimator {
  static override readonly defaults = Object.freeze({ bias: 0, fail: false });
  declare bias: number;
  declare fail: boolean;
  declare fitted_: boolean;
  constructor(p: Record<string, unknown> = {}) {
    super(p);
  }
  declare seen_: number[];
  fit(Xf: unknown[], _y?: unknown, opts: { sampleWeight?: number[] } = {}): this {
    if (this.fail) throw new Error('bias rejected');
    if (opts.sampleWeight !== undefined && opts.sampleWeight.length !== Xf.length)
      throw new Error('sampleWeight not split with X');
    this.seen_ = opts.sampleWeight ?? [];
    this.fitted_ = true;
    return this;
  }
  predict(Xp: unknown[]): number[] {
    return Xp.map(() => this.bias);
  }
  score(): number {
    return [0.5, 0.9, 0.9, 0.1][this.bias] as number;
  }
  static override readonly estimatorType = 'classifier' as const;
}

test('crossValScore: one score per fold, for an integer, a KFold, a StratifiedKFold and explicit folds', () => {
  const pipe = scaledMlp();
  assert.is(crossValScore(pipe, X, y, { cv: 3 }).length, 3);
  assert.is(crossValScore(pipe, X, y, { cv: new KFold({ nSplits: 4, shuffle: true, randomState: 1 }) }).length, 4);
  assert.is(crossValScore(pipe, X, y, { cv: new StratifiedKFold(2) }).length, 2);
  const half = Array.from({ length: 60 }, (_, i) => i),
    rest = Array.from({ length: 60 }, (_, i) => 60 + i);
  assert.is(
    crossValScore(pipe, X, y, {
      cv: [
        [half, rest],
        [rest, half],
      ],
    }).length,
    2,
  );
  for (const s of crossValScore(pipe, X, y)) assert.ok(s >= 0 && s <= 1);
  assert.is(crossValScore(pipe, X, y).length, 5, 'default cv is 5 folds');
});

test('crossValScore is deterministic with seeded estimator and folds; the estimator itself is never fitted', () => {
  const pipe = scaledMlp();
  const cv = () => new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 42 });
  assert.equal(crossValScore(pipe, X, y, { cv: cv() }), crossValScore(pipe, X, y, { cv: cv() }));
  assert.is((pipe.namedSteps.mlp as MLPClassifier).initialized_, false);
});

test("an integer cv is stratified for classifiers and plain KFold for regressors (scikit-learn's check_cv)", () => {
  const sorted = [...y].sort((a, b) => a - b);
  const share = (_e: unknown, _X: unknown, yt: unknown): number =>
    (yt as number[]).filter((v) => v === 1).length / (yt as number[]).length;
  const overall = share(null, null, sorted);
  for (const s of crossValScore(new Constant(), X, sorted, { cv: 4, scoring: share }))
    assert.ok(Math.abs(s - overall) < 0.05, `stratified fold share ${s} vs ${overall}`);
  const reg = crossValScore(new MLPRegressor({ maxIter: 2, hiddenLayerSizes: [2] }), X, sorted, {
    cv: 4,
    scoring: share,
  });
  assert.ok(
    reg[0] === 0 && reg[3] === 1,
    `unstratified consecutive folds of sorted labels: first all 0, last all 1 (got ${reg})`,
  );
  assert.ok(isClassifier(scaledMlp()) && isClassifier(new KerasClassifier()) && !isClassifier(new MLPRegressor()));
});

test('crossValidate: test, train, fit and score times and the fitted fold estimators', () => {
  const r = crossValidate(scaledMlp(), X, y, {
    cv: 3,
    returnTrainScore: true,
    returnEstimator: true,
    scoring: 'accuracy',
  });
  for (const k of ['testScore', 'trainScore', 'fitTime', 'scoreTime', 'estimator'] as const)
    assert.is(r[k]!.length, 3, k);
  assert.ok(r.fitTime.every((t) => t >= 0) && r.scoreTime.every((t) => t >= 0));
  assert.ok((r.estimator![0] as Pipeline).namedSteps.mlp !== (r.estimator![1] as Pipeline).namedSteps.mlp);
  assert.ok(((r.estimator![0] as Pipeline).namedSteps.mlp as MLPClassifier).initialized_);
  const plain = crossValidate(scaledMlp(), X, y, { cv: 3 });
  assert.is(plain.trainScore, undefined);
  allclose(plain.testScore, r.testScore, { atol: 0, rtol: 0, msg: 'null scoring = estimator.score = accuracy' });
});

test('scoring by name (probability scorers included) and by function', () => {
  const ll = crossValScore(scaledMlp(), X, y, { cv: 3, scoring: 'neg_log_loss' });
  assert.ok(ll.every((v) => v < 0));
  const auc = crossValScore(scaledMlp(), X, y, { cv: 3, scoring: 'roc_auc' });
  assert.ok(auc.every((v) => v >= 0 && v <= 1));
  assert.equal(
    crossValScore(scaledMlp(), X, y, { cv: 3, scoring: (_e, Xt) => (Xt as unknown[]).length }),
    [40, 40, 40],
  );
  assert.throws(
    () => crossValScore(scaledMlp(), X, y, { cv: 3, scoring: 'acuracy' }),
    /'acuracy' is not a valid scoring value/,
  );
  assert.throws(
    () => crossValScore(scaledMlp(), X, y, { cv: 3, scoring: (() => 'high') as never }),
    /scoring must return a number, got 'high' instead/,
  );
  assert.throws(
    () => crossValScore(scaledMlp(), X, y, { cv: 3, scorng: 'accuracy' } as never),
    /crossValScore: unknown option 'scorng'/,
  );
});

test("crossValidate with several scorings fits once per fold and gives each scoring's scores (scikit-learn's test_<name>)", () => {
  const r = crossValidate(scaledMlp(), X, y, { cv: 3, scoring: ['accuracy', 'f1_macro'], returnTrainScore: true });
  assert.equal(Object.keys(r.testScores), ['accuracy', 'f1_macro']);
  assert.equal(r.testScores.accuracy, crossValScore(scaledMlp(), X, y, { cv: 3, scoring: 'accuracy' }));
  assert.equal(r.testScores.f1_macro, crossValScore(scaledMlp(), X, y, { cv: 3, scoring: 'f1_macro' }));
  assert.equal(
    r.trainScores?.accuracy,
    crossValidate(scaledMlp(), X, y, { cv: 3, scoring: 'accuracy', returnTrainScore: true }).trainScore,
  );
  assert.is(r.fitTime.length, 3);
  const named = crossValidate(scaledMlp(), X, y, {
    cv: 3,
    scoring: { acc: 'accuracy', rows: (_e, Xt) => (Xt as unknown[]).length },
  });
  assert.equal(named.testScores.rows, [40, 40, 40]);
  assert.equal(named.testScores.acc, r.testScores.accuracy);
  assert.throws(() => crossValidate(scaledMlp(), X, y, { cv: 3, scoring: [] }), /scoring: an empty list was given/);
  assert.throws(
    () => crossValidate(scaledMlp(), X, y, { cv: 3, scoring: ['accuracy', 'accuracy'] }),
    /a list must hold unique scoring names/,
  );
  assert.throws(
    () => crossValScore(scaledMlp(), X, y, { cv: 3, scoring: ['accuracy'] as never }),
    /crossValScore takes one scoring .* Use crossValidate for several/,
  );
});

test('fold-count problems follow scikit-learn: warning for a small class, errors for too many folds', () => {
  const ySmall = y.map((_, i) => (i < 3 ? 1 : 0));
  warnings.length = 0;
  crossValScore(new Constant(), X, ySmall, { cv: 5 });
  assert.ok(
    warnings.some((w) =>
      w.includes('The least populated class in y has only 3 members, which is less than nSplits=5.'),
    ),
    warnings.join('\n'),
  );
  assert.throws(
    () => crossValScore(new Constant(), X.slice(0, 4), [0, 0, 1, 1], { cv: 3 }),
    /nSplits=3 cannot be greater than the number of members in each class/,
  );
  assert.throws(
    () => crossValScore(new MLPRegressor(), X.slice(0, 4), [0, 0.5, 1, 1.5], { cv: 5 }),
    /Cannot have number of splits nSplits=5 greater than the number of samples: nSamples=4/,
  );
  assert.throws(
    () => crossValScore(new Constant(), X, y.slice(1), { cv: 3 }),
    /inconsistent numbers of samples: \[120, 119\]/,
  );
});

test('fit arguments with one entry per sample are split with the folds; others pass through', () => {
  const w = X.map((_, i) => i);
  const r = crossValidate(new Constant(), X, y, { cv: 3, fitParams: { sampleWeight: w }, returnEstimator: true });
  const seen = (r.estimator as Constant[]).map((e) => e.seen_);
  assert.equal(
    seen.map((s) => s.length),
    [80, 80, 80],
  );
  assert.equal(
    [...new Set(seen.flat())].sort((a, b) => a - b),
    w,
    'every weight used by some training fold',
  );
  const gs = new GridSearchCV({ estimator: new Constant(), paramGrid: { bias: [1] }, cv: 3 }).fit(X, y, {
    sampleWeight: w,
  });
  assert.is((gs.bestEstimator_ as Constant).seen_.length, 120, 'the refit sees all the weights');
});

test('GridSearchCV over a Pipeline(StandardScaler, MLPClassifier): cvResults_ shape, order, ranks, best, refit and delegation', () => {
  const pipe = scaledMlp();
  const progress: SearchProgress[] = [];
  const gs = new GridSearchCV({
    estimator: pipe,
    paramGrid: { mlp__hiddenLayerSizes: [[2], [6]], mlp__alpha: [1e-4, 1e-1] },
    cv: 3,
    onProgress: (p) => progress.push(p),
  }).fit(X, y);
  const r = gs.cvResults_;
  assert.equal(
    r.params,
    [
      { mlp__alpha: 1e-4, mlp__hiddenLayerSizes: [2] },
      { mlp__alpha: 1e-4, mlp__hiddenLayerSizes: [6] },
      { mlp__alpha: 1e-1, mlp__hiddenLayerSizes: [2] },
      { mlp__alpha: 1e-1, mlp__hiddenLayerSizes: [6] },
    ],
    'sorted keys, last varying fastest',
  );
  for (const k of [
    'meanFitTime',
    'stdFitTime',
    'meanScoreTime',
    'stdScoreTime',
    'meanTestScore',
    'stdTestScore',
    'rankTestScore',
    'split0TestScore',
    'split1TestScore',
    'split2TestScore',
    'paramMlp__alpha',
    'paramMlp__hiddenLayerSizes',
  ]) {
    assert.is(r[k]?.length, 4, k);
  }
  // One naming style: every key camelCase, no snake_case left from scikit-learn's cv_results_.
  assert.equal(
    Object.keys(r).filter((k) => k.includes('_') && !k.includes('__')),
    [],
  );
  assert.equal(r.paramMlp__alpha, [1e-4, 1e-4, 1e-1, 1e-1]);
  for (let c = 0; c < 4; c++) {
    const s = [0, 1, 2].map((k) => r[`split${k}TestScore`][c] as number);
    const m = (s[0]! + s[1]! + s[2]!) / 3;
    allclose(r.meanTestScore[c]!, m, { atol: 1e-15 });
    allclose(r.stdTestScore[c]!, Math.sqrt(s.reduce((a, v) => a + (v - m) ** 2, 0) / 3), {
      atol: 1e-15,
      msg: 'population std',
    });
  }
  const best = Math.max(...r.meanTestScore);
  assert.is(gs.bestScore_, best);
  assert.is(r.rankTestScore[gs.bestIndex_], 1);
  assert.is(gs.bestIndex_, r.meanTestScore.indexOf(best));
  assert.equal(gs.bestParams_, r.params[gs.bestIndex_]);
  assert.is(gs.nSplits_, 3);
  const be = gs.bestEstimator_;
  assert.equal((be.namedSteps.mlp as MLPClassifier).hiddenLayerSizes, gs.bestParams_.mlp__hiddenLayerSizes);
  assert.is((be.namedSteps.mlp as MLPClassifier).alpha, gs.bestParams_.mlp__alpha);
  assert.equal(gs.predict(X), be.predict(X));
  assert.equal(gs.predictProba(X.slice(0, 3)), be.predictProba(X.slice(0, 3)));
  assert.is(gs.score(X, y), be.score(X, y));
  assert.equal(gs.classes_, [0, 1]);
  assert.is((pipe.namedSteps.mlp as MLPClassifier).initialized_, false, 'candidates are fitted on clones');
  assert.is((pipe.namedSteps.mlp as MLPClassifier).alpha, 1e-4, "the estimator's own params are untouched");
  assert.equal(
    progress.map((p) => [p.candidate, p.nCandidates, p.testScores.length]),
    [
      [0, 4, 3],
      [1, 4, 3],
      [2, 4, 3],
      [3, 4, 3],
    ],
  );
  assert.is(progress[2]!.meanTestScore, r.meanTestScore[2]);
});

test("GridSearchCV over a KerasClassifier's routed optimizer__learningRate and user hiddenLayerSizes", () => {
  const clf = new KerasClassifier({
    model: binaryClassifier,
    hiddenLayerSizes: [4],
    optimizer: 'adam',
    epochs: 3,
    verbose: 0,
    randomState: 0,
  });
  const gs = new GridSearchCV({
    estimator: clf,
    paramGrid: { optimizer__learningRate: [1e-3, 3e-2], hiddenLayerSizes: [[2], [5]] },
    cv: 3,
  }).fit(new StandardScaler().fitTransform(X), y);
  assert.is(gs.cvResults_.params.length, 4);
  const best = gs.bestEstimator_ as KerasClassifier;
  assert.is(best.model_.optimizer.learningRate, gs.bestParams_.optimizer__learningRate);
  const units = best.model_
    .toJSON()
    .layers.filter((l) => l.className === 'Dense')
    .map((l) => l.config.units);
  assert.equal(units, [...(gs.bestParams_.hiddenLayerSizes as number[]), 1]);
  assert.is(
    (clf as unknown as Record<string, unknown>).optimizer__learningRate,
    undefined,
    'routed key set on clones only',
  );
  const viaModel = new GridSearchCV({
    estimator: new KerasClassifier({
      model: binaryClassifier,
      optimizer: 'adam',
      epochs: 1,
      verbose: 0,
      randomState: 0,
    }),
    paramGrid: { model__hiddenLayerSizes: [[3]] },
    cv: 2,
  }).fit(X, y);
  assert.equal(
    (viaModel.bestEstimator_ as KerasClassifier).model_
      .toJSON()
      .layers.filter((l) => l.className === 'Dense')
      .map((l) => l.config.units),
    [3, 1],
  );
});

test('unknown parameter names in a grid throw before any fit, listing the valid ones', () => {
  assert.throws(
    () => new GridSearchCV({ estimator: mlp(), paramGrid: { alhpa: [1] } }).fit(X, y),
    (e: Error) =>
      e instanceof ValueError &&
      /GridSearchCV: invalid parameter 'alhpa' for estimator MLPClassifier. Valid parameters are: activation, alpha, batchSize/.test(
        e.message,
      ),
  );
  assert.throws(
    () => new GridSearchCV({ estimator: scaledMlp(), paramGrid: { mlp__alhpa: [1] } }).fit(X, y),
    /invalid parameter 'mlp__alhpa' for estimator Pipeline. Valid parameters are: mlp, mlp__activation, mlp__alpha/,
  );
  const k = new KerasClassifier({ model: binaryClassifier, verbose: 0 });
  assert.throws(
    () => new GridSearchCV({ estimator: k, paramGrid: { hiddenLayerSizes: [[4]] } }).fit(X, y),
    (e: Error) =>
      /invalid parameter 'hiddenLayerSizes' for estimator KerasClassifier/.test(e.message) &&
      /also accepts routed parameters '<prefix>__<name>'/.test(e.message) &&
      /searched as 'model__hiddenLayerSizes'/.test(e.message),
  );
  assert.throws(
    () =>
      new RandomizedSearchCV({
        estimator: makePipeline(new StandardScaler(), k),
        paramDistributions: { kerasclassifier__units: [4] },
        nIter: 1,
      }).fit(X, y),
    /KerasClassifier \(at 'kerasclassifier'\) also accepts routed parameters 'kerasclassifier__<prefix>__<name>'/,
  );
});

test("ranks use scikit-learn's min method for ties; failed fits score errorScore with a warning, rank last, or raise", () => {
  const gs = new GridSearchCV({ estimator: new Constant(), paramGrid: { bias: [0, 1, 2, 3] }, cv: 2 }).fit(X, y);
  assert.equal(gs.cvResults_.meanTestScore, [0.5, 0.9, 0.9, 0.1]);
  assert.equal(gs.cvResults_.rankTestScore, [3, 1, 1, 4]);
  assert.is(gs.bestIndex_, 1);
  warnings.length = 0;
  const failing = new GridSearchCV({
    estimator: new Constant(),
    paramGrid: [{ bias: [0, 1] }, { bias: [3], fail: [true] }],
    cv: 2,
  }).fit(X, y);
  assert.equal(failing.cvResults_.rankTestScore, [2, 1, 3]);
  assert.ok(Number.isNaN(failing.cvResults_.meanTestScore[2]));
  assert.equal(failing.cvResults_.paramFail, [undefined, undefined, true]);
  assert.ok(
    warnings.some((w) => w.includes('2 fits failed out of a total of 6') && w.includes('Error: bias rejected')),
    warnings.join('\n'),
  );
  assert.throws(
    () => new GridSearchCV({ estimator: new Constant({ fail: true }), paramGrid: { bias: [0] }, cv: 2 }).fit(X, y),
    /All the 2 fits failed/,
  );
  assert.throws(
    () =>
      new GridSearchCV({
        estimator: new Constant({ fail: true }),
        paramGrid: { bias: [0] },
        cv: 2,
        errorScore: 'raise',
      }).fit(X, y),
    /^bias rejected$/,
  );
  assert.equal(
    new GridSearchCV({
      estimator: new Constant({ fail: true }),
      paramGrid: { bias: [0], fail: [false] },
      cv: 2,
      errorScore: -1,
      returnTrainScore: true,
    }).fit(X, y).cvResults_.meanTrainScore,
    [0.5],
  );
});

test('refit: false keeps no best estimator; predict then explains; verbose prints a line per candidate', () => {
  const gs = new GridSearchCV({ estimator: new Constant(), paramGrid: { bias: [0, 1] }, cv: 2, refit: false }).fit(
    X,
    y,
  );
  assert.is(gs.bestEstimator_, undefined);
  assert.equal(gs.bestParams_, { bias: 1 });
  assert.throws(
    () => gs.predict(X),
    (e: Error) =>
      e instanceof NotFittedError &&
      /initialized with refit=false. predict is available only after refitting/.test(e.message),
  );
  assert.throws(
    () => new GridSearchCV({ estimator: new Constant(), paramGrid: { bias: [0] } }).predict(X),
    (e: Error) => e instanceof NotFittedError,
  );
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => {
    lines.push(a.join(' '));
  };
  try {
    new GridSearchCV({ estimator: new Constant(), paramGrid: { bias: [0, 1, 2] }, cv: 2, verbose: 1 }).fit(X, y);
  } finally {
    console.log = log;
  }
  assert.is(lines[0], 'Fitting 2 folds for each of 3 candidates, totalling 6 fits');
  assert.is(lines.length, 4);
  assert.match(
    lines[2] as string,
    /^\[GridSearchCV\] candidate 2\/3 \{bias=1\}: mean test score 0.9000 \(std 0.0000\)/,
  );
});

test('RandomizedSearchCV: seeded draws from lists (without replacement) and distributions', () => {
  const mk = (randomState: number, nIter = 3) =>
    new RandomizedSearchCV({
      estimator: new Constant(),
      paramDistributions: { bias: [0, 1, 2, 3] },
      nIter,
      randomState,
      cv: 2,
    }).fit(X, y);
  const a = mk(7),
    b = mk(7);
  assert.equal(a.cvResults_.params, b.cvResults_.params);
  assert.is(new Set(a.cvResults_.params.map((p) => p.bias)).size, 3, 'no repeats');
  warnings.length = 0;
  assert.is(mk(1, 10).cvResults_.params.length, 4);
  assert.ok(
    warnings.some((w) => w.includes('The total space of parameters 4 is smaller than nIter=10. Running 4 iterations.')),
  );
  const draws = new ParameterSampler(
    {
      lr: distributions.loguniform(1e-4, 1e-1),
      units: [8, 16],
      seed: distributions.randint(0, 3),
      u: distributions.uniform(2, 1),
    },
    50,
    0,
  ).toArray();
  assert.is(draws.length, 50);
  for (const d of draws) {
    assert.ok((d.lr as number) >= 1e-4 && (d.lr as number) < 1e-1);
    assert.ok(
      [8, 16].includes(d.units as number) &&
        [0, 1, 2].includes(d.seed as number) &&
        (d.u as number) >= 2 &&
        (d.u as number) < 3,
    );
  }
  assert.equal(
    new ParameterSampler({ lr: distributions.loguniform(1e-4, 1e-1) }, 5, new Rng(3)).toArray(),
    new ParameterSampler({ lr: distributions.loguniform(1e-4, 1e-1) }, 5, 3).toArray(),
  );
  assert.throws(
    () => new ParameterSampler({ lr: 0.1 as never }, 2),
    /Parameter grid for parameter 'lr' is not an array or a distribution/,
  );
});

test("ParameterGrid: size, indexing, lists of grids and scikit-learn's errors", () => {
  const g = new ParameterGrid([{ b: [1, 2], a: ['x', 'y', 'z'] }, { c: [true] }, {}]);
  assert.is(g.length, 8);
  assert.equal(g.at(0), { a: 'x', b: 1 });
  assert.equal(g.at(1), { a: 'x', b: 2 });
  assert.equal(g.at(6), { c: true });
  assert.equal(g.at(7), {});
  assert.equal(g.toArray().length, 8);
  assert.throws(() => g.at(8), /index out of range/);
  assert.throws(
    () => new ParameterGrid({ a: 1 as never }),
    /Parameter grid for parameter 'a' needs to be an array, but got 1 instead. Single values need to be wrapped/,
  );
  assert.throws(() => new ParameterGrid({ a: [] }), /need to be a non-empty sequence, got: \[\]/);
});

test('searches are estimators: nested params, clone and setParams reach the inner pipeline', () => {
  const gs = new GridSearchCV({ estimator: scaledMlp(), paramGrid: { mlp__alpha: [1e-3] }, cv: 2 });
  const deep = gs.getParams({ deep: true });
  assert.ok('estimator__mlp__alpha' in deep && 'paramGrid' in deep && 'cv' in deep);
  gs.setParams({ estimator__mlp__maxIter: 3 });
  const c = clone(gs);
  assert.ok(c.estimator !== gs.estimator);
  assert.is(c.getParams({ deep: true }).estimator__mlp__maxIter, 3);
  assert.ok(isClassifier(c));
  const r: CvResults = c.fit(X, y).cvResults_;
  assert.is(r.params.length, 1);
});

test.run();

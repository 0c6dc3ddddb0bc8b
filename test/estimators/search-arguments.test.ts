// Searches and cross-validation beyond the scikit-learn fixtures: refused parameters, nJobs, seeds and
// scorer objects, and fitAsync (the same results as fit, progress, aborts, an aborted refit).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MLPClassifier,
  GridSearchCV,
  RandomizedSearchCV,
  Pipeline,
  StandardScaler,
  crossValidate,
  crossValScore,
  getScorer,
  KFold,
} from '../../src/estimators/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

setWarningHandler(() => {});
const iris = splitEveryFourth(loadCsv('iris'));
const [X] = standardize(iris.Xtr) as [number[][]];
const y = iris.ytr;

test('searches refuse unknown or snake_case constructor parameters (scikit-learn: TypeError)', () => {
  const mlp = new MLPClassifier({ maxIter: 5 });
  assert.throws(
    () => new RandomizedSearchCV({ estimator: mlp, paramDistributions: { alpha: [1, 2] }, n_iter: 2 } as never),
    /RandomizedSearchCV got an unexpected parameter 'n_iter' \(parameters are camelCase here: did you mean 'nIter'\?\)/,
  );
  assert.throws(
    () => new GridSearchCV({ estimator: mlp, paramGrid: { alpha: [1] }, error_score: 'raise' } as never),
    /did you mean 'errorScore'/,
  );
});

test('nJobs is accepted and checked; seeds are checked where they are given; scorer objects and multi-metric scorings', () => {
  assert.is(
    new GridSearchCV({ estimator: new MLPClassifier({ maxIter: 2 }), paramGrid: { alpha: [1] }, nJobs: -1 }).getParams()
      .nJobs,
    -1,
  );
  assert.throws(
    () => crossValScore(new MLPClassifier({ maxIter: 2 }), X, y, { cv: 2, nJobs: 1.5 }),
    /crossValidate: 'nJobs' must be an integer or null. Got 1.5 instead./,
  );
  assert.throws(
    () => new KFold({ nSplits: 2, shuffle: true, randomState: 2 ** 53 }).split(X),
    /KFold: randomState must be an integer in \[0, 4294967295\], an Rng or null/,
  );
  const byObject = crossValScore(new MLPClassifier({ maxIter: 5, randomState: 0 }), X, y, {
    cv: 2,
    scoring: getScorer('accuracy'),
  });
  assert.equal(
    byObject,
    crossValScore(new MLPClassifier({ maxIter: 5, randomState: 0 }), X, y, { cv: 2, scoring: 'accuracy' }),
  );
  assert.throws(
    () =>
      crossValidate(new MLPClassifier({ maxIter: 2 }), X, y, {
        cv: 2,
        scoring: { bad: () => 'x' as unknown as number },
      }),
    /scoring\['bad'\] must return a number, got 'x' instead./,
  );
});

test('GridSearchCV fitAsync: the same results as fit, progress while it runs, and a signal stops the search', async () => {
  const pipe = () =>
    new Pipeline({
      steps: [
        ['scaler', new StandardScaler()],
        ['mlp', new MLPClassifier({ hiddenLayerSizes: [6], maxIter: 20, randomState: 0 })],
      ],
    });
  const search = () => new GridSearchCV({ estimator: pipe(), paramGrid: { mlp__alpha: [1e-4, 1e-1] }, cv: 3 });
  const a = search().fit(X, y);
  const seen: number[] = [];
  const b = new GridSearchCV({
    estimator: pipe(),
    paramGrid: { mlp__alpha: [1e-4, 1e-1] },
    cv: 3,
    onProgress: (p) => seen.push(p.candidate),
  });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    await b.fitAsync(X, y);
  } finally {
    clearInterval(timer);
  }
  assert.equal(b.cvResults_.meanTestScore, a.cvResults_.meanTestScore);
  assert.equal(b.bestParams_, a.bestParams_);
  assert.equal((b.bestEstimator_ as Pipeline).predict(X), (a.bestEstimator_ as Pipeline).predict(X));
  assert.equal(seen, [0, 1]);
  assert.ok(ticks > 0, 'the event loop turned during the search');
  const ctrl = new AbortController();
  ctrl.abort();
  try {
    await search().fitAsync(X, y, { signal: ctrl.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
});

test('a search aborted during its refit keeps the results of its previous fit, all of them', async () => {
  const grid = (alpha: number[]) => ({
    estimator: new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 5, randomState: 0 }),
    paramGrid: { alpha },
    cv: 2,
  });
  const search = new GridSearchCV(grid([1e-4])).fit(X, y);
  const before = { params: search.bestParams_, alpha: (search.bestEstimator_ as MLPClassifier).alpha };
  const late = new AbortController();
  search.setParams({ paramGrid: { alpha: [0.5] }, onProgress: () => late.abort() }); // aborts after the last candidate, before the refit
  try {
    await search.fitAsync(X, y, { signal: late.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
  assert.equal(search.bestParams_, before.params);
  assert.is((search.bestEstimator_ as MLPClassifier).alpha, before.alpha);
});

test.run();

// nJobs: searches, crossValidate and the learning and validation curves fitted on the fit workers of
// scikeras-ts/threads give what one thread gives, bit for bit (cvResults_ but its times, bestParams_, the
// best estimator's predictions, crossValidate's scores and estimators, the curves), through fit and fitAsync; fits that cannot travel (a build
// function closure, a class registered without workerModule) or nJobs with no pool run one after another
// with one warning; a registered user class with workerModule is fitted in workers; a worker that throws
// or ends is a library error, never a hang; a process exits after a parallel fit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GridSearchCV, RandomizedSearchCV } from '../../src/estimators/model-selection/search.ts';
import { crossValidate, crossValScore } from '../../src/estimators/model-selection/cross-validation.ts';
import { learningCurve, validationCurve } from '../../src/estimators/model-selection/curves.ts';
import type { CvResults } from '../../src/estimators/model-selection/search-results.ts';
import { makePipeline } from '../../src/estimators/pipeline/pipeline.ts';
import { StandardScaler } from '../../src/estimators/preprocessing/index.ts';
import { MLPClassifier } from '../../src/estimators/neural-network/index.ts';
import { KerasClassifier } from '../../src/estimators/wrappers/index.ts';
import type { StepEstimator } from '../../src/estimators/base.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { ThreadError, ValueError } from '../../src/core/errors.ts';
import { useSingleThread, useThreads } from '../../src/threads/index.ts';
import { binaryClassifier } from '../helpers/models.ts';
import { loadCsv } from '../helpers/data.ts';
import { ExitingMLP, LocalMLP, ThreadAwareMLP, ThrowingMLP } from './njobs-fixtures.ts';

const iris = loadCsv('iris');
const X = iris.X,
  y = iris.y;
const REGISTER = fileURLToPath(new URL('./tsx-register.mjs', import.meta.url));
const workerImports = [new URL('./tsx-register.mjs', import.meta.url).href];

/** Runs f collecting warnings (category: message). */
function warnings<T>(f: () => T): [T, string[]] {
  const seen: string[] = [];
  const prev = setWarningHandler((c, m) => seen.push(`${c}: ${m}`));
  try {
    return [f(), seen];
  } finally {
    setWarningHandler(prev);
  }
}

async function warningsAsync<T>(f: () => Promise<T>): Promise<[T, string[]]> {
  const seen: string[] = [];
  const prev = setWarningHandler((c, m) => seen.push(`${c}: ${m}`));
  try {
    return [await f(), seen];
  } finally {
    setWarningHandler(prev);
  }
}

/** cvResults_ without its timing columns. */
function untimed(r: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([k]) => !/Time$/.test(k)));
}

const mlp = (): MLPClassifier => new MLPClassifier({ hiddenLayerSizes: [6], maxIter: 40, randomState: 0 });
const grid = { alpha: [1e-4, 1e-1], learningRateInit: [1e-3, 1e-2] };

test('nJobs with no pool running: one warning naming useThreads, the fits run one after another', () => {
  const [gs, seen] = warnings(() => new GridSearchCV(mlp(), grid, { cv: 3, nJobs: 2 }).fit(X, y));
  const mentions = seen.filter((w) => w.includes('useThreads'));
  assert.is(mentions.length, 1, seen.join('\n'));
  assert.match(mentions[0] as string, /nJobs=2.*one after another.*scikeras-ts\/threads/s);
  const [seq] = warnings(() => new GridSearchCV(mlp(), grid, { cv: 3 }).fit(X, y));
  assert.equal(untimed(gs.cvResults_), untimed(seq.cvResults_));
});

test('start the pool (2 threads, fit workers loading the sources through tsx)', async () => {
  const r = await useThreads({ threads: 2, workerImports });
  assert.is(r.threads, 2, r.reason);
});

test('GridSearchCV nJobs 2 (fit): cvResults_ but its times, bestParams_ and predictions equal one thread', () => {
  const [seq, w1] = warnings(() => new GridSearchCV(mlp(), grid, { cv: 3, returnTrainScore: true }).fit(X, y));
  const [par, w2] = warnings(() =>
    new GridSearchCV(mlp(), grid, { cv: 3, returnTrainScore: true, nJobs: 2 }).fit(X, y),
  );
  assert.equal(untimed(par.cvResults_), untimed(seq.cvResults_));
  assert.equal(par.bestParams_, seq.bestParams_);
  assert.is(par.bestScore_, seq.bestScore_);
  assert.equal(par.predictProba(X), seq.predictProba(X));
  // The workers' warnings (ConvergenceWarning of the short fits) come back, in the order one thread gives them.
  assert.ok(w1.length > 0);
  assert.equal(w2, w1);
});

test('RandomizedSearchCV nJobs -1 over a Pipeline (fitAsync) equals one thread, onProgress in candidate order', async () => {
  const pipe = () => makePipeline(new StandardScaler(), mlp());
  const space = { mlpclassifier__alpha: [1e-4, 1e-3, 1e-2, 1e-1], mlpclassifier__hiddenLayerSizes: [[4], [8]] };
  const seq = new RandomizedSearchCV(pipe(), space, { nIter: 5, randomState: 3, cv: 3 });
  await warningsAsync(() => seq.fitAsync(X, y));
  const order: number[] = [];
  const par = new RandomizedSearchCV(pipe(), space, {
    nIter: 5,
    randomState: 3,
    cv: 3,
    nJobs: -1,
    onProgress: (p) => order.push(p.candidate),
  });
  await warningsAsync(() => par.fitAsync(X, y));
  assert.equal(untimed(par.cvResults_), untimed(seq.cvResults_));
  assert.equal(order, [0, 1, 2, 3, 4]);
  assert.equal(par.predict(X), seq.predict(X));
});

test('crossValidate nJobs 2: same scores (several scorings, train scores) and fitted estimators', () => {
  const opts = { cv: 4, scoring: ['accuracy', 'f1_macro'], returnTrainScore: true, returnEstimator: true } as const;
  const [seq] = warnings(() => crossValidate(mlp(), X, y, { ...opts, scoring: [...opts.scoring] }));
  const [par] = warnings(() => crossValidate(mlp(), X, y, { ...opts, scoring: [...opts.scoring], nJobs: 2 }));
  assert.equal(par.testScores, seq.testScores);
  assert.equal(par.trainScores, seq.trainScores);
  assert.is(par.estimator?.length, 4);
  par.estimator?.forEach((e, i) => assert.equal(e.predictProba(X), seq.estimator?.[i]?.predictProba(X)));
  const [s1] = warnings(() => crossValScore(mlp(), X, y, { cv: 3 }));
  const [s2] = warnings(() => crossValScore(mlp(), X, y, { cv: 3, nJobs: 2 }));
  assert.equal(s2, s1);
});

test('learningCurve nJobs 2 (shuffled folds, fractions and counts): sizes, scores and warnings equal one thread', () => {
  const opts = { cv: 3, trainSizes: [0.3, 0.6, 1], shuffle: true, randomState: 2, returnTimes: true };
  const [seq, w1] = warnings(() => learningCurve(mlp(), X, y, opts));
  const [par, w2] = warnings(() => learningCurve(mlp(), X, y, { ...opts, nJobs: 2 }));
  assert.equal(par.trainSizes, seq.trainSizes);
  assert.equal(par.trainScores, seq.trainScores);
  assert.equal(par.testScores, seq.testScores);
  assert.is(par.fitTimes?.length, 3);
  assert.is(par.fitTimes?.[0]?.length, 3);
  assert.ok(w1.length > 0);
  assert.equal(w2, w1);
  // Counts, and the sizes differ per job: a worker that trained on the whole fold would score differently.
  const [c1] = warnings(() => learningCurve(mlp(), X, y, { cv: 2, trainSizes: [20, 75] }));
  const [c2] = warnings(() => learningCurve(mlp(), X, y, { cv: 2, trainSizes: [20, 75], nJobs: -1 }));
  assert.equal(c2, c1);
  assert.not.equal(c1.trainScores[0], c1.trainScores[1]);
});

test('validationCurve nJobs 2 over a Pipeline parameter: scores and warnings equal one thread', () => {
  const pipe = makePipeline(new StandardScaler(), mlp());
  const opts = { cv: 3, paramName: 'mlpclassifier__learningRateInit', paramRange: [1e-3, 1e-2, 1e-1] };
  const [seq, w1] = warnings(() => validationCurve(pipe, X, y, opts));
  const [par, w2] = warnings(() => validationCurve(pipe, X, y, { ...opts, nJobs: 2 }));
  assert.equal(par, seq);
  assert.equal(w2, w1);
  assert.not.equal(seq.testScores[0], seq.testScores[2]);
  // A scoring function cannot travel: one warning, the curve as one thread gives it.
  const scoring = (e: StepEstimator, Xs: unknown, ys: unknown) =>
    (e.score as (a: unknown, b: unknown) => number)(Xs, ys);
  const [fn, said] = warnings(() =>
    validationCurve(mlp(), X, y, { ...opts, paramName: 'learningRateInit', scoring, nJobs: 2 }),
  );
  assert.is(said.filter((w) => /validationCurve: nJobs=2: .*scoring function cannot travel/.test(w)).length, 1);
  const [fn1] = warnings(() => validationCurve(mlp(), X, y, { ...opts, paramName: 'learningRateInit', scoring }));
  assert.equal(fn, fn1);
});

test('fitAsync with nJobs stops at its signal (an AbortError, workers stopped), and the next search runs', async () => {
  const controller = new AbortController();
  const search = new GridSearchCV(mlp(), grid, {
    cv: 3,
    nJobs: 2,
    onProgress: () => controller.abort(),
  });
  const seen = await warningsAsync(() =>
    search.fitAsync(X, y, { signal: controller.signal }).then(
      () => 'finished',
      (e: Error) => e.name,
    ),
  );
  assert.is(seen[0], 'AbortError');
  assert.is(search.cvResults_, undefined);
  const [s1] = warnings(() => crossValScore(mlp(), X, y, { cv: 3 }));
  const [s2] = warnings(() => crossValScore(mlp(), X, y, { cv: 3, nJobs: 2 }));
  assert.equal(s2, s1);
});

test('a registered user class with workerModule is fitted in the workers', () => {
  const est = new ThreadAwareMLP({ hiddenLayerSizes: [4], maxIter: 20, randomState: 0 });
  const [par, seen] = warnings(() => new GridSearchCV(est, { alpha: [1e-4, 1e-2] }, { cv: 2, nJobs: 2 }).fit(X, y));
  const where = seen.filter((w) => w.includes('fitted on'));
  // Four fits on workers, then the refit of the best candidate here.
  assert.equal(
    where.map((w) => /worker thread/.test(w)),
    [true, true, true, true, false],
    where.join('\n'),
  );
  const [seq] = warnings(() => new GridSearchCV(est, { alpha: [1e-4, 1e-2] }, { cv: 2 }).fit(X, y));
  assert.equal(untimed(par.cvResults_), untimed(seq.cvResults_));
});

test('a build function closure, a class without workerModule, a scoring function: one warning, one thread', () => {
  const keras = new KerasClassifier({
    model: binaryClassifier,
    hiddenLayerSizes: [3],
    epochs: 2,
    verbose: 0,
    randomState: 0,
  });
  const yb = y.map((v) => (v === 0 ? 0 : 1));
  const [par, seen] = warnings(() =>
    new GridSearchCV(keras, { hiddenLayerSizes: [[2], [3]] }, { cv: 2, nJobs: 2 }).fit(X, yb),
  );
  const said = seen.filter((w) => w.includes('one after another'));
  assert.is(said.length, 1, seen.join('\n'));
  assert.match(said[0] as string, /KerasClassifier's 'model' cannot travel to a worker/);
  const [seq] = warnings(() => new GridSearchCV(keras, { hiddenLayerSizes: [[2], [3]] }, { cv: 2 }).fit(X, yb));
  assert.equal(untimed(par.cvResults_), untimed(seq.cvResults_));

  const [, local] = warnings(() => crossValidate(new LocalMLP({ maxIter: 5 }), X, y, { cv: 2, nJobs: 2 }));
  assert.ok(
    local.some((w) => /LocalMLP .*registered without a workerModule/.test(w)),
    local.join('\n'),
  );
  const [, fn] = warnings(() =>
    crossValidate(mlp(), X, y, {
      cv: 2,
      nJobs: 2,
      scoring: (e, Xs, ys) => (e.score as (a: unknown, b: unknown) => number)(Xs, ys),
    }),
  );
  assert.ok(
    fn.some((w) => /scoring function cannot travel/.test(w)),
    fn.join('\n'),
  );
});

test("a fit that throws in a worker: errorScore 'raise' rethrows it, a number scores it as one thread", () => {
  const est = new ThrowingMLP({ maxIter: 5 });
  try {
    crossValidate(est, X, y, { cv: 2, nJobs: 2, errorScore: 'raise' });
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, ValueError);
    assert.match((e as Error).message, /fails in a worker on purpose/);
  }
  // errorScore NaN: each failed fit is scored NaN and reported as one thread reports it (here all failed).
  try {
    warnings(() => new GridSearchCV(est, { alpha: [1e-4, 1e-2] }, { cv: 2, nJobs: 2 }).fit(X, y));
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, ValueError);
    assert.match(
      (e as Error).message,
      /All the 4 fits failed[\s\S]*4 fits failed with the following error:\nValueError: ThrowingMLP: this fit fails in a worker on purpose/,
    );
  }
});

test('a worker that ends in a fit is a ThreadError, never a hang; the next search starts fresh workers', async () => {
  const t0 = Date.now();
  try {
    crossValidate(new ExitingMLP({ maxIter: 5 }), X, y, { cv: 2, nJobs: 2 });
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, ThreadError);
    assert.match((e as Error).message, /fit worker ended/);
  }
  try {
    await new GridSearchCV(new ExitingMLP({ maxIter: 5 }), { alpha: [1e-4, 1e-2] }, { cv: 2, nJobs: 2 }).fitAsync(X, y);
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, ThreadError);
  }
  assert.ok(Date.now() - t0 < 60000);
  const [seq] = warnings(() => crossValScore(mlp(), X, y, { cv: 3 }));
  const [par] = warnings(() => crossValScore(mlp(), X, y, { cv: 3, nJobs: 2 }));
  assert.equal(par, seq);
});

test('a process that fits with nJobs (fit and fitAsync) exits once its work is done', () => {
  const src = (p: string) => JSON.stringify(fileURLToPath(new URL(p, import.meta.url)));
  const script = `
    import { useThreads } from ${src('../../src/threads/index.ts')};
    import { GridSearchCV } from ${src('../../src/estimators/model-selection/search.ts')};
    import { MLPClassifier } from ${src('../../src/estimators/neural-network/index.ts')};
    import { setWarningHandler } from ${src('../../src/core/warnings.ts')};
    import { pathToFileURL } from 'node:url';
    setWarningHandler(() => {});
    await useThreads({ threads: 2, workerImports: [pathToFileURL(${JSON.stringify(REGISTER)}).href] });
    const X = [[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.2], [0.9, 0.8], [0.2, 0.9], [0.8, 0.1]];
    const y = [0, 1, 1, 0, 0, 0, 1, 1];
    const mk = () => new GridSearchCV(new MLPClassifier({ maxIter: 5, randomState: 0 }), { alpha: [1e-4, 1e-2] }, { cv: 2, nJobs: 2 });
    const a = mk().fit(X, y);
    const b = await mk().fitAsync(X, y);
    console.log(JSON.stringify([a.cvResults_.meanTestScore.length, b.cvResults_.meanTestScore.length]));
  `;
  const t0 = Date.now();
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.is(out.status, 0, `${out.stdout}${out.stderr}`);
  assert.equal(JSON.parse(out.stdout.trim()), [2, 2]);
  assert.ok(Date.now() - t0 < 30000, 'the child took too long to exit');
});

test('useSingleThread stops the fit workers: nJobs warns again', () => {
  useSingleThread();
  const [, seen] = warnings(() => crossValScore(mlp(), X, y, { cv: 2, nJobs: 2 }));
  assert.ok(seen.some((w) => w.includes('useThreads')));
  const [, curve] = warnings(() => learningCurve(mlp(), X, y, { cv: 2, trainSizes: [0.5, 1], nJobs: 2 }));
  assert.is(curve.filter((w) => /learningCurve: nJobs=2 but no thread pool/.test(w)).length, 1, curve.join('\n'));
});

test.run();

// MLPClassifier / MLPRegressor: scikit-learn's behaviours (ported from
// sklearn/neural_network/tests/test_mlp.py where they apply), the applicable
// check_estimator checks, accuracy next to scikit-learn's on real data.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { MLPClassifier, MLPRegressor, clone, setWarningHandler, rocAucScore } from '../../src/estimators/index.ts';
import { NotFittedError } from '../../src/core/errors.ts';
import { tensor } from '../../src/tensor/index.ts';
import { Rng } from '../../src/tensor/index.ts';
import { loadCsv, standardize } from '../helpers/data.ts';
import { allclose } from '../helpers/allclose.ts';

const warnings: string[] = [];
setWarningHandler((c, m) => warnings.push(`${c}: ${m}`));

const splits = JSON.parse(readFileSync(new URL('../fixtures/sklearn-splits.json', import.meta.url), 'utf8'))
  .splits as Record<string, { train: number[]; test: number[] }>;
const reference = JSON.parse(readFileSync(new URL('../fixtures/mlp-accuracy.json', import.meta.url), 'utf8'))
  .results as Array<{
  dataset: string;
  estimator: string;
  mean_test_accuracy?: number;
  runs: Array<{ test_accuracy?: number }>;
}>;

function sklearnSplit(name: string) {
  const d = loadCsv(name);
  const s = splits[name] as { train: number[]; test: number[] };
  const [Xtr, Xte] = standardize(
    s.train.map((i) => d.X[i] as number[]),
    s.test.map((i) => d.X[i] as number[]),
  ) as [number[][], number[][]];
  return { Xtr, Xte, ytr: s.train.map((i) => d.y[i] as number), yte: s.test.map((i) => d.y[i] as number) };
}

const small = sklearnSplit('iris');

const accuracies: string[] = [];
for (const name of ['iris', 'wine', 'breast_cancer', 'digits']) {
  test(`held-out accuracy on ${name} is within a few points of scikit-learn's (same split, defaults, randomState 0)`, () => {
    const { Xtr, Xte, ytr, yte } = sklearnSplit(name);
    const ref = reference.find((r) => r.dataset === name) as { mean_test_accuracy: number };
    const clf = new MLPClassifier({ randomState: 0 }).fit(Xtr, ytr);
    const acc = clf.score(Xte, yte);
    accuracies.push(
      `${name}: ${acc.toFixed(4)} (scikit-learn mean over seeds 0-4: ${ref.mean_test_accuracy.toFixed(4)})`,
    );
    assert.ok(acc >= ref.mean_test_accuracy - 0.03, `${name}: ${acc} vs scikit-learn ${ref.mean_test_accuracy}`);
  });
}

test('fitted attributes follow scikit-learn', () => {
  const clf = new MLPClassifier({ hiddenLayerSizes: [8, 4], maxIter: 20, randomState: 0 }).fit(small.Xtr, small.ytr);
  assert.equal(
    clf.coefs_.map((c) => [c.length, c[0]?.length]),
    [
      [4, 8],
      [8, 4],
      [4, 3],
    ],
  );
  assert.equal(
    clf.intercepts_.map((b) => b.length),
    [8, 4, 3],
  );
  assert.is(clf.nLayers_, 4);
  assert.is(clf.nOutputs_, 3);
  assert.is(clf.outActivation_, 'softmax');
  assert.equal(clf.classes_, [0, 1, 2]);
  assert.is(clf.nIter_, 20);
  assert.is(clf.t_, 20 * small.Xtr.length);
  assert.is(clf.lossCurve_.length, 20);
  assert.is(clf.loss_, clf.lossCurve_[19]);
  assert.is(clf.bestLoss_, Math.min(...clf.lossCurve_));
  assert.is(clf.validationScores_, null);
  assert.ok(
    warnings.some((w) => /ConvergenceWarning: Stochastic Optimizer: Maximum iterations \(20\) reached/.test(w)),
  );
  const bin = new MLPClassifier({ maxIter: 5, randomState: 0 }).fit(
    small.Xtr,
    small.ytr.map((v) => (v === 0 ? 'a' : 'b')),
  );
  assert.is(bin.outActivation_, 'logistic');
  assert.is(bin.nOutputs_, 1);
  assert.equal(bin.classes_, ['a', 'b']);
});

test('predictProba: binary has two columns and perfect AUC on separable data; log proba agrees', () => {
  const X = small.Xtr.filter((_, i) => small.ytr[i] !== 1);
  const y = small.ytr.filter((v) => v !== 1).map((v) => (v === 2 ? 1 : 0));
  const clf = new MLPClassifier({ hiddenLayerSizes: 5, activation: 'logistic', randomState: 1, maxIter: 200 }).fit(
    X,
    y,
  );
  const p = clf.predictProba(X);
  assert.ok(p.every((r) => r.length === 2));
  assert.is(
    rocAucScore(
      y,
      p.map((r) => r[1] as number),
    ),
    1,
  );
  allclose(
    clf.predictLogProba(X),
    p.map((r) => r.map(Math.log)),
  );
});

test('multilabel-indicator targets: logistic outputs, rows of 0/1 back', () => {
  const Y = small.Xtr.map((r) => [
    (r[0] as number) > 0 ? 1 : 0,
    (r[2] as number) > 0 ? 1 : 0,
    (r[1] as number) > 0 ? 1 : 0,
  ]);
  const clf = new MLPClassifier<number[][]>({
    hiddenLayerSizes: [30],
    maxIter: 300,
    randomState: 0,
    learningRateInit: 0.01,
  }).fit(small.Xtr, Y);
  assert.is(clf.outActivation_, 'logistic');
  assert.is(clf.nOutputs_, 3);
  const pred = clf.predict(small.Xtr);
  assert.ok(pred.every((r) => r.length === 3 && r.every((v) => v === 0 || v === 1)));
  assert.ok(clf.score(small.Xtr, Y) > 0.85, `exact-match accuracy ${clf.score(small.Xtr, Y)}`);
});

test('regressor: R^2 on diabetes (standardised y) next to scikit-learn; multi-output', () => {
  const d = loadCsv('diabetes');
  const s = splits.diabetes as { train: number[]; test: number[] };
  const [Xtr, Xte] = standardize(
    s.train.map((i) => d.X[i] as number[]),
    s.test.map((i) => d.X[i] as number[]),
  ) as [number[][], number[][]];
  const ytr0 = s.train.map((i) => d.y[i] as number);
  const mu = ytr0.reduce((a, b) => a + b, 0) / ytr0.length;
  const sd = Math.sqrt(ytr0.reduce((a, b) => a + (b - mu) ** 2, 0) / ytr0.length);
  const f = (v: number) => (v - mu) / sd;
  const reg = new MLPRegressor({ randomState: 0 }).fit(Xtr, ytr0.map(f));
  const r2 = reg.score(
    Xte,
    s.test.map((i) => f(d.y[i] as number)),
  );
  accuracies.push(`diabetes R^2: ${r2.toFixed(4)} (scikit-learn seeds 0-4, y standardised: 0.22-0.29)`);
  assert.ok(r2 > 0.15, `R^2 ${r2}`);
  assert.is(reg.outActivation_, 'identity');
  const Y2 = Xtr.map((r) => [r[0] as number, 2 * (r[1] as number)]);
  const reg2 = new MLPRegressor<number[][]>({ maxIter: 300, randomState: 0, learningRateInit: 0.01 }).fit(Xtr, Y2);
  assert.is(reg2.nOutputs_, 2);
  assert.ok(reg2.score(Xtr, Y2) > 0.9);
});

test('partialFit: classes required first; unseen classes accepted when declared; new labels refused', () => {
  const clf = new MLPClassifier({ solver: 'sgd', randomState: 0 });
  assert.throws(() => clf.partialFit(small.Xtr, small.ytr), /classes must be passed on the first call to partialFit/);
  clf.partialFit([[1, 2, 3, 4]], ['a'], { classes: ['a', 'b', 'c', 'd'] });
  assert.equal(clf.classes_, ['a', 'b', 'c', 'd']);
  clf.partialFit([[4, 3, 2, 1]], ['d']);
  assert.is(clf.nIter_, 2);
  assert.throws(() => clf.partialFit([[1, 1, 1, 1]], ['e']), /`y` has classes not in `self.classes_`/);
  assert.throws(
    () => new MLPClassifier({ earlyStopping: true }).partialFit(small.Xtr, small.ytr, { classes: [0, 1, 2] }),
    /partialFit does not support earlyStopping=true/,
  );
});

test('fit(maxIter=k) equals k partialFit calls (full batch, no shuffling)', () => {
  const p = {
    solver: 'sgd' as const,
    learningRateInit: 0.2,
    alpha: 1e-5,
    randomState: 1,
    batchSize: small.Xtr.length,
    shuffle: false,
    tol: 0,
    dtype: 'float64' as const,
  };
  const a = new MLPClassifier({ ...p, maxIter: 10 }).fit(small.Xtr, small.ytr);
  const b = new MLPClassifier(p);
  for (let i = 0; i < 10; i++) b.partialFit(small.Xtr, small.ytr, { classes: [0, 1, 2] });
  allclose(b.coefs_, a.coefs_, { rtol: 1e-12, atol: 1e-14 });
  assert.equal(b.predict(small.Xte), a.predict(small.Xte));
});

test('warmStart keeps (user-assigned) weights and restarts the optimizer; different classes are refused', () => {
  const a = new MLPClassifier({ warmStart: true, maxIter: 5, randomState: 0 }).fit(small.Xtr, small.ytr);
  const before = a.coefs_;
  a.fit(small.Xtr, small.ytr);
  assert.not.equal(a.coefs_, before);
  assert.is(a.lossCurve_.length, 10, 'the loss curve continues');
  assert.throws(
    () =>
      a.fit(
        small.Xtr.slice(0, 60),
        small.ytr.slice(0, 60).map((v) => v % 2),
      ),
    /warmStart can only be used where `y` has the same classes as in the previous call to fit/,
  );
  const c = new MLPClassifier({ maxIter: 3, randomState: 0 }).fit(small.Xtr, small.ytr);
  const d = new MLPClassifier({ maxIter: 3, randomState: 0 }).fit(small.Xtr, small.ytr);
  assert.equal(c.coefs_, d.coefs_, 'same randomState, same bits');
});

test('stopping: tol/nIterNoChange, adaptive learning rate, early stopping', () => {
  const X = [
    [-1, -1],
    [1, 1],
    [1, -1],
    [-1, 1],
  ];
  const y = [0, 1, 1, 0];
  const t = new MLPClassifier({ solver: 'sgd', tol: 0.5, maxIter: 3000, randomState: 0 }).fit(X, y);
  assert.ok(t.nIter_ < 3000);
  const ad = new MLPClassifier({
    solver: 'sgd',
    learningRate: 'adaptive',
    tol: 0.5,
    maxIter: 3000,
    randomState: 0,
  }).fit(X, y);
  assert.ok(ad.model_.optimizer.learningRate < 1e-6, `final learning rate ${ad.model_.optimizer.learningRate}`);
  for (const n of [2, 5]) {
    const c = new MLPClassifier({ solver: 'sgd', tol: 0.01, nIterNoChange: n, maxIter: 3000, randomState: 0 }).fit(
      small.Xtr,
      small.ytr,
    );
    assert.ok(c.nIter_ < 3000);
  }
  const inf = new MLPClassifier({ solver: 'sgd', tol: 1e9, nIterNoChange: Infinity, maxIter: 50, randomState: 0 }).fit(
    small.Xtr,
    small.ytr,
  );
  assert.is(inf.nIter_, 50);
  const es = new MLPClassifier({ solver: 'sgd', tol: 0.2, maxIter: 3000, earlyStopping: true, randomState: 0 }).fit(
    small.Xtr,
    small.ytr,
  );
  assert.ok(es.nIter_ < 3000);
  assert.is(es.bestLoss_, null);
  const scores = es.validationScores_ as number[];
  assert.ok(Array.isArray(scores) && scores.length === es.nIter_);
  assert.is(Math.max(...scores), es.bestValidationScore_);
  assert.throws(
    () => new MLPClassifier({ earlyStopping: true }).fit([[1], [2], [3], [4]], [0, 0, 0, 1]),
    /The least populated class in y has only 1 member/,
  );
  assert.throws(
    () => new MLPRegressor({ earlyStopping: true }).fit([[1], [2]], [1, 2]),
    /The validation set is too small/,
  );
});

test("solver 'lbfgs' (scikit-learn's test_lbfgs_classification / regression thresholds)", () => {
  for (const activation of ['identity', 'logistic', 'tanh', 'relu'] as const) {
    const c = new MLPClassifier({
      solver: 'lbfgs',
      hiddenLayerSizes: 50,
      maxIter: 150,
      randomState: 1,
      activation,
    }).fit(small.Xtr, small.ytr);
    assert.ok(c.score(small.Xtr, small.ytr) > 0.95, `${activation}: train accuracy ${c.score(small.Xtr, small.ytr)}`);
    assert.equal(c.lossCurve_, []);
    assert.is(c.bestLoss_, null);
  }
  const X = Array.from({ length: 200 }, (_, i) => [i / 100 - 1, ((i * 7) % 13) / 13]);
  const y = X.map(([a, b]) => 2 * (a as number) - (b as number) + 0.5 * Math.sin(3 * (a as number)));
  for (const activation of ['identity', 'tanh', 'relu'] as const) {
    const r = new MLPRegressor({
      solver: 'lbfgs',
      hiddenLayerSizes: 50,
      maxIter: 200,
      tol: 1e-3,
      randomState: 1,
      activation,
      dtype: 'float64',
    }).fit(X, y);
    const r2 = r.score(X, y);
    assert.ok(activation === 'identity' ? r2 > 0.8 : r2 > 0.98, `${activation}: R^2 ${r2}`);
  }
  warnings.length = 0;
  const limited = new MLPRegressor({ solver: 'lbfgs', maxFun: 10, tol: 0, randomState: 0 }).fit(X, y);
  assert.ok(limited.nIter_ <= 10);
  assert.ok(warnings.some((w) => /ConvergenceWarning: lbfgs failed to converge/.test(w)));
  assert.throws(
    () => new MLPClassifier({ solver: 'lbfgs' }).partialFit(small.Xtr, small.ytr, { classes: [0, 1, 2] }),
    /partialFit is only available for stochastic optimizers. lbfgs is not stochastic./,
  );
});

test('invalid hyper-parameters: scikit-learn message template', () => {
  assert.throws(
    () => new MLPClassifier({ alpha: -1 }).fit(small.Xtr, small.ytr),
    /The 'alpha' parameter of MLPClassifier must be a float in the range \[0.0, inf\). Got -1 instead./,
  );
  assert.throws(
    () => new MLPClassifier({ activation: 'softplus' as never }).fit(small.Xtr, small.ytr),
    /The 'activation' parameter of MLPClassifier must be a str among \{'identity', 'logistic', 'relu', 'tanh'\}. Got 'softplus' instead./,
  );
  assert.throws(
    () => new MLPRegressor({ maxIter: 0 }).fit(small.Xtr, small.ytr),
    /The 'maxIter' parameter of MLPRegressor must be an int in the range \[1, inf\). Got 0 instead./,
  );
  assert.throws(
    () => new MLPClassifier({ hiddenLayerSizes: [10, 0] }).fit(small.Xtr, small.ytr),
    /'hiddenLayerSizes' parameter .* Got \[10, 0\] instead./,
  );
  assert.throws(
    () => new MLPClassifier({ batchSize: 'big' as never }).fit(small.Xtr, small.ytr),
    /'batchSize' parameter of MLPClassifier must be a str among \{'auto'\} or an int/,
  );
});

test('input validation: NaN, infinity, ragged, non-numeric, empty, length mismatch, 1-D X, feature count', () => {
  const clf = () => new MLPClassifier({ maxIter: 2 });
  const bad = small.Xtr.map((r) => r.slice());
  (bad[2] as number[])[1] = NaN;
  assert.throws(() => clf().fit(bad, small.ytr), /Input X contains NaN \(row 2, column 1\)/);
  (bad[2] as number[])[1] = Infinity;
  assert.throws(() => clf().fit(bad, small.ytr), /Input X contains infinity/);
  assert.throws(
    () => clf().fit([[1, 2], [3]], [0, 1]),
    /X has inconsistent row lengths: row 0 has 2 values but row 1 has 1/,
  );
  assert.throws(
    () => clf().fit([[1, 'a' as unknown as number]], [0]),
    /X must be numeric: found 'a' at row 0, column 1/,
  );
  assert.throws(() => clf().fit([], []), /Found array with 0 sample\(s\)/);
  assert.throws(
    () => clf().fit(small.Xtr, small.ytr.slice(1)),
    /Found input variables with inconsistent numbers of samples: \[112, 111\]/,
  );
  assert.throws(
    () => clf().fit([1, 2, 3] as unknown as number[][], [0, 1, 0]),
    /Expected 2D array, got 1D array instead/,
  );
  // 3-D data: scikit-learn's "expected <= 2", saying what X must be and where it is not (was: "must be numeric").
  assert.throws(
    () => clf().fit([[[1, 2]], [[3, 4]]] as unknown as number[][], [0, 1]),
    /^Found array with dim 3\. MLPClassifier expected <= 2: X is read as rows of numbers \(samples x features\), but X\[0\]\[0\] is \[1, 2\]\.$/,
  );
  assert.throws(
    () => clf().fit(tensor([[[1], [2]]]), [0]),
    /^Found array with dim 3\. MLPClassifier expected <= 2: X must be samples x features; got shape \[1,2,1\]\.$/,
  );
  assert.throws(
    () =>
      clf().fit(
        small.Xtr,
        small.ytr.map((v, i) => (i === 3 ? NaN : v)),
      ),
    /Input y contains NaN/,
  );
  assert.throws(
    () => clf().fit(small.Xtr, small.ytr.map((v, i) => (i === 3 ? 'x' : v)) as never),
    /y mixes label types/,
  );
  const fitted = clf().fit(small.Xtr, small.ytr);
  assert.throws(
    () => fitted.predict([[1, 2, 3]]),
    /X has 3 features, but MLPClassifier is expecting 4 features as input./,
  );
  assert.throws(
    () => new MLPClassifier().predict(small.Xte),
    (e: unknown) => e instanceof NotFittedError,
  );
  // @ts-expect-error strings are refused at compile time; JavaScript callers get the run-time check
  assert.throws(() => new MLPRegressor().fit(small.Xtr, small.ytr.map(String)), /requires numeric targets/);
});

test('non-finite weights: scikit-learn error', () => {
  const rng = new Rng(0);
  const X = Array.from({ length: 10 }, () => [
    1.7976931348623157e308 * rng.float(),
    1.7976931348623157e308 * rng.float(),
  ]);
  const y = X.map(() => rng.normal());
  assert.throws(
    () => new MLPRegressor({ dtype: 'float64' }).fit(X, y),
    /Solver produced non-finite parameter weights. The input data may contain large values and need to be preprocessed./,
  );
});

test('check_estimator port: clone, params invariance, no attributes in the constructor, idempotent fit, inputs not mutated', () => {
  const est = new MLPClassifier({ hiddenLayerSizes: [5], maxIter: 5, randomState: 0 });
  const params = JSON.stringify(est.getParams());
  assert.equal(
    Object.keys(est).filter((k) => k.endsWith('_')),
    [],
    'no fitted attributes before fit',
  );
  const X = small.Xtr.map((r) => r.slice());
  const y = small.ytr.slice();
  est.fit(X, y);
  assert.equal(X, small.Xtr, 'fit does not mutate X');
  assert.equal(y, small.ytr, 'fit does not mutate y');
  assert.is(JSON.stringify(est.getParams()), params, 'fit does not change params');
  const c = clone(est);
  assert.equal(c.getParams(), est.getParams());
  assert.throws(
    () => c.predict(small.Xte),
    (e: unknown) => e instanceof NotFittedError,
  );
  const p1 = est.predictProba(small.Xte);
  est.fit(X, y);
  assert.equal(est.predictProba(small.Xte), p1, 'fitting twice gives the same model');
  assert.is(est.nFeaturesIn_, 4);
  assert.is(est.setParams({ alpha: 0.01 }), est);
  assert.throws(() => est.setParams({ alpah: 1 }), /Invalid parameter 'alpah' for estimator MLPClassifier/);
  assert.equal(Object.keys(new MLPRegressor().getParams()), Object.keys(new MLPClassifier().getParams()));
});

test('JSON round trip: same predictions, partialFit continues identically (optimizer state kept)', () => {
  const a = new MLPClassifier({ solver: 'adam', maxIter: 5, randomState: 0 }).fit(small.Xtr, small.ytr);
  const b = MLPClassifier.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.equal(b.predictProba(small.Xte), a.predictProba(small.Xte));
  assert.equal(b.lossCurve_, a.lossCurve_);
  a.partialFit(small.Xtr, small.ytr);
  b.partialFit(small.Xtr, small.ytr);
  assert.equal(b.coefs_, a.coefs_);
  const r = new MLPRegressor({ maxIter: 3, randomState: 0 }).fit(
    small.Xtr,
    small.Xtr.map((row) => row[0] as number),
  );
  const r2 = MLPRegressor.fromJSON(JSON.stringify(r.toJSON()));
  assert.equal(r2.predict(small.Xte), r.predict(small.Xte));
});

test('typed arrays with a shape and Tensors are accepted as X', () => {
  const flat = Float64Array.from(small.Xtr.flat());
  const a = new MLPClassifier({ maxIter: 3, randomState: 0 }).fit(
    { data: flat, shape: [small.Xtr.length, 4] },
    Int32Array.from(small.ytr),
  );
  const b = new MLPClassifier({ maxIter: 3, randomState: 0 }).fit(small.Xtr, small.ytr);
  assert.equal(a.predictProba(small.Xte), b.predictProba(small.Xte));
});

test.after(() => console.log('  ' + accuracies.join('\n  ')));
test.run();

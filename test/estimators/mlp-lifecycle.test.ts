// The MLPs' lifecycle beyond fit and predict: JSON that continues training, refused parameters and
// crafted JSON, one-column and one-class targets, and fitAsync.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MLPClassifier, MLPRegressor, clone } from '../../src/estimators/index.ts';
import { tensor } from '../../src/tensor/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { NonFiniteError, ValueError } from '../../src/core/errors.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

setWarningHandler(() => {});
const iris = splitEveryFourth(loadCsv('iris'));
const [X] = standardize(iris.Xtr) as [number[][]];
const y = iris.ytr;

test('an MLP restored from JSON continues its fitted state (nIter_, lossCurve_, t_)', () => {
  const a = new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 5, randomState: 0 }).fit(X, y);
  const b = MLPClassifier.fromJSON(JSON.stringify(a.toJSON()));
  a.partialFit(X, y);
  b.partialFit(X, y);
  assert.is(b.nIter_, a.nIter_);
  assert.is(b.t_, a.t_);
  assert.equal(b.lossCurve_, a.lossCurve_);
  const inf = new MLPClassifier({ nIterNoChange: Infinity, maxIter: 2, randomState: 0 }).fit(X, y);
  const back = MLPClassifier.fromJSON(JSON.stringify(inf.toJSON()));
  assert.is(back.getParams().nIterNoChange, Infinity);
});

test('crafted estimator JSON is refused with clear errors', () => {
  const fitted = new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 2, randomState: 0 }).fit(X, y);
  const good = JSON.parse(JSON.stringify(fitted.toJSON()));
  const variant = (edit: (j: Record<string, any>) => void) => {
    const j = JSON.parse(JSON.stringify(good));
    edit(j);
    return j;
  };
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.targetEncoder.fitted.classes_ = 'abc';
        }),
      ),
    /classes_ must be an array/,
  );
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.targetEncoder.fitted.classes_ = [
            { t: 'number', v: 0 },
            { t: 'number', v: 0 },
          ];
        }),
      ),
    /distinct labels/,
  );
  // found by the fuzz suite: a binary target without its classes crashed predict
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.targetEncoder.fitted.classes_ = null;
        }),
      ),
    /encoder JSON: a 'multiclass' target needs its classes/,
  );
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.model.compile.optimizer.state.slots[1] = [];
        }),
      ),
    /slot group 1 has 0 entries for 4 weights/,
  );
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.extra.state = null;
        }),
      ),
    /MLP state: expected an object/,
  );
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.extra.state.nIter_ = 'abc';
        }),
      ),
    /'nIter_' must be a non-negative integer/,
  );
  assert.throws(
    () =>
      MLPClassifier.fromJSON(
        variant((j) => {
          j.fitted.meta.nFeaturesIn_ = 5;
        }),
      ),
    /meta.nFeaturesIn_ is 5 but the model takes inputs of shape \[4\]/,
  );
  const withProto = JSON.stringify(good).replace('"history":{', '"history":{"__proto__":[9,9,9],');
  assert.throws(() => MLPClassifier.fromJSON(withProto), /the key '__proto__' is not allowed/);
});

test('the MLPs refuse unknown constructor parameters (scikit-learn raises TypeError), with a camelCase hint', () => {
  const bad = { hidden_layer_sizes: [7] } as unknown as ConstructorParameters<typeof MLPClassifier>[0];
  assert.throws(
    () => new MLPClassifier(bad),
    /MLPClassifier got an unexpected parameter 'hidden_layer_sizes' \(parameters are camelCase here: did you mean 'hiddenLayerSizes'\?\)\. Valid parameters are: hiddenLayerSizes, activation,/,
  );
  assert.throws(
    () => new MLPRegressor({ maxiter: 3 } as unknown as ConstructorParameters<typeof MLPRegressor>[0]),
    /MLPRegressor got an unexpected parameter 'maxiter'\. Valid/,
  );
  assert.throws(
    () =>
      new MLPClassifier({ optimizer__learningRate: 0.1 } as unknown as ConstructorParameters<typeof MLPClassifier>[0]),
    /unexpected parameter 'optimizer__learningRate'/,
  );
  // a subclass that declares more parameters in its defaults may take them
  class Wider extends MLPClassifier {
    static override readonly defaults = { ...MLPClassifier.defaults, note: '' };
  }
  assert.is(
    new Wider({ note: 'x' } as unknown as ConstructorParameters<typeof MLPClassifier>[0]).getParams().note,
    'x',
  );
  assert.is(clone(new MLPClassifier({ maxIter: 3 })).getParams().maxIter, 3);
});

test('prototype names are not MLP parameter names', () => {
  assert.throws(() => new MLPClassifier().setParams({ valueOf: 3 }), /Invalid parameter 'valueOf'/);
});

test("the MLPs flatten a one-column y with scikit-learn's DataConversionWarning and predict 1-D", () => {
  const seen: string[] = [];
  const prev = setWarningHandler((c, m) => {
    if (c === 'DataConversionWarning') seen.push(m);
  });
  try {
    const Xs = [[0], [1], [2], [3]];
    const c = new MLPClassifier({ maxIter: 3, randomState: 0 }).fit(Xs, [[0], [1], [0], [1]]);
    assert.is(c.targetType_, 'binary');
    assert.is(c.predict(Xs).length, 4);
    assert.ok(c.predict(Xs).every((v) => v === 0 || v === 1));
    const r = new MLPRegressor({ maxIter: 3, randomState: 0 }).fit(
      tensor([[0], [1], [2], [3]]),
      tensor([[0], [1], [2], [3]]),
    );
    assert.ok((r.predict(Xs) as number[]).every((v) => typeof v === 'number'));
    assert.is(seen.length, 2);
    assert.is(
      seen[0],
      'A column-vector y was passed when a 1d array was expected. Please change y to a 1-D array, for example with y.map((row) => row[0]).',
    );
  } finally {
    setWarningHandler(prev);
  }
});

test('an MLPClassifier fitted on one class predicts that class (scikit-learn), never undefined', () => {
  // scikit-learn 1.2.1: MLPClassifier(max_iter=5, random_state=3).fit([[0,1],[1,2]], [1,1]).predict(...) -> [1, 1]
  const m = new MLPClassifier({ maxIter: 5, randomState: 3 }).fit(
    [
      [0, 1],
      [1, 2],
    ],
    [1, 1],
  );
  assert.equal(
    m.predict([
      [0, 1],
      [5, 5],
      [-5, -5],
    ]),
    [1, 1, 1],
  );
  assert.is(m.predictProba([[0, 1]])[0]?.length, 2);
});

test('MLP fitAsync gives the same model as fit, lets timers run, and a signal aborts it (lbfgs too)', async () => {
  const mlp = () => new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 30, randomState: 1 });
  const a = mlp().fit(X, y),
    b = await mlp().fitAsync(X, y);
  assert.equal(b.coefs_, a.coefs_);
  assert.equal(b.lossCurve_, a.lossCurve_);
  assert.is(b.nIter_, a.nIter_);
  const r = () => new MLPRegressor({ hiddenLayerSizes: [8], maxIter: 20, randomState: 1 });
  const t = X.map((row) => (row[0] as number) - (row[1] as number));
  assert.equal((await r().fitAsync(X, t)).predict(X), r().fit(X, t).predict(X));
  // non-blocking: timers run while a long MLP fit trains; an abort stops it
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 40);
  try {
    await new MLPClassifier({
      hiddenLayerSizes: [64],
      maxIter: 100000,
      tol: 0,
      nIterNoChange: 100000,
      batchSize: 4,
      randomState: 0,
    }).fitAsync(X, y, { signal: ctrl.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  } finally {
    clearInterval(timer);
  }
  assert.ok(ticks > 0, 'a timer ran during training');
  // lbfgs runs in one piece, but an abort before it starts is honoured
  const early = new AbortController();
  early.abort();
  try {
    await new MLPClassifier({ solver: 'lbfgs', maxIter: 50, randomState: 0 }).fitAsync(X, y, { signal: early.signal });
    assert.unreachable('should abort');
  } catch (e) {
    assert.is((e as Error).name, 'AbortError');
  }
});

test('an MLP whose loss overflows stops with an error, never a fitted model with loss_ Infinity or NaN outputs', () => {
  const nonFinite = (e: unknown) =>
    e instanceof NonFiniteError && /The loss became Infinity in iteration 1/.test((e as Error).message);
  assert.throws(() => new MLPRegressor().fit([[0], [1], [2], [3]], [0, 3.4e38, 0, 1]), nonFinite);
  // 1e308 overflows float32 itself: refused at fit, naming y and the dtype
  assert.throws(
    () => new MLPRegressor({ solver: 'lbfgs' }).fit([[0], [1], [2], [3]], [0, 1e308, 0, 1]),
    (e: unknown) =>
      e instanceof ValueError && /Input y contains a value too large for dtype\('float32'\)/.test((e as Error).message),
  );
  // weights or inputs that overflow at predict time: an error, never NaN rows
  const fitted = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 5, randomState: 0 }).fit(X, y);
  fitted.coefs_ = fitted.coefs_.map((m) => m.map((r) => r.map(() => 1e30)));
  for (const f of [() => fitted.predictProba(X), () => fitted.predict(X)]) {
    assert.throws(
      f,
      (e: unknown) =>
        e instanceof NonFiniteError &&
        /the model's output for row \d+ of X is (NaN|-?Infinity)/.test((e as Error).message),
    );
  }
});

test.run();

// Parity with scikit-learn 1.2.1 (fixtures made by scripts/fixtures/make_mlp_fixtures.py):
// same starting weights, same data, no shuffling, k epochs -> same coefs_,
// intercepts_, loss curve and outputs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { MLPClassifier, MLPRegressor, setWarningHandler } from '../../src/estimators/index.ts';
import { allclose } from '../helpers/allclose.ts';

interface Case {
  name: string;
  estimator: 'MLPClassifier' | 'MLPRegressor';
  params: Record<string, unknown>;
  X: number[][];
  y: number[] | number[][];
  classes?: number[];
  epochs: number;
  init: { coefs: number[][][]; intercepts: number[][] };
  after: {
    coefs: number[][][];
    intercepts: number[][];
    loss_curve: number[];
    loss: number;
    n_iter: number;
    t: number;
    predict_proba?: number[][];
    predict: unknown;
  };
}
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/mlp-parity.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};
setWarningHandler(() => {});

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function make(c: Case, dtype: 'float32' | 'float64') {
  const params: Record<string, unknown> = { dtype, warmStart: true };
  for (const [k, v] of Object.entries(c.params)) params[camel(k)] = v;
  if (c.name.includes('test_fit')) delete params.warmStart;
  const est = c.estimator === 'MLPClassifier' ? new MLPClassifier(params) : new MLPRegressor(params);
  est.coefs_ = c.init.coefs;
  est.intercepts_ = c.init.intercepts;
  return est;
}

function run(c: Case, dtype: 'float32' | 'float64') {
  const est = make(c, dtype);
  if (c.name.includes('test_fit'))
    (est as MLPClassifier).partialFit(c.X, c.y as number[], { classes: c.classes as number[] });
  else est.fit(c.X, c.y as number[]);
  return est;
}

let worst32 = 0;
for (const c of fixtures.cases) {
  test(`float64 parity: ${c.name}`, () => {
    const est = run(c, 'float64');
    const tol = { rtol: 1e-9, atol: 1e-11 };
    allclose(est.coefs_, c.after.coefs, { ...tol, msg: 'coefs_' });
    allclose(est.intercepts_, c.after.intercepts, { ...tol, msg: 'intercepts_' });
    allclose(est.lossCurve_, c.after.loss_curve, { ...tol, msg: 'lossCurve_' });
    allclose(est.loss_, c.after.loss, tol);
    assert.is(est.nIter_, c.after.n_iter);
    assert.is(est.t_, c.after.t);
    if (est instanceof MLPClassifier) {
      allclose(est.predictProba(c.X), c.after.predict_proba as number[][], { ...tol, msg: 'predictProba' });
      assert.equal(est.predict(c.X), c.after.predict);
    } else allclose(est.predict(c.X) as number[], c.after.predict as number[], { ...tol, msg: 'predict' });
  });
  test(`float32 parity (1e-4 relative): ${c.name}`, () => {
    const est = run(c, 'float32');
    const tol = { rtol: 1e-4, atol: 1e-5 };
    worst32 = Math.max(
      worst32,
      allclose(est.coefs_, c.after.coefs, { ...tol, msg: 'coefs_' }),
      allclose(est.intercepts_, c.after.intercepts, { ...tol, msg: 'intercepts_' }),
      allclose(est.lossCurve_, c.after.loss_curve, { ...tol, msg: 'lossCurve_' }),
      est instanceof MLPClassifier
        ? allclose(est.predictProba(c.X), c.after.predict_proba as number[][], tol)
        : allclose(est.predict(c.X) as number[], c.after.predict as number[], tol),
    );
  });
}

test('scikit-learn test_fit: one hand-checked SGD step (decimal=3 and exact)', () => {
  const mlp = new MLPClassifier({
    solver: 'sgd',
    learningRateInit: 0.1,
    alpha: 0.1,
    activation: 'logistic',
    randomState: 1,
    maxIter: 1,
    hiddenLayerSizes: 2,
    momentum: 0,
    dtype: 'float64',
  });
  mlp.coefs_ = [
    [
      [0.1, 0.2],
      [0.3, 0.1],
      [0.5, 0],
    ],
    [[0.1], [0.2]],
  ];
  mlp.intercepts_ = [[0.1, 0.1], [1.0]];
  mlp.partialFit([[0.6, 0.8, 0.7]], [0], { classes: [0, 1] });
  allclose(
    mlp.coefs_,
    [
      [
        [0.098, 0.195756],
        [0.2956664, 0.096008],
        [0.4939998, -0.002244],
      ],
      [[0.04706], [0.154089]],
    ],
    { rtol: 0, atol: 1.5e-3 },
  );
  allclose(mlp.intercepts_, [[0.098333, 0.09626], [0.9235]], { rtol: 0, atol: 1.5e-3 });
  allclose(mlp.predictProba([[0.6, 0.8, 0.7]])[0]?.[1] as number, 0.739, { rtol: 0, atol: 1.5e-3 });
  allclose(
    mlp.coefs_,
    [
      [
        [0.09799927101876635, 0.1957545466925248],
        [0.29566569469168846, 0.09600606225669969],
        [0.4938324828552274, -0.0026196955253877676],
      ],
      [[0.04701212914783179], [0.15402918140357222]],
    ],
    { rtol: 0, atol: 1e-12 },
  );
  allclose(mlp.lossCurve_, [1.4725951146222291], { rtol: 1e-12 });
});

test.after(() => console.log(`  float32 parity: max abs difference ${worst32.toExponential(2)}`));
test.run();

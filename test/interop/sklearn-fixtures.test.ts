// scikit-learn's fitted MLPs (test/fixtures/sklearn-mlps.json, from scripts/fixtures/make_sklearn_mlp_fixtures.py):
// MLPClassifier.fromSklearn / MLPRegressor.fromSklearn read them into float64 estimators that reproduce
// predict / predict_proba to 1e-12, and toOnnx of those reproduces them in onnxruntime-web.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import {
  toOnnx,
  MLPClassifier,
  MLPRegressor,
  type ClassifierOutput,
  type RegressorOutput,
  type SklearnMLPAttributes,
} from '../../src/index.ts';
import { allclose } from '../helpers/allclose.ts';
import { runOnnx } from '../helpers/onnx-runtime.ts';

type Label = number | string | boolean;
interface Attrs {
  params: { hidden_layer_sizes: number[]; activation: 'relu' | 'tanh' | 'logistic' | 'identity' };
  coefs_: number[][][];
  intercepts_: number[][];
  classes_?: Label[];
  n_outputs_: number;
  out_activation_: string;
}
interface FixtureCase {
  name: string;
  attrs: Attrs;
  X: number[][];
  predict: Array<Label | number[]>;
  predict_proba?: number[][];
}

const worst: string[] = [];
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn-mlps.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  cases: FixtureCase[];
};

function estimator(
  c: FixtureCase,
  dtype: 'float32' | 'float64',
): MLPClassifier<ClassifierOutput> | MLPRegressor<RegressorOutput> {
  return c.attrs.classes_ !== undefined
    ? MLPClassifier.fromSklearn(c.attrs as unknown as SklearnMLPAttributes, { dtype })
    : MLPRegressor.fromSklearn(c.attrs as unknown as SklearnMLPAttributes, { dtype });
}

for (const c of fixture.cases) {
  test(`scikit-learn ${fixture.sklearn} ${c.name}: its weights here predict as scikit-learn (float64, 1e-12)`, () => {
    const est = estimator(c, 'float64');
    assert.is(est.outActivation_, c.attrs.out_activation_);
    assert.is(est.nIter_, (c.attrs as unknown as SklearnMLPAttributes).n_iter_);
    assert.is(est.loss_, (c.attrs as unknown as SklearnMLPAttributes).loss_);
    assert.equal(est.coefs_, c.attrs.coefs_);
    if (est instanceof MLPClassifier && !Array.isArray(c.predict[0])) assert.equal(est.classes_, c.attrs.classes_);
    if (est instanceof MLPClassifier) {
      assert.equal(est.predict(c.X), c.predict);
      const d = allclose(est.predictProba(c.X), c.predict_proba as number[][], {
        rtol: 1e-12,
        atol: 1e-15,
        msg: c.name,
      });
      worst.push(`  ${d.toExponential(2)}  ${c.name}: scikeras-ts float64 vs scikit-learn`);
    } else
      worst.push(
        `  ${allclose(est.predict(c.X), c.predict as number[], { rtol: 1e-12, atol: 1e-15, msg: c.name }).toExponential(2)}  ${c.name}: scikeras-ts float64 vs scikit-learn`,
      );
  });

  test(`scikit-learn ${c.name}: toOnnx in onnxruntime-web gives scikit-learn's outputs (float64 1e-12, float32 1e-5)`, async () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const tol = dtype === 'float64' ? { rtol: 1e-12, atol: 1e-15 } : { rtol: 1e-5, atol: 1e-6 };
      const out = await runOnnx(toOnnx(estimator(c, dtype)), c.X, dtype);
      const report = (d: number) =>
        worst.push(`  ${d.toExponential(2)}  ${c.name}: onnxruntime-web ${dtype} vs scikit-learn`);
      if (c.predict_proba !== undefined) {
        report(
          allclose(out.output_probability?.data as Float64Array, c.predict_proba, {
            ...tol,
            msg: `${c.name} ${dtype}`,
          }),
        );
        const labels = Array.from(out.output_label?.data as ArrayLike<unknown>, (v) =>
          typeof v === 'bigint' ? Number(v) : v,
        );
        assert.equal(
          labels,
          c.predict.flat().map((l) => (typeof l === 'boolean' ? String(l) : l)),
          `${c.name} ${dtype} labels`,
        );
      } else
        report(
          allclose(out.variable?.data as Float64Array, c.predict.flat() as number[], {
            ...tol,
            msg: `${c.name} ${dtype}`,
          }),
        );
    }
  });
}

test.after(() => console.log(`max |difference| on scikit-learn's held-out rows:\n${worst.join('\n')}`));

test.run();

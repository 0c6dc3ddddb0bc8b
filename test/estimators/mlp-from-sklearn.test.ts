// MLPClassifier.fromSklearn / MLPRegressor.fromSklearn: scikit-learn's fitted attributes (the README's
// snippet, test/fixtures/sklearn-mlps.json) become fitted estimators; float32 by default; every
// inconsistent attribute is refused by name. (Agreement with scikit-learn is in test/interop/sklearn-fixtures.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { MLPClassifier, MLPRegressor, type SklearnMLPAttributes } from '../../src/estimators/neural-network/index.ts';
import { setWarningHandler } from '../../src/core/warnings.ts';
import { ValueError } from '../../src/core/errors.ts';
import { allclose } from '../helpers/allclose.ts';

interface FixtureCase {
  name: string;
  attrs: SklearnMLPAttributes;
  X: number[][];
  predict: unknown[];
  predict_proba?: number[][];
}
const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/sklearn-mlps.json', import.meta.url), 'utf8')) as {
    cases: FixtureCase[];
  }
).cases;
const byName = (n: string): FixtureCase => cases.find((c) => c.name === n) as FixtureCase;
const edit = (a: SklearnMLPAttributes, f: (j: Record<string, any>) => void): SklearnMLPAttributes => {
  const j = JSON.parse(JSON.stringify(a)) as Record<string, any>;
  f(j);
  return j as SklearnMLPAttributes;
};

test('float32 by default, float64 on request; the parameters come across in camelCase', () => {
  const c = byName('multiclass-strings');
  const f32 = MLPClassifier.fromSklearn(c.attrs);
  assert.is(f32.model_.dtype, 'float32');
  assert.is(MLPClassifier.fromSklearn(JSON.stringify(c.attrs), { dtype: 'float64' }).model_.dtype, 'float64');
  assert.equal(f32.hiddenLayerSizes, [10, 5]);
  assert.is(f32.activation, 'tanh');
  assert.is(f32.beta1, 0.9);
  assert.equal(f32.predict(c.X), c.predict);
  allclose(f32.predictProba(c.X), c.predict_proba as number[][], { rtol: 1e-5, atol: 1e-6 });
  assert.ok(f32.score(c.X, c.predict as string[]) === 1);
});

test('an imported model keeps training: partialFit and a warm start continue from its weights', () => {
  const c = byName('binary');
  const est = MLPClassifier.fromSklearn(c.attrs, { dtype: 'float64' });
  const before = est.nIter_;
  est.partialFit(c.X, c.predict as number[]);
  assert.is(est.nIter_, before + 1);
  const reg = MLPRegressor.fromSklearn<number[][]>(byName('regressor-2').attrs);
  assert.is(reg.nOutputs_, 2);
  assert.is(reg.predict(byName('regressor-2').X)[0]?.length, 2);
});

test('inconsistent attributes are refused, naming the attribute', () => {
  const bin = byName('binary').attrs;
  const reg = byName('regressor-1').attrs;
  const refused = (f: () => unknown, re: RegExp) =>
    assert.throws(f, (e: unknown) => e instanceof ValueError && re.test((e as Error).message));
  refused(() => MLPClassifier.fromSklearn(edit(bin, (j) => delete j.coefs_)), /the attribute 'coefs_' is missing/);
  refused(
    () => MLPClassifier.fromSklearn(edit(bin, (j) => (j.coefs_[0] = j.coefs_[0].slice(1)))),
    /'coefs_\[0\]' must be a 5 x 8 matrix/,
  );
  refused(() => MLPClassifier.fromSklearn(edit(bin, (j) => j.intercepts_.pop())), /'intercepts_' must hold 2 vectors/);
  refused(
    () => MLPClassifier.fromSklearn(edit(bin, (j) => (j.n_layers_ = 4))),
    /'n_layers_' is 4 but params.hidden_layer_sizes gives 3 layers/,
  );
  refused(
    () => MLPClassifier.fromSklearn(edit(bin, (j) => (j.classes_ = [0, 1, 2]))),
    /one logistic output is a binary classifier, but 'classes_' has 3 labels/,
  );
  refused(
    () => MLPClassifier.fromSklearn(edit(bin, (j) => (j.out_activation_ = 'identity'))),
    /'out_activation_' must be 'logistic' or 'softmax'/,
  );
  refused(() => MLPClassifier.fromSklearn(edit(bin, (j) => (j.extra = 1))), /unknown key 'extra'/);
  refused(() => MLPRegressor.fromSklearn(edit(reg, (j) => (j.classes_ = [0, 1]))), /a regressor has no 'classes_'/);
  refused(() => MLPRegressor.fromSklearn(bin), /'out_activation_' must be 'identity'/);
  refused(() => MLPClassifier.fromSklearn('{broken'), /not valid JSON/);
  const warnings: string[] = [];
  const prev = setWarningHandler((_, m) => warnings.push(m));
  try {
    MLPClassifier.fromSklearn(edit(bin, (j) => (j.params.future_param = 3)));
  } finally {
    setWarningHandler(prev);
  }
  assert.match(warnings.join('\n'), /parameters with no counterpart here were skipped: future_param/);
});

test.run();

// npm run demo: the SciKeras seed notebook end to end, then the shipped
// scikit-learn drop-in MLPClassifier on the bundled digits data (scikeras-ts/datasets).
import { MLPClassifier, MLPRegressor, trainTestSplit, accuracyScore, setWarningHandler } from '../src/index.ts';
import { loadDigits } from '../src/datasets/index.ts';

console.log('== The seed notebook: "MLPClassifier and MLPRegressor in SciKeras", in TypeScript ==');
await import('./seed-notebook.ts');

console.log('\n== The shipped MLPClassifier (scikit-learn defaults, randomState 0) on digits ==');
const warnings: string[] = [];
setWarningHandler((category, message) => warnings.push(`${category}: ${message}`));
const digits = await loadDigits();
const [Xtrain, Xtest, ytrain, ytest] = trainTestSplit(digits.data, digits.target, {
  testSize: 0.25,
  stratify: digits.target,
  randomState: 0,
});
// Standardise with the training statistics.
const d = Xtrain[0]!.length;
const mean = Array.from({ length: d }, (_, j) => Xtrain.reduce((s, r) => s + r[j]!, 0) / Xtrain.length);
const sd = Array.from(
  { length: d },
  (_, j) => Math.sqrt(Xtrain.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / Xtrain.length) || 1,
);
const scale = (X: number[][]) => X.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));

const t0 = performance.now();
const clf = new MLPClassifier({ randomState: 0 }).fit(scale(Xtrain), ytrain);
const ms = performance.now() - t0;
const acc = accuracyScore(ytest, clf.predict(scale(Xtest)));
console.log(
  `train ${Xtrain.length} x ${d}, test ${Xtest.length}: held-out accuracy ${acc.toFixed(4)} (scikit-learn 1.2.1 on its own split: 0.9778)`,
);
console.log(
  `nIter_ ${clf.nIter_}, loss_ ${clf.loss_.toFixed(5)}, fit ${ms.toFixed(0)} ms (${(ms / clf.nIter_).toFixed(2)} ms/epoch)`,
);
console.log(`loss curve ${sparkline(clf.lossCurve_)}`);
for (const w of warnings) console.log(w);

console.log('\n== MLPRegressor on y = 2x ==');
const X = Array.from({ length: 100 }, (_, i) => [i / 100]);
const y = X.map(([x]) => 2 * x!);
const reg = new MLPRegressor({ randomState: 0, maxIter: 500 }).fit(X, y);
console.log(
  `R^2 ${reg.score(X, y).toFixed(4)}, predict([[0.25], [0.75]]) = ${reg
    .predict([[0.25], [0.75]])
    .map((v) => v.toFixed(3))
    .join(', ')}`,
);

function sparkline(values: number[]): string {
  const ticks = '▁▂▃▄▅▆▇█';
  const step = Math.max(1, Math.ceil(values.length / 60));
  const pts = values.filter((_, i) => i % step === 0);
  const lo = Math.min(...pts),
    hi = Math.max(...pts);
  return (
    pts.map((v) => ticks[Math.min(7, Math.floor(((v - lo) / (hi - lo || 1)) * 8))]).join('') +
    ` (${values[0]!.toFixed(3)} -> ${values.at(-1)!.toFixed(4)})`
  );
}

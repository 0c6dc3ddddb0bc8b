// A scikit-learn classification tutorial, as a new user writes it: split, fit, predict, score, metrics on
// the predictions, fitted attributes. Compiles without a cast or a non-null assertion.
import {
  MLPClassifier,
  accuracyScore,
  balancedAccuracyScore,
  classificationReport,
  confusionMatrix,
  f1Score,
  precisionScore,
  recallScore,
  rocAucScore,
  logLoss,
  trainTestSplit,
  type Label,
} from 'scikeras-ts';
import { tensor } from 'scikeras-ts/tensor';

declare const X: number[][];
declare const y: number[];

const [Xtrain, Xtest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.25, stratify: y, randomState: 0 });
const clf = new MLPClassifier({ hiddenLayerSizes: [50], maxIter: 300, randomState: 0 }).fit(Xtrain, yTrain);

const yPred = clf.predict(Xtest);
const acc: number = accuracyScore(yTest, yPred);
const acc2: number = accuracyScore(yTest, clf.predict(Xtest));
const f1: number = f1Score(yTest, clf.predict(Xtest), { average: 'macro' });
const perClass: number[] = f1Score(yTest, yPred, { average: null });
const p: number = precisionScore(yTest, yPred, { average: 'weighted' });
const r: number = recallScore(yTest, yPred, { average: 'micro' });
const bal: number = balancedAccuracyScore(yTest, yPred);
const cm: number[][] = confusionMatrix(yTest, yPred);
const report: string = classificationReport(yTest, yPred);
const proba: number[][] = clf.predictProba(Xtest);
const auc: number = rocAucScore(yTest, proba, { multiClass: 'ovr' });
const ll: number = logLoss(yTest, proba);
const score: number = clf.score(Xtest, yTest);
clf.score(Xtest, yTest, { sampleWeight: yTest.map(() => 1) });

// Predictions are labels of y's type: comparisons and indexing need no narrowing.
const correct = yPred.filter((label, i) => label === yTest[i]).length;
const first: Label = yPred[0] as Label;

// Fitted attributes are what they are after fit.
const classes: Label[] = clf.classes_;
const names: string[] = clf.classes_.map(String);
const nIter: number = clf.nIter_;
const curve: number[] = clf.lossCurve_;
const coefs: number[][][] = clf.coefs_;
const nFeatures: number = clf.nFeaturesIn_;
const history: Record<string, number[]> = clf.history_;

// String labels: a typed classifier predicts strings.
declare const species: string[];
const named = new MLPClassifier<string[]>({ randomState: 0 }).fit(X, species);
const upper: string[] = named.predict(X).map((s) => s.toUpperCase());
const speciesClasses: string[] = named.classes_;
accuracyScore(species, named.predict(X));
// @ts-expect-error a string classifier is not fitted on numbers
new MLPClassifier<string[]>().fit(X, y);

// Multilabel targets: rows of 0/1 in, rows of 0/1 out.
declare const Y: number[][];
const multi = new MLPClassifier<number[][]>({ randomState: 0 }).fit(X, Y);
const rows: number[][] = multi.predict(X);
f1Score(Y, rows, { average: 'samples' });
// @ts-expect-error label predictions (the default) come from a 1-D y, not rows
new MLPClassifier().fit(X, Y);

// Every X form the estimators accept.
clf.predict(tensor(Xtest));
clf.predict({ data: new Float64Array(8), shape: [2, 4] });
// @ts-expect-error X is 2-D: a flat array is not samples x features
clf.predict([1, 2, 3]);

// @ts-expect-error parameter names are camelCase and checked
new MLPClassifier({ max_iter: 10 });
// @ts-expect-error parameter values are typed
new MLPClassifier({ activation: 'gelu' });

export { acc, acc2, f1, perClass, p, r, bal, cm, report, auc, ll, score, correct, first, classes, names, nIter };
export { curve, coefs, nFeatures, history, upper, speciesClasses };

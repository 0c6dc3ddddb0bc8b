// The scikit-learn workflow: a Pipeline, cross-validation, GridSearchCV and RandomizedSearchCV in both
// constructor forms, their best estimators and results, and JSON round trips.
import {
  GridSearchCV,
  MLPClassifier,
  MLPRegressor,
  Pipeline,
  RandomizedSearchCV,
  StandardScaler,
  accuracyScore,
  crossValPredict,
  crossValScore,
  crossValidate,
  distributions,
  estimatorFromJSON,
  f1Score,
  makePipeline,
  r2Score,
  trainTestSplit,
  type Label,
} from 'scikeras-ts';

declare const X: number[][];
declare const y: number[];
const [Xtrain, Xtest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.25, randomState: 0 });

// A Pipeline predicts with its final estimator's types.
const pipe = new Pipeline({
  steps: [
    ['scale', new StandardScaler()],
    ['mlp', new MLPClassifier({ maxIter: 100, randomState: 0 })],
  ],
});
pipe.fit(Xtrain, yTrain);
const pipePred: Label[] = pipe.predict(Xtest);
accuracyScore(yTest, pipe.predict(Xtest));
const proba: number[][] = pipe.predictProba(Xtest);
const mlp: MLPClassifier = pipe.namedSteps.mlp;
const mlpIterations: number = pipe.namedSteps.mlp.nIter_;
const scaled: number[][] = pipe.namedSteps.scale.transform(Xtest);
const pipeClasses: Label[] = pipe.classes_;
// @ts-expect-error no step is called 'svc'
pipe.namedSteps.svc;

const made = makePipeline(new StandardScaler(), new MLPRegressor({ maxIter: 50 }));
const regPred: number[] = made.fit(Xtrain, yTrain).predict(Xtest);
r2Score(yTest, made.predict(Xtest));

const scores: number[] = crossValScore(pipe, X, y, { cv: 5, scoring: 'f1_macro' });
const outOfFold: Label[] = crossValPredict(pipe, X, y, { cv: 5 });
accuracyScore(y, outOfFold);
const outOfFoldProba: number[][] = crossValPredict(pipe, X, y, { cv: 5, method: 'predictProba' });
const cvOut = crossValidate(pipe, X, y, { cv: 3, returnTrainScore: true, returnEstimator: true });
const fitTimes: number[] = cvOut.fitTime;
const foldIterations: number[] = (cvOut.estimator ?? []).map((p) => p.namedSteps.mlp.nIter_);

// GridSearchCV: scikit-learn's positional form and the options object.
const grid = new GridSearchCV(pipe, { mlp__alpha: [1e-4, 1e-2], mlp__hiddenLayerSizes: [[10], [30]] }, { cv: 3 });
grid.fit(Xtrain, yTrain);
const best: number = grid.bestScore_;
const bestParams: Record<string, unknown> = grid.bestParams_;
const bestPred: Label[] = grid.bestEstimator_.predict(Xtest);
const searchPred: Label[] = grid.predict(Xtest);
f1Score(yTest, grid.predict(Xtest), { average: 'macro' });
const bestMlp: MLPClassifier = grid.bestEstimator_.namedSteps.mlp;
const means: number[] = grid.cvResults_.meanTestScore;
const split0: number[] = grid.cvResults_.split0TestScore;
const ranks: number[] = grid.cvResults_.rankTestScore;
const alphas: unknown[] = grid.cvResults_.paramMlp__alpha;
const candidates: Record<string, unknown>[] = grid.cvResults_.params;
const gridClasses: Label[] = grid.classes_;

const grid2 = new GridSearchCV({
  estimator: new MLPRegressor({ maxIter: 50 }),
  paramGrid: { alpha: [1e-4, 1e-2] },
  cv: 3,
});
const regBest: number[] = grid2.fit(X, y).bestEstimator_.predict(X);
const regSearchPred: number[] = grid2.predict(X);

const random = new RandomizedSearchCV(
  new MLPClassifier({ maxIter: 50 }),
  { alpha: distributions.loguniform(1e-5, 1e-1), hiddenLayerSizes: [[10], [20]] },
  { nIter: 4, randomState: 0, cv: 3 },
);
const randomPred: Label[] = random.fit(X, y).predict(X);
const randomBest: MLPClassifier = random.bestEstimator_;
const random2 = new RandomizedSearchCV({
  estimator: pipe,
  paramDistributions: { mlp__alpha: distributions.uniform(0, 1) },
  nIter: 2,
});
random2.fit(X, y);

// @ts-expect-error the positional form takes a grid second, not an options object
new GridSearchCV(pipe, { cv: 3 }, {});
// @ts-expect-error the options are checked
new GridSearchCV(pipe, { mlp__alpha: [1] }, { folds: 3 });

// JSON round trips.
const restored = Pipeline.fromJSON(JSON.stringify(pipe));
const again = GridSearchCV.fromJSON(JSON.stringify(grid));
const fromAny = estimatorFromJSON(grid.toJSON());
restored.predict(Xtest);
again.predict(Xtest);
fromAny.fit(X, y);

export { pipePred, proba, mlp, mlpIterations, scaled, pipeClasses, regPred, scores, fitTimes, foldIterations, best };
export { bestParams, outOfFoldProba };
export { bestPred, searchPred, bestMlp, means, split0, ranks, alphas, candidates, gridClasses, regBest };
export { regSearchPred, randomPred, randomBest };

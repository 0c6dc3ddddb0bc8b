// A regression tutorial: MLPRegressor on a split, predictions as plain numbers, regression metrics.
import {
  MLPRegressor,
  KFold,
  crossValScore,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  trainTestSplit,
} from 'scikeras-ts';
import { StandardScaler } from 'scikeras-ts/preprocessing';

declare const X: number[][];
declare const y: number[];

const [Xtrain, Xtest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 0 });
const scaler = new StandardScaler().fit(Xtrain);
const reg = new MLPRegressor({ hiddenLayerSizes: [64, 32], solver: 'lbfgs', alpha: 1e-3, randomState: 0 });
reg.fit(scaler.transform(Xtrain), yTrain);

const pred = reg.predict(scaler.transform(Xtest));
const firstPrediction: string = pred[0]!.toFixed(3);
const residuals: number[] = pred.map((p, i) => (yTest[i] as number) - p);
const r2: number = r2Score(yTest, pred);
const mse: number = meanSquaredError(yTest, reg.predict(scaler.transform(Xtest)));
const mae: number = meanAbsoluteError(yTest, pred);
const score: number = reg.score(scaler.transform(Xtest), yTest);
const loss: number = reg.loss_;

// Two outputs: a typed regressor predicts rows.
declare const Y2: number[][];
const multi = new MLPRegressor<number[][]>({ randomState: 0 }).fit(X, Y2);
const rows: number[][] = multi.predict(X);
const perOutput: number[] = r2Score(Y2, rows, { multioutput: 'raw_values' });
// @ts-expect-error one prediction per sample (the default) comes from a 1-D y
new MLPRegressor().fit(X, Y2);

const cv: number[] = crossValScore(new MLPRegressor({ maxIter: 50 }), X, y, {
  cv: new KFold({ nSplits: 3, shuffle: true, randomState: 0 }),
  scoring: 'neg_mean_squared_error',
});

export { firstPrediction, residuals, r2, mse, mae, score, loss, perOutput, cv };

// Models of every exportable kind, small and quick to fit, shared by the interop suites.
import {
  sequential,
  layers,
  Rng,
  Sequential,
  MLPClassifier,
  MLPRegressor,
  KerasClassifier,
  KerasRegressor,
  Pipeline,
  StandardScaler,
  MinMaxScaler,
  setWarningHandler,
  type BuildArgs,
} from '../../src/index.ts';

setWarningHandler(() => {}); // ConvergenceWarnings of the deliberately short fits

export type Dtype = 'float32' | 'float64';

/** n rows of d standard-normal features (seeded), with a shift so scalers have something to undo. */
export function features(n: number, d: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, (_, j) => rng.normal() * (1 + j) + j));
}

/** Rows rounded to float32, so that float32 and float64 consumers see the same inputs. */
export function float32Rows(X: number[][]): number[][] {
  return X.map((r) => r.map(Math.fround));
}

export interface Case {
  name: string;
  kind: 'sequential' | 'classifier' | 'regressor';
  dtype: Dtype;
  target: unknown;
  nFeatures: number;
  /** The network, for tfjs. */
  network: Sequential;
}

/** Sequentials that use every layer and activation there is. */
export function sequentialCases(dtype: Dtype): Case[] {
  const a = sequential(
    [
      layers.dense({ units: 7, activation: 'relu', inputShape: [4] }),
      layers.dropout({ rate: 0.3 }),
      layers.dense({ units: 6, activation: 'tanh' }),
      layers.activation({ activation: 'sigmoid' }),
      layers.dense({ units: 5 }),
      layers.softmax(),
    ],
    { seed: 1, dtype },
  );
  const b = sequential(
    [
      layers.input({ shape: [3] }),
      layers.dense({ units: 5, activation: 'sigmoid' }),
      layers.reLU(),
      layers.activation({ activation: 'tanh' }),
      layers.dense({ units: 4, activation: 'softmax', useBias: false }),
      layers.activation({ activation: 'linear' }),
    ],
    { seed: 2, dtype },
  );
  const c = sequential(
    [
      layers.dense({ units: 2, useBias: false, inputShape: [5], kernelInitializer: 'heNormal' }),
      layers.activation({ activation: 'relu' }),
    ],
    { seed: 3, dtype },
  );
  for (const m of [a, b, c]) m.build();
  return [
    {
      name: `Sequential dense-relu/dropout/tanh/sigmoid/linear/softmax ${dtype}`,
      kind: 'sequential',
      dtype,
      target: a,
      nFeatures: 4,
      network: a,
    },
    {
      name: `Sequential input/sigmoid/reLU/tanh/softmax-no-bias/linear ${dtype}`,
      kind: 'sequential',
      dtype,
      target: b,
      nFeatures: 3,
      network: b,
    },
    {
      name: `Sequential no-bias linear + relu ${dtype}`,
      kind: 'sequential',
      dtype,
      target: c,
      nFeatures: 5,
      network: c,
    },
  ];
}

function softmaxBuild({ meta, compileKwargs, params }: BuildArgs): Sequential {
  const m = sequential({
    dtype: params.dtype as Dtype,
    layers: [
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: 6, activation: 'relu' }),
      layers.dense({ units: meta.nClasses_ as number, activation: 'softmax' }),
    ],
  });
  m.compile({ loss: 'categorical_crossentropy', optimizer: compileKwargs.optimizer });
  return m;
}

function sigmoidBuild({ meta, compileKwargs, params }: BuildArgs): Sequential {
  const m = sequential({
    dtype: params.dtype as Dtype,
    layers: [
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: 5, activation: 'tanh' }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ loss: 'binary_crossentropy', optimizer: compileKwargs.optimizer });
  return m;
}

function regressionBuild({ meta, compileKwargs, params }: BuildArgs): Sequential {
  const m = sequential({
    dtype: params.dtype as Dtype,
    layers: [
      layers.input({ shape: [meta.nFeaturesIn_] }),
      layers.dense({ units: 8, activation: 'relu' }),
      layers.dense({ units: meta.nOutputs_ }),
    ],
  });
  m.compile({ loss: 'mse', optimizer: compileKwargs.optimizer });
  return m;
}

/** Fitted estimators and pipelines of every kind. */
export function estimatorCases(dtype: Dtype): Case[] {
  const X = features(120, 4, 10 + (dtype === 'float64' ? 1 : 0));
  const score = (r: number[]) => (r[0] as number) - 0.5 * (r[1] as number) + 0.3 * (r[2] as number) * (r[3] as number);
  const s = X.map(score);
  const median = s.slice().sort((p, q) => p - q)[60] as number;
  const yInt = s.map((v) => (v > median ? 1 : 0));
  const yStr = s.map((v) => (v < -1 ? 'low' : v < 1.5 ? 'mid' : 'high'));
  const yBool = s.map((v) => v > median);
  const yMulti = X.map((r) => [r[0]! > 0 ? 1 : 0, r[1]! > 1 ? 1 : 0, r[2]! + r[3]! > 5 ? 1 : 0]);
  const ySeven = s.map((v) => (v > median ? 7 : -3));
  const yOneHot = yStr.map((l) => ['low', 'mid', 'high'].map((c) => (c === l ? 1 : 0)));
  const yReg = s.map((v) => v / 3);
  const yReg2 = X.map((r, i) => [(s[i] as number) / 3, (r[1] as number) - (r[2] as number)]);
  const mlp = { hiddenLayerSizes: [9, 5], maxIter: 40, randomState: 0, dtype };
  const fitted: Array<[string, Case['kind'], unknown, Sequential]> = [];
  const add = (name: string, kind: Case['kind'], est: { model_: Sequential }, extra?: unknown) =>
    fitted.push([name, kind, extra ?? est, est.model_]);
  add('MLPClassifier binary int labels', 'classifier', new MLPClassifier(mlp).fit(X, yInt));
  add(
    'MLPClassifier multiclass string labels',
    'classifier',
    new MLPClassifier({ ...mlp, activation: 'tanh' }).fit(X, yStr),
  );
  add(
    'MLPClassifier boolean labels',
    'classifier',
    new MLPClassifier({ ...mlp, activation: 'logistic' }).fit(X, yBool),
  );
  add('MLPClassifier multilabel', 'classifier', new MLPClassifier<number[][]>(mlp).fit(X, yMulti));
  add('MLPRegressor 1 output', 'regressor', new MLPRegressor(mlp).fit(X, yReg));
  add(
    'MLPRegressor 2 outputs',
    'regressor',
    new MLPRegressor<number[][]>({ ...mlp, activation: 'identity' }).fit(X, yReg2),
  );
  const keras = { optimizer: 'adam', epochs: 3, verbose: 0 as const, randomState: 0, dtype };
  add(
    'KerasClassifier one sigmoid unit, labels -3 / 7',
    'classifier',
    new KerasClassifier({ ...keras, model: sigmoidBuild }).fit(X, ySeven),
  );
  add(
    'KerasClassifier one-hot targets',
    'classifier',
    new KerasClassifier<number[][]>({ ...keras, model: softmaxBuild, loss: 'categorical_crossentropy' }).fit(
      X,
      yOneHot,
    ),
  );
  add(
    'KerasRegressor 2 outputs',
    'regressor',
    new KerasRegressor<number[][]>({ ...keras, model: regressionBuild }).fit(X, yReg2),
  );
  const pipeC = new Pipeline([
    ['scaler', new StandardScaler()],
    ['skip', 'passthrough'],
    ['mlp', new MLPClassifier(mlp)],
  ]).fit(X, yStr);
  fitted.push([
    'Pipeline StandardScaler + MLPClassifier',
    'classifier',
    pipeC,
    (pipeC.steps[2]![1] as MLPClassifier).model_,
  ]);
  const pipeR = new Pipeline([
    ['a', new StandardScaler({ withMean: false })],
    ['b', new MinMaxScaler({ featureRange: [-1, 1], clip: true })],
    ['mlp', new MLPRegressor(mlp)],
  ]).fit(X, yReg);
  fitted.push([
    'Pipeline StandardScaler(withMean false) + MinMaxScaler(clip) + MLPRegressor',
    'regressor',
    pipeR,
    (pipeR.steps[2]![1] as MLPRegressor).model_,
  ]);
  return fitted.map(([name, kind, target, network]) => ({
    name: `${name} ${dtype}`,
    kind,
    dtype,
    target,
    nFeatures: 4,
    network,
  }));
}

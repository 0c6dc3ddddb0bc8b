// SciKeras' notebook "MLPClassifier and MLPRegressor in SciKeras", line for
// line in TypeScript, on the bundled breast-cancer and iris data instead of
// make_classification; the regressor section uses the notebook's own data
// (y = arange(100), X = y / 2). Run: npx tsx examples/seed-notebook.ts
import {
  KerasClassifier,
  KerasRegressor,
  crossValScore,
  type ClassifierBuildArgs,
  type CompileKwargs,
  type RegressorBuildArgs,
  type WrapperParams,
} from '../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../src/nn/index.ts';
import { loadBreastCancer, loadIris } from '../src/datasets/index.ts';
import { standardScale } from './data.ts';

// ## 2. Defining the model function
// The build function receives one object: the user parameter hiddenLayerSizes,
// meta (nFeaturesIn_, targetType_, nClasses_, ...) and compileKwargs.
function getClfModel({
  hiddenLayerSizes,
  meta,
  compileKwargs,
}: ClassifierBuildArgs<{ hiddenLayerSizes: number[] }>): Sequential {
  const model = sequential();
  const inp = layers.input({ shape: [meta.nFeaturesIn_] });
  model.add(inp);
  for (const hiddenLayerSize of hiddenLayerSizes) {
    const layer = layers.dense({ units: hiddenLayerSize, activation: 'relu' });
    model.add(layer);
  }
  let nOutputUnits: number, outputActivation: 'sigmoid' | 'softmax', loss: string;
  if (meta.targetType_ === 'binary') {
    nOutputUnits = 1;
    outputActivation = 'sigmoid';
    loss = 'binary_crossentropy';
  } else if (meta.targetType_ === 'multiclass') {
    nOutputUnits = meta.nClasses_;
    outputActivation = 'softmax';
    loss = 'sparse_categorical_crossentropy';
  } else {
    throw new Error(`Unsupported task type: ${meta.targetType_}`);
  }
  const out = layers.dense({ units: nOutputUnits, activation: outputActivation });
  model.add(out);
  model.compile({ loss, optimizer: compileKwargs.optimizer });
  return model;
}

// ## 3. Wrapping it: KerasClassifier with routed optimizer parameters
const clf = new KerasClassifier({
  model: getClfModel,
  hiddenLayerSizes: [100],
  optimizer: 'adam',
  optimizer__learning_rate: 0.001,
  epochs: 50,
  verbose: 0,
  randomState: 0,
});

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

// ## Testing our classifier: fit, then the mean 5-fold cross-validation score (the notebook's check)
const bc = await loadBreastCancer();
const cancer = { X: bc.data, y: bc.target };
const Xc = standardScale(cancer.X);
clf.fit(Xc, cancer.y);
console.log(
  `KerasClassifier (breast cancer, binary): crossValScore mean ${mean(crossValScore(clf, Xc, cancer.y)).toFixed(3)}`,
);
const yProba = clf.predictProba(Xc);
console.log(
  `KerasClassifier (breast cancer, binary): training accuracy ${clf.score(Xc, cancer.y).toFixed(3)}; predictProba row 0 = [${yProba[0]!.map((p) => p.toFixed(3)).join(', ')}]`,
);

const irisBunch = await loadIris();
// String labels, as scikit-learn's target_names[target].
const iris = { X: irisBunch.data, y: irisBunch.target.map((t) => irisBunch.targetNames[t] as string) };
const Xi = standardScale(iris.X);
clf.fit(Xi, iris.y);
console.log(
  `KerasClassifier (iris, multiclass, string labels): accuracy ${clf.score(Xi, iris.y).toFixed(3)}; predict(first 3) = ${JSON.stringify(clf.predict(Xi.slice(0, 3)))}`,
);

// ## 3b. MLPRegressor through KerasRegressor
function getRegModel({
  hiddenLayerSizes,
  meta,
  compileKwargs,
}: RegressorBuildArgs<{ hiddenLayerSizes: number[] }>): Sequential {
  const model = sequential();
  model.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const hiddenLayerSize of hiddenLayerSizes)
    model.add(layers.dense({ units: hiddenLayerSize, activation: 'relu' }));
  model.add(layers.dense({ units: meta.nOutputs_ }));
  model.compile({ loss: 'mse', optimizer: compileKwargs.optimizer });
  return model;
}
const reg = new KerasRegressor({
  model: getRegModel,
  hiddenLayerSizes: [100],
  optimizer: 'adam',
  optimizer__learning_rate: 0.001,
  epochs: 200,
  verbose: 0,
  randomState: 0,
});
// The notebook's simple linear relationship: y = arange(100), X = (y / 2).reshape(-1, 1)
const yr = Array.from({ length: 100 }, (_, i) => i);
const Xr = yr.map((v) => [v / 2]);
reg.fit(Xr, yr);
console.log(
  `KerasRegressor on y = 2x: R^2 ${reg.score(Xr, yr).toFixed(4)}; predict([[25]]) = ${reg.predict([[25]])[0]!.toFixed(2)}`,
);

// ## 4. Self-contained estimators: subclasses that implement _kerasBuildFn
class MLPClassifier extends KerasClassifier {
  declare hiddenLayerSizes: number[]; // a type only (a class field would be defined after the base constructor)
  constructor({
    hiddenLayerSizes = [100],
    optimizer = 'adam',
    optimizer__learning_rate = 0.001,
    epochs = 200,
    verbose = 0,
    ...kwargs
  }: { hiddenLayerSizes?: number[] } & WrapperParams = {}) {
    super({ ...kwargs, optimizer, optimizer__learning_rate, epochs, verbose });
    this.hiddenLayerSizes = hiddenLayerSizes;
  }

  override _kerasBuildFn(compileKwargs: CompileKwargs): Sequential {
    const model = sequential();
    model.add(layers.input({ shape: [this.nFeaturesIn_] }));
    for (const hiddenLayerSize of this.hiddenLayerSizes)
      model.add(layers.dense({ units: hiddenLayerSize, activation: 'relu' }));
    let nOutputUnits: number, outputActivation: 'sigmoid' | 'softmax', loss: string;
    if (this.targetType_ === 'binary') {
      nOutputUnits = 1;
      outputActivation = 'sigmoid';
      loss = 'binary_crossentropy';
    } else if (this.targetType_ === 'multiclass') {
      nOutputUnits = this.nClasses_;
      outputActivation = 'softmax';
      loss = 'sparse_categorical_crossentropy';
    } else {
      throw new Error(`Unsupported task type: ${this.targetType_}`);
    }
    model.add(layers.dense({ units: nOutputUnits, activation: outputActivation }));
    model.compile({ loss, optimizer: compileKwargs.optimizer });
    return model;
  }
}

class MLPRegressor extends KerasRegressor {
  declare hiddenLayerSizes: number[]; // a type only (a class field would be defined after the base constructor)
  constructor({
    hiddenLayerSizes = [100],
    optimizer = 'adam',
    optimizer__learning_rate = 0.001,
    epochs = 200,
    verbose = 0,
    ...kwargs
  }: { hiddenLayerSizes?: number[] } & WrapperParams = {}) {
    super({ ...kwargs, optimizer, optimizer__learning_rate, epochs, verbose });
    this.hiddenLayerSizes = hiddenLayerSizes;
  }

  override _kerasBuildFn(compileKwargs: CompileKwargs): Sequential {
    const model = sequential();
    model.add(layers.input({ shape: [this.nFeaturesIn_] }));
    for (const hiddenLayerSize of this.hiddenLayerSizes)
      model.add(layers.dense({ units: hiddenLayerSize, activation: 'relu' }));
    model.add(layers.dense({ units: this.nOutputs_ }));
    model.compile({ loss: 'mse', optimizer: compileKwargs.optimizer });
    return model;
  }
}

const mlpClf = new MLPClassifier({ epochs: 20, randomState: 0 });
console.log(
  `Subclassed MLPClassifier: params ${JSON.stringify(mlpClf.getParams(), (k, v) => (k === 'model' ? undefined : v))}`,
);
console.log(
  `Subclassed MLPClassifier (breast cancer): crossValScore mean ${mean(crossValScore(mlpClf, Xc, cancer.y)).toFixed(3)}`,
);
mlpClf.fit(Xc, cancer.y);
// The notebook's last cell: MLPRegressor() on its linear data, mean 5-fold score (SciKeras + TensorFlow printed 0.987)
const mlpReg = new MLPRegressor({ randomState: 0 });
console.log(
  `Subclassed MLPRegressor on y = arange(100), X = y / 2: crossValScore mean ${mean(crossValScore(mlpReg, Xr, yr)).toFixed(4)}`,
);
mlpReg.fit(Xr, yr);

export { clf, reg, mlpClf, mlpReg };

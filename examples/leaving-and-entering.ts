// The seed notebook's models leave the package and come back: ONNX (run in onnxruntime-web), the
// TensorFlow.js layers format (loaded by tfjs, and read back here). Prints export sizes and the largest
// differences from predict / predictProba. Run: npx tsx examples/leaving-and-entering.ts
import { gzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-web';
import * as tf from '@tensorflow/tfjs';
import { toOnnx, toTfjs, toTfjsFiles, fromTfjs } from '../src/interop/index.ts';
import { KerasClassifier, KerasRegressor, type BuildArgs } from '../src/estimators/index.ts';
import { sequential, layers, type Sequential } from '../src/nn/index.ts';
import { Tensor } from '../src/tensor/index.ts';
import { loadBreastCancer, loadIris } from '../src/datasets/index.ts';
import { standardScale } from './data.ts';

ort.env.wasm.numThreads = 1;
tf.enableProdMode();
await tf.setBackend('cpu');

// The seed notebook's build function (examples/seed-notebook.ts, section 2), for any dtype.
function getModel({
  hiddenLayerSizes,
  meta,
  compileKwargs,
  params,
}: BuildArgs & { hiddenLayerSizes: number[] }): Sequential {
  const model = sequential({ dtype: params.dtype as 'float32' | 'float64' });
  model.add(layers.input({ shape: [meta.nFeaturesIn_] }));
  for (const units of hiddenLayerSizes) model.add(layers.dense({ units, activation: 'relu' }));
  const regression = meta.classes_ === undefined,
    binary = !regression && meta.targetType_ === 'binary';
  model.add(
    layers.dense({
      units: binary || regression ? 1 : (meta.nClasses_ as number),
      activation: regression ? 'linear' : binary ? 'sigmoid' : 'softmax',
    }),
  );
  model.compile({
    loss: regression ? 'mse' : binary ? 'binary_crossentropy' : 'sparse_categorical_crossentropy',
    optimizer: compileKwargs.optimizer,
  });
  return model;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
const seed = {
  hiddenLayerSizes: [100],
  optimizer: 'adam',
  optimizer__learning_rate: 0.001,
  epochs: 50,
  verbose: 0 as const,
  randomState: 0,
};

const bc = await loadBreastCancer();
const cancer = { X: bc.data, y: bc.target };
const Xc = standardScale(cancer.X);
const irisBunch = await loadIris();
// String labels, as scikit-learn's target_names[target].
const iris = { X: irisBunch.data, y: irisBunch.target.map((t) => irisBunch.targetNames[t] as string) };
const Xi = standardScale(iris.X);
const runs: Array<[string, KerasClassifier | KerasRegressor, number[][]]> = [];
for (const dtype of ['float32', 'float64'] as const) {
  runs.push([
    `breast cancer KerasClassifier ${dtype}`,
    new KerasClassifier({ ...seed, model: getModel, dtype }).fit(Xc, cancer.y),
    Xc,
  ]);
  runs.push([
    `iris KerasClassifier (string labels) ${dtype}`,
    new KerasClassifier({ ...seed, model: getModel, dtype }).fit(Xi, iris.y),
    Xi,
  ]);
}
const yr = Array.from({ length: 100 }, (_, i) => i);
const Xr = yr.map((v) => [v / 2]);
runs.push([
  'y = 2x KerasRegressor float32',
  new KerasRegressor({ ...seed, model: getModel, epochs: 200 }).fit(Xr, yr),
  Xr,
]);

for (const [name, est, X] of runs) {
  const dtype = est.model_.dtype;
  const onnx = toOnnx(est);
  const files = toTfjsFiles(est);
  console.log(`${name} (${est.model_.countParams()} weights)`);
  const zipmap = est instanceof KerasClassifier ? `, with zipmap ${kb(toOnnx(est, { zipmap: true }).length)}` : '';
  console.log(
    `  ONNX ${kb(onnx.length)} (gzip ${kb(gzipSync(onnx).length)})${zipmap}; ` +
      `tfjs model.json ${kb(files['model.json'].length)} + weights ${kb(files['group1-shard1of1.bin'].length)}`,
  );

  const session = await ort.InferenceSession.create(onnx);
  const input = new ort.Tensor(dtype, dtype === 'float64' ? Float64Array.from(X.flat()) : Float32Array.from(X.flat()), [
    X.length,
    (X[0] as number[]).length,
  ]);
  const out = await session.run({ X: input });
  if (est instanceof KerasClassifier) {
    const labels = Array.from(out.output_label?.data as ArrayLike<unknown>, (v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
    const same = labels.every((l, i) => l === (est.predict(X) as unknown[])[i]);
    console.log(
      `  onnxruntime-web: labels ${same ? 'identical' : 'DIFFER'}, probabilities max |diff| ${maxDiff(out.output_probability?.data as Float32Array, est.predictProba(X).flat()).toExponential(2)}`,
    );
  } else
    console.log(
      `  onnxruntime-web: predictions max |diff| ${maxDiff(out.variable?.data as Float32Array, est.predict(X) as number[]).toExponential(2)}`,
    );
  await session.release();

  const ours = est.model_.predict(new Tensor(Float64Array.from(X.flat()), [X.length, (X[0] as number[]).length])).data;
  const tfModel = await tf.loadLayersModel(tf.io.fromMemory(toTfjs(est) as unknown as tf.io.ModelArtifacts));
  const t = tfModel.predict(tf.tensor2d(X)) as tf.Tensor;
  const back = fromTfjs(files['model.json'], files['group1-shard1of1.bin']).predict(
    new Tensor(Float64Array.from(X.flat()), [X.length, (X[0] as number[]).length]),
  ).data;
  console.log(
    `  tfjs: network outputs max |diff| ${maxDiff(t.dataSync(), ours).toExponential(2)}; fromTfjs(toTfjsFiles(...)) max |diff| ${maxDiff(back, ours).toExponential(2)}${dtype === 'float64' ? ' (through float32)' : ''}`,
  );
  t.dispose();
  tfModel.dispose();
}

// The new layers and activations leaving and entering: toOnnx run in onnxruntime-web (BatchNormalization as
// ONNX BatchNormalization, LayerNormalization at opset 17, every activation), toTfjs loaded by TensorFlow.js, and
// fromTfjs of TensorFlow.js models built with these layers; all against predict on the same float32 rows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { toOnnx, toTfjs, fromTfjs, Tensor } from '../../src/index.ts';
import {
  ACTIVATIONS,
  constraints,
  layers,
  optimizers,
  regularizers,
  sequential,
  type ActivationName,
  type Sequential,
} from '../../src/nn/index.ts';
import { ValueError } from '../../src/core/errors.ts';
import { allclose } from '../helpers/allclose.ts';
import { runOnnx } from '../helpers/onnx-runtime.ts';
import { features, float32Rows } from '../helpers/interop-models.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

const X = float32Rows(features(40, 3, 99));
const ours = (m: Sequential, x: number[][]) => m.predict(new Tensor(Float64Array.from(x.flat()), [x.length, 3])).data;

/** Every new layer, trained a little so that moving statistics and slopes are not their initial values. */
function breadth(dtype: 'float32' | 'float64', first: ActivationName = 'gelu', eluAlpha = 0.5): Sequential {
  const m = sequential(
    [
      layers.input({ shape: [3] }),
      layers.dense({
        units: 8,
        activation: first,
        kernelConstraint: constraints.maxNorm({ maxValue: 2 }),
        biasRegularizer: regularizers.l2(),
      }),
      layers.batchNormalization({ momentum: 0.5 }),
      layers.leakyReLU({ negativeSlope: 0.1 }),
      layers.dense({ units: 6, activation: 'softplus' }),
      layers.layerNormalization(),
      layers.prelu(),
      layers.elu({ alpha: eluAlpha }),
      layers.gaussianNoise({ stddev: 0.05 }),
      layers.dense({ units: 5, activation: 'selu' }),
      layers.activation({ activation: 'silu' }),
      layers.dropout({ rate: 0.1 }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
    { seed: 12, dtype },
  );
  m.compile({ loss: 'mse', optimizer: optimizers.adam({ learningRate: 0.05 }) });
  m.fit(
    X,
    X.map((r) => [r[0]! > 0 ? 1 : 0, r[1]! > 0 ? 1 : 0, 0.5]),
    { epochs: 3, batchSize: 8, verbose: 0 },
  );
  return m;
}

test('toOnnx: every new layer in onnxruntime, float32 and float64', async () => {
  // onnxruntime's Erf is float only: a float64 gelu gets float precision in its erf factor. ONNX has no log1p or
  // expm1, so softplus and ELU are written with log(1 + e) and e - 1; the layer normalization after the softplus
  // layer divides those last-bit differences (~1e-16) by its inputs' small spread here, so float64 agrees to ~1e-9
  // (each activation alone agrees to 1e-12 in the next test).
  for (const [dtype, first, tol] of [
    ['float32', 'gelu', { rtol: 1e-5, atol: 1e-6 }],
    ['float64', 'mish', { rtol: 1e-8, atol: 1e-14 }],
    ['float64', 'gelu', { rtol: 1e-6, atol: 1e-7 }],
  ] as const) {
    const m = breadth(dtype, first);
    const out = await runOnnx(toOnnx(m), X, dtype);
    const d = allclose(Array.from(out.output!.data as ArrayLike<number>), ours(m, X), { ...tol, msg: dtype });
    console.log(`  ONNX ${dtype} (${first}): max |difference| ${d.toExponential(2)}`);
  }
});

test('toOnnx: every activation name, each after a dense layer, float32 and float64', async () => {
  for (const a of ACTIVATIONS)
    for (const dtype of ['float32', 'float64'] as const) {
      const m = sequential([layers.dense({ units: 4, inputShape: [3], activation: a })], { seed: 3, dtype });
      const out = await runOnnx(toOnnx(m), X, dtype);
      const tol =
        dtype === 'float32'
          ? { rtol: 2e-5, atol: 2e-6 }
          : a === 'gelu'
            ? { rtol: 1e-6, atol: 1e-7 }
            : { rtol: 1e-12, atol: 1e-14 };
      allclose(Array.from(out.output!.data as ArrayLike<number>), ours(m, X), { ...tol, msg: `${a} ${dtype}` });
    }
  const ln = sequential([layers.input({ shape: [3] }), layers.layerNormalization({ name: 'ln' })]);
  assert.throws(
    () => toOnnx(ln, { opset: 16 }),
    (e: unknown) => e instanceof ValueError && /LayerNormalization 'ln' needs opset 17/.test((e as Error).message),
  );
});

test('toTfjs: TensorFlow.js loads every new layer and predicts as here; fromTfjs reads it back bit for bit', async () => {
  // TensorFlow.js' ELU layer takes alpha 1 only.
  assert.throws(() => toTfjs(breadth('float32')), /supports alpha 1 only/);
  const m = breadth('float32', 'gelu', 1);
  m.getLayer(3).trainable = false;
  const artifacts = toTfjs(m);
  const tfModel = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
  const theirs = (tfModel.predict(tf.tensor2d(X)) as tf.Tensor).dataSync();
  const d = allclose(theirs, ours(m, X), { rtol: 1e-5, atol: 1e-6 });
  console.log(`  TensorFlow.js: max |difference| ${d.toExponential(2)}`);
  assert.is(tfModel.layers[3]!.trainable, false);
  const back = fromTfjs(artifacts);
  assert.equal(Array.from(ours(back, X)), Array.from(ours(m, X)));
  assert.is(back.layers[3]!.trainable, false);
  assert.equal(back.weights().length, m.weights().length);
});

test('fromTfjs: a TensorFlow.js model with the new layers predicts as TensorFlow.js does', async () => {
  const t = tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, inputShape: [3], activation: 'elu', biasConstraint: tf.constraints.nonNeg() }),
      tf.layers.batchNormalization({ momentum: 0.8 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.layerNormalization({ epsilon: 1e-4 }),
      tf.layers.prelu({ alphaInitializer: tf.initializers.constant({ value: 0.25 }) }),
      tf.layers.gaussianNoise({ stddev: 0.1 }),
      tf.layers.dense({ units: 4, activation: 'mish' }),
      tf.layers.elu(),
      tf.layers.activation({ activation: 'logSoftmax' as 'softmax' }),
    ],
  });
  t.compile({ loss: 'meanSquaredError', optimizer: 'adam' });
  await t.fit(tf.tensor2d(X), tf.randomUniform([X.length, 4]), { epochs: 2, verbose: 0 });
  let saved: tf.io.ModelArtifacts | null = null;
  await t.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const m = fromTfjs(saved);
  const want = (t.predict(tf.tensor2d(X)) as tf.Tensor).dataSync();
  const d = allclose(ours(m, X), want, { rtol: 1e-5, atol: 2e-6 });
  console.log(`  fromTfjs: max |difference| ${d.toExponential(2)}`);
  assert.equal(
    m.layers.map((l) => l.className),
    [
      'Dense',
      'BatchNormalization',
      'LeakyReLU',
      'LayerNormalization',
      'PReLU',
      'GaussianNoise',
      'Dense',
      'ELU',
      'Activation',
    ],
  );
});

test.run();

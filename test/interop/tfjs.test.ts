// toTfjs / toTfjsFiles / fromTfjs against TensorFlow.js itself (CPU backend): exported models load in
// tfjs and predict as here on 1, 17 and 150 rows; models tfjs saves load here; round trips are bit-identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { toTfjs, toTfjsFiles, fromTfjs, Tensor, type Sequential } from '../../src/index.ts';
import { allclose } from '../helpers/allclose.ts';
import { sequentialCases, estimatorCases, features, float32Rows, type Case } from '../helpers/interop-models.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

const ROWS = [1, 17, 150];
const worst = new Map<string, number>();

type Saved = {
  modelTopology: Record<string, unknown>;
  weightSpecs: Array<{ name: string; shape: number[]; dtype: string }>;
  weightData: ArrayBuffer;
};

function tfPredict(m: tf.LayersModel, X: number[][]): Float32Array {
  const t = m.predict(tf.tensor2d(X)) as tf.Tensor;
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

function ours(model: Sequential, X: number[][]): Tensor {
  return model.predict(new Tensor(Float64Array.from(X.flat()), [X.length, (X[0] as number[]).length]));
}

async function saveTf(model: tf.LayersModel): Promise<Saved> {
  let saved: Saved | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a as unknown as Saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as unknown as Saved;
}

// A Pipeline's scalers have no layer here: toTfjs refuses it (tested with the errors), so its network is exported.
const target = (c: Case): unknown => (c.name.startsWith('Pipeline') ? c.network : c.target);
const networks = (): Case[] => [
  ...sequentialCases('float32'),
  ...estimatorCases('float32'),
  ...sequentialCases('float64'),
  ...estimatorCases('float64'),
];

test('toTfjs: every network loads with tf.loadLayersModel(tf.io.fromMemory(...)) and predicts as here (1, 17, 150 rows)', async () => {
  for (const c of networks()) {
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory(toTfjs(target(c)) as unknown as tf.io.ModelArtifacts));
    for (const n of ROWS) {
      const X = float32Rows(features(n, c.nFeatures, 2000 + n));
      const want = ours(c.network, X);
      assert.equal([n, ...tfModel.outputs[0]!.shape.slice(1)], want.shape, `${c.name}: output shape`);
      // tfjs computes in float32: a float64 model's weights were cast.
      const d = allclose(tfPredict(tfModel, X), want.data, {
        rtol: 1e-5,
        atol: 1e-6,
        msg: `${c.name} in tfjs on ${n} rows`,
      });
      worst.set(`tfjs ${c.name}`, Math.max(worst.get(`tfjs ${c.name}`) ?? 0, d));
    }
    tfModel.dispose();
  }
});

test('toTfjs: Keras topology (Sequential, unique names, batch_input_shape, <layer>/kernel and /bias in float32)', () => {
  const c = sequentialCases('float64')[1] as Case;
  const a = toTfjs(c.target);
  assert.is(a.format, 'layers-model');
  assert.is(a.modelTopology.class_name, 'Sequential');
  const layerList = (
    a.modelTopology.config as { layers: Array<{ class_name: string; config: Record<string, unknown> }> }
  ).layers;
  assert.equal(layerList[0]?.config.batch_input_shape, [null, 3]);
  assert.equal(
    layerList.map((l) => l.class_name),
    ['Dense', 'Activation', 'Activation', 'Dense', 'Activation'],
  );
  const names = layerList.map((l) => l.config.name);
  assert.is(new Set(names).size, names.length);
  assert.equal(
    a.weightSpecs.map((s) => s.name),
    [`${names[0]}/kernel`, `${names[0]}/bias`, `${names[3]}/kernel`],
  );
  assert.ok(a.weightSpecs.every((s) => s.dtype === 'float32'));
  assert.is(a.weightData.byteLength, (3 * 5 + 5 + 5 * 4) * 4);
  // The float64 weights arrive rounded to float32.
  const kernel = c.network.getWeights()[0] as Tensor;
  assert.equal(Array.from(new Float32Array(a.weightData, 0, 15)), Array.from(kernel.data, Math.fround));
});

test('round trips are bit-identical: fromTfjs(toTfjs(m)) and fromTfjs(model.json, bin) of toTfjsFiles(m) predict as m', () => {
  for (const c of [...sequentialCases('float32'), ...estimatorCases('float32')]) {
    const X = float32Rows(features(150, c.nFeatures, 77));
    const want = Array.from(ours(c.network, X).data);
    assert.equal(Array.from(ours(fromTfjs(toTfjs(target(c))), X).data), want, `${c.name}: artifacts round trip`);
    const files = toTfjsFiles(target(c));
    assert.equal(
      Array.from(ours(fromTfjs(files['model.json'], files['group1-shard1of1.bin']), X).data),
      want,
      `${c.name}: files round trip`,
    );
  }
});

test('a float64 model round-trips through float32 (tfjs has no float64): equal to float32 rounding', () => {
  for (const c of sequentialCases('float64')) {
    const back = fromTfjs(toTfjs(c.target));
    assert.is(back.dtype, 'float32');
    const X = float32Rows(features(17, c.nFeatures, 78));
    allclose(ours(back, X).data, ours(c.network, X).data, { rtol: 1e-5, atol: 1e-6, msg: c.name });
  }
});

test("toTfjsFiles: model.json names its shard; tfjs loads the files' contents", async () => {
  const c = estimatorCases('float32')[1] as Case;
  const files = toTfjsFiles(c.target);
  const json = JSON.parse(files['model.json']) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    format: string;
  };
  assert.equal(
    json.weightsManifest.map((g) => g.paths),
    [['group1-shard1of1.bin']],
  );
  assert.is(json.format, 'layers-model');
  const bin = files['group1-shard1of1.bin'];
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const tfModel = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData }),
  );
  const X = float32Rows(features(17, 4, 79));
  allclose(tfPredict(tfModel, X), ours(c.network, X).data, { rtol: 1e-5, atol: 1e-6 });
});

function tfModels(): Array<[string, tf.Sequential]> {
  const init = (seed: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: tf.initializers.randomUniform({ seed, minval: -0.5, maxval: 0.5 }),
  });
  const a = tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, activation: 'relu', inputShape: [4], ...init(1) }),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.activation({ activation: 'tanh' }),
      tf.layers.reLU(),
      tf.layers.dense({
        units: 3,
        useBias: false,
        activation: 'sigmoid',
        kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }),
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
      tf.layers.softmax(),
    ],
  });
  const b = tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [4] }),
      tf.layers.dense({ units: 5, activation: 'softmax', ...init(3) }),
      tf.layers.dense({ units: 2, ...init(4) }),
    ],
  });
  return [
    ['Dense/Dropout/Activation/ReLU/Dense(no bias, L2)/Softmax', a],
    ['InputLayer/Dense(softmax)/Dense(linear)', b],
  ];
}

test('fromTfjs reads what tfjs saves (artifacts, model.json + bin, shards) and predicts as tfjs (1, 17, 150 rows)', async () => {
  for (const [name, m] of tfModels()) {
    const saved = await saveTf(m);
    const manifest = {
      modelTopology: saved.modelTopology,
      weightsManifest: [{ paths: ['a.bin'], weights: saved.weightSpecs }],
    };
    const half = Math.floor(saved.weightData.byteLength / 8) * 4;
    const variants: Array<[string, Sequential]> = [
      ['artifacts', fromTfjs(saved)],
      ['model.json text + bytes', fromTfjs(JSON.stringify(manifest), new Uint8Array(saved.weightData))],
      [
        'parsed model.json + shards',
        fromTfjs(manifest, [saved.weightData.slice(0, half), saved.weightData.slice(half)]),
      ],
    ];
    for (const [how, model] of variants) {
      for (const n of ROWS) {
        const X = float32Rows(features(n, 4, 3000 + n));
        const d = allclose(ours(model, X).data, tfPredict(m, X), {
          rtol: 1e-5,
          atol: 1e-6,
          msg: `${name} (${how}) on ${n} rows`,
        });
        worst.set(`fromTfjs ${name}`, Math.max(worst.get(`fromTfjs ${name}`) ?? 0, d));
      }
    }
  }
});

test('fromTfjs reads Keras dialects: model_config wrapper, batch_shape and DTypePolicy (Keras 3), input_shape, a bare layer list', async () => {
  const [[, m]] = tfModels() as [[string, tf.Sequential]];
  const saved = await saveTf(m);
  const top = saved.modelTopology as {
    class_name: string;
    config: { name: string; layers: Array<{ class_name: string; config: Record<string, unknown> }> };
  };
  const rewrite = (f: (c: Record<string, unknown>) => void) => {
    const t = JSON.parse(JSON.stringify(top)) as typeof top;
    f(t.config.layers[0]!.config);
    return t;
  };
  const X = float32Rows(features(17, 4, 4000));
  const want = tfPredict(m, X);
  const topologies: Array<[string, unknown]> = [
    ['model_config', { model_config: top, training_config: null, keras_version: '2.15.0', backend: 'tensorflow' }],
    [
      'batch_shape + DTypePolicy',
      rewrite((c) => {
        c.batch_shape = c.batch_input_shape;
        delete c.batch_input_shape;
        c.dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
      }),
    ],
    [
      'input_shape',
      rewrite((c) => {
        c.input_shape = [4];
        delete c.batch_input_shape;
      }),
    ],
    ['layer list', { class_name: 'Sequential', config: top.config.layers }],
  ];
  for (const [how, t] of topologies) {
    const model = fromTfjs({ modelTopology: t, weightSpecs: saved.weightSpecs, weightData: saved.weightData });
    allclose(ours(model, X).data, want, { rtol: 1e-5, atol: 1e-6, msg: how });
  }
});

test.after(() => {
  console.log(
    `max |tfjs - scikeras-ts| over 1, 17, 150 rows:\n${[...worst].map(([k, v]) => `  ${v.toExponential(2)}  ${k}`).join('\n')}`,
  );
});

test.run();

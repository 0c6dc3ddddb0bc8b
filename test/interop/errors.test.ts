// Bad input to toOnnx / toTfjs / fromTfjs: each refusal is an error of the package's classes whose
// message names the thing at fault (the estimator, step, layer, activation, option, weight or dtype).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import {
  toOnnx,
  toTfjs,
  toTfjsFiles,
  fromTfjs,
  sequential,
  layers,
  Layer,
  Tensor,
  MLPClassifier,
  MLPRegressor,
  KerasClassifier,
  KerasRegressor,
  Pipeline,
  StandardScaler,
  OneHotEncoder,
  NotFittedError,
  ValueError,
  type BuildArgs,
} from '../../src/index.ts';
import { estimatorCases, features, type Case } from '../helpers/interop-models.ts';

tf.enableProdMode();
await tf.setBackend('cpu');

function throwsWith(fn: () => unknown, cls: new (...a: never[]) => Error, ...parts: Array<string | RegExp>): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof cls, `expected a ${cls.name}, got ${err === null ? 'no error' : String(err)}`);
  const msg = (err as Error).message;
  for (const p of parts)
    assert.ok(
      typeof p === 'string' ? msg.includes(p) : p.test(msg),
      `message ${JSON.stringify(msg)} lacks ${String(p)}`,
    );
}

/** A layer the exporters do not know (standing in for one added later without an exporter). */
class Flatten extends Layer {
  readonly className = 'Flatten' as unknown as 'Dense';
  constructor() {
    super('flat', 'flatten');
  }
  call(x: Tensor): Tensor {
    return x;
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }
}

const [binary, multiclass, , , regressor] = estimatorCases('float32') as Case[];

test('unfitted estimators: NotFittedError naming the class, from toOnnx and toTfjs', () => {
  for (const est of [new MLPClassifier(), new MLPRegressor(), new KerasClassifier(), new KerasRegressor()]) {
    throwsWith(() => toOnnx(est), NotFittedError, 'toOnnx', est.constructor.name, 'not fitted');
    throwsWith(() => toTfjs(est), NotFittedError, 'toTfjs', est.constructor.name);
  }
  const pipe = new Pipeline([
    ['scale', new StandardScaler()],
    ['mlp', new MLPClassifier()],
  ]);
  throwsWith(() => toOnnx(pipe), NotFittedError, "step 'scale'", 'StandardScaler');
});

test('a model whose input shape is unknown is refused, naming the model', () => {
  const m = sequential([layers.dense({ units: 2 })], { name: 'shapeless' });
  throwsWith(() => toOnnx(m), ValueError, "'shapeless'", 'input shape');
  throwsWith(() => toTfjs(m), ValueError, "'shapeless'", 'input shape');
});

test('unsupported layers and activations are refused by name', () => {
  const m = sequential([layers.dense({ units: 3, inputShape: [2], name: 'd1' }), new Flatten()]);
  throwsWith(() => toOnnx(m), ValueError, "layer 'flat'", 'Flatten', 'Dense');
  throwsWith(() => toTfjs(m), ValueError, "layer 'flat'", 'Flatten');
  const n = sequential([layers.dense({ units: 3, inputShape: [2], name: 'd2' })]);
  // Every activation name exports; one that is not an activation is still named.
  (n.layers[0] as unknown as { activation: string }).activation = 'swishy';
  throwsWith(() => toOnnx(n), ValueError, "layer 'd2'", "'swishy'");
  const h = sequential([layers.dense({ units: 3, inputShape: [2], activation: 'hard_sigmoid', name: 'd3' })]);
  throwsWith(() => toTfjs(h), ValueError, "layer 'd3'", "'hard_sigmoid'", "Keras 2's clip(0.2 x + 0.5, 0, 1)");
  const e = sequential([layers.input({ shape: [2] }), layers.activation({ activation: 'exponential', name: 'ex' })]);
  throwsWith(() => toTfjs(e), ValueError, "layer 'ex'", "'exponential'");
});

test('Pipelines: an unsupported step is named; toTfjs refuses a Pipeline', () => {
  const X = features(30, 2, 1).map((r) => [r[0] as number, r[1]! > 1 ? 1 : 0]);
  const y = X.map((r) => (r[0]! > 0 ? 1 : 0));
  const pipe = new Pipeline([
    ['onehot', new OneHotEncoder({ handleUnknown: 'ignore' })],
    ['mlp', new MLPClassifier({ maxIter: 5, hiddenLayerSizes: [3] })],
  ]).fit(X, y);
  throwsWith(() => toOnnx(pipe), ValueError, "step 'onehot'", 'OneHotEncoder', 'StandardScaler, MinMaxScaler');
  throwsWith(() => toTfjs(pipe), ValueError, 'toTfjs', 'Pipeline');
  throwsWith(
    () =>
      toOnnx(
        new Pipeline([
          ['s', new StandardScaler().fit(X)],
          ['last', 'passthrough'],
        ]),
      ),
    ValueError,
    "final step 'last'",
  );
});

test('bad targets and options are refused, naming the option and the value', () => {
  throwsWith(() => toOnnx(42), ValueError, 'Sequential', '42');
  throwsWith(() => toOnnx({}), ValueError, 'an object');
  throwsWith(() => toOnnx(binary!.target, { dtype: 'float16' as 'float32' }), ValueError, 'dtype', "'float16'");
  throwsWith(() => toOnnx(binary!.target, { opset: 12 }), ValueError, 'opset', '12');
  throwsWith(() => toOnnx(binary!.target, { opset: 22 }), ValueError, 'opset', '22');
  throwsWith(() => toOnnx(binary!.target, { zipmap: 'yes' as unknown as boolean }), ValueError, 'zipmap', "'yes'");
  throwsWith(() => toOnnx(regressor!.target, { zipmap: true }), ValueError, 'zipmap', 'MLPRegressor');
  throwsWith(() => toTfjsFiles(7), ValueError, 'toTfjs', '7');
  assert.ok(toOnnx(multiclass!.target, { opset: 13 }).length > 0);
});

test('a classifier whose labels have no ONNX form (multiclass-multioutput) is refused', () => {
  const build = ({ meta, compileKwargs }: BuildArgs) => {
    const m = sequential([layers.input({ shape: [meta.nFeaturesIn_] }), layers.dense({ units: 2 })]);
    m.compile({ loss: 'mse', optimizer: compileKwargs.optimizer });
    return m;
  };
  const X = features(20, 3, 2);
  const clf = new KerasClassifier<number[][]>({ model: build, epochs: 1, verbose: 0 }).fit(
    X,
    X.map((r) => [r[0]! > 0 ? 2 : 0, r[1]! > 1 ? 1 : 3]),
  );
  throwsWith(() => toOnnx(clf), ValueError, 'KerasClassifier', "'multiclass-multioutput'");
});

interface SavedJson {
  modelTopology: { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
  weightSpecs: Array<Record<string, unknown>>;
}

/** What tfjs saves for `model`, weights left out (the tests give their own bytes). */
async function saved(model: tf.LayersModel): Promise<SavedJson> {
  let out: unknown = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const { modelTopology, weightSpecs } = out as SavedJson;
  return JSON.parse(JSON.stringify({ modelTopology, weightSpecs })) as SavedJson;
}

test('fromTfjs: unsupported layer class, activation, dtype, ReLU / Softmax options and non-Sequential models are named', async () => {
  const flat = await saved(
    tf.sequential({
      layers: [
        tf.layers.dense({ units: 2, inputShape: [3], name: 'in' }),
        tf.layers.alphaDropout({ rate: 0.1, name: 'flat' }),
      ],
    }),
  );
  throwsWith(
    () => fromTfjs({ ...flat, weightData: new ArrayBuffer(32) }),
    ValueError,
    "layer 'flat' (AlphaDropout)",
    'supported layers',
  );
  // TensorFlow.js' hard sigmoid is Keras 2's, not Keras 3's: refused by name.
  const hard = await saved(
    tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'hardSigmoid', name: 'e' })] }),
  );
  throwsWith(
    () => fromTfjs({ ...hard, weightData: new ArrayBuffer(32) }),
    ValueError,
    "layer 'e' (Dense)",
    "'hard_sigmoid'",
  );
  const plain = await saved(tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'p' })] }));
  const edit = (f: (c: Record<string, unknown>) => void, cls?: string) => {
    const t = JSON.parse(JSON.stringify(plain.modelTopology)) as typeof plain.modelTopology;
    f(t.config.layers[0]!.config);
    if (cls) t.config.layers[0]!.class_name = cls;
    return { modelTopology: t, weightSpecs: plain.weightSpecs, weightData: new ArrayBuffer(32) };
  };
  throwsWith(() => fromTfjs(edit((c) => (c.dtype = 'float16'))), ValueError, "layer 'p'", "'float16'");
  throwsWith(
    () => fromTfjs(edit((c) => (c.dtype = { class_name: 'DTypePolicy', config: { name: 'mixed_float16' } }))),
    ValueError,
    "'mixed_float16'",
  );
  throwsWith(() => fromTfjs(edit((c) => (c.max_value = 6), 'ReLU')), ValueError, 'ReLU', 'max_value', '6');
  throwsWith(() => fromTfjs(edit((c) => (c.axis = 0), 'Softmax')), ValueError, 'Softmax', 'axis 0');
  throwsWith(
    () => fromTfjs(edit((c) => (c.kernel_regularizer = { class_name: 'OrthogonalRegularizer', config: {} }))),
    ValueError,
    "'OrthogonalRegularizer'",
  );
  throwsWith(() => fromTfjs(edit((c) => delete c.batch_input_shape)), ValueError, 'input shape is unknown');
  throwsWith(
    () =>
      fromTfjs({ ...plain, modelTopology: { class_name: 'Functional', config: {} }, weightData: new ArrayBuffer(32) }),
    ValueError,
    "'Functional'",
  );
});

test('fromTfjs: missing, short, quantized or non-float32 weights are named', async () => {
  const plain = await saved(tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'w' })] }));
  throwsWith(
    () => fromTfjs({ ...plain, weightSpecs: plain.weightSpecs.slice(0, 1), weightData: new ArrayBuffer(24) }),
    ValueError,
    "missing weight 'w/bias'",
  );
  throwsWith(
    () => fromTfjs({ ...plain, weightData: new ArrayBuffer(28) }),
    ValueError,
    '28 bytes',
    'need 32',
    "'w/bias'",
  );
  const quantized = plain.weightSpecs.map((s, i) =>
    i === 0 ? { ...s, quantization: { dtype: 'uint8', scale: 0.1, min: 0 } } : s,
  );
  throwsWith(
    () => fromTfjs({ ...plain, weightSpecs: quantized, weightData: new ArrayBuffer(32) }),
    ValueError,
    "'w/kernel'",
    'uint8',
  );
  const ints = plain.weightSpecs.map((s, i) => (i === 1 ? { ...s, dtype: 'int32' } : s));
  throwsWith(
    () => fromTfjs({ ...plain, weightSpecs: ints, weightData: new ArrayBuffer(32) }),
    ValueError,
    "'w/bias'",
    'int32',
  );
  const wrongShape = plain.weightSpecs.map((s, i) => (i === 0 ? { ...s, shape: [2, 3] } : s));
  throwsWith(
    () => fromTfjs({ ...plain, weightSpecs: wrongShape, weightData: new ArrayBuffer(32) }),
    ValueError,
    "'w/kernel'",
    '[2,3]',
    '[3,2]',
  );
  throwsWith(
    () =>
      fromTfjs({
        modelTopology: plain.modelTopology,
        weightsManifest: [{ paths: ['x.bin'], weights: plain.weightSpecs }],
      }),
    ValueError,
    "'x.bin'",
    'weightData',
  );
  throwsWith(() => fromTfjs('{not json'), ValueError, 'not valid JSON');
  throwsWith(() => fromTfjs({ weightSpecs: [] }), ValueError, 'modelTopology');
});

test.run();

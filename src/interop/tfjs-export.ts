// toTfjs / toTfjsFiles: a network in TensorFlow.js' layers-model format (Keras' Sequential topology,
// weight specs and one float32 weight buffer), loadable by tf.loadLayersModel and convertible to Keras.
// Imports nn and errors.

import { ValueError } from '../core/errors.ts';
import {
  Activation,
  BatchNormalization,
  Dense,
  Dropout,
  ELU,
  GaussianNoise,
  LayerNormalization,
  LeakyReLU,
  PReLU,
  type Layer,
  type Sequential,
} from '../nn/index.ts';
import { constraintConfig, regularizerConfig, tfjsActivation, weightNames } from './keras-config.ts';
import { inputShapeOf, resolveNetwork } from './targets.ts';

/** One weight's entry in `weightSpecs` / a weights manifest (TensorFlow.js' WeightsManifestEntry). */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** TensorFlow.js' `ModelArtifacts` for a layers model: `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads it. */
export interface TfjsArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: TfjsWeightSpec[];
  weightData: ArrayBuffer;
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
}

/** The files `tf.io.browserFiles`, `tf.loadLayersModel('.../model.json')` and `tensorflowjs_converter` read. */
export interface TfjsFiles {
  'model.json': string;
  'group1-shard1of1.bin': Uint8Array;
}

const GENERATED_BY = 'scikeras-ts';
const SHARD = 'group1-shard1of1.bin';

/**
 * A Sequential (or a fitted estimator's `model_`) as TensorFlow.js layers-model artifacts: Keras'
 * `Sequential` topology with unique layer names, `batch_input_shape: [null, ...]` on the first layer,
 * weights `<layer>/kernel` and `<layer>/bias` in float32 (a float64 model is cast to float32).
 *
 * @example
 * const tfModel = await tf.loadLayersModel(tf.io.fromMemory(toTfjs(clf)));
 */
export function toTfjs(model: unknown): TfjsArtifacts {
  const op = 'toTfjs';
  const net = resolveNetwork(model, op).model;
  const inputShape = inputShapeOf(net, `Sequential '${net.name}'`, op);
  const names = uniqueNames(net);
  const layerConfigs: Array<Record<string, unknown>> = [];
  const weightSpecs: TfjsWeightSpec[] = [];
  const arrays: Float32Array[] = [];
  for (const layer of net.layers) {
    const name = names.get(layer) as string;
    const entry = layerConfig(layer, name, op);
    if (entry === null) continue;
    if (layerConfigs.length === 0)
      Object.assign(entry.config as Record<string, unknown>, {
        batch_input_shape: [null, ...inputShape],
        dtype: 'float32',
      });
    layerConfigs.push(entry);
    const suffixes = weightNames(layer);
    layer.weights().forEach((w, i) => {
      weightSpecs.push({ name: `${name}/${suffixes[i] as string}`, shape: w.shape.slice(), dtype: 'float32' });
      arrays.push(w.data instanceof Float32Array ? w.data : Float32Array.from(w.data));
    });
  }
  if (layerConfigs.length === 0) {
    throw new ValueError(`${op}: Sequential '${net.name}' has no layers besides its input; there is nothing to export`);
  }
  return {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: net.name, layers: layerConfigs },
      // The dialect of this topology: what TensorFlow.js 4 writes and reads.
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightSpecs,
    weightData: littleEndianFloats(arrays),
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
  };
}

/**
 * `toTfjs` as the two files of a saved layers model: `model.json` (topology and weights manifest) and
 * `group1-shard1of1.bin` (the weights), ready to write to disk or serve over HTTP.
 */
export function toTfjsFiles(model: unknown): TfjsFiles {
  const a = toTfjs(model);
  const json = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy,
    weightsManifest: [{ paths: [SHARD], weights: a.weightSpecs }],
  };
  return { 'model.json': JSON.stringify(json), [SHARD]: new Uint8Array(a.weightData) } as TfjsFiles;
}

// Layer names in TensorFlow.js must be unique and safe in weight names ('<layer>/kernel').
function uniqueNames(net: Sequential): Map<Layer, string> {
  const out = new Map<Layer, string>();
  const taken = new Set<string>();
  for (const layer of net.layers) {
    const base = layer.name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'layer';
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    out.set(layer, name);
  }
  return out;
}

const LAYERS =
  'Dense, Activation, Dropout, BatchNormalization, LayerNormalization, LeakyReLU, ELU, PReLU, GaussianNoise, InputLayer';

function layerConfig(
  layer: Layer,
  name: string,
  op: string,
): { class_name: string; config: Record<string, unknown> } | null {
  const what = `layer '${layer.name}' (${layer.className})`;
  const entry = (class_name: string, config: Record<string, unknown>) => ({
    class_name,
    config: { ...config, name, trainable: layer.trainable },
  });
  if (layer instanceof Dense)
    return entry('Dense', {
      units: layer.units,
      activation: tfjsActivation(layer.activation, what, op),
      use_bias: layer.useBias,
      kernel_initializer: initializerConfig(layer.kernelInitializer),
      bias_initializer: initializerConfig(layer.biasInitializer),
      // scikit-learn's penalty (alpha / 2 per sample of the batch) has no Keras form: it is left out.
      kernel_regularizer: regularizerConfig(layer.kernelRegularizer),
      bias_regularizer: regularizerConfig(layer.biasRegularizer),
      activity_regularizer: regularizerConfig(layer.activityRegularizer),
      kernel_constraint: constraintConfig(layer.kernelConstraint),
      bias_constraint: constraintConfig(layer.biasConstraint),
    });
  if (layer instanceof Activation)
    return entry('Activation', { activation: tfjsActivation(layer.activation, what, op) });
  if (layer instanceof Dropout) return entry('Dropout', { rate: layer.rate, noise_shape: null, seed: null });
  if (layer instanceof BatchNormalization || layer instanceof LayerNormalization) {
    const shared = {
      axis: -1,
      epsilon: layer.epsilon,
      center: layer.center,
      scale: layer.scale,
      beta_initializer: initializerConfig(layer.betaInitializer),
      gamma_initializer: initializerConfig(layer.gammaInitializer),
      beta_regularizer: regularizerConfig(layer.betaRegularizer),
      gamma_regularizer: regularizerConfig(layer.gammaRegularizer),
    };
    if (layer instanceof LayerNormalization) return entry('LayerNormalization', shared);
    return entry('BatchNormalization', {
      ...shared,
      momentum: layer.momentum,
      moving_mean_initializer: initializerConfig(layer.movingMeanInitializer),
      moving_variance_initializer: initializerConfig(layer.movingVarianceInitializer),
      beta_constraint: constraintConfig(layer.betaConstraint),
      gamma_constraint: constraintConfig(layer.gammaConstraint),
    });
  }
  if (layer instanceof LeakyReLU) return entry('LeakyReLU', { alpha: layer.negativeSlope });
  if (layer instanceof ELU) {
    if (layer.alpha !== 1)
      throw new ValueError(`${op}: ${what} has alpha ${layer.alpha}; TensorFlow.js' ELU layer supports alpha 1 only`);
    return entry('ELU', { alpha: 1 });
  }
  if (layer instanceof PReLU)
    return entry('PReLU', {
      alpha_initializer: initializerConfig(layer.alphaInitializer),
      alpha_regularizer: regularizerConfig(layer.alphaRegularizer),
      alpha_constraint: constraintConfig(layer.alphaConstraint),
      shared_axes: layer.sharedAxes,
    });
  if (layer instanceof GaussianNoise) return entry('GaussianNoise', { stddev: layer.stddev });
  const cls: string = layer.className;
  if (cls === 'InputLayer') return null; // its shape goes on the first layer as batch_input_shape
  throw new ValueError(
    `${op}: layer '${layer.name}' (${cls}) has no TensorFlow.js export; supported layers: ${LAYERS}`,
  );
}

// Keras' initializer configs, as TensorFlow.js writes them (the Glorot and He families are VarianceScaling).
function initializerConfig(spec: Dense['kernelInitializer']): { class_name: string; config: Record<string, unknown> } {
  const c = spec.config ?? {};
  const vs = (scale: number, mode: string, distribution: string) => ({
    class_name: 'VarianceScaling',
    config: { scale, mode, distribution, seed: null },
  });
  switch (spec.className) {
    case 'GlorotUniform':
      return vs(1, 'fan_avg', 'uniform');
    case 'HeNormal':
      return vs(2, 'fan_in', 'normal');
    case 'HeUniform':
      return vs(2, 'fan_in', 'uniform');
    case 'Zeros':
      return { class_name: 'Zeros', config: {} };
    case 'Ones':
      return { class_name: 'Ones', config: {} };
    case 'RandomUniform':
      return {
        class_name: 'RandomUniform',
        config: { minval: c.minval ?? -0.05, maxval: c.maxval ?? 0.05, seed: null },
      };
    case 'RandomNormal':
      return { class_name: 'RandomNormal', config: { mean: c.mean ?? 0, stddev: c.stddev ?? 0.05, seed: null } };
    case 'Constant':
      return { class_name: 'Constant', config: { value: c.value ?? 0 } };
    default:
      return spec.className satisfies never;
  }
}

function littleEndianFloats(arrays: readonly Float32Array[]): ArrayBuffer {
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const buf = new ArrayBuffer(total * 4);
  const view = new DataView(buf);
  let at = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++, at += 4) view.setFloat32(at, a[i] as number, true);
  return buf;
}

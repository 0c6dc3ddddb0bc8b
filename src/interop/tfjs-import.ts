// fromTfjs: a Sequential from TensorFlow.js layers-model artifacts or model.json + weights, as tfjs
// saves them and tensorflowjs_converter writes them from Keras. Imports nn and errors.

import { ValueError, describe } from '../core/errors.ts';
import { Tensor } from '../tensor/index.ts';
import { Sequential, layers, type Layer } from '../nn/index.ts';
import { readActivation, readConstraint, readRegularizer, weightNames } from './keras-config.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Weight bytes as TensorFlow.js hands them over: one buffer, a view, or a list of buffers (shards). */
export type TfjsWeightData = ArrayBuffer | ArrayBufferView | ReadonlyArray<ArrayBuffer | ArrayBufferView>;

const OP = 'fromTfjs';
const LAYERS =
  'Dense, InputLayer, Dropout, Activation, ReLU, Softmax, BatchNormalization, LayerNormalization, LeakyReLU, ELU, ' +
  'PReLU, GaussianNoise';

/**
 * A Sequential from a TensorFlow.js layers model: the artifacts object (`toTfjs` output, or what
 * `model.save(tf.io.withSaveHandler(...))` receives), or a `model.json` (parsed or as text) plus its
 * weight files' bytes concatenated in manifest order. Keras' `Sequential` topologies of Dense,
 * InputLayer, Dropout, Activation, ReLU and Softmax layers are read (`batch_input_shape`,
 * `batch_shape`, `input_shape`, a `model_config` wrapper); anything else is an error naming it.
 * The model is float32 and not compiled.
 *
 * @example
 * const model = fromTfjs(await (await fetch('model.json')).text(), await (await fetch('group1-shard1of1.bin')).arrayBuffer());
 */
export function fromTfjs(artifactsOrModelJson: unknown, weightData?: TfjsWeightData): Sequential {
  let src = artifactsOrModelJson;
  if (typeof src === 'string') {
    try {
      src = JSON.parse(src);
    } catch (e) {
      throw new ValueError(`${OP}: the model.json text is not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObj(src) || !isObj(src.modelTopology)) {
    throw new ValueError(
      `${OP}: expected layers-model artifacts or a model.json with a 'modelTopology' object. Got ${describe(src)} instead.`,
    );
  }
  let specs: unknown[];
  let data: TfjsWeightData | undefined = weightData;
  if (Array.isArray(src.weightsManifest)) {
    specs = src.weightsManifest.flatMap((g) => (isObj(g) && Array.isArray(g.weights) ? g.weights : []));
    if (data === undefined) {
      const paths = src.weightsManifest.flatMap((g) => (isObj(g) && Array.isArray(g.paths) ? g.paths : []));
      throw new ValueError(
        `${OP}: a model.json needs its weights: pass the bytes of ${describe(paths)} (concatenated in that order) as weightData`,
      );
    }
  } else {
    specs = Array.isArray(src.weightSpecs) ? src.weightSpecs : [];
    data ??= src.weightData as TfjsWeightData | undefined;
  }
  const weights = readWeights(specs, data === undefined ? new Uint8Array(0) : concatBytes(data));
  return buildModel(src.modelTopology, weights);
}

function concatBytes(d: TfjsWeightData): Uint8Array {
  const one = (b: unknown): Uint8Array => {
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    throw new ValueError(
      `${OP}: weightData must be an ArrayBuffer, a typed array or a list of them. Got ${describe(b)} instead.`,
    );
  };
  if (!Array.isArray(d)) return one(d);
  const parts = d.map(one);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Weights by name: each spec's bytes follow the previous one's. Only float32 weights can be used. */
function readWeights(
  specs: unknown[],
  bytes: Uint8Array,
): Map<string, { shape: number[]; values: Float32Array | string }> {
  const out = new Map<string, { shape: number[]; values: Float32Array | string }>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const s of specs) {
    if (
      !isObj(s) ||
      typeof s.name !== 'string' ||
      !Array.isArray(s.shape) ||
      s.shape.some((d) => !Number.isInteger(d) || d < 0)
    ) {
      throw new ValueError(`${OP}: a weight spec must be { name, shape, dtype }. Got ${describe(s)} instead.`);
    }
    const shape = s.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const q = isObj(s.quantization) ? s.quantization : null;
    const stored = q !== null ? String(q.dtype) : String(s.dtype ?? 'float32');
    const per = BYTES[stored];
    if (per === undefined) {
      throw new ValueError(
        `${OP}: weight '${s.name}' is stored as ${describe(stored)}, which cannot be read; weights must be float32`,
      );
    }
    const end = at + size * per;
    if (end > bytes.length) {
      throw new ValueError(
        `${OP}: the weight data has ${bytes.length} bytes, but the weight specs need ${end} (ran out at weight '${s.name}')`,
      );
    }
    // Non-float32 weights are only skipped over; using one is an error naming its dtype.
    let values: Float32Array | string = q !== null ? `quantized to ${stored}` : stored;
    if (q === null && stored === 'float32') {
      const f = new Float32Array(size);
      for (let i = 0; i < size; i++) f[i] = view.getFloat32(at + i * 4, true);
      values = f;
    }
    out.set(s.name, { shape, values });
    at = end;
  }
  return out;
}

function buildModel(
  topology: Obj,
  weights: Map<string, { shape: number[]; values: Float32Array | string }>,
): Sequential {
  const top = isObj(topology.model_config) ? topology.model_config : topology;
  if (top.class_name !== 'Sequential') {
    throw new ValueError(
      `${OP}: only Sequential models can be read; the topology is a ${describe(top.class_name)} model`,
    );
  }
  const cfg = top.config;
  const entries = Array.isArray(cfg) ? cfg : isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : null;
  if (entries === null) throw new ValueError(`${OP}: the Sequential topology has no 'layers' list`);
  const name = isObj(cfg) && typeof cfg.name === 'string' ? cfg.name : 'sequential';
  let inputShape: number[] | null = null;
  const built: Layer[] = [];
  for (const entry of entries) {
    if (!isObj(entry) || typeof entry.class_name !== 'string' || !isObj(entry.config)) {
      throw new ValueError(`${OP}: a layer must be { class_name, config }. Got ${describe(entry)} instead.`);
    }
    const c = entry.config;
    const cls = entry.class_name;
    const lname = typeof c.name === 'string' ? c.name : `${cls.toLowerCase()}_${built.length}`;
    const what = `layer '${lname}' (${cls})`;
    checkDtype(c.dtype, what);
    const declared = declaredShape(c, what);
    if (declared !== null && inputShape === null && built.length === 0) inputShape = declared;
    const shapeNow = inputShape === null ? null : currentShape(built, inputShape);
    switch (cls) {
      case 'InputLayer':
        if (built.length > 0) throw new ValueError(`${OP}: ${what} must come first`);
        if (declared === null)
          throw new ValueError(`${OP}: ${what} has no batch_input_shape, batch_shape or input_shape`);
        break;
      case 'Dense': {
        if (!Number.isInteger(c.units) || (c.units as number) < 1) {
          throw new ValueError(`${OP}: ${what} needs a positive integer 'units'. Got ${describe(c.units)} instead.`);
        }
        built.push(
          layers.dense({
            units: c.units as number,
            activation: readActivation(c.activation, what, OP),
            useBias: c.use_bias !== false,
            name: lname,
            kernelRegularizer: readRegularizer(c.kernel_regularizer, what, OP),
            biasRegularizer: readRegularizer(c.bias_regularizer, what, OP),
            activityRegularizer: readRegularizer(c.activity_regularizer, what, OP),
            kernelConstraint: readConstraint(c.kernel_constraint, what, OP),
            biasConstraint: readConstraint(c.bias_constraint, what, OP),
          }),
        );
        break;
      }
      case 'Activation':
        built.push(layers.activation({ activation: readActivation(c.activation, what, OP), name: lname }));
        break;
      case 'BatchNormalization':
      case 'LayerNormalization': {
        const rank = shapeNow === null ? null : shapeNow.length;
        if (!isLastAxis(c.axis, rank))
          throw new ValueError(`${OP}: ${what} has axis ${describe(c.axis)}; only the last axis can be read`);
        const args = {
          name: lname,
          ...(typeof c.epsilon === 'number' ? { epsilon: c.epsilon } : {}),
          center: c.center !== false,
          scale: c.scale !== false,
          betaRegularizer: readRegularizer(c.beta_regularizer, what, OP),
          gammaRegularizer: readRegularizer(c.gamma_regularizer, what, OP),
          betaConstraint: readConstraint(c.beta_constraint, what, OP),
          gammaConstraint: readConstraint(c.gamma_constraint, what, OP),
        };
        built.push(
          cls === 'LayerNormalization'
            ? layers.layerNormalization(args)
            : layers.batchNormalization({
                ...args,
                ...(typeof c.momentum === 'number' ? { momentum: c.momentum } : {}),
              }),
        );
        break;
      }
      case 'LeakyReLU': {
        // Keras 3 names the slope negative_slope, TensorFlow.js and Keras 2 alpha (both default 0.3).
        const slope = c.negative_slope ?? c.alpha;
        built.push(layers.leakyReLU({ name: lname, ...(typeof slope === 'number' ? { negativeSlope: slope } : {}) }));
        break;
      }
      case 'ELU':
        built.push(layers.elu({ name: lname, ...(typeof c.alpha === 'number' ? { alpha: c.alpha } : {}) }));
        break;
      case 'PReLU':
        built.push(
          layers.prelu({
            name: lname,
            sharedAxes: Array.isArray(c.shared_axes) ? (c.shared_axes as number[]) : null,
            alphaRegularizer: readRegularizer(c.alpha_regularizer, what, OP),
            alphaConstraint: readConstraint(c.alpha_constraint, what, OP),
          }),
        );
        break;
      case 'GaussianNoise':
        built.push(layers.gaussianNoise({ stddev: c.stddev as number, name: lname }));
        break;
      case 'ReLU':
        for (const [k, ok] of [
          ['max_value', null],
          ['negative_slope', 0],
          ['threshold', 0],
        ] as const) {
          if (c[k] !== undefined && c[k] !== ok) {
            throw new ValueError(
              `${OP}: ${what} has ${k} ${describe(c[k])}; only a plain ReLU (${k} ${describe(ok)}) can be read`,
            );
          }
        }
        built.push(layers.reLU({ name: lname }));
        break;
      case 'Softmax': {
        const axis = c.axis ?? -1;
        // The last axis, counted with the batch dimension: -1, or the input's rank - 1.
        if (axis !== -1 && !(shapeNow !== null && axis === shapeNow.length)) {
          throw new ValueError(
            `${OP}: ${what} has axis ${describe(axis)}; only a softmax over the last axis can be read`,
          );
        }
        built.push(layers.softmax({ name: lname }));
        break;
      }
      case 'Dropout':
        if (typeof c.rate !== 'number')
          throw new ValueError(`${OP}: ${what} needs a numeric 'rate'. Got ${describe(c.rate)} instead.`);
        built.push(layers.dropout({ rate: c.rate, name: lname }));
        break;
      default:
        throw new ValueError(`${OP}: ${what} cannot be read; supported layers: ${LAYERS}`);
    }
    // A frozen layer stays frozen.
    const last = built[built.length - 1];
    if (c.trainable === false && last !== undefined && last.name === lname) last.trainable = false;
  }
  if (inputShape === null) {
    const bc = top.build_config;
    const s = isObj(bc) && Array.isArray(bc.input_shape) ? bc.input_shape.slice(1) : null;
    if (s === null || s.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ValueError(
        `${OP}: the model's input shape is unknown: the first layer has no batch_input_shape, batch_shape or input_shape`,
      );
    }
    inputShape = s as number[];
  }
  if (built.length === 0) throw new ValueError(`${OP}: the model has no layers besides its input`);
  const model = new Sequential({ name, dtype: 'float32', layers: built });
  model.build(inputShape);
  model.setWeights(
    built.flatMap((l) => {
      const names = weightNames(l);
      return l.weights().map((w, i) => weightFor(weights, l.name, names[i] as string, w.shape));
    }),
  );
  return model;
}

function weightFor(
  weights: Map<string, { shape: number[]; values: Float32Array | string }>,
  layer: string,
  kind: string,
  shape: readonly number[],
): Tensor {
  const want = `${layer}/${kind}`;
  let found = weights.get(want);
  // Keras writes scoped names ('sequential/dense/kernel') in some versions: match one that ends with the layer's.
  if (found === undefined) {
    const scoped = [...weights.keys()].filter((k) => k.endsWith(`/${want}`));
    if (scoped.length === 1) found = weights.get(scoped[0] as string);
  }
  if (found === undefined)
    throw new ValueError(`${OP}: missing weight '${want}' (the weight specs hold ${describe([...weights.keys()])})`);
  if (typeof found.values === 'string') {
    throw new ValueError(`${OP}: weight '${want}' is ${found.values}; only float32 weights can be read`);
  }
  if (found.shape.length !== shape.length || found.shape.some((d, i) => d !== shape[i])) {
    throw new ValueError(
      `${OP}: weight '${want}' has shape [${found.shape.join(',')}], but the layer needs [${shape.join(',')}]`,
    );
  }
  return new Tensor(found.values, shape.slice());
}

function declaredShape(c: Obj, what: string): number[] | null {
  const full = c.batch_input_shape ?? c.batch_shape;
  const raw = Array.isArray(full) ? full.slice(1) : Array.isArray(c.input_shape) ? c.input_shape : null;
  if (raw === null) return null;
  if (raw.length === 0 || raw.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ValueError(
      `${OP}: ${what} has input shape ${describe(full ?? c.input_shape)}; every dimension after the batch must be a positive integer`,
    );
  }
  return raw as number[];
}

function currentShape(built: readonly Layer[], inputShape: number[]): number[] {
  let s = inputShape;
  for (const l of built) s = l.outputShape(s);
  return s;
}

function checkDtype(d: unknown, what: string): void {
  // Keras 3 writes a DTypePolicy object; TensorFlow.js and Keras 2 a string.
  const name = isObj(d) && isObj(d.config) ? d.config.name : d;
  if (name !== undefined && name !== null && name !== 'float32') {
    throw new ValueError(`${OP}: ${what} has dtype ${describe(name)}; only float32 models can be read`);
  }
}

// The features axis: -1, or the input's rank counted with the batch axis (TensorFlow.js writes [rank]).
function isLastAxis(axis: unknown, rank: number | null): boolean {
  const a = Array.isArray(axis) && axis.length === 1 ? axis[0] : (axis ?? -1);
  return a === -1 || (rank !== null && a === rank);
}

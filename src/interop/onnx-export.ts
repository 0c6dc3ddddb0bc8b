// toOnnx: a Sequential, a fitted estimator or a scaler Pipeline as an ONNX model, with skl2onnx's
// input and output conventions so Python serving code runs it unchanged. Imports nn, errors and the
// ONNX encoder.

import { ValueError, describe } from '../core/errors.ts';
import {
  Activation,
  BatchNormalization,
  Dense,
  ELU,
  LayerNormalization,
  LeakyReLU,
  PReLU,
  type Layer,
  type Sequential,
} from '../nn/index.ts';
import { GraphBuilder } from './onnx-graph.ts';
import {
  encodeModel,
  ONNX_DOUBLE,
  ONNX_FLOAT,
  ONNX_INT64,
  ONNX_STRING,
  type OnnxType,
  type OnnxValueInfo,
} from './onnx-proto.ts';
import { inputShapeOf, resolveTarget, type ClassLabel, type Exportable, type ScalerStep } from './targets.ts';

/** Options of `toOnnx`. */
export interface ToOnnxOptions {
  /** Floating-point type of the input, weights and outputs (default: the model's). */
  dtype?: 'float32' | 'float64';
  /** Classifiers: `output_probability` as skl2onnx's ZipMap (a sequence of maps; JavaScript runtimes cannot read it). Default false. */
  zipmap?: boolean;
  /** The default ONNX operator set version: 13 to 21 (default 17). */
  opset?: number;
}

const MIN_OPSET = 13;
const MAX_OPSET = 21;
const BATCH = 'N';

/**
 * Serialises a model as ONNX (a ModelProto), with no dependency.
 *
 * `target`: a `Sequential` (output `output`), a fitted `MLPRegressor` / `KerasRegressor` (output
 * `variable`, `[N, nOutputs]`), a fitted `MLPClassifier` / `KerasClassifier` (outputs `output_label`
 * and `output_probability`, as skl2onnx writes them), or a fitted `Pipeline` of `StandardScaler` /
 * `MinMaxScaler` steps ending in one of those estimators. The input is `X`, `[N, nFeatures]`, with a
 * symbolic batch dimension. Labels are int64 when every class is an integer, strings (`String(label)`)
 * otherwise; multilabel targets give `[N, K]` int64 0/1.
 *
 * @example
 * const bytes = toOnnx(clf);                  // write to model.onnx
 * // Python: onnxruntime.InferenceSession('model.onnx').run(None, {'X': X.astype(np.float32)})
 */
export function toOnnx(target: unknown, options: ToOnnxOptions = {}): Uint8Array {
  const op = 'toOnnx';
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(
      `${op}: options must be an object like { dtype, zipmap, opset }. Got ${describe(options)} instead.`,
    );
  }
  const { scalers, final } = resolveTarget(target, op);
  const model = final.model;
  const dtype = options.dtype ?? model.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ValueError(`${op}: dtype must be 'float32' or 'float64'. Got ${describe(options.dtype)} instead.`);
  }
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new ValueError(
      `${op}: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}. Got ${describe(options.opset)} instead.`,
    );
  }
  const zipmap = options.zipmap ?? false;
  if (typeof zipmap !== 'boolean')
    throw new ValueError(`${op}: zipmap must be a boolean. Got ${describe(options.zipmap)} instead.`);
  if (zipmap && final.kind !== 'classifier')
    throw new ValueError(`${op}: zipmap applies to classifiers only; ${final.what} is not one`);

  const inputShape = inputShapeOf(model, final.what, op);
  const elem = dtype === 'float64' ? ONNX_DOUBLE : ONNX_FLOAT;
  const g = new GraphBuilder(['X', 'output', 'variable', 'output_label', 'output_probability']);
  let h = scaleInputs(g, 'X', scalers, inputShape, elem, op);
  h = lowerLayers(g, model, h, elem, op, opset);

  const outputs: OnnxValueInfo[] = [];
  const units = model.outputShape();
  if (final.kind === 'classifier') outputs.push(...classifierHead(g, final, h, elem, zipmap, op));
  else {
    const name = final.kind === 'regressor' ? 'variable' : 'output';
    g.output(h, name);
    outputs.push({ name, type: { elemType: elem, shape: [BATCH, ...units] } });
  }
  const opsets = [{ domain: '', version: opset }];
  if (zipmap) opsets.push({ domain: 'ai.onnx.ml', version: 1 });
  return encodeModel({
    irVersion: opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10,
    producerName: 'scikeras-ts',
    docString: `${final.what}${scalers.length > 0 ? ` after ${scalers.map((s) => s.what).join(', ')}` : ''}`,
    graph: {
      name: final.what.replace(/ .*/, ''),
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: 'X', type: { elemType: elem, shape: [BATCH, ...inputShape] } }],
      outputs,
    },
    opsets,
  });
}

// Scalers run in float64, as scikit-learn and the Pipeline here compute them; a float32 network then
// gets exactly the float32 features that `predict` feeds it.
function scaleInputs(
  g: GraphBuilder,
  x: string,
  scalers: readonly ScalerStep[],
  inputShape: readonly number[],
  elem: number,
  op: string,
): string {
  if (scalers.length === 0) return x;
  const d = inputShape[inputShape.length - 1] as number;
  let h = elem === ONNX_DOUBLE ? x : g.op('Cast', [x], [{ name: 'to', i: ONNX_DOUBLE }]);
  const vector = (name: string, v: readonly number[], s: ScalerStep) => {
    if (inputShape.length !== 1 || v.length !== d) {
      throw new ValueError(
        `${op}: Pipeline ${s.what} has ${v.length} features but the network expects inputs of shape [batch,${inputShape.join(',')}]`,
      );
    }
    return g.floats(name, v, [d], ONNX_DOUBLE);
  };
  for (const s of scalers) {
    if (s.kind === 'standard') {
      if (s.mean !== null) h = g.op('Sub', [h, vector('mean', s.mean, s)]);
      if (s.scale !== null) h = g.op('Div', [h, vector('scale', s.scale, s)]);
    } else {
      h = g.op('Add', [g.op('Mul', [h, vector('scale', s.scale, s)]), vector('min', s.min, s)]);
      if (s.clip !== null)
        h = g.op('Clip', [
          h,
          g.floats('clip_min', [s.clip[0]], [], ONNX_DOUBLE),
          g.floats('clip_max', [s.clip[1]], [], ONNX_DOUBLE),
        ]);
    }
  }
  return elem === ONNX_DOUBLE ? h : g.op('Cast', [h], [{ name: 'to', i: ONNX_FLOAT }]);
}

const SUPPORTED_LAYERS =
  'Dense, Activation (and layers.reLU / layers.softmax), BatchNormalization, LayerNormalization (opset 17+), ' +
  'LeakyReLU, ELU, PReLU, Dropout and GaussianNoise (left out), InputLayer';

function lowerLayers(g: GraphBuilder, model: Sequential, x: string, elem: number, op: string, opset: number): string {
  let h = x;
  let shape: number[] = model.getInputShape() ?? [];
  for (const layer of model.layers) {
    const inShape = shape;
    shape = layer.outputShape(shape);
    const normal = normalization(g, layer, h, inShape, elem, op, opset);
    if (normal !== null) {
      h = normal;
      continue;
    }
    if (layer instanceof Dense) {
      const kernel = layer.kernel,
        bias = layer.bias;
      if (kernel === null) throw new ValueError(`${op}: Dense '${layer.name}' has no weights`);
      const inputs = [h, g.floats(`${layer.name}/kernel`, kernel.data, kernel.shape, elem)];
      if (bias !== null) inputs.push(g.floats(`${layer.name}/bias`, bias.data, bias.shape, elem));
      h = activation(g, layer.activation, g.op('Gemm', inputs), layer, op, elem);
    } else if (layer instanceof Activation) h = activation(g, layer.activation, h, layer, op, elem);
    else if (layer instanceof LeakyReLU) h = leaky(g, h, layer.negativeSlope, elem);
    else if (layer instanceof ELU) h = elu(g, h, layer.alpha, elem);
    else if (layer instanceof PReLU) {
      const a = layer.alpha;
      if (a === null) throw new ValueError(`${op}: PReLU '${layer.name}' has no weights`);
      h = g.op('PRelu', [h, g.floats(`${layer.name}/alpha`, a.data, a.shape, elem)]);
    } else {
      const cls: string = layer.className;
      // Dropout and GaussianNoise are the identity at inference; an InputLayer only declares the shape.
      if (cls !== 'Dropout' && cls !== 'GaussianNoise' && cls !== 'InputLayer') {
        throw new ValueError(
          `${op}: layer '${layer.name}' (${cls}) cannot be exported to ONNX; supported layers: ${SUPPORTED_LAYERS}`,
        );
      }
    }
  }
  return h;
}

// BatchNormalization (inference form: the moving statistics) and LayerNormalization over the features, or null
// for any other layer.
function normalization(
  g: GraphBuilder,
  layer: Layer,
  x: string,
  shape: readonly number[],
  elem: number,
  op: string,
  opset: number,
): string | null {
  if (!(layer instanceof BatchNormalization || layer instanceof LayerNormalization)) return null;
  const d = shape[shape.length - 1] as number;
  const v = (n: string, w: { data: ArrayLike<number> } | null, fill: number) =>
    g.floats(`${layer.name}/${n}`, w === null ? new Array<number>(d).fill(fill) : w.data, [d], elem);
  const eps = [{ name: 'epsilon', f: layer.epsilon }];
  if (layer instanceof LayerNormalization) {
    if (opset < 17)
      throw new ValueError(
        `${op}: LayerNormalization '${layer.name}' needs opset 17 or later (ONNX LayerNormalization)`,
      );
    // epsilon is a float attribute. Scaling x by c scales the variance by c^2, so with c^2 = float32(eps) / eps the
    // op adds exactly eps to the variance of x; float models need no scaling.
    const c = Math.sqrt(Math.fround(layer.epsilon) / layer.epsilon);
    const xs = elem === ONNX_DOUBLE && c !== 1 ? g.op('Mul', [x, g.floats('scale', [c], [], elem)]) : x;
    const affine = [v('gamma', layer.gamma, 1), v('beta', layer.beta, 0)];
    return g.op('LayerNormalization', [xs, ...affine], [{ name: 'axis', i: -1 }, ...eps]);
  }
  // ONNX normalises axis 1, the features of [N, features] inputs.
  if (shape.length !== 1)
    throw new ValueError(
      `${op}: BatchNormalization '${layer.name}' is exported for inputs of shape [batch, features] only; it gets [batch,${shape.join(',')}]`,
    );
  const inputs = [x, v('gamma', layer.gamma, 1), v('beta', layer.beta, 0), v('moving_mean', layer.movingMean, 0)];
  // epsilon is a float attribute: the variance carries what float32 rounding takes from it, so a double model
  // adds exactly variance + epsilon.
  const variance = Array.from(
    layer.movingVariance?.data ?? new Array<number>(d).fill(1),
    (x) => x + layer.epsilon - Math.fround(layer.epsilon),
  );
  inputs.push(g.floats(`${layer.name}/moving_variance`, variance, [d], elem));
  return g.op('BatchNormalization', inputs, eps);
}

// Every activation has an ONNX form. Elu, Selu, Softplus, Softsign, HardSigmoid and LeakyRelu are written from Relu,
// Min, Exp, Log, Abs and Clip, which onnxruntime runs in float and double alike (its kernels for those are float
// only, and float attributes would round a double model's constants).
function activation(g: GraphBuilder, name: string, x: string, layer: Layer, op: string, elem: number): string {
  const k = (v: number) => g.floats('const', [v], [], elem);
  const mul = (a: string, b: string) => g.op('Mul', [a, b]);
  const add = (a: string, b: string) => g.op('Add', [a, b]);
  const softplus = () =>
    add(g.op('Relu', [x]), g.op('Log', [add(k(1), g.op('Exp', [g.op('Neg', [g.op('Abs', [x])])]))]));
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return g.op('Relu', [x]);
    case 'sigmoid':
      return g.op('Sigmoid', [x]);
    case 'tanh':
      return g.op('Tanh', [x]);
    case 'softmax':
      return g.op('Softmax', [x], [{ name: 'axis', i: -1 }]);
    case 'log_softmax':
      return g.op('LogSoftmax', [x], [{ name: 'axis', i: -1 }]);
    case 'elu':
      return elu(g, x, 1, elem);
    case 'selu':
      return mul(k(1.0507009873554805), elu(g, x, 1.6732632423543772, elem));
    case 'softplus':
      return softplus();
    case 'softsign':
      return g.op('Div', [x, add(k(1), g.op('Abs', [x]))]);
    case 'exponential':
      return g.op('Exp', [x]);
    case 'leaky_relu':
      return leaky(g, x, 0.2, elem);
    case 'hard_sigmoid':
      return g.op('Clip', [add(mul(x, k(1 / 6)), k(0.5)), k(0), k(1)]);
    case 'relu6':
      return g.op('Clip', [x, k(0), k(6)]);
    case 'silu':
      return g.op('Div', [x, add(k(1), g.op('Exp', [g.op('Neg', [x])]))]);
    case 'mish':
      return mul(x, g.op('Tanh', [softplus()]));
    case 'gelu': {
      // x (1 + erf(x / sqrt 2)) / 2. onnxruntime has Erf for float only: a double model casts around it (float
      // precision in that one factor).
      let e = g.op('Div', [x, k(Math.SQRT2)]);
      if (elem === ONNX_DOUBLE) e = g.op('Cast', [e], [{ name: 'to', i: ONNX_FLOAT }]);
      e = g.op('Erf', [e]);
      if (elem === ONNX_DOUBLE) e = g.op('Cast', [e], [{ name: 'to', i: ONNX_DOUBLE }]);
      return mul(mul(x, k(0.5)), add(k(1), e));
    }
    default:
      throw new ValueError(`${op}: layer '${layer.name}' has activation ${describe(name)}, which has no ONNX export`);
  }
}

// relu(x) + slope min(x, 0): LeakyRelu's alpha is a float attribute, which would round a double model's slope.
function leaky(g: GraphBuilder, x: string, slope: number, elem: number): string {
  return g.op('Add', [
    g.op('Relu', [x]),
    g.op('Mul', [g.floats('const', [slope], [], elem), g.op('Min', [x, g.floats('const', [0], [], elem)])]),
  ]);
}

// relu(x) + alpha (e^min(x, 0) - 1).
function elu(g: GraphBuilder, x: string, alpha: number, elem: number): string {
  const k = (v: number) => g.floats('const', [v], [], elem);
  const neg = g.op('Sub', [g.op('Exp', [g.op('Min', [x, k(0)])]), k(1)]);
  return g.op('Add', [g.op('Relu', [x]), g.op('Mul', [k(alpha), neg])]);
}

const isIntegerLabel = (c: ClassLabel) => typeof c === 'number' && Number.isSafeInteger(c);

// skl2onnx's classifier outputs: the label per row, then the probability matrix (binary: [1 - p, p]).
function classifierHead(
  g: GraphBuilder,
  c: Extract<Exportable, { kind: 'classifier' }>,
  raw: string,
  elem: number,
  zipmap: boolean,
  op: string,
): OnnxValueInfo[] {
  let proba = raw;
  if (c.binaryColumn) {
    const one = g.floats('one', [1], [], elem);
    proba = g.op('Concat', [g.op('Sub', [one, raw]), raw], [{ name: 'axis', i: 1 }]);
  }
  const width = c.binaryColumn ? 2 : c.classes.length;
  const intLabels = c.classes.every(isIntegerLabel);
  let label: string;
  let labelType: OnnxType;
  if (c.rule === 'multilabel') {
    // The encoder rounds half to even, as ONNX's Round does.
    label = g.op('Cast', [g.op('Round', [proba])], [{ name: 'to', i: ONNX_INT64 }]);
    labelType = { elemType: ONNX_INT64, shape: [BATCH, width] };
  } else {
    // ArgMax takes the first of equal maxima, as the encoder does.
    const index = g.op(
      'ArgMax',
      [proba],
      [
        { name: 'axis', i: 1 },
        { name: 'keepdims', i: 0 },
      ],
    );
    if (c.rule === 'onehot') {
      label = g.op(
        'OneHot',
        [index, g.int64s('depth', [width], [1]), g.int64s('onehot_values', [0, 1], [2])],
        [{ name: 'axis', i: -1 }],
      );
      labelType = { elemType: ONNX_INT64, shape: [BATCH, width] };
    } else {
      // A classifier fitted on one class answers that class whatever the two columns say.
      const table = c.classes.length === 1 ? [c.classes[0] as ClassLabel, c.classes[0] as ClassLabel] : c.classes;
      const classes = intLabels
        ? g.int64s('classes', table as number[], [table.length])
        : g.strings('classes', table.map(String), [table.length]);
      label = g.op('Gather', [classes, index], [{ name: 'axis', i: 0 }]);
      labelType = { elemType: intLabels ? ONNX_INT64 : ONNX_STRING, shape: [BATCH] };
    }
  }
  g.output(label, 'output_label');
  const outputs: OnnxValueInfo[] = [{ name: 'output_label', type: labelType }];
  if (!zipmap) {
    g.output(proba, 'output_probability');
    outputs.push({ name: 'output_probability', type: { elemType: elem, shape: [BATCH, width] } });
    return outputs;
  }
  const keys = c.rule === 'argmax' ? c.classes : Array.from({ length: width }, (_, i) => i);
  if (keys.length !== width) {
    throw new ValueError(
      `${op}: zipmap needs one class per probability column; ${c.what} has ${keys.length} class(es) for ${width} columns`,
    );
  }
  const floatProba = elem === ONNX_FLOAT ? proba : g.op('Cast', [proba], [{ name: 'to', i: ONNX_FLOAT }]);
  const useInts = keys.every(isIntegerLabel);
  const attr = useInts
    ? { name: 'classlabels_int64s', ints: keys as number[] }
    : { name: 'classlabels_strings', strings: keys.map(String) };
  const zm = g.op('ZipMap', [floatProba], [attr], 'ai.onnx.ml');
  g.output(zm, 'output_probability');
  outputs.push({
    name: 'output_probability',
    type: { sequenceOfMaps: { keyType: useInts ? ONNX_INT64 : ONNX_STRING, valueElemType: ONNX_FLOAT } },
  });
  return outputs;
}

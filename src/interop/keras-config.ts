// What the TensorFlow.js exporter and importer share about Keras configs: each built-in layer's weight names
// (Keras order), activation names in both directions (refused by name where the two sides compute different
// functions), and constraint / regularizer configs in Keras' snake_case form. Imports nn and errors.

import { ValueError, describe } from '../core/errors.ts';
import {
  BatchNormalization,
  Dense,
  LayerNormalization,
  PReLU,
  constraints,
  regularizers,
  type ActivationName,
  type Constraint,
  type Layer,
  type Regularizer,
} from '../nn/index.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The weight names (`<layer>/<name>`) of a layer's `weights()`, in order. */
export function weightNames(layer: Layer): string[] {
  if (layer instanceof Dense) return layer.bias === null ? ['kernel'] : ['kernel', 'bias'];
  if (layer instanceof BatchNormalization || layer instanceof LayerNormalization) {
    const names = [...(layer.scale ? ['gamma'] : []), ...(layer.center ? ['beta'] : [])];
    return layer instanceof BatchNormalization ? [...names, 'moving_mean', 'moving_variance'] : names;
  }
  if (layer instanceof PReLU) return ['alpha'];
  return [];
}

// Activations TensorFlow.js computes as Keras 3 does, under the name it writes.
const TFJS_NAMES: Partial<Record<ActivationName, string>> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  elu: 'elu',
  selu: 'selu',
  gelu: 'gelu',
  softplus: 'softplus',
  softsign: 'softsign',
  silu: 'swish',
  relu6: 'relu6',
  mish: 'mish',
  log_softmax: 'log_softmax',
};

const REFUSED: Record<string, string> = {
  hard_sigmoid:
    "TensorFlow.js' hard_sigmoid is Keras 2's clip(0.2 x + 0.5, 0, 1), not Keras 3's clip(x / 6 + 0.5, 0, 1)",
  exponential: 'TensorFlow.js has no exponential activation',
  leaky_relu: 'TensorFlow.js has no leaky_relu activation (use layers.leakyReLU({ negativeSlope: 0.2 }))',
};

/** Our activation as TensorFlow.js names it; an activation it lacks or computes differently is refused by name. */
export function tfjsActivation(name: ActivationName, what: string, op: string): string {
  const out = TFJS_NAMES[name];
  if (out === undefined)
    throw new ValueError(`${op}: ${what} has activation '${name}': ${REFUSED[name] ?? 'no export'}`);
  return out;
}

const READ: Record<string, ActivationName> = {
  ...Object.fromEntries(Object.entries(TFJS_NAMES).map(([ours, theirs]) => [theirs, ours as ActivationName])),
  silu: 'silu',
  logSoftmax: 'log_softmax',
  // Keras 3 models (through tensorflowjs_converter) name these; TensorFlow.js itself cannot load them.
  leaky_relu: 'leaky_relu',
  exponential: 'exponential',
};

/** A Keras / TensorFlow.js activation name as ours; hard_sigmoid and gelu_new are refused (different functions). */
export function readActivation(a: unknown, what: string, op: string): ActivationName {
  const name = a ?? 'linear';
  const found = typeof name === 'string' && Object.prototype.hasOwnProperty.call(READ, name) ? READ[name] : undefined;
  if (found !== undefined) return found;
  const why =
    name === 'hard_sigmoid' || name === 'hardSigmoid'
      ? ": it may be Keras 2's clip(0.2 x + 0.5) or Keras 3's clip(x / 6 + 0.5)"
      : name === 'gelu_new'
        ? ': the tanh approximation of gelu has no activation name here'
        : `; supported: ${Object.keys(READ).join(', ')}`;
  throw new ValueError(`${op}: ${what} has activation ${describe(name)}, which cannot be read${why}`);
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A constraint as Keras writes it: `{ class_name, config }` with snake_case keys. */
export function constraintConfig(c: Constraint | null): Obj | null {
  if (c === null) return null;
  const { className, config } = c.getConfig();
  return { class_name: className, config: Object.fromEntries(Object.entries(config).map(([k, v]) => [snake(k), v])) };
}

/** A Keras regularizer config (L1, L2, L1L2); scikit-learn's per-sample penalty has no Keras form: left out (null). */
export function regularizerConfig(r: Regularizer | null): Obj | null {
  const c = r?.getConfig().config;
  return c === undefined || c.perSample ? null : { class_name: 'L1L2', config: { l1: c.l1, l2: c.l2 } };
}

const CONSTRAINTS: Record<string, (a: Obj) => Constraint> = {
  MaxNorm: constraints.maxNorm,
  NonNeg: constraints.nonNeg,
  UnitNorm: constraints.unitNorm,
};

/** A Keras constraint config as ours (MaxNorm, NonNeg, UnitNorm), or null. */
export function readConstraint(v: unknown, what: string, op: string): Constraint | null {
  if (v === null || v === undefined) return null;
  const cls = isObj(v) ? v.class_name : undefined;
  const make =
    typeof cls === 'string' && Object.prototype.hasOwnProperty.call(CONSTRAINTS, cls) ? CONSTRAINTS[cls] : undefined;
  if (make === undefined)
    throw new ValueError(
      `${op}: ${what} has constraint ${describe(cls)}, which cannot be read; supported: ${Object.keys(CONSTRAINTS).join(', ')}`,
    );
  const c = isObj((v as Obj).config) ? ((v as Obj).config as Obj) : {};
  return make(Object.fromEntries(Object.entries(c).map(([k, x]) => [camel(k), x])));
}

/** Keras' L1 / L2 / L1L2 penalties match this package's (without perSample); others have no counterpart. */
export function readRegularizer(r: unknown, what: string, op: string): Regularizer | null {
  if (r === null || r === undefined) return null;
  const cls = isObj(r) ? r.class_name : undefined;
  const c = isObj(r) && isObj(r.config) ? r.config : {};
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  if (cls === 'L1L2' || cls === 'L1' || cls === 'L2') return regularizers.l1l2({ l1: num(c.l1), l2: num(c.l2) });
  throw new ValueError(
    `${op}: ${what} has regularizer ${describe(cls)}, which cannot be read; supported: L1, L2, L1L2`,
  );
}

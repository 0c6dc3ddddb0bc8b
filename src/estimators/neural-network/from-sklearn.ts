// A fitted MLP from scikit-learn's fitted attributes (the JSON the README's Python snippet writes), without
// training: parameters mapped to camelCase, the network built for the recorded data shape, the weights
// written in, the counters restored. Every attribute is checked against the others before any use.
// Imports src/core and the neural-network modules' types.

import { ValueError, describe } from '../../core/errors.ts';
import { warn } from '../../core/warnings.ts';
import { isRecord, pickKeys, parseJSONText, toCamel } from '../../core/objects.ts';
import type { Label } from '../utils/multiclass.ts';
import { MLP_DEFAULTS, hiddenSizes, type MLPParams } from './params.ts';

/** scikit-learn's fitted attributes of an MLPClassifier / MLPRegressor, as the README's snippet writes them. */
export interface SklearnMLPAttributes {
  /** `est.get_params()`, tuples as lists. */
  params: Record<string, unknown>;
  coefs_: number[][][];
  intercepts_: number[][];
  classes_?: Label[];
  n_features_in_: number;
  n_layers_: number;
  n_outputs_: number;
  out_activation_: 'logistic' | 'softmax' | 'identity';
  n_iter_: number;
  loss_: number;
}

/** Options of `fromSklearn`. */
export interface FromSklearnOptions {
  /** float32 (default, as everywhere) or float64 (scikit-learn's outputs to ~1e-15). */
  dtype?: 'float32' | 'float64';
}

const KEYS = [
  'params',
  'coefs_',
  'intercepts_',
  'classes_',
  'n_features_in_',
  'n_layers_',
  'n_outputs_',
  'out_activation_',
  'n_iter_',
  'loss_',
];
// scikit-learn spells these differently from a plain snake -> camel conversion.
const RENAMED: Readonly<Record<string, string>> = { beta_1: 'beta1', beta_2: 'beta2' };

/** What the estimator needs: its parameters, data to initialise it on, and the state to restore. */
export interface SklearnImport {
  params: MLPParams;
  X: number[][];
  y: Label[] | number[][];
  coefs: number[][][];
  intercepts: number[][];
  outActivation: 'logistic' | 'softmax' | 'identity';
  nIter: number;
  loss: number;
}

/** Checks scikit-learn's attributes for a classifier or a regressor and turns them into an SklearnImport. */
export function readSklearnAttributes(
  json: unknown,
  kind: 'classifier' | 'regressor',
  options: FromSklearnOptions = {},
): SklearnImport {
  const owner = kind === 'classifier' ? 'MLPClassifier.fromSklearn' : 'MLPRegressor.fromSklearn';
  const a = pickKeys(`${owner} attrs`, parseJSONText(owner, json), KEYS);
  const bad = (key: string, expected: string, got: unknown): ValueError =>
    new ValueError(`${owner}: '${key}' must be ${expected}. Got ${describe(got)} instead.`);
  const count = (key: string, min: number): number => {
    const v = a[key];
    if (!Number.isInteger(v) || (v as number) < min) throw bad(key, `an integer >= ${min}`, v);
    return v as number;
  };
  for (const key of KEYS)
    if (key !== 'classes_' && a[key] === undefined)
      throw new ValueError(`${owner}: the attribute '${key}' is missing.`);
  const nFeatures = count('n_features_in_', 1);
  const nLayers = count('n_layers_', 2);
  const nOutputs = count('n_outputs_', 1);
  const nIter = count('n_iter_', 0);
  const loss = a.loss_;
  if (typeof loss !== 'number') throw bad('loss_', 'a number', loss);
  const out = a.out_activation_;
  const outs = kind === 'classifier' ? ['logistic', 'softmax'] : ['identity'];
  if (typeof out !== 'string' || !outs.includes(out))
    throw bad('out_activation_', outs.map((o) => `'${o}'`).join(' or '), out);
  const params = mapParams(owner, a.params, options);
  // The layers: coefs_[i] is [in][out], intercepts_[i] has `out` values; in and out chain through the network.
  const sizes = [nFeatures, ...hiddenSizes(params.hiddenLayerSizes ?? MLP_DEFAULTS.hiddenLayerSizes), nOutputs];
  if (sizes.length !== nLayers)
    throw new ValueError(
      `${owner}: 'n_layers_' is ${nLayers} but params.hidden_layer_sizes gives ${sizes.length} layers.`,
    );
  const coefs = matrices(owner, a.coefs_, sizes);
  const intercepts = vectors(owner, a.intercepts_, sizes);
  if (kind === 'regressor') {
    if (a.classes_ !== undefined)
      throw new ValueError(
        `${owner}: a regressor has no 'classes_'; give a classifier's attributes to MLPClassifier.fromSklearn.`,
      );
    const y = nOutputs === 1 ? [0, 1] : [new Array<number>(nOutputs).fill(0), new Array<number>(nOutputs).fill(1)];
    return { params, X: rows(2, nFeatures), y, coefs, intercepts, outActivation: 'identity', nIter, loss };
  }
  const classes = a.classes_;
  if (
    !Array.isArray(classes) ||
    classes.length === 0 ||
    !classes.every((c) => ['number', 'string', 'boolean'].includes(typeof c))
  ) {
    throw bad('classes_', 'a non-empty array of labels', classes);
  }
  if (new Set(classes.map((c) => typeof c)).size > 1 || new Set(classes).size !== classes.length)
    throw bad('classes_', 'distinct labels of one type', classes);
  const k = classes.length;
  let y: Label[] | number[][];
  if (out === 'softmax') {
    if (k < 3 || nOutputs !== k)
      throw new ValueError(
        `${owner}: a softmax output has one unit per class; 'n_outputs_' is ${nOutputs} and 'classes_' has ${k} labels.`,
      );
    y = classes as Label[];
  } else if (nOutputs === 1) {
    if (k > 2)
      throw new ValueError(`${owner}: one logistic output is a binary classifier, but 'classes_' has ${k} labels.`);
    y = classes as Label[];
  } else {
    // Multilabel: one logistic output per label, classes_ is 0..n_outputs_-1.
    if (k !== nOutputs)
      throw new ValueError(
        `${owner}: a multilabel classifier has one output per label; 'n_outputs_' is ${nOutputs} and 'classes_' has ${k}.`,
      );
    y = [new Array<number>(k).fill(0), new Array<number>(k).fill(1)];
  }
  return {
    params,
    X: rows(Array.isArray(y) ? y.length : 2, nFeatures),
    y,
    coefs,
    intercepts,
    outActivation: out as 'logistic' | 'softmax',
    nIter,
    loss,
  };
}

/** scikit-learn's get_params() to our parameters (camelCase); keys newer scikit-learn versions add are reported and skipped. */
function mapParams(owner: string, json: unknown, options: FromSklearnOptions): MLPParams {
  if (!isRecord(json))
    throw new ValueError(
      `${owner}: 'params' must be the object est.get_params() returns. Got ${describe(json)} instead.`,
    );
  const known = new Set(Object.keys(MLP_DEFAULTS));
  const params: Record<string, unknown> = {};
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    const name = RENAMED[key] ?? toCamel(key);
    if (!known.has(name) || name === 'dtype') skipped.push(key);
    else params[name] = value;
  }
  if (skipped.length > 0)
    warn(
      'UserWarning',
      `${owner}: scikit-learn parameters with no counterpart here were skipped: ${skipped.join(', ')}.`,
    );
  // A RandomState object travels as its string form: it cannot seed anything here.
  if (params.randomState !== undefined && params.randomState !== null && !Number.isInteger(params.randomState))
    params.randomState = null;
  if (options.dtype !== undefined) params.dtype = options.dtype;
  return params as MLPParams;
}

function matrices(owner: string, v: unknown, sizes: number[]): number[][][] {
  if (!Array.isArray(v) || v.length !== sizes.length - 1) {
    throw new ValueError(
      `${owner}: 'coefs_' must hold ${sizes.length - 1} matrices (one per layer). Got ${describe(v)} instead.`,
    );
  }
  return v.map((m: unknown, i) => {
    const [rowsIn, colsOut] = [sizes[i] as number, sizes[i + 1] as number];
    if (
      !Array.isArray(m) ||
      m.length !== rowsIn ||
      !m.every((r) => Array.isArray(r) && r.length === colsOut && r.every(Number.isFinite))
    ) {
      throw new ValueError(
        `${owner}: 'coefs_[${i}]' must be a ${rowsIn} x ${colsOut} matrix of finite numbers (layer sizes ${sizes.join(' -> ')}).`,
      );
    }
    return m as number[][];
  });
}

function vectors(owner: string, v: unknown, sizes: number[]): number[][] {
  if (!Array.isArray(v) || v.length !== sizes.length - 1) {
    throw new ValueError(
      `${owner}: 'intercepts_' must hold ${sizes.length - 1} vectors (one per layer). Got ${describe(v)} instead.`,
    );
  }
  return v.map((b: unknown, i) => {
    const n = sizes[i + 1] as number;
    if (!Array.isArray(b) || b.length !== n || !b.every(Number.isFinite))
      throw new ValueError(`${owner}: 'intercepts_[${i}]' must hold ${n} finite numbers.`);
    return b as number[];
  });
}

function rows(n: number, d: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(d).fill(0));
}

// SciKeras's parameter routing: `prefix__name` keys feed one destination (the build function, fit,
// predict, compile, the optimizer, ...), with SciKeras's precedence (a call's argument over `fit__x` /
// `predict__x` over the plain parameter `x`); fit, predict and score arguments and the callbacks are
// assembled here. Names after a prefix may be camelCase or snake_case. Imports src/core and nn.

import { ValueError, describe } from '../../core/errors.ts';
import { isRecord } from '../../core/objects.ts';
import { CALLBACK_HOOKS, type Callback } from '../../nn/callbacks.ts';
import { FIT_OPTION_KEYS } from '../../nn/train.ts';
import { PREDICT_OPTION_KEYS, Sequential } from '../../nn/sequential.ts';
import { camelKey, isPlainObject, unflatten } from './unflatten.ts';

export const ROUTING_PREFIXES = [
  'model',
  'fit',
  'predict',
  'compile',
  'optimizer',
  'loss',
  'metrics',
  'callbacks',
  'score',
] as const;
export type RoutingPrefix = (typeof ROUTING_PREFIXES)[number];

/** SciKeras's `_fit_kwargs`: the plain parameters that are Keras fit arguments (the classifier's classWeight excepted). */
export const FIT_PARAMS: readonly string[] = [
  'batchSize',
  'epochs',
  'verbose',
  'validationSplit',
  'shuffle',
  'classWeight',
  'initialEpoch',
  'validationSteps',
  'validationBatchSize',
  'validationFreq',
];

/** SciKeras's `_predict_kwargs`: the plain parameters that are Keras predict arguments. */
export const PREDICT_PARAMS: readonly string[] = ['batchSize', 'verbose', 'steps'];

/**
 * The parameters routed to `destination` (`fit`, `fit__callbacks`, ...), prefix removed and every segment
 * in camelCase (`callbacks__0__min_delta` -> `0__minDelta`). `strict` drops keys that route further
 * (`optimizer__a__b`), as SciKeras does for the model, the optimizer and predict.
 */
export function route(
  params: Record<string, unknown>,
  destination: string,
  options: { strict?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const head = `${camelKey(destination)}__`;
  for (const [k, v] of Object.entries(params)) {
    const key = camelKey(k);
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    if (options.strict && rest.includes('__')) continue;
    out[rest] = v;
  }
  return out;
}

/** Where each argument of a Keras call came from, for messages: the call (`fit()`) or a parameter (`fit__x`, `x`). */
export type Origins = Record<string, string>;

/** Arguments for the model's fit or predict, with their origins. */
export interface CallArgs {
  args: Record<string, unknown>;
  origins: Origins;
}

/**
 * Keras fit arguments as SciKeras assembles them: the plain parameters in `plain`, then `fit__*`, then
 * `epochs` / `initialEpoch`, then the call's arguments; `-1` batch sizes become the number of rows of X
 * (which must have a shape); the callbacks are `callbacks` (the compiled fit callbacks) unless the call gives its own.
 */
export function fitArgs(
  params: Record<string, unknown>,
  kwargs: Record<string, unknown>,
  spec: { plain: readonly string[]; X: unknown; epochs: number; initialEpoch: number; callbacks: Callback[] },
): CallArgs {
  const args: Record<string, unknown> = {};
  const origins: Origins = {};
  const put = (k: string, v: unknown, origin: string): void => {
    args[k] = v;
    origins[k] = origin;
  };
  for (const k of spec.plain) if (k in params) put(k, params[k], k);
  for (const [k, v] of Object.entries(route(params, 'fit'))) put(k, v, `fit__${k}`);
  put('epochs', spec.initialEpoch + spec.epochs, 'epochs');
  put('initialEpoch', spec.initialEpoch, 'initialEpoch');
  for (const [k, v] of Object.entries(kwargs)) put(k, v, 'fit()');
  for (const k of ['batchSize', 'validationBatchSize']) if (args[k] === -1) args[k] = rowsOf(spec.X, k);
  const callbacks =
    'callbacks' in kwargs ? callbackArray(kwargs.callbacks, 'fit(X, y, { callbacks })') : spec.callbacks;
  return finish(args, origins, callbacks);
}

/**
 * Keras predict arguments as SciKeras assembles them: `batchSize` and `verbose`, then `predict__*`, then the
 * call's arguments; `batchSize: -1` predicts all rows at once; the callbacks are the compiled predict
 * callbacks unless the call gives its own.
 */
export function predictArgs(
  params: Record<string, unknown>,
  kwargs: Record<string, unknown>,
  spec: { X: unknown; callbacks: Callback[] },
): CallArgs {
  const args: Record<string, unknown> = {};
  const origins: Origins = {};
  for (const k of PREDICT_PARAMS) {
    if (k in params) {
      args[k] = params[k];
      origins[k] = k;
    }
  }
  for (const [k, v] of Object.entries(route(params, 'predict', { strict: true }))) {
    args[k] = v;
    origins[k] = `predict__${k}`;
  }
  for (const [k, v] of Object.entries(kwargs)) {
    args[k] = v;
    origins[k] = 'predict()';
  }
  // 'auto' is the MLPs' batch size: scikit-learn predicts all rows at once.
  if (args.batchSize === -1 || args.batchSize === 'auto') args.batchSize = rowsOf(spec.X, 'batchSize');
  const bs = args.batchSize;
  if (bs !== undefined && bs !== null && !(Number.isInteger(bs) && (bs as number) > 0)) {
    const name = origins.batchSize === 'predict()' ? 'batchSize' : (origins.batchSize as string);
    throw new ValueError(
      `${name} must be a positive integer, or -1 for all rows at once. Got ${describe(bs)} instead.`,
    );
  }
  const callbacks =
    'callbacks' in kwargs ? callbackArray(kwargs.callbacks, 'predict(X, { callbacks })') : spec.callbacks;
  return finish(args, origins, callbacks);
}

/** Drops routed callback keys (compiled separately) and unset values (Keras's defaults), sets the callbacks. */
function finish(args: Record<string, unknown>, origins: Origins, callbacks: Callback[]): CallArgs {
  for (const k of Object.keys(args)) {
    if (k.startsWith('callbacks') || args[k] === null || args[k] === undefined) {
      delete args[k];
      delete origins[k];
    }
  }
  if (typeof args.verbose === 'boolean') args.verbose = args.verbose ? 1 : 0;
  args.callbacks = callbacks;
  return { args, origins };
}

/** The number of rows for a `-1` batch size: X (after the feature encoder) must have a shape, as SciKeras requires. */
function rowsOf(X: unknown, key: string): number {
  const shape = isRecord(X) ? (X as { shape?: unknown }).shape : undefined;
  if (!Array.isArray(shape) || !Number.isInteger(shape[0]))
    throw new ValueError(`\`${key}=-1\` requires that \`X\` implement \`shape\``);
  return shape[0] as number;
}

/**
 * Refuses arguments the model's `method` cannot take, naming where each came from, when the model uses
 * Sequential's own method; a model that overrides it receives them all (SciKeras forwards them, and Keras
 * raises on what it does not know).
 */
export function checkCallArgs(model: Sequential, method: 'fit' | 'predict', call: CallArgs): void {
  const own =
    method === 'fit'
      ? model.fit === Sequential.prototype.fit && model.fitAsync === Sequential.prototype.fitAsync
      : model.predict === Sequential.prototype.predict;
  if (!own) return;
  const valid = method === 'fit' ? FIT_OPTION_KEYS : PREDICT_OPTION_KEYS;
  for (const k of Object.keys(call.args)) {
    if (valid.includes(k)) continue;
    const origin = call.origins[k] ?? `${method}()`;
    const list = `Valid arguments: ${method === 'fit' ? 'sampleWeight, ' : ''}${valid.join(', ')}`;
    if (origin === `${method}()`) throw new TypeError(`${method}() got an unexpected keyword argument '${k}'. ${list}`);
    throw new TypeError(`${origin}: unknown ${method} argument '${k}'. ${list}`);
  }
}

/** `score__*` parameters for the scorer (accuracy or R^2), checked against what it takes. */
export function scoreArgs(params: Record<string, unknown>, allowed: readonly string[]): Record<string, unknown> {
  const args = route(params, 'score');
  for (const k of Object.keys(args)) {
    if (!allowed.includes(k))
      throw new ValueError(`score__${k}: the scorer takes ${allowed.map((a) => `score__${a}`).join(', ')}`);
  }
  return args;
}

const CALLBACKS_FORMS =
  'If specified, `callbacks` must be one of:\n - An object of string keys with callbacks or lists of callbacks as values\n' +
  ' - An array of callbacks or arrays of callbacks\n - A single callback\n' +
  'Where each callback is an object with Keras hooks (onEpochEnd, onPredictBegin, ...) or a class to be ' +
  'instantiated with the callbacks__ parameters';

/** Whether a plain object is one callback (it has a hook) rather than an object of callbacks. */
function isCallbackObject(o: Record<string, unknown>): boolean {
  return CALLBACK_HOOKS.some((h) => typeof o[h] === 'function');
}

/**
 * SciKeras's `_initialize_callbacks` for one destination (`callbacks`, `fit__callbacks`,
 * `predict__callbacks`): the parameter compiled with its routed arguments (a class instantiated, an instance
 * used as given; an array, an object of them, or one), flattened into an array.
 */
export function initializeCallbacks(params: Record<string, unknown>, destination: string): Callback[] {
  const given = params[destination];
  if (given === null || given === undefined) return [];
  const compiled = unflatten(given, route(params, destination), destination, { isItem: isCallbackObject });
  return callbackArray(compiled, destination);
}

/** Callbacks as an array: an object of callbacks gives its values, nested arrays are flattened; anything else is an error. */
function callbackArray(v: unknown, where: string): Callback[] {
  const flat = (x: unknown, depth: number): unknown[] => {
    if (Array.isArray(x) && depth < 2) return x.flatMap((e) => flat(e, depth + 1));
    if (isPlainObject(x) && !isCallbackObject(x) && depth === 0) return Object.values(x).flatMap((e) => flat(e, 1));
    return [x];
  };
  const list = flat(v, 0);
  for (const cb of list) {
    if (typeof cb !== 'object' || cb === null || Array.isArray(cb))
      throw new TypeError(`${where}: ${describe(cb)} is not a callback. ${CALLBACKS_FORMS}`);
  }
  return list as Callback[];
}

// SciKeras's parameter routing: `prefix__name` keys feed one destination (the build function, fit,
// predict, compile, the optimizer, ...), with SciKeras's precedence (a call's argument over `fit__x` /
// `predict__x` over the plain parameter `x`); fit, predict and score arguments and the callbacks are
// assembled here. Names after a prefix may be camelCase or snake_case. Imports src/core and nn.

import { ArgumentError, ValueError, describe } from '../../core/errors.ts';
import { isRecord } from '../../core/objects.ts';
import { isCallbackHook, type Callback } from '../../nn/callbacks.ts';
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

/**
 * Keras fit arguments as SciKeras assembles them: the plain parameters in `plain`, then `fit__*`, then
 * `epochs` / `initialEpoch`, then the call's arguments; `-1` batch sizes become the number of rows of X
 * (which must have a shape); the callbacks are `callbacks` (the compiled fit callbacks) unless the call gives
 * its own. Keys the model's fit cannot take are its to refuse (Sequential.fit raises Keras's TypeError, an ArgumentError here).
 */
export function fitArgs(
  params: Record<string, unknown>,
  kwargs: Record<string, unknown>,
  spec: { plain: readonly string[]; X: unknown; epochs: number; initialEpoch: number; callbacks: Callback[] },
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const k of spec.plain) if (k in params) args[k] = params[k];
  Object.assign(args, route(params, 'fit'), {
    epochs: spec.initialEpoch + spec.epochs,
    initialEpoch: spec.initialEpoch,
  });
  Object.assign(args, kwargs);
  for (const k of ['batchSize', 'validationBatchSize']) if (args[k] === -1) args[k] = rowsOf(spec.X, k);
  return finish(args, 'callbacks' in kwargs ? callbackArray(kwargs.callbacks, 'fit()') : spec.callbacks);
}

/**
 * Keras predict arguments as SciKeras assembles them: `batchSize` and `verbose`, then `predict__*`, then the
 * call's arguments; `batchSize: -1` predicts all rows at once; the callbacks are the compiled predict
 * callbacks unless the call gives its own.
 */
export function predictArgs(
  params: Record<string, unknown>,
  kwargs: Record<string, unknown>,
  spec: { plain: readonly string[]; X: unknown; callbacks: Callback[] },
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const k of spec.plain) if (k in params) args[k] = params[k];
  const routed = route(params, 'predict', { strict: true });
  Object.assign(args, routed, kwargs);
  // 'auto' is the MLPs' batch size: scikit-learn predicts all rows at once.
  if (args.batchSize === -1 || args.batchSize === 'auto') args.batchSize = rowsOf(spec.X, 'batchSize');
  const bs = args.batchSize;
  if (bs !== undefined && bs !== null && !(Number.isInteger(bs) && (bs as number) > 0)) {
    const name = !('batchSize' in kwargs) && 'batchSize' in routed ? 'predict__batchSize' : 'batchSize';
    throw new ValueError(
      `${name} must be a positive integer, or -1 for all rows at once. Got ${describe(bs)} instead.`,
    );
  }
  return finish(args, 'callbacks' in kwargs ? callbackArray(kwargs.callbacks, 'predict()') : spec.callbacks);
}

/** Drops routed callback keys (compiled separately) and unset values (Keras's defaults), sets the callbacks. */
function finish(args: Record<string, unknown>, callbacks: Callback[]): Record<string, unknown> {
  for (const k of Object.keys(args)) if (k.startsWith('callbacks') || args[k] == null) delete args[k];
  if (typeof args.verbose === 'boolean') args.verbose = args.verbose ? 1 : 0;
  args.callbacks = callbacks;
  return args;
}

/** The number of rows for a `-1` batch size: X (after the feature encoder) must have a shape, as SciKeras requires. */
function rowsOf(X: unknown, key: string): number {
  const shape = isRecord(X) ? (X as { shape?: unknown }).shape : undefined;
  if (!Array.isArray(shape) || !Number.isInteger(shape[0]))
    throw new ValueError(`\`${key}=-1\` requires that \`X\` implement \`shape\``);
  return shape[0] as number;
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

/** Whether a plain object is one callback (it has a hook) rather than an object of callbacks. */
function isCallbackObject(o: Record<string, unknown>): boolean {
  return Object.keys(o).some((k) => isCallbackHook(k) && typeof o[k] === 'function');
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
      throw new ArgumentError(
        `${where}: ${describe(cb)} is not a callback (an object with Keras hooks, or a class to instantiate); ` +
          'callbacks may be one, an array or an object of them',
      );
  }
  return list as Callback[];
}

// SciKeras's parameter routing: `prefix__name` keys feed one destination (the build function, fit,
// compile, the optimizer, ...), with SciKeras's precedence; fit arguments, callbacks and score arguments
// are assembled here. The name after a prefix may be camelCase or snake_case. Imports src/core and nn types.

import { ArgumentError, ValueError, describe } from '../../core/errors.ts';
import { isRecord, toCamel } from '../../core/objects.ts';
import type { FitOptions } from '../../nn/train.ts';
import type { Callback } from '../../nn/callbacks.ts';

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

/** Keras fit arguments a `fit__x` key or a `fit(X, y, { x })` argument may set. */
export const FIT_KEYS = [
  'epochs',
  'batchSize',
  'verbose',
  'validationSplit',
  'validationData',
  'shuffle',
  'callbacks',
  'classWeight',
  'initialEpoch',
  'allowNonFinite',
] as const;

/**
 * The parameters routed to `prefix`, prefix stripped and names in camelCase.
 * `strict` drops keys that route further (`optimizer__a__b`), as SciKeras does
 * for the model and the optimizer.
 */
export function route(
  params: Record<string, unknown>,
  prefix: RoutingPrefix,
  options: { strict?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const head = `${prefix}__`;
  for (const [k, v] of Object.entries(params)) {
    if (!k.startsWith(head)) continue;
    const rest = k.slice(head.length);
    if (options.strict && rest.includes('__')) continue;
    out[toCamel(rest)] = v;
  }
  return out;
}

/**
 * Keras fit arguments with SciKeras's precedence: a `fit(X, y, { x })` argument over `fit__x` over the
 * plain parameter `x`. Only `allowed` keys may come from the call; unknown routed keys are errors.
 */
export function fitArgs(
  params: Record<string, unknown>,
  kwargs: Record<string, unknown>,
  n: number,
): FitOptions & Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const k of FIT_KEYS) if (k in params && k !== 'classWeight') args[k] = params[k];
  const routed = route(params, 'fit');
  for (const [k, v] of Object.entries(routed)) args[k] = v;
  for (const [k, v] of Object.entries(kwargs)) {
    if (!(FIT_KEYS as readonly string[]).includes(k)) {
      throw new ArgumentError(
        `fit() got an unexpected keyword argument '${k}'. Valid arguments: sampleWeight, ${FIT_KEYS.join(', ')}`,
      );
    }
    args[k] = v;
  }
  for (const k of Object.keys(args)) {
    if (!(FIT_KEYS as readonly string[]).includes(k))
      throw new ArgumentError(`fit__${k}: unknown fit argument '${k}'. Valid arguments: ${FIT_KEYS.join(', ')}`);
  }
  if (args.batchSize === -1) args.batchSize = n;
  if (args.callbacks !== undefined) args.callbacks = compileCallbacks(params, args.callbacks, routed.callbacks);
  else delete args.callbacks;
  if (args.batchSize === null || args.batchSize === undefined) args.batchSize = 32;
  return args as FitOptions & Record<string, unknown>;
}

const HOOKS = ['onEpochEnd', 'onBatchEnd', 'onTrainBegin', 'setModel', 'onEpochBegin', 'onBatchBegin', 'onTrainEnd'];

/** `callbacks` (both phases) plus `fit__callbacks`; classes are instantiated with the `callbacks__*` arguments. */
function compileCallbacks(params: Record<string, unknown>, cbs: unknown, fitOnly: unknown): Callback[] {
  const flat = (v: unknown): unknown[] => {
    if (v == null) return [];
    if (Array.isArray(v)) return v.flatMap(flat);
    if (isRecord(v) && !HOOKS.some((h) => h in v)) return Object.values(v).flatMap(flat);
    return [v];
  };
  const args = route(params, 'callbacks');
  const own = params.callbacks;
  const list = [...flat(own), ...(cbs === own ? [] : flat(cbs)), ...(fitOnly === cbs ? [] : flat(fitOnly))];
  return Array.from(new Set(list)).map((c) => {
    if (typeof c === 'function') return new (c as new (a: Record<string, unknown>) => Callback)(args);
    if (typeof c !== 'object' || c === null) {
      throw new ArgumentError(
        'If specified, `callbacks` must be one of:\n - An object of string keys with callbacks or lists of callbacks as values\n' +
          ' - An array of callbacks or arrays of callbacks\n - A single callback\n' +
          'Where each callback is an object with onEpochEnd/onBatchEnd/... hooks or a class to be constructed with the callbacks__ parameters',
      );
    }
    return c as Callback;
  });
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

/** `predict__*` arguments (batchSize, verbose), checked. */
export function predictArgs(params: Record<string, unknown>): { batchSize?: unknown } {
  const routed = route(params, 'predict');
  for (const k of Object.keys(routed)) {
    if (k !== 'batchSize' && k !== 'verbose')
      throw new ValueError(`predict__${k}: unknown predict argument '${k}'. Valid arguments: batchSize, verbose`);
  }
  const asked = routed.batchSize;
  if (asked !== undefined && asked !== null && asked !== -1 && !(Number.isInteger(asked) && (asked as number) > 0)) {
    throw new ValueError(
      `predict__batchSize must be a positive integer, or -1 for all rows at once. Got ${describe(asked)} instead.`,
    );
  }
  return asked === undefined || asked === null ? {} : { batchSize: asked };
}

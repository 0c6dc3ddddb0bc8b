// SciKeras's `_get_compile_kwargs`: the optimizer, loss and metrics from their parameters and routed
// arguments (a class is instantiated with its `optimizer__*` / `loss__*` / `metrics__*` arguments, an
// instance is used as given, a name is looked up), plus `compile__*`. Loss names for the compiled-loss
// check. Imports src/core, nn and the wrappers' routing.

import { ArgumentError, ValueError } from '../../core/errors.ts';
import { canonicalName, isRecord } from '../../core/objects.ts';
import { Optimizer, getOptimizer, isBuiltInOptimizer, optimizerFromJSON } from '../../nn/optimizers.ts';
import { KerasLoss, getLoss, losses, type Loss } from '../../nn/losses.ts';
import { route } from './routing.ts';
import { isClass, isPlainObject, ownArgs, unflatten, type Constructible } from './unflatten.ts';

/** What the build function and `_kerasBuildFn` get to compile with. */
export interface CompileKwargs {
  /** The optimizer instance (null when the `optimizer` parameter is null: compiling with it raises an error). */
  optimizer: Optimizer;
  loss: Loss | null;
  metrics: unknown[];
  [routed: string]: unknown;
}

/** What compile__* may set (the arguments of Sequential.compile). */
export const COMPILE_KEYS: readonly string[] = ['optimizer', 'loss', 'metrics', 'weightedMetrics', 'lossSettings'];

/** The optimizer from `optimizer` + `optimizer__*`, the loss from `loss` + `loss__*`, metrics, `compile__*`. */
export function compileKwargs(params: Record<string, unknown>): CompileKwargs {
  // compile__optimizer / compile__loss / compile__metrics take the place of the plain parameters (SciKeras).
  const compileArgs = route(params, 'compile');
  for (const k of Object.keys(compileArgs)) {
    if (!COMPILE_KEYS.includes(k))
      throw new ValueError(
        `compile__${k}: unknown compile argument '${k}'. Valid arguments: ${COMPILE_KEYS.join(', ')}`,
      );
  }
  const pick = (k: 'optimizer' | 'loss' | 'metrics'): unknown => (k in compileArgs ? compileArgs[k] : params[k]);
  const metrics = compileMetrics(pick('metrics'), route(params, 'metrics'));
  return {
    ...compileArgs,
    optimizer: compileOptimizer(pick('optimizer'), route(params, 'optimizer', { strict: true })) as Optimizer,
    loss: compileLoss(pick('loss'), route(params, 'loss')),
    metrics: metrics == null ? [] : Array.isArray(metrics) ? metrics : [metrics],
  };
}

function compileOptimizer(optimizer: unknown, args: Record<string, unknown>): Optimizer | null | undefined {
  if (optimizer === null || optimizer === undefined) return optimizer;
  // An optimizer instance is a template: each new model trains with its own copy, so fit never
  // changes the parameter's state (scikit-learn's rule) and a refit starts from the same point.
  // Only the built-in classes are copied: a user's subclass may carry behaviour its config cannot rebuild.
  if (isBuiltInOptimizer(optimizer) && Object.keys(args).length === 0)
    return optimizerFromJSON({ className: optimizer.className, config: optimizer.getConfig() });
  // An optimizer class takes one options object and would ignore an unknown key: it is refused instead.
  const keys = isClass(optimizer) ? (optimizer as { configKeys?: unknown }).configKeys : undefined;
  const bad = Array.isArray(keys) ? Object.keys(ownArgs(args)).find((k) => !keys.includes(k)) : undefined;
  if (bad !== undefined) throw new ValueError(`optimizer__${bad}: ${(optimizer as Constructible).name} takes ${keys}`);
  const compiled = unflatten(optimizer, args, 'optimizer', {
    isItem: () => true,
    named: (name, kwargs) => getOptimizer(name, kwargs),
  });
  return getOptimizer(compiled);
}

function compileLoss(loss: unknown, args: Record<string, unknown>): Loss | null {
  if (loss === null || loss === undefined) return null;
  const compiled = unflatten(loss, args, 'loss', {
    isItem: (o) => typeof o.fn === 'function',
    named: (name, kwargs, where) => {
      // SciKeras turns a name into its class to route arguments to it: done where `losses` has that class.
      const cls = namedClass(losses, name);
      if (cls !== null && Object.keys(kwargs).length > 0) return unflatten(cls, {}, where, {}, kwargs);
      // getLoss takes a named loss's own arguments (fromLogits, labelSmoothing, delta, ...) and names the valid ones.
      return getLoss(name, kwargs);
    },
  });
  // A list or object of losses (one per output) is left to compile, which says what it takes; SciKeras
  // first refuses one without any loss in it.
  if (Array.isArray(compiled) || isPlainObject(compiled)) {
    if (!Object.values(compiled).some((l) => typeof l === 'string' || typeof l === 'function' || isRecord(l)))
      throw new ValueError(
        'No valid loss function found. You must provide a loss function to train: give the loss parameter, ' +
          'or compile the model with a loss in the build function.',
      );
    return compiled as unknown as Loss;
  }
  return getLoss(compiled);
}

function compileMetrics(metrics: unknown, args: Record<string, unknown>): unknown {
  if (metrics === null || metrics === undefined) return metrics;
  return unflatten(metrics, args, 'metrics', {
    isItem: (o) => typeof o.batchSum === 'function',
    named: (name, kwargs, where) => {
      if (Object.keys(kwargs).length > 0)
        throw new ArgumentError(`${where}: a metric given by name takes no arguments; give a metric class instead`);
      return name;
    },
  });
}

/** The class a namespace (`losses`, `metrics`) holds under a name in either spelling ('BinaryCrossentropy'), if any. */
function namedClass(namespace: object, name: string): Constructible | null {
  const key = canonicalName(name);
  for (const v of Object.values(namespace)) if (isClass(v) && canonicalName(v.name) === key) return v;
  return null;
}

const CATEGORICAL = new Set(['categoricalcrossentropy', 'cce']);

/** Whether a loss (name, function, class or object) is categorical cross-entropy, which trains on one-hot targets. */
export function isCategoricalLoss(loss: unknown): boolean {
  const name = lossName(loss);
  return name !== null && CATEGORICAL.has(canonicalName(name));
}

/**
 * SciKeras's `loss_name` for the compiled-loss check: a name as the loss registry spells it, a class's or
 * an instance's class name, a loss record's name; null for anything else.
 */
export function lossName(loss: unknown): string | null {
  if (typeof loss === 'string') {
    try {
      return getLoss(loss).name;
    } catch {
      return loss;
    }
  }
  if (typeof loss === 'function') return loss.name;
  if (typeof loss !== 'object' || loss === null || Array.isArray(loss)) return null;
  // SciKeras names an instance by its class; a loss made from a name (a plain KerasLoss) by that name's key.
  if (Object.getPrototypeOf(loss) === KerasLoss.prototype) return (loss as KerasLoss).key;
  if (!isPlainObject(loss)) return (loss as object).constructor.name;
  return typeof loss.name === 'string' ? loss.name : null;
}

// Optimizers by name: the open optimizer registry (the built-ins of optimizers-core.ts and
// optimizers-adaptive.ts, and registered classes), `getOptimizer` with routed arguments in either spelling,
// loading from model JSON, and the factories with Keras defaults. Imports tensor and autograd types only.

import { ValueError, describe } from '../core/errors.ts';
import type { Variable } from '../autograd/variable.ts';
import { canonicalName, isRecord, pickKeys, toCamel } from '../core/objects.ts';
import { ClassRegistry } from './registry.ts';
import { Optimizer, SGD, RMSprop, Adam, type SGDArgs, type RMSpropArgs, type AdamArgs } from './optimizers-core.ts';
import {
  Adamax,
  Adagrad,
  Adadelta,
  Nadam,
  AdamW,
  type AdamaxArgs,
  type AdagradArgs,
  type AdadeltaArgs,
  type NadamArgs,
} from './optimizers-adaptive.ts';
import { schedules } from './schedules.ts';

export { Optimizer, SGD, RMSprop, Adam } from './optimizers-core.ts';
export type {
  OptimizerState,
  SGDArgs,
  RMSpropArgs,
  AdamArgs,
  BaseOptimizerArgs,
  LearningRateArgs,
} from './optimizers-core.ts';
export { Adamax, Adagrad, Adadelta, Nadam, AdamW } from './optimizers-adaptive.ts';
export type { AdamaxArgs, AdagradArgs, AdadeltaArgs, NadamArgs } from './optimizers-adaptive.ts';

/** An optimizer class as the registry holds it. */
export type OptimizerClass = {
  readonly className: string;
  readonly configKeys: readonly string[];
  fromConfig(config: Record<string, unknown>): Optimizer;
  readonly prototype: Optimizer;
};

// The built-in optimizers, listed here rather than registered as an import side effect (the package has none).
const OPTIMIZERS = /* @__PURE__ */ new ClassRegistry<OptimizerClass>('registerOptimizer', Optimizer, [
  SGD,
  RMSprop,
  Adam,
  Adamax,
  Adagrad,
  Adadelta,
  Nadam,
  AdamW,
]);

/** Whether `o` is exactly one of the built-in optimizer classes (whose config rebuilds it; a subclass may not). */
export function isBuiltInOptimizer(o: unknown): o is Optimizer {
  if (!(o instanceof Optimizer)) return false;
  const proto = Object.getPrototypeOf(o) as unknown;
  return [SGD, RMSprop, Adam, Adamax, Adagrad, Adadelta, Nadam, AdamW].some((c) => c.prototype === proto);
}

/**
 * Makes a custom optimizer class available by name: `getOptimizer(name, args)`, compile's `optimizer: 'name'` and
 * model JSON find it by its static `className` (either spelling) and build it with its static `fromConfig` (by
 * default `new Class(config)`), checking arguments against its static `configKeys`. Register before loading.
 *
 * @example
 * class SignSGD extends SGD { static override readonly className = 'SignSGD'; ... }
 * registerOptimizer(SignSGD);
 * model.compile({ loss: 'mse', optimizer: 'signSgd' });
 */
export function registerOptimizer(cls: OptimizerClass): void {
  OPTIMIZERS.register(cls);
}

/**
 * Makes an optimizer from a name ('adam', 'Adam', 'sgd', 'rmsprop', 'adamax', 'adagrad', 'adadelta', 'nadam', 'adamw',
 * or a registered class's className) and arguments in camelCase or snake_case (`learning_rate`, `beta_1`,
 * `global_clipnorm`).
 * An instance is returned as is. Unknown names or arguments list the valid ones.
 */
export function getOptimizer(id: unknown, args: Record<string, unknown> = {}): Optimizer {
  if (id instanceof Optimizer) {
    if (Object.keys(args).length > 0)
      throw new ValueError(
        `optimizer: routed parameters (${Object.keys(args).join(', ')}) cannot be applied to an optimizer instance; pass the optimizer by name instead`,
      );
    return id;
  }
  const cls = optimizerClass(id);
  const keys = cls.configKeys;
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    const camel = toCamel(k).replace(/^beta(\d)$/, 'beta$1');
    const name = camel === 'lr' ? 'learningRate' : camel;
    if (!keys.includes(name))
      throw new ValueError(`optimizer '${id as string}': unknown argument '${k}'. Valid arguments: ${keys.join(', ')}`);
    clean[name] = v;
  }
  return cls.fromConfig(clean);
}

function optimizerClass(id: unknown): OptimizerClass {
  const cls = OPTIMIZERS.find(id);
  if (cls !== undefined) return cls;
  const names = OPTIMIZERS.names().map(canonicalName).sort();
  throw OPTIMIZERS.unknown(`Could not interpret optimizer identifier: ${describe(id)}. Valid names:`, names);
}

/** Rebuilds an optimizer from `toJSON()` output. */
export function optimizerFromJSON(json: unknown, weights?: readonly Variable[]): Optimizer {
  if (!isRecord(json)) throw new ValueError(`optimizer JSON: expected an object, got ${describe(json)}`);
  const o = pickKeys('optimizer JSON', json, ['className', 'config', 'state']);
  const keys = optimizerClass(o.className).configKeys;
  const opt = getOptimizer(o.className, isRecord(o.config) ? { ...pickKeys('optimizer config', o.config, keys) } : {});
  if (o.state !== undefined) opt.setState(o.state, weights);
  return opt;
}

/**
 * Optimizer factories with Keras 3's defaults, and the learning-rate schedules.
 *
 * @example
 * optimizers.adamw({ weightDecay: 0.01, globalClipnorm: 1 });
 */
export const optimizers = {
  sgd: (args: SGDArgs = {}): SGD => new SGD(args),
  rmsprop: (args: RMSpropArgs = {}): RMSprop => new RMSprop(args),
  adam: (args: AdamArgs = {}): Adam => new Adam(args),
  adamax: (args: AdamaxArgs = {}): Adamax => new Adamax(args),
  adagrad: (args: AdagradArgs = {}): Adagrad => new Adagrad(args),
  adadelta: (args: AdadeltaArgs = {}): Adadelta => new Adadelta(args),
  nadam: (args: NadamArgs = {}): Nadam => new Nadam(args),
  adamw: (args: AdamArgs = {}): AdamW => new AdamW(args),
  schedules,
  get: getOptimizer,
};

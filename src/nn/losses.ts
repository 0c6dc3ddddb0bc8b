// Compiled losses: the Loss protocol compile uses, Keras' loss names (either spelling) and loss classes with
// their options (`new losses.Huber({ delta })`, `new losses.BinaryCrossentropy({ fromLogits, labelSmoothing })`),
// and what model JSON saves of them. The functions live in loss-functions.ts. Imports autograd and tensor.

import { ValueError, describe } from '../core/errors.ts';
import { canonicalName, isRecord, toCamel } from '../core/objects.ts';
import { bool, interval, satisfies, validateParams } from '../core/param-validation.ts';
import * as F from './loss-functions.ts';
import type { LossFn } from './loss-functions.ts';

export { EPSILON, type LossFn, type LossOptions } from './loss-functions.ts';

/**
 * How a loss may be computed fused and stable instead of by its function on the outputs, as the loss declares it.
 * 'crossentropy': from the logits of an output layer whose `splitActivation()` is `activation` (softmax or sigmoid
 * cross-entropy, gradient p - y). 'squaredError': one node on the outputs, honouring the half / outputReduction
 * loss settings.
 */
export type LossFusion =
  { readonly kind: 'crossentropy'; readonly activation: 'softmax' | 'sigmoid' } | { readonly kind: 'squaredError' };

/** A compiled loss: its name, the function, and options routed to it. */
export interface Loss {
  readonly name: string;
  readonly fn: LossFn;
  readonly fromLogits: boolean;
  /** The fused form the model may use (absent: `fn` on the outputs, always). */
  readonly fusion?: LossFusion;
  /** Targets are one class index per sample ([N] or [N, 1]) rather than [N, outputs]. */
  readonly sparseTargets?: boolean;
  /** A cross-entropy's label smoothing, which the fused path applies as `fn` does. */
  readonly labelSmoothing?: number;
}

export type LossName =
  | 'mean_squared_error'
  | 'mean_absolute_error'
  | 'mean_absolute_percentage_error'
  | 'mean_squared_logarithmic_error'
  | 'cosine_similarity'
  | 'huber'
  | 'log_cosh'
  | 'hinge'
  | 'squared_hinge'
  | 'categorical_hinge'
  | 'kl_divergence'
  | 'poisson'
  | 'binary_crossentropy'
  | 'categorical_crossentropy'
  | 'sparse_categorical_crossentropy';

interface Spec {
  fn: LossFn;
  fusion?: LossFusion;
  sparse?: boolean;
  /** Options beyond fromLogits and name. */
  options?: readonly ('labelSmoothing' | 'delta')[];
}

const SPECS: Record<LossName, Spec> = {
  mean_squared_error: { fn: F.meanSquaredError, fusion: { kind: 'squaredError' } },
  mean_absolute_error: { fn: F.meanAbsoluteError },
  mean_absolute_percentage_error: { fn: F.meanAbsolutePercentageError },
  mean_squared_logarithmic_error: { fn: F.meanSquaredLogarithmicError },
  cosine_similarity: { fn: F.cosineSimilarity },
  huber: { fn: F.huber, options: ['delta'] },
  log_cosh: { fn: F.logCosh },
  hinge: { fn: F.hinge },
  squared_hinge: { fn: F.squaredHinge },
  categorical_hinge: { fn: F.categoricalHinge },
  kl_divergence: { fn: F.klDivergence },
  poisson: { fn: F.poisson },
  binary_crossentropy: {
    fn: F.binaryCrossentropy,
    fusion: { kind: 'crossentropy', activation: 'sigmoid' },
    options: ['labelSmoothing'],
  },
  categorical_crossentropy: {
    fn: F.categoricalCrossentropy,
    fusion: { kind: 'crossentropy', activation: 'softmax' },
    options: ['labelSmoothing'],
  },
  sparse_categorical_crossentropy: {
    fn: F.sparseCategoricalCrossentropy,
    fusion: { kind: 'crossentropy', activation: 'softmax' },
    sparse: true,
  },
};

// Keras' short names and aliases, by canonical spelling.
const ALIASES: Record<string, LossName> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  huberloss: 'huber',
  logcosh: 'log_cosh',
  kld: 'kl_divergence',
  kullbackleiblerdivergence: 'kl_divergence',
  bce: 'binary_crossentropy',
  cce: 'categorical_crossentropy',
  scce: 'sparse_categorical_crossentropy',
};

function lossName(id: string): LossName | undefined {
  const c = canonicalName(id);
  if (Object.prototype.hasOwnProperty.call(ALIASES, c)) return ALIASES[c];
  return (Object.keys(SPECS) as LossName[]).find((k) => canonicalName(k) === c);
}

export const LOSS_NAMES = (Object.keys(SPECS) as string[]).concat('or mse, mae, mape, msle, kld, logcosh');

/**
 * A built-in loss with its options, as Keras' Loss classes: `getLoss(name, options)` and the classes in `losses`
 * (Huber, BinaryCrossentropy, ...) make these. `key` is the loss's canonical name (what model JSON stores);
 * `name` defaults to it.
 */
export class KerasLoss implements Loss {
  readonly key: LossName;
  readonly name: string;
  readonly fn: LossFn;
  readonly fromLogits: boolean;
  readonly fusion?: LossFusion;
  readonly sparseTargets?: boolean;
  readonly labelSmoothing?: number;
  /** The options beyond fromLogits (delta, labelSmoothing) that were given. */
  readonly config: Readonly<Record<string, number>>;

  constructor(key: LossName, options: Record<string, unknown> = {}) {
    const spec = SPECS[key];
    const allowed = ['fromLogits', 'name', ...(spec.options ?? [])];
    const o: Record<string, unknown> = { fromLogits: false, name: key };
    for (const [k, v] of Object.entries(options ?? {})) {
      if (!allowed.includes(toCamel(k)))
        throw new ValueError(`loss '${key}': unknown argument '${k}'. Valid arguments: ${allowed.join(', ')}`);
      o[toCamel(k)] = v;
    }
    validateParams(key, o, {
      fromLogits: bool,
      name: satisfies('a str', (v) => typeof v === 'string'),
      ...('delta' in o ? { delta: interval('float', '(0, inf)') } : {}),
      ...('labelSmoothing' in o ? { labelSmoothing: interval('float', '[0, 1]') } : {}),
    });
    const { fromLogits, name, ...config } = o as { fromLogits: boolean; name: string } & Record<string, number>;
    this.key = key;
    this.name = name;
    this.fromLogits = fromLogits;
    this.config = config;
    if (spec.fusion !== undefined) this.fusion = spec.fusion;
    if (spec.sparse === true) this.sparseTargets = true;
    if (config.labelSmoothing !== undefined) this.labelSmoothing = config.labelSmoothing;
    this.fn = Object.keys(config).length === 0 ? spec.fn : (t, p, o) => spec.fn(t, p, { ...o, ...config });
  }

  /** Keras' get_config: the options that rebuild this loss. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, fromLogits: this.fromLogits, ...this.config };
  }
}

/** The canonical name of a loss (its key for a built-in one), which metric resolution and model JSON use. */
export function lossKey(loss: Loss): string {
  return loss instanceof KerasLoss ? loss.key : loss.name;
}

/**
 * Resolves a loss given by name (either spelling), function or `Loss`, with Keras' options for a name or a
 * built-in function (`{ fromLogits, labelSmoothing, delta, name }`, camelCase or snake_case). A `Loss` object is
 * used as given. Unknown names or options list the valid ones.
 */
export function getLoss(id: unknown, options: Record<string, unknown> = {}): Loss {
  const opts = isRecord(options) ? options : {};
  if (typeof id === 'string') {
    const key = lossName(id);
    if (key === undefined)
      throw new ValueError(
        `Could not interpret loss identifier: ${describe(id)}. Valid names: ${LOSS_NAMES.join(', ')}`,
      );
    return new KerasLoss(key, opts);
  }
  if (typeof id === 'function') {
    const key = (Object.keys(SPECS) as LossName[]).find((k) => SPECS[k].fn === id);
    if (key !== undefined) return new KerasLoss(key, opts);
    if (Object.keys(opts).some((k) => k !== 'fromLogits'))
      throw new ValueError(`loss: a custom loss function takes only 'fromLogits'. Got ${Object.keys(opts).join(', ')}`);
    return { name: id.name || 'custom_loss', fn: id as LossFn, fromLogits: opts.fromLogits === true };
  }
  if (typeof id === 'object' && id !== null && 'fn' in id && typeof (id as Loss).fn === 'function') {
    if (Object.keys(opts).length > 0)
      throw new ValueError(
        `loss: routed parameters (${Object.keys(opts).join(', ')}) cannot be applied to a loss instance; pass the loss by name or class instead`,
      );
    return id as Loss;
  }
  throw new ValueError(
    `Could not interpret loss identifier: ${describe(id)}. Valid names: ${LOSS_NAMES.join(', ')}, or a function (yTrue, yPred) => Tensor`,
  );
}

type Named = { name?: string };
type CrossArgs = Named & { fromLogits?: boolean; labelSmoothing?: number };

/** Keras' MeanSquaredError: mean((yTrue - yPred)^2). */
export class MeanSquaredError extends KerasLoss {
  constructor(args: Named = {}) {
    super('mean_squared_error', args);
  }
}
/** Keras' MeanAbsoluteError: mean(|yTrue - yPred|). */
export class MeanAbsoluteError extends KerasLoss {
  constructor(args: Named = {}) {
    super('mean_absolute_error', args);
  }
}
/** Keras' MeanAbsolutePercentageError: 100 mean(|(yTrue - yPred) / yTrue|). */
export class MeanAbsolutePercentageError extends KerasLoss {
  constructor(args: Named = {}) {
    super('mean_absolute_percentage_error', args);
  }
}
/** Keras' MeanSquaredLogarithmicError: mean((log(yPred + 1) - log(yTrue + 1))^2). */
export class MeanSquaredLogarithmicError extends KerasLoss {
  constructor(args: Named = {}) {
    super('mean_squared_logarithmic_error', args);
  }
}
/** Keras' CosineSimilarity: -cos(yTrue, yPred) per sample. */
export class CosineSimilarity extends KerasLoss {
  constructor(args: Named = {}) {
    super('cosine_similarity', args);
  }
}
/** Keras' Huber: Quadratic within `delta` (1) of the target, linear beyond. */
export class Huber extends KerasLoss {
  constructor(args: Named & { delta?: number } = {}) {
    super('huber', args);
  }
}
/** Keras' LogCosh: mean(log(cosh(yPred - yTrue))). */
export class LogCosh extends KerasLoss {
  constructor(args: Named = {}) {
    super('log_cosh', args);
  }
}
/** Keras' Hinge: mean(max(1 - yTrue yPred, 0)). */
export class Hinge extends KerasLoss {
  constructor(args: Named = {}) {
    super('hinge', args);
  }
}
/** Keras' SquaredHinge: mean(max(1 - yTrue yPred, 0)^2). */
export class SquaredHinge extends KerasLoss {
  constructor(args: Named = {}) {
    super('squared_hinge', args);
  }
}
/** Keras' CategoricalHinge: max(max((1 - yTrue) yPred) - sum(yTrue yPred) + 1, 0). */
export class CategoricalHinge extends KerasLoss {
  constructor(args: Named = {}) {
    super('categorical_hinge', args);
  }
}
/** Keras' KLDivergence: sum(yTrue log(yTrue / yPred)). */
export class KLDivergence extends KerasLoss {
  constructor(args: Named = {}) {
    super('kl_divergence', args);
  }
}
/** Keras' Poisson: mean(yPred - yTrue log(yPred)). */
export class Poisson extends KerasLoss {
  constructor(args: Named = {}) {
    super('poisson', args);
  }
}
/** Keras' BinaryCrossentropy: Binary cross-entropy (fromLogits, labelSmoothing). */
export class BinaryCrossentropy extends KerasLoss {
  constructor(args: CrossArgs = {}) {
    super('binary_crossentropy', args);
  }
}
/** Keras' CategoricalCrossentropy: Categorical cross-entropy of one-hot labels (fromLogits, labelSmoothing). */
export class CategoricalCrossentropy extends KerasLoss {
  constructor(args: CrossArgs = {}) {
    super('categorical_crossentropy', args);
  }
}
/** Keras' SparseCategoricalCrossentropy: Categorical cross-entropy of integer labels (fromLogits). */
export class SparseCategoricalCrossentropy extends KerasLoss {
  constructor(args: Named & { fromLogits?: boolean } = {}) {
    super('sparse_categorical_crossentropy', args);
  }
}

/**
 * Keras' loss functions and loss classes.
 *
 * @example
 * model.compile({ loss: new losses.BinaryCrossentropy({ labelSmoothing: 0.1 }), optimizer: 'adam' });
 * const l = losses.huber(yTrue, yPred, { delta: 2 });
 */
export const losses = {
  meanSquaredError: F.meanSquaredError,
  meanAbsoluteError: F.meanAbsoluteError,
  meanAbsolutePercentageError: F.meanAbsolutePercentageError,
  meanSquaredLogarithmicError: F.meanSquaredLogarithmicError,
  cosineSimilarity: F.cosineSimilarity,
  huber: F.huber,
  logCosh: F.logCosh,
  hinge: F.hinge,
  squaredHinge: F.squaredHinge,
  categoricalHinge: F.categoricalHinge,
  klDivergence: F.klDivergence,
  poisson: F.poisson,
  binaryCrossentropy: F.binaryCrossentropy,
  categoricalCrossentropy: F.categoricalCrossentropy,
  sparseCategoricalCrossentropy: F.sparseCategoricalCrossentropy,
  MeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  CosineSimilarity,
  Huber,
  LogCosh,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
  KLDivergence,
  Poisson,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  get: getLoss,
};

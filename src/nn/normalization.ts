// Keras' BatchNormalization and LayerNormalization over the last axis, composed of differentiable ops (their
// gradients, through the batch or per-sample statistics, come from autograd). Imports autograd and tensor.

import { ShapeError } from '../core/errors.ts';
import { bool, interval, validateParams } from '../core/param-validation.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import type { Rng } from '../tensor/rng.ts';
import type { DType } from '../tensor/dtype.ts';
import { alloc } from '../tensor/alloc.ts';
import { fmt } from '../tensor/shape.ts';
import type { Variable } from '../autograd/variable.ts';
import * as A from '../autograd/ops.ts';
import { pickKeys } from '../core/objects.ts';
import { type InitializerIdentifier, type InitializerSpec, resolveInitializer } from './initializers.ts';
import { type Regularizer, type RegularizerIdentifier, resolveRegularizer } from './regularizers.ts';
import { type Constraint, type ConstraintIdentifier, resolveConstraint } from './constraints.ts';
import { Layer, addWeight, configOf, optional, type CallContext } from './layer-base.ts';
import { staticClassName } from './registry.ts';

/** Options shared by both normalizations (Keras' names and defaults). */
export interface NormalizationArgs {
  /** Only the last axis (-1) is supported. */
  axis?: number;
  epsilon?: number;
  /** Add the learned offset beta. */
  center?: boolean;
  /** Multiply by the learned scale gamma. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
  name?: string;
}

export interface BatchNormalizationArgs extends NormalizationArgs {
  /** moving = moving * momentum + batch * (1 - momentum). */
  momentum?: number;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
}

export type LayerNormalizationArgs = NormalizationArgs;

const SHARED_KEYS = [
  'name',
  'axis',
  'epsilon',
  'center',
  'scale',
  'betaInitializer',
  'gammaInitializer',
  'betaRegularizer',
  'gammaRegularizer',
  'betaConstraint',
  'gammaConstraint',
];

function constant(dtype: DType, v: number): Tensor {
  const d = alloc(dtype === 'float64' ? 'float64' : 'float32', 1);
  d[0] = v;
  return new T(d, []);
}

/** gamma and beta (and their options), built over the last axis. */
abstract class Normalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerSpec;
  readonly gammaInitializer: InitializerSpec;
  readonly betaRegularizer: Regularizer | null;
  readonly gammaRegularizer: Regularizer | null;
  readonly betaConstraint: Constraint | null;
  readonly gammaConstraint: Constraint | null;
  gamma: Variable | null = null;
  beta: Variable | null = null;

  constructor(args: NormalizationArgs, prefix: string, epsilon: number) {
    super(args.name, prefix);
    this.epsilon = args.epsilon ?? epsilon;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    // Only the features axis (-1) is normalised.
    validateParams(
      prefix,
      { ...this, axis: args.axis ?? -1 },
      {
        axis: interval('int', '[-1, -1]'),
        epsilon: interval('float', '(0, inf)'),
        center: bool,
        scale: bool,
      },
    );
    this.betaInitializer = resolveInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = resolveInitializer(args.gammaInitializer ?? 'ones');
    this.betaRegularizer = optional(args.betaRegularizer, resolveRegularizer);
    this.gammaRegularizer = optional(args.gammaRegularizer, resolveRegularizer);
    this.betaConstraint = optional(args.betaConstraint, resolveConstraint);
    this.gammaConstraint = optional(args.gammaConstraint, resolveConstraint);
  }

  override build(inputShape: readonly number[], rng: Rng, dtype: DType): void {
    const d = this.features(inputShape);
    if (this.scale) this.gamma = addWeight([d], this.gammaInitializer, rng, dtype, this.gammaConstraint);
    if (this.center) this.beta = addWeight([d], this.betaInitializer, rng, dtype, this.betaConstraint);
    super.build(inputShape, rng, dtype);
  }

  protected features(shape: readonly number[]): number {
    const d = shape[shape.length - 1];
    if (d === undefined) throw new ShapeError(`${this.className} '${this.name}': inputs need a feature axis`);
    return d;
  }

  protected checkInput(x: Tensor): void {
    const want = this.inputShape ?? [];
    if (x.ndim !== want.length + 1 || x.shape[x.ndim - 1] !== want[want.length - 1])
      throw new ShapeError(
        `${this.className} '${this.name}': expected input of shape [batch,${want.join(',')}], got ${fmt(x.shape)}`,
      );
  }

  /** x * inv + (beta - mean * inv) with inv = gamma / sqrt(variance + epsilon): Keras' batch_normalization. */
  protected normalize(x: Tensor, mean: Tensor, variance: Tensor): Tensor {
    const dt = x.dtype;
    let inv: Tensor = A.div(constant(dt, 1), A.sqrt(A.add(variance, constant(dt, this.epsilon))));
    if (this.gamma !== null) inv = A.mul(inv, this.gamma);
    let res: Tensor = A.neg(A.mul(mean, inv));
    if (this.beta !== null) res = A.add(res, this.beta);
    return A.add(A.mul(x, inv), res);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    const d = [this.features(inputShape)];
    const n = (this.scale ? 1 : 0) + (this.center ? 1 : 0) + (this instanceof BatchNormalization ? 2 : 0);
    return Array.from({ length: n }, () => d.slice());
  }

  protected override penalties(): ReadonlyArray<readonly [Variable | null, Regularizer | null]> {
    return [
      [this.gamma, this.gammaRegularizer],
      [this.beta, this.betaRegularizer],
    ];
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      axis: -1,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: this.betaInitializer,
      gammaInitializer: this.gammaInitializer,
      ...configOf({
        betaRegularizer: this.betaRegularizer,
        gammaRegularizer: this.gammaRegularizer,
        betaConstraint: this.betaConstraint,
        gammaConstraint: this.gammaConstraint,
      }),
    };
  }
}

/**
 * Keras 3's BatchNormalization over the last axis. Training (in `fit`, when the layer is trainable) normalises with
 * the batch's mean and biased variance and moves the moving statistics towards them
 * (moving = moving * momentum + batch * (1 - momentum)); inference, and a frozen layer, use the moving ones.
 * Weights in Keras' order: gamma, beta, moving mean, moving variance (the last two are never trained).
 */
export class BatchNormalization extends Normalization {
  static override readonly className: string = 'BatchNormalization';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): BatchNormalization {
    const keys = [...SHARED_KEYS, 'momentum', 'movingMeanInitializer', 'movingVarianceInitializer'];
    return new (this as unknown as typeof BatchNormalization)(pickKeys('BatchNormalization config', config, keys));
  }
  readonly momentum: number;
  readonly movingMeanInitializer: InitializerSpec;
  readonly movingVarianceInitializer: InitializerSpec;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args ?? {}, 'batch_normalization', 1e-3);
    this.momentum = args?.momentum ?? 0.99;
    validateParams('batch_normalization', this, { momentum: interval('float', '[0, 1]') });
    this.movingMeanInitializer = resolveInitializer(args?.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = resolveInitializer(args?.movingVarianceInitializer ?? 'ones');
  }

  override build(inputShape: readonly number[], rng: Rng, dtype: DType): void {
    const d = this.features(inputShape);
    super.build(inputShape, rng, dtype);
    this.movingMean = addWeight([d], this.movingMeanInitializer, rng, dtype, null, false);
    this.movingVariance = addWeight([d], this.movingVarianceInitializer, rng, dtype, null, false);
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    this.checkInput(x);
    const mm = this.movingMean as Variable,
      mv = this.movingVariance as Variable;
    if (!(ctx.training && this.trainable)) return this.normalize(x, mm, mv);
    const axes = Array.from({ length: x.ndim - 1 }, (_, i) => i);
    const mean = A.mean(x, axes, true);
    const variance = A.mean(A.square(A.sub(x, mean)), axes, true);
    const m = this.momentum;
    for (let j = 0; j < mm.size; j++) {
      mm.data[j] = mm.data[j] * m + mean.data[j] * (1 - m);
      mv.data[j] = mv.data[j] * m + variance.data[j] * (1 - m);
    }
    return this.normalize(x, mean, variance);
  }

  override weights(): Variable[] {
    return [this.gamma, this.beta, this.movingMean, this.movingVariance].filter((w): w is Variable => w !== null);
  }

  override stateWeights(): Variable[] {
    return [this.movingMean, this.movingVariance].filter((w): w is Variable => w !== null);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      momentum: this.momentum,
      movingMeanInitializer: this.movingMeanInitializer,
      movingVarianceInitializer: this.movingVarianceInitializer,
    };
  }
}

/** Keras 3's LayerNormalization over the last axis: each sample normalised by its own mean and variance. */
export class LayerNormalization extends Normalization {
  static override readonly className: string = 'LayerNormalization';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): LayerNormalization {
    return new (this as unknown as typeof LayerNormalization)(
      pickKeys('LayerNormalization config', config, SHARED_KEYS),
    );
  }

  constructor(args: LayerNormalizationArgs = {}) {
    super(args ?? {}, 'layer_normalization', 1e-3);
  }

  call(x: Tensor): Tensor {
    this.checkInput(x);
    const mean = A.mean(x, -1, true);
    const variance = A.mean(A.square(A.sub(x, mean)), -1, true);
    return this.normalize(x, mean, variance);
  }

  override weights(): Variable[] {
    return [this.gamma, this.beta].filter((w): w is Variable => w !== null);
  }
}

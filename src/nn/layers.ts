// Keras-style layers: Input, Dense, Activation (ReLU, Softmax), Dropout, the factories for every built-in layer
// (the others live in normalization.ts, activation-layers.ts and noise.ts) and the open layer registry model JSON
// loads them through. A layer builds its weights from an input shape and an Rng, then maps tensors to tensors
// with autograd ops. Imports autograd and tensor.

import { ShapeError, ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import type { Rng } from '../tensor/rng.ts';
import type { DType } from '../tensor/dtype.ts';
import { alloc } from '../tensor/alloc.ts';
import { fmt } from '../tensor/shape.ts';
import { Variable } from '../autograd/variable.ts';
import * as A from '../autograd/ops.ts';
import { type ActivationName, resolveActivation, applyActivation } from './activations.ts';
import { type InitializerIdentifier, resolveInitializer, type InitializerSpec } from './initializers.ts';
import { type Regularizer, type RegularizerIdentifier, resolveRegularizer } from './regularizers.ts';
import { type Constraint, type ConstraintIdentifier, resolveConstraint } from './constraints.ts';
import { isForbiddenKey, isRecord, pickKeys, requireKeys } from '../core/objects.ts';
import { ClassRegistry, staticClassName } from './registry.ts';
import { Layer, addWeight, configOf, optional, type CallContext } from './layer-base.ts';
import {
  BatchNormalization,
  LayerNormalization,
  type BatchNormalizationArgs,
  type LayerNormalizationArgs,
} from './normalization.ts';
import { ELU, LeakyReLU, PReLU, type PReLUArgs } from './activation-layers.ts';
import { GaussianNoise } from './noise.ts';

export { Layer, type CallContext } from './layer-base.ts';

// ------------------------------------------------------------------ Input

/** Declares the input shape of a Sequential model, as Keras' `Input`. */
export class InputLayer extends Layer {
  static override readonly className: string = 'InputLayer';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): InputLayer {
    const cfg = pickKeys('InputLayer config', config, ['name', 'shape']);
    return new (this as unknown as typeof InputLayer)(cfg as { shape: number[]; name?: string });
  }
  constructor(args: { shape: readonly number[]; name?: string }) {
    super(args.name, 'input');
    if (
      !Array.isArray(args.shape) ||
      args.shape.length === 0 ||
      args.shape.some((d) => !Number.isInteger(d) || d <= 0)
    ) {
      throw new ValueError(
        `layers.input: shape must be a non-empty array of positive integers (without the batch dimension). Got ${describe(args.shape)} instead.`,
      );
    }
    this.inputShape = args.shape.slice();
  }
  call(x: Tensor): Tensor {
    return x;
  }
  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }
  override weightShapes(): number[][] {
    return [];
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name, shape: this.inputShape };
  }
}

// ------------------------------------------------------------------ Dense

export interface DenseArgs {
  units: number;
  activation?: ActivationName | 'identity' | 'logistic' | 'swish' | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** A penalty on the layer's output (after the activation), divided by the batch size. */
  activityRegularizer?: RegularizerIdentifier | null;
  /** Applied to the kernel after each optimizer step (Keras: maxNorm, nonNeg, unitNorm, minMaxNorm). */
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  inputShape?: readonly number[];
  inputDim?: number;
  name?: string;
}

/** y = activation(x . kernel + bias), kernel stored [in, units] as in Keras. */
export class Dense extends Layer {
  static override readonly className: string = 'Dense';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): Dense {
    const keys = [
      'name',
      'units',
      'activation',
      'useBias',
      'kernelInitializer',
      'biasInitializer',
      'kernelRegularizer',
      'biasRegularizer',
      'activityRegularizer',
      'kernelConstraint',
      'biasConstraint',
      'inputShape',
    ];
    const cfg = pickKeys('Dense config', config, keys);
    requireKeys('Dense config', cfg, ['units', 'activation']);
    if (cfg.inputShape === null) delete cfg.inputShape;
    return new (this as unknown as typeof Dense)(cfg as unknown as DenseArgs);
  }
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(args?.name, 'dense');
    if (!isRecord(args))
      throw new ValueError(`layers.dense: expected an options object like { units: 10 }, got ${describe(args)}`);
    if (!Number.isInteger(args.units) || args.units <= 0)
      throw new ValueError(`layers.dense: 'units' must be a positive integer. Got ${describe(args.units)} instead.`);
    this.units = args.units;
    this.activation = resolveActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = resolveInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = resolveInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = optional(args.kernelRegularizer, resolveRegularizer);
    this.biasRegularizer = optional(args.biasRegularizer, resolveRegularizer);
    this.activityRegularizer = optional(args.activityRegularizer, resolveRegularizer);
    this.kernelConstraint = optional(args.kernelConstraint, resolveConstraint);
    this.biasConstraint = optional(args.biasConstraint, resolveConstraint);
    const shape = args.inputShape ?? (args.inputDim !== undefined ? [args.inputDim] : undefined);
    if (shape !== undefined) {
      if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d <= 0))
        throw new ValueError(
          `layers.dense: 'inputShape' must be an array of positive integers. Got ${describe(shape)} instead.`,
        );
      this.inputShape = shape.slice();
    }
  }

  override build(inputShape: readonly number[], rng: Rng, dtype: DType): void {
    if (inputShape.length !== 1)
      throw new ShapeError(`Dense '${this.name}': expected 1-D inputs per sample, got input shape ${fmt(inputShape)}`);
    const fanIn = inputShape[0] as number;
    this.kernel = addWeight([fanIn, this.units], this.kernelInitializer, rng, dtype, this.kernelConstraint);
    if (this.useBias) this.bias = addWeight([this.units], this.biasInitializer, rng, dtype, this.biasConstraint);
    super.build(inputShape, rng, dtype);
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    // relu, sigmoid and tanh fuse into one dense node; the others follow the linear node.
    const a = this.activation;
    if (a === 'linear' || a === 'relu' || a === 'sigmoid' || a === 'tanh')
      return A.dense(this.checkInput(x), this.kernel as Variable, this.bias, a);
    return applyActivation(a, this.callLinear(x, ctx));
  }

  private checkInput(x: Tensor): Tensor {
    const kernel = this.kernel as Variable;
    if (x.ndim !== 2 || x.shape[1] !== kernel.shape[0]) {
      throw new ShapeError(
        `Dense '${this.name}': expected input of shape [batch, ${kernel.shape[0]}], got ${fmt(x.shape)}`,
      );
    }
    return x;
  }

  override splitActivation(): ActivationName {
    return this.activation;
  }

  /** x . kernel + bias, before the activation (fused losses start here). */
  override callLinear(x: Tensor, _ctx?: CallContext): Tensor {
    return A.dense(this.checkInput(x), this.kernel as Variable, this.bias, 'linear');
  }

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  override weights(): Variable[] {
    const w: Variable[] = [];
    if (this.kernel) w.push(this.kernel);
    if (this.bias) w.push(this.bias);
    return w;
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    const kernel = [inputShape[inputShape.length - 1] as number, this.units];
    return this.useBias ? [kernel, [this.units]] : [kernel];
  }

  protected override penalties(): ReadonlyArray<readonly [Variable | null, Regularizer | null]> {
    return [
      [this.kernel, this.kernelRegularizer],
      [this.bias, this.biasRegularizer],
    ];
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: this.kernelRegularizer === null ? null : this.kernelRegularizer.getConfig(),
      ...configOf({
        biasRegularizer: this.biasRegularizer,
        activityRegularizer: this.activityRegularizer,
        kernelConstraint: this.kernelConstraint,
        biasConstraint: this.biasConstraint,
      }),
      inputShape: this.inputShape,
    };
  }
}

// ------------------------------------------------------------- Activation

/** Applies an activation function as its own layer. */
export class Activation extends Layer {
  static override readonly className: string = 'Activation';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): Activation {
    return new (this as unknown as typeof Activation)(
      requireKeys('Activation config', pickKeys('Activation config', config, ['name', 'activation']), [
        'activation',
      ]) as {
        activation: ActivationName;
      },
    );
  }
  readonly activation: ActivationName;
  constructor(args: { activation: ActivationName | 'identity' | 'logistic'; name?: string }) {
    super(args?.name, 'activation');
    this.activation = resolveActivation(args?.activation);
  }
  call(x: Tensor): Tensor {
    return applyActivation(this.activation, x);
  }
  override splitActivation(): ActivationName {
    return this.activation;
  }
  override callLinear(x: Tensor): Tensor {
    return x;
  }
  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }
  override weightShapes(): number[][] {
    return [];
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name, activation: this.activation };
  }
}

// ---------------------------------------------------------------- Dropout

/** Zeroes a fraction `rate` of inputs in training and scales the rest by 1/(1-rate) (inverted dropout). */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): Dropout {
    return new (this as unknown as typeof Dropout)(
      pickKeys('Dropout config', config, ['name', 'rate']) as { rate: number },
    );
  }
  readonly rate: number;
  constructor(args: { rate: number; name?: string }) {
    super(args?.name, 'dropout');
    if (typeof args?.rate !== 'number' || !(args.rate >= 0 && args.rate < 1))
      throw new ValueError(`layers.dropout: 'rate' must be a number in [0, 1). Got ${describe(args?.rate)} instead.`);
    this.rate = args.rate;
  }
  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.rate === 0) return x;
    const keep = 1 / (1 - this.rate);
    const mask = alloc(x.dtype, x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = ctx.rng.float() < this.rate ? 0 : keep;
    return A.mul(x, new T(mask, x.shape));
  }
  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }
  override weightShapes(): number[][] {
    return [];
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name, rate: this.rate };
  }
}

/** A layer class as the registry holds it: a static className and fromConfig. */
export type LayerClass = {
  readonly className: string;
  fromConfig(config: Record<string, unknown>): Layer;
  readonly prototype: Layer;
};

// The built-in layers, listed here rather than registered as an import side effect (the package has none).
const LAYERS = /* @__PURE__ */ new ClassRegistry<LayerClass>('registerLayer', Layer, [
  InputLayer,
  Dense,
  Activation,
  Dropout,
  BatchNormalization,
  LayerNormalization,
  GaussianNoise,
  LeakyReLU,
  ELU,
  PReLU,
]);

/**
 * Lets model JSON name a custom layer class: `Sequential.fromJSON` (and every loader of layer configs) finds it by its
 * static `className` and rebuilds it with its static `fromConfig` (by default `new Class(config)`). Keras'
 * register_keras_serializable; register before loading. A className already taken by another class is refused.
 *
 * @example
 * registerLayer(Scale);
 * const copy = Sequential.fromJSON(model.toJSON());
 */
export function registerLayer(cls: LayerClass): void {
  LAYERS.register(cls);
}

/**
 * Rebuilds a layer from `{ className, config }` (model JSON); unregistered classes and unknown keys are refused.
 * `trainable: false` in any layer's config freezes the rebuilt layer.
 */
export function layerFromConfig(entry: unknown): Layer {
  const e = pickKeys('layer', entry, ['className', 'config']);
  const cls = LAYERS.find(e.className);
  if (cls === undefined) throw LAYERS.unknown(`Unknown layer className ${describe(e.className)}. Valid:`);
  const where = `${cls.className} config`;
  if (!isRecord(e.config)) throw new ValueError(`${where}: expected an object, got ${describe(e.config)}`);
  // Every key but the prototype ones (refused here); the class's fromConfig checks them against its own list.
  const { trainable, ...config } = pickKeys(
    where,
    e.config,
    Object.keys(e.config).filter((k) => !isForbiddenKey(k)),
  );
  if (trainable !== undefined && typeof trainable !== 'boolean')
    throw new ValueError(`${where}: 'trainable' must be a boolean. Got ${describe(trainable)} instead.`);
  const layer = cls.fromConfig(config);
  if (trainable === false) layer.trainable = false;
  return layer;
}

/** A layer's model-JSON entry: its className and config (with `trainable: false` when it is frozen). */
export function layerToConfig(layer: Layer): { className: string; config: Record<string, unknown> } {
  const config = layer.getConfig();
  return { className: layer.className, config: layer.trainable ? config : { ...config, trainable: false } };
}

/**
 * Layer factories in TensorFlow.js style.
 *
 * @example
 * const model = sequential([layers.input({ shape: [4] }), layers.dense({ units: 3, activation: 'softmax' })]);
 */
export const layers = {
  input: (args: { shape: readonly number[]; name?: string }): InputLayer => new InputLayer(args),
  dense: (args: DenseArgs): Dense => new Dense(args),
  activation: (args: { activation: ActivationName | 'identity' | 'logistic'; name?: string }): Activation =>
    new Activation(args),
  reLU: (args: { name?: string } = {}): Activation => new Activation({ ...args, activation: 'relu' }),
  softmax: (args: { name?: string } = {}): Activation => new Activation({ ...args, activation: 'softmax' }),
  dropout: (args: { rate: number; name?: string }): Dropout => new Dropout(args),
  /** Keras' BatchNormalization (momentum 0.99, epsilon 1e-3): batch statistics in training, moving ones after. */
  batchNormalization: (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args),
  /** Keras' LayerNormalization over the last axis (epsilon 1e-3). */
  layerNormalization: (args: LayerNormalizationArgs = {}): LayerNormalization => new LayerNormalization(args),
  /** Adds N(0, stddev^2) noise in training; the identity at inference. */
  gaussianNoise: (args: { stddev: number; name?: string }): GaussianNoise => new GaussianNoise(args),
  /** x for x > 0, negativeSlope x below (Keras 3's layer default 0.3). */
  leakyReLU: (args: { negativeSlope?: number; name?: string } = {}): LeakyReLU => new LeakyReLU(args),
  /** x for x >= 0, alpha (e^x - 1) below (alpha 1). */
  elu: (args: { alpha?: number; name?: string } = {}): ELU => new ELU(args),
  /** Leaky ReLU with a learned slope per feature (Keras' PReLU, slopes initialised to 0). */
  prelu: (args: PReLUArgs = {}): PReLU => new PReLU(args),
};

// The Layer base class: a named, buildable map from tensors to tensors with Keras' weight lists (all, trainable,
// non-trainable), the `trainable` switch, weight penalties and an activity penalty. Concrete layers live in
// layers.ts and the files beside it. Imports autograd and tensor.

import { ValueError } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { Rng } from '../tensor/rng.ts';
import type { DType } from '../tensor/dtype.ts';
import { Variable } from '../autograd/variable.ts';
import * as A from '../autograd/ops.ts';
import type { ActivationName } from './activations.ts';
import type { Regularizer } from './regularizers.ts';
import { initialize, type InitializerSpec } from './initializers.ts';
import { bindConstraint, type Constraint } from './constraints.ts';

/** What a layer's call needs to know beyond its input. */
export interface CallContext {
  training: boolean;
  rng: Rng;
}

/**
 * Base class: a named, buildable map from tensors to tensors.
 *
 * A custom layer implements `call`, `outputShape` and `getConfig`, and names itself: a static `className` (what
 * `registerLayer` files it under, so model JSON can load it) and the same name as the instance's `className` (what
 * model JSON stores).
 *
 * @example
 * class Scale extends Layer {
 *   static override readonly className = 'Scale';
 *   readonly className = 'Scale';
 *   readonly factor: number;
 *   constructor(args: { factor: number; name?: string }) { super(args.name, 'scale'); this.factor = args.factor; }
 *   call(x: Tensor): Tensor { return A.scale(x, this.factor); }
 *   outputShape(s: readonly number[]): number[] { return s.slice(); }
 *   getConfig() { return { name: this.name, factor: this.factor }; }
 * }
 * registerLayer(Scale);
 */
export abstract class Layer {
  /** The name model JSON stores for this class (see `registerLayer`). */
  static readonly className: string = 'Layer';

  /** Rebuilds a layer from `getConfig()` output; by default `new this(config)`. */
  static fromConfig(config: Record<string, unknown>): Layer {
    return new (this as unknown as new (config: Record<string, unknown>) => Layer)(config);
  }

  name: string;
  built = false;
  /** Declared input shape without the batch dimension, if the layer was given one. */
  inputShape: number[] | null = null;
  /** Whether training updates this layer's weights (Keras' `layer.trainable`); saved in model JSON. */
  trainable = true;
  /** A penalty on the layer's output, divided by the batch size and added to the loss (Keras' activity_regularizer). */
  activityRegularizer: Regularizer | null = null;

  constructor(name: string | undefined, prefix: string) {
    this.name = name ?? uniqueName(prefix);
  }

  /**
   * What model JSON stores for this layer: its class's static `className` (the built-in layers return that, so a
   * subclass with its own static className is saved under it).
   */
  abstract readonly className: string;

  /** Creates weights for inputs of `inputShape` (no batch dimension). */
  build(inputShape: readonly number[], _rng: Rng, _dtype: DType): void {
    this.inputShape ??= inputShape.slice();
    this.built = true;
  }

  abstract call(x: Tensor, ctx: CallContext): Tensor;
  abstract outputShape(inputShape: readonly number[]): number[];

  /**
   * The activation this layer applies last and `callLinear` leaves out, or null (the default) when it has no
   * such split. A loss that fuses with that activation (softmax or sigmoid cross-entropy) then starts from
   * `callLinear`'s output, the logits; 'linear' means the output is already the logits.
   */
  splitActivation(): ActivationName | null {
    return null;
  }

  /** The output before the activation `splitActivation()` names (the plain output when it names none). */
  callLinear(x: Tensor, ctx: CallContext): Tensor {
    const act = this.splitActivation();
    if (act !== null && act !== 'linear') {
      throw new ValueError(
        `${this.className} '${this.name}': splitActivation() returns '${act}', so the layer must also override callLinear`,
      );
    }
    return this.call(x, ctx);
  }

  /** Every weight, in Keras order (Dense: kernel, bias; BatchNormalization: gamma, beta, moving mean, variance). */
  weights(): Variable[] {
    return [];
  }

  /**
   * The shapes `build(inputShape)` would give the weights, without allocating them (null: unknown). Loading model
   * JSON checks sizes and the saved weights against these before building anything.
   */
  weightShapes(_inputShape: readonly number[]): number[][] | null {
    return null;
  }

  /** Weights no optimizer updates whatever `trainable` says (BatchNormalization's moving statistics). */
  stateWeights(): Variable[] {
    return [];
  }

  /** The weights training updates: none when the layer is frozen (`trainable = false`). */
  trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    const fixed = this.stateWeights();
    return this.weights().filter((w) => !fixed.includes(w));
  }

  /** The other weights: the state weights, and every weight of a frozen layer. */
  nonTrainableWeights(): Variable[] {
    const t = this.trainableWeights();
    return this.weights().filter((w) => !t.includes(w));
  }

  /** [weight, regularizer] pairs whose penalties `regularization` adds (kernel, bias, gamma, ...). */
  protected penalties(): ReadonlyArray<readonly [Variable | null, Regularizer | null]> {
    return [];
  }

  /** Penalties this layer adds to the loss for a batch of `batchSize` rows. */
  regularization(batchSize: number): Tensor | null {
    let total: Tensor | null = null;
    for (const [w, r] of this.penalties()) {
      if (w === null || r === null) continue;
      const p = r.penalty(w, batchSize);
      total = total === null ? p : A.add(total, p);
    }
    return total;
  }

  /** Plain-data configuration, enough to rebuild the layer. */
  abstract getConfig(): Record<string, unknown>;
}

const counters = new Map<string, number>();

/** `prefix`, then `prefix_1`, `prefix_2`, ... (Keras' automatic layer names). */
export function uniqueName(prefix: string): string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return n === 1 ? prefix : `${prefix}_${n - 1}`;
}

/** `resolve(v)`, or null when `v` is null or undefined (an optional regularizer, constraint, ...). */
export function optional<T>(v: unknown, resolve: (v: never) => T): T | null {
  return v === null || v === undefined ? null : resolve(v as never);
}

/** A new weight drawn from `init`, trainable unless `trainable` is false, with `constraint` bound to it. */
export function addWeight(
  shape: number[],
  init: InitializerSpec,
  rng: Rng,
  dtype: DType,
  constraint: Constraint | null = null,
  trainable = true,
): Variable {
  const w = new Variable(initialize(init, shape, rng, dtype).data, shape, { requiresGrad: trainable });
  bindConstraint(w, constraint);
  return w;
}

/** Config entries of the regularizers and constraints that are set (unset ones are left out of model JSON). */
export function configOf(entries: Record<string, { getConfig(): object } | null>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== null) out[k] = v.getConfig();
  return out;
}

// Activation layers with a parameter (Keras' LeakyReLU, ELU) or learned slopes (PReLU). Imports autograd and tensor.

import type { Tensor } from '../tensor/tensor.ts';
import type { Rng } from '../tensor/rng.ts';
import type { DType } from '../tensor/dtype.ts';
import type { Variable } from '../autograd/variable.ts';
import * as A from '../autograd/ops.ts';
import { elu, leakyRelu } from '../autograd/activations.ts';
import { pickKeys } from '../core/objects.ts';
import { interval, nullable, satisfies, validateParams } from '../core/param-validation.ts';
import { type InitializerIdentifier, type InitializerSpec, resolveInitializer } from './initializers.ts';
import { type Regularizer, type RegularizerIdentifier, resolveRegularizer } from './regularizers.ts';
import { type Constraint, type ConstraintIdentifier, resolveConstraint } from './constraints.ts';
import { Layer, addWeight, configOf, optional } from './layer-base.ts';
import { staticClassName } from './registry.ts';

const finite = interval('float', '(-inf, inf)');

/** x for x > 0, negativeSlope x below; Keras 3's layer default slope is 0.3 (`alpha` is its older name). */
export class LeakyReLU extends Layer {
  static override readonly className: string = 'LeakyReLU';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): LeakyReLU {
    const c = pickKeys('LeakyReLU config', config, ['name', 'negativeSlope', 'alpha']);
    return new (this as unknown as typeof LeakyReLU)(c);
  }
  readonly negativeSlope: number;
  constructor(args: { negativeSlope?: number; alpha?: number; name?: string } = {}) {
    super(args?.name, 'leaky_re_lu');
    this.negativeSlope = args?.negativeSlope ?? args?.alpha ?? 0.3;
    validateParams('LeakyReLU', this, { negativeSlope: finite });
  }
  call(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override weightShapes(): number[][] {
    return [];
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name, negativeSlope: this.negativeSlope };
  }
}

/** x for x >= 0, alpha (e^x - 1) below (Keras' ELU layer, alpha 1). */
export class ELU extends Layer {
  static override readonly className: string = 'ELU';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): ELU {
    return new (this as unknown as typeof ELU)(pickKeys('ELU config', config, ['name', 'alpha']));
  }
  readonly alpha: number;
  constructor(args: { alpha?: number; name?: string } = {}) {
    super(args?.name, 'elu');
    this.alpha = args?.alpha ?? 1;
    validateParams('ELU', this, { alpha: finite });
  }
  call(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
  override weightShapes(): number[][] {
    return [];
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name, alpha: this.alpha };
  }
}

export interface PReLUArgs {
  alphaInitializer?: InitializerIdentifier;
  alphaRegularizer?: RegularizerIdentifier | null;
  alphaConstraint?: ConstraintIdentifier | null;
  /** Axes (counted with the batch axis as 0) along which one slope is shared. */
  sharedAxes?: number[] | null;
  name?: string;
}

/** relu(x) - alpha relu(-x) with a learned alpha per feature (Keras' PReLU; slopes start at 0). */
export class PReLU extends Layer {
  static override readonly className: string = 'PReLU';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): PReLU {
    const keys = ['name', 'alphaInitializer', 'alphaRegularizer', 'alphaConstraint', 'sharedAxes'];
    return new (this as unknown as typeof PReLU)(pickKeys('PReLU config', config, keys));
  }
  readonly alphaInitializer: InitializerSpec;
  readonly alphaRegularizer: Regularizer | null;
  readonly alphaConstraint: Constraint | null;
  readonly sharedAxes: number[] | null;
  alpha: Variable | null = null;

  constructor(args: PReLUArgs = {}) {
    super(args?.name, 'p_re_lu');
    this.alphaInitializer = resolveInitializer(args?.alphaInitializer ?? 'zeros');
    this.alphaRegularizer = optional(args?.alphaRegularizer, resolveRegularizer);
    this.alphaConstraint = optional(args?.alphaConstraint, resolveConstraint);
    const axes = args?.sharedAxes ?? null;
    // Axes count the batch axis as 0, as Keras' shared_axes.
    validateParams(
      'PReLU',
      { sharedAxes: axes },
      {
        sharedAxes: nullable(
          satisfies('a list of axes >= 1', (v) => Array.isArray(v) && v.every((a) => a >= 1 && Number.isInteger(a))),
        ),
      },
    );
    this.sharedAxes = axes === null ? null : axes.slice();
  }

  override build(inputShape: readonly number[], rng: Rng, dtype: DType): void {
    this.alpha = addWeight(
      this.weightShapes(inputShape)[0] as number[],
      this.alphaInitializer,
      rng,
      dtype,
      this.alphaConstraint,
    );
    super.build(inputShape, rng, dtype);
  }

  call(x: Tensor): Tensor {
    return A.sub(A.relu(x), A.mul(this.alpha as Variable, A.relu(A.neg(x))));
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  override weights(): Variable[] {
    return this.alpha === null ? [] : [this.alpha];
  }
  override weightShapes(inputShape: readonly number[]): number[][] {
    return [inputShape.map((d, i) => (this.sharedAxes?.includes(i + 1) ? 1 : d))];
  }
  protected override penalties(): ReadonlyArray<readonly [Variable | null, Regularizer | null]> {
    return [[this.alpha, this.alphaRegularizer]];
  }
  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      alphaInitializer: this.alphaInitializer,
      sharedAxes: this.sharedAxes,
      ...configOf({ alphaRegularizer: this.alphaRegularizer, alphaConstraint: this.alphaConstraint }),
    };
  }
}

// GaussianNoise: additive zero-mean noise in training, the identity at inference (Keras' regularisation layer).
// Imports autograd and tensor.

import { interval, validateParams } from '../core/param-validation.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import { alloc } from '../tensor/alloc.ts';
import * as A from '../autograd/ops.ts';
import { pickKeys } from '../core/objects.ts';
import { Layer, type CallContext } from './layer-base.ts';
import { staticClassName } from './registry.ts';

/** Adds N(0, stddev^2) noise to every input in training (drawn from the fit's generator); the identity otherwise. */
export class GaussianNoise extends Layer {
  static override readonly className: string = 'GaussianNoise';
  get className(): string {
    return staticClassName(this);
  }
  static override fromConfig(config: Record<string, unknown>): GaussianNoise {
    return new (this as unknown as typeof GaussianNoise)(
      pickKeys('GaussianNoise config', config, ['name', 'stddev']) as { stddev: number },
    );
  }
  readonly stddev: number;
  constructor(args: { stddev: number; name?: string }) {
    super(args?.name, 'gaussian_noise');
    validateParams('GaussianNoise', args ?? {}, { stddev: interval('float', '[0, inf)') });
    this.stddev = args.stddev;
  }
  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.stddev === 0) return x;
    const noise = alloc(x.dtype, x.size);
    for (let i = 0; i < noise.length; i++) noise[i] = this.stddev * ctx.rng.normal();
    return A.add(x, new T(noise, x.shape));
  }
  outputShape(s: readonly number[]): number[] {
    return s.slice();
  }
  override weightShapes(): number[][] {
    return [];
  }
  getConfig(): Record<string, unknown> {
    return { name: this.name, stddev: this.stddev };
  }
}

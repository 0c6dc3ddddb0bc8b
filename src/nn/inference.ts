// Inference through a backend's dense chain: a stack of Dense layers (relu or linear inside, any
// activation last; Input, Dropout and GaussianNoise layers are no-ops at inference) runs as one call, each
// layer's output staying in the backend's memory. The same products, epilogues and activation functions as
// layer by layer, so the same bits; anything else (normalization and activation layers, float64, small
// products) takes the layer-by-layer path.

import { Tensor } from '../tensor/tensor.ts';
import { denseChainInto, type DenseStep } from '../tensor/backend.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import { Dense, Dropout, InputLayer, type Layer } from './layers.ts';
import { GaussianNoise } from './noise.ts';
import { applyActivation, type ActivationName } from './activations.ts';

export interface InferencePlan {
  steps: DenseStep[];
  /** What the chain leaves for JavaScript: the last layer's activation after its product and bias. */
  final: ActivationName;
}

/** The plan for these layers, or null when they are not a plain stack of Dense layers. */
export function planInference(layers: readonly Layer[]): InferencePlan | null {
  // Exactly these classes: a subclass may override call, which the chain would skip.
  const is = (l: Layer, cls: { prototype: object }): boolean => Object.getPrototypeOf(l) === cls.prototype;
  const dense = layers.filter((l): l is Dense => is(l, Dense));
  const noOp = (l: Layer) => is(l, InputLayer) || is(l, Dropout) || is(l, GaussianNoise);
  if (dense.length === 0 || layers.some((l) => !(is(l, Dense) || noOp(l)))) return null;
  const steps: DenseStep[] = [];
  let final: ActivationName = 'linear';
  for (let i = 0; i < dense.length; i++) {
    const d = dense[i] as Dense;
    const kernel = d.kernel;
    if (kernel === null) return null;
    const lastLayer = i === dense.length - 1;
    if (!lastLayer && d.activation !== 'relu' && d.activation !== 'linear') return null;
    steps.push({
      w: kernel.data as FloatArray,
      k: kernel.shape[0] as number,
      n: kernel.shape[1] as number,
      bias: d.bias === null ? null : (d.bias.data as FloatArray),
      relu: d.activation === 'relu',
    });
    if (lastLayer) final = d.activation;
  }
  return { steps, final };
}

/**
 * The plan on `len` rows of `x` (a contiguous [len, k] view), written to `out`; false when the
 * backend has no chain for it and the caller must run the layers.
 */
export function runInference(plan: InferencePlan, x: Tensor, len: number, out: Tensor): boolean {
  if (!denseChainInto(x.data as FloatArray, len, plan.steps, out.data as FloatArray)) return false;
  // The last activation, by the function the layer applies after its product (relu already ran in the chain).
  const f = plan.final;
  if (f !== 'linear' && f !== 'relu') out.data.set(applyActivation(f, out).data);
  return true;
}

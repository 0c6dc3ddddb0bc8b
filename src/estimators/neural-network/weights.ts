// scikit-learn's `coefs_` and `intercepts_` as views of the model's weights: read as nested arrays,
// written back (shapes checked) so a warm start or a partial fit continues from them. Imports nn and tensor.

import { NotFittedError, ValueError, describe } from '../../core/errors.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { Sequential } from '../../nn/sequential.ts';

export type WeightKind = 'coefs' | 'intercepts';

/** coefs_ (per layer [in][out]) from the model's kernels. */
export function readCoefs(model: Sequential): number[][][] {
  return model
    .getWeights()
    .filter((_, i) => i % 2 === 0)
    .map((k) => k.toArray() as number[][]);
}

/** intercepts_ (per layer [out]) from the model's biases. */
export function readIntercepts(model: Sequential): number[][] {
  return model
    .getWeights()
    .filter((_, i) => i % 2 === 1)
    .map((b) => Array.from(b.data));
}

/** Writes coefs_ or intercepts_ into the model (shapes checked). */
export function writeWeights(model: Sequential, values: unknown, kind: WeightKind): void {
  const w = model.getWeights();
  const idx = w.map((_, i) => i).filter((i) => (kind === 'coefs' ? i % 2 === 0 : i % 2 === 1));
  if (!Array.isArray(values) || values.length !== idx.length) {
    throw new ValueError(
      `${kind}_ must be an array of ${idx.length} ${kind === 'coefs' ? 'matrices' : 'vectors'}, got ${describe(values)}`,
    );
  }
  idx.forEach((wi, j) => {
    const target = w[wi] as Tensor;
    const item: unknown = values[j];
    const flat = kind === 'coefs' && Array.isArray(item) ? (item as unknown[]).flat() : item;
    if (
      !Array.isArray(flat) ||
      flat.length !== target.size ||
      flat.some((v) => typeof v !== 'number' || !Number.isFinite(v))
    ) {
      throw new ValueError(`${kind}_[${j}] must hold ${target.size} finite numbers in shape [${target.shape}]`);
    }
    target.data.set(flat as number[]);
  });
  model.setWeights(w);
}

/** The error for reading coefs_ / intercepts_ of an MLP that was neither fitted nor given them. */
export function notFitted(kind: WeightKind): NotFittedError {
  return new NotFittedError(`${kind}_ is not available before fit`);
}

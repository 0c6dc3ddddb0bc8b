// Central finite differences in float64 against reverse mode. Imports tensor
// and this layer's backward.

import { Tensor } from '../tensor/tensor.ts';
import { tensor } from '../tensor/create.ts';
import { noGrad, type Variable } from './variable.ts';
import { grad } from './backward.ts';

export interface GradCheckResult {
  /** Largest |analytic - numeric| / max(1, |numeric|) over every input element. */
  maxError: number;
  /** Analytic gradients, one per input. */
  analytic: Tensor[];
  /** Finite-difference gradients, one per input. */
  numeric: Tensor[];
}

/**
 * Compares reverse-mode gradients of a scalar function with central finite
 * differences, in float64 (inputs are promoted), and returns the max relative
 * error; throws if it exceeds `tol` when `tol` is given.
 *
 * @example
 * checkGradients((x) => sum(tanh(x)), [tensor([0.1, -2])]) < 1e-7
 */
export function checkGradients(
  f: (...inputs: Variable[]) => Tensor,
  inputs: Tensor[],
  options: { eps?: number; tol?: number } = {},
): number {
  return compareGradients(f, inputs, options).maxError;
}

/** `checkGradients` with the details: both gradients per input and the max relative error. */
export function compareGradients(
  f: (...inputs: Variable[]) => Tensor,
  inputs: Tensor[],
  options: { eps?: number; tol?: number } = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-6;
  const xs = inputs.map((t) => tensor(t, { dtype: 'float64' }));
  const analytic = grad(f)(...xs);
  const numeric = xs.map((x) => {
    const g = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const orig = x.data[i];
      x.data[i] = orig + eps;
      const up = noGrad(() => f(...(xs as Variable[])).data[0]);
      x.data[i] = orig - eps;
      const down = noGrad(() => f(...(xs as Variable[])).data[0]);
      x.data[i] = orig;
      g[i] = (up - down) / (2 * eps);
    }
    return new Tensor(g, x.shape);
  });
  let maxError = 0;
  analytic.forEach((a, j) => {
    const nm = numeric[j] as Tensor;
    for (let i = 0; i < a.size; i++)
      maxError = Math.max(maxError, Math.abs(a.data[i] - nm.data[i]) / Math.max(1, Math.abs(nm.data[i])));
  });
  if (options.tol !== undefined && !(maxError <= options.tol)) {
    throw new Error(`checkGradients: max relative error ${maxError} exceeds tol ${options.tol}`);
  }
  return { maxError, analytic, numeric };
}

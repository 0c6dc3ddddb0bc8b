// Activation functions by Keras name, as differentiable ops. Imports autograd.

import { ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import * as A from '../autograd/ops.ts';
import { canonicalName } from '../core/objects.ts';

export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';
export const ACTIVATIONS: readonly ActivationName[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

/** Resolves an activation name ('linear' also as 'identity'; null/undefined means linear). */
export function resolveActivation(name: unknown): ActivationName {
  if (name === undefined || name === null) return 'linear';
  if (typeof name === 'string') {
    const c = canonicalName(name);
    if (c === 'identity' || c === 'linear') return 'linear';
    if (c === 'logistic') return 'sigmoid';
    const found = ACTIVATIONS.find((a) => a === c);
    if (found) return found;
  }
  throw new ValueError(`Unknown activation ${describe(name)}. Valid names: ${ACTIVATIONS.join(', ')}`);
}

/** Applies the activation as a differentiable op. */
export function applyActivation(name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return A.relu(x);
    case 'sigmoid':
      return A.sigmoid(x);
    case 'tanh':
      return A.tanh(x);
    case 'softmax':
      return A.softmax(x, -1);
    default:
      return name satisfies never;
  }
}

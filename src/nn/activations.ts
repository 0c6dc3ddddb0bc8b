// Activation functions by Keras name, as differentiable ops. Imports autograd.

import { ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import * as A from '../autograd/ops.ts';
import * as E from '../autograd/activations.ts';
import { canonicalName } from '../core/objects.ts';

export type ActivationName =
  | 'linear'
  | 'relu'
  | 'sigmoid'
  | 'tanh'
  | 'softmax'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'softplus'
  | 'softsign'
  | 'silu'
  | 'relu6'
  | 'leaky_relu'
  | 'hard_sigmoid'
  | 'mish'
  | 'exponential'
  | 'log_softmax';

/** Keras 3's activation names (`swish` is accepted for `silu`, `identity` for `linear`, `logistic` for `sigmoid`). */
export const ACTIVATIONS: readonly ActivationName[] = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'gelu',
  'softplus',
  'softsign',
  'silu',
  'relu6',
  'leaky_relu',
  'hard_sigmoid',
  'mish',
  'exponential',
  'log_softmax',
];

const ALIASES: Record<string, ActivationName> = { identity: 'linear', logistic: 'sigmoid', swish: 'silu' };

/** Resolves an activation name in either spelling (null/undefined means linear). */
export function resolveActivation(name: unknown): ActivationName {
  if (name === undefined || name === null) return 'linear';
  if (typeof name === 'string') {
    const c = canonicalName(name);
    const found = Object.prototype.hasOwnProperty.call(ALIASES, c)
      ? ALIASES[c]
      : ACTIVATIONS.find((a) => canonicalName(a) === c);
    if (found !== undefined) return found;
  }
  throw new ValueError(`Unknown activation ${describe(name)}. Valid names: ${ACTIVATIONS.join(', ')}, swish`);
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
    case 'log_softmax':
      return A.logSoftmax(x, -1);
    case 'exponential':
      return A.exp(x);
    case 'elu':
      return E.elu(x);
    case 'selu':
      return E.selu(x);
    case 'gelu':
      return E.gelu(x);
    case 'softplus':
      return E.softplus(x);
    case 'softsign':
      return E.softsign(x);
    case 'silu':
      return E.silu(x);
    case 'relu6':
      return E.relu6(x);
    case 'leaky_relu':
      return E.leakyRelu(x);
    case 'hard_sigmoid':
      return E.hardSigmoid(x);
    case 'mish':
      return E.mish(x);
    default:
      return name satisfies never;
  }
}

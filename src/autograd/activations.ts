// Element-wise activations beyond relu / sigmoid / tanh (Keras 3's formulas): each is a forward rule
// and, beside it, its derivative from the input and the output; one helper makes a rule an op.
// Imports tensor and the node type only.

import type { Tensor } from '../tensor/tensor.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import { alloc } from '../tensor/alloc.ts';
import { floatOf } from '../tensor/dtype.ts';
import { type Variable, record } from './variable.ts';

/** A forward rule y = f(x) and dy/dx written from x and y. */
interface Rule {
  f(x: number): number;
  d(x: number, y: number): number;
}

function elementwise(op: string, x: Tensor, rule: Rule): Variable {
  const xd = x.data;
  const n = xd.length;
  const y = alloc(floatOf(x.dtype), n);
  for (let i = 0; i < n; i++) y[i] = rule.f(xd[i] as number);
  return record(op, new T(y, x.shape), [x], (g) => {
    const gd = g.data;
    const o = alloc(g.dtype, n);
    for (let i = 0; i < n; i++) o[i] = (gd[i] as number) * rule.d(xd[i] as number, y[i] as number);
    return [new T(o, g.shape)];
  });
}

const sigm = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
// log(1 + e^x) without overflow.
const softplusOf = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/**
 * erf(x) from its series 2/sqrt(pi) e^-x^2 sum 2^n x^(2n+1) / (1 3 5 ... (2n+1)): every term is positive, so it
 * keeps double precision; beyond |x| = 6, erf is +-1 to the last bit.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  // Math.sign keeps NaN.
  if (!(a < 6)) return Math.sign(x);
  const x2 = 2 * a * a;
  let term = a,
    sum = a;
  for (let k = 3; term > sum * 1e-17; k += 2) {
    term *= x2 / k;
    sum += term;
  }
  const v = (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
  return x < 0 ? -v : v;
}

/** ELU: x for x >= 0, alpha (e^x - 1) below; d/dx = 1, or y + alpha. */
export function elu(x: Tensor, alpha = 1): Variable {
  return elementwise('elu', x, {
    f: (v) => (v >= 0 ? v : alpha * Math.expm1(v)),
    d: (v, y) => (v >= 0 ? 1 : y + alpha),
  });
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** SELU: scale * elu(x, alpha) with Klambauer et al.'s constants; d/dx = scale, or y + scale alpha. */
export function selu(x: Tensor): Variable {
  return elementwise('selu', x, {
    f: (v) => SELU_SCALE * (v >= 0 ? v : SELU_ALPHA * Math.expm1(v)),
    d: (v, y) => (v >= 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA),
  });
}

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * GELU: x Phi(x) = x (1 + erf(x / sqrt 2)) / 2, d/dx = Phi(x) + x phi(x). With `approximate`, Keras' tanh form
 * x (1 + tanh(c (x + 0.044715 x^3))) / 2, c = sqrt(2 / pi).
 */
export function gelu(x: Tensor, approximate = false): Variable {
  if (approximate) {
    const t = (v: number) => Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
    return elementwise('gelu', x, {
      f: (v) => 0.5 * v * (1 + t(v)),
      d: (v) => {
        const tv = t(v);
        return 0.5 * (1 + tv) + 0.5 * v * (1 - tv * tv) * GELU_C * (1 + 3 * 0.044715 * v * v);
      },
    });
  }
  return elementwise('gelu', x, {
    f: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
    d: (v) => 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI),
  });
}

/** softplus: log(1 + e^x), stable; d/dx = sigmoid(x). */
export function softplus(x: Tensor): Variable {
  return elementwise('softplus', x, { f: softplusOf, d: sigm });
}

/** softsign: x / (1 + |x|); d/dx = 1 / (1 + |x|)^2. */
export function softsign(x: Tensor): Variable {
  return elementwise('softsign', x, { f: (v) => v / (1 + Math.abs(v)), d: (v) => 1 / (1 + Math.abs(v)) ** 2 });
}

/** SiLU (swish): x sigmoid(x); d/dx = s (1 + x (1 - s)). */
export function silu(x: Tensor): Variable {
  return elementwise('silu', x, {
    f: (v) => v * sigm(v),
    d: (v) => {
      const s = sigm(v);
      return s * (1 + v * (1 - s));
    },
  });
}

/** relu6: min(max(x, 0), 6); d/dx = 1 inside (0, 6). */
export function relu6(x: Tensor): Variable {
  return elementwise('relu6', x, { f: (v) => Math.min(Math.max(v, 0), 6), d: (v) => (v > 0 && v < 6 ? 1 : 0) });
}

/** Leaky ReLU: x for x > 0, slope x below (Keras' activation default 0.2); d/dx = 1 or slope. */
export function leakyRelu(x: Tensor, negativeSlope = 0.2): Variable {
  return elementwise('leakyRelu', x, {
    f: (v) => (v > 0 ? v : negativeSlope * v),
    d: (v) => (v > 0 ? 1 : negativeSlope),
  });
}

/** Keras 3's hard sigmoid: clip(x / 6 + 1/2, 0, 1) (relu6(x + 3) / 6); d/dx = 1/6 inside (-3, 3). */
export function hardSigmoid(x: Tensor): Variable {
  return elementwise('hardSigmoid', x, {
    f: (v) => Math.min(Math.max(v / 6 + 0.5, 0), 1),
    d: (v) => (v > -3 && v < 3 ? 1 / 6 : 0),
  });
}

/** mish: x tanh(softplus(x)); d/dx = t + x (1 - t^2) sigmoid(x). */
export function mish(x: Tensor): Variable {
  return elementwise('mish', x, {
    f: (v) => v * Math.tanh(softplusOf(v)),
    d: (v) => {
      const t = Math.tanh(softplusOf(v));
      return t + v * (1 - t * t) * sigm(v);
    },
  });
}

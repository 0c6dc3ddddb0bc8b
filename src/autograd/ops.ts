// Differentiable twins of the tensor kernels. Each op computes its forward
// value with a kernel and, right beside it, states its backward rule.
// Imports tensor and the node type only.

import type { Tensor } from '../tensor/tensor.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import * as K from '../tensor/ops.ts';
import { alloc } from '../tensor/alloc.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import { normAxis, aroundAxis } from '../tensor/shape.ts';
import { resolveReshape } from '../tensor/tensor.ts';
import { type Variable, record, needsGrad } from './variable.ts';

type Axis = number | readonly number[] | undefined | null;
const need = needsGrad;

// ------------------------------------------------------------- arithmetic

/** a + b; d/da = g, d/db = g (unbroadcast by backward()). */
export function add(a: Tensor, b: Tensor): Variable {
  return record('add', K.add(a, b), [a, b], (g) => [g, g]);
}

/** a - b; d/da = g, d/db = -g. */
export function sub(a: Tensor, b: Tensor): Variable {
  return record('sub', K.sub(a, b), [a, b], (g) => [g, need(b) ? K.neg(g) : null]);
}

/** a * b; d/da = g b, d/db = g a. */
export function mul(a: Tensor, b: Tensor): Variable {
  return record('mul', K.mul(a, b), [a, b], (g) => [need(a) ? K.mul(g, b) : null, need(b) ? K.mul(g, a) : null]);
}

/** a / b; d/da = g / b, d/db = -g a / b^2. */
export function div(a: Tensor, b: Tensor): Variable {
  const y = K.div(a, b);
  return record('div', y, [a, b], (g) => [need(a) ? K.div(g, b) : null, need(b) ? K.neg(K.div(K.mul(g, y), b)) : null]);
}

/** -x. */
export function neg(x: Tensor): Variable {
  return record('neg', K.neg(x), [x], (g) => [K.neg(g)]);
}

/** x * s for a number s. */
export function scale(x: Tensor, s: number): Variable {
  return record('scale', K.scale(x, s), [x], (g) => [K.scale(g, s)]);
}

/** e^x; d/dx = g e^x. */
export function exp(x: Tensor): Variable {
  const y = K.exp(x);
  return record('exp', y, [x], (g) => [K.mul(g, y)]);
}

/** ln x; d/dx = g / x. */
export function log(x: Tensor): Variable {
  return record('log', K.log(x), [x], (g) => [K.div(g, x)]);
}

/** sqrt x; d/dx = g / (2 sqrt x). */
export function sqrt(x: Tensor): Variable {
  const y = K.sqrt(x);
  return record('sqrt', y, [x], (g) => [K.div(g, K.scale(y, 2))]);
}

/** x^2; d/dx = 2 g x. */
export function square(x: Tensor): Variable {
  return record('square', K.square(x), [x], (g) => [K.mul(g, K.scale(x, 2))]);
}

/** |x|; d/dx = g sign(x) (0 at 0). */
export function abs(x: Tensor): Variable {
  return record('abs', K.abs(x), [x], (g) => [mapWith(g, x, (gv, xv) => (xv > 0 ? gv : xv < 0 ? -gv : 0))]);
}

/** Elementwise max; the gradient goes to a where a >= b, else to b. */
export function maximum(a: Tensor, b: Tensor): Variable {
  return record('maximum', K.maximum(a, b), [a, b], (g) => selectGrad(g, a, b, (x, y) => x >= y));
}

/** Elementwise min; the gradient goes to a where a <= b, else to b. */
export function minimum(a: Tensor, b: Tensor): Variable {
  return record('minimum', K.minimum(a, b), [a, b], (g) => selectGrad(g, a, b, (x, y) => x <= y));
}

function selectGrad(g: Tensor, a: Tensor, b: Tensor, pickA: (x: number, y: number) => boolean): Array<Tensor | null> {
  const aa = K.broadcastTo(a, g.shape);
  const bb = K.broadcastTo(b, g.shape);
  const ga = alloc(g.dtype, g.size);
  const gb = alloc(g.dtype, g.size);
  for (let i = 0; i < g.size; i++) {
    const toA = pickA(aa.data[i], bb.data[i]);
    ga[i] = toA ? g.data[i] : 0;
    gb[i] = toA ? 0 : g.data[i];
  }
  return [new T(ga, g.shape), new T(gb, g.shape)];
}

/** Limits x to [lo, hi]; the gradient passes only inside the interval. */
export function clip(x: Tensor, lo: number, hi: number): Variable {
  return record('clip', K.clip(x, lo, hi), [x], (g) => [mapWith(g, x, (gv, xv) => (xv >= lo && xv <= hi ? gv : 0))]);
}

// ------------------------------------------------------------- activations

/** max(x, 0); d/dx = g where y > 0. */
export function relu(x: Tensor): Variable {
  const y = K.relu(x);
  return record('relu', y, [x], (g) => [activationBackward(g, y, 'relu')]);
}

/** Logistic sigmoid; d/dx = g y (1 - y). */
export function sigmoid(x: Tensor): Variable {
  const y = K.sigmoid(x);
  return record('sigmoid', y, [x], (g) => [activationBackward(g, y, 'sigmoid')]);
}

/** tanh; d/dx = g (1 - y^2). */
export function tanh(x: Tensor): Variable {
  const y = K.tanh(x);
  return record('tanh', y, [x], (g) => [activationBackward(g, y, 'tanh')]);
}

// g f'(x) from the activation's output y, for the activation ops and the fused dense op alike.
function activationBackward(g: Tensor, y: Tensor, activation: 'relu' | 'sigmoid' | 'tanh'): Tensor {
  const o = alloc(g.dtype, g.size) as FloatArray;
  activationGrad(o, g.data as FloatArray, y.data as FloatArray, activation);
  return new T(o, g.shape);
}

/** Stable softmax; d/dx = y (g - sum(g y)) along the axis. */
export function softmax(x: Tensor, axis = -1): Variable {
  const y = K.softmax(x, axis);
  return record('softmax', y, [x], (g) => [softmaxBackward(g, y, normAxis('softmax', axis, x.ndim), false)]);
}

/** Stable log-softmax; d/dx = g - softmax(x) sum(g) along the axis. */
export function logSoftmax(x: Tensor, axis = -1): Variable {
  const y = K.logSoftmax(x, axis);
  return record('logSoftmax', y, [x], (g) => [softmaxBackward(g, y, normAxis('logSoftmax', axis, x.ndim), true)]);
}

function softmaxBackward(g: Tensor, y: Tensor, axis: number, fromLog: boolean): Tensor {
  const [outer, len, inner] = aroundAxis(y.shape, axis);
  const o = alloc(g.dtype, g.size);
  const gd = g.data,
    yd = y.data;
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < inner; c++) {
      const base = a * len * inner + c;
      let s = 0;
      for (let r = 0; r < len; r++) {
        const p = base + r * inner;
        s += fromLog ? gd[p] : gd[p] * yd[p];
      }
      for (let r = 0; r < len; r++) {
        const p = base + r * inner;
        o[p] = fromLog ? gd[p] - Math.exp(yd[p]) * s : yd[p] * (gd[p] - s);
      }
    }
  }
  return new T(o, g.shape);
}

// ------------------------------------------------------------- reductions

function reducedAxes(axis: Axis, ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  return (typeof axis === 'number' ? [axis] : axis).map((a) => normAxis('reduce', a, ndim));
}

function keepShape(shape: readonly number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Sum over axes; d/dx = g broadcast back over the reduced axes. */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Variable {
  const axes = reducedAxes(axis, x.ndim);
  return record('sum', K.sum(x, axis, keepDims), [x], (g) => [
    K.broadcastTo(g.reshape(keepShape(x.shape, axes)), x.shape),
  ]);
}

/** Mean over axes; d/dx = g / count broadcast back. */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Variable {
  const axes = reducedAxes(axis, x.ndim);
  let count = 1;
  for (const a of axes) count *= x.shape[a];
  return record('mean', K.mean(x, axis, keepDims), [x], (g) => [
    K.broadcastTo(K.scale(g, 1 / count).reshape(keepShape(x.shape, axes)), x.shape),
  ]);
}

/** Max over axes; the gradient goes to every position equal to the max. */
export function max(x: Tensor, axis?: Axis, keepDims = false): Variable {
  const axes = reducedAxes(axis, x.ndim);
  const y = K.max(x, axis, keepDims);
  return record('max', y, [x], (g) => {
    const ks = keepShape(x.shape, axes);
    const yb = K.broadcastTo(y.reshape(ks), x.shape);
    const gb = K.broadcastTo(g.reshape(ks), x.shape);
    const o = alloc(g.dtype, x.size);
    for (let i = 0; i < x.size; i++) o[i] = x.data[i] === yb.data[i] ? gb.data[i] : 0;
    return [new T(o, x.shape)];
  });
}

// ------------------------------------------------------------- structure

/** Matrix product with transpose flags; backward is two products with flags, no transposes built. */
export function matmul(a: Tensor, b: Tensor, options: K.MatmulOptions = {}): Variable {
  const tA = options.transposeA === true;
  const tB = options.transposeB === true;
  return record('matmul', K.matmul(a, b, options), [a, b], (g) => [
    !need(a) ? null : tA ? K.matmul(b, g, { transposeA: tB, transposeB: true }) : K.matmul(g, b, { transposeB: !tB }),
    !need(b) ? null : tB ? K.matmul(g, a, { transposeA: true, transposeB: tA }) : K.matmul(a, g, { transposeA: !tA }),
  ]);
}

/** Gathers `indices` along `axis`; backward scatters (adds) the gradient back. */
export function take(x: Tensor, indices: ArrayLike<number>, axis = 0): Variable {
  const ax = normAxis('take', axis, x.ndim);
  return record('take', K.take(x, indices, ax), [x], (g) => {
    const [outer, len, inner] = aroundAxis(x.shape, ax);
    const m = indices.length;
    const o = alloc(g.dtype, x.size).fill(0);
    for (let a = 0; a < outer; a++)
      for (let r = 0; r < m; r++) {
        const src = (a * m + r) * inner;
        const dst = (a * len + indices[r]) * inner;
        for (let c = 0; c < inner; c++) o[dst + c] += g.data[src + c];
      }
    return [new T(o, x.shape)];
  });
}

/** Same data, new shape; the gradient is reshaped back. */
export function reshape(x: Tensor, shape: readonly number[]): Variable {
  return record('reshape', new T(x.data, resolveReshape(x.shape, shape)), [x], (g) => [g.reshape(x.shape)]);
}

/** Permutes axes; the gradient is permuted back. */
export function transpose(x: Tensor, axes?: readonly number[]): Variable {
  const perm = axes
    ? axes.map((a) => normAxis('transpose', a, x.ndim))
    : Array.from({ length: x.ndim }, (_, i) => x.ndim - 1 - i);
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return record('transpose', x.transpose(perm), [x], (g) => [g.transpose(inv)]);
}

// Elementwise helper for backward rules: o[i] = f(g[i], x[i]); x has g's shape.
function mapWith(g: Tensor, x: Tensor, f: (gv: number, xv: number) => number): Tensor {
  const o = alloc(g.dtype, g.size);
  const gd = g.data,
    xd = x.data;
  for (let i = 0; i < o.length; i++) o[i] = f(gd[i], xd[i]);
  return new T(o, g.shape);
}

// ------------------------------------------------------------- fused layer

/** Activations the fused dense op applies in place (softmax needs its row and stays separate). */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/**
 * activation(x . kernel + bias) as ONE node: one output buffer, bias and
 * activation applied in place after the product. Backward: dz = g f'(y)
 * (from the output), db = column sums of dz, dW = x^T dz, dx = dz W^T, the
 * two products with transpose flags. Same values as the unfused ops; fewer
 * passes over memory and one node instead of three in the training step.
 */
export function dense(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | null,
  activation: DenseActivation = 'linear',
): Variable {
  // Bias (and relu) ride along with the product: fused in WASM when it runs, two passes in JS otherwise.
  const z = K.matmulBias(x, kernel, bias, activation === 'relu');
  const m = z.shape[0],
    n = z.shape[1];
  const zd = z.data as FloatArray;
  if (activation === 'sigmoid' || activation === 'tanh') activateInPlace(zd, activation);
  const inputs = bias === null ? [x, kernel] : [x, kernel, bias];
  return record(`dense(${activation})`, z, inputs, (g) => {
    let dz = g;
    if (activation !== 'linear') dz = activationBackward(g, z, activation);
    let db: Tensor | null = null;
    if (bias !== null && need(bias)) {
      const s = alloc(g.dtype, n) as FloatArray;
      columnSums(s, dz.data as FloatArray, m, n);
      db = new T(s, [n]);
    }
    const grads: Array<Tensor | null> = [
      need(x) ? K.matmul(dz, kernel, { transposeB: true }) : null,
      need(kernel) ? K.matmul(x, dz, { transposeA: true }) : null,
    ];
    if (bias !== null) grads.push(db);
    return grads;
  });
}

// The dense op's loops live in small functions of their own: V8 optimises
// them as tight typed-array loops (inside the larger op they ran ~8x slower).

function activateInPlace(z: FloatArray, activation: 'sigmoid' | 'tanh'): void {
  switch (activation) {
    case 'sigmoid':
      K.sigmoidInto(z, z);
      return;
    case 'tanh':
      for (let i = 0; i < z.length; i++) z[i] = Math.tanh(z[i]);
      return;
    default:
      activation satisfies never;
  }
}

// d/dz of the activation from its output y, times g.
function activationGrad(o: FloatArray, g: FloatArray, y: FloatArray, activation: 'relu' | 'sigmoid' | 'tanh'): void {
  const len = o.length;
  // Multiplying by the 0/1 comparison avoids a mispredicted branch per element.
  if (activation === 'relu') for (let i = 0; i < len; i++) o[i] = g[i] * +(y[i] > 0);
  else if (activation === 'sigmoid')
    for (let i = 0; i < len; i++) {
      const v = y[i];
      o[i] = g[i] * v * (1 - v);
    }
  else
    for (let i = 0; i < len; i++) {
      const v = y[i];
      o[i] = g[i] * (1 - v * v);
    }
}

function columnSums(s: FloatArray, d: FloatArray, m: number, n: number): void {
  for (let j = 0; j < n; j++) s[j] = 0;
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) s[j] += d[o + j];
  }
}

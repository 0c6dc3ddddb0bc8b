// Fused, numerically stable loss primitives whose gradient is p - y: softmax
// + cross-entropy, sigmoid + binary cross-entropy, and squared error. They
// take logits (pre-activation) and never form log(softmax) separately.
// Imports tensor and the node type only.

import { ShapeError } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import { alloc } from '../tensor/alloc.ts';
import type { FloatArray } from '../tensor/dtype.ts';
import { sigmoidInto } from '../tensor/ops.ts';
import { fmt } from '../tensor/shape.ts';
import { type Variable, record } from './variable.ts';

export interface FusedLossOptions {
  /** Per-sample weights, shape [N]. The sum is still divided by N (Keras' sum_over_batch_size). */
  sampleWeight?: Tensor | null;
  /**
   * Clip probabilities to [epsilon, 1 - epsilon] when computing the loss
   * value (Keras 1e-7, scikit-learn the dtype's machine epsilon). Omitted:
   * the exact value from logits. The gradient is p - y either way.
   */
  epsilon?: number;
}

function rows(op: string, logits: Tensor): [number, number] {
  if (logits.ndim !== 2) throw new ShapeError(`${op}: logits must be 2-D [batch, outputs], got ${fmt(logits.shape)}`);
  return [logits.shape[0], logits.shape[1]];
}

function weightsOf(op: string, sw: Tensor | null | undefined, n: number): ArrayLike<number> | null {
  if (sw == null) return null;
  if (sw.size !== n) throw new ShapeError(`${op}: sampleWeight has ${sw.size} entries for a batch of ${n}`);
  return sw.data;
}

/**
 * Mean over the batch of -sum_k y_k log softmax(z)_k. `target` is either
 * class indices [N] (sparse) or a distribution [N, K] (one-hot or soft).
 * d/dz = (p sum_k y_k - y) w / N, which is p - y for one-hot rows.
 */
export function softmaxCrossEntropy(logits: Tensor, target: Tensor, options: FusedLossOptions = {}): Variable {
  const [n, k] = rows('softmaxCrossEntropy', logits);
  const sparse = target.ndim === 1;
  if (sparse ? target.shape[0] !== n : target.ndim !== 2 || target.shape[0] !== n || target.shape[1] !== k) {
    throw new ShapeError(
      `softmaxCrossEntropy: target ${fmt(target.shape)} does not match logits ${fmt(logits.shape)} (expected [${n}] class indices or [${n},${k}])`,
    );
  }
  const w = weightsOf('softmaxCrossEntropy', options.sampleWeight, n);
  const eps = options.epsilon;
  const z = logits.data,
    y = target.data;
  const p = alloc(logits.dtype, n * k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let j = 0; j < k; j++) if (z[o + j] > m) m = z[o + j];
    let s = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(z[o + j] - m);
      p[o + j] = e;
      s += e;
    }
    const lse = m + Math.log(s);
    for (let j = 0; j < k; j++) p[o + j] /= s;
    let li = 0;
    if (sparse) {
      const c = y[i];
      if (!(c >= 0 && c < k) || !Number.isInteger(c))
        throw new ShapeError(`softmaxCrossEntropy: class index ${c} is out of range for ${k} classes`);
      li = eps === undefined ? lse - z[o + c] : -Math.log(clamp(p[o + c], eps));
    } else {
      for (let j = 0; j < k; j++) {
        const yj = y[o + j];
        if (yj !== 0) li -= yj * (eps === undefined ? z[o + j] - lse : Math.log(clamp(p[o + j], eps)));
      }
    }
    total += w === null ? li : w[i] * li;
  }
  const out = alloc(logits.dtype, 1);
  out[0] = total / n;
  return record('softmaxCrossEntropy', new T(out, []), [logits, target], (g) => {
    const scale = g.data[0] / n;
    const d = alloc(logits.dtype, n * k);
    for (let i = 0; i < n; i++) {
      const o = i * k;
      const wi = w === null ? scale : scale * w[i];
      if (sparse) {
        for (let j = 0; j < k; j++) d[o + j] = wi * p[o + j];
        d[o + y[i]] -= wi;
      } else {
        let ys = 0;
        for (let j = 0; j < k; j++) ys += y[o + j];
        for (let j = 0; j < k; j++) d[o + j] = wi * (p[o + j] * ys - y[o + j]);
      }
    }
    return [new T(d, logits.shape), null];
  });
}

export interface SigmoidLossOptions extends FusedLossOptions {
  /** How the K outputs of one sample combine: Keras averages them, scikit-learn sums them. */
  outputReduction?: 'mean' | 'sum';
}

/**
 * Binary cross-entropy of sigmoid(z) against y in [0, 1], per element, then
 * reduced over outputs and averaged over the batch. d/dz = (sigmoid(z) - y) w / (N [K]).
 */
export function sigmoidCrossEntropy(logits: Tensor, target: Tensor, options: SigmoidLossOptions = {}): Variable {
  const [n, k] = rows('sigmoidCrossEntropy', logits);
  if (target.size !== n * k)
    throw new ShapeError(`sigmoidCrossEntropy: target ${fmt(target.shape)} does not match logits ${fmt(logits.shape)}`);
  const w = weightsOf('sigmoidCrossEntropy', options.sampleWeight, n);
  const eps = options.epsilon;
  const perOut = options.outputReduction === 'sum' ? 1 : 1 / k;
  const z = logits.data,
    y = target.data;
  const p = alloc(logits.dtype, n * k) as FloatArray;
  const e = eps === undefined ? (alloc('float64', n * k) as Float64Array) : undefined;
  sigmoidInto(z, p, e);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let li = 0;
    for (let j = 0; j < k; j++) {
      const q = i * k + j;
      const v = z[q];
      const pv = p[q];
      const yv = y[q];
      // Exact: max(z,0) - z y + log(1 + e^-|z|); clipped: the probability form.
      li +=
        eps === undefined
          ? Math.max(v, 0) - v * yv + Math.log1p((e as Float64Array)[q] as number)
          : -(yv * Math.log(clamp(pv, eps)) + (1 - yv) * Math.log(clamp(1 - pv, eps)));
    }
    total += (w === null ? 1 : w[i]) * li * perOut;
  }
  const out = alloc(logits.dtype, 1);
  out[0] = total / n;
  return record('sigmoidCrossEntropy', new T(out, []), [logits, target], (g) => {
    const scale = (g.data[0] * perOut) / n;
    const d = alloc(logits.dtype, n * k);
    for (let i = 0; i < n; i++) {
      const wi = w === null ? scale : scale * w[i];
      for (let j = 0; j < k; j++) {
        const q = i * k + j;
        d[q] = wi * (p[q] - y[q]);
      }
    }
    return [new T(d, logits.shape), null];
  });
}

export interface SquaredErrorOptions {
  sampleWeight?: Tensor | null;
  /** Multiply by 1/2 (scikit-learn's half squared error). */
  half?: boolean;
  /**
   * 'mean' (Keras) averages the K outputs of a sample. 'sklearn' reports the
   * mean but takes the gradient of the sum, exactly as scikit-learn's MLP
   * does (its delta is p - y whatever the number of outputs).
   */
  outputReduction?: 'mean' | 'sum' | 'sklearn';
}

/** Squared error between predictions and targets, reduced over outputs, averaged over the batch. */
export function squaredError(pred: Tensor, target: Tensor, options: SquaredErrorOptions = {}): Variable {
  const [n, k] = rows('squaredError', pred);
  if (target.size !== n * k)
    throw new ShapeError(`squaredError: target ${fmt(target.shape)} does not match predictions ${fmt(pred.shape)}`);
  const w = weightsOf('squaredError', options.sampleWeight, n);
  const half = options.half === true ? 0.5 : 1;
  const red = options.outputReduction ?? 'mean';
  const valueScale = (half * (red === 'sum' ? 1 : 1 / k)) / n;
  const gradScale = (2 * half * (red === 'mean' ? 1 / k : 1)) / n;
  const a = pred.data,
    y = target.data;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let li = 0;
    for (let j = 0; j < k; j++) {
      const d = a[i * k + j] - y[i * k + j];
      li += d * d;
    }
    total += w === null ? li : w[i] * li;
  }
  const out = alloc(pred.dtype, 1);
  out[0] = total * valueScale;
  return record('squaredError', new T(out, []), [pred, target], (g) => {
    const s = g.data[0] * gradScale;
    const d = alloc(pred.dtype, n * k);
    for (let i = 0; i < n; i++) {
      const wi = w === null ? s : s * w[i];
      for (let j = 0; j < k; j++) {
        const q = i * k + j;
        d[q] = wi * (a[q] - y[q]);
      }
    }
    return [new T(d, pred.shape), null];
  });
}

function clamp(p: number, eps: number): number {
  return p < eps ? eps : p > 1 - eps ? 1 - eps : p;
}

/**
 * l1 sum|w| + l2 sum w^2 as one node (a weight penalty, added to the loss
 * every batch): one pass forward, one pass back, d/dw = l1 sign(w) + 2 l2 w.
 */
export function weightPenalty(w: Tensor, l1: number, l2: number): Variable {
  const d = w.data;
  let total = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    total += l1 * Math.abs(v) + l2 * v * v;
  }
  const out = alloc(w.dtype === 'float64' ? 'float64' : 'float32', 1);
  out[0] = total;
  return record('weightPenalty', new T(out, []), [w], (g) => {
    const gv = g.data[0];
    const o = alloc(out instanceof Float64Array ? 'float64' : 'float32', d.length);
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      o[i] = gv * (l1 * Math.sign(v) + 2 * l2 * v);
    }
    return [new T(o, w.shape)];
  });
}

// Numeric kernels over tensors with NumPy broadcasting: pure functions, no
// gradients (autograd wraps them). Imports tensor-layer modules only.

import { ShapeError, ValueError } from '../core/errors.ts';
import { type FloatArray, type TypedArray, promote, floatOf } from './dtype.ts';
import { alloc } from './alloc.ts';
import { type Shape, broadcastShapes, sameShape, sizeOf, fmt, normAxis, aroundAxis } from './shape.ts';
import { Tensor } from './tensor.ts';
import { matmulInto, matmulBiasActInto } from './backend.ts';

// ---------------------------------------------------------------- binary ops

type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum';

// One loop per op so each inner loop stays monomorphic (no callback per element).
function binaryRun(
  op: BinaryOp,
  x: TypedArray,
  px: number,
  sx: number,
  y: TypedArray,
  py: number,
  sy: number,
  o: TypedArray,
  po: number,
  len: number,
): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < len; i++) o[po + i] = x[px + i * sx] + y[py + i * sy];
      return;
    case 'sub':
      for (let i = 0; i < len; i++) o[po + i] = x[px + i * sx] - y[py + i * sy];
      return;
    case 'mul':
      for (let i = 0; i < len; i++) o[po + i] = x[px + i * sx] * y[py + i * sy];
      return;
    case 'div':
      for (let i = 0; i < len; i++) o[po + i] = x[px + i * sx] / y[py + i * sy];
      return;
    case 'maximum':
      for (let i = 0; i < len; i++) {
        const a = x[px + i * sx],
          b = y[py + i * sy];
        o[po + i] = a > b || a !== a ? a : b;
      }
      return;
    case 'minimum':
      for (let i = 0; i < len; i++) {
        const a = x[px + i * sx],
          b = y[py + i * sy];
        o[po + i] = a < b || a !== a ? a : b;
      }
      return;
    default:
      op satisfies never;
  }
}

function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const dtype = promote(a.dtype, b.dtype);
  if (sameShape(a.shape, b.shape)) {
    const out = alloc(dtype, a.size);
    binaryRun(op, a.data, 0, 1, b.data, 0, 1, out, 0, out.length);
    return new Tensor(out, a.shape);
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = alloc(dtype, sizeOf(shape));
  const nd = shape.length;
  // Strides of a and b over the output's index space (0 on broadcast axes).
  const sa = stridesFor(a.shape, shape);
  const sb = stridesFor(b.shape, shape);
  const inner = nd === 0 ? 1 : shape[nd - 1];
  const outer = inner === 0 ? 0 : out.length / inner;
  const ia = nd === 0 ? 0 : sa[nd - 1];
  const ib = nd === 0 ? 0 : sb[nd - 1];
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  let pa = 0;
  let pb = 0;
  for (let r = 0; r < outer; r++) {
    binaryRun(op, a.data, pa, ia, b.data, pb, ib, out, r * inner, inner);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      pa += sa[d];
      pb += sb[d];
      if (idx[d] < shape[d]) break;
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape);
}

function stridesFor(shape: Shape, outShape: Shape): number[] {
  const nd = outShape.length;
  const s = new Array<number>(nd).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i];
    s[nd - shape.length + i] = d === 1 ? 0 : stride;
    stride *= d;
  }
  return s;
}

/** Elementwise a + b with broadcasting. */
export const add = (a: Tensor, b: Tensor): Tensor => binary('add', a, b);
/** Elementwise a - b with broadcasting. */
export const sub = (a: Tensor, b: Tensor): Tensor => binary('sub', a, b);
/** Elementwise a * b with broadcasting. */
export const mul = (a: Tensor, b: Tensor): Tensor => binary('mul', a, b);
/** Elementwise a / b with broadcasting. */
export const div = (a: Tensor, b: Tensor): Tensor => binary('div', a, b);
/** Elementwise max (NaN wins, as in NumPy). */
export const maximum = (a: Tensor, b: Tensor): Tensor => binary('maximum', a, b);
/** Elementwise min (NaN wins, as in NumPy). */
export const minimum = (a: Tensor, b: Tensor): Tensor => binary('minimum', a, b);

// ----------------------------------------------------------------- unary ops

type UnaryOp = 'neg' | 'exp' | 'log' | 'sqrt' | 'square' | 'abs' | 'relu' | 'sigmoid' | 'tanh';

function unary(op: UnaryOp, t: Tensor): Tensor {
  const x = t.data;
  const n = x.length;
  const o = alloc(floatOf(t.dtype), n);
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) o[i] = -x[i];
      break;
    case 'exp':
      for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]);
      break;
    case 'log':
      for (let i = 0; i < n; i++) o[i] = Math.log(x[i]);
      break;
    case 'sqrt':
      for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]);
      break;
    case 'square':
      for (let i = 0; i < n; i++) o[i] = x[i] * x[i];
      break;
    case 'abs':
      for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]);
      break;
    case 'relu':
      reluInto(x, o as FloatArray);
      break;
    case 'sigmoid':
      sigmoidInto(x, o as FloatArray);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]);
      break;
    default:
      op satisfies never;
  }
  return new Tensor(o, t.shape);
}

// The one definition of relu and of the stable sigmoid over typed arrays: the tensor ops, the fused dense op's
// epilogue and the fused sigmoid loss all call these, so every path gives the same bits.

/**
 * o[i] = max(x[i], 0), written as (v + |v|) / 2; `o` may be `x` (in place). No branch: pre-activation signs are
 * random, so `v > 0 ? v : 0` and Math.max mispredict (measured ~5.5 ns against 0.75 ns per element). NaN stays
 * visible, so training can stop on it; relu(-Infinity) is NaN.
 */
export function reluInto(x: ArrayLike<number>, o: FloatArray): void {
  const n = o.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    o[i] = (v + Math.abs(v)) * 0.5;
  }
}

/**
 * o[i] = 1 / (1 + e^-x[i]); `o` may be `x` (in place). Stable: with e = e^-|v| it is 1 / (1 + e) for v >= 0 and
 * e / (1 + e) below, so exp never overflows. `expNegAbs`, when given, receives each e in double precision (the
 * fused sigmoid loss's log(1 + e) term reuses it instead of a second exp). NaN gives NaN.
 */
export function sigmoidInto(x: ArrayLike<number>, o: FloatArray, expNegAbs?: Float64Array): void {
  const n = o.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const e = Math.exp(-Math.abs(v));
    o[i] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
    if (expNegAbs !== undefined) expNegAbs[i] = e;
  }
}

export const neg = (t: Tensor): Tensor => unary('neg', t);
export const exp = (t: Tensor): Tensor => unary('exp', t);
export const log = (t: Tensor): Tensor => unary('log', t);
export const sqrt = (t: Tensor): Tensor => unary('sqrt', t);
export const square = (t: Tensor): Tensor => unary('square', t);
export const abs = (t: Tensor): Tensor => unary('abs', t);
/** max(x, 0). */
export const relu = (t: Tensor): Tensor => unary('relu', t);
/** 1 / (1 + e^-x), computed without overflow. */
export const sigmoid = (t: Tensor): Tensor => unary('sigmoid', t);
export const tanh = (t: Tensor): Tensor => unary('tanh', t);

/** Limits every element to [lo, hi]. */
export function clip(t: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new ValueError(`clip: lo (${lo}) must not exceed hi (${hi})`);
  const x = t.data;
  const o = alloc(floatOf(t.dtype), x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    o[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return new Tensor(o, t.shape);
}

/** Multiplies every element by a number. */
export function scale(t: Tensor, s: number): Tensor {
  const x = t.data;
  const o = alloc(floatOf(t.dtype), x.length);
  for (let i = 0; i < x.length; i++) o[i] = x[i] * s;
  return new Tensor(o, t.shape);
}

// ---------------------------------------------------------------- reductions

type Axis = number | readonly number[] | undefined | null;
type ReduceOp = 'sum' | 'mean' | 'max';

function reduceAxes(op: string, axis: Axis, ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const norm = list.map((a) => normAxis(op, a, ndim));
  if (new Set(norm).size !== norm.length) throw new ShapeError(`${op}: repeated axis in [${list.join(',')}]`);
  return norm.sort((x, y) => x - y);
}

function reduce(op: ReduceOp, t: Tensor, axis: Axis, keepDims: boolean): Tensor {
  const axes = reduceAxes(op, axis, t.ndim);
  let cur = t;
  // Reduce the highest axis first so lower axis numbers stay valid.
  for (let k = axes.length - 1; k >= 0; k--) cur = reduceOne(op, cur, axes[k], true);
  if (axes.length === 0 && op !== 'max') cur = new Tensor(copyOf(cur.data, floatOf(t.dtype)), cur.shape);
  if (keepDims) return cur;
  return new Tensor(
    cur.data,
    t.shape.filter((_, i) => !axes.includes(i)),
  );
}

function copyOf(x: TypedArray, dtype: 'float32' | 'float64'): TypedArray {
  const o = alloc(dtype, x.length);
  o.set(x);
  return o;
}

function reduceOne(op: ReduceOp, t: Tensor, axis: number, keepDims: boolean): Tensor {
  const [outer, len, inner] = aroundAxis(t.shape, axis);
  if (op === 'max' && len === 0)
    throw new ShapeError(`max: cannot reduce an empty axis ${axis} of shape ${fmt(t.shape)}`);
  const x = t.data;
  const o = alloc(floatOf(t.dtype), outer * inner);
  for (let a = 0; a < outer; a++) {
    const base = a * len * inner;
    const ob = a * inner;
    if (op === 'max') {
      for (let c = 0; c < inner; c++) o[ob + c] = x[base + c];
      for (let r = 1; r < len; r++) {
        const row = base + r * inner;
        for (let c = 0; c < inner; c++) {
          const v = x[row + c],
            m = o[ob + c];
          if (v > m || v !== v) o[ob + c] = v;
        }
      }
    } else {
      for (let c = 0; c < inner; c++) o[ob + c] = 0;
      for (let r = 0; r < len; r++) {
        const row = base + r * inner;
        for (let c = 0; c < inner; c++) o[ob + c] += x[row + c];
      }
      if (op === 'mean') for (let c = 0; c < inner; c++) o[ob + c] /= len;
    }
  }
  const shape = t.shape.slice();
  if (keepDims) shape[axis] = 1;
  else shape.splice(axis, 1);
  return new Tensor(o, shape);
}

/** Sum over `axis` (all axes when omitted). */
export const sum = (t: Tensor, axis?: Axis, keepDims = false): Tensor => reduce('sum', t, axis, keepDims);
/** Mean over `axis` (all axes when omitted). */
export const mean = (t: Tensor, axis?: Axis, keepDims = false): Tensor => reduce('mean', t, axis, keepDims);
/** Max over `axis` (all axes when omitted). */
export const max = (t: Tensor, axis?: Axis, keepDims = false): Tensor => reduce('max', t, axis, keepDims);

/** Index of the largest element along `axis` (first one on ties), as int32. */
export function argmax(t: Tensor, axis = -1): Tensor {
  const ax = normAxis('argmax', axis, t.ndim);
  const [outer, len, inner] = aroundAxis(t.shape, ax);
  if (len === 0) throw new ShapeError(`argmax: axis ${axis} of shape ${fmt(t.shape)} is empty`);
  const x = t.data;
  const o = alloc('int32', outer * inner);
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < inner; c++) {
      let best = x[a * len * inner + c];
      let bi = 0;
      for (let r = 1; r < len; r++) {
        const v = x[(a * len + r) * inner + c];
        if (v > best) {
          best = v;
          bi = r;
        }
      }
      o[a * inner + c] = bi;
    }
  }
  const shape = t.shape.slice();
  shape.splice(ax, 1);
  return new Tensor(o, shape);
}

// ------------------------------------------------------- softmax and friends

/** exp(x - max) / sum(exp(x - max)) along `axis`: stable for any input. */
export function softmax(t: Tensor, axis = -1): Tensor {
  return softmaxLike(t, axis, false);
}

/** x - max - log(sum(exp(x - max))) along `axis`: stable log-softmax. */
export function logSoftmax(t: Tensor, axis = -1): Tensor {
  return softmaxLike(t, axis, true);
}

function softmaxLike(t: Tensor, axis: number, takeLog: boolean): Tensor {
  const ax = normAxis(takeLog ? 'logSoftmax' : 'softmax', axis, t.ndim);
  const [outer, len, inner] = aroundAxis(t.shape, ax);
  const x = t.data;
  const o = alloc(floatOf(t.dtype), x.length);
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < inner; c++) {
      const base = a * len * inner + c;
      let m = -Infinity;
      for (let r = 0; r < len; r++) {
        const v = x[base + r * inner];
        if (v > m) m = v;
      }
      let s = 0;
      if (takeLog) {
        for (let r = 0; r < len; r++) s += Math.exp(x[base + r * inner] - m);
        const lse = m + Math.log(s);
        for (let r = 0; r < len; r++) o[base + r * inner] = x[base + r * inner] - lse;
      } else {
        for (let r = 0; r < len; r++) {
          const e = Math.exp(x[base + r * inner] - m);
          o[base + r * inner] = e;
          s += e;
        }
        for (let r = 0; r < len; r++) o[base + r * inner] /= s;
      }
    }
  }
  return new Tensor(o, t.shape);
}

// ------------------------------------------------------------ gather, matmul

/** Picks entries `indices` along `axis` (rows by default), like NumPy's take. */
export function take(t: Tensor, indices: ArrayLike<number>, axis = 0): Tensor {
  const ax = normAxis('take', axis, t.ndim);
  const [outer, len, inner] = aroundAxis(t.shape, ax);
  const m = indices.length;
  const x = t.data;
  const o = alloc(t.dtype, outer * m * inner);
  for (let a = 0; a < outer; a++) {
    for (let r = 0; r < m; r++) {
      const ix = indices[r];
      if (!(ix >= 0 && ix < len) || !Number.isInteger(ix))
        throw new ShapeError(`take: index ${ix} is out of range for axis ${axis} of size ${len}`);
      const src = (a * len + ix) * inner;
      const dst = (a * m + r) * inner;
      if (inner === 1) o[dst] = x[src];
      else o.set(x.subarray(src, src + inner), dst);
    }
  }
  const shape = t.shape.slice();
  shape[ax] = m;
  return new Tensor(o, shape);
}

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * Matrix product of 2-D tensors, op(a) . op(b), where op transposes when its
 * flag is set. No transpose is ever materialised: the flags reach the kernel.
 *
 * @example
 * matmul(x, w);                        // x . w
 * matmul(x, dy, { transposeA: true }); // x^T . dy
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const p = prepareProduct(a, b, options);
  matmulInto(p.a, p.b, p.c, p.m, p.k, p.n, p.tA, p.tB);
  return new Tensor(p.c, [p.m, p.n]);
}

/**
 * relu?(a . b + bias) for a dense layer: the bias (a row vector, or null) and
 * relu are applied by the backend while the product is in its own memory when
 * it can (WASM), else by two passes here. relu keeps NaN; relu(-Infinity) is NaN.
 */
export function matmulBias(a: Tensor, b: Tensor, bias: Tensor | null, relu: boolean): Tensor {
  const p = prepareProduct(a, b, {});
  if (bias !== null && bias.size !== p.n)
    throw new ShapeError(`matmulBias: bias ${fmt(bias.shape)} does not match ${p.n} output columns`);
  const bd = bias === null ? null : asFloat(bias.data, p.dtype);
  if (!matmulBiasActInto(p.a, p.b, p.c, p.m, p.k, p.n, false, false, bd, relu)) {
    matmulInto(p.a, p.b, p.c, p.m, p.k, p.n, false, false);
    if (bd !== null) addRowVector(p.c, bd, p.m, p.n);
    if (relu) reluInto(p.c, p.c);
  }
  return new Tensor(p.c, [p.m, p.n]);
}

function prepareProduct(a: Tensor, b: Tensor, options: MatmulOptions) {
  const tA = options.transposeA === true;
  const tB = options.transposeB === true;
  if (a.ndim !== 2 || b.ndim !== 2)
    throw new ShapeError(`matmul: ${fmt(a.shape)} x ${fmt(b.shape)}: both operands must be 2-D`);
  const m = tA ? a.shape[1] : a.shape[0];
  const k = tA ? a.shape[0] : a.shape[1];
  const k2 = tB ? b.shape[1] : b.shape[0];
  const n = tB ? b.shape[0] : b.shape[1];
  if (k !== k2) {
    const flags = tA || tB ? ` (transposeA=${tA}, transposeB=${tB})` : '';
    throw new ShapeError(`matmul: ${fmt(a.shape)} x ${fmt(b.shape)}${flags}: inner dimensions ${k} and ${k2} differ`);
  }
  const dtype = promote(a.dtype, b.dtype);
  return {
    a: asFloat(a.data, dtype),
    b: asFloat(b.data, dtype),
    c: alloc(dtype, m * n) as FloatArray,
    m,
    k,
    n,
    tA,
    tB,
    dtype,
  };
}

// The dense-layer bias in JavaScript (when no backend fused it with the product).
function addRowVector(z: FloatArray, b: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) z[o + j] += b[j];
  }
}

function asFloat(x: TypedArray, dtype: 'float32' | 'float64'): FloatArray {
  if (dtype === 'float64' ? x instanceof Float64Array : x instanceof Float32Array) return x as FloatArray;
  const o = alloc(dtype, x.length) as FloatArray;
  o.set(x);
  return o;
}

/** A copy converted to `dtype`. */
export function cast(t: Tensor, dtype: 'float32' | 'float64' | 'int32'): Tensor {
  if (t.dtype === dtype) return t;
  const o = alloc(dtype, t.size);
  o.set(t.data);
  return new Tensor(o, t.shape);
}

/** True when every element is finite. */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) return false;
  }
  return true;
}

/** Repeats `t` along broadcast axes to fill `shape` (NumPy's broadcast_to, materialised). */
export function broadcastTo(t: Tensor, shape: Shape): Tensor {
  const full = broadcastShapes('broadcastTo', t.shape, shape);
  if (!sameShape(full, shape))
    throw new ShapeError(`broadcastTo: ${fmt(t.shape)} cannot be broadcast to ${fmt(shape)}`);
  const out = alloc(t.dtype, sizeOf(shape));
  const nd = shape.length;
  const s = stridesFor(t.shape, shape);
  const idx = new Array<number>(nd).fill(0);
  let p = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = t.data[p];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      p += s[d];
      if (idx[d] < shape[d]) break;
      p -= s[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape);
}

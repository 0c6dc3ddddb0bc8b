// Shared machinery of the metrics: scikit-learn's target checks for classification metrics,
// NumPy-compatible sums, Python-style formatting for messages and reports. Imports src/core and utils.
import { ValueError, describe } from '../../core/errors.ts';
import { warn as emitWarning } from '../../core/warnings.ts';
import { checkConsistentLength } from '../utils/validation.ts';
import {
  type Label,
  type NumericArray,
  type Parsed,
  type TargetType,
  type Vec,
  checkFinite,
  isRow,
  lengthOf,
  mixError,
  parse,
  sortedUnique,
  typeOf,
} from '../utils/multiclass.ts';

/** scikit-learn's `zero_division`: the value of a 0/0 precision or recall ('warn' = 0 and a warning). */
export type ZeroDivision = 'warn' | 0 | 1;
/** Averaging of per-label precision / recall / F-scores (`null` returns the per-label values). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples';

export function warn(message: string): void {
  emitWarning('UndefinedMetricWarning', message);
}

// ------------------------------------------------------------------ numpy-compatible sums

/**
 * numpy's summation of a contiguous float64 vector: pairwise with an 8-way
 * unrolled base case, over chunks of 8192 (its buffer size). Matching it keeps
 * our results within an ulp or two of scikit-learn's, not just within 1e-10.
 */
export function psum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n > 8192) {
    let r = 0;
    for (let i = 0; i < n; i += 8192) r += pairwise(a, start + i, Math.min(8192, n - i));
    return r;
  }
  return pairwise(a, start, n);
}

export function pairwise(a: ArrayLike<number>, s: number, n: number): number {
  if (n < 8) {
    let r = 0;
    for (let i = 0; i < n; i++) r += a[s + i] as number;
    return r;
  }
  if (n <= 128) {
    let r0 = a[s] as number,
      r1 = a[s + 1] as number,
      r2 = a[s + 2] as number,
      r3 = a[s + 3] as number;
    let r4 = a[s + 4] as number,
      r5 = a[s + 5] as number,
      r6 = a[s + 6] as number,
      r7 = a[s + 7] as number;
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      r0 += a[s + i] as number;
      r1 += a[s + i + 1] as number;
      r2 += a[s + i + 2] as number;
      r3 += a[s + i + 3] as number;
      r4 += a[s + i + 4] as number;
      r5 += a[s + i + 5] as number;
      r6 += a[s + i + 6] as number;
      r7 += a[s + i + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[s + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, s, n2) + pairwise(a, s + n2, n - n2);
}

/** np.average(a, weights=w): sum(a*w)/sum(w), or the mean without weights. */
export function average(a: ArrayLike<number>, w?: ArrayLike<number>): number {
  if (w === undefined) return psum(a) / a.length;
  const aw = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) aw[i] = (a[i] as number) * (w[i] as number);
  const scl = psum(w);
  if (scl === 0) throw new ValueError("Weights sum to zero, can't be normalized");
  return psum(aw) / scl;
}

/**
 * Column sums of a row-major n x k matrix as numpy's `sum(axis=0)` does them:
 * one column is a contiguous-like vector (pairwise); several are accumulated row by row.
 */
export function sumAxis0(data: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(k);
  if (k === 1) {
    out[0] = psum(data, 0, n);
    return out;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[j] = (out[j] as number) + (data[i * k + j] as number);
  return out;
}

// ------------------------------------------------------------------ label and target parsing

export interface Checked {
  type: 'binary' | 'multiclass' | 'multilabel-indicator';
  t: Parsed;
  p: Parsed;
}

/** scikit-learn's `_check_targets` for classification metrics. */
export function checkTargets(yTrue: unknown, yPred: unknown): Checked {
  const t = parse(yTrue, 'yTrue');
  const p = parse(yPred, 'yPred');
  checkConsistentLength(lengthOf(t), lengthOf(p));
  const tt = typeOf(t);
  const tp = typeOf(p);
  let type: TargetType = tt;
  if (tt !== tp) {
    const both = new Set([tt, tp]);
    if (both.size === 2 && both.has('binary') && both.has('multiclass')) type = 'multiclass';
    else throw new ValueError(`Classification metrics can't handle a mix of ${tt} and ${tp} targets`);
  }
  if (type !== 'binary' && type !== 'multiclass' && type !== 'multilabel-indicator')
    throw new ValueError(`${type} is not supported`);
  if (t.dim === 1 && p.dim === 1) {
    if (t.kind !== null && p.kind !== null && t.kind !== p.kind) throw mixError(t.kind, p.kind);
    if (type === 'binary' && new Set([...t.values, ...p.values]).size > 2) type = 'multiclass';
  } else if (t.dim === 2 && p.dim === 2 && t.k !== p.k) {
    throw new ValueError('Multi-label binary indicator input with different numbers of labels');
  }
  return { type, t, p };
}

export function presentLabels(c: Checked): Label[] {
  if (c.t.dim === 2) return Array.from({ length: c.t.k }, (_, i) => i);
  return sortedUnique([...c.t.values, ...(c.p as Vec).values]);
}

export function parseWeights(w: NumericArray | undefined, name = 'sampleWeight'): Float64Array | undefined {
  if (w === undefined) return undefined;
  if (!isRow(w)) throw new ValueError(`${name} must be an array of numbers; got ${describe(w)}.`);
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const v: unknown = w[i];
    if (typeof v !== 'number') throw new ValueError(`${name}[${i}] is ${describe(v)}; ${name} must hold numbers.`);
    checkFinite(v, name);
    out[i] = v;
  }
  return out;
}

// ------------------------------------------------------------------ Python-style formatting

/** Python's str() of a label. */
export function pyStr(v: Label): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  return v;
}

/** Python's repr() of a label or option. */
export function pyRepr(v: Label | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  return typeof v === 'string' ? `'${v}'` : pyStr(v);
}

export function pyList(vs: readonly (Label | null)[]): string {
  return `[${vs.map(pyRepr).join(', ')}]`;
}

export function pyTuple(vs: readonly (Label | null)[]): string {
  return `(${vs.map(pyRepr).join(', ')})`;
}

/** numpy's str() of a 1-D label array: no commas, numbers and booleans padded to one width. */
export function npArrayStr(vs: readonly Label[]): string {
  const items = vs.map(pyRepr);
  if (vs.length && typeof vs[0] !== 'string') {
    const w = Math.max(...items.map((s) => s.length));
    return `[${items.map((s) => s.padStart(w)).join(' ')}]`;
  }
  return `[${items.join(' ')}]`;
}

/** Python's repr() of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expStr] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const e = Number(expStr);
  if (e >= -4 && e < 16) {
    if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
    const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
    return `${sign}${int}.${digits.slice(e + 1) || '0'}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Python's format(x, '.{digits}f'): exact ties round half to even (toFixed rounds them away from zero). */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const rounded = x.toFixed(digits);
  if (Math.abs(x) >= 1e21) return rounded;
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return rounded;
  const truncated = exact.slice(0, digits === 0 ? dot : dot + 1 + digits);
  const lastDigit = Number(truncated[truncated.length - 1]);
  return lastDigit % 2 === 0 ? (x < 0 ? '-' : '') + truncated : rounded;
}

export function rjust(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : ' '.repeat(width - len) + s;
}

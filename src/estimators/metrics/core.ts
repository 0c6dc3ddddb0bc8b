// Shared machinery of the metrics: label and target parsing by scikit-learn's rules, NumPy-compatible
// sums, Python-style formatting for messages and reports. Imports the error module and the warning handler only.
import { ValueError, describe } from '../../core/errors.ts';
import { warn as emitWarning } from '../../core/warnings.ts';

/** A class label: numbers, strings or booleans (one kind per call, as scikit-learn refuses mixes). */
export type Label = number | string | boolean;
/** Numeric typed arrays accepted wherever a vector of numbers is. */
export type NumericTypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;
/** A vector of numbers. */
export type NumericArray = readonly number[] | NumericTypedArray;
/** A vector of labels. */
export type LabelArray = NumericArray | readonly string[] | readonly boolean[];
/** Rows of numbers: `n_samples x n_outputs` (regression), `n_samples x n_classes` (probabilities, multilabel indicators). */
export type NumberMatrix = readonly NumericArray[];
/** Targets: labels (1-D) or a 2-D indicator / multi-output matrix. A single-column matrix counts as 1-D. */
export type Target = LabelArray | NumberMatrix;
/** scikit-learn's `zero_division`: the value of a 0/0 precision or recall ('warn' = 0 and a warning). */
export type ZeroDivision = 'warn' | 0 | 1;
/** Averaging of per-label precision / recall / F-scores (`null` returns the per-label values). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples';
/** scikit-learn's target types (`sklearn.utils.multiclass.type_of_target`). */
export type TargetType = 'binary' | 'multiclass' | 'continuous' | 'multilabel-indicator' | 'multiclass-multioutput' | 'continuous-multioutput';


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
    let r0 = a[s] as number, r1 = a[s + 1] as number, r2 = a[s + 2] as number, r3 = a[s + 3] as number;
    let r4 = a[s + 4] as number, r5 = a[s + 5] as number, r6 = a[s + 6] as number, r7 = a[s + 7] as number;
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      r0 += a[s + i] as number; r1 += a[s + i + 1] as number; r2 += a[s + i + 2] as number; r3 += a[s + i + 3] as number;
      r4 += a[s + i + 4] as number; r5 += a[s + i + 5] as number; r6 += a[s + i + 6] as number; r7 += a[s + i + 7] as number;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
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

export interface Vec { readonly dim: 1; readonly values: Label[]; readonly kind: 'number' | 'string' | 'boolean' | null }
export interface Mat { readonly dim: 2; readonly n: number; readonly k: number; readonly data: Float64Array; readonly float32: boolean }
export type Parsed = Vec | Mat;

export function isTyped(v: unknown): v is NumericTypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

export function isRow(v: unknown): v is NumericArray {
  return Array.isArray(v) || isTyped(v);
}

export function mixError(a: string, b: string): ValueError {
  const order = ['string', 'boolean', 'number'];
  const [x, y] = order.indexOf(a) < order.indexOf(b) ? [a, b] : [b, a];
  return new ValueError(`Mix of label input types (${x} and ${y})`);
}

export function checkFinite(v: number, name: string): void {
  if (Number.isNaN(v)) throw new ValueError(`Input ${name} contains NaN.`);
  if (!Number.isFinite(v)) throw new ValueError(`Input ${name} contains infinity or a value too large for dtype('float64').`);
}

export function parse(y: unknown, name: string): Parsed {
  if (isTyped(y)) {
    const values: number[] = new Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      checkFinite(v, name);
      values[i] = v;
    }
    return { dim: 1, values, kind: y.length ? 'number' : null };
  }
  if (!Array.isArray(y)) throw new ValueError(`${name} must be an array of labels or an array of rows; got ${describe(y)}.`);
  if (y.length > 0 && isRow(y[0])) {
    const n = y.length;
    const k = (y[0] as NumericArray).length;
    const data = new Float64Array(n * k);
    let float32 = true;
    for (let i = 0; i < n; i++) {
      const row: unknown = y[i];
      if (!isRow(row) || row.length !== k) {
        throw new ValueError(`${name}: row ${i} has ${isRow(row) ? `${row.length} values` : `the value ${describe(row)}`}; row 0 has ${k} values.`);
      }
      if (!(row instanceof Float32Array)) float32 = false;
      for (let j = 0; j < k; j++) {
        const v: unknown = row[j];
        if (typeof v !== 'number') throw new ValueError(`${name}[${i}][${j}] is ${describe(v)}; a 2-D ${name} must hold numbers.`);
        checkFinite(v, name);
        data[i * k + j] = v;
      }
    }
    if (k === 1) return { dim: 1, values: Array.from(data), kind: 'number' };
    return { dim: 2, n, k, data, float32 };
  }
  let kind: Vec['kind'] = null;
  const values: Label[] = new Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v: unknown = y[i];
    const t = typeof v;
    if (t !== 'number' && t !== 'string' && t !== 'boolean') {
      throw new ValueError(`${name}[${i}] is ${describe(v)}; labels must be numbers, strings or booleans.`);
    }
    if (kind !== null && t !== kind) throw mixError(kind, t);
    kind = t as Vec['kind'];
    if (t === 'number') checkFinite(v as number, name);
    values[i] = v as Label;
  }
  return { dim: 1, values, kind };
}

export function lengthOf(p: Parsed): number {
  return p.dim === 1 ? p.values.length : p.n;
}

export function checkConsistentLength(...lengths: (number | undefined)[]): void {
  const given = lengths.filter((l): l is number => l !== undefined);
  if (given.some((l) => l !== given[0])) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${given.join(', ')}]`);
  }
}

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** numpy's order: numbers ascending, booleans false < true, strings by code point. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  return Number(a) - Number(b);
}

export function sortedUnique(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort(compareLabels);
}

export function vecType(v: Vec): TargetType {
  if (v.values.length === 0) return 'binary';
  if (v.kind === 'number' && v.values.some((x) => !Number.isInteger(x))) return 'continuous';
  return new Set(v.values).size > 2 ? 'multiclass' : 'binary';
}

export function matType(m: Mat): TargetType {
  let integral = true;
  const seen = new Set<number>();
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i] as number;
    if (!Number.isInteger(v)) integral = false;
    if (seen.size < 3) seen.add(v);
  }
  if (!integral) return 'continuous-multioutput';
  return seen.size < 3 ? 'multilabel-indicator' : 'multiclass-multioutput';
}

export function typeOf(p: Parsed): TargetType {
  return p.dim === 1 ? vecType(p) : matType(p);
}

/**
 * scikit-learn's `type_of_target`: 'binary' (at most two labels), 'multiclass',
 * 'continuous' (non-integer numbers), 'multilabel-indicator' (2-D with two values),
 * 'multiclass-multioutput' or 'continuous-multioutput'.
 *
 * @example
 * typeOfTarget([0, 1, 1]);            // 'binary'
 * typeOfTarget(['a', 'b', 'c']);      // 'multiclass'
 * typeOfTarget([[0, 1], [1, 1]]);     // 'multilabel-indicator'
 */
export function typeOfTarget(y: Target): TargetType {
  return typeOf(parse(y, 'y'));
}

/**
 * scikit-learn's `unique_labels`: the sorted union of the labels of 1-D targets
 * (numbers ascending, strings by code point, false before true). Refuses mixed
 * label kinds ("Mix of label input types (string and number)").
 *
 * @example
 * uniqueLabels([3, 1], [2, 1]); // [1, 2, 3]
 */
export function uniqueLabels(...ys: LabelArray[]): Label[] {
  if (ys.length === 0) throw new ValueError('No argument has been passed.');
  let kind: Vec['kind'] = null;
  const all: Label[] = [];
  ys.forEach((y, i) => {
    const p = parse(y, `y${i}`);
    if (p.dim !== 1) throw new ValueError(`uniqueLabels takes 1-D label arrays; argument ${i} is a ${p.n} x ${p.k} matrix.`);
    if (kind !== null && p.kind !== null && p.kind !== kind) throw mixError(kind, p.kind);
    kind = p.kind ?? kind;
    for (const v of p.values) all.push(v);
  });
  return sortedUnique(all);
}

export interface Checked {
  type: 'binary' | 'multiclass' | 'multilabel-indicator';
  t: Parsed;
  p: Parsed;
}

/** scikit-learn's `_check_targets` for classification metrics. */
export function checkTargets(yTrue: unknown, yPred: unknown): Checked {
  const t = parse(yTrue, 'y_true');
  const p = parse(yPred, 'y_pred');
  checkConsistentLength(lengthOf(t), lengthOf(p));
  const tt = typeOf(t);
  const tp = typeOf(p);
  let type: TargetType = tt;
  if (tt !== tp) {
    const both = new Set([tt, tp]);
    if (both.size === 2 && both.has('binary') && both.has('multiclass')) type = 'multiclass';
    else throw new ValueError(`Classification metrics can't handle a mix of ${tt} and ${tp} targets`);
  }
  if (type !== 'binary' && type !== 'multiclass' && type !== 'multilabel-indicator') throw new ValueError(`${type} is not supported`);
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

export function parseWeights(w: NumericArray | undefined, name = 'sample_weight'): Float64Array | undefined {
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

// Metrics: classification and regression scores, confusion matrix, classification report and the
// scorer registry, with scikit-learn 1.2.1's semantics and messages. Imports src/errors.ts and the warning handler only (no Node built-ins, no nn/autograd/gpu).
import { ValueError, describe } from '../errors.ts';
import { warn as emitWarning } from './warnings.ts';

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

const FLOAT64_EPS = 2.220446049250313e-16;
const FLOAT32_EPS = 1.1920928955078125e-7;

function warn(message: string): void {
  emitWarning('UndefinedMetricWarning', message);
}

// ------------------------------------------------------------------ numpy-compatible sums

/**
 * numpy's summation of a contiguous float64 vector: pairwise with an 8-way
 * unrolled base case, over chunks of 8192 (its buffer size). Matching it keeps
 * our results within an ulp or two of scikit-learn's, not just within 1e-10.
 */
function psum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n > 8192) {
    let r = 0;
    for (let i = 0; i < n; i += 8192) r += pairwise(a, start + i, Math.min(8192, n - i));
    return r;
  }
  return pairwise(a, start, n);
}

function pairwise(a: ArrayLike<number>, s: number, n: number): number {
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
function average(a: ArrayLike<number>, w?: ArrayLike<number>): number {
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
function sumAxis0(data: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(k);
  if (k === 1) {
    out[0] = psum(data, 0, n);
    return out;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[j] = (out[j] as number) + (data[i * k + j] as number);
  return out;
}

// ------------------------------------------------------------------ label and target parsing

interface Vec { readonly dim: 1; readonly values: Label[]; readonly kind: 'number' | 'string' | 'boolean' | null }
interface Mat { readonly dim: 2; readonly n: number; readonly k: number; readonly data: Float64Array; readonly float32: boolean }
type Parsed = Vec | Mat;

function isTyped(v: unknown): v is NumericTypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function isRow(v: unknown): v is NumericArray {
  return Array.isArray(v) || isTyped(v);
}

function mixError(a: string, b: string): ValueError {
  const order = ['string', 'boolean', 'number'];
  const [x, y] = order.indexOf(a) < order.indexOf(b) ? [a, b] : [b, a];
  return new ValueError(`Mix of label input types (${x} and ${y})`);
}

function checkFinite(v: number, name: string): void {
  if (Number.isNaN(v)) throw new ValueError(`Input ${name} contains NaN.`);
  if (!Number.isFinite(v)) throw new ValueError(`Input ${name} contains infinity or a value too large for dtype('float64').`);
}

function parse(y: unknown, name: string): Parsed {
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

function lengthOf(p: Parsed): number {
  return p.dim === 1 ? p.values.length : p.n;
}

function checkConsistentLength(...lengths: (number | undefined)[]): void {
  const given = lengths.filter((l): l is number => l !== undefined);
  if (given.some((l) => l !== given[0])) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${given.join(', ')}]`);
  }
}

function compareCodePoints(a: string, b: string): number {
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
function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  return Number(a) - Number(b);
}

function sortedUnique(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort(compareLabels);
}

function vecType(v: Vec): TargetType {
  if (v.values.length === 0) return 'binary';
  if (v.kind === 'number' && v.values.some((x) => !Number.isInteger(x))) return 'continuous';
  return new Set(v.values).size > 2 ? 'multiclass' : 'binary';
}

function matType(m: Mat): TargetType {
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

function typeOf(p: Parsed): TargetType {
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

interface Checked {
  type: 'binary' | 'multiclass' | 'multilabel-indicator';
  t: Parsed;
  p: Parsed;
}

/** scikit-learn's `_check_targets` for classification metrics. */
function checkTargets(yTrue: unknown, yPred: unknown): Checked {
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

function presentLabels(c: Checked): Label[] {
  if (c.t.dim === 2) return Array.from({ length: c.t.k }, (_, i) => i);
  return sortedUnique([...c.t.values, ...(c.p as Vec).values]);
}

function parseWeights(w: NumericArray | undefined, name = 'sample_weight'): Float64Array | undefined {
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
function pyStr(v: Label): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  return v;
}

/** Python's repr() of a label or option. */
function pyRepr(v: Label | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  return typeof v === 'string' ? `'${v}'` : pyStr(v);
}

function pyList(vs: readonly (Label | null)[]): string {
  return `[${vs.map(pyRepr).join(', ')}]`;
}

function pyTuple(vs: readonly (Label | null)[]): string {
  return `(${vs.map(pyRepr).join(', ')})`;
}

/** numpy's str() of a 1-D label array: no commas, numbers and booleans padded to one width. */
function npArrayStr(vs: readonly Label[]): string {
  const items = vs.map(pyRepr);
  if (vs.length && typeof vs[0] !== 'string') {
    const w = Math.max(...items.map((s) => s.length));
    return `[${items.map((s) => s.padStart(w)).join(' ')}]`;
  }
  return `[${items.join(' ')}]`;
}

/** Python's repr() of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
function pyFloatRepr(x: number): string {
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
function formatFixed(x: number, digits: number): string {
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

function rjust(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : ' '.repeat(width - len) + s;
}

// ------------------------------------------------------------------ accuracy

function weightedSum(score: ArrayLike<number>, w: Float64Array | undefined, normalize: boolean): number {
  if (normalize) return average(score, w);
  if (w !== undefined) {
    const prod = new Float64Array(score.length);
    for (let i = 0; i < score.length; i++) prod[i] = (score[i] as number) * (w[i] as number);
    return psum(prod);
  }
  return psum(score);
}

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** true (default): the fraction of correct samples; false: their (weighted) count. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
}

/**
 * Fraction (or count) of samples whose prediction equals the truth. For 2-D
 * multilabel indicators a sample counts only if its whole row matches
 * (subset accuracy).
 *
 * @example
 * accuracyScore([0, 1, 2, 2], [0, 2, 2, 2]);                       // 0.75
 * accuracyScore(['a', 'b'], ['a', 'a'], { normalize: false });      // 1
 */
export function accuracyScore(yTrue: Target, yPred: Target, options: AccuracyOptions = {}): number {
  const c = checkTargets(yTrue, yPred);
  const n = lengthOf(c.t);
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(n, n, w?.length);
  const score = new Float64Array(n);
  if (c.t.dim === 2 && c.p.dim === 2) {
    const { k } = c.t;
    for (let i = 0; i < n; i++) {
      let same = 1;
      for (let j = 0; j < k; j++) if ((c.t.data[i * k + j] as number) !== (c.p.data[i * k + j] as number)) same = 0;
      score[i] = same;
    }
  } else {
    const t = (c.t as Vec).values;
    const p = (c.p as Vec).values;
    for (let i = 0; i < n; i++) score[i] = t[i] === p[i] ? 1 : 0;
  }
  return weightedSum(score, w, options.normalize ?? true);
}

// ------------------------------------------------------------------ precision, recall, F-scores

/** Options shared by precision / recall / F-scores. */
export interface PrfOptions {
  /** The labels to score, in output order (default: every label in y_true or y_pred, sorted). Ignored for average 'binary'. */
  labels?: readonly Label[];
  /** The positive class for average 'binary' (default 1; booleans match 1/0 as Python's True == 1). */
  posLabel?: Label | null;
  /** 'binary' (default), 'micro', 'macro', 'weighted', 'samples' (multilabel), or null for per-label values. */
  average?: Average | null;
  sampleWeight?: NumericArray;
  /** Value of 0/0 ratios: 'warn' (default: 0 and a console warning), 0 or 1. */
  zeroDivision?: ZeroDivision;
}

/** Per-label or averaged precision, recall, F-beta and support (support is null once averaged). */
export interface PrfResult<T extends number | number[] = number | number[]> {
  precision: T;
  recall: T;
  fScore: T;
  support: number[] | null;
}

type WarnFor = ReadonlySet<'precision' | 'recall' | 'f-score'>;
const WARN_ALL: WarnFor = /* @__PURE__ */ new Set(['precision', 'recall', 'f-score'] as const);

function checkZeroDivision(z: unknown): ZeroDivision {
  if (z === 'warn' || z === 0 || z === 1) return z;
  throw new ValueError(`Got zero_division=${typeof z === 'string' ? z : String(z)}. Must be one of ["warn", 0, 1]`);
}

function warnPrf(average: Average | null, modifier: string, msgStart: string, size: number): void {
  let axis0 = 'sample', axis1 = 'label';
  if (average === 'samples') [axis0, axis1] = [axis1, axis0];
  const where = size === 1 ? 'due to' : `in ${axis1}s with`;
  warn(`${msgStart} ill-defined and being set to 0.0 ${where} no ${modifier} ${axis0}s. Use \`zero_division\` parameter to control this behavior.`);
}

function prfDivide(num: Float64Array, den: Float64Array, metric: 'precision' | 'recall', modifier: string, average: Average | null, warnFor: WarnFor, zd: ZeroDivision): Float64Array {
  const out = new Float64Array(num.length);
  let any = false;
  for (let i = 0; i < num.length; i++) {
    if ((den[i] as number) === 0) {
      any = true;
      out[i] = zd === 1 ? 1 : 0;
    } else {
      out[i] = (num[i] as number) / (den[i] as number);
    }
  }
  if (any && zd === 'warn' && warnFor.has(metric)) {
    const title = metric === 'precision' ? 'Precision' : 'Recall';
    warnPrf(average, modifier, warnFor.has('f-score') ? `${title} and F-score are` : `${title} is`, out.length);
  }
  return out;
}

/** Matches posLabel against the present labels as Python's `in` would (True == 1). */
function matchLabel(label: Label, present: readonly Label[]): Label {
  if (present.length && typeof present[0] === 'boolean' && typeof label === 'number' && (label === 0 || label === 1)) return label === 1;
  if (present.length && typeof present[0] === 'number' && typeof label === 'boolean') return label ? 1 : 0;
  return label;
}

interface Counts {
  tp: Float64Array;
  pred: Float64Array;
  true: Float64Array;
  /** Whether sums are float (weighted) as opposed to integer counts. */
  weighted: boolean;
}

/** scikit-learn's multilabel_confusion_matrix, reduced to tp / predicted / true sums. */
function counts(c: Checked, labels: readonly Label[], w: Float64Array | undefined, samplewise: boolean): Counts {
  if (c.t.dim === 2 && c.p.dim === 2) {
    const { n, k } = c.t;
    const tdata = c.t.data;
    const pdata = c.p.data;
    const cols = labels as number[];
    for (const l of cols) {
      if (typeof l !== 'number' || !Number.isInteger(l)) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${pyRepr(l)}.`);
      if (l > k - 1) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${l} > ${k - 1}`);
      if (l < 0) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${l} < 0`);
    }
    if (samplewise) {
      const tp = new Float64Array(n), pred = new Float64Array(n), tru = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let a = 0, b = 0, d = 0;
        for (const j of cols) {
          const tv = (tdata[i * k + j] as number) !== 0;
          const pv = (pdata[i * k + j] as number) !== 0;
          if (tv && pv) a++;
          if (pv) b++;
          if (tv) d++;
        }
        const wi = w ? (w[i] as number) : 1;
        tp[i] = a * wi;
        pred[i] = b * wi;
        tru[i] = d * wi;
      }
      return { tp, pred, true: tru, weighted: w !== undefined };
    }
    const L = cols.length;
    const tp = new Float64Array(L), pred = new Float64Array(L), tru = new Float64Array(L);
    cols.forEach((j, li) => {
      for (let i = 0; i < n; i++) {
        const wi = w ? (w[i] as number) : 1;
        const tv = (tdata[i * k + j] as number) !== 0;
        const pv = (pdata[i * k + j] as number) !== 0;
        if (tv && pv) tp[li] = (tp[li] as number) + wi;
        if (pv) pred[li] = (pred[li] as number) + wi;
        if (tv) tru[li] = (tru[li] as number) + wi;
      }
    });
    return { tp, pred, true: tru, weighted: w !== undefined };
  }
  const t = (c.t as Vec).values;
  const p = (c.p as Vec).values;
  const index = new Map<Label, number>();
  labels.forEach((l, i) => { if (!index.has(l)) index.set(l, i); });
  const L = labels.length;
  const tp = new Float64Array(L), pred = new Float64Array(L), tru = new Float64Array(L);
  for (let i = 0; i < t.length; i++) {
    const wi = w ? (w[i] as number) : 1;
    const ti = index.get(t[i] as Label);
    const pi = index.get(p[i] as Label);
    if (ti !== undefined) tru[ti] = (tru[ti] as number) + wi;
    if (pi !== undefined) pred[pi] = (pred[pi] as number) + wi;
    if (ti !== undefined && t[i] === p[i]) tp[ti] = (tp[ti] as number) + wi;
  }
  // A label listed twice gets the first occurrence's counts, as scikit-learn's searchsorted does.
  labels.forEach((l, i) => {
    const first = index.get(l) as number;
    if (first !== i) { tp[i] = tp[first] as number; pred[i] = pred[first] as number; tru[i] = tru[first] as number; }
  });
  return { tp, pred, true: tru, weighted: w !== undefined };
}

const AVERAGES: readonly (Average | null)[] = [null, 'micro', 'macro', 'weighted', 'samples'];

/** scikit-learn's precision_recall_fscore_support, parameterised by which 0/0 warnings to emit. */
function prfs(yTrue: Target, yPred: Target, o: PrfOptions, beta: number, warnFor: WarnFor, defaultAverage: Average | null): PrfResult & { weightedSupport: boolean } {
  const zd = checkZeroDivision(o.zeroDivision ?? 'warn');
  if (!(beta >= 0)) throw new ValueError('beta should be >=0 in the F-beta score');
  const avg = o.average === undefined ? defaultAverage : o.average;
  if (avg !== 'binary' && !AVERAGES.includes(avg)) throw new ValueError(`average has to be one of ${pyTuple(AVERAGES)}`);
  const c = checkTargets(yTrue, yPred);
  const present = presentLabels(c);
  let labels: readonly Label[] | undefined = o.labels;
  const posLabel = o.posLabel === undefined ? 1 : o.posLabel;
  if (avg === 'binary') {
    if (c.type === 'binary') {
      const pos = matchLabel(posLabel ?? 1, present);
      if (!present.includes(pos) && present.length >= 2) {
        throw new ValueError(`pos_label=${pyStr(pos)} is not a valid label. It should be one of ${pyList(present)}`);
      }
      labels = [pos];
    } else {
      const opts: (Average | null)[] = c.type === 'multiclass' ? [null, 'micro', 'macro', 'weighted'] : [null, 'micro', 'macro', 'weighted', 'samples'];
      throw new ValueError(`Target is ${c.type} but average='binary'. Please choose another average setting, one of ${pyList(opts)}.`);
    }
  } else if (posLabel !== null && posLabel !== 1 && posLabel !== true) {
    warn(`Note that pos_label (set to ${pyRepr(posLabel)}) is ignored when average != 'binary' (got ${pyRepr(avg)}). You may use labels=[pos_label] to specify a single positive class.`);
  }
  const samplewise = avg === 'samples';
  if (samplewise && c.t.dim !== 2) throw new ValueError('Samplewise metrics are not available outside of multilabel classification.');
  const w = parseWeights(o.sampleWeight);
  checkConsistentLength(lengthOf(c.t), lengthOf(c.p), w?.length);
  const selected = labels ?? present;
  const raw = counts(c, selected, w, samplewise);
  const weighted = raw.weighted;
  let tp = raw.tp;
  // scikit-learn rebuilds the sums from its 2 x 2 matrices as tp + fp and tp + fn;
  // with float weights that can move the last bit, which a printed support shows.
  let pred = raw.pred.map((v, i) => (tp[i] as number) + (v - (tp[i] as number)));
  let tru = raw.true.map((v, i) => (tp[i] as number) + (v - (tp[i] as number)));
  if (avg === 'micro') {
    tp = Float64Array.of(psum(tp));
    pred = Float64Array.of(psum(pred));
    tru = Float64Array.of(psum(tru));
  }
  const b2 = beta * beta;
  const precision = prfDivide(tp, pred, 'precision', 'predicted', avg, warnFor, zd);
  const recall = prfDivide(tp, tru, 'recall', 'true', avg, warnFor, zd);
  if (zd === 'warn' && warnFor.size === 1 && warnFor.has('f-score')) {
    if (tru.some((v, i) => v === 0 && pred[i] === 0)) warnPrf(avg, 'true nor predicted', 'F-score is', tru.length);
  }
  let fScore: Float64Array;
  if (beta === Infinity) fScore = recall;
  else {
    fScore = new Float64Array(precision.length);
    for (let i = 0; i < fScore.length; i++) {
      const p = precision[i] as number, r = recall[i] as number;
      let denom = b2 * p + r;
      if (denom === 0) denom = 1;
      fScore[i] = ((1 + b2) * p * r) / denom;
    }
  }
  let weights: ArrayLike<number> | undefined;
  if (avg === 'weighted') {
    weights = tru;
    if (psum(tru) === 0) {
      const zv = zd === 1 ? 1 : 0;
      if (psum(pred) === 0) return { precision: zv, recall: zv, fScore: zv, support: null, weightedSupport: weighted };
      return { precision: 0, recall: zv, fScore: 0, support: null, weightedSupport: weighted };
    }
  } else if (avg === 'samples') {
    weights = w;
  }
  if (avg !== null) {
    return { precision: average(precision, weights), recall: average(recall, weights), fScore: average(fScore, weights), support: null, weightedSupport: weighted };
  }
  return { precision: Array.from(precision), recall: Array.from(recall), fScore: Array.from(fScore), support: Array.from(tru), weightedSupport: weighted };
}

/**
 * Precision, recall, F-beta and support per label (average null, the default
 * here as in scikit-learn) or averaged.
 *
 * @example
 * const { precision, recall, fScore, support } = precisionRecallFscoreSupport(['a', 'b', 'b'], ['a', 'b', 'a']);
 * // precision [0.5, 1], recall [1, 0.5], support [1, 2]
 */
export function precisionRecallFscoreSupport(yTrue: Target, yPred: Target, options: PrfOptions & { beta?: number } = {}): PrfResult {
  const r = prfs(yTrue, yPred, options, options.beta ?? 1, WARN_ALL, null);
  return { precision: r.precision, recall: r.recall, fScore: r.fScore, support: r.support };
}

/**
 * Precision tp / (tp + fp). Default average 'binary' with posLabel 1; for
 * string labels pass `posLabel`, or choose another average.
 *
 * @example
 * precisionScore([0, 1, 1, 0], [0, 1, 0, 1]);                                // 0.5
 * precisionScore(['a', 'b', 'c'], ['a', 'c', 'c'], { average: 'macro' });   // 0.5
 * precisionScore([0, 1, 2], [0, 2, 2], { average: null });                   // [1, 0, 0.5]
 */
export function precisionScore(yTrue: Target, yPred: Target, options: PrfOptions & { average: null }): number[];
export function precisionScore(yTrue: Target, yPred: Target, options?: PrfOptions & { average?: Average }): number;
export function precisionScore(yTrue: Target, yPred: Target, options?: PrfOptions): number | number[];
export function precisionScore(yTrue: Target, yPred: Target, options: PrfOptions = {}): number | number[] {
  return prfs(yTrue, yPred, options, 1, new Set(['precision']), 'binary').precision;
}

/**
 * Recall tp / (tp + fn); same options as {@link precisionScore}.
 *
 * @example
 * recallScore([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 */
export function recallScore(yTrue: Target, yPred: Target, options: PrfOptions & { average: null }): number[];
export function recallScore(yTrue: Target, yPred: Target, options?: PrfOptions & { average?: Average }): number;
export function recallScore(yTrue: Target, yPred: Target, options?: PrfOptions): number | number[];
export function recallScore(yTrue: Target, yPred: Target, options: PrfOptions = {}): number | number[] {
  return prfs(yTrue, yPred, options, 1, new Set(['recall']), 'binary').recall;
}

/**
 * F1, the harmonic mean of precision and recall; same options as {@link precisionScore}.
 *
 * @example
 * f1Score([0, 1, 2, 2], [0, 2, 2, 1], { average: 'weighted' });
 */
export function f1Score(yTrue: Target, yPred: Target, options: PrfOptions & { average: null }): number[];
export function f1Score(yTrue: Target, yPred: Target, options?: PrfOptions & { average?: Average }): number;
export function f1Score(yTrue: Target, yPred: Target, options?: PrfOptions): number | number[];
export function f1Score(yTrue: Target, yPred: Target, options: PrfOptions = {}): number | number[] {
  return prfs(yTrue, yPred, options, 1, WARN_ALL, 'binary').fScore;
}

/**
 * F-beta: (1 + beta²)·P·R / (beta²·P + R); beta < 1 favours precision. `beta` is required.
 *
 * @example
 * fbetaScore([0, 1, 1, 0], [0, 1, 0, 1], { beta: 0.5 });
 */
export function fbetaScore(yTrue: Target, yPred: Target, options: PrfOptions & { beta: number; average: null }): number[];
export function fbetaScore(yTrue: Target, yPred: Target, options: PrfOptions & { beta: number; average?: Average }): number;
export function fbetaScore(yTrue: Target, yPred: Target, options: PrfOptions & { beta: number }): number | number[];
export function fbetaScore(yTrue: Target, yPred: Target, options: PrfOptions & { beta: number }): number | number[] {
  if (typeof options?.beta !== 'number') throw new ValueError(`fbetaScore: options.beta must be a number; got ${describe(options?.beta)}.`);
  return prfs(yTrue, yPred, options, options.beta, new Set(['f-score']), 'binary').fScore;
}

// ------------------------------------------------------------------ confusion matrix and report

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Row / column order, and the only labels counted (default: sorted labels of y_true and y_pred). */
  labels?: readonly Label[];
  sampleWeight?: NumericArray;
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); 0/0 becomes 0. */
  normalize?: 'true' | 'pred' | 'all' | null;
}

/**
 * The confusion matrix C: C[i][j] counts samples of true label i predicted as j.
 *
 * @example
 * confusionMatrix(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog']); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: LabelArray, yPred: LabelArray, options: ConfusionMatrixOptions = {}): number[][] {
  const c = checkTargets(yTrue, yPred);
  if (c.type !== 'binary' && c.type !== 'multiclass') throw new ValueError(`${c.type} is not supported`);
  const t = (c.t as Vec).values;
  const p = (c.p as Vec).values;
  let labels: readonly Label[];
  if (options.labels === undefined) labels = presentLabels(c);
  else {
    labels = options.labels;
    if (labels.length === 0) throw new ValueError("'labels' should contains at least one label.");
    if (t.length === 0) return labels.map(() => labels.map(() => 0));
    const inTrue = new Set(t);
    if (!labels.some((l) => inTrue.has(l))) throw new ValueError('At least one label specified must be in y_true');
  }
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.length, p.length, w?.length);
  const normalize = options.normalize ?? null;
  if (normalize !== null && normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') {
    throw new ValueError("normalize must be one of {'true', 'pred', 'all', None}");
  }
  const L = labels.length;
  const index = new Map<Label, number>();
  labels.forEach((l, i) => index.set(l, i));
  const cm: Float64Array[] = labels.map(() => new Float64Array(L));
  for (let i = 0; i < t.length; i++) {
    const ti = index.get(t[i] as Label);
    const pi = index.get(p[i] as Label);
    if (ti === undefined || pi === undefined) continue;
    const row = cm[ti] as Float64Array;
    row[pi] = (row[pi] as number) + (w ? (w[i] as number) : 1);
  }
  if (normalize !== null) {
    let total = 0;
    const colSums = new Float64Array(L);
    if (normalize === 'all') total = psum(Float64Array.from(cm.flatMap((r) => Array.from(r))));
    if (normalize === 'pred') for (const r of cm) for (let j = 0; j < L; j++) colSums[j] = (colSums[j] as number) + (r[j] as number);
    for (const r of cm) {
      const rowSum = normalize === 'true' ? psum(r) : 0;
      for (let j = 0; j < L; j++) {
        const d = normalize === 'true' ? rowSum : normalize === 'pred' ? (colSums[j] as number) : total;
        r[j] = nanToNum((r[j] as number) / d);
      }
    }
  }
  return cm.map((r) => Array.from(r));
}

function nanToNum(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  return x;
}

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Labels to report, in order (default: sorted labels of y_true and y_pred). */
  labels?: readonly Label[];
  /** Display names of the labels (default: the labels as Python prints them). */
  targetNames?: readonly string[];
  sampleWeight?: NumericArray;
  /** Decimal places of the text layout (default 2). */
  digits?: number;
  /** Return the numbers as an object instead of text. */
  outputDict?: boolean;
  zeroDivision?: ZeroDivision;
}

/** One row of a classification report. */
export interface ReportRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}

/** {@link classificationReport} with `outputDict: true`: rows by label name and by average ('accuracy' is a bare number). */
export type ClassificationReportDict = Record<string, ReportRow | number>;

/**
 * scikit-learn's classification report: per-label precision, recall, F1 and
 * support, then accuracy (or micro avg), macro avg and weighted avg (and samples
 * avg for multilabel), laid out exactly as scikit-learn prints it.
 *
 * @example
 * console.log(classificationReport(yTrue, yPred, { digits: 3 }));
 * const d = classificationReport(yTrue, yPred, { outputDict: true });
 * (d['macro avg'] as ReportRow)['f1-score'];
 */
export function classificationReport(yTrue: Target, yPred: Target, options: ClassificationReportOptions & { outputDict: true }): ClassificationReportDict;
export function classificationReport(yTrue: Target, yPred: Target, options?: ClassificationReportOptions & { outputDict?: false }): string;
export function classificationReport(yTrue: Target, yPred: Target, options?: ClassificationReportOptions): string | ClassificationReportDict;
export function classificationReport(yTrue: Target, yPred: Target, options: ClassificationReportOptions = {}): string | ClassificationReportDict {
  const c = checkTargets(yTrue, yPred);
  const present = presentLabels(c);
  const labelsGiven = options.labels !== undefined;
  const labels = options.labels ?? present;
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) throw new ValueError(`digits must be a non-negative integer; got ${describe(digits)}.`);
  const sameSet = (a: readonly Label[], b: readonly Label[]): boolean => {
    const sa = new Set(a), sb = new Set(b);
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
  };
  const microIsAccuracy = (c.type === 'multiclass' || c.type === 'binary') && (!labelsGiven || sameSet(labels, present));
  let targetNames = options.targetNames;
  if (targetNames !== undefined && labels.length !== targetNames.length) {
    if (labelsGiven) warn(`labels size, ${labels.length}, does not match size of target_names, ${targetNames.length}`);
    else throw new ValueError(`Number of classes, ${labels.length}, does not match size of target_names, ${targetNames.length}. Try specifying the labels parameter`);
  }
  targetNames ??= labels.map(pyStr);
  const base: PrfOptions = { labels, average: null };
  if (options.sampleWeight !== undefined) base.sampleWeight = options.sampleWeight;
  if (options.zeroDivision !== undefined) base.zeroDivision = options.zeroDivision;
  const per = prfs(yTrue, yPred, base, 1, WARN_ALL, null);
  const P = per.precision as number[], R = per.recall as number[], F = per.fScore as number[], S = per.support as number[];
  const nRows = Math.min(targetNames.length, labels.length);
  const averages: Average[] = c.type === 'multilabel-indicator' ? ['micro', 'macro', 'weighted', 'samples'] : ['micro', 'macro', 'weighted'];
  const supportTotal = psum(S);
  const fmtSupport = (s: number): string => (per.weightedSupport ? pyFloatRepr(s) : String(s));
  const avgRows = averages.map((avg) => {
    const heading = avg === 'micro' && microIsAccuracy ? 'accuracy' : `${avg} avg`;
    const r = prfs(yTrue, yPred, { ...base, average: avg }, 1, WARN_ALL, null);
    return { heading, p: r.precision as number, r: r.recall as number, f: r.fScore as number };
  });
  if (options.outputDict) {
    const out: ClassificationReportDict = {};
    for (let i = 0; i < nRows; i++) out[targetNames[i] as string] = { precision: P[i] as number, recall: R[i] as number, 'f1-score': F[i] as number, support: S[i] as number };
    for (const a of avgRows) out[a.heading] = a.heading === 'accuracy' ? a.p : { precision: a.p, recall: a.r, 'f1-score': a.f, support: supportTotal };
    return out;
  }
  const width = Math.max(...targetNames.map((s) => [...s].length), 'weighted avg'.length, digits);
  const cell = (s: string): string => ' ' + rjust(s, 9);
  let report = rjust('', width) + ' ' + ['precision', 'recall', 'f1-score', 'support'].map(cell).join('') + '\n\n';
  const row = (name: string, p: number, r: number, f: number, s: number): string =>
    rjust(name, width) + ' ' + cell(formatFixed(p, digits)) + cell(formatFixed(r, digits)) + cell(formatFixed(f, digits)) + cell(fmtSupport(s)) + '\n';
  for (let i = 0; i < nRows; i++) report += row(targetNames[i] as string, P[i] as number, R[i] as number, F[i] as number, S[i] as number);
  report += '\n';
  for (const a of avgRows) {
    if (a.heading === 'accuracy') report += rjust('accuracy', width) + ' ' + cell('') + cell('') + cell(formatFixed(a.f, digits)) + cell(fmtSupport(supportTotal)) + '\n';
    else report += row(a.heading, a.p, a.r, a.f, supportTotal);
  }
  return report;
}

// ------------------------------------------------------------------ ROC AUC

interface Scores { n: number; k: number; is2d: boolean; data: Float64Array; float32: boolean }

function parseScores(y: unknown, name: string): Scores {
  const p = parse(y, name);
  if (p.dim === 2) return { n: p.n, k: p.k, is2d: true, data: p.data, float32: p.float32 };
  if (p.kind !== null && p.kind !== 'number') throw new ValueError(`${name} must hold numbers; got ${p.kind}s.`);
  const isColumn = Array.isArray(y) && y.length > 0 && isRow(y[0]);
  return { n: p.values.length, k: 1, is2d: isColumn, data: Float64Array.from(p.values as number[]), float32: y instanceof Float32Array };
}

function column(s: Scores, j: number): Float64Array {
  if (s.k === 1) return s.data;
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = s.data[i * s.k + j] as number;
  return out;
}

/** fpr / tpr of scikit-learn's roc_curve (drop_intermediate=True) for 0/1 truth. */
function rocCurve(y: Uint8Array, score: Float64Array, w: Float64Array | undefined): { fpr: Float64Array; tpr: Float64Array } {
  let yy = y, ss = score, ww = w;
  if (w !== undefined) {
    const keep: number[] = [];
    for (let i = 0; i < w.length; i++) if ((w[i] as number) !== 0) keep.push(i);
    yy = Uint8Array.from(keep, (i) => y[i] as number);
    ss = Float64Array.from(keep, (i) => score[i] as number);
    ww = Float64Array.from(keep, (i) => w[i] as number);
  }
  const n = yy.length;
  // mergesort ascending, then reversed (scikit-learn's descending order, ties reversed).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ss[a] as number) - (ss[b] as number)).reverse();
  const thresholdIdx: number[] = [];
  for (let i = 0; i < n - 1; i++) if ((ss[order[i] as number] as number) !== (ss[order[i + 1] as number] as number)) thresholdIdx.push(i);
  thresholdIdx.push(n - 1);
  const cumT = new Float64Array(n), cumF = new Float64Array(n);
  let accT = 0, accF = 0;
  for (let i = 0; i < n; i++) {
    const o = order[i] as number;
    const wi = ww ? (ww[o] as number) : 1;
    const t = yy[o] as number;
    accT += t * wi;
    accF += (1 - t) * wi;
    cumT[i] = accT;
    cumF[i] = accF;
  }
  let tps = thresholdIdx.map((i) => cumT[i] as number);
  let fps = ww ? thresholdIdx.map((i) => cumF[i] as number) : thresholdIdx.map((i, j) => 1 + i - (tps[j] as number));
  if (fps.length > 2) {
    const keep = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = (fps[i + 1] as number) - (fps[i] as number) - ((fps[i] as number) - (fps[i - 1] as number));
      const d2t = (tps[i + 1] as number) - (tps[i] as number) - ((tps[i] as number) - (tps[i - 1] as number));
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    tps = keep.map((i) => tps[i] as number);
    fps = keep.map((i) => fps[i] as number);
  }
  tps.unshift(0);
  fps.unshift(0);
  const lastF = fps[fps.length - 1] as number;
  const lastT = tps[tps.length - 1] as number;
  if (lastF <= 0) warn('No negative samples in y_true, false positive value should be meaningless');
  if (lastT <= 0) warn('No positive samples in y_true, true positive value should be meaningless');
  return {
    fpr: Float64Array.from(fps, (v) => (lastF <= 0 ? NaN : v / lastF)),
    tpr: Float64Array.from(tps, (v) => (lastT <= 0 ? NaN : v / lastT)),
  };
}

/** np.trapz on an increasing (or decreasing) x, as scikit-learn's `auc`. */
function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let direction = 1;
  let anyNeg = false, allNonPos = true;
  for (let i = 1; i < x.length; i++) {
    const d = (x[i] as number) - (x[i - 1] as number);
    if (d < 0) anyNeg = true;
    if (d > 0) allNonPos = false;
  }
  if (anyNeg) {
    if (allNonPos) direction = -1;
    else throw new ValueError(`x is neither increasing nor decreasing : ${describe(Array.from(x))}.`);
  }
  const parts = new Float64Array(x.length - 1);
  for (let i = 1; i < x.length; i++) parts[i - 1] = (((x[i] as number) - (x[i - 1] as number)) * ((y[i] as number) + (y[i - 1] as number))) / 2;
  return direction * psum(parts);
}

function binaryRocAuc(y: Uint8Array, score: Float64Array, w: Float64Array | undefined, maxFpr: number | null): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  if (pos === 0 || pos === y.length) throw new ValueError('Only one class present in y_true. ROC AUC score is not defined in that case.');
  const { fpr, tpr } = rocCurve(y, score, w);
  if (maxFpr === null || maxFpr === 1) return auc(fpr, tpr);
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new ValueError(`Expected max_fpr in range (0, 1], got: ${pyFloatRepr(maxFpr)}`);
  let stop = 0;
  while (stop < fpr.length && (fpr[stop] as number) <= maxFpr) stop++;
  const x0 = fpr[stop - 1] as number, x1 = fpr[stop] as number, y0 = tpr[stop - 1] as number, y1 = tpr[stop] as number;
  const yInterp = ((y1 - y0) / (x1 - x0)) * (maxFpr - x0) + y0;
  const partial = auc([...fpr.slice(0, stop), maxFpr], [...tpr.slice(0, stop), yInterp]);
  const minArea = 0.5 * maxFpr ** 2;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

/** scikit-learn's _average_binary_score over indicator columns (multilabel and one-vs-rest). */
function averageBinaryScore(Y: Uint8Array, S: Float64Array, n: number, k: number, avg: RocAverage, w: Float64Array | undefined, maxFpr: number | null): number | number[] {
  const options = [null, 'micro', 'macro', 'weighted', 'samples'] as const;
  if (!(options as readonly unknown[]).includes(avg)) throw new ValueError(`average has to be one of ${pyTuple(options)}`);
  checkConsistentLength(n, n, w?.length);
  if (avg === 'micro') {
    const ww = w ? Float64Array.from({ length: n * k }, (_, i) => w[Math.floor(i / k)] as number) : undefined;
    return binaryRocAuc(Y, S, ww, maxFpr);
  }
  let averageWeight: Float64Array | undefined;
  let scoreWeight = w;
  if (avg === 'weighted') {
    const yw = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) yw[i * k + j] = (Y[i * k + j] as number) * (w ? (w[i] as number) : 1);
    averageWeight = sumAxis0(yw, n, k);
    if (Math.abs(psum(averageWeight)) <= 1e-8) return 0;
  }
  const samples = avg === 'samples';
  if (samples) {
    averageWeight = w;
    scoreWeight = undefined;
  }
  const m = samples ? n : k;
  const scores = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    const len = samples ? k : n;
    const yc = new Uint8Array(len), sc = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const idx = samples ? c * k + i : i * k + c;
      yc[i] = Y[idx] as number;
      sc[i] = S[idx] as number;
    }
    scores[c] = binaryRocAuc(yc, sc, scoreWeight, maxFpr);
  }
  if (avg === null) return Array.from(scores);
  if (averageWeight !== undefined) for (let c = 0; c < m; c++) if ((averageWeight[c] as number) === 0) scores[c] = 0;
  return average(scores, averageWeight);
}

type RocAverage = 'micro' | 'macro' | 'weighted' | 'samples' | null;

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** Multiclass / multilabel averaging: 'macro' (default), 'weighted', 'micro', 'samples' (multilabel), null for per-class values. */
  average?: RocAverage;
  sampleWeight?: NumericArray;
  /** Standardised partial AUC up to this false-positive rate (binary only). */
  maxFpr?: number | null;
  /** Multiclass strategy: 'ovr' (one-vs-rest) or 'ovo' (one-vs-one); the default 'raise' refuses multiclass targets, as scikit-learn does. */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** Multiclass only: the labels of yScore's columns (sorted, unique); default: the sorted labels of y_true. */
  labels?: readonly Label[];
}

/**
 * Area under the ROC curve. Binary: yScore is a score per sample (higher means
 * the greater label), or an n x 2 probability matrix whose column 1 is used (as
 * scikit-learn's `roc_auc` scorer does). Multiclass: n x K probabilities with
 * `multiClass: 'ovr' | 'ovo'`. Multilabel: n x K indicators and scores.
 *
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);                       // 0.75
 * rocAucScore(y, model.predictProba(X), { multiClass: 'ovr', average: 'weighted' });
 */
export function rocAucScore(yTrue: Target, yScore: NumericArray | NumberMatrix, options: RocAucOptions & { average: null }): number | number[];
export function rocAucScore(yTrue: Target, yScore: NumericArray | NumberMatrix, options?: RocAucOptions & { average?: Exclude<RocAverage, null> }): number;
export function rocAucScore(yTrue: Target, yScore: NumericArray | NumberMatrix, options?: RocAucOptions): number | number[];
export function rocAucScore(yTrue: Target, yScore: NumericArray | NumberMatrix, options: RocAucOptions = {}): number | number[] {
  const t = parse(yTrue, 'y_true');
  const type = typeOf(t);
  const s = parseScores(yScore, 'y_score');
  const avg = options.average === undefined ? 'macro' : options.average;
  const maxFpr = options.maxFpr ?? null;
  const w = parseWeights(options.sampleWeight);
  if (type === 'multiclass' || (type === 'binary' && s.is2d && s.k > 2)) {
    if (maxFpr !== null && maxFpr !== 1) {
      throw new ValueError(`Partial AUC computation not available in multiclass setting, 'max_fpr' must be set to \`None\`, received \`max_fpr=${pyFloatRepr(maxFpr)}\` instead`);
    }
    const multiClass = options.multiClass ?? 'raise';
    if (multiClass === 'raise') throw new ValueError("multi_class must be in ('ovo', 'ovr')");
    return multiclassRocAuc(t as Vec, s, options.labels, multiClass, avg, w);
  }
  if (type === 'binary') {
    const v = t as Vec;
    const scores = s.k === 2 ? column(s, 1) : s.k === 1 ? s.data : null;
    if (scores === null) throw new ValueError(`y_score for a binary y_true must be 1-D scores or an n x 2 probability matrix; got ${s.n} x ${s.k}.`);
    checkConsistentLength(v.values.length, s.n, w?.length);
    const classes = sortedUnique(v.values);
    const y = Uint8Array.from(v.values, (l) => (classes.length === 2 && l === classes[1] ? 1 : 0));
    return binaryRocAuc(y, scores, w, maxFpr);
  }
  if (type === 'multilabel-indicator') {
    const m = t as Mat;
    if (!s.is2d || s.k !== m.k) throw new ValueError(`y_score must be an n x ${m.k} matrix for this multilabel y_true; got ${s.is2d ? `${s.n} x ${s.k}` : `${s.n} values`}.`);
    checkConsistentLength(m.n, s.n, w?.length);
    return averageBinaryScore(Uint8Array.from(m.data, (x) => (x !== 0 ? 1 : 0)), s.data, m.n, m.k, avg, w, maxFpr);
  }
  throw new ValueError(`${type} format is not supported`);
}

function multiclassRocAuc(t: Vec, s: Scores, labelsOpt: readonly Label[] | undefined, multiClass: string, avg: RocAverage, w: Float64Array | undefined): number | number[] {
  checkConsistentLength(t.values.length, s.n, w?.length);
  for (let i = 0; i < s.n; i++) {
    let rs = 0;
    for (let j = 0; j < s.k; j++) rs += s.data[i * s.k + j] as number;
    if (!(Math.abs(1 - rs) <= 1e-8 + 1e-5 * Math.abs(rs))) {
      throw new ValueError('Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes');
    }
  }
  const options: RocAverage[] = multiClass === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted', null];
  if (!options.includes(avg)) throw new ValueError(`average must be one of ${pyTuple(options)} for multiclass problems`);
  if (multiClass !== 'ovo' && multiClass !== 'ovr') {
    throw new ValueError(`multi_class='${multiClass}' is not supported for multiclass ROC AUC, multi_class must be in ('ovo', 'ovr')`);
  }
  if (avg === null && multiClass === 'ovo') throw new ValueError("average=None is not implemented for multi_class='ovo'.");
  let classes: Label[];
  if (labelsOpt !== undefined) {
    classes = sortedUnique(labelsOpt);
    if (classes.length !== labelsOpt.length) throw new ValueError("Parameter 'labels' must be unique");
    if (classes.some((c, i) => c !== labelsOpt[i])) throw new ValueError("Parameter 'labels' must be ordered");
    if (classes.length !== s.k) throw new ValueError(`Number of given labels, ${classes.length}, not equal to the number of columns in 'y_score', ${s.k}`);
    const set = new Set(classes);
    if (t.values.some((v) => !set.has(v))) throw new ValueError("'y_true' contains labels not in parameter 'labels'");
  } else {
    classes = sortedUnique(t.values);
    if (classes.length !== s.k) throw new ValueError("Number of classes in y_true not equal to the number of columns in 'y_score'");
  }
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const enc = t.values.map((v) => index.get(v) as number);
  const n = s.n, k = s.k;
  if (multiClass === 'ovo') {
    if (w !== undefined) throw new ValueError("sample_weight is not supported for multiclass one-vs-one ROC AUC, 'sample_weight' must be None in this case.");
    const present = [...new Set(enc)].sort((a, b) => a - b);
    const pairScores: number[] = [];
    const prevalence: number[] = [];
    for (let ai = 0; ai < present.length; ai++) {
      for (let bi = ai + 1; bi < present.length; bi++) {
        const a = present[ai] as number, b = present[bi] as number;
        const rows: number[] = [];
        for (let i = 0; i < n; i++) if (enc[i] === a || enc[i] === b) rows.push(i);
        prevalence.push(rows.length / n);
        const aTrue = Uint8Array.from(rows, (i) => (enc[i] === a ? 1 : 0));
        const bTrue = Uint8Array.from(rows, (i) => (enc[i] === b ? 1 : 0));
        const sa = binaryRocAuc(aTrue, Float64Array.from(rows, (i) => s.data[i * k + a] as number), undefined, null);
        const sb = binaryRocAuc(bTrue, Float64Array.from(rows, (i) => s.data[i * k + b] as number), undefined, null);
        pairScores.push((sa + sb) / 2);
      }
    }
    return average(pairScores, avg === 'weighted' ? prevalence : undefined);
  }
  const Y = new Uint8Array(n * k);
  for (let i = 0; i < n; i++) Y[i * k + (enc[i] as number)] = 1;
  return averageBinaryScore(Y, s.data, n, k, avg, w, null);
}

// ------------------------------------------------------------------ log loss

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 - eps]; 'auto' (default) is the machine epsilon of yProb's dtype (float64 unless a Float32Array). */
  eps?: number | 'auto';
  /** true (default): mean loss per sample; false: the (weighted) sum. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
  /** All class labels, in yProb's column order (sorted); default: the sorted labels of y_true. */
  labels?: readonly Label[];
}

/**
 * Cross-entropy of predicted probabilities. yProb is n x K (columns in sorted
 * label order, as predictProba returns them) or, for two classes, the
 * probability of the greater label per sample. Rows are clipped to
 * [eps, 1 - eps] and renormalised, as scikit-learn 1.2.1 does.
 *
 * @example
 * logLoss(['ham', 'spam', 'spam'], [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7]]);
 * logLoss([0, 1, 1], [0.1, 0.8, 0.7]);
 */
export function logLoss(yTrue: LabelArray, yProb: NumericArray | NumberMatrix, options: LogLossOptions = {}): number {
  const s = parseScores(yProb, 'y_pred');
  const eps = options.eps === undefined || options.eps === 'auto' ? (s.float32 ? FLOAT32_EPS : FLOAT64_EPS) : options.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) throw new ValueError(`eps must be 'auto' or a number in [0, 0.5); got ${describe(options.eps)}.`);
  const t = parse(yTrue, 'y_true');
  if (t.dim !== 1) throw new ValueError(`logLoss: y_true must be a 1-D array of labels; got a ${t.n} x ${t.k} matrix.`);
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(s.n, t.values.length, w?.length);
  let classes: Label[];
  if (options.labels !== undefined) {
    const lp = parse(options.labels, 'labels') as Vec;
    if (lp.kind !== null && t.kind !== null && lp.kind !== t.kind) throw mixError(lp.kind, t.kind);
    classes = sortedUnique(lp.values);
  } else {
    classes = sortedUnique(t.values);
  }
  if (classes.length === 1) {
    if (options.labels === undefined) throw new ValueError(`y_true contains only one label (${pyStr(classes[0] as Label)}). Please provide the true labels explicitly through the labels argument.`);
    throw new ValueError(`The labels array needs to contain at least two labels for log_loss, got ${npArrayStr(classes)}.`);
  }
  const C = classes.length;
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const unseen = [...new Set(t.values.filter((v) => !index.has(v)))];
  // scikit-learn 1.2.1 silently scores such rows as 0 loss; refusing them is safer.
  if (unseen.length) throw new ValueError(`y_true contains labels not in labels: ${pyList(sortedUnique(unseen))}.`);
  const k = s.k === 1 ? 2 : s.k;
  if (C !== k) {
    if (options.labels === undefined) {
      throw new ValueError(`y_true and y_pred contain different number of classes ${C}, ${k}. Please provide the true labels explicitly through the labels argument. Classes found in y_true: ${npArrayStr(classes)}`);
    }
    throw new ValueError(`The number of classes in labels is different from that in y_pred. Classes found in labels: ${npArrayStr(classes)}`);
  }
  const n = s.n;
  const loss = new Float64Array(n);
  const row = new Float64Array(k);
  const clip = (x: number): number => Math.min(Math.max(x, eps), 1 - eps);
  for (let i = 0; i < n; i++) {
    if (s.k === 1) {
      const p = clip(s.data[i] as number);
      row[0] = 1 - p;
      row[1] = p;
    } else {
      for (let j = 0; j < k; j++) row[j] = clip(s.data[i * k + j] as number);
    }
    const rowSum = psum(row);
    const terms = new Float64Array(k);
    const cls = index.get(t.values[i] as Label) as number;
    terms[cls] = Math.log((row[cls] as number) / rowSum);
    loss[i] = -psum(terms);
  }
  return weightedSum(loss, w, options.normalize ?? true);
}

// ------------------------------------------------------------------ regression

/** How multi-output regression scores combine: per output, their mean, variance-weighted (r2 only), or custom weights. */
export type MultiOutput = 'raw_values' | 'uniform_average' | 'variance_weighted' | NumericArray;

/** Options of the regression metrics. */
export interface RegressionOptions {
  sampleWeight?: NumericArray;
  /** Default 'uniform_average'. */
  multioutput?: MultiOutput;
}

interface RegTargets { n: number; k: number; t: Float64Array; p: Float64Array; w: Float64Array | undefined; mo: 'raw_values' | 'uniform_average' | 'variance_weighted' | Float64Array }

function regParse(y: unknown, name: string): Mat {
  const p = parse(y, name);
  if (p.dim === 2) return p;
  if (p.kind !== null && p.kind !== 'number') throw new ValueError(`${name} must hold numbers for a regression metric; got ${p.kind}s.`);
  const data = Float64Array.from(p.values as number[]);
  return { dim: 2, n: data.length, k: 1, data, float32: false };
}

function checkRegTargets(yTrue: unknown, yPred: unknown, options: RegressionOptions): RegTargets {
  const t = regParse(yTrue, 'y_true');
  const p = regParse(yPred, 'y_pred');
  checkConsistentLength(t.n, p.n);
  if (t.k !== p.k) throw new ValueError(`y_true and y_pred have different number of output (${t.k}!=${p.k})`);
  const mo = options.multioutput ?? 'uniform_average';
  let moOut: RegTargets['mo'];
  if (typeof mo === 'string') {
    if (mo !== 'raw_values' && mo !== 'uniform_average' && mo !== 'variance_weighted') {
      throw new ValueError(`Allowed 'multioutput' string values are ('raw_values', 'uniform_average', 'variance_weighted'). You provided multioutput='${mo}'`);
    }
    moOut = mo;
  } else {
    const mw = parseWeights(mo, 'multioutput') as Float64Array;
    if (t.k === 1) throw new ValueError('Custom weights are useful only in multi-output cases.');
    if (mw.length !== t.k) throw new ValueError(`There must be equally many custom weights (${mw.length}) as outputs (${t.k}).`);
    moOut = mw;
  }
  const w = parseWeights(options.sampleWeight);
  checkConsistentLength(t.n, p.n, w?.length);
  return { n: t.n, k: t.k, t: t.data, p: p.data, w, mo: moOut };
}

/** np.average(a, axis=0, weights=w) of a row-major n x k matrix. */
function averageAxis0(a: Float64Array, n: number, k: number, w: Float64Array | undefined): Float64Array {
  if (w === undefined) return sumAxis0(a, n, k).map((v) => v / n);
  const aw = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) aw[i * k + j] = (a[i * k + j] as number) * (w[i] as number);
  const scl = psum(w);
  if (scl === 0) throw new ValueError("Weights sum to zero, can't be normalized");
  return sumAxis0(aw, n, k).map((v) => v / scl);
}

function combineOutputs(errors: Float64Array, mo: RegTargets['mo'], metric: string): number | number[] {
  if (mo === 'raw_values') return Array.from(errors);
  if (mo === 'uniform_average') return average(errors);
  if (mo === 'variance_weighted') throw new ValueError(`multioutput='variance_weighted' is only defined for r2Score, not ${metric}.`);
  return average(errors, mo);
}

/**
 * Mean squared error (or its root with `squared: false`), per output then combined.
 *
 * @example
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]);                    // 0.375
 * meanSquaredError([[0.5, 1], [-1, 1]], [[0, 2], [-1, 2]], { multioutput: 'raw_values' }); // [0.125, 1]
 */
export function meanSquaredError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options: RegressionOptions & { squared?: boolean; multioutput: 'raw_values' }): number[];
export function meanSquaredError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options?: RegressionOptions & { squared?: boolean; multioutput?: 'uniform_average' | NumericArray }): number;
export function meanSquaredError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options?: RegressionOptions & { squared?: boolean }): number | number[];
export function meanSquaredError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options: RegressionOptions & { squared?: boolean } = {}): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const sq = new Float64Array(r.n * r.k);
  for (let i = 0; i < sq.length; i++) {
    const d = (r.t[i] as number) - (r.p[i] as number);
    sq[i] = d * d;
  }
  let errors = averageAxis0(sq, r.n, r.k, r.w);
  if (options.squared === false) errors = errors.map(Math.sqrt);
  return combineOutputs(errors, r.mo, 'meanSquaredError');
}

/**
 * Mean absolute error, per output then combined.
 *
 * @example
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function meanAbsoluteError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options: RegressionOptions & { multioutput: 'raw_values' }): number[];
export function meanAbsoluteError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options?: RegressionOptions & { multioutput?: 'uniform_average' | NumericArray }): number;
export function meanAbsoluteError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options?: RegressionOptions): number | number[];
export function meanAbsoluteError(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options: RegressionOptions = {}): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const ad = new Float64Array(r.n * r.k);
  for (let i = 0; i < ad.length; i++) ad[i] = Math.abs((r.p[i] as number) - (r.t[i] as number));
  return combineOutputs(averageAxis0(ad, r.n, r.k, r.w), r.mo, 'meanAbsoluteError');
}

/**
 * Coefficient of determination R² = 1 - SS_res / SS_tot per output, then
 * combined. With `forceFinite` (default true) a constant y_true scores 1 when
 * predicted perfectly and 0 otherwise instead of NaN / -Infinity. Fewer than two
 * samples give NaN and a warning.
 *
 * @example
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486...
 */
export function r2Score(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options: RegressionOptions & { forceFinite?: boolean; multioutput: 'raw_values' }): number[];
export function r2Score(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options?: RegressionOptions & { forceFinite?: boolean; multioutput?: 'uniform_average' | 'variance_weighted' | NumericArray }): number;
export function r2Score(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options?: RegressionOptions & { forceFinite?: boolean }): number | number[];
export function r2Score(yTrue: NumericArray | NumberMatrix, yPred: NumericArray | NumberMatrix, options: RegressionOptions & { forceFinite?: boolean } = {}): number | number[] {
  const r = checkRegTargets(yTrue, yPred, options);
  const { n, k, w } = r;
  if (n < 2) {
    warn('R^2 score is not well-defined with less than two samples.');
    return NaN;
  }
  const num = new Float64Array(n * k), den = new Float64Array(n * k);
  const mean = averageAxis0(r.t, n, k, w);
  for (let i = 0; i < n; i++) {
    const wi = w ? (w[i] as number) : 1;
    for (let j = 0; j < k; j++) {
      const d = (r.t[i * k + j] as number) - (r.p[i * k + j] as number);
      const c = (r.t[i * k + j] as number) - (mean[j] as number);
      num[i * k + j] = wi * (d * d);
      den[i * k + j] = wi * (c * c);
    }
  }
  const numerator = sumAxis0(num, n, k);
  const denominator = sumAxis0(den, n, k);
  const scores = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const a = numerator[j] as number, b = denominator[j] as number;
    if (options.forceFinite === false) scores[j] = 1 - a / b;
    else scores[j] = a === 0 ? 1 : b === 0 ? 0 : 1 - a / b;
  }
  if (r.mo === 'raw_values') return Array.from(scores);
  if (r.mo === 'uniform_average') return average(scores);
  if (r.mo === 'variance_weighted') return denominator.some((v) => v !== 0) ? average(scores, denominator) : average(scores);
  return average(scores, r.mo);
}

// ------------------------------------------------------------------ scorers

/**
 * A named metric as cross-validation and grid search use it (scikit-learn's
 * scorer objects, minus the estimator call). The caller runs the estimator:
 * `predictProba(X)` when `needsProba`, else `predict(X)`, and passes that
 * output to `score`, which returns `sign * metric` so that greater is better.
 *
 * @example
 * const s = getScorer('neg_log_loss');
 * const out = s.needsProba ? model.predictProba(XTest) : model.predict(XTest);
 * s.score(yTest, out); // -logLoss(yTest, out)
 */
export interface Scorer {
  /** scikit-learn's scoring name, e.g. 'f1_macro'. */
  readonly name: string;
  /** Whether `score` takes predictProba's n x K probabilities (else predict's labels or values). */
  readonly needsProba: boolean;
  /** +1 for scores, -1 for losses (the `neg_` names); `score` has already applied it. */
  readonly sign: 1 | -1;
  /** The metric times `sign`. For binary targets an n x 2 probability matrix is reduced to its column 1, as scikit-learn's scorers do. */
  score(yTrue: Target, output: Target, sampleWeight?: NumericArray): number;
}

function sw(w: NumericArray | undefined): { sampleWeight?: NumericArray } {
  return w === undefined ? {} : { sampleWeight: w };
}

/** Column 1 of an n x 2 probability matrix when y_true is binary (scikit-learn's `_select_proba_binary`). */
function positiveColumn(yTrue: Target, out: Target): NumericArray | NumberMatrix {
  const s = parseScores(out, 'y_pred');
  if (s.is2d && s.k === 2 && typeOfTarget(yTrue) === 'binary') return column(s, 1);
  return out as NumericArray | NumberMatrix;
}

function labelsOnly(y: Target, name: string): LabelArray {
  const p = parse(y, name);
  if (p.dim === 2) throw new ValueError(`${name} must be a 1-D array of labels; got a ${p.n} x ${p.k} matrix.`);
  return y as LabelArray;
}

type ScoreFn = (yTrue: Target, out: Target, w: NumericArray | undefined) => number;

function prfScorer(metric: 'precision' | 'recall' | 'f1', average: Average): ScoreFn {
  const fn = metric === 'precision' ? precisionScore : metric === 'recall' ? recallScore : f1Score;
  return (t, o, w) => fn(t, o, { average, ...sw(w) });
}

function rocScorer(multiClass: 'raise' | 'ovr' | 'ovo', average: 'macro' | 'weighted'): ScoreFn {
  return (t, o, w) => rocAucScore(t, positiveColumn(t, o), { multiClass, average, ...sw(w) });
}

// Built on first use, so importing one metric does not keep every scorer (and metric) in a bundle.
let scorerTable: Record<string, { needsProba: boolean; sign: 1 | -1; fn: ScoreFn }> | null = null;
function scorerRegistry(): Record<string, { needsProba: boolean; sign: 1 | -1; fn: ScoreFn }> {
  return (scorerTable ??= {
  accuracy: { needsProba: false, sign: 1, fn: (t, o, w) => accuracyScore(t, o, sw(w)) },
  precision: { needsProba: false, sign: 1, fn: prfScorer('precision', 'binary') },
  precision_macro: { needsProba: false, sign: 1, fn: prfScorer('precision', 'macro') },
  precision_micro: { needsProba: false, sign: 1, fn: prfScorer('precision', 'micro') },
  precision_weighted: { needsProba: false, sign: 1, fn: prfScorer('precision', 'weighted') },
  recall: { needsProba: false, sign: 1, fn: prfScorer('recall', 'binary') },
  recall_macro: { needsProba: false, sign: 1, fn: prfScorer('recall', 'macro') },
  recall_micro: { needsProba: false, sign: 1, fn: prfScorer('recall', 'micro') },
  recall_weighted: { needsProba: false, sign: 1, fn: prfScorer('recall', 'weighted') },
  f1: { needsProba: false, sign: 1, fn: prfScorer('f1', 'binary') },
  f1_macro: { needsProba: false, sign: 1, fn: prfScorer('f1', 'macro') },
  f1_micro: { needsProba: false, sign: 1, fn: prfScorer('f1', 'micro') },
  f1_weighted: { needsProba: false, sign: 1, fn: prfScorer('f1', 'weighted') },
  roc_auc: { needsProba: true, sign: 1, fn: rocScorer('raise', 'macro') },
  roc_auc_ovr: { needsProba: true, sign: 1, fn: rocScorer('ovr', 'macro') },
  roc_auc_ovo: { needsProba: true, sign: 1, fn: rocScorer('ovo', 'macro') },
  roc_auc_ovr_weighted: { needsProba: true, sign: 1, fn: rocScorer('ovr', 'weighted') },
  roc_auc_ovo_weighted: { needsProba: true, sign: 1, fn: rocScorer('ovo', 'weighted') },
  neg_log_loss: { needsProba: true, sign: -1, fn: (t, o, w) => logLoss(labelsOnly(t, 'y_true'), positiveColumn(t, o), sw(w)) },
  r2: { needsProba: false, sign: 1, fn: (t, o, w) => r2Score(t as NumericArray, o as NumericArray, sw(w)) },
  neg_mean_squared_error: { needsProba: false, sign: -1, fn: (t, o, w) => meanSquaredError(t as NumericArray, o as NumericArray, sw(w)) },
  neg_root_mean_squared_error: { needsProba: false, sign: -1, fn: (t, o, w) => meanSquaredError(t as NumericArray, o as NumericArray, { squared: false, ...sw(w) }) },
  neg_mean_absolute_error: { needsProba: false, sign: -1, fn: (t, o, w) => meanAbsoluteError(t as NumericArray, o as NumericArray, sw(w)) },
  });
}

/** The scoring names {@link getScorer} accepts, sorted. */
export function getScorerNames(): string[] {
  return Object.keys(scorerRegistry()).sort();
}

/**
 * The scorer for a scikit-learn scoring name ('accuracy', 'f1_macro',
 * 'roc_auc', 'neg_log_loss', 'r2', 'neg_mean_squared_error', ...). Unknown
 * names throw a ValueError listing the valid ones.
 *
 * @example
 * const s = getScorer('f1_weighted');
 * s.score(yTest, model.predict(XTest));
 */
export function getScorer(name: string): Scorer {
  const table = scorerRegistry();
  const entry = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (entry === undefined) {
    throw new ValueError(`${describe(name)} is not a valid scoring value. Valid options are ${pyList(getScorerNames())}.`);
  }
  const { needsProba, sign, fn } = entry;
  return Object.freeze({
    name,
    needsProba,
    sign,
    score: (yTrue: Target, output: Target, sampleWeight?: NumericArray): number => sign * fn(yTrue, output, sampleWeight),
  });
}

// scikit-learn's utils.multiclass: label types, target parsing by its rules, `type_of_target` and
// `unique_labels`. The bottom of the estimators: imports only src/core.
import { ValueError, describe } from '../../core/errors.ts';
import { isTypedArray } from '../../core/objects.ts';

/** A class label: numbers, strings or booleans (one kind per call, as scikit-learn refuses mixes). */
export type Label = number | string | boolean;
/** Numeric typed arrays accepted wherever a vector of numbers is. */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | Uint8ClampedArray;
/** A vector of numbers. */
export type NumericArray = readonly number[] | NumericTypedArray;
/**
 * A vector of labels: numbers, strings or booleans, one kind per vector (a mix is refused when read, with
 * scikit-learn's message). `readonly Label[]` is what classifiers predict, so predictions go to metrics as they are.
 */
export type LabelArray = NumericArray | readonly string[] | readonly boolean[] | readonly Label[];
/** Rows of numbers: `n_samples x n_outputs` (regression), `n_samples x n_classes` (probabilities, multilabel indicators). */
export type NumberMatrix = readonly NumericArray[];
/** Targets: labels (1-D) or a 2-D indicator / multi-output matrix. A single-column matrix counts as 1-D. */
export type Target = LabelArray | NumberMatrix;
/** scikit-learn's target types (`sklearn.utils.multiclass.type_of_target`). */
export type TargetType =
  'binary' | 'multiclass' | 'continuous' | 'multilabel-indicator' | 'multiclass-multioutput' | 'continuous-multioutput';

export interface Vec {
  readonly dim: 1;
  readonly values: Label[];
  readonly kind: 'number' | 'string' | 'boolean' | null;
}
export interface Mat {
  readonly dim: 2;
  readonly n: number;
  readonly k: number;
  readonly data: Float64Array;
  readonly float32: boolean;
}
export type Parsed = Vec | Mat;

export function isRow(v: unknown): v is NumericArray {
  return Array.isArray(v) || isTypedArray(v);
}

export function mixError(a: string, b: string): ValueError {
  const order = ['string', 'boolean', 'number'];
  const [x, y] = order.indexOf(a) < order.indexOf(b) ? [a, b] : [b, a];
  return new ValueError(`Mix of label input types (${x} and ${y})`);
}

export function checkFinite(v: number, name: string): void {
  if (Number.isNaN(v)) throw new ValueError(`Input ${name} contains NaN.`);
  if (!Number.isFinite(v))
    throw new ValueError(`Input ${name} contains infinity or a value too large for dtype('float64').`);
}

export function parse(y: unknown, name: string): Parsed {
  if (isTypedArray(y)) {
    const values: number[] = new Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      checkFinite(v, name);
      values[i] = v;
    }
    return { dim: 1, values, kind: y.length ? 'number' : null };
  }
  if (!Array.isArray(y))
    throw new ValueError(`${name} must be an array of labels or an array of rows; got ${describe(y)}.`);
  if (y.length > 0 && isRow(y[0])) {
    const n = y.length;
    const k = (y[0] as NumericArray).length;
    const data = new Float64Array(n * k);
    let float32 = true;
    for (let i = 0; i < n; i++) {
      const row: unknown = y[i];
      if (!isRow(row) || row.length !== k) {
        throw new ValueError(
          `${name}: row ${i} has ${isRow(row) ? `${row.length} values` : `the value ${describe(row)}`}; row 0 has ${k} values.`,
        );
      }
      if (!(row instanceof Float32Array)) float32 = false;
      for (let j = 0; j < k; j++) {
        const v: unknown = row[j];
        if (typeof v !== 'number')
          throw new ValueError(`${name}[${i}][${j}] is ${describe(v)}; a 2-D ${name} must hold numbers.`);
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
    if (p.dim !== 1)
      throw new ValueError(`uniqueLabels takes 1-D label arrays; argument ${i} is a ${p.n} x ${p.k} matrix.`);
    if (kind !== null && p.kind !== null && p.kind !== kind) throw mixError(kind, p.kind);
    kind = p.kind ?? kind;
    for (const v of p.values) all.push(v);
  });
  return sortedUnique(all);
}

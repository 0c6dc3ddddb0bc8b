// Tables as JavaScript holds them: arrays of records (`{ age: 31, city: 'Paris' }[]`, the JavaScript data
// frame), `{ columns, data }`, rows of mixed cells, or numeric matrices. Reading them into rows with column
// names, selecting rows and columns, and the missing-value test. Imports src/core and tensor only.
import { ValueError, describe } from '../../core/errors.ts';
import { isForbiddenKey, isRecord, isTypedArray } from '../../core/objects.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { isNdArrayLike, tensor } from '../../tensor/create.ts';

/** One row of a table as a record: column name -> value (`{ age: 31, city: 'Paris' }`). */
export type TableRecord = Readonly<Record<string, unknown>>;
/** An array of records, the JavaScript data frame. */
export type Records = readonly TableRecord[];
/** Column names and rows of cells (a data frame's `columns` and `values`). */
export interface ColumnsData {
  readonly columns: readonly string[];
  readonly data: readonly (readonly unknown[])[];
}

/** A table read for a transformer: rows of cells, with column names when the input had them. */
export interface Table {
  n: number;
  d: number;
  /** Column names (records and `{ columns, data }`), else null. */
  names: string[] | null;
  rows: unknown[][];
}

/** True for an array of records (its first entry a plain object, not a row array). */
export function isRecords(X: unknown): X is Records {
  return Array.isArray(X) && X.length > 0 && isRecord(X[0]) && !isTypedArray(X[0]) && !(X[0] instanceof Tensor);
}

/** True for `{ columns: string[], data: rows }`. */
export function isColumnsData(X: unknown): X is ColumnsData {
  return (
    isRecord(X) &&
    Array.isArray((X as { columns?: unknown }).columns) &&
    Array.isArray((X as { data?: unknown }).data) &&
    !('shape' in X)
  );
}

/** A missing value: null, undefined or NaN (scikit-learn's default `missing_values=np.nan`, with JavaScript's two nulls). */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * X as rows of cells with column names where it has them. Records: the columns are the keys in order of
 * first appearance (a key a record lacks is a missing value). Numeric containers (Tensor, typed array
 * with a shape, ndarray) become rows of numbers. Cells are not checked here.
 */
export function readTable(X: unknown, owner: string): Table {
  if (isColumnsData(X)) {
    const names = X.columns.map((c, j) => {
      if (typeof c !== 'string')
        throw new ValueError(`${owner}: columns must be strings; columns[${j}] is ${describe(c)}.`);
      return c;
    });
    const dup = names.filter((c, j) => names.indexOf(c) !== j);
    if (dup.length > 0) throw new ValueError(`${owner}: duplicate column names: ${describe([...new Set(dup)])}.`);
    const rows = X.data.map((r, i) => {
      if ((!Array.isArray(r) && !isTypedArray(r)) || r.length !== names.length)
        throw new ValueError(
          `${owner}: data[${i}] must be a row of ${names.length} values (one per column); got ${describe(r)}.`,
        );
      return Array.from(r as ArrayLike<unknown>);
    });
    return checkNonEmpty({ n: rows.length, d: names.length, names, rows }, owner);
  }
  if (isRecords(X)) {
    const index = new Map<string, number>();
    for (let i = 0; i < X.length; i++) {
      const rec = X[i];
      if (!isRecord(rec) || isTypedArray(rec))
        throw new ValueError(
          `${owner}: X mixes records and other rows: X[0] is a record but X[${i}] is ${describe(rec)}.`,
        );
      for (const k of Object.keys(rec)) {
        if (isForbiddenKey(k)) throw new ValueError(`${owner}: the column name '${k}' is not allowed.`);
        if (!index.has(k)) index.set(k, index.size);
      }
    }
    const names = [...index.keys()];
    const rows = X.map((rec) => names.map((k) => (Object.prototype.hasOwnProperty.call(rec, k) ? rec[k] : undefined)));
    return checkNonEmpty({ n: rows.length, d: names.length, names, rows }, owner);
  }
  if (Array.isArray(X)) {
    if (X.length === 0)
      throw new ValueError(`Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required by ${owner}.`);
    const first: unknown = X[0];
    if (!Array.isArray(first) && !isTypedArray(first))
      throw new ValueError(
        `Expected 2D array, got 1D array instead:\nX=${describe(X)}.\nReshape your data either using ` +
          `X.map(v => [v]) if your data has a single feature or [X] if it contains a single sample.`,
      );
    const d = (first as ArrayLike<unknown>).length;
    const rows = X.map((r: unknown, i) => {
      if ((!Array.isArray(r) && !isTypedArray(r)) || (r as ArrayLike<unknown>).length !== d)
        throw new ValueError(
          `X has inconsistent row lengths: row 0 has ${d} values but row ${i} ` +
            `${Array.isArray(r) || isTypedArray(r) ? `has ${(r as ArrayLike<unknown>).length}` : `is ${describe(r)}`}.`,
        );
      return Array.from(r as ArrayLike<unknown>);
    });
    return checkNonEmpty({ n: rows.length, d, names: null, rows }, owner);
  }
  let t: Tensor | null = null;
  if (X instanceof Tensor || isNdArrayLike(X)) t = tensor(X as Tensor, { dtype: 'float64' });
  else if (
    isRecord(X) &&
    isTypedArray((X as { data?: unknown }).data) &&
    Array.isArray((X as { shape?: unknown }).shape)
  )
    t = tensor(Float64Array.from((X as { data: ArrayLike<number> }).data), {
      shape: (X as { shape: number[] }).shape,
      dtype: 'float64',
    });
  if (t === null)
    throw new ValueError(
      `${owner}: X must be an array of rows, an array of records ({ name: value }), { columns, data }, ` +
        `a Tensor, a typed array with a shape or an ndarray. Got ${describe(X)} instead.`,
    );
  if (t.ndim !== 2) throw new ValueError(`Expected 2D array, got an array of shape [${t.shape}] instead (${owner}).`);
  const n = t.shape[0] as number,
    d = t.shape[1] as number;
  const rows: unknown[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(t.data.subarray(i * d, (i + 1) * d)));
  return checkNonEmpty({ n, d, names: null, rows }, owner);
}

function checkNonEmpty(t: Table, owner: string): Table {
  if (t.n === 0)
    throw new ValueError(
      `Found array with 0 sample(s) (shape=(0, ${t.d})) while a minimum of 1 is required by ${owner}.`,
    );
  if (t.d === 0)
    throw new ValueError(
      `Found array with 0 feature(s) (shape=(${t.n}, 0)) while a minimum of 1 is required by ${owner}.`,
    );
  return t;
}

/** The table's columns `idx` as the same kind of input: `{ columns, data }` when it has names, else rows. */
export function tableColumns(t: Table, idx: readonly number[]): unknown[][] | ColumnsData {
  const rows = t.rows.map((r) => idx.map((j) => r[j]));
  return t.names === null ? rows : { columns: idx.map((j) => (t.names as string[])[j] as string), data: rows };
}

/** The column name of column `j` for messages: `'city'` (records) or `j` (arrays). */
export function columnLabel(names: readonly string[] | null | undefined, j: number): string {
  return names ? `'${names[j] as string}'` : String(j);
}

/** Rows `idx` of `{ columns, data }` (takeRows's case for tables with column names). */
export function takeTableRows(X: ColumnsData, idx: readonly number[]): ColumnsData {
  return { columns: X.columns, data: idx.map((i) => X.data[i] as readonly unknown[]) };
}

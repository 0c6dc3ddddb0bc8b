// OneHotEncoder and LabelEncoder for categorical columns and labels, with scikit-learn's ordering and
// messages. Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { type XLike } from '../utils/validation.ts';
import { uniqueLabels, type Label } from '../utils/multiclass.ts';
import type { LabelArray } from '../utils/multiclass.ts';
import { registerEstimator } from '../base.ts';
import {
  BaseTransformer,
  type Cell,
  type CellsX,
  checkFeatures,
  readMatrix,
  toRows,
  validateParams,
} from './transformer.ts';

// -------------------------------------------------------------- OneHotEncoder

export const ONEHOT_DEFAULTS = Object.freeze({
  categories: 'auto' as 'auto' | Cell[][],
  handleUnknown: 'error' as 'error' | 'ignore',
});

/** OneHotEncoder's parameters. */
export type OneHotEncoderParams = { categories?: 'auto' | Cell[][]; handleUnknown?: 'error' | 'ignore' };

export type Kind = 'number' | 'string' | 'boolean';

/** X as columns of cells, each column of one kind (scikit-learn: "uniformly strings or numbers"). */
export function readCells(X: unknown, estimator: string): { cols: Cell[][]; n: number; d: number } {
  let rows: readonly (readonly unknown[])[];
  if (Array.isArray(X) && X.length > 0 && Array.isArray(X[0])) rows = X as unknown[][];
  else {
    // Numeric input (a Tensor, a typed array with a shape, ...) and bad input get checkX's validation and messages.
    const m = readMatrix(X as XLike, estimator);
    rows = toRows(m.data, m.n, m.d);
  }
  const n = rows.length;
  const d = (rows[0] as unknown[]).length;
  if (d === 0)
    throw new ValueError(
      `Found array with 0 feature(s) (shape=(${n}, 0)) while a minimum of 1 is required by ${estimator}.`,
    );
  const cols: Cell[][] = Array.from({ length: d }, () => new Array<Cell>(n));
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== d)
      throw new ValueError(
        `X has inconsistent row lengths: row 0 has ${d} values but row ${i} ${Array.isArray(row) ? `has ${row.length}` : `is ${describe(row)}`}.`,
      );
    for (let j = 0; j < d; j++) {
      const v = row[j] as unknown;
      if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean') {
        throw new ValueError(
          `${estimator}: X[${i}][${j}] must be a finite number, a string or a boolean; got ` +
            `${describe(v)}. Missing values are not encoded as a category here; impute them first.`,
        );
      }
      (cols[j] as Cell[])[i] = v as Cell;
    }
  }
  return { cols, n, d };
}

export function kindsOf(values: readonly unknown[]): Kind[] {
  return [...new Set(values.map((v) => typeof v as Kind))].sort();
}

export function cellList(values: readonly Cell[]): string {
  return `[${values.map(describe).join(', ')}]`;
}

/**
 * scikit-learn's OneHotEncoder (dense output): one 0/1 column per category of
 * each input column. Columns may hold numbers, strings or booleans (one kind
 * per column); `categories_` are sorted. Unknown categories at transform
 * throw (`handleUnknown: 'error'`) or encode as all zeros (`'ignore'`).
 *
 * @example
 * const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([['red', 1], ['blue', 2]]);
 * enc.transform([['blue', 1]]);   // [[1, 0, 1, 0]]
 * enc.categories_;                // [['blue', 'red'], [1, 2]]
 */
export class OneHotEncoder extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = ONEHOT_DEFAULTS;
  declare categories: 'auto' | Cell[][];
  declare handleUnknown: 'error' | 'ignore';
  /** The categories of each input column, sorted (or as given). */
  declare categories_: Cell[][];
  declare nFeaturesIn_: number;

  constructor(params: OneHotEncoderParams = {}) {
    super(params);
  }

  /** Learns the categories of every column (or checks X against the given ones). */
  fit(X: CellsX | XLike, _y?: unknown): this {
    validateParams(this, {
      categories: (v) =>
        v === 'auto' ||
        (Array.isArray(v) &&
          v.every(
            (c) =>
              Array.isArray(c) &&
              c.length > 0 &&
              kindsOf(c).length === 1 &&
              c.every((x) => ['number', 'string', 'boolean'].includes(typeof x)),
          ))
          ? null
          : "'auto' or an array with one non-empty array of numbers, strings or booleans (one kind) per column",
      handleUnknown: (v) => (v === 'error' || v === 'ignore' ? null : "a str among {'error', 'ignore'}"),
    });
    const name = this.constructor.name;
    const { cols, d } = readCells(X, name);
    if (this.categories !== 'auto' && this.categories.length !== d) {
      throw new ValueError(
        `Shape mismatch: if categories is an array, it has to be of shape ` +
          `(n_features,). Got ${this.categories.length} category lists for ${d} columns.`,
      );
    }
    const cats: Cell[][] = [];
    for (let j = 0; j < d; j++) {
      const col = cols[j] as Cell[];
      const kinds = kindsOf(col);
      if (kinds.length > 1)
        throw new ValueError(
          `Encoders require their input to be uniformly strings or numbers. Got ${cellList(kinds)} in column ${j}.`,
        );
      if (this.categories === 'auto') {
        cats.push(uniqueLabels(col as LabelArray) as Cell[]);
        continue;
      }
      const given = (this.categories[j] as Cell[]).slice();
      if (typeof given[0] === 'number' && given.some((c, k) => k > 0 && (c as number) <= (given[k - 1] as number))) {
        throw new ValueError(
          `Unsorted categories are not supported for numerical categories (column ${j}: ${cellList(given)}).`,
        );
      }
      if (this.handleUnknown === 'error') {
        const known = new Set<Cell>(given);
        const unknown = [...new Set(col.filter((v) => !known.has(v)))];
        if (unknown.length > 0)
          throw new ValueError(
            `Found unknown categories ${cellList(uniqueLabels(unknown as LabelArray))} in column ${j} during fit`,
          );
      }
      cats.push(given);
    }
    this.categories_ = cats;
    this.nFeaturesIn_ = d;
    return this;
  }

  /** The 0/1 matrix: for each input column, one column per category in `categories_` order. */
  transform(X: CellsX | XLike): number[][] {
    this.checkIsFitted('categories_');
    const name = this.constructor.name;
    const { cols, n, d } = readCells(X, name);
    checkFeatures(name, d, this.nFeaturesIn_);
    const width = this.categories_.reduce((s, c) => s + c.length, 0);
    const out: number[][] = Array.from({ length: n }, () => new Array<number>(width).fill(0));
    let offset = 0;
    for (let j = 0; j < d; j++) {
      const cats = this.categories_[j] as Cell[];
      const index = new Map<Cell, number>(cats.map((c, k) => [c, k]));
      const col = cols[j] as Cell[];
      const unknown: Cell[] = [];
      for (let i = 0; i < n; i++) {
        const k = index.get(col[i] as Cell);
        if (k === undefined) unknown.push(col[i] as Cell);
        else (out[i] as number[])[offset + k] = 1;
      }
      if (unknown.length > 0 && this.handleUnknown === 'error') {
        const kinds = kindsOf(unknown);
        throw new ValueError(
          `Found unknown categories ${cellList(kinds.length === 1 ? uniqueLabels(unknown as LabelArray) : [...new Set(unknown)])} ` +
            `in column ${j} during transform`,
        );
      }
      offset += cats.length;
    }
    return out;
  }

  fitTransform(X: CellsX | XLike, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** The categories back from a one-hot matrix (argmax per block); an all-zero block gives null with `handleUnknown: 'ignore'`. */
  inverseTransform(X: XLike): (Cell | null)[][] {
    this.checkIsFitted('categories_');
    const { data, n, d } = readMatrix(X, this.constructor.name);
    const width = this.categories_.reduce((s, c) => s + c.length, 0);
    if (d !== width)
      throw new ValueError(`Shape of the passed X data is not correct. Expected ${width} columns, got ${d}.`);
    const out: (Cell | null)[][] = Array.from({ length: n }, () => new Array<Cell | null>(this.nFeaturesIn_));
    let offset = 0;
    this.categories_.forEach((cats, j) => {
      const allZero: number[] = [];
      for (let i = 0; i < n; i++) {
        let best = 0,
          sum = 0;
        for (let k = 0; k < cats.length; k++) {
          const v = data[i * d + offset + k] as number;
          sum += v;
          if (v > (data[i * d + offset + best] as number)) best = k;
        }
        if (sum === 0) allZero.push(i);
        (out[i] as (Cell | null)[])[j] = sum === 0 && this.handleUnknown === 'ignore' ? null : (cats[best] as Cell);
      }
      if (allZero.length > 0 && this.handleUnknown === 'error') {
        throw new ValueError(
          `Samples [${allZero.join(' ')}] can not be inverted when handleUnknown='error' because they contain all zeros`,
        );
      }
      offset += cats.length;
    });
    return out;
  }

  /** Output column names `<input>_<category>` (inputs default to x0, x1, ...). */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.checkIsFitted('categories_');
    const names = inputFeatures ?? Array.from({ length: this.nFeaturesIn_ }, (_, j) => `x${j}`);
    if (names.length !== this.nFeaturesIn_)
      throw new ValueError(
        `inputFeatures should have length equal to number of features (${this.nFeaturesIn_}), got ${names.length}`,
      );
    return this.categories_.flatMap((cats, j) => cats.map((c) => `${names[j]}_${String(c)}`));
  }

  protected isFitted(): boolean {
    return this.categories_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { categories_: this.categories_.map((c) => c.slice()), nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['categories_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    const cats = s.categories_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    if (
      !Array.isArray(cats) ||
      cats.length !== d ||
      !cats.every(
        (c) =>
          Array.isArray(c) &&
          c.length > 0 &&
          kindsOf(c).length === 1 &&
          c.every(
            (x) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)),
          ),
      )
    ) {
      throw new ValueError(
        `fromJSON: categories_ must hold ${describe(d)} non-empty arrays of numbers, strings or booleans (one kind each); got ${describe(cats)}`,
      );
    }
    this.nFeaturesIn_ = d as number;
    this.categories_ = (cats as Cell[][]).map((c) => c.slice());
  }
}

// --------------------------------------------------------------- LabelEncoder

export type Labels = readonly number[] | readonly string[] | readonly boolean[];

export function readLabels(y: unknown, name: string): Label[] {
  const arr = ArrayBuffer.isView(y) && !(y instanceof DataView) ? Array.from(y as unknown as ArrayLike<number>) : y;
  if (!Array.isArray(arr)) throw new ValueError(`${name}: y must be a 1-D array of labels; got ${describe(y)}.`);
  arr.forEach((v, i) => {
    if (Array.isArray(v))
      throw new ValueError(
        `${name}: y should be a 1d array, got an array of rows (row ${i} is ${describe(v)}) instead.`,
      );
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean')
      throw new ValueError(`${name}: y[${i}] must be a finite number, a string or a boolean; got ${describe(v)}.`);
  });
  return arr as Label[];
}

/**
 * scikit-learn's LabelEncoder: labels to 0..K-1 in the order of the sorted
 * `classes_`, and back.
 *
 * @example
 * const le = new LabelEncoder().fit(['paris', 'tokyo', 'paris']);
 * le.classes_;                 // ['paris', 'tokyo']
 * le.transform(['tokyo']);     // [1]
 * le.inverseTransform([0]);    // ['paris']
 */
export class LabelEncoder extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({});
  /** The sorted distinct labels seen at fit. */
  declare classes_: Label[];

  constructor(params: Record<string, never> = {}) {
    super(params);
  }

  /** Learns the sorted distinct labels of y. */
  fit(y: Labels | ArrayLike<number>): this {
    validateParams(this, {});
    this.classes_ = uniqueLabels(readLabels(y, this.constructor.name) as LabelArray);
    return this;
  }

  /** Each label's index in `classes_`; an unseen label throws. */
  transform(y: Labels | ArrayLike<number>): number[] {
    this.checkIsFitted('classes_');
    const labels = readLabels(y, this.constructor.name);
    const index = new Map<Label, number>(this.classes_.map((c, k) => [c, k]));
    const unseen = [...new Set(labels.filter((l) => !index.has(l)))];
    if (unseen.length > 0) throw new ValueError(`y contains previously unseen labels: ${cellList(unseen)}`);
    return labels.map((l) => index.get(l) as number);
  }

  fitTransform(y: Labels | ArrayLike<number>): number[] {
    return this.fit(y).transform(y);
  }

  /** The labels of indices 0..K-1; anything else throws. */
  inverseTransform(y: ArrayLike<number>): Label[] {
    this.checkIsFitted('classes_');
    const idx = Array.from(readLabels(y, this.constructor.name));
    const bad = [
      ...new Set(
        idx.filter((i) => typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= this.classes_.length),
      ),
    ];
    if (bad.length > 0) throw new ValueError(`y contains previously unseen labels: ${cellList(bad)}`);
    return idx.map((i) => this.classes_[i as number] as Label);
  }

  protected isFitted(): boolean {
    return this.classes_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { classes_: this.classes_.slice() };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['classes_']);
    const c = s.classes_;
    if (
      !Array.isArray(c) ||
      kindsOf(c).length > 1 ||
      !c.every((x) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)))
    ) {
      throw new ValueError(
        `fromJSON: classes_ must be an array of numbers, strings or booleans (one kind); got ${describe(c)}`,
      );
    }
    this.classes_ = c.slice() as Label[];
  }
}

registerEstimator(OneHotEncoder, 'OneHotEncoder');
registerEstimator(LabelEncoder, 'LabelEncoder');

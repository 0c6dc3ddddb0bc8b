// OneHotEncoder and LabelEncoder for categorical columns and labels, with scikit-learn's ordering and
// messages. Imports the transformer base and the encoders' shared helpers.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { uniqueLabels, type Label } from '../utils/multiclass.ts';
import type { LabelArray } from '../utils/multiclass.ts';
import type { ColumnsData, Records } from '../utils/tabular.ts';
import { type XLike } from '../utils/validation.ts';
import { registerBuiltIn } from '../base.ts';
import {
  BaseTransformer,
  type Cell,
  type CellsX,
  featureNamesIn,
  readMatrix,
  setFeatureNamesIn,
  validateParams,
} from './transformer.ts';
import {
  categoriesConstraint,
  cellList,
  categoriesState,
  readCategoriesState,
  columnOf,
  fitCategories,
  kindsOf,
  readCategorical,
  unknownCategoriesError,
} from './categories.ts';

/** What the encoders take: rows of cells, records, `{ columns, data }`, or a numeric matrix. */
export type CategoricalX = CellsX | Records | ColumnsData | XLike;

// -------------------------------------------------------------- OneHotEncoder

export const ONEHOT_DEFAULTS = Object.freeze({
  categories: 'auto' as 'auto' | Cell[][],
  handleUnknown: 'error' as 'error' | 'ignore',
});

/** OneHotEncoder's parameters. */
export type OneHotEncoderParams = { categories?: 'auto' | Cell[][]; handleUnknown?: 'error' | 'ignore' };

/**
 * scikit-learn's OneHotEncoder (dense output): one 0/1 column per category of
 * each input column. Columns may hold numbers, strings and booleans, mixed if
 * need be; `categories_` are sorted (numbers, then strings, then booleans).
 * Unknown categories at transform throw (`handleUnknown: 'error'`, naming the
 * category and the column) or encode as all zeros (`'ignore'`).
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
  /** The input's column names, when it had them (records, `{ columns, data }`). */
  declare featureNamesIn_?: string[];

  constructor(params: OneHotEncoderParams = {}) {
    super(params);
  }

  /** Learns the categories of every column (or checks X against the given ones). */
  fit(X: CategoricalX, _y?: unknown): this {
    validateParams(this, {
      categories: categoriesConstraint,
      handleUnknown: (v) => (v === 'error' || v === 'ignore' ? null : "a str among {'error', 'ignore'}"),
    });
    const t = readCategorical(X, this.constructor.name);
    this.categories_ = fitCategories(t, this.categories, this.handleUnknown !== 'error');
    this.nFeaturesIn_ = t.d;
    setFeatureNamesIn(this, t.names);
    return this;
  }

  /** The 0/1 matrix: for each input column, one column per category in `categories_` order. */
  transform(X: CategoricalX): number[][] {
    this.checkIsFitted('categories_');
    const t = readCategorical(X, this.constructor.name, this);
    const { n, d } = t;
    const width = this.categories_.reduce((s, c) => s + c.length, 0);
    const out: number[][] = Array.from({ length: n }, () => new Array<number>(width).fill(0));
    let offset = 0;
    for (let j = 0; j < d; j++) {
      const cats = this.categories_[j] as Cell[];
      const index = new Map<Cell, number>(cats.map((c, k) => [c, k]));
      const col = columnOf(t, j);
      const unknown: Cell[] = [];
      for (let i = 0; i < n; i++) {
        const k = index.get(col[i] as Cell);
        if (k === undefined) unknown.push(col[i] as Cell);
        else (out[i] as number[])[offset + k] = 1;
      }
      if (unknown.length > 0 && this.handleUnknown === 'error')
        throw unknownCategoriesError(unknown, j, this.featureNamesIn_, 'transform');
      offset += cats.length;
    }
    return out;
  }

  fitTransform(X: CategoricalX, y?: unknown): number[][] {
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

  /** Output column names `<input>_<category>` (inputs: `featureNamesIn_`, else x0, x1, ...). */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('categories_');
    const names = featureNamesIn(this, inputFeatures);
    return this.categories_.flatMap((cats, j) => cats.map((c) => `${names[j] as string}_${String(c)}`));
  }

  protected isFitted(): boolean {
    return this.categories_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return categoriesState(this);
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    Object.assign(this, readCategoriesState(state));
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

registerBuiltIn(OneHotEncoder, 'OneHotEncoder');
registerBuiltIn(LabelEncoder, 'LabelEncoder');

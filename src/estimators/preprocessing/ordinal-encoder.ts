// OrdinalEncoder: each categorical column to the codes 0..K-1 of its sorted categories, with scikit-learn
// 1.2.1's parameters, unknown-value handling and messages. Imports the transformer base and the encoders' helpers.
import { ValueError } from '../../core/errors.ts';
import { registerBuiltIn } from '../base.ts';
import { type XLike } from '../utils/validation.ts';
import {
  BaseTransformer,
  type Cell,
  featureNamesIn,
  readMatrix,
  setFeatureNamesIn,
  validateParams,
} from './transformer.ts';
import {
  categoriesConstraint,
  categoriesState,
  readCategoriesState,
  columnOf,
  fitCategories,
  readCategorical,
  unknownCategoriesError,
} from './categories.ts';
import type { CategoricalX } from './categorical.ts';

export const ORDINAL_DEFAULTS = Object.freeze({
  categories: 'auto' as 'auto' | Cell[][],
  handleUnknown: 'error' as 'error' | 'use_encoded_value',
  unknownValue: null as number | null,
});

/** OrdinalEncoder's parameters. */
export type OrdinalEncoderParams = {
  categories?: 'auto' | Cell[][];
  handleUnknown?: 'error' | 'use_encoded_value';
  /** The code of a category unseen at fit (with `handleUnknown: 'use_encoded_value'`): an integer or NaN. */
  unknownValue?: number | null;
};

/**
 * scikit-learn's OrdinalEncoder: each column's values to the index of their category in `categories_`
 * (sorted: numbers, then strings, then booleans; mixed columns allowed). Unknown categories at transform
 * throw (`handleUnknown: 'error'`, naming the category and the column) or become `unknownValue`
 * (`'use_encoded_value'`), which `inverseTransform` turns into null.
 *
 * @example
 * const enc = new OrdinalEncoder().fit([['low'], ['high'], ['mid']]);
 * enc.categories_;               // [['high', 'low', 'mid']]
 * enc.transform([['mid']]);      // [[2]]
 */
export class OrdinalEncoder extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = ORDINAL_DEFAULTS;
  declare categories: 'auto' | Cell[][];
  declare handleUnknown: 'error' | 'use_encoded_value';
  declare unknownValue: number | null;
  /** The categories of each input column, sorted (or as given). */
  declare categories_: Cell[][];
  declare nFeaturesIn_: number;
  declare featureNamesIn_?: string[];

  constructor(params: OrdinalEncoderParams = {}) {
    super(params);
  }

  /** Learns the categories of every column (or checks X against the given ones). */
  fit(X: CategoricalX, _y?: unknown): this {
    validateParams(this, {
      categories: categoriesConstraint,
      handleUnknown: (v) =>
        v === 'error' || v === 'use_encoded_value' ? null : "a str among {'error', 'use_encoded_value'}",
      unknownValue: (v) => (v === null || Number.isInteger(v) || Number.isNaN(v) ? null : 'an int, NaN or None'),
    });
    const u = this.unknownValue;
    if (this.handleUnknown === 'use_encoded_value') {
      if (u === null)
        throw new ValueError(
          "unknownValue should be an integer or NaN when handleUnknown is 'use_encoded_value', got null.",
        );
    } else if (u !== null) {
      throw new ValueError(
        `unknownValue should only be set when handleUnknown is 'use_encoded_value', got ${Number.isNaN(u) ? 'nan' : u}.`,
      );
    }
    const t = readCategorical(X, this.constructor.name);
    const cats = fitCategories(t, this.categories, this.handleUnknown !== 'error');
    if (u !== null && !Number.isNaN(u) && cats.some((c) => u >= 0 && u < c.length))
      throw new ValueError(
        `The used value for unknownValue ${u} is one of the values already used for encoding the seen categories.`,
      );
    this.categories_ = cats;
    this.nFeaturesIn_ = t.d;
    setFeatureNamesIn(this, t.names);
    return this;
  }

  /** The code of each value: its index in `categories_`, or `unknownValue` for an unseen one. */
  transform(X: CategoricalX): number[][] {
    this.checkIsFitted('categories_');
    const t = readCategorical(X, this.constructor.name, this);
    const out: number[][] = Array.from({ length: t.n }, () => new Array<number>(t.d));
    for (let j = 0; j < t.d; j++) {
      const index = new Map<Cell, number>((this.categories_[j] as Cell[]).map((c, k) => [c, k]));
      const col = columnOf(t, j);
      const unknown: Cell[] = [];
      for (let i = 0; i < t.n; i++) {
        const k = index.get(col[i] as Cell);
        if (k === undefined) unknown.push(col[i] as Cell);
        (out[i] as number[])[j] = k ?? (this.unknownValue as number);
      }
      if (unknown.length > 0 && this.handleUnknown === 'error')
        throw unknownCategoriesError(unknown, j, this.featureNamesIn_, 'transform');
    }
    return out;
  }

  fitTransform(X: CategoricalX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** The categories back from their codes; `unknownValue` gives null. */
  inverseTransform(X: XLike): (Cell | null)[][] {
    this.checkIsFitted('categories_');
    const name = this.constructor.name;
    const t = readMatrixAllowNaN(
      X,
      name,
      this.handleUnknown === 'use_encoded_value' && Number.isNaN(this.unknownValue),
    );
    if (t.d !== this.nFeaturesIn_)
      throw new ValueError(
        `Shape of the passed X data is not correct. Expected ${this.nFeaturesIn_} columns, got ${t.d}.`,
      );
    const out: (Cell | null)[][] = [];
    for (let i = 0; i < t.n; i++) {
      const row: (Cell | null)[] = [];
      for (let j = 0; j < t.d; j++) {
        const v = t.data[i * t.d + j] as number;
        const cats = this.categories_[j] as Cell[];
        if (this.handleUnknown === 'use_encoded_value' && (v === this.unknownValue || Number.isNaN(v))) row.push(null);
        else if (Number.isInteger(v) && v >= 0 && v < cats.length) row.push(cats[v] as Cell);
        else
          throw new ValueError(
            `${name}.inverseTransform: X[${i}][${j}] = ${v} is not a code of column ${j} (0 to ${cats.length - 1}).`,
          );
      }
      out.push(row);
    }
    return out;
  }

  /** The input names (one code column per input column). */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('categories_');
    return featureNamesIn(this, inputFeatures);
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

/** Codes to invert: NaN is a code of its own when `unknownValue` is NaN. */
function readMatrixAllowNaN(X: XLike, name: string, allowNaN: boolean): { data: Float64Array; n: number; d: number } {
  if (!allowNaN || !Array.isArray(X)) return readMatrix(X, name);
  const rows = X.map((r) => Array.from(r, (v) => (Number.isNaN(v) ? -1 : v)));
  const m = readMatrix(rows, name);
  X.forEach((r, i) =>
    Array.from(r).forEach((v, j) => {
      if (Number.isNaN(v)) m.data[i * m.d + j] = NaN;
    }),
  );
  return m;
}

registerBuiltIn(OrdinalEncoder, 'OrdinalEncoder');

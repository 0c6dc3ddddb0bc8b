// What the encoders share: categorical tables read and checked (numbers, strings and booleans, mixed in a
// column if need be; missing values refused), categories sorted and checked, unknown-category messages.
// Imports src/core, utils and the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { columnLabel, isMissing, readTable, type Table } from '../utils/tabular.ts';
import { compareLabels } from '../utils/multiclass.ts';
import { alignTable, type Cell, type FittedColumns } from './transformer.ts';

export type Kind = 'number' | 'string' | 'boolean';

const KIND_ORDER: Readonly<Record<Kind, number>> = { number: 0, string: 1, boolean: 2 };

/**
 * The order of categories: by kind (numbers, then strings, then booleans), then by value (numbers
 * ascending, strings by code point as NumPy sorts them, false before true). Within one kind this is
 * scikit-learn's order; a mixed column, which scikit-learn refuses, gets this fixed order.
 */
export function compareCells(a: Cell, b: Cell): number {
  const ka = KIND_ORDER[typeof a as Kind],
    kb = KIND_ORDER[typeof b as Kind];
  return ka !== kb ? ka - kb : compareLabels(a, b);
}

/** The distinct cells, sorted by {@link compareCells}. */
export function sortedCategories(values: readonly Cell[]): Cell[] {
  return [...new Set(values)].sort(compareCells);
}

export function kindsOf(values: readonly unknown[]): Kind[] {
  return [...new Set(values.map((v) => typeof v as Kind))].sort();
}

/** A list of cells as scikit-learn prints it: `['a', 'b']`, `[1, 2]`. */
export function cellList(values: readonly unknown[]): string {
  return `[${values.map(describe).join(', ')}]`;
}

/** True for a cell an encoder can encode: a finite number, a string or a boolean. */
export function isCell(v: unknown): v is Cell {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * X as a table of cells for an encoder: every cell a finite number, a string or a boolean (missing values
 * are refused, naming the column). With `fitted`, named columns are put in the order seen at fit.
 */
export function readCategorical(X: unknown, estimator: string, fitted?: FittedColumns): Table {
  let t = readTable(X, estimator);
  if (fitted !== undefined) t = alignTable(t, fitted, estimator);
  for (let i = 0; i < t.n; i++) {
    const row = t.rows[i] as unknown[];
    for (let j = 0; j < t.d; j++) {
      const v = row[j];
      if (isCell(v)) continue;
      const where = `column ${columnLabel(t.names, j)} (row ${i})`;
      throw new ValueError(
        isMissing(v)
          ? `${estimator}: X contains a missing value (${describe(v)}) in ${where}. Missing values are not encoded ` +
              `as a category here; impute them first (SimpleImputer with strategy 'most_frequent' or 'constant').`
          : `${estimator}: X[${i}][${j}] must be a finite number, a string or a boolean; got ${describe(v)} in ${where}.`,
      );
    }
  }
  return t;
}

/** Column `j` of a table's rows. */
export function columnOf(t: Table, j: number): Cell[] {
  return t.rows.map((r) => r[j] as Cell);
}

/** scikit-learn's "Found unknown categories [...] in column j during fit/transform", with the column's name when known. */
export function unknownCategoriesError(
  unknown: readonly Cell[],
  j: number,
  names: readonly string[] | null | undefined,
  phase: 'fit' | 'transform',
): ValueError {
  const named = names ? ` ('${names[j] as string}')` : '';
  return new ValueError(
    `Found unknown categories ${cellList(sortedCategories(unknown))} in column ${j}${named} during ${phase}`,
  );
}

/** The `categories` parameter's constraint: 'auto' or one non-empty array of cells per column. */
export function categoriesConstraint(v: unknown): string | null {
  return v === 'auto' || (Array.isArray(v) && v.every((c) => Array.isArray(c) && c.length > 0 && c.every(isCell)))
    ? null
    : "'auto' or an array with one non-empty array of numbers, strings or booleans per column";
}

/**
 * The categories of each column: learnt (sorted) with 'auto', else the given ones, checked as scikit-learn
 * checks them (one list per column, numeric lists sorted, no unknown value during fit unless `allowUnknown`).
 */
export function fitCategories(
  t: Table,
  categories: 'auto' | readonly (readonly Cell[])[],
  allowUnknown: boolean,
): Cell[][] {
  if (categories !== 'auto' && categories.length !== t.d) {
    throw new ValueError(
      `Shape mismatch: if categories is an array, it has to be of shape (nFeatures,). ` +
        `Got ${categories.length} category lists for ${t.d} columns.`,
    );
  }
  const out: Cell[][] = [];
  for (let j = 0; j < t.d; j++) {
    const col = columnOf(t, j);
    if (categories === 'auto') {
      out.push(sortedCategories(col));
      continue;
    }
    const given = (categories[j] as readonly Cell[]).slice();
    if (new Set(given).size !== given.length)
      throw new ValueError(`In column ${j}, the given categories are not unique: ${cellList(given)}.`);
    if (
      kindsOf(given).join() === 'number' &&
      given.some((c, k) => k > 0 && (c as number) <= (given[k - 1] as number))
    ) {
      throw new ValueError(
        `Unsorted categories are not supported for numerical categories (column ${j}: ${cellList(given)}).`,
      );
    }
    if (!allowUnknown) {
      const known = new Set<Cell>(given);
      const unknown = col.filter((v) => !known.has(v));
      if (unknown.length > 0) throw unknownCategoriesError(unknown, j, t.names, 'fit');
    }
    out.push(given);
  }
  return out;
}

/** Checks fitted categories read from JSON: `d` non-empty arrays of cells. */
export function checkCategoriesJSON(cats: unknown, d: unknown): Cell[][] {
  if (
    !Number.isInteger(d) ||
    !Array.isArray(cats) ||
    cats.length !== d ||
    !cats.every((c) => Array.isArray(c) && c.length > 0 && c.every(isCell))
  ) {
    throw new ValueError(
      `fromJSON: categories_ must hold ${describe(d)} non-empty arrays of numbers, strings or booleans; got ${describe(cats)}`,
    );
  }
  return (cats as Cell[][]).map((c) => c.slice());
}

/** The encoders' fitted state (categories per column and their count), and back from JSON with both checked. */
export function categoriesState(est: { categories_: Cell[][]; nFeaturesIn_: number }): Record<string, unknown> {
  return { categories_: est.categories_.map((c) => c.slice()), nFeaturesIn_: est.nFeaturesIn_ };
}

export function readCategoriesState(state: Record<string, unknown>): { categories_: Cell[][]; nFeaturesIn_: number } {
  const s = pickKeys('fitted state', state, ['categories_', 'nFeaturesIn_']);
  if (!Number.isInteger(s.nFeaturesIn_) || (s.nFeaturesIn_ as number) < 1)
    throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(s.nFeaturesIn_)}`);
  return { categories_: checkCategoriesJSON(s.categories_, s.nFeaturesIn_), nFeaturesIn_: s.nFeaturesIn_ as number };
}

// Which columns each of a ColumnTransformer's transformers takes: scikit-learn's column specifications
// (an index, indices, a boolean mask, a name or names of a table with named columns, or a function of X),
// resolved against a table, with scikit-learn's messages naming the available columns.
// Imports src/core and utils.
import { ValueError, describe } from '../../core/errors.ts';
import type { Table } from '../utils/tabular.ts';

/** The columns of one transformer: an index or name (the transformer gets a 1-D column), indices, names, a boolean mask, or a function of X returning one of those. */
export type ColumnSpec =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | readonly boolean[]
  | ((X: unknown) => number | string | readonly number[] | readonly string[] | readonly boolean[]);

/** A spec resolved to column indices; `scalar` when it named one column (scikit-learn then passes a 1-D column). */
export interface Selection {
  indices: number[];
  scalar: boolean;
}

function available(t: Table): string {
  return t.names === null
    ? `X has ${t.d} columns (indices 0 to ${t.d - 1})`
    : `Available columns: ${t.names.map((c) => `'${c}'`).join(', ')}`;
}

/**
 * scikit-learn's `_get_column_indices`: indices (negative ones count from the end), names (only for a
 * table with column names), or a boolean mask, resolved to ascending-as-given column indices.
 */
export function resolveColumns(spec: ColumnSpec, t: Table, X: unknown, owner: string, name: string): Selection {
  const s = typeof spec === 'function' ? spec(X) : spec;
  const scalar = typeof s === 'number' || typeof s === 'string';
  const list: readonly unknown[] = scalar ? [s] : Array.isArray(s) ? s : [];
  if (!scalar && !Array.isArray(s))
    throw new ValueError(
      `${owner}: the columns of '${name}' must be an index, a name, an array of indices or names, a boolean mask ` +
        `or a function of X returning one of those; got ${describe(s)}.`,
    );
  if (list.length === 0) return { indices: [], scalar: false };
  const kinds = new Set(list.map((v) => typeof v));
  if (kinds.size > 1 || !['number', 'string', 'boolean'].includes(typeof list[0]))
    throw new ValueError(
      `No valid specification of the columns. Only a scalar, list or slice of all integers or all strings, or ` +
        `boolean mask is allowed (transformer '${name}' got ${describe(s)}).`,
    );
  if (typeof list[0] === 'boolean') {
    if (list.length !== t.d)
      throw new ValueError(
        `${owner}: the boolean mask of '${name}' has ${list.length} entries but X has ${t.d} columns.`,
      );
    const indices: number[] = [];
    list.forEach((b, j) => {
      if (b) indices.push(j);
    });
    return { indices, scalar: false };
  }
  if (typeof list[0] === 'number') {
    const indices = (list as number[]).map((j) => {
      if (!Number.isInteger(j) || j < -t.d || j >= t.d)
        throw new ValueError(
          `all features must be in [0, ${t.d - 1}] or [-${t.d}, 0] (transformer '${name}' selects ${describe(j)}; ${available(t)}).`,
        );
      return j < 0 ? t.d + j : j;
    });
    return { indices, scalar };
  }
  if (t.names === null)
    throw new ValueError(
      `Specifying the columns using strings is only supported when X has column names (an array of records or ` +
        `{ columns, data }); transformer '${name}' selects ${describe(s)} but X is an array of rows. Use column indices.`,
    );
  const names = t.names;
  const indices = (list as string[]).map((c) => {
    const j = names.indexOf(c);
    if (j < 0)
      throw new ValueError(
        `A given column is not a column of the dataframe: transformer '${name}' selects the column '${c}', which X ` +
          `does not have. ${available(t)}.`,
      );
    return j;
  });
  const dup = indices.filter((j, k) => indices.indexOf(j) !== k);
  if (dup.length > 0)
    throw new ValueError(`Selected columns, ${describe(list)}, are not unique in dataframe (transformer '${name}').`);
  return { indices, scalar };
}

/** The columns no transformer selected, in order (what `remainder` gets). */
export function remainingColumns(d: number, selections: readonly Selection[]): number[] {
  const used = new Set(selections.flatMap((s) => s.indices));
  const out: number[] = [];
  for (let j = 0; j < d; j++) if (!used.has(j)) out.push(j);
  return out;
}

/**
 * The fitted columns found again in a table at transform: by name when both have names (so records may
 * come with their keys in another order, or with extra keys), else by position.
 */
export function relocate(
  indices: readonly number[],
  fittedNames: readonly string[] | undefined,
  t: Table,
  owner: string,
): number[] {
  if (fittedNames === undefined || t.names === null) return indices.slice();
  const names = t.names;
  const missing = indices.map((j) => fittedNames[j] as string).filter((c) => !names.includes(c));
  if (missing.length > 0)
    throw new ValueError(
      `columns are missing: {${missing.map((c) => `'${c}'`).join(', ')}} (${owner} was fitted with them). ${available(t)}.`,
    );
  return indices.map((j) => names.indexOf(fittedNames[j] as string));
}

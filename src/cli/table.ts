// A parsed CSV as a table for the estimators: each column typed (numbers, or text), cells converted (an empty
// cell is missing: null), the target column found and read, and the task inferred from it. Portable: the
// command line and the playground share it. Imports the CSV reader and the CLI's error.

import type { Csv } from './csv.ts';
import { UsageError } from './errors.ts';

/** How a feature column is read and encoded: numbers (imputed, scaled) or text (imputed, one-hot encoded). */
export type ColumnKind = 'number' | 'text';

export type Task = 'classification' | 'regression';

/** A feature column of the table. */
export interface Feature {
  name: string;
  kind: ColumnKind;
}

/** A cell as the estimators take it: a number, a string, or null where the CSV had nothing. */
export type Cell = number | string | null;

/** Feature rows as `{ columns, data }`, the form the ColumnTransformer selects columns from by name. */
export interface FeatureFrame {
  columns: string[];
  data: Cell[][];
}

// A decimal number as CSV files write them (no hex, no Infinity, no NaN: those stay text).
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether a cell is missing: empty, or only spaces. */
export function isEmptyCell(s: string): boolean {
  return s.trim() === '';
}

/** A cell read as a number: null when empty, NaN when it is not a decimal number. */
export function numberCell(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  return NUMBER.test(t) ? Number(t) : NaN;
}

/** Numbers when every cell that is not empty is a decimal number (a column with no values counts as numbers). */
export function columnKind(cells: readonly string[]): ColumnKind {
  for (const s of cells) if (Number.isNaN(numberCell(s))) return 'text';
  return 'number';
}

/** The column's cells (row order). */
export function columnCells(csv: Csv, j: number): string[] {
  return csv.rows.map((r) => r[j] as string);
}

/** The index of `name` in the header; a UsageError that lists the columns when it is not one. */
export function columnIndex(csv: Csv, name: string, source: string, flag = '--target'): number {
  const j = csv.header.indexOf(name);
  if (j < 0)
    throw new UsageError(
      `${flag} ${JSON.stringify(name)} is not a column of ${source}; its columns are: ${csv.header.join(', ')}`,
    );
  return j;
}

/** The features: every column but the excluded ones, typed from its cells; columns with no value are left out. */
export function inferFeatures(csv: Csv, exclude: readonly number[]): { features: Feature[]; empty: string[] } {
  const features: Feature[] = [];
  const empty: string[] = [];
  csv.header.forEach((name, j) => {
    if (exclude.includes(j)) return;
    const cells = columnCells(csv, j);
    if (cells.every(isEmptyCell)) empty.push(name);
    else features.push({ name, kind: columnKind(cells) });
  });
  return { features, empty };
}

/**
 * The rows of the named features, cells converted by kind. A feature missing from the CSV is an error that
 * lists them; so is text in a column of numbers (naming the line).
 */
export function featureFrame(csv: Csv, features: readonly Feature[], source: string): FeatureFrame {
  const missing = features.filter((f) => !csv.header.includes(f.name)).map((f) => f.name);
  if (missing.length > 0)
    throw new UsageError(
      `${source} lacks the column${missing.length === 1 ? '' : 's'} the model needs: ${missing.join(', ')} ` +
        `(its columns are: ${csv.header.join(', ')})`,
    );
  const index = features.map((f) => csv.header.indexOf(f.name));
  const data = csv.rows.map((row, i) =>
    features.map((f, k): Cell => {
      const s = row[index[k] as number] as string;
      if (isEmptyCell(s)) return null;
      if (f.kind === 'text') return s;
      const v = numberCell(s);
      if (Number.isNaN(v))
        throw new UsageError(
          `${source}, line ${csv.lines[i]}: column ${JSON.stringify(f.name)} holds ${JSON.stringify(s)}, but it is a column of numbers`,
        );
      return v;
    }),
  );
  return { columns: features.map((f) => f.name), data };
}

/** How many distinct whole numbers a numeric target may hold and still be read as class labels. */
export const MAX_INTEGER_CLASSES = 20;

/**
 * The task a target column asks for: classification for text (strings, booleans) or for whole numbers
 * with at most MAX_INTEGER_CLASSES distinct values, regression for other numbers. `reason` says why.
 */
export function inferTask(cells: readonly string[]): { task: Task; reason: string } {
  const present = cells.filter((s) => !isEmptyCell(s));
  if (columnKind(present) === 'text') {
    const example = present.find((s) => Number.isNaN(numberCell(s))) as string;
    return { task: 'classification', reason: `holds text (${JSON.stringify(example)})` };
  }
  const values = present.map((s) => numberCell(s) as number);
  const distinct = new Set(values).size;
  if (values.every(Number.isInteger) && distinct <= MAX_INTEGER_CLASSES)
    return { task: 'classification', reason: `holds ${distinct} distinct whole numbers` };
  return {
    task: 'regression',
    reason: values.every(Number.isInteger)
      ? `holds ${distinct} distinct whole numbers (more than ${MAX_INTEGER_CLASSES})`
      : 'holds numbers that are not all whole',
  };
}

/** The target: the rows that have one, and their values (numbers for regression; labels, numeric when all are). */
export interface Target {
  rows: number[];
  values: Array<number | string>;
  /** Rows left out because their target cell is empty. */
  dropped: number;
}

/** Reads the target column for `task`; text under regression is an error naming the line. */
export function readTarget(csv: Csv, j: number, task: Task, source: string): Target {
  const cells = columnCells(csv, j);
  const rows: number[] = [];
  cells.forEach((s, i) => {
    if (!isEmptyCell(s)) rows.push(i);
  });
  if (rows.length === 0)
    throw new UsageError(`the target column ${JSON.stringify(csv.header[j])} of ${source} is empty`);
  const name = JSON.stringify(csv.header[j]);
  const numeric = columnKind(cells) === 'number';
  if (task === 'regression' && !numeric) {
    const i = cells.findIndex((s) => Number.isNaN(numberCell(s)));
    throw new UsageError(
      `${source}, line ${csv.lines[i]}: the target ${name} holds ${JSON.stringify(cells[i])}; regression needs numbers (use --task classification for labels)`,
    );
  }
  const values = rows.map((i) => (numeric ? (numberCell(cells[i] as string) as number) : (cells[i] as string)));
  return { rows, values, dropped: cells.length - rows.length };
}

/** The rows of a frame at the given indices. */
export function takeFrameRows(frame: FeatureFrame, rows: readonly number[]): FeatureFrame {
  return { columns: frame.columns, data: rows.map((i) => frame.data[i] as Cell[]) };
}

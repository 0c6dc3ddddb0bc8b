// SimpleImputer: missing values (NaN, null, undefined by default) replaced by each column's mean, median,
// most frequent value or a constant, with scikit-learn 1.2.1's statistics, tie rules, dropped empty
// columns, missing indicators and messages. Imports the transformer base and the encoders' cell order.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { among, anything, bool } from '../../core/param-validation.ts';
import { sortedMedian } from '../../core/numeric.ts';
import { registerBuiltIn } from '../base.ts';
import { columnLabel, isMissing, readTable, type ColumnsData, type Records, type Table } from '../utils/tabular.ts';
import { type XLike } from '../utils/validation.ts';
import {
  BaseTransformer,
  alignTable,
  type Cell,
  featureNamesIn,
  setFeatureNamesIn,
  validateParams,
} from './transformer.ts';
import { compareCells, isCell } from './categories.ts';

/** What SimpleImputer takes: rows whose cells may be missing, records, `{ columns, data }`, or a numeric matrix. */
export type ImputerX = readonly (readonly (Cell | null | undefined)[])[] | Records | ColumnsData | XLike;

export const IMPUTER_DEFAULTS = Object.freeze({
  missingValues: NaN as number | string | null,
  strategy: 'mean' as 'mean' | 'median' | 'most_frequent' | 'constant',
  fillValue: null as Cell | null,
  addIndicator: false,
  keepEmptyFeatures: false,
});

/** SimpleImputer's parameters. */
export type SimpleImputerParams = {
  /** The missing-value marker: NaN (default) or null mean NaN, null and undefined; any other value is matched exactly. */
  missingValues?: number | string | null;
  strategy?: 'mean' | 'median' | 'most_frequent' | 'constant';
  /** The value of strategy 'constant' (default 0 for numbers, 'missing_value' for strings). */
  fillValue?: Cell | null;
  /** Also output one 0/1 column per feature that had missing values at fit (scikit-learn's MissingIndicator). */
  addIndicator?: boolean;
  /** Keep columns with no observed value (imputed with 0) instead of dropping them. */
  keepEmptyFeatures?: boolean;
};

/**
 * scikit-learn's SimpleImputer. Statistics are learnt per column at fit; `transform` fills the missing
 * cells. Columns without any observed value are dropped (strategies other than 'constant', unless
 * `keepEmptyFeatures`). Numeric data (numbers and booleans) gives `number[][]`; data with strings
 * (strategies 'most_frequent' and 'constant' only) keeps its cells.
 *
 * @example
 * const imp = new SimpleImputer({ strategy: 'median' });
 * imp.fitTransform([[1, null], [3, 4], [NaN, 8]]); // [[1, 4], [3, 4], [2, 8]]
 * new SimpleImputer({ strategy: 'most_frequent' }).fitTransform([['a'], [null], ['a'], ['b']]); // [['a'], ['a'], ['a'], ['b']]
 */
export class SimpleImputer extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = IMPUTER_DEFAULTS;
  declare missingValues: number | string | null;
  declare strategy: 'mean' | 'median' | 'most_frequent' | 'constant';
  declare fillValue: Cell | null;
  declare addIndicator: boolean;
  declare keepEmptyFeatures: boolean;
  /** The fill value of each column; NaN for a column with no observed value (dropped at transform). */
  declare statistics_: (Cell | number)[];
  /** The columns that had missing values at fit (with `addIndicator`, one indicator column each). */
  declare indicatorFeatures_: number[] | null;
  declare nFeaturesIn_: number;
  declare featureNamesIn_?: string[];
  /** Whether the fitted data was numeric (numbers and booleans only). */
  declare numeric_: boolean;

  constructor(params: SimpleImputerParams = {}) {
    super(params);
  }

  /** Learns each column's statistic. */
  fit(X: ImputerX, _y?: unknown): this {
    validateParams(this, {
      missingValues: (v) =>
        v === null || typeof v === 'string' || typeof v === 'number' ? null : 'a number, a str, NaN or None',
      strategy: among('mean', 'median', 'most_frequent', 'constant'),
      fillValue: anything,
      addIndicator: bool,
      keepEmptyFeatures: bool,
    });
    const name = this.constructor.name;
    const t = readTable(X, name);
    const numeric = this.checkCells(t, null);
    let fill: Cell | null = this.fillValue;
    if (fill === null || fill === undefined) fill = numeric ? 0 : 'missing_value';
    if (this.strategy === 'constant' && numeric && typeof fill !== 'number')
      throw new ValueError(
        `'fillValue'=${String(fill)} is invalid. Expected a numerical value when imputing numerical data`,
      );
    if (!isCell(fill))
      throw new ValueError(`fillValue must be a number, a string or a boolean; got ${describe(fill)}.`);
    const stats: (Cell | number)[] = [];
    const withMissing: number[] = [];
    for (let j = 0; j < t.d; j++) {
      const observed: Cell[] = [];
      for (const row of t.rows) {
        const v = row[j];
        if (!this.isMissingValue(v)) observed.push(numeric ? toNumber(v) : (v as Cell));
      }
      if (observed.length < t.n) withMissing.push(j);
      stats.push(this.statistic(observed, fill));
    }
    this.statistics_ = stats;
    this.numeric_ = numeric;
    this.indicatorFeatures_ = this.addIndicator ? withMissing : null;
    this.nFeaturesIn_ = t.d;
    setFeatureNamesIn(this, t.names);
    return this;
  }

  /** X with its missing cells filled (and the indicator columns appended with `addIndicator`). */
  transform(X: readonly (readonly (number | null | undefined)[])[]): number[][];
  transform(X: ImputerX): (Cell | number)[][];
  transform(X: ImputerX): (Cell | number)[][] {
    this.checkIsFitted('statistics_');
    const name = this.constructor.name;
    const t = alignTable(readTable(X, name), this, name);
    if (t.d !== this.statistics_.length)
      throw new ValueError(`X has ${t.d} features per sample, expected ${this.statistics_.length}`);
    this.checkCells(t, this.numeric_);
    const keep = this.keptColumns();
    const indicator = this.indicatorFeatures_ ?? [];
    return t.rows.map((row) => {
      const out: (Cell | number)[] = keep.map((j) => {
        const v = row[j];
        return this.isMissingValue(v) ? (this.statistics_[j] as Cell) : this.numeric_ ? toNumber(v) : (v as Cell);
      });
      for (const j of indicator) out.push(this.isMissingValue(row[j]) ? 1 : 0);
      return out;
    });
  }

  fitTransform(X: readonly (readonly (number | null | undefined)[])[], y?: unknown): number[][];
  fitTransform(X: ImputerX, y?: unknown): (Cell | number)[][];
  fitTransform(X: ImputerX, y?: unknown): (Cell | number)[][] {
    return this.fit(X, y).transform(X);
  }

  /**
   * The data before imputation (with `addIndicator` only): cells the indicator marks become missing again
   * (the `missingValues` marker; NaN by default), and dropped empty columns come back as missing.
   */
  inverseTransform(X: readonly (readonly (Cell | number)[])[]): (Cell | number | null)[][] {
    this.checkIsFitted('statistics_');
    if (!this.addIndicator)
      throw new ValueError(
        "'inverseTransform' works only when 'SimpleImputer' is instantiated with 'addIndicator=true'. " +
          `Got 'addIndicator=${String(this.addIndicator)}' instead.`,
      );
    const keep = this.keptColumns();
    const indicator = this.indicatorFeatures_ as number[];
    const width = keep.length + indicator.length;
    const marker = this.missingValues === null ? NaN : this.missingValues;
    return readTable(X, this.constructor.name).rows.map((row, i) => {
      if (row.length !== width)
        throw new ValueError(`X has ${row.length} features per sample, expected ${width} (row ${i}).`);
      const out = new Array<Cell | number | null>(this.nFeaturesIn_).fill(marker);
      keep.forEach((j, k) => (out[j] = row[k] as Cell));
      indicator.forEach((j, k) => {
        if (row[keep.length + k] === 1 || row[keep.length + k] === true) out[j] = marker;
      });
      return out;
    });
  }

  /** The kept input names, then `missingindicator_<name>` for each indicator column. */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('statistics_');
    const names = featureNamesIn(this, inputFeatures);
    const out = this.keptColumns().map((j) => names[j] as string);
    for (const j of this.indicatorFeatures_ ?? []) out.push(`missingindicator_${names[j] as string}`);
    return out;
  }

  /** Columns kept at transform: all of them, except those without an observed value at fit (unless kept or constant). */
  private keptColumns(): number[] {
    const all = this.statistics_.map((_, j) => j);
    if (this.strategy === 'constant' || this.keepEmptyFeatures) return all;
    return all.filter((j) => !(typeof this.statistics_[j] === 'number' && Number.isNaN(this.statistics_[j])));
  }

  private isMissingValue(v: unknown): boolean {
    const m = this.missingValues;
    return m === null || (typeof m === 'number' && Number.isNaN(m)) ? isMissing(v) : v === m;
  }

  /**
   * Checks every cell (numbers, strings, booleans, or missing) and returns whether the data is numeric;
   * `numeric` (at transform) is what fit saw.
   */
  private checkCells(t: Table, numeric: boolean | null): boolean {
    const name = this.constructor.name;
    const nanMarker =
      this.missingValues === null || (typeof this.missingValues === 'number' && Number.isNaN(this.missingValues));
    let stringAt: [number, number] | null = null;
    for (let i = 0; i < t.n; i++) {
      const row = t.rows[i] as unknown[];
      for (let j = 0; j < t.d; j++) {
        const v = row[j];
        if (this.isMissingValue(v)) continue;
        if (isMissing(v) && !nanMarker)
          throw new ValueError(
            `Input X contains ${typeof v === 'number' ? 'NaN' : String(v)} (column ${columnLabel(t.names, j)}, ` +
              `row ${i}), but missingValues is ${describe(this.missingValues)}: only that value is imputed.`,
          );
        if (!isCell(v))
          throw new ValueError(
            `${name}: X[${i}][${j}] must be a number, a string, a boolean or missing; got ${describe(v)} ` +
              `(column ${columnLabel(t.names, j)}).`,
          );
        if (typeof v === 'string' && stringAt === null) stringAt = [i, j];
      }
    }
    if (stringAt !== null) {
      const [i, j] = stringAt;
      const v = (t.rows[i] as unknown[])[j];
      if (this.strategy === 'mean' || this.strategy === 'median')
        throw new ValueError(
          `Cannot use ${this.strategy} strategy with non-numeric data:\ncould not convert string to float: ` +
            `${describe(v)} (column ${columnLabel(t.names, j)}, row ${i})`,
        );
      if (numeric === true)
        throw new ValueError(
          `${name} was fitted on numeric data; X now holds the string ${describe(v)} in column ` +
            `${columnLabel(t.names, j)} (row ${i}).`,
        );
    }
    if (typeof this.missingValues === 'string' && stringAt === null && numeric !== false)
      throw new ValueError(
        `'X' and 'missingValues' types are expected to be both numerical. Got numeric X and missingValues ` +
          `${describe(this.missingValues)}.`,
      );
    return numeric ?? stringAt === null;
  }

  /** One column's statistic from its observed values (NaN when there are none, unless kept). */
  private statistic(observed: Cell[], fill: Cell): Cell | number {
    if (this.strategy === 'constant') return fill;
    if (observed.length === 0) return this.keepEmptyFeatures ? 0 : NaN;
    if (this.strategy === 'mean') return mean(observed as number[]);
    if (this.strategy === 'median') return sortedMedian((observed as number[]).slice().sort((a, b) => a - b));
    return mostFrequent(observed);
  }

  protected isFitted(): boolean {
    return this.statistics_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return {
      // JSON has no NaN: an empty column's statistic is written as null.
      statistics_: this.statistics_.map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)),
      indicatorFeatures_: this.indicatorFeatures_,
      numeric_: this.numeric_,
      nFeaturesIn_: this.nFeaturesIn_,
    };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['statistics_', 'indicatorFeatures_', 'numeric_', 'nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    const stats = s.statistics_;
    if (!Array.isArray(stats) || stats.length !== d || !stats.every((v) => v === null || isCell(v)))
      throw new ValueError(`fromJSON: statistics_ must hold ${describe(d)} cells or nulls; got ${describe(stats)}`);
    const ind = s.indicatorFeatures_;
    if (ind !== null && (!Array.isArray(ind) || !ind.every((j) => Number.isInteger(j) && j >= 0 && j < (d as number))))
      throw new ValueError(`fromJSON: indicatorFeatures_ must be null or column indices; got ${describe(ind)}`);
    if (typeof s.numeric_ !== 'boolean')
      throw new ValueError(`fromJSON: numeric_ must be a boolean; got ${describe(s.numeric_)}`);
    this.statistics_ = stats.map((v: unknown) => (v === null ? NaN : (v as Cell)));
    this.indicatorFeatures_ = ind === null ? null : (ind as number[]).slice();
    this.numeric_ = s.numeric_;
    this.nFeaturesIn_ = d as number;
  }
}

function toNumber(v: unknown): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
}

/** np.ma.mean: the sum of the observed values in order, over their count. */
function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** scikit-learn's `_most_frequent`: the most frequent value, the smallest of those tied. */
function mostFrequent(values: readonly Cell[]): Cell {
  const counts = new Map<Cell, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: Cell | undefined,
    bestCount = 0;
  for (const [v, c] of counts)
    if (c > bestCount || (c === bestCount && compareCells(v, best as Cell) < 0)) [best, bestCount] = [v, c];
  return best as Cell;
}

registerBuiltIn(SimpleImputer, 'SimpleImputer');

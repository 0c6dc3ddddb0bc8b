// scikit-learn's ColumnTransformer and make_column_transformer: a transformer per group of columns (by
// index, mask, or name for records and `{ columns, data }`), outputs side by side as one numeric matrix,
// scikit-learn's feature names, nested parameters and a JSON round trip through the estimator registry.
// Imports src/core, base, utils and compose's column selection: no concrete estimator.
import { ValueError, describe } from '../../core/errors.ts';
import { isRecord } from '../../core/objects.ts';
import { print } from '../../core/warnings.ts';
import { clock } from '../../core/async.ts';
import {
  BaseEstimator,
  clone,
  estimatorClassName,
  isEstimator,
  nameEstimators,
  nested,
  registerBuiltIn,
  type EstimatorType,
  type StepEstimator,
} from '../base.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import { isMissing, readTable, tableColumns, type ColumnsData, type Records, type Table } from '../utils/tabular.ts';
import type { XLike } from '../utils/validation.ts';
import { type ColumnSpec, type Selection, relocate, remainingColumns, resolveColumns } from './column-selection.ts';
import { columnTransformerFromJSON, columnTransformerToJSON } from './column-transformer-json.ts';

/** A transformer of a ColumnTransformer, or 'passthrough' (the columns as they are) or 'drop'. */
export type ColumnTransformerStep = StepEstimator | 'passthrough' | 'drop';
/** One entry of `transformers`: [name, transformer, columns]. */
export type TransformerEntry = readonly [name: string, transformer: ColumnTransformerStep, columns: ColumnSpec];

/** ColumnTransformer's parameters. */
export type ColumnTransformerParams = {
  transformers?: readonly TransformerEntry[];
  /** What happens to the columns no transformer selected: dropped (default), passed through, or given to a transformer. */
  remainder?: 'drop' | 'passthrough' | StepEstimator;
  /** A factor per transformer name, multiplying its output. */
  transformerWeights?: Readonly<Record<string, number>> | null;
  /** Output names `<transformer>__<feature>` (default), or the bare feature names (which must then be unique). */
  verboseFeatureNamesOut?: boolean;
  verbose?: boolean;
  /** Accepted for scikit-learn code; the transformers run one after another. */
  nJobs?: number | null;
};

/** What ColumnTransformer takes: records, `{ columns, data }`, rows of cells (missing values allowed) or a numeric matrix. */
export type ColumnTransformerX = Records | ColumnsData | readonly (readonly unknown[])[] | XLike;

const DEFAULTS = Object.freeze({
  transformers: null as readonly TransformerEntry[] | null,
  remainder: 'drop' as 'drop' | 'passthrough' | StepEstimator,
  transformerWeights: null as Readonly<Record<string, number>> | null,
  verboseFeatureNamesOut: true,
  verbose: false,
  nJobs: null as number | null,
});

/** A fitted entry: name, fitted transformer (or 'passthrough' / 'drop') and the input column indices it takes. */
export type FittedEntry = [name: string, transformer: ColumnTransformerStep, columns: number[]];

function isString(t: unknown): t is 'passthrough' | 'drop' {
  return t === 'passthrough' || t === 'drop';
}

/**
 * scikit-learn's ColumnTransformer: each transformer fits and transforms its own columns, and the outputs
 * are put side by side (times `transformerWeights`) in one numeric matrix. X may be an array of records
 * (`{ age: 31, city: 'Paris' }[]`, the JavaScript data frame) or `{ columns, data }`, whose columns are
 * selected by name, or rows selected by index or boolean mask; missing values (NaN, null, undefined) reach
 * the transformers as they are. The transformers are cloned at fit (`transformers_` holds the fitted ones).
 *
 * @example
 * const ct = new ColumnTransformer({ transformers: [
 *   ['num', makePipeline(new SimpleImputer(), new StandardScaler()), ['age', 'income']],
 *   ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
 * ] });
 * ct.fitTransform(records);          // number[][]
 * ct.getFeatureNamesOut();           // ['num__age', 'num__income', 'cat__city_Paris', ...]
 */
export class ColumnTransformer extends BaseEstimator {
  static override readonly defaults: Readonly<Record<string, unknown>> = DEFAULTS;
  static override readonly estimatorType: EstimatorType | null = 'transformer';
  declare transformers: readonly TransformerEntry[];
  declare remainder: 'drop' | 'passthrough' | StepEstimator;
  declare transformerWeights: Readonly<Record<string, number>> | null;
  declare verboseFeatureNamesOut: boolean;
  declare verbose: boolean;
  declare nJobs: number | null;
  /** The fitted transformers with their input column indices (the remainder last, when columns remained). */
  declare transformers_: FittedEntry[];
  declare nFeaturesIn_: number;
  declare featureNamesIn_?: string[];
  /** The output columns of each transformer: [start, stop). */
  declare outputIndices_: Record<string, [number, number]>;
  /** Transformers given one column by index or name get it as a 1-D array, as in scikit-learn. */
  declare private scalar_: Record<string, boolean>;

  /** `params` may be the transformers array itself. */
  constructor(params: ColumnTransformerParams | readonly TransformerEntry[] = {}) {
    super(Array.isArray(params) ? { transformers: params } : (params as Record<string, unknown>));
  }

  /** The parameters; with `deep`, also each transformer by name and its parameters as `name__param`. */
  override getParams(options: { deep?: boolean } = {}): Record<string, unknown> {
    const out = super.getParams({ deep: false });
    if (!options.deep) return out;
    const add = (prefix: string, est: unknown): void => {
      if (isEstimator(est))
        for (const [k, v] of Object.entries(nested(() => est.getParams({ deep: true })))) out[`${prefix}__${k}`] = v;
    };
    add('remainder', this.remainder);
    for (const [name, est] of Array.isArray(this.transformers) ? this.transformers : []) {
      out[name] = est;
      add(name, est);
    }
    return out;
  }

  /** Sets `transformers` first, then whole transformers by name, own parameters and nested `name__param` keys. */
  override setParams(params: Record<string, unknown>): this {
    const rest: Record<string, unknown> = { ...params };
    if (Object.prototype.hasOwnProperty.call(rest, 'transformers')) {
      this.transformers = rest.transformers as readonly TransformerEntry[];
      delete rest.transformers;
    }
    const names = Array.isArray(this.transformers) ? this.transformers.map((t) => t[0]) : [];
    const own: Record<string, unknown> = {};
    const nested = new Map<string, Record<string, unknown>>();
    for (const [k, v] of Object.entries(rest)) {
      const cut = k.indexOf('__');
      const head = cut > 0 ? k.slice(0, cut) : '';
      if (names.includes(k))
        this.transformers = this.transformers.map((t) => (t[0] === k ? ([k, v, t[2]] as TransformerEntry) : t));
      else if (names.includes(head)) {
        const m = nested.get(head) ?? {};
        m[k.slice(cut + 2)] = v;
        nested.set(head, m);
      } else own[k] = v;
    }
    super.setParams(own);
    for (const [head, p] of nested) {
      const est = (this.transformers.find((t) => t[0] === head) as TransformerEntry)[1];
      if (!isEstimator(est))
        throw new ValueError(
          `Invalid parameter '${head}__${Object.keys(p)[0]}' for estimator ColumnTransformer: transformer '${head}' ` +
            `is ${describe(est)}, which has no parameters.`,
          'invalid_parameter',
        );
      est.setParams(p);
    }
    return this;
  }

  override toString(): string {
    const show = (e: unknown): string => (typeof e === 'string' ? `'${e}'` : nested(() => String(e)));
    const entries = Array.isArray(this.transformers)
      ? this.transformers.map(
          ([n, e, c]) => `('${n}', ${show(e)}, ${typeof c === 'function' ? 'function' : describe(c)})`,
        )
      : [describe(this.transformers)];
    const remainder = this.remainder === 'drop' ? '' : `, remainder=${show(this.remainder)}`;
    return `ColumnTransformer(transformers=[${entries.join(', ')}]${remainder})`;
  }

  /** The fitted transformers by name (scikit-learn's `named_transformers_`). */
  get namedTransformers_(): Record<string, ColumnTransformerStep> {
    this.checkIsFitted('transformers_');
    return Object.fromEntries(this.transformers_.map(([n, t]) => [n, t]));
  }

  /** Fits every transformer on its columns. */
  fit(X: ColumnTransformerX, y?: unknown): this {
    this.fitTransform(X, y);
    return this;
  }

  /** Fits every transformer on its columns and returns their outputs side by side. */
  fitTransform(X: ColumnTransformerX, y?: unknown): number[][] {
    const name = this.constructor.name;
    const entries = this.validate();
    const t = readTable(X, name);
    const selections = entries.map(([n, , cols]) => resolveColumns(cols, t, X, name, n));
    const fitted: FittedEntry[] = [];
    const scalar: Record<string, boolean> = {};
    const parts: { name: string; out: unknown }[] = [];
    const work: [string, ColumnTransformerStep, Selection][] = entries.map(([n, tr], k) => [
      n,
      tr,
      selections[k] as Selection,
    ]);
    const rest = remainingColumns(t.d, selections);
    if (rest.length > 0) work.push(['remainder', this.remainder, { indices: rest, scalar: false }]);
    work.forEach(([n, tr, sel], k) => {
      scalar[n] = sel.scalar;
      if (tr === 'drop' || sel.indices.length === 0) {
        fitted.push([n, tr, sel.indices]);
        return;
      }
      const sub = subInput(t, sel);
      if (tr === 'passthrough') {
        fitted.push([n, tr, sel.indices]);
        parts.push({ name: n, out: sub });
        return;
      }
      const t0 = clock();
      const est = clone(tr);
      const out = est.fitTransform
        ? est.fitTransform(sub, y)
        : (est.fit(sub, y), (est.transform as (x: unknown) => unknown)(sub));
      fitted.push([n, est, sel.indices]);
      parts.push({ name: n, out });
      if (this.verbose)
        print(
          `[ColumnTransformer] ... (${k + 1} of ${work.length}) Processing ${n}, total=${((clock() - t0) / 1000).toFixed(1)}s`,
        );
    });
    this.transformers_ = fitted;
    this.scalar_ = scalar;
    this.nFeaturesIn_ = t.d;
    if (t.names !== null) this.featureNamesIn_ = t.names.slice();
    else delete this.featureNamesIn_;
    const result = this.stack(parts, t.n);
    this.outputIndices_ = result.indices;
    return result.X;
  }

  /** Each fitted transformer's output on its columns, side by side. */
  transform(X: ColumnTransformerX): number[][] {
    this.checkIsFitted('transformers_');
    const name = this.constructor.name;
    const t = readTable(X, name);
    if (this.featureNamesIn_ === undefined || t.names === null) {
      if (t.d !== this.nFeaturesIn_)
        throw new ValueError(`X has ${t.d} features, but ${name} is expecting ${this.nFeaturesIn_} features as input.`);
    }
    const parts: { name: string; out: unknown }[] = [];
    for (const [n, tr, cols] of this.transformers_) {
      if (tr === 'drop' || cols.length === 0) continue;
      const sub = subInput(t, {
        indices: relocate(cols, this.featureNamesIn_, t, name),
        scalar: this.scalar_[n] === true,
      });
      parts.push({
        name: n,
        out: tr === 'passthrough' ? sub : (tr.transform as (x: unknown) => unknown).call(tr, sub),
      });
    }
    return this.stack(parts, t.n).X;
  }

  /**
   * The output column names: each transformer's `getFeatureNamesOut` of its input names (passed-through
   * columns keep theirs), prefixed `<transformer>__` unless `verboseFeatureNamesOut` is false.
   */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('transformers_');
    const names = inputFeatures ?? this.featureNamesIn_ ?? Array.from({ length: this.nFeaturesIn_ }, (_, j) => `x${j}`);
    if (names.length !== this.nFeaturesIn_)
      throw new ValueError(
        `input_features should have length equal to number of features (${this.nFeaturesIn_}), got ${names.length}`,
      );
    const groups: [string, string[]][] = [];
    for (const [n, tr, cols] of this.transformers_) {
      if (tr === 'drop' || cols.length === 0) continue;
      const inNames = cols.map((j) => names[j] as string);
      if (tr === 'passthrough') {
        groups.push([n, inNames]);
        continue;
      }
      const f = (tr as { getFeatureNamesOut?: (i: string[]) => string[] }).getFeatureNamesOut;
      if (typeof f !== 'function')
        throw new ValueError(
          `Transformer ${n} (type ${estimatorClassName(tr)}) does not provide get_feature_names_out.`,
        );
      groups.push([n, f.call(tr, inNames)]);
    }
    if (this.verboseFeatureNamesOut) return groups.flatMap(([n, fs]) => fs.map((f) => `${n}__${f}`));
    const all = groups.flatMap(([, fs]) => fs);
    const dup = [...new Set(all.filter((f, k) => all.indexOf(f) !== k))].sort();
    if (dup.length > 0) {
      const shown =
        dup.length > 5
          ? `[${dup
              .slice(0, 5)
              .map((f) => `'${f}'`)
              .join(', ')}, ...]`
          : `[${dup.map((f) => `'${f}'`).join(', ')}]`;
      throw new ValueError(
        `Output feature names: ${shown} are not unique. Please set verboseFeatureNamesOut: true to add prefixes to feature names`,
      );
    }
    return all;
  }

  /** Parameters and fitted transformers in the estimators' JSON format (restorable with `ColumnTransformer.fromJSON`). */
  toJSON(): unknown {
    return columnTransformerToJSON(this);
  }

  /**
   * Rebuilds a ColumnTransformer from `toJSON()` output; its transformers are restored by class name.
   * Parameters JSON cannot hold (a FunctionTransformer's functions) go in `overrides` by transformer name.
   *
   * @example
   * ColumnTransformer.fromJSON(json, { logs: { func: Math.log1p } });
   */
  static fromJSON(
    json: unknown,
    overrides: Record<string, Record<string, unknown>> = {},
    options: FromJSONOptions = {},
  ): ColumnTransformer {
    return columnTransformerFromJSON(json, overrides, options, (p) => new ColumnTransformer(p));
  }

  /** scikit-learn's `_validate_transformers` and `_validate_remainder`: the entries, checked. */
  private validate(): TransformerEntry[] {
    const list = this.transformers as unknown;
    if (!Array.isArray(list) || !list.every((e) => Array.isArray(e) && e.length === 3 && typeof e[0] === 'string'))
      throw new ValueError(
        `ColumnTransformer: transformers must be an array of [name, transformer, columns] triples; got ${describe(list)}.`,
      );
    const entries = list as TransformerEntry[];
    const names = entries.map((e) => e[0]);
    const dup = names.filter((n, k) => names.indexOf(n) !== k);
    if (dup.length > 0) throw new ValueError(`Names provided are not unique: [${names.map(describe).join(', ')}]`);
    const bad = names.filter((n) => n === '' || n.includes('__') || n in DEFAULTS || n === 'remainder');
    if (bad.length > 0)
      throw new ValueError(
        `ColumnTransformer: transformer names must be non-empty, without '__', and not a parameter name or ` +
          `'remainder'; got [${bad.map(describe).join(', ')}].`,
      );
    for (const [, tr] of entries) {
      if (isString(tr)) continue;
      const t = tr as unknown as Record<string, unknown>;
      if (
        !isRecord(tr) ||
        !(typeof t.fit === 'function' || typeof t.fitTransform === 'function') ||
        typeof t.transform !== 'function'
      )
        throw new ValueError(
          `All estimators should implement fit and transform, or can be 'drop' or 'passthrough' specifiers. ` +
            `${describe(tr)} doesn't.`,
        );
    }
    const r = this.remainder as unknown;
    if (!isString(r) && !(isEstimator(r) && typeof (r as { transform?: unknown }).transform === 'function'))
      throw new ValueError(
        `The remainder keyword needs to be one of 'drop', 'passthrough', or estimator. ${describe(r)} was passed instead`,
      );
    const w = this.transformerWeights as unknown;
    if (w !== null && (!isRecord(w) || Object.entries(w).some(([k, v]) => !names.includes(k) || typeof v !== 'number')))
      throw new ValueError(
        `ColumnTransformer: transformerWeights must map transformer names (${names.join(', ')}) to numbers; got ${describe(w)}.`,
      );
    return entries;
  }

  /**
   * The outputs side by side as numbers (booleans as 0/1, missing values as NaN); anything else is refused,
   * naming the output column, since the next step needs numbers.
   */
  private stack(
    parts: { name: string; out: unknown }[],
    n: number,
  ): { X: number[][]; indices: Record<string, [number, number]> } {
    const X: number[][] = Array.from({ length: n }, () => []);
    const indices: Record<string, [number, number]> = {};
    let offset = 0;
    for (const { name, out } of parts) {
      let tOut: Table;
      try {
        tOut = readTable(out, name);
      } catch (e) {
        throw new ValueError(
          `The output of the '${name}' transformer should be 2D (an array of rows, a Tensor, records or { columns, data }). ` +
            `${e instanceof Error ? e.message : String(e)}`,
        );
      }
      if (tOut.n !== n) throw new ValueError(`The output of the '${name}' transformer has ${tOut.n} rows; X has ${n}.`);
      const w = this.transformerWeights?.[name] ?? 1;
      for (let i = 0; i < n; i++) {
        const row = X[i] as number[];
        (tOut.rows[i] as unknown[]).forEach((v, j) => {
          if (typeof v === 'number') row.push(w === 1 ? v : v * w);
          else if (typeof v === 'boolean') row.push((v ? 1 : 0) * w);
          else if (isMissing(v)) row.push(NaN);
          else throw this.nonNumeric(name, v, i, j, offset);
        });
      }
      indices[name] = [offset, offset + tOut.d];
      offset += tOut.d;
    }
    // scikit-learn records dropped and empty transformers as slice(0, 0).
    for (const entry of this.transformers_ ?? []) if (indices[entry[0]] === undefined) indices[entry[0]] = [0, 0];
    if (indices.remainder === undefined) indices.remainder = [0, 0];
    return { X, indices };
  }

  private nonNumeric(name: string, v: unknown, i: number, j: number, offset: number): ValueError {
    let column = `output column ${offset + j}`;
    try {
      column = `output column '${this.getFeatureNamesOut()[offset + j] as string}'`;
    } catch {
      // a transformer without feature names: the index says where
    }
    return new ValueError(
      `ColumnTransformer: ${column} (from '${name}') holds ${describe(v)} (row ${i}), which is not a number; the ` +
        `output must be numeric for the next step. Encode that column, e.g. ['cat', new OneHotEncoder(), [...]].`,
    );
  }
}

/** The columns of a selection as a transformer's input: one column as a 1-D array when given as a scalar, else a table. */
function subInput(t: Table, sel: Selection): unknown {
  if (sel.scalar) return t.rows.map((r) => r[sel.indices[0] as number]);
  return tableColumns(t, sel.indices);
}

/**
 * scikit-learn's `make_column_transformer`: [transformer, columns] pairs named after their classes
 * (lowercased, numbered where they repeat); an options object may come last.
 *
 * @example
 * const ct = makeColumnTransformer([new StandardScaler(), ['age']], [new OneHotEncoder(), ['city']], { remainder: 'passthrough' });
 * ct.fitTransform(records); // names: standardscaler__age, onehotencoder__city_Paris, ..., remainder__...
 */
export function makeColumnTransformer(
  ...args: (readonly [ColumnTransformerStep, ColumnSpec] | Omit<ColumnTransformerParams, 'transformers'>)[]
): ColumnTransformer {
  const last = args[args.length - 1];
  const options =
    last !== undefined && !Array.isArray(last) ? (args.pop() as Omit<ColumnTransformerParams, 'transformers'>) : {};
  const pairs = args as (readonly [ColumnTransformerStep, ColumnSpec])[];
  pairs.forEach((p, k) => {
    if (!Array.isArray(p) || p.length !== 2)
      throw new ValueError(
        `makeColumnTransformer: argument ${k} must be a [transformer, columns] pair; got ${describe(p)}.`,
      );
  });
  const names = nameEstimators(pairs.map((p) => p[0]));
  return new ColumnTransformer({
    ...options,
    transformers: pairs.map(([tr, cols], k) => [names[k] as string, tr, cols] as TransformerEntry),
  });
}

registerBuiltIn(ColumnTransformer, 'ColumnTransformer');

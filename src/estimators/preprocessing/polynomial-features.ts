// PolynomialFeatures: all products of the input columns up to a degree, in scikit-learn 1.2.1's order,
// names and products. Imports the transformer base.
import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { bool, satisfies } from '../../core/param-validation.ts';
import { registerBuiltIn } from '../base.ts';
import {
  BaseTransformer,
  type TableX,
  featureNamesIn,
  readMatrix,
  setFeatureNamesIn,
  validateParams,
} from './transformer.ts';

/** PolynomialFeatures's parameters. */
export type PolynomialFeaturesParams = {
  /** The largest degree, or [minDegree, maxDegree] (default 2). */
  degree?: number | readonly [number, number];
  /** Only products of distinct columns (no x0^2). */
  interactionOnly?: boolean;
  /** Include the column of ones (degree 0). */
  includeBias?: boolean;
};

/**
 * scikit-learn's PolynomialFeatures: the bias column, the columns themselves, then every product of
 * degree 2, 3, ... (combinations with replacement in lexicographic order, or distinct columns only with
 * `interactionOnly`). `powers_[k]` gives the exponent of each input in output column k; the names read
 * `1`, `x0`, `x0^2`, `x0 x1`.
 *
 * @example
 * const pf = new PolynomialFeatures({ degree: 2 }).fit([[2, 3]]);
 * pf.transform([[2, 3]]);      // [[1, 2, 3, 4, 6, 9]]
 * pf.getFeatureNamesOut();     // ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
 */
export class PolynomialFeatures extends BaseTransformer {
  static override readonly defaults: Readonly<Record<string, unknown>> = Object.freeze({
    degree: 2 as number | readonly [number, number],
    interactionOnly: false,
    includeBias: true,
  });
  declare degree: number | readonly [number, number];
  declare interactionOnly: boolean;
  declare includeBias: boolean;
  declare nFeaturesIn_: number;
  declare nOutputFeatures_: number;
  declare featureNamesIn_?: string[];
  /** The input columns multiplied into each output column (ascending; empty for the bias). */
  declare private combinations_: number[][];

  constructor(params: PolynomialFeaturesParams = {}) {
    super(params);
  }

  /** Works out the output columns for X's number of columns. */
  fit(X: TableX, _y?: unknown): this {
    validateParams(this, {
      degree: satisfies(
        'an int in the range [0, inf) or an array of two ints',
        (v) => (Number.isInteger(v) && (v as number) >= 0) || (Array.isArray(v) && v.length === 2),
      ),
      interactionOnly: bool,
      includeBias: bool,
    });
    let lo: number, hi: number;
    if (typeof this.degree === 'number') {
      if (this.degree === 0 && !this.includeBias)
        throw new ValueError('Setting degree to zero and includeBias to false would result in an empty output array.');
      [lo, hi] = [0, this.degree];
    } else {
      [lo, hi] = this.degree;
      if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && lo <= hi))
        throw new ValueError(
          `degree=(min_degree, max_degree) must be non-negative integers that fulfil min_degree <= max_degree, got ` +
            `(${String(lo)}, ${String(hi)}).`,
        );
      if (hi === 0 && !this.includeBias)
        throw new ValueError(
          'Setting both minDegree and maxDegree to zero and includeBias to false would result in an empty output array.',
        );
    }
    const { d, names } = readMatrix(X, this.constructor.name);
    const combos: number[][] = this.includeBias ? [[]] : [];
    for (let deg = Math.max(1, lo); deg <= hi; deg++) combinations(d, deg, !this.interactionOnly, combos);
    this.combinations_ = combos;
    this.nOutputFeatures_ = combos.length;
    this.nFeaturesIn_ = d;
    setFeatureNamesIn(this, names);
    return this;
  }

  /** The bias, the columns and their products, for every row. */
  transform(X: TableX): number[][] {
    this.checkIsFitted('combinations_');
    const { data, n, d } = readMatrix(X, this.constructor.name, this);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        this.combinations_.map((c) => {
          if (c.length === 0) return 1;
          // scikit-learn multiplies each term of degree k-1 by the next column to its left: ((x_k x_j) x_i).
          let p = data[i * d + (c[c.length - 1] as number)] as number;
          for (let k = c.length - 2; k >= 0; k--) p *= data[i * d + (c[k] as number)] as number;
          return p;
        }),
      );
    }
    return out;
  }

  fitTransform(X: TableX, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }

  /** The exponent of each input column in each output column (scikit-learn's `powers_`). */
  get powers_(): number[][] {
    this.checkIsFitted('combinations_');
    return this.combinations_.map((c) => {
      const row = new Array<number>(this.nFeaturesIn_).fill(0);
      for (const j of c) row[j] = (row[j] as number) + 1;
      return row;
    });
  }

  /** `1`, `x0`, `x0^2`, `x0 x1`, ... (with the input names). */
  getFeatureNamesOut(inputFeatures?: readonly string[] | null): string[] {
    this.checkIsFitted('combinations_');
    const names = featureNamesIn(this, inputFeatures);
    return this.powers_.map((row) => {
      const parts = row.flatMap((e, j) =>
        e === 0 ? [] : [e === 1 ? (names[j] as string) : `${names[j] as string}^${e}`],
      );
      return parts.length === 0 ? '1' : parts.join(' ');
    });
  }

  protected isFitted(): boolean {
    return this.combinations_ !== undefined;
  }

  protected fittedState(): Record<string, unknown> {
    return { nFeaturesIn_: this.nFeaturesIn_ };
  }

  protected loadFittedState(state: Record<string, unknown>): void {
    const s = pickKeys('fitted state', state, ['nFeaturesIn_']);
    const d = s.nFeaturesIn_;
    if (!Number.isInteger(d) || (d as number) < 1)
      throw new ValueError(`fromJSON: nFeaturesIn_ must be a positive integer; got ${describe(d)}`);
    // The output columns follow from the parameters and the number of inputs: refit on a row of zeros.
    this.fit([new Array<number>(d as number).fill(0)]);
  }
}

/** Appends Python's `combinations_with_replacement(range(n), k)` (or `combinations`) in lexicographic order. */
function combinations(n: number, k: number, withReplacement: boolean, out: number[][]): void {
  const c: number[] = [];
  const rec = (start: number): void => {
    if (c.length === k) {
      out.push(c.slice());
      return;
    }
    for (let j = start; j < n; j++) {
      c.push(j);
      rec(withReplacement ? j : j + 1);
      c.pop();
    }
  };
  rec(0);
}

registerBuiltIn(PolynomialFeatures, 'PolynomialFeatures');

// Group-aware k-fold splitters: GroupKFold and StratifiedGroupKFold with scikit-learn 1.2.1's fold
// allocation (NumPy's argsort included, so ties fall where scikit-learn's do). Groups never straddle a
// train and a test set. Imports src/core, utils, metrics' NumPy sums and split.ts.
import { ValueError, describe } from '../../core/errors.ts';
import { checkOptionNames } from '../../core/objects.ts';
import { warn } from '../../core/warnings.ts';
import { psum } from '../metrics/core.ts';
import { typeOfTarget, uniqueLabels, type Label, type LabelArray } from '../utils/multiclass.ts';
import { seedRng } from '../utils/random.ts';
import { BaseKFold, type Fold, type KFoldOptions, type SampleSource, isIndexable, numSamples } from './split.ts';

/** Group labels (one per sample) as indices into their sorted distinct values (NumPy's `unique(return_inverse=True)`). */
export function encodeGroups(groups: unknown, n: number, owner: string): { inverse: number[]; nGroups: number } {
  if (groups === undefined || groups === null)
    throw new ValueError(`${owner}: The 'groups' parameter should not be null.`);
  if (!isIndexable(groups))
    throw new ValueError(`${owner}: groups must be an array with one group label per sample; got ${describe(groups)}.`);
  if (groups.length !== n)
    throw new ValueError(
      `Found input variables with inconsistent numbers of samples: [${n}, ${groups.length}] ` +
        `(${owner}: groups has ${groups.length} labels for ${n} samples).`,
    );
  const values = Array.from(groups as ArrayLike<Label>);
  const unique = uniqueLabels(values as LabelArray);
  const index = new Map<Label, number>(unique.map((g, k) => [g, k]));
  return { inverse: values.map((g) => index.get(g) as number), nGroups: unique.length };
}

/** The folds of a test-fold assignment (-1: in no test fold). */
function foldsOf(testFold: Int32Array, nSplits: number): Fold[] {
  const out: Fold[] = [];
  for (let f = 0; f < nSplits; f++) {
    const train: number[] = [],
      test: number[] = [];
    testFold.forEach((t, i) => (t === f ? test : train).push(i));
    out.push([train, test]);
  }
  return out;
}

/**
 * NumPy's default `argsort` (introsort: median-of-three quicksort, insertion sort below 16 items). It is not
 * stable, so ties are ordered exactly as NumPy orders them.
 */
export function npArgsort(v: ArrayLike<number>): number[] {
  const num = v.length;
  const a = Array.from({ length: num }, (_, i) => i);
  if (num < 2) return a;
  const less = (x: number, y: number): boolean => (v[x] as number) < (v[y] as number);
  const swap = (i: number, j: number): void => {
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  };
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0,
    pr = num - 1;
  let cdepth = 2 * (31 - Math.clz32(num));
  for (;;) {
    // Past its depth limit NumPy heapsorts the range (only adversarial orders get there); a sort keeps it sorted.
    if (cdepth < 0)
      a.splice(pl, pr - pl + 1, ...a.slice(pl, pr + 1).sort((x, y) => (v[x] as number) - (v[y] as number)));
    else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(a[pm] as number, a[pl] as number)) swap(pm, pl);
        if (less(a[pr] as number, a[pm] as number)) swap(pr, pm);
        if (less(a[pm] as number, a[pl] as number)) swap(pm, pl);
        const vp = a[pm] as number;
        let pi = pl,
          pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (less(a[pi] as number, vp));
          do --pj;
          while (less(vp, a[pj] as number));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = a[pi] as number;
        let pj = pi;
        while (pj > pl && less(vi, a[pj - 1] as number)) {
          a[pj] = a[pj - 1] as number;
          pj--;
        }
        a[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    cdepth = depths.pop() as number;
  }
  return a;
}

/**
 * K-fold over groups: every group in one test fold only, the groups dealt largest first to the fold with
 * the fewest samples so far (scikit-learn 1.2.1's GroupKFold; deterministic, so the folds equal
 * scikit-learn's exactly).
 *
 * @example
 * new GroupKFold({ nSplits: 3 }).split(X, y, patientIds); // no patient in both train and test
 */
export class GroupKFold extends BaseKFold {
  /** `options` may be the number of folds. */
  constructor(options: { nSplits?: number } | number = {}) {
    super(onlyNSplits(options, 'GroupKFold'), 'GroupKFold');
  }

  /** The [train, test] pairs; `groups` (one label per sample) is required. */
  split(X: SampleSource, _y?: unknown, groups?: unknown): Fold[] {
    const n = numSamples(X, 'GroupKFold');
    this.checkSamples(n);
    const { inverse, nGroups } = encodeGroups(groups, n, 'GroupKFold');
    if (this.nSplits > nGroups)
      throw new ValueError(
        `Cannot have number of splits nSplits=${this.nSplits} greater than the number of groups: ${nGroups}.`,
      );
    const perGroup = new Array<number>(nGroups).fill(0);
    for (const g of inverse) perGroup[g] = (perGroup[g] as number) + 1;
    const order = npArgsort(perGroup).reverse();
    const perFold = new Array<number>(this.nSplits).fill(0);
    const groupToFold = new Int32Array(nGroups);
    for (const g of order) {
      let lightest = 0;
      for (let f = 1; f < this.nSplits; f++) if ((perFold[f] as number) < (perFold[lightest] as number)) lightest = f;
      perFold[lightest] = (perFold[lightest] as number) + (perGroup[g] as number);
      groupToFold[g] = lightest;
    }
    return foldsOf(
      Int32Array.from(inverse, (g) => groupToFold[g] as number),
      this.nSplits,
    );
  }
}

/**
 * Stratified k-fold over groups: groups whole in one test fold, placed (most class-skewed first) where
 * they keep the folds' class proportions closest to y's (scikit-learn 1.2.1's StratifiedGroupKFold).
 * Without shuffle the folds equal scikit-learn's; `shuffle` orders groups of equal skew at random
 * before placing them.
 *
 * @example
 * new StratifiedGroupKFold({ nSplits: 3 }).split(X, y, groups);
 */
export class StratifiedGroupKFold extends BaseKFold {
  /** `options` may be the number of folds. */
  constructor(options: KFoldOptions | number = {}) {
    super(options, 'StratifiedGroupKFold');
  }

  /** The [train, test] pairs; y (class labels) and `groups` are required. */
  split(X: SampleSource, y: LabelArray, groups?: unknown): Fold[] {
    const owner = 'StratifiedGroupKFold';
    const n = numSamples(X, owner);
    this.checkSamples(n);
    if (!isIndexable(y)) throw new ValueError(`${owner}.split: y (the class labels) is required; got ${describe(y)}.`);
    if (y.length !== n)
      throw new ValueError(`Found input variables with inconsistent numbers of samples: [${n}, ${y.length}]`);
    const { inverse: groupOf, nGroups } = encodeGroups(groups, n, owner);
    const type = typeOfTarget(y);
    if (type !== 'binary' && type !== 'multiclass')
      throw new ValueError(`Supported target types are: ('binary', 'multiclass'). Got '${type}' instead.`);
    const classes = uniqueLabels(y);
    const classIndex = new Map<Label, number>(classes.map((c, k) => [c, k]));
    const yInv = Array.from(y as ArrayLike<Label>, (v) => classIndex.get(v) as number);
    const c = classes.length;
    const yCnt = new Array<number>(c).fill(0);
    for (const k of yInv) yCnt[k] = (yCnt[k] as number) + 1;
    if (yCnt.every((m) => this.nSplits > m))
      throw new ValueError(`nSplits=${this.nSplits} cannot be greater than the number of members in each class.`);
    const smallest = Math.min(...yCnt);
    if (this.nSplits > smallest)
      warn(
        'UserWarning',
        `The least populated class in y has only ${smallest} members, which is less than nSplits=${this.nSplits}.`,
      );
    const perGroup: number[][] = Array.from({ length: nGroups }, () => new Array<number>(c).fill(0));
    yInv.forEach((k, i) => {
      const row = perGroup[groupOf[i] as number] as number[];
      row[k] = (row[k] as number) + 1;
    });
    let groupOrder = Array.from({ length: nGroups }, (_, g) => g);
    // scikit-learn 1.2.1 shuffles the rows of counts without their group ids (a bug fixed in 1.3); here the
    // groups themselves are shuffled, which is what the shuffle is for.
    if (this.shuffle) groupOrder = seedRng(this.randomState, owner).shuffle(groupOrder);
    const stds = groupOrder.map((g) => std(perGroup[g] as number[]));
    const sorted = groupOrder
      .map((g, k) => ({ g, s: -(stds[k] as number), k }))
      .sort((a, b) => a.s - b.s || a.k - b.k)
      .map((e) => e.g);
    const perFold: number[][] = Array.from({ length: this.nSplits }, () => new Array<number>(c).fill(0));
    const foldOfGroup = new Int32Array(nGroups);
    for (const g of sorted) {
      const counts = perGroup[g] as number[];
      const best = this.bestFold(perFold, yCnt, counts);
      const row = perFold[best] as number[];
      counts.forEach((m, k) => (row[k] = (row[k] as number) + m));
      foldOfGroup[g] = best;
    }
    return foldsOf(
      Int32Array.from(groupOf, (g) => foldOfGroup[g] as number),
      this.nSplits,
    );
  }

  /** scikit-learn's `_find_best_fold`: the smallest mean class-proportion spread, ties to the emptier fold. */
  private bestFold(perFold: number[][], yCnt: number[], counts: number[]): number {
    let best = -1,
      minEval = Infinity,
      minSamples = Infinity;
    const k = perFold.length,
      c = yCnt.length;
    for (let i = 0; i < k; i++) {
      const trial = perFold.map((row, f) =>
        row.map((v, j) => (f === i ? v + (counts[j] as number) : v) / (yCnt[j] as number)),
      );
      const stdPerClass = new Float64Array(c);
      for (let j = 0; j < c; j++) {
        // np.std(axis=0): the rows summed one after another, then the squared deviations likewise.
        let sum = 0;
        for (let f = 0; f < k; f++) sum += (trial[f] as number[])[j] as number;
        const mean = sum / k;
        let sq = 0;
        for (let f = 0; f < k; f++) {
          const dev = ((trial[f] as number[])[j] as number) - mean;
          sq += dev * dev;
        }
        stdPerClass[j] = Math.sqrt(sq / k);
      }
      const foldEval = psum(stdPerClass) / c;
      let samples = 0;
      for (const v of perFold[i] as number[]) samples += v;
      const close = Number.isFinite(minEval) && Math.abs(foldEval - minEval) <= 1e-8 + 1e-5 * Math.abs(minEval);
      if (foldEval < minEval || (close && samples < minSamples)) {
        minEval = foldEval;
        minSamples = samples;
        best = i;
      }
    }
    return best;
  }
}

/** np.std of a contiguous row (pairwise sums). */
function std(row: readonly number[]): number {
  const mean = psum(row) / row.length;
  const sq = Float64Array.from(row, (v) => (v - mean) * (v - mean));
  return Math.sqrt(psum(sq) / row.length);
}

function onlyNSplits(options: { nSplits?: number } | number, owner: string): KFoldOptions | number {
  if (typeof options === 'object' && options !== null) checkOptionNames(owner, options, ['nSplits']);
  return options;
}

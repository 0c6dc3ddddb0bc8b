// Random-permutation cross-validators: ShuffleSplit and StratifiedShuffleSplit (scikit-learn 1.2.1's sizes,
// class allocation and messages; the permutations come from our seeded Rng, so the indices differ from
// NumPy's while the sizes and class counts agree). Imports src/core, utils and split.ts.
import { ValueError, describe } from '../../core/errors.ts';
import { checkOptionNames, optionsOf } from '../../core/objects.ts';
import { seedRng, type RandomState } from '../utils/random.ts';
import type { LabelArray, NumberMatrix } from '../utils/multiclass.ts';
import {
  type Fold,
  type SampleSource,
  isIndexable,
  numSamples,
  stratifiedShuffle,
  validateShuffleSplit,
} from './split.ts';

/** Options of {@link ShuffleSplit} and {@link StratifiedShuffleSplit}. */
export interface ShuffleSplitOptions {
  /** Number of re-shuffling and splitting iterations (default 10). */
  nSplits?: number;
  /** Test set size: a fraction in (0, 1) (rounded up) or an integer count; default the complement of trainSize, or 0.1. */
  testSize?: number | null;
  /** Train set size: a fraction in (0, 1) (rounded down) or an integer count; default the complement of testSize. */
  trainSize?: number | null;
  randomState?: RandomState;
}

const OPTIONS = ['nSplits', 'testSize', 'trainSize', 'randomState'] as const;

abstract class BaseShuffleSplit {
  readonly nSplits: number;
  readonly testSize: number | null;
  readonly trainSize: number | null;
  readonly randomState: RandomState;

  constructor(options: ShuffleSplitOptions, owner: string) {
    options = optionsOf(owner, options);
    checkOptionNames(owner, options, OPTIONS);
    const nSplits = options.nSplits ?? 10;
    if (!Number.isInteger(nSplits) || nSplits < 1)
      throw new ValueError(`${owner}: nSplits must be an integer >= 1; got ${describe(nSplits)}.`);
    this.nSplits = nSplits;
    this.testSize = options.testSize ?? null;
    this.trainSize = options.trainSize ?? null;
    this.randomState = options.randomState;
  }

  /** The number of splits `split` returns. */
  getNSplits(): number {
    return this.nSplits;
  }
}

/**
 * Random permutation cross-validator (scikit-learn's ShuffleSplit): `nSplits` independent random train /
 * test splits, test indices first in each permutation, as scikit-learn draws them. An integer randomState
 * gives the same splits on every call.
 *
 * @example
 * crossValScore(model, X, y, { cv: new ShuffleSplit({ nSplits: 5, testSize: 0.25, randomState: 0 }) });
 */
export class ShuffleSplit extends BaseShuffleSplit {
  constructor(options: ShuffleSplitOptions = {}) {
    super(options, 'ShuffleSplit');
  }

  /** The [train, test] pairs (indices in permutation order). y and groups are ignored. */
  split(X: SampleSource, _y?: unknown, _groups?: unknown): Fold[] {
    const n = numSamples(X, 'ShuffleSplit');
    const [nTrain, nTest] = validateShuffleSplit(n, this.testSize, this.trainSize, 0.1);
    const rng = seedRng(this.randomState, 'ShuffleSplit');
    const out: Fold[] = [];
    for (let s = 0; s < this.nSplits; s++) {
      const perm = Array.from(rng.permutation(n));
      out.push([perm.slice(nTest, nTest + nTrain), perm.slice(0, nTest)]);
    }
    return out;
  }
}

/**
 * Stratified ShuffleSplit: random splits that keep y's class proportions in both sets (scikit-learn's
 * `_approximate_mode` allocation, so the per-class counts equal scikit-learn's).
 *
 * @example
 * new StratifiedShuffleSplit({ nSplits: 3, testSize: 0.5, randomState: 0 }).split(X, y);
 */
export class StratifiedShuffleSplit extends BaseShuffleSplit {
  constructor(options: ShuffleSplitOptions = {}) {
    super(options, 'StratifiedShuffleSplit');
  }

  /** The [train, test] pairs; y (class labels, or rows of a multilabel target) is required. */
  split(X: SampleSource, y: LabelArray | NumberMatrix, _groups?: unknown): Fold[] {
    const n = numSamples(X, 'StratifiedShuffleSplit');
    if (!isIndexable(y))
      throw new ValueError(`StratifiedShuffleSplit.split: y (the class labels) is required; got ${describe(y)}.`);
    if (y.length !== n)
      throw new ValueError(`Found input variables with inconsistent numbers of samples: [${n}, ${y.length}]`);
    const [nTrain, nTest] = validateShuffleSplit(n, this.testSize, this.trainSize, 0.1);
    const rng = seedRng(this.randomState, 'StratifiedShuffleSplit');
    const out: Fold[] = [];
    for (let s = 0; s < this.nSplits; s++) out.push(stratifiedShuffle(n, nTrain, nTest, y, rng));
    return out;
  }
}

// Leave-one-out, repeated k-fold and time-series cross-validators with scikit-learn 1.2.1's folds and
// messages (LeaveOneOut and TimeSeriesSplit are deterministic, so their folds equal scikit-learn's).
// Imports src/core, utils and split.ts.
import { ValueError, describe } from '../../core/errors.ts';
import { checkOptionNames, optionsOf } from '../../core/objects.ts';
import { seedRng, type RandomState } from '../utils/random.ts';
import type { LabelArray, NumberMatrix } from '../utils/multiclass.ts';
import { BaseKFold, KFold, StratifiedKFold, type Fold, type SampleSource, numSamples } from './split.ts';

const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);

/**
 * Leave-one-out: each sample once the test set, the rest the training set (n splits).
 *
 * @example
 * new LeaveOneOut().split([[1], [2], [3]]); // [[[1, 2], [0]], [[0, 2], [1]], [[0, 1], [2]]]
 */
export class LeaveOneOut {
  /** The [train, test] pairs, one per sample. */
  split(X: SampleSource, _y?: unknown, _groups?: unknown): Fold[] {
    const n = numSamples(X, 'LeaveOneOut');
    if (n <= 1) throw new ValueError(`Cannot perform LeaveOneOut with nSamples=${n}.`);
    return range(0, n).map((i): Fold => [[...range(0, i), ...range(i + 1, n)], [i]]);
  }

  /** The number of splits for X: its number of samples. */
  getNSplits(X?: SampleSource): number {
    if (X === undefined || X === null) throw new ValueError("The 'X' parameter should not be null.");
    return numSamples(X, 'LeaveOneOut');
  }
}

/** Options of {@link RepeatedKFold} and {@link RepeatedStratifiedKFold}. */
export interface RepeatedKFoldOptions {
  /** Folds per repetition, at least 2 (default 5). */
  nSplits?: number;
  /** Repetitions, each with a new shuffle (default 10). */
  nRepeats?: number;
  randomState?: RandomState;
}

abstract class RepeatedSplits {
  readonly nSplits: number;
  readonly nRepeats: number;
  readonly randomState: RandomState;

  constructor(options: RepeatedKFoldOptions, owner: string) {
    options = optionsOf(owner, options);
    checkOptionNames(owner, options, ['nSplits', 'nRepeats', 'randomState']);
    const nRepeats = options.nRepeats ?? 10;
    if (typeof nRepeats !== 'number' || !Number.isInteger(nRepeats))
      throw new ValueError(`Number of repetitions must be of Integral type. Got ${describe(nRepeats)}.`);
    if (nRepeats <= 0) throw new ValueError('Number of repetitions must be greater than 0.');
    this.nRepeats = nRepeats;
    this.nSplits = options.nSplits ?? 5;
    this.randomState = options.randomState;
    this.makeCv(null); // validates nSplits now, as scikit-learn's constructor does
  }

  protected abstract makeCv(rng: ReturnType<typeof seedRng> | null): BaseKFold;

  /** nSplits * nRepeats. */
  getNSplits(): number {
    return this.nSplits * this.nRepeats;
  }

  protected repeat(each: (cv: BaseKFold) => Fold[], owner: string): Fold[] {
    const rng = seedRng(this.randomState, owner);
    const out: Fold[] = [];
    for (let r = 0; r < this.nRepeats; r++) out.push(...each(this.makeCv(rng)));
    return out;
  }
}

/**
 * K-fold repeated `nRepeats` times with a different shuffle each time (one shared seeded generator).
 *
 * @example
 * crossValScore(model, X, y, { cv: new RepeatedKFold({ nSplits: 5, nRepeats: 3, randomState: 0 }) }); // 15 scores
 */
export class RepeatedKFold extends RepeatedSplits {
  constructor(options: RepeatedKFoldOptions = {}) {
    super(options, 'RepeatedKFold');
  }

  protected makeCv(rng: ReturnType<typeof seedRng> | null): BaseKFold {
    return new KFold(
      rng === null ? { nSplits: this.nSplits } : { nSplits: this.nSplits, shuffle: true, randomState: rng },
    );
  }

  /** nRepeats x nSplits [train, test] pairs. */
  split(X: SampleSource, _y?: unknown, _groups?: unknown): Fold[] {
    return this.repeat((cv) => (cv as KFold).split(X), 'RepeatedKFold');
  }
}

/**
 * Stratified k-fold repeated `nRepeats` times with a different shuffle each time.
 *
 * @example
 * new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 2, randomState: 36851234 }).split(X, y);
 */
export class RepeatedStratifiedKFold extends RepeatedSplits {
  constructor(options: RepeatedKFoldOptions = {}) {
    super(options, 'RepeatedStratifiedKFold');
  }

  protected makeCv(rng: ReturnType<typeof seedRng> | null): BaseKFold {
    return new StratifiedKFold(
      rng === null ? { nSplits: this.nSplits } : { nSplits: this.nSplits, shuffle: true, randomState: rng },
    );
  }

  /** nRepeats x nSplits [train, test] pairs; y (class labels) is required. */
  split(X: SampleSource, y: LabelArray | NumberMatrix, _groups?: unknown): Fold[] {
    return this.repeat((cv) => (cv as StratifiedKFold).split(X, y), 'RepeatedStratifiedKFold');
  }
}

/** Options of {@link TimeSeriesSplit}. */
export interface TimeSeriesSplitOptions {
  /** Number of splits, at least 2 (default 5). */
  nSplits?: number;
  /** Keep at most this many of the latest samples for training. */
  maxTrainSize?: number | null;
  /** Samples per test set (default n / (nSplits + 1), rounded down). */
  testSize?: number | null;
  /** Samples left out between each training set's end and its test set. */
  gap?: number;
}

/**
 * Time-series cross-validator: training sets grow forward in time and each test set follows its training
 * set (after `gap` samples), so no fold trains on the future. Folds equal scikit-learn 1.2.1's.
 *
 * @example
 * new TimeSeriesSplit({ nSplits: 3 }).split(X); // train [0..k), test [k..k+t), growing
 */
export class TimeSeriesSplit extends BaseKFold {
  readonly maxTrainSize: number | null;
  readonly testSize: number | null;
  readonly gap: number;

  constructor(options: TimeSeriesSplitOptions = {}) {
    const o = optionsOf('TimeSeriesSplit', options);
    checkOptionNames('TimeSeriesSplit', o, ['nSplits', 'maxTrainSize', 'testSize', 'gap']);
    super({ nSplits: o.nSplits ?? 5 }, 'TimeSeriesSplit');
    const nonNegInt = (v: unknown, what: string, min: number): void => {
      if (!Number.isInteger(v) || (v as number) < min)
        throw new ValueError(`TimeSeriesSplit: ${what} must be an integer >= ${min}; got ${describe(v)}.`);
    };
    this.maxTrainSize = o.maxTrainSize ?? null;
    this.testSize = o.testSize ?? null;
    this.gap = o.gap ?? 0;
    if (this.maxTrainSize !== null) nonNegInt(this.maxTrainSize, 'maxTrainSize', 1);
    if (this.testSize !== null) nonNegInt(this.testSize, 'testSize', 1);
    nonNegInt(this.gap, 'gap', 0);
  }

  /** The [train, test] pairs, in time order. y and groups are ignored. */
  split(X: SampleSource, _y?: unknown, _groups?: unknown): Fold[] {
    const n = numSamples(X, 'TimeSeriesSplit');
    const nSplits = this.nSplits,
      nFolds = nSplits + 1,
      gap = this.gap;
    const testSize = this.testSize ?? Math.floor(n / nFolds);
    if (nFolds > n)
      throw new ValueError(`Cannot have number of folds=${nFolds} greater than the number of samples=${n}.`);
    if (n - gap - testSize * nSplits <= 0)
      throw new ValueError(
        `Too many splits=${nSplits} for number of samples=${n} with testSize=${testSize} and gap=${gap}.`,
      );
    const out: Fold[] = [];
    for (let testStart = n - nSplits * testSize; testStart < n; testStart += testSize) {
      const trainEnd = testStart - gap;
      const trainStart = this.maxTrainSize && this.maxTrainSize < trainEnd ? trainEnd - this.maxTrainSize : 0;
      out.push([range(trainStart, trainEnd), range(testStart, Math.min(testStart + testSize, n))]);
    }
    return out;
  }
}

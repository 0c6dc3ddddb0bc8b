// Data splitting: trainTestSplit, KFold and StratifiedKFold with scikit-learn 1.2.1's size, allocation
// and error rules. All randomness comes from a seeded Rng (utils/random). Imports src/core, tensor and utils.
import { ValueError, describe } from '../../core/errors.ts';
import { checkOptionNames, isTypedArray } from '../../core/objects.ts';
import type { Rng } from '../../tensor/rng.ts';
import { warn } from '../../core/warnings.ts';
import { checkConsistentLength, numSamples as samplesOf, takeRows } from '../utils/validation.ts';
import { isColumnsData, type ColumnsData } from '../utils/tabular.ts';
import { isShaped } from '../utils/shaped-rows.ts';
import type { ArrayWithShape } from '../utils/prediction-types.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { seedRng, type RandomState } from '../utils/random.ts';
import {
  typeOfTarget,
  uniqueLabels,
  type Label,
  type LabelArray,
  type NumberMatrix,
  type NumericTypedArray,
} from '../utils/multiclass.ts';

/** Something with one entry per sample that can be indexed: an array (of rows, labels, ...) or a typed array. */
export type SplitArray = readonly unknown[] | NumericTypedArray;

/** One cross-validation split: ascending train indices, ascending test indices (scikit-learn's order). */
export type Fold = [train: number[], test: number[]];

export function isIndexable(v: unknown): v is SplitArray {
  return Array.isArray(v) || isTypedArray(v);
}

/** Python's repr of a size argument. */
export function sizeRepr(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return String(v);
  }
  return describe(v);
}

/**
 * scikit-learn's `_validate_shuffle_split`: integer sizes are counts, other
 * numbers fractions (test rounded up, train down); a missing size is the
 * complement of the other. Returns [nTrain, nTest].
 */
export function validateShuffleSplit(
  n: number,
  testSize: unknown,
  trainSize: unknown,
  defaultTestSize: number,
): [number, number] {
  if ((testSize === null || testSize === undefined) && (trainSize === null || trainSize === undefined))
    testSize = defaultTestSize;
  const kind = (v: unknown): 'i' | 'f' | null | 'other' => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) return 'other';
    return Number.isInteger(v) ? 'i' : 'f';
  };
  const testKind = kind(testSize),
    trainKind = kind(trainSize);
  const test = testSize as number,
    train = trainSize as number;
  const bad = (k: ReturnType<typeof kind>, v: number): boolean =>
    (k === 'i' && (v >= n || v <= 0)) || (k === 'f' && (v <= 0 || v >= 1));
  if (bad(testKind, test))
    throw new ValueError(
      `testSize=${sizeRepr(test)} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`,
    );
  if (bad(trainKind, train))
    throw new ValueError(
      `trainSize=${sizeRepr(train)} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`,
    );
  if (trainKind === 'other') throw new ValueError(`Invalid value for trainSize: ${sizeRepr(trainSize)}`);
  if (testKind === 'other') throw new ValueError(`Invalid value for testSize: ${sizeRepr(testSize)}`);
  if (trainKind === 'f' && testKind === 'f' && train + test > 1) {
    throw new ValueError(
      `The sum of testSize and trainSize = ${sizeRepr(train + test)}, should be in the (0, 1) range. Reduce testSize and/or trainSize.`,
    );
  }
  let nTest = testKind === 'f' ? Math.ceil(test * n) : testKind === 'i' ? test : NaN;
  let nTrain = trainKind === 'f' ? Math.floor(train * n) : trainKind === 'i' ? train : NaN;
  if (trainKind === null) nTrain = n - nTest;
  else if (testKind === null) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new ValueError(
      `The sum of trainSize and testSize = ${nTrain + nTest}, should be smaller ` +
        `than the number of samples ${n}. Reduce testSize and/or trainSize.`,
    );
  }
  if (nTrain === 0) {
    throw new ValueError(
      `With nSamples=${n}, testSize=${sizeRepr(testSize)} and trainSize=${sizeRepr(trainSize)}, ` +
        `the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  return [nTrain, nTest];
}

/**
 * scikit-learn's `_approximate_mode`: how many of `nDraws` to take from each
 * class so that proportions are kept; floors first, then one more for the
 * classes with the largest remainders, ties broken at random.
 */
function approximateMode(classCounts: readonly number[], nDraws: number, rng: Rng): number[] {
  let total = 0;
  for (const c of classCounts) total += c;
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - (floored[i] as number));
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      rng.shuffle(inds);
      for (const i of inds.slice(0, addNow)) floored[i] = (floored[i] as number) + 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** Class keys of a stratification target: the labels, or for 2-D rows their space-joined values (as scikit-learn). */
function stratKeys(y: unknown, name: string): Label[] {
  if (!isIndexable(y)) throw new ValueError(`${name} must be an array of labels; got ${describe(y)}.`);
  if (Array.isArray(y) && y.length > 0 && isIndexable(y[0]))
    return (y as readonly SplitArray[]).map((row) => Array.from(row as ArrayLike<unknown>).join(' '));
  uniqueLabels(y as LabelArray); // refuses NaN and mixed label kinds with scikit-learn's messages
  return Array.from(y as ArrayLike<Label>);
}

export function stratifiedShuffle(
  n: number,
  nTrain: number,
  nTest: number,
  stratify: unknown,
  rng: Rng,
): [number[], number[]] {
  const keys = stratKeys(stratify, 'stratify');
  const classes = [...new Set(keys)].sort((a, b) =>
    typeof a === 'string' ? (a < (b as string) ? -1 : a > (b as string) ? 1 : 0) : Number(a) - Number(b),
  );
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const classIndices: number[][] = classes.map(() => []);
  keys.forEach((k, i) => (classIndices[index.get(k) as number] as number[]).push(i));
  const counts = classIndices.map((c) => c.length);
  if (Math.min(...counts) < 2) {
    throw new ValueError(
      'The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.',
    );
  }
  if (nTrain < classes.length)
    throw new ValueError(
      `The trainSize = ${nTrain} should be greater or equal to the number of classes = ${classes.length}`,
    );
  if (nTest < classes.length)
    throw new ValueError(
      `The testSize = ${nTest} should be greater or equal to the number of classes = ${classes.length}`,
    );
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(
    counts.map((c, i) => c - (nI[i] as number)),
    nTest,
    rng,
  );
  const train: number[] = [],
    test: number[] = [];
  classIndices.forEach((members, i) => {
    const perm = rng.permutation(members.length);
    const a = nI[i] as number,
      b = tI[i] as number;
    for (let j = 0; j < a; j++) train.push(members[perm[j] as number] as number);
    for (let j = a; j < a + b; j++) test.push(members[perm[j] as number] as number);
  });
  return [rng.shuffle(train), rng.shuffle(test)];
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Test set size: a fraction in (0, 1) (rounded up) or an integer count. Default: the complement of trainSize, or 0.25. */
  testSize?: number | null;
  /** Train set size: a fraction in (0, 1) (rounded down) or an integer count. Default: the complement of testSize. */
  trainSize?: number | null;
  randomState?: RandomState;
  /** Shuffle before splitting (default true); without it the first samples train and the next ones test. */
  shuffle?: boolean;
  /** Labels whose class proportions both sets keep (scikit-learn's StratifiedShuffleSplit allocation). */
  stratify?: LabelArray | NumberMatrix | null;
}

/** What trainTestSplit splits: every X and y form the estimators take. */
export type SplitInput = SplitArray | Tensor | ArrayWithShape | ColumnsData;

/** The result type of {@link trainTestSplit}: each input's type twice (train, test). */
export type TrainTest<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R]
  ? [H, H, ...TrainTest<R>]
  : T extends readonly []
    ? []
    : T[number][];

const TTS_OPTIONS = ['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify'] as const;

function isSplitInput(v: unknown): v is SplitInput {
  return isIndexable(v) || v instanceof Tensor || isShaped(v) || isColumnsData(v);
}

function isOptionsObject(v: unknown): v is TrainTestSplitOptions {
  return typeof v === 'object' && v !== null && !isSplitInput(v);
}

/**
 * Splits arrays into random train and test subsets, like scikit-learn's
 * `train_test_split`: returns [aTrain, aTest, bTrain, bTest, ...], each of the
 * same kind as its input: arrays stay arrays (rows shared with the input, not
 * copied), typed arrays keep their type, Tensors stay Tensors, `{ data, shape }`
 * and scijs ndarrays come back as new ones of the same kind. Note that an integer
 * size is a count: `testSize: 1` means one sample (Python's 1.0 would be refused).
 *
 * @example
 * const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 0, stratify: y });
 */
export function trainTestSplit<T extends SplitInput[]>(
  ...args: [...T, TrainTestSplitOptions | undefined]
): TrainTest<T>;
export function trainTestSplit<T extends SplitInput[]>(...args: T): TrainTest<T>;
export function trainTestSplit(...args: (SplitInput | TrainTestSplitOptions | undefined)[]): SplitInput[] {
  const rest = [...args];
  let options: TrainTestSplitOptions = {};
  const last = rest[rest.length - 1];
  if (rest.length && (last === undefined || isOptionsObject(last))) {
    rest.pop();
    if (last !== undefined) options = last as TrainTestSplitOptions;
  }
  checkOptionNames('trainTestSplit', options, TTS_OPTIONS);
  if (rest.length === 0) throw new ValueError('At least one array required as input');
  const arrays = rest.map((a, i) => {
    if (!isSplitInput(a))
      throw new ValueError(
        `trainTestSplit: argument ${i} must be an array, a typed array, a Tensor, a typed array with a shape, ` +
          `an ndarray or a { columns, data } table; got ${describe(a)}.`,
      );
    return a;
  });
  const lengths = arrays.map((a) => samplesOf(a));
  checkConsistentLength(...lengths);
  const [train, test] = shuffleSplitIndices(lengths[0] as number, options, 'trainTestSplit');
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]);
}

/**
 * The train and test indices of trainTestSplit for n samples (scikit-learn's ShuffleSplit /
 * StratifiedShuffleSplit allocation); the early stopping of the MLPs holds out its validation rows this way.
 */
export function shuffleSplitIndices(
  n: number,
  options: TrainTestSplitOptions,
  owner: string,
): [train: number[], test: number[]] {
  const [nTrain, nTest] = validateShuffleSplit(n, options.testSize, options.trainSize, 0.25);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean')
    throw new ValueError(`${owner}: shuffle must be true or false; got ${describe(shuffle)}.`);
  const stratify = options.stratify ?? null;
  if (!shuffle) {
    // A stratified split draws each class's test rows at random, so it has no unshuffled form (scikit-learn refuses it too).
    if (stratify !== null) {
      throw new ValueError(
        `${owner}: stratify needs shuffle: true, since a stratified split draws each class's ` +
          `test rows at random. Got shuffle: false; drop stratify to keep the row order.`,
      );
    }
    return [Array.from({ length: nTrain }, (_, i) => i), Array.from({ length: nTest }, (_, i) => nTrain + i)];
  }
  const rng = seedRng(options.randomState, owner);
  if (stratify !== null) {
    if (!isIndexable(stratify))
      throw new ValueError(`${owner}: stratify must be an array of labels; got ${describe(stratify)}.`);
    checkConsistentLength(n, stratify.length);
    return stratifiedShuffle(n, nTrain, nTest, stratify, rng);
  }
  const perm = Array.from(rng.permutation(n));
  return [perm.slice(nTest, nTest + nTrain), perm.slice(0, nTest)];
}

/** Options of {@link KFold} and {@link StratifiedKFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle before splitting (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle; must be left unset when shuffle is false (scikit-learn's rule). */
  randomState?: RandomState;
}

const KFOLD_OPTIONS = ['nSplits', 'shuffle', 'randomState'] as const;

/** Something with a number of samples: an array, a typed array, or a tensor-like `{ shape }`. */
export type SampleSource = SplitArray | { readonly shape: readonly number[] } | ColumnsData;

export function numSamples(X: unknown, owner: string): number {
  if (isIndexable(X)) return X.length;
  if (isColumnsData(X)) return X.data.length;
  if (typeof X === 'object' && X !== null && 'shape' in X) {
    const shape = (X as { shape: unknown }).shape;
    if (Array.isArray(shape) && shape.length > 0 && Number.isInteger(shape[0])) return shape[0] as number;
  }
  throw new ValueError(`${owner}.split: X must be an array, a typed array or have a shape; got ${describe(X)}.`);
}

/** Shared rules of the k-fold splitters (scikit-learn's _BaseKFold). */
export abstract class BaseKFold {
  /** Number of folds. */
  readonly nSplits: number;
  /** Whether samples are shuffled before being assigned to folds. */
  readonly shuffle: boolean;
  /** The seed given (see {@link RandomState}). */
  readonly randomState: RandomState;

  constructor(options: KFoldOptions | number, owner: string) {
    const o: KFoldOptions = typeof options === 'number' ? { nSplits: options } : options;
    checkOptionNames(owner, o, KFOLD_OPTIONS);
    const nSplits = o.nSplits ?? 5;
    if (typeof nSplits !== 'number' || !Number.isInteger(nSplits)) {
      throw new ValueError(
        `The number of folds must be of Integral type. ${sizeRepr(nSplits)} of type ${typeof nSplits} was passed.`,
      );
    }
    if (nSplits <= 1) {
      throw new ValueError(
        `k-fold cross-validation requires at least one train/test split by setting nSplits=2 or more, got nSplits=${nSplits}.`,
      );
    }
    const shuffle = o.shuffle ?? false;
    if (typeof shuffle !== 'boolean') throw new ValueError(`shuffle must be true or false; got ${describe(shuffle)}`);
    if (!shuffle && o.randomState !== undefined && o.randomState !== null) {
      throw new ValueError(
        'Setting a randomState has no effect since shuffle is false. You should leave randomState to its default (null), or set shuffle=true.',
      );
    }
    this.nSplits = nSplits;
    this.shuffle = shuffle;
    this.randomState = o.randomState;
  }

  /** The number of folds `split` returns. */
  getNSplits(): number {
    return this.nSplits;
  }

  protected folds(n: number, testFold: Int32Array): Fold[] {
    const out: Fold[] = [];
    for (let f = 0; f < this.nSplits; f++) {
      const train: number[] = [],
        test: number[] = [];
      for (let i = 0; i < n; i++) (testFold[i] === f ? test : train).push(i);
      out.push([train, test]);
    }
    return out;
  }

  protected checkSamples(n: number): void {
    if (this.nSplits > n) {
      throw new ValueError(
        `Cannot have number of splits nSplits=${this.nSplits} greater than the number of samples: nSamples=${n}.`,
      );
    }
  }
}

/**
 * K-fold cross-validation: consecutive folds (shuffled first if asked), the
 * first n % k of them one sample larger. Without shuffle the folds equal
 * scikit-learn's exactly.
 *
 * @example
 * for (const [train, test] of new KFold({ nSplits: 3 }).split(X)) { ... }
 * new KFold(3).split([0, 1, 2, 3, 4]); // [[[2,3,4],[0,1]], [[0,1,4],[2,3]], [[0,1,2,3],[4]]]
 */
export class KFold extends BaseKFold {
  /** `options` may be the number of folds. */
  constructor(options: KFoldOptions | number = {}) {
    super(options, 'KFold');
  }

  /** The [train, test] index pairs for the samples of X (y and groups are ignored). */
  split(X: SampleSource, _y?: unknown, _groups?: unknown): Fold[] {
    const n = numSamples(X, 'KFold');
    this.checkSamples(n);
    const indices = Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) seedRng(this.randomState, 'KFold').shuffle(indices);
    const testFold = new Int32Array(n);
    const base = Math.floor(n / this.nSplits);
    let current = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < n % this.nSplits ? 1 : 0);
      for (let j = current; j < current + size; j++) testFold[indices[j] as number] = f;
      current += size;
    }
    return this.folds(n, testFold);
  }
}

/**
 * Stratified K-fold: each fold keeps the class proportions of y, using
 * scikit-learn 1.2.1's allocation (classes in order of first appearance, dealt
 * round-robin over the sorted labels, assigned to folds in blocks). Without
 * shuffle the folds equal scikit-learn's exactly; with shuffle, the per-fold
 * class counts still do. Warns when a class has fewer than nSplits members.
 *
 * @example
 * const cv = new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 0 });
 * for (const [train, test] of cv.split(X, y)) { ... }
 */
export class StratifiedKFold extends BaseKFold {
  /** `options` may be the number of folds. */
  constructor(options: KFoldOptions | number = {}) {
    super(options, 'StratifiedKFold');
  }

  /** The [train, test] index pairs; y (class labels, one per sample of X) is required. */
  split(X: SampleSource, y: LabelArray | NumberMatrix, _groups?: unknown): Fold[] {
    const n = numSamples(X, 'StratifiedKFold');
    if (!isIndexable(y))
      throw new ValueError(`StratifiedKFold.split: y (the class labels) is required; got ${describe(y)}.`);
    checkConsistentLength(n, y.length);
    this.checkSamples(n);
    const type = typeOfTarget(y);
    if (type !== 'binary' && type !== 'multiclass')
      throw new ValueError(`Supported target types are: ('binary', 'multiclass'). Got '${type}' instead.`);
    const values: Label[] =
      Array.isArray(y) && y.length > 0 && isIndexable(y[0])
        ? (y as readonly SplitArray[]).map((row) => row[0] as number)
        : Array.from(y as ArrayLike<Label>);
    // Classes numbered by first appearance, as scikit-learn's y_encoded.
    const code = new Map<Label, number>();
    const encoded = values.map((v) => {
      let c = code.get(v);
      if (c === undefined) {
        c = code.size;
        code.set(v, c);
      }
      return c;
    });
    const nClasses = code.size;
    const yCounts = new Array<number>(nClasses).fill(0);
    for (const c of encoded) yCounts[c] = (yCounts[c] as number) + 1;
    const minGroups = Math.min(...yCounts);
    if (yCounts.every((c) => this.nSplits > c)) {
      throw new ValueError(`nSplits=${this.nSplits} cannot be greater than the number of members in each class.`);
    }
    if (this.nSplits > minGroups) {
      warn(
        'UserWarning',
        `The least populated class in y has only ${minGroups} members, which is less than nSplits=${this.nSplits}.`,
      );
    }
    const rng = this.shuffle ? seedRng(this.randomState, 'StratifiedKFold') : null;
    const yOrder = [...encoded].sort((a, b) => a - b);
    const allocation: number[][] = [];
    for (let f = 0; f < this.nSplits; f++) {
      const row = new Array<number>(nClasses).fill(0);
      for (let i = f; i < yOrder.length; i += this.nSplits)
        row[yOrder[i] as number] = (row[yOrder[i] as number] as number) + 1;
      allocation.push(row);
    }
    const testFold = new Int32Array(n);
    for (let k = 0; k < nClasses; k++) {
      const foldsForClass: number[] = [];
      for (let f = 0; f < this.nSplits; f++)
        for (let j = 0; j < (allocation[f] as number[])[k]!; j++) foldsForClass.push(f);
      if (rng) rng.shuffle(foldsForClass);
      let j = 0;
      for (let i = 0; i < n; i++) if (encoded[i] === k) testFold[i] = foldsForClass[j++] as number;
    }
    return this.folds(n, testFold);
  }
}

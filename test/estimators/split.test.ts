// Data splitting against scikit-learn 1.2.1 (test/fixtures/metrics.json): exact unshuffled folds,
// sizes and class counts of shuffled splits, determinism, kinds of outputs, and error messages.
import { setWarningHandler } from '../../src/core/warnings.ts';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trainTestSplit, KFold, StratifiedKFold, type Fold } from '../../src/estimators/model-selection/split.ts';
import { ValueError } from '../../src/core/errors.ts';
import { inTsNames } from '../helpers/ts-names.ts';
import { Rng } from '../../src/tensor/rng.ts';
import { Tensor, tensor } from '../../src/tensor/index.ts';
import { StandardScaler } from '../../src/estimators/preprocessing/index.ts';
import ndarray from 'ndarray';

type Label = number | string | boolean;
interface Fixture {
  errors: Record<string, string>;
  splits: {
    kfold: { n: number; n_splits: number; folds: Fold[] }[];
    stratified_kfold: { y: Label[]; n_splits: number; folds: Fold[] }[];
    stratified_kfold_shuffle: {
      y: Label[];
      n_splits: number;
      classes: Label[];
      counts: { train: number[]; test: number[] }[];
    }[];
    train_test_sizes: {
      n: number;
      test_size: number | null;
      train_size: number | null;
      n_train: number;
      n_test: number;
    }[];
    train_test_stratified: {
      y: Label[];
      test_size: number;
      train_size: number | null;
      classes: Label[];
      outcomes: [number[], number[]][];
    }[];
  };
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8')) as Fixture;
const S = fx.splits;

const warnings: string[] = [];
setWarningHandler((_category, message) => {
  warnings.push(message);
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const countBy = (idx: number[], y: readonly Label[], classes: readonly Label[]): number[] =>
  classes.map((c) => idx.filter((i) => y[i] === c).length);

function assertPartition(folds: Fold[], n: number): void {
  const seen = new Array<number>(n).fill(0);
  for (const [train, test] of folds) {
    assert.is(train.length + test.length, n);
    assert.equal(
      [...train].sort((a, b) => a - b),
      train,
      'train ascending',
    );
    assert.equal(
      [...test].sort((a, b) => a - b),
      test,
      'test ascending',
    );
    const t = new Set(test);
    assert.ok(
      train.every((i) => !t.has(i)),
      'train and test disjoint',
    );
    for (const i of test) seen[i]!++;
  }
  assert.ok(
    seen.every((c) => c === 1),
    'every sample is tested exactly once',
  );
}

test('KFold without shuffle equals scikit-learn exactly', () => {
  for (const c of S.kfold) {
    const cv = new KFold({ nSplits: c.n_splits });
    assert.is(cv.getNSplits(), c.n_splits);
    assert.equal(cv.split(range(c.n)), c.folds, `n=${c.n} k=${c.n_splits}`);
    assert.equal(new KFold(c.n_splits).split(new Float64Array(c.n)), c.folds);
  }
});

test('KFold with shuffle: same fold sizes, a partition, deterministic per seed', () => {
  for (const c of S.kfold) {
    const a = new KFold({ nSplits: c.n_splits, shuffle: true, randomState: 0 }).split(range(c.n));
    assert.equal(
      a.map((f) => f[1].length),
      c.folds.map((f) => f[1].length),
    );
    assertPartition(a, c.n);
    assert.equal(new KFold({ nSplits: c.n_splits, shuffle: true, randomState: 0 }).split(range(c.n)), a);
  }
  const X = range(40);
  const a = new KFold({ nSplits: 4, shuffle: true, randomState: 1 });
  assert.equal(a.split(X), a.split(X), 'an integer seed gives the same folds on every call');
  assert.not.equal(a.split(X), new KFold({ nSplits: 4, shuffle: true, randomState: 2 }).split(X));
  const shared = new KFold({ nSplits: 4, shuffle: true, randomState: new Rng(3) });
  assert.not.equal(shared.split(X), shared.split(X), 'a shared Rng advances between calls');
  assert.equal(new KFold(4).split({ shape: [40, 3] }), new KFold(4).split(X), 'tensor-like X counts shape[0] samples');
});

test('StratifiedKFold without shuffle equals scikit-learn exactly (numbers, strings, booleans)', () => {
  for (const c of S.stratified_kfold) {
    warnings.length = 0;
    const folds = new StratifiedKFold({ nSplits: c.n_splits }).split(range(c.y.length), c.y as number[]);
    assert.equal(folds, c.folds, `y=${JSON.stringify(c.y).slice(0, 60)} k=${c.n_splits}`);
  }
});

test('StratifiedKFold with shuffle: per-fold class counts equal scikit-learn; partition; determinism', () => {
  for (const c of S.stratified_kfold_shuffle) {
    const X = range(c.y.length);
    for (const seed of [0, 1, 7]) {
      const folds = new StratifiedKFold({ nSplits: c.n_splits, shuffle: true, randomState: seed }).split(
        X,
        c.y as string[],
      );
      assertPartition(folds, c.y.length);
      assert.equal(
        folds.map(([tr, te]) => ({ train: countBy(tr, c.y, c.classes), test: countBy(te, c.y, c.classes) })),
        c.counts,
      );
    }
  }
  const y = S.stratified_kfold_shuffle[0]!.y as number[];
  const X = range(y.length);
  const f0 = new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 0 }).split(X, y);
  assert.equal(new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 0 }).split(X, y), f0);
  assert.not.equal(new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 1 }).split(X, y), f0);
  assert.not.equal(f0, new StratifiedKFold({ nSplits: 5 }).split(X, y));
});

test('StratifiedKFold warns like scikit-learn when a class has fewer members than nSplits', () => {
  warnings.length = 0;
  new StratifiedKFold(5).split(range(12), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(warnings, [inTsNames(fx.errors.skf_warning as string)]);
  assert.is(warnings[0], 'The least populated class in y has only 1 members, which is less than nSplits=5.');
});

test('trainTestSplit sizes follow scikit-learn for fractions, counts and defaults', () => {
  for (const c of S.train_test_sizes) {
    const opts: { testSize?: number; trainSize?: number; randomState: number } = { randomState: 0 };
    if (c.test_size !== null) opts.testSize = c.test_size;
    if (c.train_size !== null) opts.trainSize = c.train_size;
    const [tr, te] = trainTestSplit(range(c.n), opts);
    assert.is(tr.length, c.n_train, `train size ${JSON.stringify(c)}`);
    assert.is(te.length, c.n_test, `test size ${JSON.stringify(c)}`);
    assert.is(new Set([...tr, ...te]).size, c.n_train + c.n_test, 'no sample twice');
    const [a, b] = trainTestSplit(range(c.n), { ...opts, shuffle: false });
    assert.equal(a, range(c.n_train));
    assert.equal(
      b,
      range(c.n_test).map((i) => i + c.n_train),
    );
  }
});

test('stratified trainTestSplit: per-class counts are among scikit-learn outcomes (exact where no ties)', () => {
  for (const c of S.train_test_stratified) {
    const allowed = new Set(c.outcomes.map((o) => JSON.stringify(o)));
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const opts = {
        testSize: c.test_size,
        stratify: c.y as number[],
        randomState: seed,
        ...(c.train_size === null ? {} : { trainSize: c.train_size }),
      };
      const [tr, te] = trainTestSplit(range(c.y.length), opts);
      const outcome = JSON.stringify([countBy(tr, c.y, c.classes), countBy(te, c.y, c.classes)]);
      assert.ok(allowed.has(outcome), `${outcome} not among scikit-learn's ${[...allowed].join(' ')}`);
      seen.add(outcome);
    }
    // Ties are broken at random, so several outcomes appear when scikit-learn has several.
    if (allowed.size > 1) assert.ok(seen.size > 1, `only ${[...seen]} for ${[...allowed].join(' ')}`);
  }
});

test('trainTestSplit returns inputs of the same kind, row-aligned across arrays', () => {
  const X = range(20).map((i) => [i, i * 10]);
  const y = range(20).map((i) => (i % 3 === 0 ? 'a' : 'b'));
  const w = Float32Array.from(range(20), (i) => i / 2);
  const ids = Int32Array.from(range(20));
  const [XTr, XTe, yTr, yTe, wTr, wTe, idTr, idTe] = trainTestSplit(X, y, w, ids, { testSize: 0.3, randomState: 4 });
  assert.is(XTr.length, 14);
  assert.is(XTe.length, 6);
  assert.ok(Array.isArray(XTr) && Array.isArray(yTe));
  assert.instance(wTr, Float32Array);
  assert.instance(idTe, Int32Array);
  for (let j = 0; j < XTr.length; j++) {
    const i = XTr[j]![0]!;
    assert.is(yTr[j], y[i]);
    assert.is(wTr[j], w[i]);
    assert.is(idTr[j], i);
  }
  for (let j = 0; j < XTe.length; j++) assert.is(wTe[j], w[XTe[j]![0]!]);
  const [onlyTrain, onlyTest] = trainTestSplit(range(8));
  assert.is(onlyTrain.length, 6);
  assert.is(onlyTest.length, 2);
});

test('trainTestSplit takes every X form the estimators take and returns parts of the same kind', () => {
  const X = range(12).map((i) => [i, i * 10, -i]);
  const y = range(12).map((i) => i % 2);
  const opts = { testSize: 0.25, randomState: 7 } as const;
  const [ref] = trainTestSplit(X, opts);
  const rows = ref.map((r) => r[0] as number); // the training rows, in order
  // A Tensor stays a Tensor.
  const [tTr, tTe] = trainTestSplit(tensor(X, { dtype: 'float64' }), opts);
  assert.instance(tTr, Tensor);
  assert.equal(tTr.shape, [9, 3]);
  assert.equal(tTr.toArray(2), ref);
  assert.equal(tTe.shape, [3, 3]);
  // A typed array with its shape stays one, with the same typed-array type.
  const flat = { data: Float32Array.from(X.flat()), shape: [12, 3] };
  const [fTr, fTe, yTr] = trainTestSplit(flat, Int8Array.from(y), opts);
  assert.instance(fTr.data, Float32Array);
  assert.equal(fTr.shape, [9, 3]);
  assert.equal(Array.from(fTr.data), ref.flat());
  assert.equal(fTe.shape, [3, 3]);
  assert.instance(yTr, Int8Array);
  assert.equal(
    Array.from(yTr),
    rows.map((i) => y[i]),
  );
  // A scijs ndarray, even a transposed (strided) view, comes back as a contiguous ndarray of its class.
  const nd = ndarray(Float64Array.from(range(36)), [3, 12]).transpose(1, 0); // nd.get(i, j) = j * 12 + i
  const [nTr] = trainTestSplit(nd, opts);
  assert.is(nTr.constructor, nd.constructor);
  assert.equal(nTr.shape, [9, 3]);
  assert.equal(nTr.stride, [3, 1]);
  rows.forEach((i, r) => assert.equal([nTr.get(r, 0), nTr.get(r, 1), nTr.get(r, 2)], [i, 12 + i, 24 + i]));
  // The parts go straight into an estimator, and lengths are checked across kinds.
  new StandardScaler().fit(nTr).transform(fTr);
  assert.throws(() => trainTestSplit(flat, range(11), opts), /inconsistent numbers of samples: \[12, 11\]/);
  assert.throws(() => trainTestSplit(new Map() as never, opts), /argument 0 must be an array, a typed array, a Tensor/);
});

test('trainTestSplit is deterministic per seed and differs across seeds', () => {
  const X = range(50);
  const a = trainTestSplit(X, { randomState: 42 });
  assert.equal(trainTestSplit(X, { randomState: 42 }), a);
  assert.not.equal(trainTestSplit(X, { randomState: 43 }), a);
  const y = X.map((i) => i % 4);
  const s = trainTestSplit(X, y, { stratify: y, randomState: 5 });
  assert.equal(trainTestSplit(X, y, { stratify: y, randomState: 5 }), s);
  assert.not.equal(trainTestSplit(X, y, { stratify: y, randomState: 6 }), s);
  const rng = new Rng(9);
  assert.not.equal(trainTestSplit(X, { randomState: rng }), trainTestSplit(X, { randomState: rng }));
  assert.not.equal(trainTestSplit(X), trainTestSplit(X), 'no seed: fresh randomness');
});

test("errors match scikit-learn's messages", () => {
  const X10 = range(10).map((i) => [2 * i, 2 * i + 1]);
  const cases: [string, () => unknown][] = [
    ['tts_test_float', () => trainTestSplit(X10, { testSize: 1.5 })],
    ['tts_test_int', () => trainTestSplit(X10, { testSize: 10 })],
    ['tts_train_int', () => trainTestSplit(X10, { trainSize: 11 })],
    ['tts_sum_float', () => trainTestSplit(X10, { testSize: 0.6, trainSize: 0.5 })],
    ['tts_sum_int', () => trainTestSplit(X10, { testSize: 6, trainSize: 5 })],
    ['tts_empty_train', () => trainTestSplit(X10.slice(0, 3), { testSize: 0.9 })],
    ['tts_no_arrays', () => trainTestSplit()],
    ['tts_stratify_one_member', () => trainTestSplit(X10, { stratify: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })],
    ['tts_stratify_test_small', () => trainTestSplit(X10, { stratify: range(10).map((i) => i % 5), testSize: 3 })],
    ['tts_inconsistent', () => trainTestSplit(X10, range(9))],
    ['kfold_too_many', () => new KFold(6).split(range(5))],
    ['kfold_one', () => new KFold(1)],
    ['kfold_random_state', () => new KFold({ nSplits: 3, randomState: 0 })],
    ['skf_too_many', () => new StratifiedKFold(5).split(range(8), [0, 0, 0, 0, 1, 1, 1, 1])],
    ['skf_continuous', () => new StratifiedKFold(2).split(range(4), [0.5, 1.5, 2.5, 0.1])],
  ];
  for (const [key, fn] of cases) {
    assert.throws(fn, (e: Error) => {
      assert.instance(e, ValueError, key);
      assert.is(e.message, inTsNames(fx.errors[key] as string), key);
      return true;
    });
  }
  // scikit-learn refuses the same combination ("Stratified train/test split is not implemented for shuffle=False"); ours says why.
  assert.throws(
    () =>
      trainTestSplit(
        X10,
        range(10).map((i) => i % 2),
        { shuffle: false, stratify: range(10).map((i) => i % 2) },
      ),
    (e: Error) => {
      assert.instance(e, ValueError);
      assert.is(
        e.message,
        "trainTestSplit: stratify needs shuffle: true, since a stratified split draws each class's test rows at random. Got shuffle: false; drop stratify to keep the row order.",
      );
      return true;
    },
  );
  assert.throws(
    () => new KFold({ nSplits: 2.5 }),
    /The number of folds must be of Integral type\. 2\.5 of type number was passed\./,
  );
  assert.throws(
    () => new KFold({ n_splits: 3 } as never),
    /KFold: unknown option 'n_splits'\. Valid options are: nSplits, shuffle, randomState\./,
  );
  assert.throws(() => trainTestSplit(X10, { test_size: 0.2 } as never), /trainTestSplit: unknown option 'test_size'/);
  assert.throws(
    () =>
      new StratifiedKFold(2).split(range(4), [
        [0, 1],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
    /Got 'multilabel-indicator' instead/,
  );
  assert.throws(() => new StratifiedKFold(2).split(range(4), undefined as never), /y \(the class labels\) is required/);
  assert.throws(
    () => trainTestSplit(X10, { stratify: [0, 'a', 0, 0, 0, 1, 1, 1, 1, 1] as never, randomState: 0 }),
    /Mix of label input types \(string and number\)/,
  );
});

test.run();

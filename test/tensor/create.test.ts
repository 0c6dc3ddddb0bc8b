// Tensor creation from hostile input: bigint arrays, ndarray-likes whose shape and strides reach outside
// their data, sizes no runtime can allocate: each a library error, checked before anything is allocated.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor, zeros, fromNdarray } from '../../src/tensor/index.ts';
import { ScikerasError, ShapeError } from '../../src/core/errors.ts';
import { checkX } from '../../src/estimators/utils/validation.ts';

const libraryError = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof ScikerasError && re.test((e as Error).message));

test('an ndarray-like whose shape and strides promise more than its data is refused before anything is read', () => {
  const small = { data: new Float64Array(8), shape: [30000, 30000], stride: [30000, 1], offset: 0 };
  const t0 = Date.now();
  libraryError(() => fromNdarray(small), /reaches index 899999999, outside its 8 values/);
  libraryError(() => checkX(small, { estimator: 'MLPClassifier', dtype: 'float32' }), /outside its 8 values/);
  assert.ok(Date.now() - t0 < 1000, 'refused at once, not after reading 9e8 values');
  libraryError(
    () => fromNdarray({ data: new Float64Array(8), shape: [2, 2], stride: [-2, 1], offset: 0 }),
    /reaches index -2/,
  );
  libraryError(
    () => fromNdarray({ data: new Float64Array(8), shape: [2, 2], stride: [2.5, 1], offset: 0 }),
    /must be integers/,
  );
  assert.equal(
    Array.from(fromNdarray({ data: [1, 2, 3, 4], shape: [2, 2], stride: [-2, 1], offset: 2 }).data),
    [3, 4, 1, 2],
  );
});

test('bigint typed arrays are not numbers: a library error, not "Cannot mix BigInt"', () => {
  libraryError(
    () => checkX({ data: new BigInt64Array(4), shape: [2, 2] }, { estimator: 'MLPClassifier', dtype: 'float32' }),
    /X must be/,
  );
  assert.throws(
    () => tensor(new BigInt64Array(4) as never),
    (e: unknown) => e instanceof ScikerasError,
  );
});

test('sizes no runtime can allocate are a ShapeError naming the size', () => {
  libraryError(() => zeros([90000, 60000]), /cannot allocate 5400000000 float32 values/);
  assert.throws(
    () => zeros([2 ** 31]),
    (e: unknown) => e instanceof ShapeError,
  );
});

test.run();

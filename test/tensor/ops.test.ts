import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as T from '../../src/tensor/index.ts';
import { allclose } from '../helpers/allclose.ts';
import ndarray from 'ndarray';

const { tensor } = T;

test('creation: nested arrays, typed arrays + shape, dtype, ndarray with strides and offset', () => {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(t.shape, [2, 3]);
  assert.is(t.dtype, 'float32');
  assert.equal(t.toArray(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const d = tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] });
  assert.is(d.dtype, 'float64');
  assert.is(d.get(1, 0), 3);
  // a transposed view: data [1..6] as 2x3, viewed 3x2 with strides [1, 3]
  const nd = ndarray(new Float64Array([0, 1, 2, 3, 4, 5, 6]), [3, 2], [1, 3], 1);
  assert.equal(tensor(nd).toArray(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.equal(T.arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.equal(T.full([2], 7).toArray(), [7, 7]);
});

test('creation errors name the problem', () => {
  assert.throws(() => tensor([[1, 2], [3]]), /ragged/);
  assert.throws(() => tensor(new Float32Array(5), { shape: [2, 3] }), /5 values do not fill shape \[2,3\]/);
  assert.throws(() => tensor([['a']] as unknown as number[][]), /expected numbers/);
});

test('toNdarray shares data', async () => {
  const t = tensor([
    [1, 2],
    [3, 4],
  ]);
  const nd = await t.toNdarray();
  assert.equal(nd.shape, [2, 2]);
  assert.is(nd.data, t.data);
});

test('broadcasting binary ops', () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(T.add(a, tensor([10, 20, 30])).toArray(), [
    [11, 22, 33],
    [14, 25, 36],
  ]);
  assert.equal(T.sub(a, tensor([[1], [2]])).toArray(), [
    [0, 1, 2],
    [2, 3, 4],
  ]);
  assert.equal(T.mul(a, tensor(2)).toArray(), [
    [2, 4, 6],
    [8, 10, 12],
  ]);
  assert.equal(T.div(tensor([[1], [2]]), tensor([1, 2, 4])).toArray(), [
    [1, 0.5, 0.25],
    [2, 1, 0.5],
  ]);
  assert.equal(T.maximum(a, tensor([3])).toArray(), [
    [3, 3, 3],
    [4, 5, 6],
  ]);
  assert.equal(T.minimum(a, tensor([3])).toArray(), [
    [1, 2, 3],
    [3, 3, 3],
  ]);
  const big = T.add(T.zeros([2, 1, 3]), tensor([[1], [2], [3], [4]]));
  assert.equal(big.shape, [2, 4, 3]);
  assert.is(big.get(1, 3, 2), 4);
  assert.throws(() => T.add(a, tensor([1, 2])), /add: shapes \[2,3\] and \[2\] cannot be broadcast/);
});

test('unary ops and clip', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 2], { dtype: 'float64' });
  allclose(T.exp(x), [-2, -0.5, 0, 0.5, 2].map(Math.exp), { rtol: 1e-15 });
  allclose(T.relu(x), [0, 0, 0, 0.5, 2]);
  allclose(
    T.sigmoid(x),
    [-2, -0.5, 0, 0.5, 2].map((v) => 1 / (1 + Math.exp(-v))),
    { rtol: 1e-15 },
  );
  allclose(T.tanh(x), [-2, -0.5, 0, 0.5, 2].map(Math.tanh), { rtol: 1e-15 });
  allclose(T.abs(x), [2, 0.5, 0, 0.5, 2]);
  allclose(T.square(x), [4, 0.25, 0, 0.25, 4]);
  allclose(T.neg(x), [2, 0.5, -0, -0.5, -2]);
  allclose(T.clip(x, -1, 1), [-1, -0.5, 0, 0.5, 1]);
  allclose(T.sqrt(tensor([4, 9])), [2, 3]);
  allclose(T.log(tensor([1, Math.E], { dtype: 'float64' })), [0, 1], { rtol: 1e-15 });
  // sigmoid never overflows
  allclose(T.sigmoid(tensor([-1000, 1000])), [0, 1]);
  assert.ok(Number.isNaN(T.relu(tensor([NaN])).data[0]), 'relu keeps NaN visible');
});

test('reductions with axis and keepDims; argmax', () => {
  const a = tensor([
    [1, 5, 3],
    [4, 2, 6],
  ]);
  assert.equal(T.sum(a).toArray(), 21);
  assert.equal(T.sum(a, 0).toArray(), [5, 7, 9]);
  assert.equal(T.sum(a, 1, true).toArray(), [[9], [12]]);
  assert.equal(T.mean(a, -1).toArray(), [3, 4]);
  assert.equal(T.max(a, 0).toArray(), [4, 5, 6]);
  assert.equal(T.max(a).toArray(), 6);
  assert.equal(T.sum(a, [0, 1]).toArray(), 21);
  assert.equal(T.argmax(a, 1).toArray(), [1, 2]);
  assert.equal(T.argmax(a, 0).toArray(), [1, 0, 1]);
  assert.is(T.argmax(a).dtype, 'int32');
  assert.throws(() => T.sum(a, 2), /axis 2 is out of range/);
});

test('softmax / logSoftmax are stable and agree', () => {
  const z = tensor(
    [
      [1000, 1001, 1002],
      [-1000, 0, 1000],
    ],
    { dtype: 'float64' },
  );
  const p = T.softmax(z);
  const e = [Math.exp(-2), Math.exp(-1), 1];
  const s = e[0] + e[1] + e[2];
  allclose(
    (p.toArray() as number[][])[0] as number[],
    e.map((v) => v / s),
    { rtol: 1e-14 },
  );
  allclose(T.sum(p, 1), [1, 1], { rtol: 1e-15 });
  allclose(T.exp(T.logSoftmax(z)), p, { rtol: 1e-13, atol: 1e-300 });
  assert.ok(T.allFinite(T.logSoftmax(z).data));
  allclose(
    T.softmax(
      tensor([
        [1, 2],
        [3, 4],
      ]),
      0,
    ),
    [
      [1 / (1 + Math.E ** 2), 1 / (1 + Math.E ** 2)],
      [1 / (1 + Math.E ** -2), 1 / (1 + Math.E ** -2)],
    ],
    { rtol: 1e-6 },
  );
});

test('take, reshape, transpose, broadcastTo', () => {
  const a = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.equal(T.take(a, [2, 0]).toArray(), [
    [5, 6],
    [1, 2],
  ]);
  assert.equal(T.take(a, [1], 1).toArray(), [[2], [4], [6]]);
  assert.equal(a.reshape([2, -1]).toArray(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(a.transpose().toArray(), [
    [1, 3, 5],
    [2, 4, 6],
  ]);
  const c = T.arange(24).reshape([2, 3, 4]);
  assert.equal(c.transpose([1, 0, 2]).shape, [3, 2, 4]);
  assert.is(c.transpose([1, 0, 2]).get(2, 1, 3), c.get(1, 2, 3));
  assert.equal(T.broadcastTo(tensor([1, 2]), [2, 2]).toArray(), [
    [1, 2],
    [1, 2],
  ]);
  assert.throws(() => a.reshape([4, 2]), /cannot reshape \[3,2\]/);
  assert.throws(() => T.take(a, [3]), /index 3 is out of range/);
});

test('matmul: all transpose flags, and a shape error naming both shapes', () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]); // 2x3
  const b = tensor([
    [1, 0],
    [0, 1],
    [1, 1],
  ]); // 3x2
  assert.equal(T.matmul(a, b).toArray(), [
    [4, 5],
    [10, 11],
  ]);
  assert.equal(T.matmul(a.transpose(), b.transpose(), { transposeA: true, transposeB: true }).toArray(), [
    [4, 5],
    [10, 11],
  ]);
  assert.equal(T.matmul(a.transpose(), b, { transposeA: true }).toArray(), [
    [4, 5],
    [10, 11],
  ]);
  assert.equal(T.matmul(a, b.transpose(), { transposeB: true }).toArray(), [
    [4, 5],
    [10, 11],
  ]);
  assert.throws(
    () => T.matmul(T.zeros([3, 4]), T.zeros([5, 2])),
    /matmul: \[3,4\] x \[5,2\]: inner dimensions 4 and 5 differ/,
  );
});

test('dtype promotion: float64 wins', () => {
  const r = T.add(tensor([1], { dtype: 'float64' }), tensor([2]));
  assert.is(r.dtype, 'float64');
});

test('arena hands back the same buffers for a repeated computation', () => {
  const arena = new T.BufferArena();
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  const run = () => T.withArena(arena, () => T.sum(T.relu(T.matmul(x, x))).data[0]);
  const first = run();
  const n = arena.buffers;
  assert.is(run(), first);
  assert.is(arena.buffers, n);
});

test.run();

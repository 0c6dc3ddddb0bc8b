import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor, Rng, randomUniform, Tensor } from '../../src/tensor/index.ts';
import * as A from '../../src/autograd/index.ts';
import { allclose } from '../helpers/allclose.ts';

const rng = new Rng(123);
const r = (shape: number[], lo = -1, hi = 1) => randomUniform(shape, { rng, min: lo, max: hi, dtype: 'float64' });
const pos = (shape: number[]) => r(shape, 0.5, 2);

// Every differentiable op, checked in float64 (tight) and float32 (loose).
const cases: Array<[string, (...v: A.Variable[]) => Tensor, () => Tensor[]]> = [
  ['add (broadcast)', (a, b) => A.sum(A.mul(A.add(a, b), a)), () => [r([3, 4]), r([4])]],
  ['sub (broadcast)', (a, b) => A.sum(A.square(A.sub(a, b))), () => [r([3, 1]), r([1, 4])]],
  ['mul', (a, b) => A.sum(A.mul(a, b)), () => [r([2, 3]), r([2, 3])]],
  ['div', (a, b) => A.sum(A.div(a, b)), () => [r([2, 3]), pos([3])]],
  ['neg/scale', (a) => A.sum(A.scale(A.neg(a), 3)), () => [r([4])]],
  ['exp', (a) => A.sum(A.exp(a)), () => [r([5])]],
  ['log', (a) => A.sum(A.log(a)), () => [pos([5])]],
  ['sqrt', (a) => A.sum(A.sqrt(a)), () => [pos([5])]],
  ['square', (a) => A.sum(A.square(a)), () => [r([5])]],
  ['abs', (a) => A.sum(A.abs(a)), () => [r([5])]],
  ['maximum', (a, b) => A.sum(A.maximum(a, b)), () => [r([6]), r([6])]],
  ['minimum', (a, b) => A.sum(A.minimum(a, b)), () => [r([6]), r([6])]],
  ['clip', (a) => A.sum(A.clip(a, -0.5, 0.5)), () => [tensor([-0.9, -0.2, 0.1, 0.7], { dtype: 'float64' })]],
  ['relu', (a) => A.sum(A.mul(A.relu(a), a)), () => [tensor([-0.9, -0.2, 0.1, 0.7], { dtype: 'float64' })]],
  ['sigmoid', (a) => A.sum(A.square(A.sigmoid(a))), () => [r([3, 3], -4, 4)]],
  ['tanh', (a) => A.sum(A.square(A.tanh(a))), () => [r([3, 3], -2, 2)]],
  ['softmax', (a, w) => A.sum(A.mul(A.softmax(a), w)), () => [r([3, 4], -3, 3), r([3, 4])]],
  ['softmax axis 0', (a, w) => A.sum(A.mul(A.softmax(a, 0), w)), () => [r([3, 4], -3, 3), r([3, 4])]],
  ['logSoftmax', (a, w) => A.sum(A.mul(A.logSoftmax(a), w)), () => [r([3, 4], -3, 3), r([3, 4])]],
  ['sum axis keepDims', (a) => A.sum(A.square(A.sum(a, 1, true))), () => [r([3, 4])]],
  ['mean axis', (a) => A.sum(A.square(A.mean(a, 0))), () => [r([3, 4])]],
  ['max axis', (a) => A.sum(A.max(a, 1)), () => [r([3, 4])]],
  ['matmul', (a, b) => A.sum(A.square(A.matmul(a, b))), () => [r([3, 4]), r([4, 2])]],
  ['matmul transposeA', (a, b) => A.sum(A.square(A.matmul(a, b, { transposeA: true }))), () => [r([4, 3]), r([4, 2])]],
  ['matmul transposeB', (a, b) => A.sum(A.square(A.matmul(a, b, { transposeB: true }))), () => [r([3, 4]), r([2, 4])]],
  [
    'matmul both',
    (a, b) => A.sum(A.square(A.matmul(a, b, { transposeA: true, transposeB: true }))),
    () => [r([4, 3]), r([2, 4])],
  ],
  ['take rows (repeated)', (a) => A.sum(A.square(A.take(a, [2, 0, 2]))), () => [r([3, 2])]],
  ['take axis 1', (a) => A.sum(A.square(A.take(a, [1], 1))), () => [r([3, 2])]],
  [
    'reshape/transpose',
    (a) =>
      A.sum(
        A.mul(
          A.transpose(A.reshape(a, [2, 3])),
          tensor(
            [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
            { dtype: 'float64' },
          ),
        ),
      ),
    () => [r([6])],
  ],
  [
    'softmaxCrossEntropy sparse',
    (z) => A.softmaxCrossEntropy(z, tensor([2, 0, 1], { dtype: 'float64' })),
    () => [r([3, 3], -3, 3)],
  ],
  [
    'softmaxCrossEntropy one-hot + weights',
    (z) =>
      A.softmaxCrossEntropy(
        z,
        tensor(
          [
            [0, 0, 1],
            [1, 0, 0],
          ],
          { dtype: 'float64' },
        ),
        { sampleWeight: tensor([0.3, 2], { dtype: 'float64' }) },
      ),
    () => [r([2, 3], -3, 3)],
  ],
  [
    'sigmoidCrossEntropy mean',
    (z) =>
      A.sigmoidCrossEntropy(
        z,
        tensor(
          [
            [0, 1],
            [1, 1],
            [0, 0],
          ],
          { dtype: 'float64' },
        ),
      ),
    () => [r([3, 2], -3, 3)],
  ],
  [
    'sigmoidCrossEntropy sum + weights',
    (z) =>
      A.sigmoidCrossEntropy(z, tensor([[0], [1], [1]], { dtype: 'float64' }), {
        outputReduction: 'sum',
        sampleWeight: tensor([1, 0.5, 2], { dtype: 'float64' }),
      }),
    () => [r([3, 1], -3, 3)],
  ],
  [
    'squaredError mean',
    (p) =>
      A.squaredError(
        p,
        tensor(
          [
            [0, 1],
            [1, 1],
            [0, 0],
          ],
          { dtype: 'float64' },
        ),
      ),
    () => [r([3, 2])],
  ],
  [
    'squaredError half sum',
    (p) =>
      A.squaredError(
        p,
        tensor(
          [
            [0, 1],
            [1, 1],
          ],
          { dtype: 'float64' },
        ),
        { half: true, outputReduction: 'sum' },
      ),
    () => [r([2, 2])],
  ],
  [
    'dense linear (fused)',
    (x, w, b) => A.sum(A.square(A.dense(x, w, b, 'linear'))),
    () => [r([3, 4]), r([4, 2]), r([2])],
  ],
  ['dense relu (fused)', (x, w, b) => A.sum(A.square(A.dense(x, w, b, 'relu'))), () => [r([3, 4]), r([4, 5]), r([5])]],
  [
    'dense sigmoid (fused)',
    (x, w, b) => A.sum(A.square(A.dense(x, w, b, 'sigmoid'))),
    () => [r([3, 4]), r([4, 2]), r([2])],
  ],
  ['dense tanh, no bias (fused)', (x, w) => A.sum(A.square(A.dense(x, w, null, 'tanh'))), () => [r([3, 4]), r([4, 2])]],
  ['weightPenalty (l1 + l2)', (w) => A.weightPenalty(w, 0.3, 0.7), () => [r([4, 3])]],
  [
    'an ugly composite (fan-out, x*x)',
    (a, b) => A.sum(A.div(A.mul(A.tanh(A.matmul(a, b)), A.matmul(a, b)), A.add(A.exp(A.mean(a, 1, true)), tensor(1)))),
    () => [r([3, 4]), r([4, 2])],
  ],
];

let worst64 = 0;
for (const [name, f, make] of cases) {
  test(`gradient: ${name}`, () => {
    const inputs = make();
    const res64 = A.compareGradients(f, inputs);
    worst64 = Math.max(worst64, res64.maxError);
    assert.ok(res64.maxError < 1e-7, `float64 max error ${res64.maxError}`);
    // float32: reverse mode in float32 vs float64 finite differences
    const in32 = inputs.map((t) => tensor(t, { dtype: 'float32' }));
    const g32 = A.grad(f)(...in32);
    g32.forEach((g, i) =>
      allclose(g, res64.numeric[i] as Tensor, { rtol: 2e-3, atol: 2e-3, msg: `${name} float32 input ${i}` }),
    );
  });
}

test('fused dense equals the unfused ops', () => {
  const x = r([5, 3]),
    w = r([3, 4]),
    b = r([4]);
  for (const act of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
    const z = A.add(A.matmul(x, w), b);
    const ref = act === 'linear' ? z : act === 'relu' ? A.relu(z) : act === 'sigmoid' ? A.sigmoid(z) : A.tanh(z);
    allclose(A.dense(x, w, b, act), ref, { rtol: 1e-14, atol: 1e-15 });
  }
});

test('fused losses: values match the unfused formulas', () => {
  const z = tensor(
    [
      [2, -1, 0.5],
      [0.1, 0.2, -3],
    ],
    { dtype: 'float64' },
  );
  const y = tensor([0, 2], { dtype: 'float64' });
  const ls = A.logSoftmax(z);
  const expected = -(ls.get(0, 0) + ls.get(1, 2)) / 2;
  allclose(A.softmaxCrossEntropy(z, y), [expected], { rtol: 1e-14 });
  const zb = tensor([[3], [-2]], { dtype: 'float64' });
  const yb = tensor([[1], [0]], { dtype: 'float64' });
  const p = [1 / (1 + Math.exp(-3)), 1 / (1 + Math.exp(2))];
  allclose(A.sigmoidCrossEntropy(zb, yb), [-(Math.log(p[0] as number) + Math.log(1 - (p[1] as number))) / 2], {
    rtol: 1e-14,
  });
  // huge logits stay finite
  assert.ok(Number.isFinite(A.softmaxCrossEntropy(tensor([[1e4, -1e4]]), tensor([1])).data[0]));
  assert.ok(Number.isFinite(A.sigmoidCrossEntropy(tensor([[1e4]]), tensor([[0]])).data[0]));
  // clipping caps the loss at -log(eps)
  allclose(
    A.sigmoidCrossEntropy(tensor([[1e4]], { dtype: 'float64' }), tensor([[0]], { dtype: 'float64' }), {
      epsilon: 1e-7,
    }),
    [-Math.log(1e-7)],
    { rtol: 1e-9 },
  );
});

test('gradients accumulate with += across backward calls; noGrad records nothing', () => {
  const w = A.variable(tensor([1, 2], { dtype: 'float64' }));
  A.backward(A.sum(A.square(w)));
  A.backward(A.sum(A.square(w)));
  allclose(w.grad as Tensor, [4, 8]);
  const y = A.noGrad(() => A.sum(A.square(w)));
  assert.is(y.node, null);
  assert.throws(() => A.backward(y), /does not require gradients/);
});

test('backward is iterative: a 20000-op chain does not overflow the stack', () => {
  const x = A.variable(tensor([1], { dtype: 'float64' }));
  let y: Tensor = x;
  for (let i = 0; i < 20000; i++) y = A.scale(y, 1);
  A.backward(A.sum(y));
  allclose(x.grad as Tensor, [1]);
});

test('checkGradients returns the max relative error and throws past tol', () => {
  const e = A.checkGradients((x) => A.sum(A.tanh(x)), [tensor([0.1, -2], { dtype: 'float64' })]);
  assert.type(e, 'number');
  assert.ok(e < 1e-8);
  // a wrong backward rule is caught
  const wrong = (x: Tensor) => A.record('wrong', x, [x], (g) => [A.scale(g, 2)]);
  assert.throws(
    () => A.checkGradients((x) => A.sum(wrong(x)), [tensor([1, 2], { dtype: 'float64' })], { tol: 1e-6 }),
    /exceeds tol/,
  );
});

test('grad() returns one gradient per input, in order', () => {
  const [da, db] = A.grad((a, b) => A.sum(A.mul(a, b)))(tensor([1, 2]), tensor([3, 4]));
  assert.equal(Array.from((da as Tensor).data), [3, 4]);
  assert.equal(Array.from((db as Tensor).data), [1, 2]);
});

test.after(() => console.log(`  gradient check max relative error (float64): ${worst64.toExponential(2)}`));
test.run();

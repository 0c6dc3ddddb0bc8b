// relu and the stable sigmoid have one definition each (tensor/ops.ts). Every path that applies them (the tensor
// ops, the dense product's JavaScript epilogue, the autograd ops and fused dense op, the fused sigmoid loss) must
// give exactly the bits of the formulas written out below, which are the ones each path used on its own before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, forceCpuBackend, typescriptBackend, matmulBias, relu, sigmoid } from '../../src/tensor/index.ts';
import { randomUniform } from '../../src/tensor/index.ts';
import { reluInto, sigmoidInto } from '../../src/tensor/ops.ts';
import * as A from '../../src/autograd/index.ts';

type Float = Float32Array | Float64Array;
const rng = new Rng(2026);
const EDGES = [
  ...[0, -0, 1, -1, 1e-40, -1e-40, 1e-300, -1e-300, 17.5, -17.5, 40, -40, 88.7, -88.7, 103.9, -103.9, 750, -750],
  ...[3.4e38, -3.4e38, Infinity, -Infinity, NaN],
];

function values(dtype: 'float32' | 'float64'): Float {
  const random = randomUniform([200], { rng, min: -30, max: 30, dtype }).data as Float;
  const len = EDGES.length + random.length;
  const out = dtype === 'float64' ? new Float64Array(len) : new Float32Array(len);
  out.set(EDGES);
  out.set(random, EDGES.length);
  return out;
}

const refRelu = (v: number): number => (v + Math.abs(v)) * 0.5;
function refSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}
// The fused loss wrote its sigmoid from e = exp(-|v|): the same value, checked here too.
function refSigmoidFromAbs(v: number): number {
  const e = Math.exp(-Math.abs(v));
  return v >= 0 ? 1 / (1 + e) : e / (1 + e);
}

function like(x: Float, f: (v: number, i: number) => number): Float {
  const o = x instanceof Float64Array ? new Float64Array(x.length) : new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) o[i] = f(x[i] as number, i);
  return o;
}

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, msg: string): void {
  assert.is(actual.length, expected.length, `${msg}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.unreachable(`${msg}: element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`reluInto / sigmoidInto and the tensor ops give the written-out formulas' bits (${dtype})`, () => {
    const x = values(dtype);
    const relus = like(x, refRelu);
    const sigmoids = like(x, refSigmoid);
    sameBits(like(x, refSigmoidFromAbs), sigmoids, 'the two sigmoid forms agree');
    const o = like(x, () => 7);
    reluInto(x, o);
    sameBits(o, relus, 'reluInto');
    sigmoidInto(x, o);
    sameBits(o, sigmoids, 'sigmoidInto');
    const inPlace = x.slice();
    reluInto(inPlace, inPlace);
    sameBits(inPlace, relus, 'reluInto in place');
    const inPlace2 = x.slice();
    sigmoidInto(inPlace2, inPlace2);
    sameBits(inPlace2, sigmoids, 'sigmoidInto in place');
    const t = new Tensor(x, [x.length]);
    sameBits(relu(t).data, relus, 'tensor relu');
    sameBits(sigmoid(t).data, sigmoids, 'tensor sigmoid');
    sameBits(A.relu(t).data, relus, 'autograd relu');
    sameBits(A.sigmoid(t).data, sigmoids, 'autograd sigmoid');
  });

  test(`the dense epilogue in TypeScript: bias then relu or sigmoid, same bits as the one-pass formula (${dtype})`, () => {
    forceCpuBackend(typescriptBackend);
    try {
      // A k = 1 product with a kernel of ones is exact, so the epilogue alone decides the bits.
      const x = values(dtype);
      const m = x.length,
        n = 3;
      const a = new Tensor(x, [m, 1]);
      const ones = new Tensor(dtype === 'float64' ? new Float64Array(n).fill(1) : new Float32Array(n).fill(1), [1, n]);
      const bias = randomUniform([n], { rng, min: -2, max: 2, dtype });
      const b = bias.data as Float;
      const sum = (i: number) => (x[Math.floor(i / n)] as number) + (b[i % n] as number);
      const pre = like(new (x instanceof Float64Array ? Float64Array : Float32Array)(m * n), (_, i) => sum(i));
      // The one-pass form took relu of the unrounded sum; rounding first cannot change a relu's bits.
      const onePass = like(pre, (_, i) => refRelu(sum(i)));
      sameBits(matmulBias(a, ones, bias, true).data, onePass, 'matmulBias relu');
      sameBits(A.dense(a, ones, bias, 'relu').data, onePass, 'dense(relu)');
      sameBits(A.dense(a, ones, bias, 'sigmoid').data, like(pre, refSigmoid), 'dense(sigmoid)');
    } finally {
      forceCpuBackend(null);
    }
  });

  test(`activation gradients: the autograd ops and the fused dense op share one rule (${dtype})`, () => {
    const x = randomUniform([40, 1], { rng, min: -6, max: 6, dtype });
    const one = new Tensor(dtype === 'float64' ? new Float64Array([1]) : new Float32Array([1]), [1, 1]);
    const g = randomUniform([40, 1], { rng, min: -1, max: 1, dtype });
    for (const act of ['relu', 'sigmoid', 'tanh'] as const) {
      const expected = (y: ArrayLike<number>) =>
        like(g.data as Float, (gv, i) => {
          const yv = y[i] as number;
          return act === 'relu' ? gv * +(yv > 0) : act === 'sigmoid' ? gv * yv * (1 - yv) : gv * (1 - yv * yv);
        });
      const v = A.variable(x, { requiresGrad: true });
      const y = act === 'relu' ? A.relu(v) : act === 'sigmoid' ? A.sigmoid(v) : A.tanh(v);
      A.backward(y, { gradient: g });
      sameBits((v.grad as Tensor).data, expected(y.data), `${act} backward`);
      const w = A.variable(x, { requiresGrad: true });
      const d = A.dense(w, one, null, act);
      A.backward(d, { gradient: g });
      // dx = dz . kernel^T is a product summed from +0, so a -0 in dz comes out as +0.
      sameBits(
        (w.grad as Tensor).data,
        like(expected(d.data), (v) => v + 0),
        `dense(${act}) backward`,
      );
    }
  });

  test(`sigmoidCrossEntropy: loss and gradient bits of the written-out stable form (${dtype})`, () => {
    const n = 12,
      k = 2;
    const edges = [0, -0, 40, -40, 750, -750, 1e-40, -3, 3, 17.5];
    const z = like(
      dtype === 'float64' ? new Float64Array(n * k) : new Float32Array(n * k),
      (_, i) => edges[i % 10] ?? 0,
    );
    const raw = randomUniform([n * k], { rng, min: -8, max: 8, dtype }).data as Float;
    for (let i = 10; i < n * k; i++) z[i] = raw[i] as number;
    const y = like(z, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : 0.25));
    const sw = like(new Float64Array(n), (_, i) => 0.5 + i / n);
    for (const epsilon of [undefined, 1e-7]) {
      for (const outputReduction of ['mean', 'sum'] as const) {
        const perOut = outputReduction === 'sum' ? 1 : 1 / k;
        const p = like(z, refSigmoidFromAbs);
        let total = 0;
        for (let i = 0; i < n; i++) {
          let li = 0;
          for (let j = 0; j < k; j++) {
            const q = i * k + j;
            const v = z[q] as number,
              pv = p[q] as number,
              yv = y[q] as number;
            const clamp = (u: number, e: number) => (u < e ? e : u > 1 - e ? 1 - e : u);
            li +=
              epsilon === undefined
                ? Math.max(v, 0) - v * yv + Math.log1p(Math.exp(-Math.abs(v)))
                : -(yv * Math.log(clamp(pv, epsilon)) + (1 - yv) * Math.log(clamp(1 - pv, epsilon)));
          }
          total += (sw[i] as number) * li * perOut;
        }
        const logits = A.variable(new Tensor(z, [n, k]), { requiresGrad: true });
        const options = {
          sampleWeight: new Tensor(sw, [n]),
          outputReduction,
          ...(epsilon === undefined ? {} : { epsilon }),
        };
        const loss = A.sigmoidCrossEntropy(logits, new Tensor(y, [n, k]), options);
        const msg = `epsilon ${epsilon} ${outputReduction}`;
        const value = like(new (z instanceof Float64Array ? Float64Array : Float32Array)(1), () => total / n);
        sameBits(loss.data, value, `${msg}: loss`);
        A.backward(loss);
        const scale = perOut / n;
        const grad = like(
          z,
          (_, q) => scale * (sw[Math.floor(q / k)] as number) * ((p[q] as number) - (y[q] as number)),
        );
        sameBits((logits.grad as Tensor).data, grad, `${msg}: gradient`);
      }
    }
  });
}

test.run();

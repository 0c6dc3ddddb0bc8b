// The dense-layer product relu?(a . b + bias): fused in the WASM backend's
// memory, or two passes in TypeScript; both against the reference.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  tensor,
  matmulBias,
  Rng,
  forceCpuBackend,
  typescriptBackend,
  backendInfo,
  randomUniform,
  type Tensor,
} from '../../src/tensor/index.ts';
import { matmulReference } from '../../src/tensor/kernels/matmul-reference.ts';
import { allclose } from '../helpers/allclose.ts';

const rng = new Rng(5);
const r = (shape: number[]) => randomUniform(shape, { rng, min: -1, max: 1 });

function reference(a: Tensor, b: Tensor, bias: Tensor | null, relu: boolean): number[] {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1] as number;
  const c = new Float64Array(m * n);
  matmulReference(Float64Array.from(a.data), Float64Array.from(b.data), c, m, k, n, false, false);
  return Array.from(c, (v, i) => {
    const z = v + (bias === null ? 0 : (bias.data[i % n] as number));
    return relu ? Math.max(z, 0) : z;
  });
}

for (const backend of ['default', 'typescript'] as const) {
  test(`matmulBias matches the reference (${backend} backend), every edge of the 4-wide vectors`, () => {
    forceCpuBackend(backend === 'typescript' ? typescriptBackend : null);
    if (backend === 'default') assert.ok(['wasm', 'typescript'].includes(backendInfo().backend));
    for (const [m, k, n] of [
      [1, 1, 1],
      [3, 5, 7],
      [17, 20, 100],
      [33, 64, 10],
      [64, 9, 6],
      [5, 31, 13],
    ] as Array<[number, number, number]>) {
      const a = r([m, k]),
        b = r([k, n]),
        bias = r([n]);
      for (const relu of [false, true]) {
        for (const bb of [bias, null]) {
          allclose(matmulBias(a, b, bb, relu), reference(a, b, bb, relu), {
            rtol: 1e-5,
            atol: 1e-5 * k,
            msg: `${m}x${k}x${n} relu=${relu} bias=${bb !== null}`,
          });
        }
      }
    }
    const nan = matmulBias(
      tensor([
        [NaN, 1],
        [1, 1],
      ]),
      r([2, 8]),
      r([8]),
      true,
    );
    assert.ok(Array.from(nan.data.subarray(0, 8)).every(Number.isNaN), 'NaN stays visible through bias and relu');
    assert.throws(() => matmulBias(r([2, 3]), r([3, 4]), r([5]), false), /bias \[5\] does not match 4 output columns/);
    forceCpuBackend(null);
  });
}

test.run();

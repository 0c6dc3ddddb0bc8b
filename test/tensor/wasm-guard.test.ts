// The WASM kernels' 2 GiB guard: a product whose operands would not fit the module's 32-bit memory is
// declined (the TypeScript kernels take it), never a RangeError or an out-of-bounds trap; a product whose
// output no runtime can hold is a library error naming the size.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { wasmBackend, matmul, zeros } from '../../src/tensor/index.ts';
import { ScikerasError } from '../../src/core/errors.ts';

test('the WASM kernel declines a product past 2 GiB of memory (offsets beyond 2^31 do not wrap negative)', () => {
  const wasm = wasmBackend();
  const a = new Float32Array(16),
    b = new Float32Array(16),
    c = new Float32Array(16);
  // [90000 x 50] . [50 x 6000]: the output alone is 2.16 GB. The kernel must say no before touching the arrays.
  assert.is(wasm.matmul(a, b, c, 90000, 50, 6000, false, false), false);
  assert.is(wasm.matmulBiasAct?.(a, b, c, 90000, 50, 6000, false, false, null, true), false);
  assert.is(wasm.matmul(a, b, c, 50000, 50000, 2, false, false), false);
  // a product that fits still runs here, and right
  const ones = new Float32Array(64 * 64).fill(1),
    out = new Float32Array(64 * 64);
  assert.ok(wasmBackend({ fma: false }).matmul(ones, ones, out, 64, 64, 64, false, false));
  assert.is(out[0], 64);
});

test('a product whose output cannot be allocated is a ShapeError, not a RangeError', () => {
  const a = zeros([70000, 1]),
    b = zeros([1, 40000]);
  assert.throws(
    () => matmul(a, b),
    (e: unknown) =>
      e instanceof ScikerasError && /cannot allocate 2800000000 float32 values/.test((e as Error).message),
  );
});

test.run();

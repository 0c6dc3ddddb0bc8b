// scikeras-ts/threads: products split across 2 and 3 threads give the bits of one thread (float32,
// against the one-thread WASM kernel of the same build) and of the reference (float64), on odd shapes
// and every transpose; training is unchanged bit for bit; unavailable environments resolve to one
// thread with a reason; a crashed or stuck worker is a ThreadError, never a hang; the process exits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/tensor/rng.ts';
import { allclose } from '../helpers/allclose.ts';
import type { FloatArray } from '../../src/tensor/dtype.ts';
import {
  backendInfo,
  denseChainInto,
  matmulInto,
  matmulBiasActInto,
  typescriptBackend,
} from '../../src/tensor/backend.ts';
import { matmulReference } from '../../src/tensor/kernels/matmul-reference.ts';
import { compileWasmGemm, relaxedSimd, wasmBackendOf } from '../../src/tensor/wasm/index.ts';
import { useSingleThread, useThreads } from '../../src/threads/index.ts';
import { lastPoolControl } from '../../src/threads/pool.ts';
import { CRASH, DIE, SKIP, STALL } from '../../src/threads/protocol.ts';
import { ThreadError, ValueError } from '../../src/core/errors.ts';
import { sequential, layers, Adam } from '../../src/nn/index.ts';
import { Tensor } from '../../src/tensor/index.ts';

const FLAGS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;
// Around the tiles (5 or 6 rows, 8 float32 / 4 float64 columns), the depth block (256) and the split
// unit, with row splits (n <= m) and column splits (n > m), and a single row or column.
const SHAPES = [
  [2, 3, 2],
  [7, 5, 11],
  [13, 9, 1],
  [1, 17, 40],
  [31, 257, 19],
  [19, 33, 67],
  [64, 40, 64],
  [121, 300, 9],
  [6, 513, 250],
] as const;

function randomArray(rng: Rng, n: number, ctor: Float32ArrayConstructor | Float64ArrayConstructor): FloatArray {
  const out = new ctor(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

function sameBits(got: FloatArray, want: FloatArray, msg: string): void {
  assert.is(got.length, want.length, msg);
  for (let i = 0; i < got.length; i++)
    if (!Object.is(got[i], want[i])) assert.unreachable(`${msg}: element ${i}: ${got[i]} vs ${want[i]}`);
}

const one = compileWasmGemm(); // the one-thread kernel with this engine's default fma
const single = typeof one === 'string' ? typescriptBackend : wasmBackendOf(one);

test('useThreads validates its argument and useSingleThread is safe without a pool', async () => {
  useSingleThread();
  for (const bad of [0, 1.5, -2, Number.NaN]) {
    let caught: unknown = null;
    try {
      await useThreads({ threads: bad });
    } catch (e) {
      caught = e;
    }
    assert.ok(
      caught instanceof ValueError && /threads must be an integer >= 1/.test((caught as Error).message),
      `threads ${bad}`,
    );
  }
  assert.equal(await useThreads({ threads: 1 }), { threads: 1 });
  assert.is(backendInfo().threads, 1);
});

for (const threads of [2, 3]) {
  test(`${threads} threads: every product has the bits of one thread (float32) and of the reference (float64)`, async () => {
    if (typeof one === 'string') return;
    const r = await useThreads({ threads, minWork: 1 });
    try {
      assert.equal(r, { threads });
      assert.is(backendInfo().threads, threads);
      assert.is(backendInfo().fma, relaxedSimd());
      const rng = new Rng(threads);
      for (const [m, k, n] of SHAPES) {
        for (const [tA, tB] of FLAGS) {
          const msg = `${threads} threads ${m}x${k}x${n} transA=${tA} transB=${tB}`;
          const a = randomArray(rng, m * k, Float32Array),
            b = randomArray(rng, k * n, Float32Array);
          const got = new Float32Array(m * n).fill(NaN),
            want = new Float32Array(m * n);
          matmulInto(a, b, got, m, k, n, tA, tB);
          if (!single.matmul(a, b, want, m, k, n, tA, tB)) typescriptBackend.matmul(a, b, want, m, k, n, tA, tB);
          sameBits(got, want, `float32 ${msg}`);
          const exact = new Float64Array(m * n);
          matmulReference(Float64Array.from(a), Float64Array.from(b), exact, m, k, n, tA, tB);
          allclose(got, exact, {
            atol: 2 ** -23 * (k * Math.sqrt(k) + 1),
            rtol: 0,
            msg: `float32 against the float64 reference, ${msg}`,
          });
          const a64 = randomArray(rng, m * k, Float64Array),
            b64 = randomArray(rng, k * n, Float64Array);
          const got64 = new Float64Array(m * n).fill(NaN),
            want64 = new Float64Array(m * n);
          matmulInto(a64, b64, got64, m, k, n, tA, tB);
          matmulReference(a64, b64, want64, m, k, n, tA, tB);
          sameBits(got64, want64, `float64 ${msg}`);
        }
      }
    } finally {
      useSingleThread();
    }
    assert.is(backendInfo().threads, 1);
  });
}

test("the dense epilogue and the inference chain split across threads keep one thread's bits", async () => {
  const rng = new Rng(9);
  const m = 97,
    dims = [30, 64, 17, 3];
  const x = randomArray(rng, m * 30, Float32Array);
  const steps = dims.slice(1).map((n, i) => ({
    w: randomArray(rng, (dims[i] as number) * n, Float32Array),
    k: dims[i] as number,
    n,
    bias: randomArray(rng, n, Float32Array),
    relu: i < 2,
  }));
  const run = (): [Float32Array, Float32Array] => {
    const out = new Float32Array(m * 3);
    assert.ok(denseChainInto(x, m, steps, out));
    const fused = new Float32Array(m * 64);
    assert.ok(matmulBiasActInto(x, steps[0]!.w, fused, m, 30, 64, false, false, steps[0]!.bias, true));
    return [out, fused];
  };
  const [chain1, fused1] = run();
  await useThreads({ threads: 2, minWork: 1 });
  try {
    const [chain2, fused2] = run();
    sameBits(chain2, chain1, 'denseChain');
    sameBits(fused2, fused1, 'matmulBiasAct');
  } finally {
    useSingleThread();
  }
});

test('training with threads on gives the same weights, bit for bit, as one thread', async () => {
  const rng = new Rng(2);
  const x = new Tensor(randomArray(rng, 256 * 40, Float32Array), [256, 40]);
  const y = new Tensor(
    Float32Array.from({ length: 256 }, (_, i) => i % 3),
    [256],
  );
  const fit = (): Float32Array[] => {
    const model = sequential(
      [
        layers.dense({ units: 64, activation: 'relu', inputShape: [40] }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
      { seed: 4 },
    );
    model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: new Adam({ learningRate: 0.01 }) });
    model.fit(x, y, { epochs: 3, batchSize: 64, verbose: 0, seed: 1 });
    return model.getWeights().map((w) => Float32Array.from(w.data));
  };
  const single = fit();
  await useThreads({ threads: 2, minWork: 1 });
  let threaded: Float32Array[];
  try {
    threaded = fit();
  } finally {
    useSingleThread();
  }
  single.forEach((w, i) => sameBits(threaded[i] as Float32Array, w, `weight ${i}`));
});

test('no SharedArrayBuffer (a page without cross-origin isolation) or no WebAssembly: one thread and the reason, no throw', async () => {
  const g = globalThis as Record<string, unknown>;
  for (const name of ['SharedArrayBuffer', 'WebAssembly']) {
    const saved = Object.getOwnPropertyDescriptor(g, name);
    Object.defineProperty(g, name, { value: undefined, configurable: true, writable: true });
    let r;
    try {
      r = await useThreads({ threads: 2 });
    } finally {
      if (saved !== undefined) Object.defineProperty(g, name, saved);
    }
    assert.is(r.threads, 1, name);
    assert.match(
      r.reason ?? '',
      name === 'WebAssembly' ? /WebAssembly is not available/ : /SharedArrayBuffer is unavailable/,
    );
    assert.is(backendInfo().threads, 1);
  }
});

test('a panel that throws in a worker is a ThreadError naming it; products then run on one thread', async () => {
  await useThreads({ threads: 2, minWork: 1 });
  const ctl = lastPoolControl() as Int32Array;
  const [m, k, n] = [40, 30, 20];
  const a = new Float32Array(m * k).fill(1),
    b = new Float32Array(k * n).fill(1),
    c = new Float32Array(m * n);
  ctl[SKIP] = 1;
  ctl[CRASH] = 1;
  assert.throws(
    () => matmulInto(a, b, c, m, k, n, false, false),
    (e: unknown) =>
      e instanceof ThreadError && /worker 1 failed a panel: Error: panel failed on purpose/.test((e as Error).message),
  );
  assert.is(backendInfo().threads, 1);
  matmulInto(a, b, c, m, k, n, false, false);
  assert.ok(c.every((v) => v === k));
  useSingleThread();
});

test('a worker that stops answering mid-panel is a ThreadError after timeoutMs, not a hang', async () => {
  await useThreads({ threads: 2, minWork: 1, timeoutMs: 300 });
  const ctl = lastPoolControl() as Int32Array;
  const a = new Float64Array(60 * 60).fill(1),
    c = new Float64Array(60 * 60);
  ctl[SKIP] = 1;
  ctl[STALL] = 1;
  const t0 = Date.now();
  assert.throws(
    () => matmulInto(a, a, c, 60, 60, 60, false, false),
    (e: unknown) => e instanceof ThreadError && /finished no panel for 300 ms/.test((e as Error).message),
  );
  assert.ok(Date.now() - t0 < 5000);
  assert.is(backendInfo().threads, 1);
  useSingleThread();
});

test('a worker that dies between products makes the next product a ThreadError; the pool is then gone', async () => {
  await useThreads({ threads: 2, minWork: 1 });
  const ctl = lastPoolControl() as Int32Array;
  const a = new Float32Array(50 * 50).fill(1),
    c = new Float32Array(50 * 50);
  ctl[DIE] = 1;
  matmulInto(a, a, c, 50, 50, 50, false, false); // the worker wakes and dies; this thread does every panel
  assert.ok(c.every((v) => v === 50));
  await new Promise((r) => setTimeout(r, 200)); // the worker's error event
  assert.throws(
    () => matmulInto(a, a, c, 50, 50, 50, false, false),
    (e: unknown) => e instanceof ThreadError && /died on purpose/.test((e as Error).message),
  );
  assert.is(backendInfo().threads, 1);
  useSingleThread();
});

test('concurrent useThreads calls run one after the other; the last pool wins', async () => {
  const [a, b] = await Promise.all([useThreads({ threads: 2 }), useThreads({ threads: 3 })]);
  assert.equal([a, b], [{ threads: 2 }, { threads: 3 }]);
  assert.is(backendInfo().threads, 3);
  useSingleThread();
  assert.is(backendInfo().threads, 1);
});

test("a process that leaves its pool running exits once its work is done (unref'd workers)", () => {
  const script = `
    import { useThreads } from ${JSON.stringify(fileURLToPath(new URL('../../src/threads/index.ts', import.meta.url)))};
    import { matmulInto } from ${JSON.stringify(fileURLToPath(new URL('../../src/tensor/index.ts', import.meta.url)))};
    const r = await useThreads({ threads: 3, minWork: 1 });
    const a = new Float32Array(90 * 90).fill(1), c = new Float32Array(90 * 90);
    matmulInto(a, a, c, 90, 90, 90, false, false);
    console.log(JSON.stringify({ threads: r.threads, c0: c[0] }));
  `;
  const t0 = Date.now();
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.is(out.status, 0, `${out.stdout}${out.stderr}`);
  assert.equal(JSON.parse(out.stdout.trim()), { threads: 3, c0: 90 });
  assert.ok(Date.now() - t0 < 30000, 'the child took too long to exit');
});

test.run();

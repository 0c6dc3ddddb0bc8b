// The opt-in gpu.js backend: every mode that runs here against the float64
// reference, modes that cannot run, gpu.js missing, 'auto' guards, and an MLP trained through it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useGpu, useCpu, backendInfo, DEFAULT_THRESHOLDS } from '../../src/gpu/index.ts';
import { gpuStats, useGpuWith } from '../../src/gpu/backend.ts';
import { MatmulKernels, copyRows4 } from '../../src/gpu/kernels.ts';
import { BackendUnavailableError, ValueError } from '../../src/core/errors.ts';
import { matmulInto } from '../../src/tensor/index.ts';
import { matmulReference } from '../../src/tensor/kernels/matmul-reference.ts';
import { sequential, layers, type Sequential } from '../../src/nn/index.ts';
import { argmax } from '../../src/tensor/index.ts';
import { allclose } from '../helpers/allclose.ts';
import { loadCsv, splitEveryFourth, standardize } from '../helpers/data.ts';

const CPU_BACKENDS = ['wasm', 'typescript'];

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1);
}

// Shapes with partial 4-row groups, single rows/columns, and K > 1000 (gpu.js
// silently caps a loop bounded by an argument at 1000 iterations; ours are constants).
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [2, 5, 3],
  [4, 8, 4],
  [5, 3, 7],
  [13, 17, 5],
  [33, 64, 31],
  [7, 1003, 9],
];
const COMBOS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** Runs C = op(A).op(B) through matmulInto and checks it against the float64 reference to float32 rounding. */
function checkProduct(m: number, k: number, n: number, tA: boolean, tB: boolean, label: string): void {
  const a = rand(m * k, m * 1000 + k),
    b = rand(k * n, n * 7 + k);
  const c = new Float32Array(m * n).fill(NaN);
  matmulInto(a, b, c, m, k, n, tA, tB);
  const ref = new Float64Array(m * n);
  matmulReference(Float64Array.from(a), Float64Array.from(b), ref, m, k, n, tA, tB);
  // |fl(sum) - sum| <= (k + 1) u sum |a||b| for a float32 dot product; bound it by the largest |A||B| entry.
  const abs = new Float64Array(m * n);
  matmulReference(Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), abs, m, k, n, tA, tB);
  const scale = Math.max(...abs);
  allclose(c, ref, {
    rtol: 0,
    atol: (k + 2) * 2 ** -24 * scale,
    msg: `${label} matmul ${m}x${k}.${k}x${n} transA=${tA} transB=${tB}`,
  });
}

test('gpu.js missing: the error says npm install gpu.js, and nothing changes', async () => {
  useCpu();
  const before = backendInfo();
  const missing = Object.assign(
    new Error("Cannot find package 'gpu.js' imported from /app/node_modules/scikeras-ts/dist/gpu/backend.js"),
    { code: 'ERR_MODULE_NOT_FOUND' },
  );
  for (const loader of [
    () => Promise.reject(missing),
    () => Promise.reject(new TypeError('Failed to resolve module specifier "gpu.js"')),
    () => Promise.reject(new Error('boom')),
  ]) {
    try {
      await useGpuWith(loader, { mode: 'webasm' });
      assert.unreachable('useGpu should have thrown');
    } catch (err) {
      assert.instance(err, BackendUnavailableError);
      assert.match((err as Error).message, /npm install gpu\.js/);
    }
  }
  try {
    await useGpuWith(() => Promise.reject(missing));
    assert.unreachable('useGpu should have thrown');
  } catch (err) {
    assert.match((err as Error).message, /gpu\.js is not installed.*`npm install gpu\.js`/);
  }
  try {
    await useGpuWith(() => Promise.resolve({ default: {} }));
    assert.unreachable('useGpu should have thrown');
  } catch (err) {
    assert.match((err as Error).message, /exports no GPU class.*npm install gpu\.js/);
  }
  assert.equal(backendInfo(), before);
});

test('options are checked: unknown mode, bad threshold, unknown key', async () => {
  const bad: unknown[] = [
    { mode: 'webgpu' },
    { mode: 'gpu' },
    { threshold: -1 },
    { threshold: Number.NaN },
    { threshold: '5' },
    { treshold: 5 },
    null,
  ];
  for (const options of bad) {
    try {
      await useGpu(options as never);
      assert.unreachable(`useGpu(${JSON.stringify(options)}) should have thrown`);
    } catch (err) {
      assert.instance(err, ValueError, String(err));
      assert.match((err as Error).message, /^useGpu: /);
    }
  }
});

test('a mode that cannot run here throws naming the mode and the reason', async () => {
  useCpu();
  const cases: [string, RegExp][] = [
    ['webgl2', /mode 'webgl2' cannot run here: WebGL needs a browser/],
    ['webgl', /mode 'webgl' cannot run here: WebGL needs a browser/],
    // gpu.js is installed with --omit=optional here, so its native 'gl' is absent
    [
      'headlessgl',
      /mode 'headlessgl' cannot run here: gpu\.js could not create a headless-gl context: the optional native package 'gl'/,
    ],
  ];
  for (const [mode, message] of cases) {
    try {
      await useGpu({ mode: mode as 'webgl2' });
      assert.unreachable(`mode ${mode} should have thrown`);
    } catch (err) {
      assert.instance(err, BackendUnavailableError);
      assert.match((err as Error).message, message);
    }
    assert.ok(CPU_BACKENDS.includes(backendInfo().backend), `${mode}: still on the CPU`);
  }
});

for (const mode of ['webasm', 'cpu'] as const) {
  test(`${mode}: all four transpose combinations agree with the float64 reference`, async () => {
    const info = await useGpu({ mode, threshold: 0 });
    assert.equal(info, { backend: 'gpu.js', mode, threshold: 0 });
    for (const [m, k, n] of SHAPES) for (const [tA, tB] of COMBOS) checkProduct(m, k, n, tA, tB, mode);
    const stats = gpuStats();
    assert.is(stats?.mode, mode);
    assert.is(stats?.products, SHAPES.length * COMBOS.length, 'every product went to gpu.js');
    assert.is(stats?.kernels, SHAPES.length * COMBOS.length, 'one kernel per shape and transpose combination');
    checkProduct(33, 64, 31, true, false, mode);
    assert.is(gpuStats()?.kernels, SHAPES.length * COMBOS.length, 'a repeated shape reuses its kernel');
    useCpu();
  });
}

test('products below the threshold, float64 and empty products stay on the CPU', async () => {
  await useGpu({ mode: 'webasm', threshold: 1000 });
  assert.is(backendInfo().threshold, 1000);
  checkProduct(9, 10, 11, false, false, 'below threshold');
  assert.is(gpuStats()?.products, 0);
  checkProduct(10, 10, 10, false, true, 'at threshold');
  assert.is(gpuStats()?.products, 1);
  const a = Float64Array.from(rand(400, 1)),
    b = Float64Array.from(rand(400, 2)),
    c = new Float64Array(400),
    ref = new Float64Array(400);
  matmulInto(a, b, c, 20, 20, 20, false, false);
  matmulReference(a, b, ref, 20, 20, 20, false, false);
  allclose(c, ref, { rtol: 1e-12, atol: 1e-12, msg: 'float64 product' });
  matmulInto(new Float32Array(0), new Float32Array(0), new Float32Array(0), 0, 5, 0, false, false);
  assert.is(gpuStats()?.products, 1, 'float64 and empty products declined');
  useCpu();
});

test('default thresholds: webasm and cpu never beat the CPU kernels here', async () => {
  assert.is(DEFAULT_THRESHOLDS.webasm, Number.POSITIVE_INFINITY);
  assert.is(DEFAULT_THRESHOLDS.cpu, Number.POSITIVE_INFINITY);
  assert.equal(await useGpu({ mode: 'webasm' }), {
    backend: 'gpu.js',
    mode: 'webasm',
    threshold: Number.POSITIVE_INFINITY,
  });
  checkProduct(64, 64, 64, false, false, 'default threshold');
  assert.is(gpuStats()?.products, 0);
  useCpu();
});

test('auto picks webasm here, and never a software or unnamed headless-gl renderer', async () => {
  const real = (await import('gpu.js')) as unknown as { GPU: new (s: { mode: string }) => object } & Record<
    string,
    unknown
  >;
  assert.equal(await useGpu({ threshold: 0 }), { backend: 'gpu.js', mode: 'webasm', threshold: 0 });
  // gpu.js's own auto order puts headlessgl first; simulate 'gl' present with a given renderer.
  const withGl = (renderer: string | null): unknown => {
    class GPU extends real.GPU {
      static get isHeadlessGLSupported(): boolean {
        return true;
      }
    }
    const testContext = { getExtension: () => null, getParameter: () => renderer };
    return { ...real, GPU, HeadlessGLKernel: { testContext } };
  };
  for (const renderer of ['ANGLE (Mesa, llvmpipe (LLVM 15.0.6, 256 bits))', 'Google SwiftShader', null]) {
    const info = await useGpuWith(() => Promise.resolve(withGl(renderer)), { mode: 'auto', threshold: 0 });
    assert.is(info.mode, 'webasm', `renderer ${renderer}`);
  }
  // A hardware renderer is tried first; here gpu.js then cannot build it, so auto goes on to webasm.
  assert.is(
    (await useGpuWith(() => Promise.resolve(withGl('NVIDIA GeForce RTX 4090')), { threshold: 0 })).mode,
    'webasm',
  );
  checkProduct(6, 5, 4, true, true, 'auto');
  assert.is(gpuStats()?.products, 1);
  useCpu();
});

test('useCpu restores the CPU backend and drops the kernels; a later useCpu wins over a pending useGpu', async () => {
  await useGpu({ mode: 'webasm', threshold: 0 });
  checkProduct(8, 8, 8, false, false, 'before useCpu');
  const info = useCpu();
  assert.ok(CPU_BACKENDS.includes(info.backend), info.backend);
  assert.is(info.mode, null);
  assert.is(info.threshold, null);
  assert.equal(backendInfo(), info);
  assert.is(gpuStats(), null);
  const pending = useGpu({ mode: 'webasm', threshold: 0 });
  useCpu();
  assert.ok(CPU_BACKENDS.includes((await pending).backend), 'the pending useGpu was superseded');
  assert.is(gpuStats(), null);
});

test('the kernel cache is bounded and copyRows4 handles non-contiguous results', async () => {
  const { GPU } = (await import('gpu.js')) as unknown as {
    GPU: new (s: { mode: string }) => { createKernel: never; destroy(): unknown };
  };
  const gpu = new GPU({ mode: 'webasm' });
  const kernels = new MatmulKernels(gpu as never, 'webasm', 'rows4', 2);
  const c = new Float32Array(64);
  for (const n of [2, 3, 4, 3]) kernels.run(rand(4 * 5, n), rand(5 * n, n), c, 4, 5, n, false, false);
  assert.equal(kernels.shapes(), ['4x5x4NN', '4x5x3NN']);
  kernels.destroy();
  assert.is(kernels.size, 0);
  await gpu.destroy();
  // The generic path (gpu.js cpu mode: one Float32Array(4) per cell).
  const out = [
    [Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8)],
    [Float32Array.of(9, 10, 11, 12), Float32Array.of(13, 14, 15, 16)],
  ];
  const d = new Float32Array(10);
  copyRows4(out, d, 5, 2);
  assert.equal(Array.from(d), [1, 5, 2, 6, 3, 7, 4, 8, 9, 13]);
});

const iris = splitEveryFourth(loadCsv('iris'));
const [Xtr, Xte] = standardize(iris.Xtr, iris.Xte) as [number[][], number[][]];

function trainIris(): { acc: number; loss: number } {
  const m: Sequential = sequential(
    [
      layers.input({ shape: [4] }),
      layers.dense({ units: 16, activation: 'relu' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
    { seed: 0 },
  );
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const h = m.fit(Xtr, iris.ytr, { epochs: 30, batchSize: 16, verbose: 0 });
  const p = argmax(m.predict(Xte));
  let ok = 0;
  p.data.forEach((v, i) => (ok += v === iris.yte[i] ? 1 : 0));
  return { acc: ok / iris.yte.length, loss: h.history.loss?.at(-1) as number };
}

test('an MLP trained through gpu.js (webasm, cpu) matches the CPU run', async () => {
  useCpu();
  const cpu = trainIris();
  assert.ok(cpu.acc >= 0.8, `the CPU run learned (${cpu.acc})`);
  for (const mode of ['webasm', 'cpu'] as const) {
    await useGpu({ mode, threshold: 0 });
    const gpu = trainIris();
    const stats = gpuStats();
    useCpu();
    console.log(
      `  iris, 30 epochs: CPU kernels acc ${cpu.acc.toFixed(4)} loss ${cpu.loss.toFixed(5)}; gpu.js ${mode} acc ${gpu.acc.toFixed(4)} loss ${gpu.loss.toFixed(5)} (${stats?.products} products, ${stats?.kernels} kernels)`,
    );
    // forward x.W (NN), dW = x^T.dY (TN) and dX = dY.W^T (NT) all ran on gpu.js
    for (const combo of ['NN', 'TN', 'NT'])
      assert.ok(
        stats?.shapes.some((s) => s.endsWith(combo)),
        `${mode}: ${combo} products went to gpu.js: ${stats?.shapes.join(' ')}`,
      );
    assert.ok(Math.abs(gpu.acc - cpu.acc) <= 0.06, `${mode}: accuracy ${gpu.acc} vs ${cpu.acc}`);
    assert.ok(
      Math.abs(gpu.loss - cpu.loss) <= 1e-3 * Math.max(1, cpu.loss),
      `${mode}: loss ${gpu.loss} vs ${cpu.loss}`,
    );
  }
});

test.run();
